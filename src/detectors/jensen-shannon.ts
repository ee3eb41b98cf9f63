import { CompensatedSum } from '../statistics/special/compensated-sum';
import { toCountPair } from './input-checks';
import type { MethodResult } from './types';

/** Result of the Jensen–Shannon distance. */
export interface JensenShannonResult extends MethodResult {
  /** Jensen–Shannon distance with log base 2, in [0, 1]. */
  statistic: number;
  pValue: null;
  /** Jensen–Shannon divergence with log base 2 (the square of the distance), in [0, 1]. */
  divergence: number;
}

/**
 * Computes the Jensen–Shannon distance √JSD between the reference and current distributions given as
 * count vectors aligned by index, with log base 2 so that the distance lies in [0, 1]: 0 for identical
 * distributions, 1 for disjoint supports. JSD = (KL(p‖m) + KL(q‖m))/2 with m = (p + q)/2 and
 * 0·log 0 = 0, so empty bins and unseen categories need no smoothing. Matches
 * scipy.spatial.distance.jensenshannon(p, q, base=2).
 *
 * Each bin contributes m·g(δ) with δ = (p − q)/(p + q) and g(δ) = ½[(1+δ)ln(1+δ) + (1−δ)ln(1−δ)],
 * summed as the series Σ δ^(2k)/(2k(2k−1)) for |δ| < 0.5. That form has no cancellation for nearly
 * equal distributions and is exactly symmetric in the two sides.
 *
 * @throws DriftwatchError INPUT_INVALID for vectors of different length, negative or non-finite
 * counts, or a side that sums to 0.
 */
export function jensenShannonDistance(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): JensenShannonResult {
  const { reference, current, referenceTotal, currentTotal } = toCountPair(
    referenceCounts,
    currentCounts,
    'jensen-shannon',
  );

  const sum = new CompensatedSum();
  for (let bin = 0; bin < reference.length; bin += 1) {
    const referenceScaled = reference[bin] * currentTotal;
    const currentScaled = current[bin] * referenceTotal;
    if (referenceScaled === 0 && currentScaled === 0) {
      continue;
    }
    const mixture = (reference[bin] / referenceTotal + current[bin] / currentTotal) / 2;
    // p/m − 1 computed from counts: (c·M − d·N)/(c·M + d·N), no rounded proportions subtracted.
    const delta = (referenceScaled - currentScaled) / (referenceScaled + currentScaled);
    sum.add(mixture * halfEntropyGap(delta));
  }

  const divergence = Math.min(1, Math.max(0, sum.value() / Math.LN2));
  return { statistic: Math.sqrt(divergence), pValue: null, divergence };
}

/** g(δ) = ½[(1+δ)ln(1+δ) + (1−δ)ln(1−δ)] for −1 ≤ δ ≤ 1; g(±1) = ln 2. Even in δ. */
function halfEntropyGap(delta: number): number {
  const magnitude = Math.abs(delta);
  if (magnitude === 1) {
    return Math.LN2;
  }
  if (magnitude >= 0.5) {
    return ((1 + delta) * Math.log1p(delta) + (1 - delta) * Math.log1p(-delta)) / 2;
  }

  const deltaSquared = delta * delta;
  let power = deltaSquared;
  let sum = 0;
  for (let k = 1; k < 200; k += 1) {
    const next = sum + power / (2 * k * (2 * k - 1));
    if (next === sum) {
      break;
    }
    sum = next;
    power *= deltaSquared;
  }
  return sum;
}
