/**
 * One closed window.
 *
 * `items` are all records of the window, for statistics and drift tests. `emit` are the records that
 * leave the pipeline with this window, each for the first and only time. For count and tumbling
 * windows both fields are the same array. For sliding windows a record is in the `items` of every
 * window that contains it while it is open, but in the `emit` of only the first of them to close, so
 * `emit` may be empty while `items` is not. A window without records is never emitted.
 *
 * Items are in arrival order for count and tumbling windows. Sliding windows list them by slide
 * bucket (ascending event time, one bucket per `slideMs`) and in arrival order within a bucket.
 */
export interface ClosedWindow<T> {
  /** Position in emission order of this windower, from 0. Empty windows take no index. */
  index: number;
  /** Event-time start, inclusive, in ms since the epoch. Null for count windows. */
  startMs: number | null;
  /** Event-time end, exclusive, in ms since the epoch. Null for count windows. */
  endMs: number | null;
  items: readonly T[];
  emit: readonly T[];
  /**
   * True when `flush()` closed the window before it was complete: a count window with fewer than
   * `size` records, or an event-time window that the watermark had not yet passed.
   */
  partial: boolean;
}

/** Outcome of adding one record: the windows this call closed, and the record itself if late. */
export interface AddResult<T> {
  closed: ClosedWindow<T>[];
  /** The record just added when all windows it falls into are already closed, else empty. */
  late: T[];
}

/**
 * Groups records into windows. Pure state machine: it does no I/O and reads no clock, and every
 * processing time comes in as `nowMs` (ms since the epoch, from the caller's clock). Processing times
 * are expected not to decrease, and a smaller `nowMs` than already seen counts as the largest seen.
 * Closed windows come out in order: by arrival for count windows, by start (and so by end) for
 * event-time windows.
 */
export interface Windower<T> {
  /**
   * Adds one record from `partition` (a Kafka partition number, integer >= 0).
   *
   * Event-time windows first move processing time to `nowMs` like `advance`, then decide whether the
   * record is late, then let it raise the watermark. `closed` contains the windows of both steps.
   *
   * Count windows ignore the partition and `eventTimeMs`. Event-time windows need `eventTimeMs`
   * (finite, ms since the epoch) and throw DriftwatchError `RECORD_INVALID`, naming the partition, when
   * it is null or not finite or when the partition is not an integer >= 0. A late record is returned
   * in `late` and not stored. The record still counts as a delivery of its partition, so an idle
   * partition becomes active again.
   */
  add(item: T, partition: number, eventTimeMs: number | null, nowMs: number): AddResult<T>;

  /**
   * Moves processing time to `nowMs`. Partitions that delivered nothing for `idleTimeoutMs` become
   * idle, which may raise the watermark and close windows. Count windows return nothing here
   * because a maximum wait belongs to the caller, who calls `flush()`.
   */
  advance(nowMs: number): ClosedWindow<T>[];

  /**
   * Closes every open window that has records, marked `partial: true`, and leaves the windower empty.
   * It stays usable afterwards. For event-time windows, records that arrive later and fall only into
   * windows closed here are late.
   */
  flush(): ClosedWindow<T>[];

  /**
   * Moves processing time to `nowMs` like `advance`, returning the windows this closes, then
   * registers partitions assigned to this consumer. Until it delivers or has been idle for
   * `idleTimeoutMs`, a new partition keeps the watermark where it is, so that its first records are
   * not late just because another partition was read first. Partitions already known keep their
   * state. Count windows return nothing. Throws DriftwatchError `INPUT_INVALID` for a partition that
   * is not an integer >= 0.
   */
  assign(partitions: readonly number[], nowMs: number): ClosedWindow<T>[];

  /**
   * Forgets revoked partitions, so that they stop holding back the watermark at once instead of
   * after `idleTimeoutMs`, and returns the windows that this closes. Records already stored stay in
   * their windows, although the partition's new consumer may read them again from the last committed
   * offset. Count windows return nothing.
   */
  revoke(partitions: readonly number[], nowMs: number): ClosedWindow<T>[];

  /** Number of records stored in open windows, each counted once even when windows overlap. */
  openItemCount(): number;

  /**
   * Current watermark in event-time ms: windows whose end is at or below it are closed. Null for count
   * windows and before the first record.
   */
  watermarkMs(): number | null;

  /** Returns the partitions idle at the latest processing time seen, ascending. Empty for count windows. */
  idlePartitions(): number[];
}

/** Output of the `windowRecords` operator: a closed window, or a late record in arrival order. */
export type WindowEvent<T> = { kind: 'window'; window: ClosedWindow<T> } | { kind: 'late'; item: T };
