import {
  chiSquareHomogeneity,
  chiSquareLogSurvival,
  chiSquareSurvival,
} from '../../src/detectors/chi-square';
import { hellingerDistance } from '../../src/detectors/hellinger';
import { jensenShannonDistance } from '../../src/detectors/jensen-shannon';
import { ksTwoSample } from '../../src/detectors/ks';
import { populationStabilityIndex } from '../../src/detectors/psi';
import { normalizedWasserstein } from '../../src/detectors/wasserstein';
import { isDriftwatchError } from '../../src/errors';
import { kolmogorovSurvival } from '../../src/statistics/special/kolmogorov';

/**
 * Known failure modes of drift monitors, each with reference numbers from scipy 1.17.1 or exact
 * arithmetic (mpmath, rationals). Each block checks the whole class of fault, not only one input.
 */

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Number.isNaN(actual)).toBe(false);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

function range(start: number, size: number): Float64Array {
  const values = new Float64Array(size);
  for (let i = 0; i < size; i += 1) {
    values[i] = start + i;
  }
  return values;
}

/** Counts per equal-width bin on [0, upper) with numpy.histogram's left-closed rule (integer data). */
function equalWidthCounts(values: Float64Array, upper: number, binCount: number): number[] {
  const counts = new Array<number>(binCount).fill(0);
  const width = upper / binCount;
  for (const value of values) {
    counts[Math.min(binCount - 1, Math.floor(value / width))] += 1;
  }
  return counts;
}

describe('PSI with an empty bin', () => {
  // reference 1..10 and current [1, 2, 2, 3, 5, 6] in bins [0.5, 3.5), [3.5, 6.5), [6.5, 10.5].
  const reference = [3, 3, 4];
  const current = [4, 2, 0];

  it('is infinite without smoothing, never NaN', () => {
    const result = populationStabilityIndex(reference, current, { epsilon: 0 });

    expect(result.statistic).toBe(Number.POSITIVE_INFINITY);
    expect(result.zeroProportionBins).toEqual([2]);
  });

  it('uses epsilon 1e-4 on zero proportions without renormalization', () => {
    const result = populationStabilityIndex(reference, current);

    expectRelative(result.statistic, 3.6130886235452446, 1e-12);
    [0.29278616, 0.00351202, 3.31679045].forEach((term, bin) => {
      expect(Math.abs(result.terms[bin] - term)).toBeLessThanOrEqual(5e-9);
    });
    expect(result.terms[2] / result.statistic).toBeGreaterThan(0.9);
  });
});

describe('chi-square with a vanished or a new category', () => {
  it('gives the homogeneity values in both directions', () => {
    const vanished = chiSquareHomogeneity([5, 5, 5], [8, 3, 0]);
    const appeared = chiSquareHomogeneity([5, 5, 0], [8, 3, 5]);

    expectRelative(vanished.statistic, 5.712121212121213, 1e-12);
    expectRelative(vanished.pValue, 0.05749480942859062, 1e-9);
    expect(vanished.dof).toBe(2);
    expectRelative(appeared.statistic, 5.078125, 1e-12);
    expectRelative(appeared.pValue, 0.07894037170939774, 1e-9);
    expect(appeared.dof).toBe(2);
  });

  it('does not depend on which side lost the category', () => {
    expect(chiSquareHomogeneity([8, 3, 0], [5, 5, 5])).toEqual(chiSquareHomogeneity([5, 5, 5], [8, 3, 0]));
    expect(chiSquareHomogeneity([8, 3, 5], [5, 5, 0])).toEqual(chiSquareHomogeneity([5, 5, 0], [8, 3, 5]));
  });
});

describe('chi-square with a single category', () => {
  it('returns p = 1 and dof 0 for equal and unequal totals', () => {
    for (const current of [[50], [10]]) {
      const result = chiSquareHomogeneity([50], current);

      expect(result.statistic).toBe(0);
      expect(result.pValue).toBe(1);
      expect(result.dof).toBe(0);
      expect(result.pValue < 0.05).toBe(false);
    }
  });
});

