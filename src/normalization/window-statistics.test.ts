import { computeWindowStatistics, isMissingValue, isUsableValue, MAX_ABS_VALUE } from './window-statistics';

describe('computeWindowStatistics', () => {
  it('computes mean and both variances', () => {
    const statistics = computeWindowStatistics([2, 4, 4, 4, 5, 5, 7, 9]);

    expect(statistics).toEqual({
      count: 8,
      missingCount: 0,
      invalidCount: 0,
      mean: 5,
      biasedVariance: 4,
      unbiasedVariance: 32 / 7,
    });
  });

  it('keeps full precision near 1e9 with a small spread', () => {
    const values = [1e9 - 1e-3, 1e9, 1e9 + 1e-3];
    const spacing = values[2] - values[1];
    const exactVariance = (2 * spacing * spacing) / 3;
    const statistics = computeWindowStatistics(values);

    expect(statistics.mean).toBe(1e9);
    expect(Math.abs((statistics.biasedVariance ?? 0) - exactVariance)).toBeLessThan(1e-12 * exactVariance);
    // The one-pass formula E[x²] − E[x]² loses every digit at this magnitude.
    const onePassVariance = values.reduce((sum, x) => sum + x * x, 0) / 3 - 1e18;
    expect(Math.abs(onePassVariance - exactVariance)).toBeGreaterThan(0.5 * exactVariance);
  });

  it('leaves missing and invalid values out', () => {
    const statistics = computeWindowStatistics([1, Number.NaN, null, 3, Number.POSITIVE_INFINITY, -2e100]);

    expect(statistics.count).toBe(2);
    expect(statistics.missingCount).toBe(4);
    expect(statistics.invalidCount).toBe(2);
    expect(statistics.mean).toBe(2);
    expect(statistics.biasedVariance).toBe(1);
    expect(statistics.unbiasedVariance).toBe(2);
  });

  it('has no unbiased variance for one value', () => {
    const statistics = computeWindowStatistics(Float64Array.of(3.5));

    expect(statistics.mean).toBe(3.5);
    expect(statistics.biasedVariance).toBe(0);
    expect(statistics.unbiasedVariance).toBeNull();
  });

  it('has no statistics for an empty window', () => {
    expect(computeWindowStatistics([Number.NaN, null])).toEqual({
      count: 0,
      missingCount: 2,
      invalidCount: 0,
      mean: null,
      biasedVariance: null,
      unbiasedVariance: null,
    });
    expect(computeWindowStatistics([]).count).toBe(0);
  });

  it('gives zero variance for a constant window', () => {
    const statistics = computeWindowStatistics([7, 7, 7]);

    expect(statistics.biasedVariance).toBe(0);
    expect(statistics.unbiasedVariance).toBe(0);
  });
});

describe('isUsableValue', () => {
  it('accepts finite numbers up to MAX_ABS_VALUE', () => {
    expect(isUsableValue(0)).toBe(true);
    expect(isUsableValue(-MAX_ABS_VALUE)).toBe(true);
    expect(isUsableValue(MAX_ABS_VALUE * 1.0000001)).toBe(false);
    expect(isUsableValue(Number.NEGATIVE_INFINITY)).toBe(false);
    expect(isUsableValue(Number.NaN)).toBe(false);
    expect(isUsableValue(null)).toBe(false);
  });
});

describe('isMissingValue', () => {
  it('marks NaN, null and undefined', () => {
    expect(isMissingValue(Number.NaN)).toBe(true);
    expect(isMissingValue(null)).toBe(true);
    expect(isMissingValue(undefined)).toBe(true);
    expect(isMissingValue(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isMissingValue(0)).toBe(false);
  });
});
