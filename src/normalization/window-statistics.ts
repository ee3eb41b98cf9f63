import { exactSum } from './exact-sum';

/**
 * Largest magnitude accepted as a value. Larger values are counted as invalid and left out, so that
 * squared deviations and their sums stay far from overflow (the largest double is about 1.8e308).
 */
export const MAX_ABS_VALUE = 1e100;

/**
 * Statistics of the usable values of one window. Variances are of the values, in squared units of the
 * feature.
 */
export interface WindowStatistics {
  /** Usable values: finite numbers with |x| <= MAX_ABS_VALUE. */
  count: number;
  /** Values left out: NaN and null (missing) plus the invalid ones. */
  missingCount: number;
  /** Subset of `missingCount` that was present but unusable: ±Infinity or |x| > MAX_ABS_VALUE. */
  invalidCount: number;
  /** Mean of the usable values, or null when `count` is 0. */
  mean: number | null;
  /** Biased (population, divisor n) variance, or null when `count` is 0; 0 when `count` is 1. */
  biasedVariance: number | null;
  /** Unbiased (sample, divisor n − 1) variance, or null when `count` is below 2. */
  unbiasedVariance: number | null;
}

/**
 * Returns true when `value` is a number that enters statistics: finite with |x| <= MAX_ABS_VALUE.
 */
export function isUsableValue(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_ABS_VALUE;
}

/** Returns true for the markers of a missing value: NaN, null and undefined. */
export function isMissingValue(value: number | null | undefined): boolean {
  return value === null || value === undefined || Number.isNaN(value);
}

/**
 * Computes the count, mean and both variances of one window in two passes: the mean first, then the
 * sum of squared deviations from it. Both sums are exact sums rounded once (see `exactSum`), so no
 * cancellation occurs for values near 1e9 with a small spread, where the one-pass formula
 * E[x²] − E[x]² loses every digit.
 *
 * NaN and null count as missing. ±Infinity and values with |x| > MAX_ABS_VALUE count as invalid
 * (and as missing). Neither enters any statistic.
 */
export function computeWindowStatistics(values: ArrayLike<number | null>): WindowStatistics {
  const usable: number[] = [];
  let missingCount = 0;
  let invalidCount = 0;

  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (isUsableValue(value)) {
      usable.push(value);
    } else {
      missingCount += 1;
      if (!isMissingValue(value)) {
        invalidCount += 1;
      }
    }
  }

  const count = usable.length;
  if (count === 0) {
    return { count, missingCount, invalidCount, mean: null, biasedVariance: null, unbiasedVariance: null };
  }

  const mean = exactSum(usable) / count;
  const squaredDeviations = usable.map((value) => {
    const deviation = value - mean;
    return deviation * deviation;
  });
  const sumOfSquares = exactSum(squaredDeviations);

  return {
    count,
    missingCount,
    invalidCount,
    mean,
    biasedVariance: sumOfSquares / count,
    unbiasedVariance: count >= 2 ? sumOfSquares / (count - 1) : null,
  };
}
