import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Declares every metric of the service once against the registry passed in (never the global
 * one, so tests and several services in one process stay apart). Prefix `driftwatch_`, base
 * units, `_total` on counters. Labels are bounded: pipeline, feature, method, partition, and small
 * fixed sets (outcome, reason, scope, to); `category` only on target proportions, whose classes
 * are capped. The list with PromQL examples is in docs/metrics.md.
 */
export function createServiceMetrics(registry: Registry, options: { defaultMetrics?: boolean } = {}) {
  const registers = [registry];
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'driftwatch_' });
  }

  return {
    records: new Counter({
      name: 'driftwatch_records_total',
      help: 'Input records handled, by outcome: output, dead_letter, late (late record sent to the dead-letter topic), dropped (late record ignored)',
      labelNames: ['pipeline', 'outcome'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'driftwatch_dead_letters_total',
      help: 'Records sent to the dead-letter topic, by reason',
      labelNames: ['pipeline', 'reason'] as const,
      registers,
    }),
    duplicates: new Counter({
      name: 'driftwatch_redelivered_records_total',
      help: 'Records received again at an offset already processed by this process (at-least-once redelivery)',
      labelNames: ['pipeline'] as const,
      registers,
    }),
    windows: new Counter({
      name: 'driftwatch_windows_total',
      help: 'Windows closed and evaluated',
      labelNames: ['pipeline'] as const,
      registers,
    }),
    windowDuration: new Histogram({
      name: 'driftwatch_window_duration_seconds',
      help: 'Time to evaluate a closed window: statistics, drift tests, normalization and output acknowledgement',
      labelNames: ['pipeline'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    endToEndLatency: new Histogram({
      name: 'driftwatch_end_to_end_latency_seconds',
      help: 'Time from a record entering the input topic (its Kafka timestamp) to its output being acknowledged',
      labelNames: ['pipeline'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    driftStatistic: new Gauge({
      name: 'driftwatch_drift_statistic',
      help: 'Drift statistic of the latest window per feature (KS D, chi-square, PSI, Jensen-Shannon distance, Hellinger, normalized Wasserstein)',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    driftPValue: new Gauge({
      name: 'driftwatch_drift_p_value',
      help: 'p-value of the latest window per feature (tests only)',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    driftThreshold: new Gauge({
      name: 'driftwatch_drift_threshold',
      help: 'Threshold in force per feature: p-value below it (tests) or statistic at or above it (distances) means drift',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    featureDrifted: new Gauge({
      name: 'driftwatch_feature_drifted',
      help: '1 when the latest window drifted on this feature, else 0',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    featureDriftStreak: new Gauge({
      name: 'driftwatch_feature_drift_consecutive_windows',
      help: 'Consecutive windows, up to the latest, in which this feature drifted',
      labelNames: ['pipeline', 'feature'] as const,
      registers,
    }),
    featureMissingShare: new Gauge({
      name: 'driftwatch_feature_missing_share',
      help: 'Share of missing values of the feature in the latest window, in [0, 1]',
      labelNames: ['pipeline', 'feature'] as const,
      registers,
    }),
    featureMean: new Gauge({
      name: 'driftwatch_feature_mean',
      help: 'Mean of a numeric feature: scope window (latest window), reference, or normalization (statistics in use)',
      labelNames: ['pipeline', 'feature', 'scope'] as const,
      registers,
    }),
    featureStd: new Gauge({
      name: 'driftwatch_feature_std',
      help: 'Population standard deviation of a numeric feature, same scopes as driftwatch_feature_mean',
      labelNames: ['pipeline', 'feature', 'scope'] as const,
      registers,
    }),
    datasetDriftShare: new Gauge({
      name: 'driftwatch_dataset_drift_share',
      help: 'Share of features that drifted in the latest window, in [0, 1]',
      labelNames: ['pipeline'] as const,
      registers,
    }),
    datasetDrifted: new Gauge({
      name: 'driftwatch_dataset_drifted',
      help: '1 when the latest window drifted as a dataset (share at or above the dataset threshold), else 0',
      labelNames: ['pipeline'] as const,
      registers,
    }),
    targetDrifted: new Gauge({
      name: 'driftwatch_target_drifted',
      help: '1 when the target column drifted in the latest window, else 0',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    targetStatistic: new Gauge({
      name: 'driftwatch_target_drift_statistic',
      help: 'Drift statistic of the target column in the latest window',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    targetPValue: new Gauge({
      name: 'driftwatch_target_drift_p_value',
      help: 'p-value of the target column in the latest window (tests only)',
      labelNames: ['pipeline', 'feature', 'method'] as const,
      registers,
    }),
    targetProportion: new Gauge({
      name: 'driftwatch_target_proportion',
      help: 'Share of each target class: scope window (latest window) or reference; at most 50 classes per target',
      labelNames: ['pipeline', 'feature', 'category', 'scope'] as const,
      registers,
    }),
    normalizationSwitches: new Counter({
      name: 'driftwatch_normalization_switches_total',
      help: 'Adaptive normalization switches per feature, by the statistics switched to: adapted (re-estimated on the stream) or reference',
      labelNames: ['pipeline', 'feature', 'to'] as const,
      registers,
    }),
    normalizationSource: new Gauge({
      name: 'driftwatch_normalization_reestimated',
      help: '1 while a feature is normalized with statistics re-estimated on the stream, 0 while with the reference',
      labelNames: ['pipeline', 'feature'] as const,
      registers,
    }),
    normalizationSkippedWindows: new Counter({
      name: 'driftwatch_normalization_skipped_windows_total',
      help: 'Windows whose statistics were not used for normalization (fewer than 2 values or zero variance)',
      labelNames: ['pipeline', 'feature'] as const,
      registers,
    }),
    consumerLag: new Gauge({
      name: 'driftwatch_consumer_lag',
      help: 'Records between the high watermark and the next offset to fetch, per input partition',
      labelNames: ['pipeline', 'partition'] as const,
      registers,
    }),
    committedOffset: new Gauge({
      name: 'driftwatch_committed_offset',
      help: 'Last offset committed for the consumer group, per input partition',
      labelNames: ['pipeline', 'partition'] as const,
      registers,
    }),
    inFlightRecords: new Gauge({
      name: 'driftwatch_in_flight_records',
      help: 'Records received but not yet acknowledged by their output (including records in open windows)',
      labelNames: ['pipeline'] as const,
      registers,
    }),
    lastRecordTimestamp: new Gauge({
      name: 'driftwatch_last_record_timestamp_seconds',
      help: 'Unix time at which the pipeline last received a record',
      labelNames: ['pipeline'] as const,
      registers,
    }),
    ready: new Gauge({
      name: 'driftwatch_ready',
      help: '1 when the pipeline has joined its consumer group and loaded its reference, else 0',
      labelNames: ['pipeline'] as const,
      registers,
    }),
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
