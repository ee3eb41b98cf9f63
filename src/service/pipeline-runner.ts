import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { concatMap, type Subscription } from 'rxjs';
import type { PipelineConfig } from '../config/pipeline-config';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { createTopicSink, type OutputMessage } from '../sinks/topic-sink';
import { createKafkaSource } from '../sources/kafka-source';
import { OffsetTracker } from '../sources/offset-tracker';
import type { SourceBatch } from '../sources/source-record';

/** A running pipeline: one consumer group, one output topic. */
export interface PipelineRunner {
  readonly id: string;
  isReady(): boolean;
  start(): Promise<void>;
  /** Stops fetching, waits for in-flight records to reach the output, commits and leaves the group. */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
  /** Resolves when the pipeline fails; the service then stops. */
  readonly failed: Promise<Error>;
}

/**
 * Creates the runner of one pipeline: a kafkajs consumer group on the input topic, an RxJS pipeline
 * over fetched batches, and the output topic. At-least-once: an input offset is committed only after
 * the output topic acknowledged every record derived from it and from all records before it.
 */
export function createPipelineRunner(options: {
  config: PipelineConfig;
  kafka: Kafka;
  metrics: ServiceMetrics;
  logger: Logger;
}): PipelineRunner {
  const { config, kafka, metrics } = options;
  const logger = options.logger.child({ pipeline: config.id, groupId: config.groupId });
  const tracker = new OffsetTracker();
  const consumer: Consumer = kafka.consumer({ groupId: config.groupId, allowAutoTopicCreation: false });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  const output = createTopicSink(producer, config.output.topic);

  let ready = false;
  let subscription: Subscription | undefined;
  let commitChain: Promise<void> = Promise.resolve();
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });

  const commit = () => {
    commitChain = commitChain.then(async () => {
      const offsets = tracker.committable();
      if (offsets.length === 0) {
        return;
      }
      try {
        await consumer.commitOffsets(offsets);
        tracker.markCommitted(offsets);
        for (const entry of offsets) {
          metrics.committedOffset.set(
            { pipeline: config.id, partition: String(entry.partition) },
            Number(entry.offset),
          );
        }
      } catch (error) {
        // The offsets stay committable and go with the next commit; a revoked partition's records
        // are redelivered to its new owner, which at-least-once allows.
        logger.warn({ err: error, offsets }, 'offset commit failed; will retry with the next commit');
      }
    });
    return commitChain;
  };

  const processBatch = async (batch: SourceBatch) => {
    const started = process.hrtime.bigint();
    const messages: OutputMessage[] = batch.records.map((record) => ({
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        'driftwatch-source': `${record.topic}/${record.partition}/${record.offset}`,
      },
    }));

    await output.send(messages);

    for (const record of batch.records) {
      tracker.complete(record.topic, record.partition, record.offset);
    }
    metrics.records.inc({ pipeline: config.id, outcome: 'output' }, batch.records.length);
    metrics.windowDuration.observe({ pipeline: config.id }, Number(process.hrtime.bigint() - started) / 1e9);
    metrics.inFlightRecords.set({ pipeline: config.id }, tracker.inFlightCount);
    await commit();
  };

  return {
    id: config.id,
    failed,
    isReady: () => ready,

    async start() {
      await ensureTopics(kafka.admin(), config, logger);

      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        ready = true;
        metrics.ready.set({ pipeline: config.id }, 1);
        logger.info(
          { memberId: event.payload.memberId, assignment: event.payload.memberAssignment },
          'joined consumer group',
        );
      });
      consumer.on(consumer.events.CRASH, (event) => {
        ready = false;
        metrics.ready.set({ pipeline: config.id }, 0);
        logger.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
      });
      consumer.on(consumer.events.DISCONNECT, () => {
        ready = false;
        metrics.ready.set({ pipeline: config.id }, 0);
      });

      await producer.connect();
      await consumer.connect();

      const source = createKafkaSource({
        consumer,
        topic: config.input.topic,
        fromBeginning: config.input.fromBeginning,
        tracker,
        maxInFlightRecords: config.delivery.maxInFlightRecords,
        logger,
        onLag: (partition, lag) =>
          metrics.consumerLag.set({ pipeline: config.id, partition: String(partition) }, lag),
      });

      subscription = source.pipe(concatMap((batch) => processBatch(batch))).subscribe({
        error: (error: unknown) => {
          logger.error({ err: error }, 'pipeline failed');
          fail(error instanceof Error ? error : new Error(String(error)));
        },
      });
      logger.info({ inputTopic: config.input.topic, outputTopic: config.output.topic }, 'pipeline started');
    },

    async stop(stopOptions = {}) {
      const drainTimeoutMs = stopOptions.drainTimeoutMs ?? 30000;
      logger.info({ inFlight: tracker.inFlightCount }, 'pipeline stopping');

      await consumer.stop();
      const deadline = Date.now() + drainTimeoutMs;
      while (tracker.inFlightCount > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (tracker.inFlightCount > 0) {
        logger.warn(
          { inFlight: tracker.inFlightCount },
          'records still in flight at shutdown; they will be redelivered',
        );
      }
      subscription?.unsubscribe();
      await commit();
      await consumer.disconnect();
      await producer.disconnect();
      ready = false;
      logger.info('pipeline stopped');
    },
  };
}

/** Creates the pipeline's topics if they are absent (auto-creation races under KRaft, so it is off). */
async function ensureTopics(admin: Admin, config: PipelineConfig, logger: Logger): Promise<void> {
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { topic: config.input.topic, numPartitions: config.input.partitions },
      { topic: config.output.topic, numPartitions: config.output.partitions ?? config.input.partitions },
    ].filter((entry) => !existing.has(entry.topic));

    if (wanted.length > 0) {
      await admin.createTopics({ topics: wanted, waitForLeaders: true });
      logger.info({ topics: wanted.map((entry) => entry.topic) }, 'created topics');
    }
  } finally {
    await admin.disconnect();
  }
}
