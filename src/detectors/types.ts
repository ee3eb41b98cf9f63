/**
 * Types shared by the drift detectors, the report builder and the service.
 * The drift report object is the same from `compare --json`, `GET /drift` and the drift-events topic.
 */

/** A column is numeric when every non-missing value is a finite number, otherwise categorical. */
export type FeatureKind = 'numeric' | 'categorical';

/**
 * Drift methods. `ks` and `chi-square` are hypothesis tests (drift when p-value < threshold);
 * the others are distances (drift when statistic >= threshold).
 */
export type DriftMethod = 'ks' | 'chi-square' | 'psi' | 'jensen-shannon' | 'hellinger' | 'wasserstein';

/** Result of one method on one feature, before the threshold is applied. */
export interface MethodResult {
  /** Test statistic or distance. Finite unless the method documents otherwise. */
  statistic: number;
  /** p-value for tests, null for distances. Never NaN; may be 0 only below the smallest double. */
  pValue: number | null;
}

/** One feature's line in a drift report (also used for the target). */
export interface FeatureDrift {
  name: string;
  kind: FeatureKind;
  method: DriftMethod;
  statistic: number | null;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  referenceCount: number;
  currentCount: number;
  /** Share of missing values in the current data, in [0, 1]. */
  missingShare: number;
  /** Extra facts a reader needs to trust the numbers (sample used, too few values, ...). */
  notes?: string[];
  /**
   * p-value after the multiple-testing correction across features, when one was applied and the
   * method is a test; `drifted` then compares this value, not `pValue`, with the threshold.
   */
  adjustedPValue?: number;
}

/** Dataset verdict: drift when `driftShare` >= the dataset threshold (default 0.5). */
export interface DatasetDrift {
  drifted: boolean;
  driftShare: number;
  driftedFeatures: number;
  featureCount: number;
  /** Share of drifted features at or above which the dataset drifts. */
  threshold?: number;
  /** Multiple-testing correction applied to the features' p-values (distances are unaffected). */
  correction?: 'none' | 'bonferroni' | 'benjamini-hochberg';
}

/** The drift report. Window bounds and pipeline id are set where a window produced it. */
export interface DriftReport {
  dataset: DatasetDrift;
  features: FeatureDrift[];
  target: FeatureDrift | null;
  pipeline?: string;
  /** Event-time bounds (count windows: Kafka timestamps of the first and last record); `partial` when closed early at shutdown or end of input. */
  window?: { start: string; end: string; recordCount: number; partial?: boolean };
}
