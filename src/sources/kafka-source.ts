import type { Consumer, EachBatchPayload } from 'kafkajs';
import { Observable, type Subscriber } from 'rxjs';
import type { Logger } from '../logging/logger';
import type { OffsetTracker } from './offset-tracker';
import type { SourceBatch, SourceRecord } from './source-record';

/** Settings of a Kafka source. */
export interface KafkaSourceOptions {
  consumer: Consumer;
  topic: string;
  fromBeginning: boolean;
  tracker: OffsetTracker;
  /** Pause the topic's partitions once this many records are received but not yet complete. */
  maxInFlightRecords: number;
  logger: Logger;
  /** Called with the lag of a partition (high watermark minus next offset) after each batch. */
  onLag?: (partition: number, lag: number) => void;
}

/**
 * Turns a subscribed kafkajs consumer into an Observable of fetched batches.
 *
 * Offsets are not committed here. Every new record is registered with the tracker (a redelivered
 * one is counted and left out), the pipeline completes it once its outputs are acknowledged, and
 * the caller commits what the tracker allows. `eachBatch` hands each batch over and returns at
 * once (kafkajs then moves its fetch position past the batch), so it does not hold up heartbeats.
 *
 * Backpressure: once `maxInFlightRecords` records are in flight, the source pauses the topic's
 * partitions, so memory stays bounded under a burst. The caller resumes them with
 * `resumeIfCaughtUp` once the pipeline has written enough (kafkajs fetches a paused partition again
 * from its fetch position, so nothing is skipped).
 */
export function createKafkaSource(options: KafkaSourceOptions): Observable<SourceBatch> {
  return new Observable<SourceBatch>((subscriber) => {
    let stopped = false;

    const run = async () => {
      await options.consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
      await options.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => handleBatch(payload, subscriber, options, () => stopped),
      });
    };

    run().catch((error: unknown) => subscriber.error(error));

    return () => {
      stopped = true;
    };
  });
}

async function handleBatch(
  payload: EachBatchPayload,
  subscriber: Subscriber<SourceBatch>,
  options: KafkaSourceOptions,
  isStopped: () => boolean,
): Promise<void> {
  const { batch, heartbeat } = payload;
  if (batch.messages.length === 0 || isStopped()) {
    return;
  }

  // A consumer that rejoins its group after a broker outage fetches again from the committed
  // offset. Records at or below the newest tracked offset are already in the pipeline.
  const lastTracked = options.tracker.lastTrackedOffset(batch.topic, batch.partition);
  const receivedAtMs = Date.now();
  const records: SourceRecord[] = [];
  for (const message of batch.messages) {
    if (Number(message.offset) <= lastTracked) {
      continue;
    }
    records.push({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
      timestamp: message.timestamp,
      receivedAtMs,
    });
  }

  options.tracker.track(
    batch.topic,
    batch.partition,
    records.map((record) => record.offset),
  );
  subscriber.next({
    topic: batch.topic,
    partition: batch.partition,
    records,
    highWatermark: batch.highWatermark,
    redeliveredCount: batch.messages.length - records.length,
  });

  const nextOffset = Number(batch.lastOffset()) + 1;
  options.onLag?.(batch.partition, Math.max(0, Number(batch.highWatermark) - nextOffset));

  if (options.tracker.inFlightCount >= options.maxInFlightRecords) {
    options.consumer.pause([{ topic: options.topic }]);
    options.logger.debug({ inFlight: options.tracker.inFlightCount }, 'pipeline behind: partitions paused');
  }
  await heartbeat();
}

/**
 * Resumes the paused partitions once fewer than half of `maxInFlightRecords` records are in flight.
 * The gap between pausing and resuming keeps the consumer from flapping at the limit.
 */
export function resumeIfCaughtUp(
  options: Pick<KafkaSourceOptions, 'consumer' | 'tracker' | 'maxInFlightRecords' | 'logger'>,
): void {
  const paused = options.consumer.paused();
  if (paused.length > 0 && options.tracker.inFlightCount < options.maxInFlightRecords / 2) {
    options.consumer.resume(paused.map(({ topic }) => ({ topic })));
    options.logger.debug(
      { inFlight: options.tracker.inFlightCount },
      'pipeline caught up: partitions resumed',
    );
  }
}
