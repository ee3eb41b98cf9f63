/**
 * Tracks the event-time watermark of a multi-partition stream with bounded out-of-orderness and idle
 * partitions.
 *
 * - Partition watermark: the maximum event time the partition has delivered minus
 *   `allowedLatenessMs`. A record more than `allowedLatenessMs` behind the newest one of its
 *   partition is beyond the bound.
 * - Idle partition: one that has delivered nothing for at least `idleTimeoutMs` of processing time.
 *   It becomes active again with its next record.
 * - Global watermark: the minimum partition watermark over active partitions, so the slowest active
 *   partition holds back every window. Idle partitions are left out, so a quiet partition does not
 *   stall the stream. When every known partition is idle, the maximum partition watermark is used,
 *   which is where the most advanced partition alone would have put it.
 *
 * The global watermark never decreases. When a partition that was left out becomes active again
 * behind it, the watermark stays, and that partition's records for closed windows are late.
 * It is -Infinity until the first record.
 *
 * Every method that takes `nowMs` first settles idleness at that time, as `advance(nowMs)` would,
 * and only then applies its change. So the watermark after a call does not depend on how often
 * `advance` ran before it: idleness only grows while a partition is silent, and the watermark only
 * rises with it.
 *
 * A partition is known from its assignment (`assign`) or else from its first record. An assigned
 * partition without records keeps the watermark from rising until it delivers or becomes idle,
 * because its first records may be older than everything seen so far. A partition first seen through
 * its records cannot hold back windows that closed before it arrived. So after a rebalance, call
 * `assign` before the new partitions' records, and `revoke` so that a partition that moved to another
 * consumer stops holding the watermark at once instead of after `idleTimeoutMs`.
 */
export class WatermarkTracker {
  private readonly partitions = new Map<number, PartitionState>();
  private watermark = Number.NEGATIVE_INFINITY;
  private latestNowMs = Number.NEGATIVE_INFINITY;
  // Processing time of the last recomputation. The only change that skips recomputing, `assign`,
  // cannot raise the watermark, so a call at this same time has nothing new to settle.
  private settledAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: { allowedLatenessMs: number; idleTimeoutMs: number }) {}

  /** Current global watermark in event-time ms, -Infinity before the first record. */
  get watermarkMs(): number {
    return this.watermark;
  }

  /** Moves processing time to `nowMs`, re-evaluates idleness and returns the global watermark. */
  advance(nowMs: number): number {
    const now = this.clampNow(nowMs);
    if (now > this.settledAtMs) {
      this.recompute(now);
    }
    return this.watermark;
  }

  /**
   * Records a delivery of `partition` with event time `eventTimeMs` at processing time `nowMs` and
   * returns the new global watermark. Late records count too, because they show that the partition
   * is alive.
   */
  observe(partition: number, eventTimeMs: number, nowMs: number): number {
    const now = this.clampNow(nowMs);
    this.advance(now);

    const state = this.partitions.get(partition);
    if (state === undefined) {
      this.partitions.set(partition, { maxEventTimeMs: eventTimeMs, lastDeliveryMs: now });
    } else {
      state.maxEventTimeMs = Math.max(state.maxEventTimeMs, eventTimeMs);
      state.lastDeliveryMs = now;
    }
    return this.recompute(now);
  }

  /**
   * Registers assigned partitions at processing time `nowMs` and returns the global watermark. A new
   * partition keeps the watermark where it is until it delivers or has been idle for `idleTimeoutMs`
   * since now. Known partitions keep their state.
   */
  assign(partitions: readonly number[], nowMs: number): number {
    const now = this.clampNow(nowMs);
    this.advance(now);

    for (const partition of partitions) {
      if (!this.partitions.has(partition)) {
        this.partitions.set(partition, { maxEventTimeMs: Number.NEGATIVE_INFINITY, lastDeliveryMs: now });
      }
    }
    return this.watermark;
  }

  /**
   * Forgets revoked partitions at processing time `nowMs`, so they no longer hold back the
   * watermark, and returns the new global watermark. A revoked partition that delivers again is
   * known anew.
   */
  revoke(partitions: readonly number[], nowMs: number): number {
    const now = this.clampNow(nowMs);
    this.advance(now);

    for (const partition of partitions) {
      this.partitions.delete(partition);
    }
    return this.recompute(now);
  }

  /** Returns the partitions that are idle at the latest processing time seen, in ascending order. */
  idlePartitions(): number[] {
    const idle: number[] = [];
    for (const [partition, state] of this.partitions) {
      if (this.isIdle(state, this.latestNowMs)) {
        idle.push(partition);
      }
    }
    return idle.sort((left, right) => left - right);
  }

  private recompute(now: number): number {
    let activeMinimum = Number.POSITIVE_INFINITY;
    let overallMaximum = Number.NEGATIVE_INFINITY;
    let hasActive = false;
    for (const state of this.partitions.values()) {
      const partitionWatermark = state.maxEventTimeMs - this.options.allowedLatenessMs;
      overallMaximum = Math.max(overallMaximum, partitionWatermark);
      if (!this.isIdle(state, now)) {
        hasActive = true;
        activeMinimum = Math.min(activeMinimum, partitionWatermark);
      }
    }

    const candidate = hasActive ? activeMinimum : overallMaximum;
    this.watermark = Math.max(this.watermark, candidate);
    this.settledAtMs = now;
    return this.watermark;
  }

  private isIdle(state: PartitionState, now: number): boolean {
    return now - state.lastDeliveryMs >= this.options.idleTimeoutMs;
  }

  // A clock that steps back (an NTP correction of Date.now) must not make idle partitions active.
  private clampNow(nowMs: number): number {
    this.latestNowMs = Math.max(this.latestNowMs, nowMs);
    return this.latestNowMs;
  }
}

interface PartitionState {
  maxEventTimeMs: number;
  /** Processing time of the partition's latest record, or of its assignment before any record, in ms. */
  lastDeliveryMs: number;
}
