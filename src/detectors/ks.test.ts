import fc from 'fast-check';
import { isDriftwatchError } from '../errors';
import { logBinomialCoefficient } from '../statistics/special/log-gamma';
import { ksTwoSample } from './ks';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(fc.oneof(finite, fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 40 });

/** D by brute force: every pooled value, right-continuous ECDFs. */
function bruteForceStatistic(reference: number[], current: number[]): number {
  let largest = 0;
  for (const value of [...reference, ...current]) {
    const left = reference.filter((x) => x <= value).length / reference.length;
    const right = current.filter((x) => x <= value).length / current.length;
    largest = Math.max(largest, Math.abs(left - right));
  }
  return largest;
}

describe('ksTwoSample', () => {
  it('returns D from right-continuous ECDFs with ties', () => {
    const result = ksTwoSample([1, 2, 2, 3, 3, 3], [2, 3, 3, 4]);

    expect(result.statistic).toBeCloseTo(bruteForceStatistic([1, 2, 2, 3, 3, 3], [2, 3, 3, 4]), 15);
  });

  it('gives the exact p-value 2/C(2k, k) for separated windows', () => {
    const result = ksTwoSample([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);

    expect(result.method).toBe('exact');
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBeCloseTo(2 / 252, 15);
  });

  it('chooses exact up to 10000 values per side and asymp above', () => {
    const ten = Array.from({ length: 10000 }, (_, i) => i);
    const eleven = Array.from({ length: 10001 }, (_, i) => i + 0.5);

    expect(ksTwoSample(ten, ten).method).toBe('exact');
    expect(ksTwoSample(eleven, [1, 2, 3]).method).toBe('asymp');
    expect(ksTwoSample(eleven, [1, 2, 3], { method: 'exact' }).method).toBe('exact');
  });

  it('falls back to asymp like scipy when the exact series leaves [0, 1]', () => {
    const result = ksTwoSample([1, 2, 3, 4, 5, 6, 7], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]);

    expect(result.method).toBe('asymp');
    expect(result.statistic).toBeCloseTo(1 / 7, 15);
    // scipy 1.17.1: ks_2samp(...) warns "Exact calculation unsuccessful" and returns this value.
    expect(Math.abs(result.pValue - 0.9999609537692629)).toBeLessThanOrEqual(1e-12);
  });

  it('returns p = 1 for one value per side under asymp', () => {
    const result = ksTwoSample([1], [2], { method: 'asymp' });

    expect(result.method).toBe('exact');
    expect(result.pValue).toBe(1);
  });

  it('reports the exact 2/C(n+m, n) at D = 1 under asymp', () => {
    const result = ksTwoSample([1, 2], [3, 4, 5], { method: 'asymp' });

    expect(result.statistic).toBe(1);
    expect(result.logPValue).toBeCloseTo(Math.LN2 - logBinomialCoefficient(5, 2), 12);
    expect(result.pValue).toBeCloseTo(0.2, 12);
  });

  it('rejects an empty side and names it', () => {
    expect(() => ksTwoSample([], [1])).toThrow(/reference sample is empty/);
    expect(() => ksTwoSample([1], [])).toThrow(/current sample is empty/);
    try {
      ksTwoSample([1], []);
    } catch (error) {
      expect(isDriftwatchError(error, 'INPUT_INVALID')).toBe(true);
    }
  });

  it('rejects NaN and infinities', () => {
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(/reference sample holds NaN at index 1/);
    expect(() => ksTwoSample([1], [Number.POSITIVE_INFINITY])).toThrow(/current sample holds Infinity/);
  });

  it('rejects an unknown method', () => {
    expect(() => ksTwoSample([1], [2], { method: 'permutation' as 'auto' })).toThrow(
      /use 'auto', 'exact' or 'asymp'/,
    );
  });

  it('gives swapped sizes the same bits at complete separation', () => {
    const forward = ksTwoSample([-1, -5e-324, -5e-324], [0, 0, 0, 0, 0], { method: 'asymp' });
    const backward = ksTwoSample([0, 0, 0, 0, 0], [-1, -5e-324, -5e-324], { method: 'asymp' });

    expect(backward).toEqual(forward);
    expect(forward.pValue).toBeCloseTo(2 / 56, 15);
  });

  it('is symmetric, order-free and never NaN', () => {
    fc.assert(
      fc.property(
        sample,
        sample,
        fc.constantFrom<'auto' | 'asymp'>('auto', 'asymp'),
        (reference, current, method) => {
          const forward = ksTwoSample(reference, current, { method });
          const backward = ksTwoSample(current, reference, { method });
          const shuffled = ksTwoSample([...reference].reverse(), [...current].reverse(), { method });

          expect(backward).toEqual(forward);
          expect(shuffled).toEqual(forward);
          expect(forward.pValue).toBeGreaterThanOrEqual(0);
          expect(forward.pValue).toBeLessThanOrEqual(1);
          expect(Number.isFinite(forward.logPValue)).toBe(true);
          expect(forward.logPValue).toBeLessThanOrEqual(0);
          expect(Math.abs(forward.statistic - bruteForceStatistic(reference, current))).toBeLessThanOrEqual(
            1e-15,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
