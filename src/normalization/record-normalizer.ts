import { DriftwatchError } from '../errors';
import { classifyCell } from '../statistics/cell-value';
import type { FeatureNormalizationConfig } from './feature-config';
import {
  createFeatureNormalizer,
  type FeatureNormalizer,
  type FeatureNormalizerState,
  type FeatureWindowResult,
  type SkipReason,
} from './feature-normalizer';
import type { AppliedStatistics, SwitchEvent } from './switch-event';

/** Settings of a record normalizer: one entry per numeric feature to normalize. */
export interface RecordNormalizerOptions {
  features: FeatureNormalizationConfig[];
}

/** Result of normalizing one window of records. */
export interface RecordWindowResult {
  /** Zero-based index of this window. */
  windowIndex: number;
  /**
   * One object per input record, in input order, with one key per configured feature: the
   * normalized value, or null where the value was missing, invalid or not numeric. Fields that are
   * not configured (categorical ones, ids) are not copied; the caller keeps the input record.
   */
  records: Array<Record<string, number | null>>;
  /** Switch events of every feature caused by this window. */
  events: SwitchEvent[];
  /** Version of the statistics that produced `records`; see `RecordNormalizer`. */
  statsVersion: number;
  /** Statistics each feature used for this window. */
  statistics: Record<string, AppliedStatistics>;
  /** Features whose statistics were not re-estimated in this window, with the reason. */
  skipped: Array<{ feature: string; reason: SkipReason }>;
}

/** Per-feature state of a record normalizer, with non-numeric field values counted as invalid. */
export interface RecordNormalizerState {
  windowCount: number;
  statsVersion: number;
  features: FeatureNormalizerState[];
}

/** Normalizes the numeric features of records window by window, for the service and the CLI. */
export interface RecordNormalizer {
  /** Configured feature names, in configuration order. */
  readonly featureNames: readonly string[];
  /**
   * Normalizes one closed window of records. `verdicts` maps feature names to this window's drift
   * verdict against the reference. A feature without an entry has no verdict, and entries for
   * features that are not configured are ignored. Only mode `adaptive` reads verdicts.
   */
  normalizeWindow(
    records: ReadonlyArray<Readonly<Record<string, unknown>>>,
    verdicts?: ReadonlyMap<string, boolean>,
  ): RecordWindowResult;
  state(): RecordNormalizerState;
}

/**
 * Creates a record normalizer with one feature normalizer per configured feature (see
 * `createFeatureNormalizer` for the modes and edge cases).
 *
 * Each field is read as the drift summaries read it (`classifyCell`). Numbers and decimal text are
 * values. Null, an absent field, NaN, empty text and the text "NaN" are missing. ±Infinity,
 * overflowing literals and any other text (words, booleans) are invalid. Missing and invalid fields
 * give null in the output and stay out of the statistics.
 *
 * `statsVersion` starts at 0 and grows by 1 after each window in which at least one feature's
 * statistics changed (a switch, a running update, a new window estimate). Output records can carry
 * it so that a consumer knows which records were normalized alike.
 *
 * Throws DriftwatchError `CONFIG_INVALID` when no feature is configured, when a name appears twice,
 * or when a feature's settings are invalid.
 */
export function createRecordNormalizer(options: RecordNormalizerOptions): RecordNormalizer {
  if (!Array.isArray(options.features) || options.features.length === 0) {
    throw new DriftwatchError(
      'CONFIG_INVALID',
      'Record normalizer has no features: expected at least one numeric feature with its settings.',
    );
  }

  const normalizers: FeatureNormalizer[] = [];
  for (const config of options.features) {
    if (normalizers.some((normalizer) => normalizer.name === config.name)) {
      throw new DriftwatchError(
        'CONFIG_INVALID',
        `Feature '${config.name}' is configured twice; give each feature one entry.`,
        { context: { feature: config.name } },
      );
    }
    normalizers.push(createFeatureNormalizer(config));
  }

  const featureNames = normalizers.map((normalizer) => normalizer.name);
  const nonNumericCounts = new Map<string, number>(featureNames.map((name) => [name, 0]));
  let windowCount = 0;
  let statsVersion = 0;

  function normalizeWindow(
    records: ReadonlyArray<Readonly<Record<string, unknown>>>,
    verdicts: ReadonlyMap<string, boolean> = new Map(),
  ): RecordWindowResult {
    const windowIndex = windowCount;
    const results: FeatureWindowResult[] = [];

    for (const normalizer of normalizers) {
      const values = readFeatureValues(records, normalizer.name);
      nonNumericCounts.set(
        normalizer.name,
        (nonNumericCounts.get(normalizer.name) ?? 0) + values.nonNumericCount,
      );

      const drifted = verdicts.get(normalizer.name);
      results.push(
        normalizer.normalizeWindow(values.values, drifted === undefined ? undefined : { drifted }),
      );
    }

    windowCount += 1;
    if (results.some((result) => result.changed)) {
      statsVersion += 1;
    }

    // Object.fromEntries defines own properties, so a feature named like an Object.prototype key
    // (such as `__proto__`) stays a plain field.
    const output = records.map((_, index) =>
      Object.fromEntries(
        results.map((result) => {
          const value = result.output[index];
          return [result.feature, Number.isNaN(value) ? null : value];
        }),
      ),
    );

    return {
      windowIndex,
      records: output,
      events: results.flatMap((result) => result.events),
      statsVersion,
      statistics: Object.fromEntries(results.map((result) => [result.feature, result.statistics])),
      skipped: results.flatMap((result) =>
        result.skipped === null ? [] : [{ feature: result.feature, reason: result.skipped }],
      ),
    };
  }

  function state(): RecordNormalizerState {
    const features = normalizers.map((normalizer) => {
      const featureState = normalizer.state();
      // Non-numeric fields reach the feature normalizer as NaN, which it counts as missing only.
      const nonNumeric = nonNumericCounts.get(normalizer.name) ?? 0;
      return { ...featureState, invalidCount: featureState.invalidCount + nonNumeric };
    });
    return { windowCount, statsVersion, features };
  }

  return { featureNames, normalizeWindow, state };
}

/**
 * Reads one feature of every record as numbers, NaN where the field is missing or text. ±Infinity
 * is kept so that the feature normalizer counts it as invalid. Returns the count of text values,
 * which the feature normalizer sees only as NaN.
 */
function readFeatureValues(
  records: ReadonlyArray<Readonly<Record<string, unknown>>>,
  name: string,
): { values: Float64Array; nonNumericCount: number } {
  const values = new Float64Array(records.length);
  let nonNumericCount = 0;

  records.forEach((record, index) => {
    const cell = classifyCell(Object.hasOwn(record, name) ? record[name] : undefined);
    if (cell.type === 'number' || cell.type === 'infinite') {
      values[index] = cell.value;
    } else {
      values[index] = Number.NaN;
      nonNumericCount += cell.type === 'text' ? 1 : 0;
    }
  });

  return { values, nonNumericCount };
}
