import { DriftwatchError } from '../errors';
import { classifyCell } from './cell-value';
import { addToMoments, createMoments, type Moments, mergeMoments } from './moments';
import { findBinIndex } from './quantile-bins';
import type { RandomSource } from './random';
import { addToReservoir, createReservoir, mergeReservoirs, type Reservoir } from './reservoir';

/**
 * Mergeable summary of one numeric feature over a window: moments, counts over fixed bins, exact
 * counts of distinct values while there are few, and raw values (whole or sampled).
 */
export interface NumericSummary {
  kind: 'numeric';
  /** Missing values (see cell-value.ts for what counts as missing). */
  missingCount: number;
  /** Infinite or non-numeric values; counted, never used as values. */
  invalidCount: number;
  /** Moments of the finite values; `moments.count` is the number of values used by the tests. */
  moments: Moments;
  /** Interior bin edges (ascending), normally the reference's deciles. Fixed at creation. */
  edges: number[];
  /** Finite values per right-closed bin over `edges`; length `edges.length + 1`. */
  binCounts: number[];
  /** Count per distinct finite value, or null once more than `maxDistinctValues` were seen. */
  valueCounts: Map<number, number> | null;
  /** Bound on the distinct values counted exactly. */
  maxDistinctValues: number;
  /** Raw finite values for KS and Wasserstein. */
  sample: Reservoir;
}

/** Default bound on the distinct numeric values counted exactly per feature. */
export const DEFAULT_MAX_DISTINCT_VALUES = 1000;

/** Options of a new numeric summary. */
export interface NumericSummaryOptions {
  /** Interior bin edges, ascending; values are counted in the right-closed bins they define. */
  edges: readonly number[];
  /** Reservoir capacity for raw values (default 100,000). */
  sampleCapacity?: number;
  /** Bound on exact distinct-value counts (default 1000). */
  maxDistinctValues?: number;
}

/** Creates an empty numeric summary over the given bin edges. */
export function createNumericSummary(options: NumericSummaryOptions): NumericSummary {
  const edges = [...options.edges];
  for (let index = 1; index < edges.length; index += 1) {
    if (!(edges[index - 1] < edges[index])) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `bin edges [${edges.join(', ')}] are invalid: they must be finite and strictly ascending; compute them with computeDecileEdges`,
      );
    }
  }

  return {
    kind: 'numeric',
    missingCount: 0,
    invalidCount: 0,
    moments: createMoments(),
    edges,
    binCounts: new Array<number>(edges.length + 1).fill(0),
    valueCounts: new Map(),
    maxDistinctValues: options.maxDistinctValues ?? DEFAULT_MAX_DISTINCT_VALUES,
    sample: createReservoir(options.sampleCapacity),
  };
}

/**
 * Adds one raw field value: a finite number (or a decimal string) updates every statistic,
 * a missing value increments `missingCount`, anything else increments `invalidCount`.
 */
export function addToNumericSummary(summary: NumericSummary, raw: unknown, random: RandomSource): void {
  const cell = classifyCell(raw);
  if (cell.type === 'missing') {
    summary.missingCount += 1;
    return;
  }
  if (cell.type !== 'number') {
    summary.invalidCount += 1;
    return;
  }

  const value = cell.value;
  addToMoments(summary.moments, value);
  summary.binCounts[findBinIndex(summary.edges, value)] += 1;
  addToReservoir(summary.sample, value, random);

  const counts = summary.valueCounts;
  if (counts !== null) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
    if (counts.size > summary.maxDistinctValues) summary.valueCounts = null;
  }
}

/**
 * Returns the summary of the union of two windows. Both must share bin edges, sample capacity
 * and distinct-value bound. Counts add, moments merge exactly up to rounding, the sample stays a
 * uniform sample of the union. Inputs are not changed.
 */
export function mergeNumericSummaries(
  left: NumericSummary,
  right: NumericSummary,
  random: RandomSource,
): NumericSummary {
  if (!haveSameEdges(left.edges, right.edges)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `cannot merge numeric summaries with bin edges [${left.edges.join(', ')}] and [${right.edges.join(', ')}]: edges must be equal; summarize both windows against the same reference`,
    );
  }
  if (left.maxDistinctValues !== right.maxDistinctValues) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `cannot merge numeric summaries with distinct-value bounds ${left.maxDistinctValues} and ${right.maxDistinctValues}: bounds must be equal; create both with the same maxDistinctValues`,
    );
  }

  return {
    kind: 'numeric',
    missingCount: left.missingCount + right.missingCount,
    invalidCount: left.invalidCount + right.invalidCount,
    moments: mergeMoments(left.moments, right.moments),
    edges: [...left.edges],
    binCounts: left.binCounts.map((count, index) => count + right.binCounts[index]),
    valueCounts: mergeValueCounts(left.valueCounts, right.valueCounts, left.maxDistinctValues),
    maxDistinctValues: left.maxDistinctValues,
    sample: mergeReservoirs(left.sample, right.sample, random),
  };
}

function haveSameEdges(left: readonly number[], right: readonly number[]): boolean {
  return left.length === right.length && left.every((edge, index) => edge === right[index]);
}

function mergeValueCounts(
  left: Map<number, number> | null,
  right: Map<number, number> | null,
  maxDistinctValues: number,
): Map<number, number> | null {
  if (left === null || right === null) return null;

  const merged = new Map(left);
  for (const [value, count] of right) merged.set(value, (merged.get(value) ?? 0) + count);
  return merged.size > maxDistinctValues ? null : merged;
}
