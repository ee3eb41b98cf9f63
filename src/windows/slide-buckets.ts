/**
 * Records of open event-time windows, stored once in buckets of one slide each, in ascending order of
 * bucket start. A sliding window of size/slide buckets is assembled from its buckets when it closes,
 * so overlapping windows share the stored records instead of holding size/slide copies. Assembling
 * copies references into new arrays for that one window. A window that is the last one over its only
 * bucket, as every tumbling window is, gets the bucket's own array instead.
 *
 * Each bucket also counts how many of its records have been emitted. Windows close in order of start,
 * so the first window to close over a bucket emits the records it contains at that moment, and the next
 * window emits only those that arrived after.
 */
export class SlideBuckets<T> {
  private buckets: Bucket<T>[] = [];
  private storedCount = 0;

  /** Number of records stored, each counted once. */
  get itemCount(): number {
    return this.storedCount;
  }

  /** Start of the earliest bucket in ms, or null when no record is stored. */
  get firstStartMs(): number | null {
    return this.buckets.length === 0 ? null : this.buckets[0].startMs;
  }

  /** Appends `item` to the bucket that starts at `bucketStartMs`, creating the bucket if needed. */
  insert(bucketStartMs: number, item: T): void {
    const position = this.lowerBound(bucketStartMs);
    const existing = this.buckets[position];
    if (existing !== undefined && existing.startMs === bucketStartMs) {
      existing.items.push(item);
    } else {
      this.buckets.splice(position, 0, { startMs: bucketStartMs, items: [item], emittedCount: 0 });
    }
    this.storedCount += 1;
  }

  /**
   * Returns the records of buckets that start in [startMs, endMs): `items` all of them and `emit` those
   * not emitted before, which are then marked emitted. Both are empty when no bucket is in range.
   * Windows must be assembled in order of start, and `dropThrough(startMs)` must follow before the next
   * insert, because the window may share the array of a bucket that starts at `startMs`.
   */
  assemble(startMs: number, endMs: number): { items: T[]; emit: T[] } {
    const first = this.lowerBound(startMs);
    const last = this.lowerBound(endMs);
    // A window that is the only and last one over its bucket (always so for tumbling windows) takes
    // the bucket's array, which is safe because the caller drops that bucket right after.
    const only = last - first === 1 ? this.buckets[first] : undefined;
    if (only !== undefined && only.startMs === startMs && only.emittedCount === 0) {
      only.emittedCount = only.items.length;
      return { items: only.items, emit: only.items };
    }

    const items: T[] = [];
    const emit: T[] = [];
    for (let position = first; position < last; position += 1) {
      const bucket = this.buckets[position];
      // A loop instead of push(...spread): spreading a large bucket overflows the call stack.
      for (let offset = 0; offset < bucket.items.length; offset += 1) {
        items.push(bucket.items[offset]);
        if (offset >= bucket.emittedCount) {
          emit.push(bucket.items[offset]);
        }
      }
      bucket.emittedCount = bucket.items.length;
    }
    return { items, emit };
  }

  /**
   * Drops the buckets that start at or before `startMs`, whose last window has closed, and returns how
   * many records they held. A window assembled earlier keeps the arrays it was given.
   */
  dropThrough(startMs: number): number {
    let end = 0;
    let droppedCount = 0;
    while (end < this.buckets.length && this.buckets[end].startMs <= startMs) {
      droppedCount += this.buckets[end].items.length;
      end += 1;
    }
    this.buckets = this.buckets.slice(end);
    this.storedCount -= droppedCount;
    return droppedCount;
  }

  // Index of the first bucket whose start is >= startMs. Records mostly arrive in order, so the
  // search usually ends at the last bucket, but out-of-order records land anywhere.
  private lowerBound(startMs: number): number {
    let low = 0;
    let high = this.buckets.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.buckets[middle].startMs < startMs) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}

interface Bucket<T> {
  /** Event-time start in ms, a multiple of slideMs. */
  startMs: number;
  /** Records in arrival order. */
  items: T[];
  /** Records at positions below this were emitted by an earlier window. */
  emittedCount: number;
}
