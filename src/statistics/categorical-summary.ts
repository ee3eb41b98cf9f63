import { toCategoryLabel } from './cell-value';

/** Mergeable summary of one categorical feature over a window: a count per category. */
export interface CategoricalSummary {
  kind: 'categorical';
  /** Missing values (see cell-value.ts for what counts as missing). */
  missingCount: number;
  /** Non-missing values; equals the sum of `counts`. */
  count: number;
  /** Count per category label. Categories unseen in the reference are kept like any other. */
  counts: Map<string, number>;
}

/** Creates an empty categorical summary. */
export function createCategoricalSummary(): CategoricalSummary {
  return { kind: 'categorical', missingCount: 0, count: 0, counts: new Map() };
}

/**
 * Adds one raw field value. Missing values increment `missingCount`; anything else is counted
 * under its label (trimmed text, or `String(value)` for a JSON number or boolean).
 */
export function addToCategoricalSummary(summary: CategoricalSummary, raw: unknown): void {
  const label = toCategoryLabel(raw);
  if (label === null) {
    summary.missingCount += 1;
    return;
  }

  summary.count += 1;
  summary.counts.set(label, (summary.counts.get(label) ?? 0) + 1);
}

/** Returns the summary of the union of two windows; inputs are not changed. */
export function mergeCategoricalSummaries(
  left: CategoricalSummary,
  right: CategoricalSummary,
): CategoricalSummary {
  const counts = new Map(left.counts);
  for (const [label, count] of right.counts) counts.set(label, (counts.get(label) ?? 0) + count);

  return {
    kind: 'categorical',
    missingCount: left.missingCount + right.missingCount,
    count: left.count + right.count,
    counts,
  };
}
