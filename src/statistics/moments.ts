/**
 * Running count, mean, variance, min and max of a stream of finite numbers, mergeable across
 * windows and partitions.
 *
 * The mean and the sum of squared deviations are kept relative to a pivot (the first value seen).
 * Subtracting the pivot is exact for values within a factor of two of it (Sterbenz lemma), so
 * Welford's update then works on small exact numbers, and values such as 1e15 + (i mod 4) keep
 * their unit spread. Plain Welford on the raw values loses that spread to rounding.
 */
export interface Moments {
  /** Number of values added. */
  count: number;
  /** Shift subtracted from every value before accumulating; 0 while empty. */
  pivot: number;
  /** Mean of (value - pivot). */
  shiftedMean: number;
  /** Sum of squared deviations from the mean (M2); never negative. */
  sumSquaredDeviations: number;
  /** Smallest value, +Infinity while empty. */
  min: number;
  /** Largest value, -Infinity while empty. */
  max: number;
}

/** Creates empty moments: count 0, min +Infinity and max -Infinity. */
export function createMoments(): Moments {
  return { count: 0, pivot: 0, shiftedMean: 0, sumSquaredDeviations: 0, min: Infinity, max: -Infinity };
}

/**
 * Adds one value (Welford's update on value - pivot). The caller passes finite numbers only;
 * missing and infinite values are counted elsewhere.
 */
export function addToMoments(moments: Moments, value: number): void {
  if (moments.count === 0) {
    moments.pivot = value;
  }

  moments.count += 1;
  const shifted = value - moments.pivot;
  const delta = shifted - moments.shiftedMean;
  moments.shiftedMean += delta / moments.count;
  // delta and (shifted - new mean) have the same sign, so the increment is never negative.
  moments.sumSquaredDeviations += delta * (shifted - moments.shiftedMean);
  // Math.min and Math.max order -0 below 0, as the merge does, so min and max do not depend on order.
  moments.min = Math.min(moments.min, value);
  moments.max = Math.max(moments.max, value);
}

/**
 * Returns the moments of the union of two streams (Chan et al. pairwise update). The result keeps
 * the pivot of the side with more values; the other side's mean is moved onto that pivot before
 * combining. Merging with empty moments returns a copy of the other side. Inputs are not changed.
 */
export function mergeMoments(left: Moments, right: Moments): Moments {
  if (right.count === 0) return { ...left };
  if (left.count === 0) return { ...right };

  const [large, small] = left.count >= right.count ? [left, right] : [right, left];
  const count = large.count + small.count;
  const smallMeanOnLargePivot = small.shiftedMean + (small.pivot - large.pivot);
  const delta = smallMeanOnLargePivot - large.shiftedMean;
  const shiftedMean = large.shiftedMean + delta * (small.count / count);
  const sumSquaredDeviations =
    large.sumSquaredDeviations +
    small.sumSquaredDeviations +
    delta * delta * ((large.count * small.count) / count);

  return {
    count,
    pivot: large.pivot,
    shiftedMean,
    sumSquaredDeviations: Math.max(0, sumSquaredDeviations),
    min: Math.min(left.min, right.min),
    max: Math.max(left.max, right.max),
  };
}

/** Returns the arithmetic mean, or null when no value was added. */
export function computeMean(moments: Moments): number | null {
  if (moments.count === 0) return null;
  return moments.pivot + moments.shiftedMean;
}

/**
 * Returns the biased (population, ddof 0) variance M2 / n, like `np.var(x)`; null when empty.
 * A constant stream gives exactly 0.
 */
export function computeBiasedVariance(moments: Moments): number | null {
  if (moments.count === 0) return null;
  return moments.sumSquaredDeviations / moments.count;
}

/**
 * Returns the unbiased (sample, ddof 1) variance M2 / (n - 1), like `np.var(x, ddof=1)`; null
 * when fewer than two values were added.
 */
export function computeUnbiasedVariance(moments: Moments): number | null {
  if (moments.count < 2) return null;
  return moments.sumSquaredDeviations / (moments.count - 1);
}
