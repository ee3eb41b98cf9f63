import type { CategoricalSummary } from '../statistics/categorical-summary';
import type { NumericSummary } from '../statistics/numeric-summary';
import { isReservoirComplete } from '../statistics/reservoir';

/**
 * Count vectors of a reference and a current summary over the same bins or categories, index by
 * index, as the count-based methods (chi-square, PSI, Jensen-Shannon, Hellinger) take them.
 */
export interface AlignedCounts {
  /** Category labels, values or bin names, in the order of the counts. */
  labels: string[];
  reference: number[];
  current: number[];
  /** True when a side's counts come from a reservoir sample instead of every value. */
  sampled: boolean;
}

/**
 * Aligns category counts over the union of both sides' categories, sorted by label (UTF-16 code
 * unit order). A category missing on one side counts 0 there.
 */
export function alignCategoryCounts(
  reference: CategoricalSummary,
  current: CategoricalSummary,
): AlignedCounts {
  const labels = [...new Set([...reference.counts.keys(), ...current.counts.keys()])].sort();

  return {
    labels,
    reference: labels.map((label) => reference.counts.get(label) ?? 0),
    current: labels.map((label) => current.counts.get(label) ?? 0),
    sampled: false,
  };
}

/**
 * Aligns the counts of a numeric feature's distinct values, read as categories, over the union of
 * both sides' values in ascending order. A side whose exact counts were dropped (too many distinct
 * values) is counted from its raw values, which are a sample when the reservoir overflowed.
 */
export function alignValueCounts(reference: NumericSummary, current: NumericSummary): AlignedCounts {
  const referenceCounts = valueCountsOf(reference);
  const currentCounts = valueCountsOf(current);
  const values = [...new Set([...referenceCounts.counts.keys(), ...currentCounts.counts.keys()])].sort(
    (left, right) => left - right,
  );

  return {
    labels: values.map(String),
    reference: values.map((value) => referenceCounts.counts.get(value) ?? 0),
    current: values.map((value) => currentCounts.counts.get(value) ?? 0),
    sampled: referenceCounts.sampled || currentCounts.sampled,
  };
}

/**
 * Aligns the counts over the reference's decile bins. The current summary must have been built on
 * the reference's edges (summaries of a window always are); the bins are labelled like "(a, b]".
 */
export function alignBinCounts(reference: NumericSummary, current: NumericSummary): AlignedCounts {
  const edges = reference.edges;
  const labels = reference.binCounts.map((_, index) => {
    const lower = index === 0 ? '-inf' : String(edges[index - 1]);
    const upper = index === edges.length ? 'inf' : String(edges[index]);
    return `(${lower}, ${upper}]`;
  });

  return { labels, reference: [...reference.binCounts], current: [...current.binCounts], sampled: false };
}

/** Returns true when the summary's raw values are a sample rather than every value. */
export function isSampled(summary: NumericSummary): boolean {
  return !isReservoirComplete(summary.sample);
}

function valueCountsOf(summary: NumericSummary): { counts: Map<number, number>; sampled: boolean } {
  if (summary.valueCounts !== null) return { counts: summary.valueCounts, sampled: false };

  const counts = new Map<number, number>();
  for (const value of summary.sample.values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return { counts, sampled: isSampled(summary) };
}
