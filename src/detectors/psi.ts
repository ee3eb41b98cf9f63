import { DriftwatchError } from '../errors';
import { CompensatedSum } from '../statistics/special/compensated-sum';
import { toCountPair } from './input-checks';
import type { MethodResult } from './types';

/** Default replacement for a zero proportion, the value the product documents. */
export const PSI_DEFAULT_EPSILON = 1e-4;

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /**
   * Value that replaces a proportion of exactly 0 on either side, with no renormalization.
   * Default 1e-4. 0 disables smoothing: a bin that is empty on one side only makes the index +Infinity.
   */
  epsilon?: number;
}

/** Result of the population stability index. */
export interface PsiResult extends MethodResult {
  /** PSI ≥ 0; +Infinity only with epsilon 0 and a bin that is empty on exactly one side. */
  statistic: number;
  pValue: null;
  /** Per-bin terms (q − p) ln(q / p), aligned with the input; they sum to the statistic. */
  terms: number[];
  /** Indices of bins where at least one side has proportion 0 (smoothed, or infinite with epsilon 0). */
  zeroProportionBins: number[];
}

/**
 * Computes the population stability index Σ (q_i − p_i) ln(q_i / p_i) with the natural log, where
 * p are the reference proportions and q the current proportions of count vectors aligned by index.
 *
 * A proportion of exactly 0 is replaced by epsilon (default 1e-4) without renormalizing the others.
 * This is the rule the rest of driftwatch documents. A bin empty on both sides contributes 0. Each term is
 * formed as 2(q − p)·atanh((q − p)/(q + p)), which equals (q − p) ln(q/p), is accurate when q ≈ p and is
 * exactly symmetric, so PSI(reference, current) = PSI(current, reference) bit for bit, smoothed or not.
 * With epsilon 0 a bin empty on one side gives +Infinity (never NaN), listed in zeroProportionBins.
 *
 * @throws DriftwatchError INPUT_INVALID for vectors of different length, negative or non-finite
 * counts, a side that sums to 0, or an epsilon that is negative, not finite, or 1 or more.
 */
export function populationStabilityIndex(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  options: PsiOptions = {},
): PsiResult {
  const epsilon = options.epsilon ?? PSI_DEFAULT_EPSILON;
  if (!(epsilon >= 0 && epsilon < 1)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `psi received epsilon=${epsilon}; epsilon must be at least 0 and below 1 (default 1e-4, 0 disables smoothing).`,
    );
  }
  const { reference, current, referenceTotal, currentTotal } = toCountPair(
    referenceCounts,
    currentCounts,
    'psi',
  );

  const terms: number[] = [];
  const zeroProportionBins: number[] = [];
  const sum = new CompensatedSum();
  for (let bin = 0; bin < reference.length; bin += 1) {
    const term =
      reference[bin] === 0 || current[bin] === 0
        ? smoothedTerm(reference[bin] / referenceTotal, current[bin] / currentTotal, epsilon)
        : exactTerm(reference[bin], current[bin], referenceTotal, currentTotal);
    if (reference[bin] === 0 || current[bin] === 0) {
      zeroProportionBins.push(bin);
    }
    terms.push(term);
    sum.add(term);
  }

  return {
    statistic: sum.value(),
    pValue: null,
    terms,
    zeroProportionBins,
  };
}

/**
 * Computes (q − p) ln(q/p) for two non-zero proportions as 2(q − p)·atanh((q − p)/(q + p)), with q − p
 * formed from the counts. Nearly equal proportions keep full relative precision, and swapping the
 * sides negates both factors exactly.
 */
function exactTerm(
  referenceCount: number,
  currentCount: number,
  referenceTotal: number,
  currentTotal: number,
): number {
  const referenceScaled = referenceCount * currentTotal;
  const currentScaled = currentCount * referenceTotal;
  if (referenceScaled === currentScaled) {
    return 0;
  }
  const gap = (currentScaled - referenceScaled) / (referenceTotal * currentTotal);
  return 2 * gap * Math.atanh((currentScaled - referenceScaled) / (currentScaled + referenceScaled));
}

/** Computes the term after replacing a zero proportion by epsilon. It is +Infinity when epsilon is 0 and one side is 0. */
function smoothedTerm(p: number, q: number, epsilon: number): number {
  const pSmoothed = p === 0 ? epsilon : p;
  const qSmoothed = q === 0 ? epsilon : q;
  if (pSmoothed === qSmoothed) {
    return 0;
  }
  return 2 * (qSmoothed - pSmoothed) * Math.atanh((qSmoothed - pSmoothed) / (qSmoothed + pSmoothed));
}
