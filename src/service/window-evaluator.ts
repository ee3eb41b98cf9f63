import type { PipelineConfig } from '../config/pipeline-config';
import { buildDriftReport, toReportJson } from '../detectors/report';
import type { DriftReport, FeatureKind } from '../detectors/types';
import { DriftwatchError } from '../errors';
import {
  type AppliedStatistics,
  createRecordNormalizer,
  type RecordNormalizer,
  type SwitchEvent,
} from '../normalization';
import { toFeatureSummary } from '../reference/profile-conversion';
import type { ReferenceProfile } from '../reference/profile-schema';
import type { DecodedRecord } from '../sources/decode-record';
import type { FeatureSummary } from '../statistics/feature-summary';
import { summarizeColumn } from '../statistics/feature-summary';
import { computeBiasedVariance, computeMean } from '../statistics/moments';
import { createSeededRandom, type RandomSource } from '../statistics/random';

/** A monitored column with its kind settled (from the pipeline file or the reference profile). */
export interface EvaluatedColumn {
  name: string;
  kind: FeatureKind;
  required: boolean;
}

/** Result of evaluating one window, for outputs, drift events and metrics. */
export interface WindowEvaluation {
  /** Drift report, or null when the window only built the reference. */
  report: DriftReport | null;
  /** Records to emit, in order, with `normalized[i]` the renormalized values of `emitted[i]`. */
  emitted: readonly DecodedRecord[];
  normalized: Array<Record<string, number | null>>;
  switches: SwitchEvent[];
  statsVersion: number;
  /** Per numeric feature: population mean and std of the window and of the reference, and the statistics used. */
  numericStatistics: Array<{
    feature: string;
    window: { mean: number; std: number } | null;
    reference: { mean: number; std: number } | null;
    normalization: AppliedStatistics | null;
  }>;
  /** Class shares of a categorical target in the window and in the reference. */
  targetProportions: { feature: string; window: Map<string, number>; reference: Map<string, number> } | null;
  /** Features whose normalization statistics this window did not update, with the reason. */
  skipped: Array<{ feature: string; reason: string }>;
}

/** Computes drift reports and renormalized values window by window. */
export interface WindowEvaluator {
  features(): EvaluatedColumn[];
  target(): EvaluatedColumn | null;
  hasReference(): boolean;
  /** Builds the reference from records (the first N of the stream) and normalizes them with it. */
  setReference(records: readonly DecodedRecord[]): WindowEvaluation;
  /** Evaluates one closed window: every record in `items` counts for statistics, `emit` are output. */
  evaluate(
    items: readonly DecodedRecord[],
    window: { emit: readonly DecodedRecord[]; partial: boolean; bounds: { start: string; end: string } },
  ): WindowEvaluation;
  /** The report as a JSON-ready object (an infinite statistic becomes the string "Infinity"). */
  toJson(report: DriftReport): unknown;
}

/**
 * Creates the evaluator of a pipeline. Reference sources: a loaded profile, the first N records
 * (`setReference`), or the previous window. With the previous window, each window becomes the
 * reference of the next, and the first window only builds it. A partial count window (closed by
 * `maxWaitMs` or at shutdown) with fewer records than half the window size produces no report.
 * Numeric features are renormalized with the pipeline's mode; the
 * drift verdict of each window drives `adaptive` normalization.
 *
 * Throws DriftwatchError `CONFIG_INVALID` when a feature has no kind and no profile gives it, or
 * when a profile lacks a monitored feature.
 */
