import type { FeatureKind } from '../detectors/types';
import { DriftwatchError } from '../errors';
import {
  addToCategoricalSummary,
  type CategoricalSummary,
  createCategoricalSummary,
  mergeCategoricalSummaries,
} from './categorical-summary';
import { classifyCell } from './cell-value';
import {
  addToNumericSummary,
  createNumericSummary,
  mergeNumericSummaries,
  type NumericSummary,
} from './numeric-summary';
import { computeDecileEdges } from './quantile-bins';
import type { RandomSource } from './random';

/** Mergeable summary of one feature over a window, by kind. */
export type FeatureSummary = NumericSummary | CategoricalSummary;

/** Options of `summarizeColumn`. */
export interface ColumnSummaryOptions {
  /**
   * Bin edges for a numeric column. Omit them for a reference: the column's own deciles are
   * used. Pass the reference's edges when summarizing a current window.
   */
  edges?: readonly number[];
  /** Reservoir capacity for raw numeric values (default 100,000). */
  sampleCapacity?: number;
  /** Bound on exact distinct-value counts of a numeric column (default 1000). */
  maxDistinctValues?: number;
  /** Random source of the reservoir sample. */
  random: RandomSource;
}

/**
 * Summarizes a whole column of raw field values. For a numeric column without `edges`, the bin
 * edges are the deciles of all its finite values (not of a sample), so a reference summarized here
 * has exact edges even when its raw values are later sampled.
 */
export function summarizeColumn(
  kind: FeatureKind,
  rawValues: readonly unknown[],
  options: ColumnSummaryOptions,
): FeatureSummary {
  if (kind === 'categorical') {
    const summary = createCategoricalSummary();
    for (const raw of rawValues) addToCategoricalSummary(summary, raw);
    return summary;
  }

  const edges = options.edges ?? computeDecileEdges(finiteValuesOf(rawValues));
  const summary = createNumericSummary({
    edges,
    sampleCapacity: options.sampleCapacity,
    maxDistinctValues: options.maxDistinctValues,
  });
  for (const raw of rawValues) addToNumericSummary(summary, raw, options.random);
  return summary;
}

/** Adds one raw field value to a summary of either kind. */
export function addToFeatureSummary(summary: FeatureSummary, raw: unknown, random: RandomSource): void {
  if (summary.kind === 'numeric') addToNumericSummary(summary, raw, random);
  else addToCategoricalSummary(summary, raw);
}

/**
 * Returns the summary of the union of two windows of one feature. Both must have the same kind;
 * merging with an empty summary returns an equal summary.
 */
export function mergeFeatureSummaries(
  left: FeatureSummary,
  right: FeatureSummary,
  random: RandomSource,
): FeatureSummary {
  if (left.kind === 'numeric' && right.kind === 'numeric') return mergeNumericSummaries(left, right, random);
  if (left.kind === 'categorical' && right.kind === 'categorical')
    return mergeCategoricalSummaries(left, right);

  throw new DriftwatchError(
    'INPUT_INVALID',
    `cannot merge a ${left.kind} summary with a ${right.kind} summary: both windows must read the feature with the same kind`,
  );
}

/** Returns the number of usable (non-missing, valid) values in a summary. */
export function countValues(summary: FeatureSummary): number {
  return summary.kind === 'numeric' ? summary.moments.count : summary.count;
}

/** Returns the number of rows a summary has seen: values, missing and invalid ones. */
export function countRows(summary: FeatureSummary): number {
  const invalidCount = summary.kind === 'numeric' ? summary.invalidCount : 0;
  return countValues(summary) + summary.missingCount + invalidCount;
}

function finiteValuesOf(rawValues: readonly unknown[]): number[] {
  const values: number[] = [];
  for (const raw of rawValues) {
    const cell = classifyCell(raw);
    if (cell.type === 'number') values.push(cell.value);
  }
  return values;
}
