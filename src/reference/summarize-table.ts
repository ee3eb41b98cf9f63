import type { FeatureKind } from '../detectors/types';
import type { RecordTable } from '../sources/file-records';
import { type FeatureSummary, summarizeColumn } from '../statistics/feature-summary';
import { DEFAULT_MAX_DISTINCT_VALUES } from '../statistics/numeric-summary';
import { createSeededRandom, deriveSeed } from '../statistics/random';
import { DEFAULT_SAMPLE_CAPACITY } from '../statistics/reservoir';
import { createReferenceProfile } from './profile-conversion';
import type { ReferenceProfile } from './profile-schema';

/** Seed of the reservoir samples when none is given. */
export const DEFAULT_SAMPLE_SEED = 1;

/** Options of `summarizeTable`. */
export interface TableSummaryOptions {
  /** Columns to summarize, with their kinds. Every column must exist in the table. */
  kinds: ReadonlyMap<string, FeatureKind>;
  /**
   * Reference summaries whose bin edges a current table is binned on. Omit for a reference
   * table: each numeric column is binned on its own deciles.
   */
  reference?: ReadonlyMap<string, FeatureSummary>;
  /** Reservoir capacity per numeric column (default 100,000). */
  sampleCapacity?: number;
  /** Distinct-value bound per numeric column (default 1000). */
  maxDistinctValues?: number;
  /** Base seed of the reservoir samples (default 1); each column and side derives its own. */
  seed?: number;
  /** Side label mixed into the seed, so reference and current samples are independent. */
  side: 'reference' | 'current';
}

/** Summarizes the given columns of a record table, one summary per column. */
export function summarizeTable(
  table: RecordTable,
  options: TableSummaryOptions,
): Map<string, FeatureSummary> {
  const summaries = new Map<string, FeatureSummary>();
  for (const [column, kind] of options.kinds) {
    const reference = options.reference?.get(column);
    const edges = reference?.kind === 'numeric' ? reference.edges : undefined;
    const random = createSeededRandom(
      deriveSeed(options.seed ?? DEFAULT_SAMPLE_SEED, `${options.side}:${column}`),
    );

    summaries.set(
      column,
      summarizeColumn(kind, table.values.get(column) ?? [], {
        edges,
        sampleCapacity: options.sampleCapacity,
        maxDistinctValues: options.maxDistinctValues,
        random,
      }),
    );
  }
  return summaries;
}

/** Options of `buildReferenceProfile`. */
export interface ReferenceProfileOptions {
  /** Columns to profile, with their kinds. */
  kinds: ReadonlyMap<string, FeatureKind>;
  sampleCapacity?: number;
  maxDistinctValues?: number;
  seed?: number;
}

/**
 * Builds the reference profile of a table: every given column summarized on its own deciles.
 * Comparing against this profile gives the same numbers as comparing against the table.
 */
export function buildReferenceProfile(
  table: RecordTable,
  options: ReferenceProfileOptions,
): ReferenceProfile {
  const sampleCapacity = options.sampleCapacity ?? DEFAULT_SAMPLE_CAPACITY;
  const maxDistinctValues = options.maxDistinctValues ?? DEFAULT_MAX_DISTINCT_VALUES;
  const summaries = summarizeTable(table, {
    kinds: options.kinds,
    sampleCapacity,
    maxDistinctValues,
    seed: options.seed,
    side: 'reference',
  });

  return createReferenceProfile({
    source: table.file,
    rowCount: table.rowCount,
    summaries,
    sampleCapacity,
    maxDistinctValues,
  });
}