export function createWindowEvaluator(options: {
  config: PipelineConfig;
  profile: ReferenceProfile | null;
  seed?: number;
}): WindowEvaluator {
  const { config, profile } = options;
  const random: RandomSource = createSeededRandom(options.seed ?? 1);
  const features = config.features.map((feature, index) =>
    settleColumn(config, profile, feature.name, feature.kind, feature.required, `features.${index}`),
  );
  const target =
    config.target === undefined
      ? null
      : settleColumn(config, profile, config.target.name, config.target.kind, false, 'target');
  const columns = target === null ? features : [...features, target];
  const featureOptions = Object.fromEntries(
    [...config.features, ...(config.target === undefined ? [] : [config.target])].map((feature) => [
      feature.name,
      { method: feature.method, threshold: feature.threshold },
    ]),
  );

  // Partial count windows below half the window size get no drift report.
  const minimumPartialRecords = config.window.type === 'count' ? Math.ceil(config.window.size / 2) : 2;
  let reference: Map<string, FeatureSummary> | null = null;
  let normalizer: RecordNormalizer | null = null;

  const installReference = (summaries: Map<string, FeatureSummary>) => {
    // The reference never takes more values, so its raw sample is sorted once here; KS and
    // Wasserstein then skip sorting it again for every window.
    for (const summary of summaries.values()) {
      if (summary.kind === 'numeric') {
        summary.sample.values.sort((left, right) => left - right);
      }
    }
    reference = summaries;
    if (normalizer === null) {
      normalizer = createNormalizer(config, features, summaries);
    }
  };

  if (profile !== null) {
    installReference(
      new Map(
        columns.map((column) => [column.name, toFeatureSummary(profile.features[column.name], profile)]),
      ),
    );
  }

  const summarize = (records: readonly DecodedRecord[], edgesFrom: Map<string, FeatureSummary> | null) =>
    new Map(
      columns.map((column) => {
        const values = records.map((record) =>
          column.kind === 'numeric' ? record.numeric.get(column.name) : record.categorical.get(column.name),
        );
        const referenceSummary = edgesFrom?.get(column.name);
        const edges = referenceSummary?.kind === 'numeric' ? referenceSummary.edges : undefined;
        return [column.name, summarizeColumn(column.kind, values, { edges, random })];
      }),
    );

  const normalize = (
    records: readonly DecodedRecord[],
    emit: readonly DecodedRecord[],
    verdicts: Map<string, boolean> | undefined,
  ) => {
    if (normalizer === null) {
      return { normalized: emit.map(() => ({})), switches: [], statsVersion: 0, statistics: {}, skipped: [] };
    }
    const result = normalizer.normalizeWindow(
      records.map((record) => record.fields),
      verdicts,
    );
    const rowOf = new Map(records.map((record, index) => [record, index]));
    return {
      normalized: emit.map((record) => result.records[rowOf.get(record) ?? -1] ?? {}),
      switches: result.events,
      statsVersion: result.statsVersion,
      statistics: result.statistics,
      skipped: result.skipped.map((entry) => ({ feature: entry.feature, reason: entry.reason })),
    };
  };

  const describe = (
    current: Map<string, FeatureSummary>,
    base: Map<string, FeatureSummary> | null,
    statistics: Record<string, AppliedStatistics>,
  ): Pick<WindowEvaluation, 'numericStatistics' | 'targetProportions'> => ({
    numericStatistics: features
      .filter((feature) => feature.kind === 'numeric')
      .map((feature) => ({
        feature: feature.name,
        window: meanAndStd(current.get(feature.name)),
        reference: meanAndStd(base?.get(feature.name)),
        normalization: statistics[feature.name] ?? null,
      })),
    targetProportions:
      target === null || target.kind !== 'categorical'
        ? null
        : {
            feature: target.name,
            window: proportions(current.get(target.name)),
            reference: proportions(base?.get(target.name)),
          },
  });

  return {
    features: () => features,
    target: () => target,
    hasReference: () => reference !== null,

    setReference(records) {
      const summaries = summarize(records, null);
      installReference(summaries);
      const result = normalize(records, records, undefined);
      return {
        report: null,
        emitted: records,
        ...result,
        ...describe(summaries, summaries, result.statistics),
      };
    },

    evaluate(items, window) {
      const base = reference;
      const current = summarize(items, base);

      if (columns.length === 0) {
        // Nothing to monitor: records pass through with their original fields only.
        return {
          report: null,
          emitted: window.emit,
          ...normalize(items, window.emit, undefined),
          numericStatistics: [],
          targetProportions: null,
        };
      }
      if (window.partial && items.length < minimumPartialRecords) {
        // A window cut short at shutdown or by maxWaitMs with a handful of records would set the
        // latest verdict from noise. Its records are emitted with the statistics in use.
        const result = normalize(items, window.emit, undefined);
        return {
          report: null,
          emitted: window.emit,
          ...result,
          ...describe(current, base, result.statistics),
        };
      }
      if (base === null) {
        // Rolling reference: the first window becomes the reference of the next one.
        installReference(summarize(items, null));
        const result = normalize(items, window.emit, undefined);
        return {
          report: null,
          emitted: window.emit,
          ...result,
          ...describe(current, null, result.statistics),
        };
      }

      const built = buildDriftReport(base, current, {
        features: features.map((feature) => feature.name),
        target: target?.name ?? null,
        featureOptions,
        datasetThreshold: config.detection.datasetThreshold,
        correction: config.detection.correction,
      });
      const report: DriftReport = {
        ...built,
        pipeline: config.id,
        window: {
          start: window.bounds.start,
          end: window.bounds.end,
          recordCount: items.length,
          ...(window.partial ? { partial: true } : {}),
        },
      };
      const verdicts = new Map(report.features.map((feature) => [feature.name, feature.drifted]));
      const result = normalize(items, window.emit, verdicts);

      if (config.reference?.source === 'previous') {
        installReference(summarize(items, null));
      }
      return { report, emitted: window.emit, ...result, ...describe(current, base, result.statistics) };
    },

    toJson: (report) => JSON.parse(toReportJson(report)),
  };
}

