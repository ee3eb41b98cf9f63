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
  /** Stop fetching while this many records are received but not yet complete. */
  maxInFlightRecords: number;
  logger: Logger;
  /** Called with the lag of a partition (high watermark minus next offset) after each batch. */
  onLag?: (partition: number, lag: number) => void;
  /** How long to wait between heartbeats while the pipeline is behind, in milliseconds. */
  heartbeatIntervalMs?: number;
}

/**
 * Turns a subscribed kafkajs consumer into an Observable of fetched batches.
 *
 * Offsets are not committed here: every new record is registered with the tracker (a redelivered
 * one is counted and left out), and the pipeline
 * completes it once its outputs are acknowledged; the caller commits what the tracker allows.
 * The fetch loop moves past a batch when `eachBatch` returns (kafkajs resolves its offsets locally),
 * but `eachBatch` only returns once fewer than `maxInFlightRecords` records are in flight, so memory
 * stays bounded under a burst. While it waits it sends heartbeats, so a slow pipeline does not cost
 * the group membership, and it gives up when the batch goes stale after a rebalance.
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
  const { batch, heartbeat, isRunning, isStale } = payload;
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

  // Backpressure: hold this fetch loop until the pipeline catches up.
  const intervalMs = options.heartbeatIntervalMs ?? 1000;
  while (options.tracker.inFlightCount >= options.maxInFlightRecords && isRunning() && !isStale()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, intervalMs)));
    await heartbeat();
  }
  await heartbeat();
}
