import { ksTwoSample } from '../detectors/ks';
import { normalizedWasserstein } from '../detectors/wasserstein';
import { computeWindowStatistics } from '../normalization';

/**
 * Tolerance of "the renormalized values agree with the reference on location": the absolute
 * difference of the means is at most this share of the reference's standard deviation.
 */
export const MEAN_TOLERANCE_IN_STD = 0.1;

/**
 * Tolerance of "the renormalized values agree with the reference on scale": the standard
 * deviations differ by at most this share of the reference's standard deviation.
 */
export const STD_TOLERANCE_SHARE = 0.05;

/** Significance level at which the KS test of the renormalized values is read. */
export const KS_LEVEL = 0.05;

/**
 * Renormalized values of one feature compared with the reference values: location and scale,
 * the normalized Wasserstein distance before and after renormalization, and the two-sample KS test
 * of the renormalized values.
 */
export interface RenormalizationCheck {
  feature: string;
  count: number;
  /** Population mean and standard deviation (ddof 0) of the raw values, the renormalized values and the reference. */
  rawMean: number;
  rawStd: number;
  mean: number;
  std: number;
  referenceMean: number;
  referenceStd: number;
  /** Normalized Wasserstein-1 distance of the raw values to the reference (the unit is the reference std). */
  rawWasserstein: number;
  /** Normalized Wasserstein-1 distance of the renormalized values to the reference. */
  wasserstein: number;
  /** Two-sample KS test of the renormalized values against the reference: D and p-value. */
  ksStatistic: number;
  ksPValue: number;
  /** True when the means and standard deviations agree within the tolerances above. */
  meanAndStdAgree: boolean;
}

/**
 * Compares the renormalized values of a feature with the reference values, and the raw values
 * with them for scale. Missing values (NaN) on either side are left out.
 *
 * Returns null when a side has fewer than 2 finite values, which is too few for a spread.
 */
export function checkRenormalization(
  feature: string,
  reference: readonly number[],
  raw: readonly number[],
  renormalized: readonly number[],
): RenormalizationCheck | null {
  const referenceValues = reference.filter(Number.isFinite);
  const rawValues = raw.filter(Number.isFinite);
  const values = renormalized.filter(Number.isFinite);
  if (referenceValues.length < 2 || rawValues.length < 2 || values.length < 2) {
    return null;
  }

  const referenceMoments = meanAndStd(referenceValues);
  const rawMoments = meanAndStd(rawValues);
  const moments = meanAndStd(values);
  const ks = ksTwoSample(referenceValues, values);
  const meanGap = Math.abs(moments.mean - referenceMoments.mean);
  const stdGap = Math.abs(moments.std - referenceMoments.std);

  return {
    feature,
    count: values.length,
    rawMean: rawMoments.mean,
    rawStd: rawMoments.std,
    mean: moments.mean,
    std: moments.std,
    referenceMean: referenceMoments.mean,
    referenceStd: referenceMoments.std,
    rawWasserstein: normalizedWasserstein(referenceValues, rawValues).statistic,
    wasserstein: normalizedWasserstein(referenceValues, values).statistic,
    ksStatistic: ks.statistic,
    ksPValue: ks.pValue,
    meanAndStdAgree:
      meanGap <= MEAN_TOLERANCE_IN_STD * referenceMoments.std &&
      stdGap <= STD_TOLERANCE_SHARE * referenceMoments.std,
  };
}

/** Population mean and standard deviation (ddof 0), from exact sums; `values` has at least 2 finite values. */
function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const statistics = computeWindowStatistics(values);
  return { mean: statistics.mean ?? Number.NaN, std: Math.sqrt(statistics.biasedVariance ?? Number.NaN) };
}