describe('Jensen-Shannon log base', () => {
  const pairs: [number[], number[], number, number][] = [
    [[1, 0], [0, 1], 1.0, 1.0],
    [[0.5, 0.5, 0], [0, 0.5, 0.5], Math.SQRT1_2, 0.5],
    [[0.7, 0.2, 0.1], [0.1, 0.2, 0.7], 0.6042751405116075, 0.36514844544032293],
  ];

  it.each(pairs)('reports the base-2 distance for %j vs %j', (p, q, distance, divergence) => {
    const result = jensenShannonDistance(p, q);

    expectRelative(result.statistic, distance, 1e-12);
    expectRelative(result.divergence, divergence, 1e-12);
    expect(result.statistic).toBeLessThanOrEqual(1);
  });
});

describe('KS with missing values and infinities', () => {
  const x = [1, 2, 3, 4];
  const yWithoutMissing = [3, 6, 7, 8, 9, 3, 2, 1, 4, 4, 5];

  it('tests the values left after dropping the missing one', () => {
    const exact = ksTwoSample(x, yWithoutMissing);
    const asymp = ksTwoSample(x, yWithoutMissing, { method: 'asymp' });

    expect(exact.statistic).toBe(5 / 11);
    expectRelative(exact.pValue, 0.4937728937728937, 1e-9);
    expectRelative(asymp.statistic, 0.45454545454545453, 1e-12);
    expectRelative(asymp.pValue, 0.4465314300025043, 1e-6);
  });

  it('rejects NaN and infinities instead of sorting them', () => {
    expect(() => ksTwoSample(x, [...yWithoutMissing, Number.NaN])).toThrow(/NaN at index 11/);
    expect(() => ksTwoSample(x, [...yWithoutMissing, Number.POSITIVE_INFINITY])).toThrow(
      /Infinity at index 11/,
    );
  });

  it('rejects an all-missing window with INPUT_INVALID', () => {
    let caught: unknown;
    try {
      ksTwoSample(x, []);
    } catch (error) {
      caught = error;
    }
    expect(isDriftwatchError(caught, 'INPUT_INVALID')).toBe(true);
    expect(String(caught)).toMatch(/current sample is empty/);
  });

  it('terminates for one value against two', () => {
    const result = ksTwoSample([1], [1, 2]);

    expect(result.statistic).toBe(0.5);
    expect(result.pValue).toBe(1);
  });
});

describe('KS with heavily tied integers', () => {
  const left = [
    ...new Array(4).fill(2),
    ...new Array(29).fill(3),
    ...new Array(34).fill(4),
    ...new Array(9).fill(5),
    ...new Array(21).fill(6),
    ...new Array(29).fill(7),
  ];
  const right = [
    ...new Array(4).fill(2),
    ...new Array(8).fill(3),
    ...new Array(4).fill(4),
    ...new Array(8).fill(5),
    ...new Array(4).fill(6),
    ...new Array(3).fill(7),
  ];

  it('gives D = 334/1953 and scipy p-values', () => {
    const exact = ksTwoSample(left, right);
    const asymp = ksTwoSample(left, right, { method: 'asymp' });

    expect(exact.statistic).toBe(334 / 1953);
    expectRelative(exact.pValue, 0.4100192837257655, 1e-9);
    expectRelative(asymp.statistic, 0.1710189452124936, 1e-12);
    expectRelative(asymp.pValue, 0.4113969087206525, 1e-6);
  });

  it('gives D = 0 and p = 1 for identical tied windows', () => {
    const window = [...new Array(14).fill(-1), 1, 2, 3, 4, 5, 6];
    const result = ksTwoSample(window, [...window]);

    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
  });
});

describe('KS on tiny windows', () => {
  it.each([
    [[0.2 - 0.1], [0.3 - 0.2], 1],
    [[1, 2], [3, 4], 0.3333333333333333],
    [[1, 2, 3], [4, 5, 6], 0.1],
    [[1, 2, 3, 4], [5, 6, 7, 8], 0.02857142857142857],
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0.007936507936507936],
  ])('gives the exact p-value for %j vs %j', (x, y, pValue) => {
    const result = ksTwoSample(x, y);

    expect(result.method).toBe('exact');
    expect(result.statistic).toBe(1);
    expectRelative(result.pValue, pValue, 1e-12);
  });

  it('never returns NaN under asymp', () => {
    const oneEach = ksTwoSample([0.1], [0.09999999999999998], { method: 'asymp' });

    expect(oneEach.pValue).toBe(1);
    expect(Number.isNaN(ksTwoSample([1, 2], [3, 4], { method: 'asymp' }).pValue)).toBe(false);
  });
});