function settleColumn(
  config: PipelineConfig,
  profile: ReferenceProfile | null,
  name: string,
  kind: FeatureKind | undefined,
  required: boolean,
  key: string,
): EvaluatedColumn {
  const fromProfile = profile?.features[name];
  if (profile !== null && fromProfile === undefined) {
    throw new DriftwatchError(
      'CONFIG_INVALID',
      `${config.file}: ${key}: the reference profile has no column "${name}"; it has ${Object.keys(profile.features).join(', ')}`,
      { context: { file: config.file, path: key, pipeline: config.id, feature: name } },
    );
  }
  const settled = kind ?? fromProfile?.kind;
  if (settled === undefined) {
    throw new DriftwatchError(
      'CONFIG_INVALID',
      `${config.file}: ${key}.kind: set kind (numeric or categorical) for "${name}": without a reference profile it cannot be read from the reference`,
      { context: { file: config.file, path: `${key}.kind`, pipeline: config.id, feature: name } },
    );
  }
  if (fromProfile !== undefined && fromProfile.kind !== settled) {
    throw new DriftwatchError(
      'CONFIG_INVALID',
      `${config.file}: ${key}.kind: "${name}" is ${settled} in the pipeline file but ${fromProfile.kind} in the reference profile; make them agree`,
      { context: { file: config.file, path: `${key}.kind`, pipeline: config.id, feature: name } },
    );
  }
  return { name, kind: settled, required };
}

function createNormalizer(
  config: PipelineConfig,
  features: EvaluatedColumn[],
  reference: Map<string, FeatureSummary>,
): RecordNormalizer | null {
  const numeric = features.filter((feature) => feature.kind === 'numeric');
  if (numeric.length === 0) {
    return null;
  }
  const settings = config.normalization;
  return createRecordNormalizer({
    features: numeric.map((feature) => {
      const summary = reference.get(feature.name);
      const moments = summary?.kind === 'numeric' ? summary.moments : undefined;
      const mean = moments === undefined ? null : computeMean(moments);
      const variance = moments === undefined ? null : computeBiasedVariance(moments);
      return {
        name: feature.name,
        mode: settings.mode,
        reference: mean === null || variance === null ? undefined : { mean, variance, count: moments?.count },
        affine: settings.affine,
        momentum: settings.momentum,
        epsilon: settings.epsilon,
        revert: settings.revert,
      };
    }),
  });
}

function meanAndStd(summary: FeatureSummary | undefined): { mean: number; std: number } | null {
  if (summary?.kind !== 'numeric') {
    return null;
  }
  const mean = computeMean(summary.moments);
  const variance = computeBiasedVariance(summary.moments);
  return mean === null || variance === null ? null : { mean, std: Math.sqrt(variance) };
}

function proportions(summary: FeatureSummary | undefined): Map<string, number> {
  const shares = new Map<string, number>();
  if (summary?.kind !== 'categorical' || summary.count === 0) {
    return shares;
  }
  for (const [category, count] of summary.counts) {
    shares.set(category, count / summary.count);
  }
  return shares;
}
