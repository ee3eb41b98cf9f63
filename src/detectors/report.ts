import { DriftwatchError } from '../errors';
import type { FeatureSummary } from '../statistics/feature-summary';
import { adjustPValues, type Correction } from './correction';
import { evaluateFeatureDrift } from './evaluate-feature';
import { isDriftDetected, isTestMethod } from './method-choice';
import type { DriftMethod, DriftReport, FeatureDrift } from './types';

/** Default share of drifted features at or above which the dataset drifts. */
export const DEFAULT_DATASET_THRESHOLD = 0.5;

/** Method and threshold chosen for one feature; either may be left to the defaults. */
export interface FeatureMethodOptions {
  method?: DriftMethod;
  threshold?: number;
}

/** Options of `buildDriftReport`. */
export interface DriftReportOptions {
  /** Features to report, in report order. Each needs a reference and a current summary. */
  features: readonly string[];
  /** Target column, reported apart in `target` and left out of the dataset share. */
  target?: string | null;
  /** Method and threshold for every feature not named in `featureOptions`. */
  defaults?: FeatureMethodOptions;
  /** Per-feature overrides of method and threshold (the target's too, under its name). */
  featureOptions?: Readonly<Record<string, FeatureMethodOptions>>;
  /** Share of drifted features at or above which the dataset drifts (default 0.5). */
  datasetThreshold?: number;
  /** Multiple-testing correction across the features' p-values (default none). */
  correction?: Correction;
  /** PSI's replacement for a zero proportion (default 1e-4); 0 lets PSI become infinite. */
  psiEpsilon?: number;
}

/**
 * Builds the drift report of a current window against a reference.
 *
 * Each feature gets its line from `evaluateFeatureDrift`. With a correction, the tested features
 * whose method is a test get `adjustedPValue` (Bonferroni or Benjamini-Hochberg over those m
 * p-values), and `drifted` then compares the adjusted value with the threshold. Distances and
 * untested features are unaffected, and the target is never part of the family. The dataset
 * drifts when driftedFeatures / featureCount >= the dataset threshold. Features with insufficient
 * data count as not drifted (their notes say why). With no feature the share is 0 and the dataset
 * does not drift.
 *
 * Throws DriftwatchError `INPUT_INVALID` for a feature or target without a summary on a side, a
 * threshold outside its range, or the target listed among the features.
 */
export function buildDriftReport(
  reference: ReadonlyMap<string, FeatureSummary>,
  current: ReadonlyMap<string, FeatureSummary>,
  options: DriftReportOptions,
): DriftReport {
  const datasetThreshold = options.datasetThreshold ?? DEFAULT_DATASET_THRESHOLD;
  validateShare('dataset threshold', datasetThreshold);
  const correction = options.correction ?? 'none';
  const target = options.target ?? null;
  if (target !== null && options.features.includes(target)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `column '${target}' is both the target and a feature; drop it from the features`,
      { context: { feature: target } },
    );
  }

  const features = options.features.map((name) => evaluateOne(name, reference, current, options, 'feature'));
  const corrected = applyCorrection(features, correction);
  const driftedFeatures = corrected.filter((line) => line.drifted).length;
  const driftShare = corrected.length === 0 ? 0 : driftedFeatures / corrected.length;

  return {
    dataset: {
      drifted: corrected.length > 0 && driftShare >= datasetThreshold,
      driftShare,
      driftedFeatures,
      featureCount: corrected.length,
      threshold: datasetThreshold,
      correction,
    },
    features: corrected,
    target: target === null ? null : evaluateOne(target, reference, current, options, 'target'),
  };
}

/**
 * Serializes a report as JSON. An infinite statistic (only PSI with epsilon 0 can give one) is
 * written as the string "Infinity" (or "-Infinity"), because JSON has no infinity and null would
 * read as "not computed". `space` is passed to JSON.stringify.
 */
export function toReportJson(report: DriftReport, space?: number): string {
  return JSON.stringify(
    report,
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
    space,
  );
}

function evaluateOne(
  name: string,
  reference: ReadonlyMap<string, FeatureSummary>,
  current: ReadonlyMap<string, FeatureSummary>,
  options: DriftReportOptions,
  role: 'feature' | 'target',
): FeatureDrift {
  const referenceSummary = reference.get(name);
  const currentSummary = current.get(name);
  const label = role === 'target' ? 'target' : 'feature';
  if (referenceSummary === undefined || currentSummary === undefined) {
    const side = referenceSummary === undefined ? 'reference' : 'current data';
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${label} '${name}' is missing from the ${side}; choose columns present on both sides`,
      { context: { feature: name } },
    );
  }

  const chosen = options.featureOptions?.[name] ?? (role === 'feature' ? options.defaults : undefined) ?? {};
  const line = evaluateFeatureDrift(name, referenceSummary, currentSummary, {
    method: chosen.method,
    threshold: chosen.threshold,
    role,
    psiEpsilon: options.psiEpsilon,
  });
  // Checked against the method in force, which may have been chosen automatically.
  if (chosen.threshold !== undefined) validateThreshold(name, chosen.threshold, line.method);
  return line;
}

function applyCorrection(features: FeatureDrift[], correction: Correction): FeatureDrift[] {
  if (correction === 'none') return features;

  const testedIndexes = features.flatMap((line, index) => (line.pValue === null ? [] : [index]));
  const adjusted = adjustPValues(
    testedIndexes.map((index) => features[index].pValue ?? 1),
    correction,
  );
  const note = `p-value adjusted by ${correction} over ${testedIndexes.length} tested features`;

  const corrected = [...features];
  testedIndexes.forEach((featureIndex, position) => {
    const line = features[featureIndex];
    const adjustedPValue = adjusted[position];
    corrected[featureIndex] = {
      ...line,
      adjustedPValue,
      drifted: isDriftDetected(
        line.method,
        { statistic: line.statistic, pValue: adjustedPValue },
        line.threshold,
      ),
      notes: [...(line.notes ?? []), note],
    };
  });
  return corrected;
}

/**
 * Checks a threshold against its method's range: a p-value level in (0, 1) for tests, a distance
 * in (0, 1] for Jensen-Shannon and Hellinger (both bounded by 1), a positive number for PSI and
 * normalized Wasserstein. Without a method only finiteness and sign are checked.
 */
function validateThreshold(feature: string, threshold: number, method?: DriftMethod): void {
  const [low, high, lowOpen, rule] =
    method === undefined
      ? [
          0,
          Number.POSITIVE_INFINITY,
          false,
          'a finite number >= 0 (a p-value level such as 0.05, or a distance such as 0.1)',
        ]
      : isTestMethod(method)
        ? [0, 1, true, `a p-value level between 0 and 1 for ${method}, such as 0.05`]
        : method === 'jensen-shannon' || method === 'hellinger'
          ? [0, 1, true, `a distance in (0, 1] for ${method}, such as 0.1`]
          : [0, Number.POSITIVE_INFINITY, true, `a positive number for ${method}, such as 0.1`];
  const tooLow = lowOpen ? threshold <= low : threshold < low;
  const tooHigh = method !== undefined && isTestMethod(method) ? threshold >= high : threshold > high;
  if (!Number.isFinite(threshold) || tooLow || tooHigh) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `threshold ${threshold} for feature '${feature}' is invalid: it must be ${rule}`,
      { context: { feature } },
    );
  }
}

function validateShare(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${name} ${value} is invalid: it must be a share between 0 and 1, such as 0.5`,
    );
  }
}
