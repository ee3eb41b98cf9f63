import fc from 'fast-check';
import { chiSquareLogSurvival, chiSquareSurvival } from './chi-square-distribution';
import { CompensatedSum } from './compensated-sum';
import { incompleteGamma } from './incomplete-gamma';
import { kolmogorovSurvival } from './kolmogorov';
import { kolmogorovFiniteSurvival } from './kolmogorov-finite';
import { ksTwoSampleExactSurvival } from './ks-two-sample-exact';
import { logBinomialCoefficient, logGamma } from './log-gamma';
import { smirnovSurvival } from './smirnov';

/** Share of the C(n+m, n) orders of two samples whose KS statistic reaches h/lcm, by enumeration. */
function enumeratedTail(n: number, m: number, h: number): number {
  const divisor = gcd(n, m);
  let reaching = 0;
  let total = 0;
  const visit = (i: number, j: number, reached: boolean): void => {
    const here = reached || Math.abs(i * (m / divisor) - j * (n / divisor)) >= h;
    if (i === n && j === m) {
      total += 1;
      reaching += here ? 1 : 0;
      return;
    }
    if (i < n) {
      visit(i + 1, j, here);
    }
    if (j < m) {
      visit(i, j + 1, here);
    }
  };
  visit(0, 0, false);
  return reaching / total;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

describe('ksTwoSampleExactSurvival', () => {
  it('equals enumeration of every order for small samples', () => {
    for (let n = 1; n <= 7; n += 1) {
      for (let m = 1; m <= 7; m += 1) {
        const lcm = (n * m) / gcd(n, m);
        for (let h = 1; h <= lcm; h += 1) {
          const tail = ksTwoSampleExactSurvival(n, m, h);
          const expected = enumeratedTail(n, m, h);
          if (tail.withinUnitInterval) {
            expect(Math.abs(tail.probability - expected)).toBeLessThanOrEqual(1e-14);
          } else {
            expect(expected).toBe(1);
          }
        }
      }
    }
  });

  it('gives 2/C(n+m, n) at complete separation, in log space past the double range', () => {
    for (const [n, m] of [
      [1, 1],
      [3, 8],
      [50, 50],
      [700, 900],
      [2000, 2000],
      [1500, 2500],
    ]) {
      const tail = ksTwoSampleExactSurvival(n, m, (n * m) / gcd(n, m));
      const expected = Math.LN2 - logBinomialCoefficient(n + m, n);
      expect(Math.abs(tail.logProbability - expected)).toBeLessThanOrEqual(
        1e-10 * Math.abs(expected) + 1e-15,
      );
    }
  });

  it('terminates with p = 1 when the band is empty', () => {
    expect(ksTwoSampleExactSurvival(1, 2, 1).probability).toBe(1);
    expect(ksTwoSampleExactSurvival(3, 5, 0).probability).toBe(1);
  });
});

describe('incompleteGamma', () => {
  it('splits 1 into its two tails', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (a, x) => {
          const { lower, upper, logUpper } = incompleteGamma(a, x);

          expect(Math.abs(lower + upper - 1)).toBeLessThanOrEqual(1e-14);
          expect(upper).toBeGreaterThanOrEqual(0);
          expect(logUpper).toBeLessThanOrEqual(0);
          expect(Number.isNaN(logUpper)).toBe(false);
        },
      ),
    );
  });

  it('rejects a non-positive shape', () => {
    expect(() => incompleteGamma(0, 1)).toThrow(/a=0/);
  });
});

describe('chi-square tail', () => {
  it('decreases in the statistic and keeps a finite log', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (dof, statistic) => {
          const log = chiSquareLogSurvival(statistic, dof);

          expect(Number.isFinite(log)).toBe(true);
          expect(chiSquareSurvival(statistic * 1.5 + 1, dof)).toBeLessThanOrEqual(
            chiSquareSurvival(statistic, dof),
          );
        },
      ),
    );
  });
});

describe('logGamma', () => {
  it('satisfies ln Γ(x + 1) = ln Γ(x) + ln x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), (x) => {
        const gap = logGamma(x + 1) - logGamma(x) - Math.log(x);
        expect(Math.abs(gap)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(logGamma(x + 1))));
      }),
    );
  });
});

describe('Kolmogorov tails', () => {
  it('decrease in x for every sample size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (n, x) => {
        const atX = kolmogorovFiniteSurvival(n, x);
        const further = kolmogorovFiniteSurvival(n, Math.min(1, x + 0.01));

        expect(atX.probability).toBeGreaterThanOrEqual(0);
        expect(atX.probability).toBeLessThanOrEqual(1);
        expect(further.probability).toBeLessThanOrEqual(atX.probability + 1e-12);
      }),
    );
  });

  it('match the exact n = 1 and limit values', () => {
    expect(kolmogorovFiniteSurvival(1, 0.7).probability).toBeCloseTo(0.6, 15);
    expect(smirnovSurvival(1, 0.25).probability).toBe(0.75);
    expect(kolmogorovSurvival(0).probability).toBe(1);
  });
});

describe('CompensatedSum', () => {
  it('recovers terms lost by plain addition', () => {
    const sum = new CompensatedSum();
    for (const term of [1e16, 1, -1e16, 1]) {
      sum.add(term);
    }
    expect(sum.value()).toBe(2);
  });
});
