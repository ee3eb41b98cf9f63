import { CompensatedSum } from '../statistics/special/compensated-sum';
import { toCountPair } from './input-checks';
import type { MethodResult } from './types';

/** Result of the Hellinger distance. */
export interface HellingerResult extends MethodResult {
  /** Hellinger distance in [0, 1]. */
  statistic: number;
  pValue: null;
}

/**
 * Computes the Hellinger distance H = √(1 − Σ √(p_i q_i)) between the reference and current
 * distributions given as count vectors aligned by index: 0 for identical distributions, 1 for
 * disjoint supports. This is the convention with the 1/√2 factor, H = ‖√p − √q‖₂ / √2.
 *
 * 1 − Σ√(pq) is evaluated as ½ Σ (√p − √q)², equal because both distributions sum to 1, with
 * √p − √q = (p − q)/(√p + √q) and p − q formed from the counts. That form cannot go below 0 (the
 * clamp at 0 the definition needs is automatic) and keeps full precision for nearly equal
 * distributions, where 1 − Σ√(pq) cancels. The result is clamped to [0, 1] against rounding.
 *
 * @throws DriftwatchError INPUT_INVALID for vectors of different length, negative or non-finite
 * counts, or a side that sums to 0.
 */
export function hellingerDistance(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): HellingerResult {
  const { reference, current, referenceTotal, currentTotal } = toCountPair(
    referenceCounts,
    currentCounts,
    'hellinger',
  );

  const sum = new CompensatedSum();
  const totalsProduct = referenceTotal * currentTotal;
  for (let bin = 0; bin < reference.length; bin += 1) {
    const p = reference[bin] / referenceTotal;
    const q = current[bin] / currentTotal;
    if (p === 0 && q === 0) {
      continue;
    }
    const proportionGap = (reference[bin] * currentTotal - current[bin] * referenceTotal) / totalsProduct;
    const rootGap = proportionGap / (Math.sqrt(p) + Math.sqrt(q));
    sum.add(rootGap * rootGap);
  }

  const squared = Math.min(1, Math.max(0, sum.value() / 2));
  return { statistic: Math.sqrt(squared), pValue: null };
}
