/**
 * Tracks which input offsets have reached their output, per topic-partition, and returns which
 * offset may be committed: the one after the longest prefix of received offsets that are all complete.
 * Outputs may be acknowledged out of order (a dead letter before the window it skipped); the
 * committable offset only ever moves over a contiguous run of completed records.
 *
 * Offsets are kept as numbers: Kafka offsets are int64, and a double is exact up to 2^53.
 */
export class OffsetTracker {
  private readonly partitions = new Map<string, PartitionState>();
  private inFlight = 0;

  /** Records received and not yet complete, across all partitions. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /**
   * Returns the highest offset tracked for a partition, or -1 when none is. A consumer that rejoins
   * its group after a broker outage fetches again from the committed offset. Records at or below
   * this offset are already in the pipeline, so they are skipped as redeliveries.
   */
  lastTrackedOffset(topic: string, partition: number): number {
    const state = this.partitions.get(key(topic, partition));
    if (state === undefined || state.pending.length === 0) {
      return state?.committable === undefined ? -1 : state.committable - 1;
    }
    return state.pending[state.pending.length - 1];
  }

  /** Registers received offsets, in the order the partition delivered them. */
  track(topic: string, partition: number, offsets: readonly string[]): void {
    const state = this.stateOf(topic, partition);
    for (const offset of offsets) {
      const value = Number(offset);
      state.pending.push(value);
      state.done.push(false);
    }
    this.inFlight += offsets.length;
  }

  /** Marks one offset complete: its outputs are acknowledged (or it was deliberately dropped). */
  complete(topic: string, partition: number, offset: string): void {
    const state = this.partitions.get(key(topic, partition));
    if (state === undefined) {
      return;
    }
    const value = Number(offset);
    const index = findIndex(state, value);
    if (index < 0 || state.done[index]) {
      return;
    }
    state.done[index] = true;
    this.inFlight -= 1;
    this.advance(state);
  }

  /**
   * Offsets that may be committed now (the next offset to read, per partition) for partitions that
   * moved since the last `markCommitted`. Call `markCommitted` once the broker accepted them.
   */
  committable(): Array<{ topic: string; partition: number; offset: string }> {
    const result: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const state of this.partitions.values()) {
      if (state.committable !== undefined && state.committable !== state.committed) {
        result.push({ topic: state.topic, partition: state.partition, offset: String(state.committable) });
      }
    }
    return result;
  }

  /** Records that the broker accepted these offsets. */
  markCommitted(offsets: ReadonlyArray<{ topic: string; partition: number; offset: string }>): void {
    for (const entry of offsets) {
      const state = this.partitions.get(key(entry.topic, entry.partition));
      if (state !== undefined) {
        state.committed = Math.max(state.committed ?? 0, Number(entry.offset));
      }
    }
  }

  /** Forgets a partition after it was revoked: its in-flight records will be redelivered elsewhere. */
  forget(topic: string, partition: number): void {
    const state = this.partitions.get(key(topic, partition));
    if (state === undefined) {
      return;
    }
    for (let index = state.head; index < state.pending.length; index += 1) {
      if (!state.done[index]) {
        this.inFlight -= 1;
      }
    }
    this.partitions.delete(key(topic, partition));
  }

  private advance(state: PartitionState): void {
    while (state.head < state.pending.length && state.done[state.head]) {
      state.committable = state.pending[state.head] + 1;
      state.head += 1;
    }

    // Drop the completed prefix now and then so the arrays do not grow for the life of the service.
    if (state.head > 4096 && state.head * 2 > state.pending.length) {
      state.pending = state.pending.slice(state.head);
      state.done = state.done.slice(state.head);
      state.head = 0;
    }
  }

  private stateOf(topic: string, partition: number): PartitionState {
    const id = key(topic, partition);
    let state = this.partitions.get(id);
    if (state === undefined) {
      state = {
        topic,
        partition,
        pending: [],
        done: [],
        head: 0,
        committable: undefined,
        committed: undefined,
      };
      this.partitions.set(id, state);
    }
    return state;
  }
}

interface PartitionState {
  topic: string;
  partition: number;
  pending: number[];
  done: boolean[];
  head: number;
  committable: number | undefined;
  committed: number | undefined;
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** Binary search: offsets of one partition arrive in increasing order. */
function findIndex(state: PartitionState, offset: number): number {
  let low = state.head;
  let high = state.pending.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = state.pending[middle];
    if (value === offset) {
      return middle;
    }
    if (value < offset) {
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return -1;
}
