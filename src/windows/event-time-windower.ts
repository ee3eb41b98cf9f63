import { DriftwatchError } from '../errors';
import { SlideBuckets } from './slide-buckets';
import type { AddResult, ClosedWindow, Windower } from './types';
import { WatermarkTracker } from './watermark-tracker';
import { type EventTimeWindowSpec, slideMsOf } from './window-spec';

/**
 * Creates a windower for tumbling or sliding event-time windows. `spec` must already be valid (see
 * `validateWindowSpec`).
 *
 * - Windows are [start, start + sizeMs) with start a multiple of slideMs, counted from the epoch.
 * - A window closes when the watermark (see `WatermarkTracker`) reaches its end: watermark >= end.
 * - A record is late when the last window that contains it, which starts at
 *   floor(eventTimeMs / slideMs)·slideMs, has already closed. It falls into no open window then.
 * - In sliding mode a record joins the `items` of every window over it that is still open, and the
 *   `emit` of the first of them to close, which is the one with the earliest start.
 * - Windows without records are skipped and take no index.
 * - Only records of open windows are kept, once each, in slide buckets (see `SlideBuckets`).
 *
 * Each `add` and `advance` costs O(partitions) for the watermark, plus the work of closing windows.
 */
export function createEventTimeWindower<T>(spec: EventTimeWindowSpec): Windower<T> {
  const sizeMs = spec.sizeMs;
  const slideMs = slideMsOf(spec);
  const tracker = new WatermarkTracker({
    allowedLatenessMs: spec.allowedLatenessMs,
    idleTimeoutMs: spec.idleTimeoutMs,
  });
  const buckets = new SlideBuckets<T>();

  // Every window whose end is at or below this is closed, whether it had records or not. It follows
  // the watermark, and `flush()` moves it past the windows it closes early.
  let closedThroughMs = Number.NEGATIVE_INFINITY;
  let nextIndex = 0;

  // Start of the earliest window that is still open: the smallest multiple of slideMs whose window
  // ends after closedThroughMs.
  const firstOpenStartMs = (): number => (Math.floor((closedThroughMs - sizeMs) / slideMs) + 1) * slideMs;

  // Closes, in order of start, every window with records whose end is at or below `limitMs`.
  const closeThrough = (limitMs: number, partial: boolean): ClosedWindow<T>[] => {
    const closed: ClosedWindow<T>[] = [];
    for (let first = buckets.firstStartMs; first !== null; first = buckets.firstStartMs) {
      // The earliest open window over the first bucket closes before any other window with records.
      const startMs = Math.max(first - sizeMs + slideMs, firstOpenStartMs());
      const endMs = startMs + sizeMs;
      if (endMs > limitMs) {
        break;
      }

      const { items, emit } = buckets.assemble(startMs, endMs);
      closed.push({ index: nextIndex, startMs, endMs, items, emit, partial });
      nextIndex += 1;
      closedThroughMs = Math.max(closedThroughMs, endMs);
      buckets.dropThrough(startMs);
    }
    return closed;
  };

  const closeForWatermark = (watermarkMs: number): ClosedWindow<T>[] => {
    const closed = closeThrough(watermarkMs, false);
    closedThroughMs = Math.max(closedThroughMs, watermarkMs);
    return closed;
  };

  return {
    add(item: T, partition: number, eventTimeMs: number | null, nowMs: number): AddResult<T> {
      const eventTime = validateRecord(spec.type, partition, eventTimeMs);
      validateNow(nowMs);

      // Idleness is settled at nowMs first, so lateness does not depend on how often advance() ran.
      // Lateness is then decided before the record moves the watermark. The record cannot close a
      // window over itself, because its partition watermark stays at or below its own event time.
      const closedBySettling = closeForWatermark(tracker.advance(nowMs));
      const bucketStartMs = Math.floor(eventTime / slideMs) * slideMs;
      const late = bucketStartMs + sizeMs <= closedThroughMs;
      if (!late) {
        buckets.insert(bucketStartMs, item);
      }

      const closedByRecord = closeForWatermark(tracker.observe(partition, eventTime, nowMs));
      return { closed: closedBySettling.concat(closedByRecord), late: late ? [item] : [] };
    },

    advance(nowMs: number): ClosedWindow<T>[] {
      validateNow(nowMs);
      return closeForWatermark(tracker.advance(nowMs));
    },

    assign(partitions: readonly number[], nowMs: number): ClosedWindow<T>[] {
      validatePartitions(partitions);
      validateNow(nowMs);
      return closeForWatermark(tracker.assign(partitions, nowMs));
    },

    revoke(partitions: readonly number[], nowMs: number): ClosedWindow<T>[] {
      validateNow(nowMs);
      return closeForWatermark(tracker.revoke(partitions, nowMs));
    },

    flush(): ClosedWindow<T>[] {
      return closeThrough(Number.POSITIVE_INFINITY, true);
    },

    openItemCount(): number {
      return buckets.itemCount;
    },

    watermarkMs(): number | null {
      const watermark = tracker.watermarkMs;
      return watermark === Number.NEGATIVE_INFINITY ? null : watermark;
    },

    idlePartitions(): number[] {
      return tracker.idlePartitions();
    },
  };
}

function validateRecord(type: string, partition: number, eventTimeMs: number | null): number {
  if (!Number.isSafeInteger(partition) || partition < 0) {
    throw new DriftwatchError(
      'RECORD_INVALID',
      `Record partition ${partition} is invalid: expected a Kafka partition number, an integer >= 0.`,
    );
  }
  if (eventTimeMs === null) {
    throw new DriftwatchError(
      'RECORD_INVALID',
      `Record from partition ${partition} has no event time, which ${type} windows need. ` +
        'Drop or dead-letter records without an event time before windowing.',
      { context: { partition } },
    );
  }
  if (!Number.isFinite(eventTimeMs)) {
    throw new DriftwatchError(
      'RECORD_INVALID',
      `Record from partition ${partition} has an invalid event time: received ${eventTimeMs}, ` +
        'expected finite milliseconds since the epoch.',
      { context: { partition } },
    );
  }
  return eventTimeMs;
}

function validatePartitions(partitions: readonly number[]): void {
  for (const partition of partitions) {
    if (!Number.isSafeInteger(partition) || partition < 0) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `Assigned partition ${partition} is invalid: expected a Kafka partition number, an integer >= 0.`,
      );
    }
  }
}

function validateNow(nowMs: number): void {
  if (!Number.isFinite(nowMs)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `Processing time ${nowMs} is invalid: expected finite milliseconds since the epoch from the clock.`,
    );
  }
}