describe('huge samples with a tiny shift', () => {
  it('matches scipy for one million values shifted by 5000', () => {
    const reference = range(0, 1000000);
    const current = range(5000, 1000000);
    const ks = ksTwoSample(reference, current);
    const wasserstein = normalizedWasserstein(reference, current);
    const psi = populationStabilityIndex(
      equalWidthCounts(reference, 1005000, 10),
      equalWidthCounts(current, 1005000, 10),
    );

    expect(ks.method).toBe('asymp');
    expectRelative(ks.statistic, 0.005, 1e-12);
    expectRelative(ks.pValue, 2.76799176990809e-11, 1e-6);
    expectRelative(wasserstein.distance, 4999.999999997788, 1e-12);
    expectRelative(wasserstein.referenceStd, 288675.1345946685, 1e-12);
    expectRelative(wasserstein.statistic, 0.017320508075689772, 1e-12);
    expectRelative(psi.statistic, 0.000510314800124459, 1e-9);
  });

  it('gives the same effect size and p = 1 for one thousand values', () => {
    const reference = range(0, 1000);
    const current = range(5, 1000);

    expect(ksTwoSample(reference, current).pValue).toBe(1);
    expectRelative(normalizedWasserstein(reference, current).statistic, 0.017320516735949306, 1e-12);
    expectRelative(
      populationStabilityIndex(equalWidthCounts(reference, 1005, 10), equalWidthCounts(current, 1005, 10))
        .statistic,
      0.0005103280988048691,
      1e-9,
    );
  });

  it('matches scipy for one million values shifted by 1000', () => {
    const result = ksTwoSample(range(0, 1000000), range(1000, 1000000));

    expectRelative(result.statistic, 0.001, 1e-12);
    expectRelative(result.pValue, 0.6989801443662994, 1e-6);
  });
});

describe('Hellinger normalization', () => {
  it.each([
    [[0.5, 0.5, 0], [0, 0.5, 0.5], Math.SQRT1_2],
    [[0.7, 0.2, 0.1], [0.1, 0.2, 0.7], 0.5204322605172377],
    [[1, 0], [0, 1], 1.0],
  ])('gives H with the 1/sqrt(2) factor for %j vs %j', (p, q, distance) => {
    expectRelative(hellingerDistance(p, q).statistic, distance, 1e-12);
  });
});

describe('p-values below the double range', () => {
  it('keeps representable chi-square tails positive', () => {
    expectRelative(chiSquareSurvival(121.5, 4), 2.554154630861484e-25, 1e-10);
    expectRelative(chiSquareSurvival(1400, 1), 2.1010145162642176e-306, 1e-10);
    expectRelative(chiSquareLogSurvival(1400, 1), -703.8486181251224, 1e-12);
  });

  it('reports the log where the chi-square tail underflows', () => {
    expect(chiSquareSurvival(2000, 1)).toBe(0);
    expectRelative(chiSquareLogSurvival(2000, 1), -1004.0267419589519, 1e-12);

    const table = chiSquareHomogeneity([100000, 0, 50], [0, 100000, 50]);
    expect(table.pValue).toBe(0);
    expectRelative(table.logPValue, -100000, 1e-12);
  });

  it('reports the KS log p-value for 0..9999 against a shift of 5000', () => {
    const reference = range(0, 10000);
    const current = range(5000, 10000);
    const exact = ksTwoSample(reference, current);
    const asymp = ksTwoSample(reference, current, { method: 'asymp' });

    expect(exact.statistic).toBe(0.5);
    expect(exact.pValue).toBe(0);
    // ln(2 (C(20000, 5000) − 1) / C(20000, 10000)), exact rational arithmetic.
    expectRelative(exact.logPValue, -2615.4037361615087, 1e-12);
    // ln(2 · smirnov(5000, 0.5)) from the Birnbaum–Tingey sum in mpmath.
    expect(asymp.pValue).toBe(0);
    expectRelative(asymp.logPValue, -2661.026295047046, 1e-12);
    // The Kolmogorov limit ln 2 − 2t² with t = D·√(nm/(n+m)).
    expectRelative(kolmogorovSurvival(0.5 * Math.sqrt(5000)).logProbability, -2499.30685281944, 1e-12);
  });
});
