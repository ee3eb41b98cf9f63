import { DriftwatchError } from '../errors';
import { countRows, countValues, type FeatureSummary } from '../statistics/feature-summary';
import type { NumericSummary } from '../statistics/numeric-summary';
import { chiSquareHomogeneity } from './chi-square';
import { hellingerDistance } from './hellinger';
import { jensenShannonDistance } from './jensen-shannon';
import { ksTwoSample } from './ks';
import {
  assertMethodApplicable,
  chooseDriftMethod,
  chooseTargetMethod,
  defaultThreshold,
  isDriftDetected,
} from './method-choice';
import {
  type AlignedCounts,
  alignBinCounts,
  alignCategoryCounts,
  alignValueCounts,
  isSampled,
} from './method-inputs';
import { populationStabilityIndex } from './psi';
import type { DriftMethod, FeatureDrift } from './types';
import { normalizedWasserstein } from './wasserstein';

/**
 * Minimum number of non-missing values per side before a feature is tested. A side with one value
 * has no distribution, so KS, chi-square and the distances would only restate whether two single
 * values differ.
 */
export const MIN_VALUES_PER_SIDE = 2;

/** Options of one feature's evaluation. */
export interface FeatureEvaluationOptions {
  /** Method to use; chosen automatically when absent (see method-choice.ts). */
  method?: DriftMethod;
  /** Threshold to apply; 0.05 for tests and 0.1 for distances when absent. */
  threshold?: number;
  /** `target` picks the target's automatic rule (chi-square on labels, else KS). Default `feature`. */
  role?: 'feature' | 'target';
  /** PSI's replacement for a zero proportion (default 1e-4); 0 lets PSI become infinite. */
  psiEpsilon?: number;
}

/**
 * Compares one feature's current summary with its reference summary and returns its report line.
 *
 * Numeric features with a count-based method use the reference decile bins (psi, jensen-shannon,
 * hellinger) or their distinct values as categories (chi-square). KS and Wasserstein run on the raw
 * values; when a side has more values than its sample capacity they run on the uniform sample,
 * and a note says so. With fewer than 2 values on a side the feature is not tested: statistic and
 * p-value are null, `drifted` is false and a note gives the counts. Infinite or non-numeric values
 * in a numeric feature are left out and noted. `missingShare` is missing / all current rows (0 for
 * a window without rows). The result never holds NaN; only PSI can give an infinite statistic.
 *
 * Throws DriftwatchError `INPUT_INVALID` when the two summaries have different kinds and
 * `METHOD_NOT_APPLICABLE` when the method does not apply to the kind.
 */
export function evaluateFeatureDrift(
  name: string,
  reference: FeatureSummary,
  current: FeatureSummary,
  options: FeatureEvaluationOptions = {},
): FeatureDrift {
  if (reference.kind !== current.kind) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `feature '${name}' is ${reference.kind} in the reference but ${current.kind} in the current data; summarize both sides with the same kind`,
      { context: { feature: name } },
    );
  }

  const referenceCount = countValues(reference);
  const currentCount = countValues(current);
  const method = options.method ?? chooseMethod(reference, options.role ?? 'feature');
  assertMethodApplicable(name, reference.kind, method);
  const threshold = options.threshold ?? defaultThreshold(method);
  const currentRows = countRows(current);
  const notes = invalidValueNotes(reference, current);

  const line: FeatureDrift = {
    name,
    kind: reference.kind,
    method,
    statistic: null,
    pValue: null,
    threshold,
    drifted: false,
    referenceCount,
    currentCount,
    missingShare: currentRows === 0 ? 0 : current.missingCount / currentRows,
  };

  if (referenceCount < MIN_VALUES_PER_SIDE || currentCount < MIN_VALUES_PER_SIDE) {
    notes.push(
      `insufficient data: ${referenceCount} reference and ${currentCount} current values, but each side needs at least ${MIN_VALUES_PER_SIDE}; counted as not drifted`,
    );
    return withNotes(line, notes);
  }

  const result = runMethod(method, reference, current, notes, options.psiEpsilon);
  line.statistic = result.statistic;
  line.pValue = result.pValue;
  line.drifted = isDriftDetected(method, result, threshold);
  return withNotes(line, notes);
}

