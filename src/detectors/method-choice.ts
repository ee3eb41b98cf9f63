import { DriftwatchError } from '../errors';
import type { DriftMethod, FeatureKind } from './types';

/**
 * Drift method choice per feature, the methods each kind allows, and default thresholds.
 *
 * Automatic choice (the default rule of Evidently 0.1.50 onwards, without its z-test):
 * - small reference (at most 1000 non-missing values): `ks` for a numeric feature with more than
 *   5 distinct reference values, else `chi-square` (categorical features, and numeric features
 *   with at most 5 distinct values, read as categories);
 * - larger reference: `wasserstein` (normalized by the reference's standard deviation) for a
 *   numeric feature with more than 5 distinct values, else `jensen-shannon`.
 * Evidently uses a two-proportion z-test for binary categorical features of a small reference;
 * driftwatch uses chi-square there, which gives the same p-value as a two-sided pooled z-test
 * without continuity correction (chi-square = z^2 for a 2 x 2 table).
 */
export const SMALL_REFERENCE_MAX_COUNT = 1000;

/** A numeric feature with at most this many distinct reference values is tested as categories. */
export const FEW_DISTINCT_VALUES_MAX = 5;

/** Default threshold of the hypothesis tests: drift when p-value < 0.05. */
export const DEFAULT_P_VALUE_THRESHOLD = 0.05;

/** Default threshold of the distances: drift when statistic >= 0.1. */
export const DEFAULT_DISTANCE_THRESHOLD = 0.1;

/** Every drift method, tests first. */
export const DRIFT_METHODS: readonly DriftMethod[] = [
  'ks',
  'chi-square',
  'psi',
  'jensen-shannon',
  'hellinger',
  'wasserstein',
];

/**
 * Methods allowed per kind. Numeric features take every method: chi-square reads the values as
 * categories, PSI, Jensen-Shannon and Hellinger use the reference decile bins. Categorical features
 * cannot be ordered, so KS and Wasserstein do not apply.
 */
export const APPLICABLE_METHODS: Readonly<Record<FeatureKind, readonly DriftMethod[]>> = {
  numeric: DRIFT_METHODS,
  categorical: ['chi-square', 'psi', 'jensen-shannon', 'hellinger'],
};

/** Facts about a feature's reference that the automatic choice looks at. */
export interface MethodChoiceInput {
  kind: FeatureKind;
  /** Non-missing, valid reference values. */
  referenceCount: number;
  /** Distinct reference values; any number above 5 (or Infinity) when not counted exactly. */
  referenceDistinctCount: number;
}

/** Returns true for the hypothesis tests (ks, chi-square), which have p-values. */
export function isTestMethod(method: DriftMethod): boolean {
  return method === 'ks' || method === 'chi-square';
}

/** Returns the default threshold of a method: 0.05 on the p-value for tests, 0.1 for distances. */
export function defaultThreshold(method: DriftMethod): number {
  return isTestMethod(method) ? DEFAULT_P_VALUE_THRESHOLD : DEFAULT_DISTANCE_THRESHOLD;
}

/** Chooses a feature's method by the automatic rule described at the top of this file. */
export function chooseDriftMethod(input: MethodChoiceInput): DriftMethod {
  const continuous = input.kind === 'numeric' && input.referenceDistinctCount > FEW_DISTINCT_VALUES_MAX;
  if (input.referenceCount <= SMALL_REFERENCE_MAX_COUNT) return continuous ? 'ks' : 'chi-square';
  return continuous ? 'wasserstein' : 'jensen-shannon';
}

/**
 * Chooses the target's method: chi-square on label proportions for a categorical target or a
 * numeric target with at most 5 distinct reference values (such as 0/1 labels), else KS.
 * The reference size does not matter here.
 */
export function chooseTargetMethod(input: MethodChoiceInput): DriftMethod {
  const continuous = input.kind === 'numeric' && input.referenceDistinctCount > FEW_DISTINCT_VALUES_MAX;
  return continuous ? 'ks' : 'chi-square';
}

/**
 * Throws DriftwatchError `METHOD_NOT_APPLICABLE` when `method` does not apply to the feature's
 * kind; the message names the feature, its kind and the allowed methods.
 */
export function assertMethodApplicable(feature: string, kind: FeatureKind, method: DriftMethod): void {
  if (APPLICABLE_METHODS[kind].includes(method)) return;

  throw new DriftwatchError(
    'METHOD_NOT_APPLICABLE',
    `method ${method} does not apply to feature '${feature}', which is ${kind}; use one of ${APPLICABLE_METHODS[kind].join(', ')}`,
    { context: { feature } },
  );
}

/**
 * Applies a threshold: a test drifts when its p-value is below the threshold, a distance when its
 * statistic is at least the threshold (an infinite PSI drifts). No statistic means no drift.
 */
export function isDriftDetected(
  method: DriftMethod,
  result: { statistic: number | null; pValue: number | null },
  threshold: number,
): boolean {
  if (isTestMethod(method)) return result.pValue !== null && result.pValue < threshold;
  return result.statistic !== null && result.statistic >= threshold;
}

/** Parses a method name; throws DriftwatchError `INPUT_INVALID` naming the allowed names. */
export function parseDriftMethod(name: string): DriftMethod {
  const method = DRIFT_METHODS.find((candidate) => candidate === name);
  if (method === undefined) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `unknown drift method '${name}'; use one of ${DRIFT_METHODS.join(', ')}`,
    );
  }
  return method;
}
