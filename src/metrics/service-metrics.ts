import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Every metric of the service, declared once against the registry passed in (never the global
 * one, so tests and several services in one process stay apart). Prefix `driftwatch_`, base
 * units, `_total` on counters, labels limited to pipeline, feature, method and small fixed sets.
 */
export function createServiceMetrics(registry: Registry) {
  const registers = [registry];

  return {
    records: new Counter({
      name: 'driftwatch_records_total',
      help: 'Records handled, by outcome: output (written to the output topic), dead_letter, late',
      labelNames: ['pipeline', 'outcome'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'driftwatch_dead_letters_total',
      help: 'Records sent to the dead-letter topic, by reason',
      labelNames: ['pipeline', 'reason'] as const,
      registers,
    }),
    batchDuration: new Histogram({
      name: 'driftwatch_batch_duration_seconds',
      help: 'Time from receiving a fetched batch to the output topic acknowledging its records',
      labelNames: ['pipeline'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    committedOffset: new Gauge({
      name: 'driftwatch_committed_offset',
      help: 'Last offset committed for the consumer group, per input partition',
      labelNames: ['pipeline', 'partition'] as const,
      registers,
    }),
    consumerLag: new Gauge({
      name: 'driftwatch_consumer_lag',
      help: 'Records between the high watermark and the next offset to process, per input partition',
      labelNames: ['pipeline', 'partition'] as const,
      registers,
    }),
    inFlightRecords: new Gauge({
      name: 'driftwatch_in_flight_records',
      help: 'Records received but not yet acknowledged by the output topic',
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