function chooseMethod(reference: FeatureSummary, role: 'feature' | 'target'): DriftMethod {
  const input = {
    kind: reference.kind,
    referenceCount: countValues(reference),
    referenceDistinctCount:
      reference.kind === 'numeric' ? (reference.valueCounts?.size ?? Infinity) : reference.counts.size,
  };
  return role === 'target' ? chooseTargetMethod(input) : chooseDriftMethod(input);
}

function runMethod(
  method: DriftMethod,
  reference: FeatureSummary,
  current: FeatureSummary,
  notes: string[],
  psiEpsilon: number | undefined,
): { statistic: number; pValue: number | null } {
  if (
    reference.kind === 'numeric' &&
    current.kind === 'numeric' &&
    (method === 'ks' || method === 'wasserstein')
  ) {
    notes.push(...sampleNotes(method, reference, current));
    if (method === 'ks') {
      const ks = ksTwoSample(reference.sample.values, current.sample.values);
      return { statistic: ks.statistic, pValue: ks.pValue };
    }
    const wasserstein = normalizedWasserstein(reference.sample.values, current.sample.values);
    return { statistic: wasserstein.statistic, pValue: null };
  }

  const counts = alignCounts(method, reference, current);
  if (counts.sampled) {
    notes.push(
      `${method} counted the distinct values of a uniform sample, because there were too many to count exactly`,
    );
  }
  switch (method) {
    case 'chi-square': {
      const chiSquare = chiSquareHomogeneity(counts.reference, counts.current);
      return { statistic: chiSquare.statistic, pValue: chiSquare.pValue };
    }
    case 'psi':
      return {
        statistic: populationStabilityIndex(counts.reference, counts.current, { epsilon: psiEpsilon })
          .statistic,
        pValue: null,
      };
    case 'jensen-shannon':
      return { statistic: jensenShannonDistance(counts.reference, counts.current).statistic, pValue: null };
    case 'hellinger':
      return { statistic: hellingerDistance(counts.reference, counts.current).statistic, pValue: null };
    default:
      // Unreachable: assertMethodApplicable rejects ks and wasserstein for categorical features.
      throw new DriftwatchError('METHOD_NOT_APPLICABLE', `method ${method} needs numeric values`);
  }
}

function alignCounts(method: DriftMethod, reference: FeatureSummary, current: FeatureSummary): AlignedCounts {
  if (reference.kind === 'categorical' && current.kind === 'categorical') {
    return alignCategoryCounts(reference, current);
  }
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    return method === 'chi-square'
      ? alignValueCounts(reference, current)
      : alignBinCounts(reference, current);
  }
  throw new DriftwatchError(
    'INPUT_INVALID',
    `cannot align a ${reference.kind} and a ${current.kind} summary`,
  );
}

function sampleNotes(method: DriftMethod, reference: NumericSummary, current: NumericSummary): string[] {
  const notes: string[] = [];
  for (const [side, summary] of [
    ['reference', reference],
    ['current', current],
  ] as const) {
    if (isSampled(summary)) {
      notes.push(
        `${method} ran on a uniform sample of ${summary.sample.values.length} of the ${summary.sample.seenCount} ${side} values`,
      );
    }
  }
  return notes;
}

function invalidValueNotes(reference: FeatureSummary, current: FeatureSummary): string[] {
  const notes: string[] = [];
  for (const [side, summary] of [
    ['reference', reference],
    ['current', current],
  ] as const) {
    if (summary.kind === 'numeric' && summary.invalidCount > 0) {
      notes.push(`${summary.invalidCount} ${side} values were infinite or not numbers and were left out`);
    }
  }
  return notes;
}

function withNotes(line: FeatureDrift, notes: string[]): FeatureDrift {
  return notes.length === 0 ? line : { ...line, notes };
}
