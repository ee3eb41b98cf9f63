import { asyncScheduler, interval, Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { DriftwatchError } from '../errors';
import { createWindower } from './create-windower';
import type { ClosedWindow, WindowEvent } from './types';
import { validateWindowSpec, type WindowSpec } from './window-spec';

/** Record accessors, tick interval, rebalance stream and scheduler of `windowRecords`. */
export interface WindowRecordsOptions<T> {
  /** Kafka partition the record came from, an integer >= 0. */
  partitionOf: (item: T) => number;
  /** Event time in ms since the epoch. Null is allowed only for count windows. */
  eventTimeOf: (item: T) => number | null;
  /**
   * Processing-time tick in ms for event-time windows: every tick re-evaluates idle partitions, which
   * may close windows while no record arrives. Count windows ignore it.
   */
  tickMs: number;
  /**
   * Partition assignment changes of the consumer, applied as they arrive (revoked partitions first).
   * It is subscribed before the source, so an assignment it emits synchronously comes before the
   * first record. Without it, partitions are known from their first record (see `Windower.assign`).
   */
  rebalances?: Observable<PartitionRebalance>;
  /** Clock and timer source, `asyncScheduler` by default. Tests pass a `TestScheduler`. */
  scheduler?: SchedulerLike;
}

/** Partitions that a consumer group rebalance gave to this consumer and took from it. */
export interface PartitionRebalance {
  assigned: readonly number[];
  revoked: readonly number[];
}

/**
 * Groups a record stream into windows (see `createWindower` for the semantics of `spec`). Emits each
 * closed window and each late record as it happens: for one record, the record first if it is late,
 * then the windows closed at its arrival. Processing time is `scheduler.now()`. Windows that a tick
 * or a rebalance closes are emitted when that happens.
 *
 * When the source completes, every open window is emitted as partial (see `Windower.flush`) before
 * the output completes. When the source errors, the error passes through and the records of open
 * windows are dropped without being emitted. An error of `rebalances` ends the output with that
 * error, and so does one thrown by `partitionOf`, `eventTimeOf` or the windower, such as
 * DriftwatchError `RECORD_INVALID` for a missing event time. Throws DriftwatchError `CONFIG_INVALID` for an invalid spec and `INPUT_INVALID` for a
 * `tickMs` that is not a positive finite number, both when called.
 */
export function windowRecords<T>(
  spec: WindowSpec,
  options: WindowRecordsOptions<T>,
): OperatorFunction<T, WindowEvent<T>> {
  // Fail when the pipeline is built, not at its first subscription.
  validateWindowSpec(spec);
  if (!(Number.isFinite(options.tickMs) && options.tickMs > 0)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `Window tick ${options.tickMs} ms is invalid: expected a positive finite number of milliseconds.`,
    );
  }
  const scheduler = options.scheduler ?? asyncScheduler;

  return (source) =>
    new Observable<WindowEvent<T>>((subscriber) => {
      const windower = createWindower<T>(spec);
      const emitWindows = (windows: ClosedWindow<T>[]): void => {
        for (const window of windows) {
          subscriber.next({ kind: 'window', window });
        }
      };

      // RxJS reports an error thrown inside a subscriber callback as unhandled instead of passing it
      // downstream, so each callback catches and forwards its errors.
      const ticks =
        spec.type === 'count'
          ? undefined
          : interval(options.tickMs, scheduler).subscribe(() => {
              try {
                emitWindows(windower.advance(scheduler.now()));
              } catch (error) {
                subscriber.error(error);
              }
            });

      const rebalances = options.rebalances?.subscribe({
        next: (rebalance) => {
          try {
            emitWindows(windower.revoke(rebalance.revoked, scheduler.now()));
            emitWindows(windower.assign(rebalance.assigned, scheduler.now()));
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
      });

      const records = source.subscribe({
        next: (item) => {
          // A synchronous source keeps calling next after an error, and those records must not count.
          if (subscriber.closed) {
            return;
          }
          try {
            const eventTimeMs = options.eventTimeOf(item);
            const result = windower.add(item, options.partitionOf(item), eventTimeMs, scheduler.now());
            for (const late of result.late) {
              subscriber.next({ kind: 'late', item: late });
            }
            emitWindows(result.closed);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          emitWindows(windower.flush());
          subscriber.complete();
        },
      });

      return () => {
        ticks?.unsubscribe();
        rebalances?.unsubscribe();
        records.unsubscribe();
      };
    });
}
