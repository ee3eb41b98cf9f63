import type { AddResult, ClosedWindow, Windower } from './types';

/**
 * Creates a windower for tumbling count windows of `size` records across all partitions, in arrival
 * order. The window closes on the record that fills it. No record is ever late, and partitions,
 * assignments, event times and processing times are ignored. `flush()` closes the open window early as partial
 * (at shutdown, or when the caller's maximum wait expires) and returns nothing when it is empty.
 * `size` must already be valid (see `validateWindowSpec`).
 */
export function createCountWindower<T>(size: number): Windower<T> {
  let open: T[] = [];
  let nextIndex = 0;

  const close = (partial: boolean): ClosedWindow<T> => {
    const items = open;
    open = [];
    const window = { index: nextIndex, startMs: null, endMs: null, items, emit: items, partial };
    nextIndex += 1;
    return window;
  };

  return {
    add(item: T): AddResult<T> {
      open.push(item);
      if (open.length < size) {
        return { closed: [], late: [] };
      }
      return { closed: [close(false)], late: [] };
    },

    advance(): ClosedWindow<T>[] {
      return [];
    },

    flush(): ClosedWindow<T>[] {
      if (open.length === 0) {
        return [];
      }
      return [close(true)];
    },

    assign(): ClosedWindow<T>[] {
      return [];
    },

    revoke(): ClosedWindow<T>[] {
      return [];
    },

    openItemCount(): number {
      return open.length;
    },

    watermarkMs(): number | null {
      return null;
    },

    idlePartitions(): number[] {
      return [];
    },
  };
}
