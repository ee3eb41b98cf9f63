import { hostname } from 'node:os';
import { type Admin, type Consumer, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { concatMap, interval, map, merge, type Observable, Subject, type Subscription } from 'rxjs';
import type { PipelineConfig } from '../config/pipeline-config';
import type { DriftReport } from '../detectors/types';
import { retryKafkaOperation } from '../kafka/retry';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { chunkMessages } from '../sinks/chunk-messages';
import type { OutputMessage } from '../sinks/output-message';
import { createKafkaSource, resumeIfCaughtUp } from '../sources/kafka-source';
import { OffsetTracker } from '../sources/offset-tracker';
import type { SourceBatch } from '../sources/source-record';
import type { ProcessorStep, StreamProcessor } from './stream-processor-types';

/** Processing-time tick that closes windows held by idle partitions or by `maxWaitMs`. */
const TICK_MS = 250;

/**
 * Readiness needs a fetch, heartbeat or join within this time. kafkajs fetches at least every
 * 5 s (maxWaitTimeInMs) and heartbeats every 3 s while connected, but during a broker outage it
 * keeps retrying for a long time before it reports a crash.
 */
const CONTACT_TIMEOUT_MS = 15_000;

/** A running pipeline: one consumer group, its output, drift-events and dead-letter topics. */
export interface PipelineRunner {
  readonly id: string;
  isReady(): boolean;
  latestReport(): DriftReport | null;
  start(): Promise<void>;
  /** Stops fetching, writes what closed windows produced, commits and leaves the group. */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
  /** Resolves when the pipeline fails for good; the service then stops. */
  readonly failed: Promise<Error>;
}

type Work =
  | { kind: 'batch'; batch: SourceBatch }
  | { kind: 'tick' }
  | { kind: 'assignment'; partitions: number[] };

/**
 * Creates the runner of one pipeline. A kafkajs consumer group on the input topic feeds an RxJS
 * pipeline (batches, processing-time ticks and assignments, one at a time through `concatMap`) into
 * the stream processor. Its outputs, drift events and dead letters are written before offsets move.
 *
 * At-least-once (default): an input offset is committed only after every message derived from it
 * and from all records before it in its partition is acknowledged. Records in an open window
 * are not acknowledged, so a restart reads them again. A redelivered offset (after a consumer
 * restart) is skipped and counted.
 * Exactly-once (`delivery.exactlyOnce`): the messages of a step and the offsets they complete are
 * written in one Kafka transaction (`sendOffsets`), so consumers reading with read_committed see
 * each output once.
 */
export function createPipelineRunner(options: {
  config: PipelineConfig;
  kafka: Kafka;
  metrics: ServiceMetrics;
  logger: Logger;
  processor: StreamProcessor;
}): PipelineRunner {
  const { config, kafka, metrics, processor } = options;
  const pipeline = config.id;
  const logger = options.logger.child({ pipeline, groupId: config.groupId });
  const tracker = new OffsetTracker();
  const exactlyOnce = config.delivery.exactlyOnce;
  const stopping = new AbortController();
  const consumer: Consumer = kafka.consumer({
    groupId: config.groupId,
    allowAutoTopicCreation: false,
    readUncommitted: false,
    // kafkajs gives up on a broker outage after its own retries. Restarting the consumer recovers
    // without restarting the service, because it rejoins and fetches from the committed offsets.
    retry: {
      restartOnFailure: async (error) => {
        logger.warn({ err: error }, 'consumer failed; restarting it');
        return !stopping.signal.aborted;
      },
    },
  });
  const producer: Producer = exactlyOnce
    ? kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        idempotent: true,
        maxInFlightRequests: 1,
        transactionalId: `driftwatch-${pipeline}-${hostname()}`,
      })
    : kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        maxInFlightRequests: 1,
      });

  let joined = false;
  let lastContactMs = 0;
  const isConnected = () => Date.now() - lastContactMs < CONTACT_TIMEOUT_MS;
  let assignedPartitions = new Set<number>();
  const assignments = new Subject<Work>();
  let subscription: Subscription | undefined;
  let commitChain: Promise<void> = Promise.resolve();
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });

  const isReady = () => joined && isConnected() && processor.hasReference();
  const setJoined = (value: boolean) => {
    joined = value;
    metrics.ready.set({ pipeline }, isReady() ? 1 : 0);
  };
  // Readiness also lapses without any event (a broker that stops responding), so the gauge is
  // refreshed on a timer rather than only on consumer events.
  let readinessTimer: NodeJS.Timeout | undefined;

  const commit = () => {
    commitChain = commitChain.then(async () => {
      const offsets = tracker.committable();
      if (offsets.length === 0) {
        return;
      }
      try {
        await consumer.commitOffsets(offsets);
        recordCommitted(offsets);
      } catch (error) {
        // The offsets stay committable and go with the next commit. A revoked partition's records
        // are redelivered to its new owner, which at-least-once allows.
        logger.warn({ err: error, offsets }, 'offset commit failed; retrying with the next commit');
      }
    });
    return commitChain;
  };

  const recordCommitted = (offsets: Array<{ topic: string; partition: number; offset: string }>) => {
    tracker.markCommitted(offsets);
    for (const entry of offsets) {
      metrics.committedOffset.set({ pipeline, partition: String(entry.partition) }, Number(entry.offset));
    }
  };

  const completeAll = (step: ProcessorStep) => {
    for (const { source } of step.deadLetters) {
      tracker.complete(source.topic, source.partition, source.offset);
    }
    for (const { source } of step.outputs) {
      tracker.complete(source.topic, source.partition, source.offset);
    }
    for (const source of step.dropped) {
      tracker.complete(source.topic, source.partition, source.offset);
    }
  };

  /** Sends a step's dead letters, outputs and drift events, in that order, through `send`. */
  const sendStep = async (
    send: (topic: string, messages: OutputMessage[]) => Promise<void>,
    step: ProcessorStep,
  ) => {
    if (step.deadLetters.length > 0) {
      if (config.deadLetter === undefined) {
        // Without a dead-letter topic, rejected records are dropped after counting and logging.
        logger.warn(
          { count: step.deadLetters.length },
          'rejected records dropped: no deadLetter topic configured',
        );
      } else {
        await send(
          config.deadLetter.topic,
          step.deadLetters.map((entry) => entry.message),
        );
      }
    }
    await send(
      config.output.topic,
      step.outputs.map((entry) => entry.message),
    );
    if (config.driftEvents !== undefined) {
      await send(config.driftEvents.topic, step.driftEvents);
    }
  };

  /** Writes a step, retrying through broker outages; a stop ends the retries. */
  const writeStep = (step: ProcessorStep) =>
    retryKafkaOperation(() => writeStepOnce(step), {
      logger,
      signal: stopping.signal,
      operation: 'write outputs and commit',
      maxDelayMs: 5000,
    });

  const writeStepOnce = async (step: ProcessorStep) => {
    const messageCount = step.deadLetters.length + step.outputs.length + step.driftEvents.length;
    if (messageCount === 0 && step.dropped.length === 0) {
      return;
    }

    if (exactlyOnce && messageCount > 0) {
      const transaction = await producer.transaction();
      try {
        await sendStep(async (topic, messages) => {
          for (const chunk of chunkMessages(messages)) {
            await transaction.send({ topic, messages: chunk, acks: -1 });
          }
        }, step);
        completeAll(step);
        const offsets = tracker.committable();
        if (offsets.length > 0) {
          await transaction.sendOffsets({
            consumerGroupId: config.groupId,
            topics: [
              {
                topic: config.input.topic,
                partitions: offsets.map(({ partition, offset }) => ({ partition, offset })),
              },
            ],
          });
        }
        await transaction.commit();
        recordCommitted(offsets);
      } catch (error) {
        await transaction.abort().catch((abortError: unknown) => {
          logger.error({ err: abortError }, 'transaction abort failed');
        });
        throw error;
      }
    } else {
      await sendStep(async (topic, messages) => {
        for (const chunk of chunkMessages(messages)) {
          await producer.send({ topic, messages: chunk, acks: -1 });
        }
      }, step);
      completeAll(step);
      await commit();
    }

    recordStepMetrics(step);
  };

  const recordStepMetrics = (step: ProcessorStep) => {
    const nowMs = Date.now();
    if (step.outputs.length > 0) {
      metrics.records.inc({ pipeline, outcome: 'output' }, step.outputs.length);
      for (const { source } of step.outputs) {
        const producedAtMs = Number(source.timestamp);
        if (Number.isFinite(producedAtMs)) {
          metrics.endToEndLatency.observe({ pipeline }, Math.max(0, nowMs - producedAtMs) / 1000);
        }
      }
    }
    for (const { reason } of step.deadLetters) {
      metrics.records.inc({ pipeline, outcome: reason === 'late_record' ? 'late' : 'dead_letter' });
      metrics.deadLetters.inc({ pipeline, reason });
    }
    if (step.dropped.length > 0) {
      metrics.records.inc({ pipeline, outcome: 'dropped' }, step.dropped.length);
    }
    metrics.inFlightRecords.set({ pipeline }, tracker.inFlightCount);
  };

  const backpressure = {
    consumer,
    tracker,
    maxInFlightRecords: config.delivery.maxInFlightRecords,
    logger,
  };

  const handle = async (work: Work) => {
    await handleWork(work);
    resumeIfCaughtUp(backpressure);
  };

  const handleWork = async (work: Work) => {
    const nowMs = Date.now();
    if (work.kind === 'tick') {
      await writeStep(processor.tick(nowMs));
      // A commit that failed during a rebalance or an outage is retried here, because after a
      // restart the partition may only deliver redeliveries, which write nothing and commit nothing.
      await commit();
      return;
    }
    if (work.kind === 'assignment') {
      const owned = new Set(work.partitions);
      for (const partition of assignedPartitions) {
        if (!owned.has(partition)) {
          // Records of a revoked partition are redelivered to its new owner from the committed offset.
          tracker.forget(config.input.topic, partition);
        }
      }
      assignedPartitions = owned;
      await writeStep(processor.assignPartitions(work.partitions, nowMs));
      return;
    }

    const { batch } = work;
    if (batch.redeliveredCount > 0) {
      metrics.duplicates.inc({ pipeline }, batch.redeliveredCount);
      logger.debug(
        { partition: batch.partition, redelivered: batch.redeliveredCount },
        'skipped redelivered records',
      );
    }
    if (batch.records.length === 0) {
      return;
    }
    metrics.lastRecordTimestamp.set({ pipeline }, nowMs / 1000);

    await writeStep(processor.push(batch.records, nowMs));
  };

  return {
    id: pipeline,
    failed,
    isReady,
    latestReport: () => processor.latestReport(),

    async start() {
      // A broker that has just started serves metadata requests before it has partition leaders.
      await retryKafkaOperation(() => ensureTopics(kafka.admin(), config, logger), {
        logger,
        signal: stopping.signal,
        operation: 'create topics',
        maxDelayMs: 5000,
      });

      const touch = () => {
        lastContactMs = Date.now();
      };
      consumer.on(consumer.events.FETCH, touch);
      consumer.on(consumer.events.HEARTBEAT, touch);
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        touch();
        setJoined(true);
        assignments.next({
          kind: 'assignment',
          partitions: event.payload.memberAssignment[config.input.topic] ?? [],
        });
        logger.info(
          { memberId: event.payload.memberId, assignment: event.payload.memberAssignment },
          'joined consumer group',
        );
      });
      consumer.on(consumer.events.CRASH, (event) => {
        setJoined(false);
        logger.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
        if (!event.payload.restart) {
          fail(event.payload.error);
        }
      });
      consumer.on(consumer.events.DISCONNECT, () => setJoined(false));
      consumer.on(consumer.events.REBALANCING, () => setJoined(false));

      await producer.connect();
      await consumer.connect();
      readinessTimer = setInterval(() => metrics.ready.set({ pipeline }, isReady() ? 1 : 0), 1000);
      readinessTimer.unref();

      const batches: Observable<Work> = createKafkaSource({
        consumer,
        topic: config.input.topic,
        fromBeginning: config.input.fromBeginning,
        tracker,
        maxInFlightRecords: config.delivery.maxInFlightRecords,
        logger,
        onLag: (partition, lag) => metrics.consumerLag.set({ pipeline, partition: String(partition) }, lag),
      }).pipe(map((batch) => ({ kind: 'batch' as const, batch })));
      const ticks: Observable<Work> = interval(TICK_MS).pipe(map(() => ({ kind: 'tick' as const })));

      subscription = merge(assignments, batches, ticks)
        .pipe(concatMap((work) => handle(work)))
        .subscribe({
          error: (error: unknown) => {
            logger.error({ err: error }, 'pipeline failed');
            fail(error instanceof Error ? error : new Error(String(error)));
          },
        });
      logger.info(
        { inputTopic: config.input.topic, outputTopic: config.output.topic, exactlyOnce },
        'pipeline started',
      );
    },

    async stop(stopOptions = {}) {
      const drainTimeoutMs = stopOptions.drainTimeoutMs ?? 30000;
      logger.info(
        { inFlight: tracker.inFlightCount, openWindowRecords: processor.openRecordCount() },
        'pipeline stopping',
      );

      await consumer.stop();

      // Records in open windows are not written: their offsets stay uncommitted and the next
      // instance reads them again, so a shutdown never emits a window cut short by the stop.
      const pendingOutsideWindows = () => tracker.inFlightCount - processor.openRecordCount();
      const deadline = Date.now() + drainTimeoutMs;
      while (pendingOutsideWindows() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      clearInterval(readinessTimer);
      // Ends write retries that a broker outage kept going past the drain deadline.
      stopping.abort();
      subscription?.unsubscribe();
      await commit();
      await consumer.disconnect();
      await producer.disconnect();
      setJoined(false);
      logger.info({ uncommittedRecords: tracker.inFlightCount }, 'pipeline stopped');
    },
  };
}

/** Creates the pipeline's topics if they are absent (auto-creation races under KRaft, so it is off). */
async function ensureTopics(admin: Admin, config: PipelineConfig, logger: Logger): Promise<void> {
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const partitions = config.input.partitions;
    const wanted = [
      { topic: config.input.topic, numPartitions: partitions },
      { topic: config.output.topic, numPartitions: config.output.partitions ?? partitions },
      ...(config.deadLetter ? [{ topic: config.deadLetter.topic, numPartitions: partitions }] : []),
      ...(config.driftEvents ? [{ topic: config.driftEvents.topic, numPartitions: 1 }] : []),
    ].filter((entry) => !existing.has(entry.topic));

    if (wanted.length > 0) {
      await admin.createTopics({ topics: wanted, waitForLeaders: true });
      logger.info({ topics: wanted.map((entry) => entry.topic) }, 'created topics');
    }
  } finally {
    await admin.disconnect();
  }
}
