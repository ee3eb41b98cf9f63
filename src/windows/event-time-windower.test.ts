import { DriftwatchError } from '../errors';
import { createWindower } from './create-windower';
import type { ClosedWindow, Windower } from './types';

const tumbling = { type: 'tumbling', sizeMs: 10, allowedLatenessMs: 0, idleTimeoutMs: 1_000 } as const;
const sliding = {
  type: 'sliding',
  sizeMs: 30,
  slideMs: 10,
  allowedLatenessMs: 0,
  idleTimeoutMs: 1_000,
} as const;

/** Adds a record named `<name>` with event time `eventTimeMs` and returns the windows it closed. */
function add(windower: Windower<string>, name: string, eventTimeMs: number, partition = 0, nowMs = 0) {
  return windower.add(name, partition, eventTimeMs, nowMs);
}

function bounds(windows: ClosedWindow<string>[]): Array<[number | null, number | null]> {
  return windows.map((window) => [window.startMs, window.endMs]);
}

function errorOf(action: () => unknown): DriftwatchError {
  try {
    action();
  } catch (error) {
    if (error instanceof DriftwatchError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DriftwatchError');
}

describe('tumbling windows', () => {
  it('closes a window when the watermark reaches its end', () => {
    const windower = createWindower<string>(tumbling);
    add(windower, 'a', 1);
    add(windower, 'b', 9);

    expect(add(windower, 'c', 9.5).closed).toEqual([]);
    const { closed, late } = add(windower, 'd', 10);

    expect(late).toEqual([]);
    expect(closed).toEqual([
      { index: 0, startMs: 0, endMs: 10, items: ['a', 'b', 'c'], emit: ['a', 'b', 'c'], partial: false },
    ]);
    expect(closed[0].emit).toBe(closed[0].items);
    expect(windower.openItemCount()).toBe(1);
    expect(windower.watermarkMs()).toBe(10);
  });

  it('keeps arrival order within a window', () => {
    const windower = createWindower<string>(tumbling);
    add(windower, 'a', 7);
    add(windower, 'b', 2);
    add(windower, 'c', 5);
    const { closed } = add(windower, 'd', 11);

    expect(closed[0].items).toEqual(['a', 'b', 'c']);
  });

  it('aligns windows to the epoch', () => {
    const windower = createWindower<string>({ ...tumbling, sizeMs: 60_000 });
    add(windower, 'a', 1_700_000_012_345);
    const { closed } = add(windower, 'b', 1_700_000_100_000);

    expect(bounds(closed)).toEqual([[1_699_999_980_000, 1_700_000_040_000]]);
  });

  it('returns a record for a closed window as late', () => {
    const windower = createWindower<string>(tumbling);
    add(windower, 'a', 1);
    add(windower, 'b', 12);
    const { closed, late } = add(windower, 'c', 3);

    expect(closed).toEqual([]);
    expect(late).toEqual(['c']);
    expect(windower.openItemCount()).toBe(1);
  });

  it('waits allowedLatenessMs for stragglers', () => {
    const windower = createWindower<string>({ ...tumbling, allowedLatenessMs: 5 });
    add(windower, 'a', 1);

    expect(add(windower, 'b', 12).closed).toEqual([]);
    expect(windower.watermarkMs()).toBe(7);
    expect(add(windower, 'c', 8).late).toEqual([]);
    const { closed } = add(windower, 'd', 15);

    expect(closed.map((window) => window.items)).toEqual([['a', 'c']]);
    expect(add(windower, 'e', 9).late).toEqual(['e']);
  });

  it('skips windows without records', () => {
    const windower = createWindower<string>(tumbling);
    add(windower, 'a', 1);
    const first = add(windower, 'b', 55).closed;
    const second = add(windower, 'c', 70).closed;

    expect(bounds(first)).toEqual([[0, 10]]);
    expect(bounds(second)).toEqual([[50, 60]]);
    expect(second[0].index).toBe(1);
  });

  it('closes several windows in order of start', () => {
    const windower = createWindower<string>({ ...tumbling, allowedLatenessMs: 100 });
    add(windower, 'c', 25);
    add(windower, 'a', 5);
    add(windower, 'b', 15);
    const { closed } = add(windower, 'd', 135);

    expect(bounds(closed)).toEqual([
      [0, 10],
      [10, 20],
      [20, 30],
    ]);
    expect(closed.map((window) => window.index)).toEqual([0, 1, 2]);
  });

  it('starts without a watermark', () => {
    const windower = createWindower<string>(tumbling);

    expect(windower.watermarkMs()).toBeNull();
    expect(windower.advance(10_000)).toEqual([]);
    expect(windower.flush()).toEqual([]);
  });
});

describe('idle partitions', () => {
  it('holds windows for the slowest partition', () => {
    const windower = createWindower<string>(tumbling);
    windower.assign([0, 1], 0);
    add(windower, 'a', 1, 0, 0);
    add(windower, 'b', 2, 1, 0);

    expect(add(windower, 'c', 25, 0, 100).closed).toEqual([]);
    expect(windower.advance(999)).toEqual([]);
    expect(windower.watermarkMs()).toBe(2);
  });

  it('closes windows once the slow partition is idle', () => {
    const windower = createWindower<string>(tumbling);
    windower.assign([0, 1], 0);
    add(windower, 'a', 1, 0, 0);
    add(windower, 'b', 2, 1, 0);
    add(windower, 'c', 25, 0, 100);
    const closed = windower.advance(1_000);

    expect(closed.map((window) => window.items)).toEqual([['a', 'b']]);
    expect(windower.idlePartitions()).toEqual([1]);
    expect(windower.watermarkMs()).toBe(25);
  });

  it('reactivates a partition that delivers again', () => {
    const windower = createWindower<string>(tumbling);
    windower.assign([0, 1], 0);
    add(windower, 'a', 1, 0, 0);
    add(windower, 'b', 2, 1, 0);
    add(windower, 'c', 25, 0, 100);
    windower.advance(1_000);

    expect(add(windower, 'd', 15, 1, 1_050).late).toEqual(['d']);
    expect(windower.idlePartitions()).toEqual([]);
    expect(add(windower, 'e', 26, 1, 1_060).late).toEqual([]);
    expect(add(windower, 'f', 40, 0, 1_070).closed).toEqual([]);
    expect(windower.watermarkMs()).toBe(26);
  });

  it('holds windows for an assigned silent partition', () => {
    const windower = createWindower<string>(tumbling);
    windower.assign([0, 1], 0);
    add(windower, 'a', 1, 0, 0);

    expect(add(windower, 'b', 50, 0, 500).closed).toEqual([]);
    expect(windower.watermarkMs()).toBeNull();
    expect(bounds(windower.advance(1_000))).toEqual([[0, 10]]);
  });

  it('closes windows when the slow partition is revoked', () => {
    const windower = createWindower<string>(tumbling);
    windower.assign([0, 1], 0);
    add(windower, 'a', 1, 0, 0);
    add(windower, 'b', 2, 1, 0);
    add(windower, 'c', 25, 0, 100);

    expect(bounds(windower.revoke([1], 200))).toEqual([[0, 10]]);
  });

  it('settles idleness before judging lateness', () => {
    const windower = createWindower<string>(tumbling);
    windower.assign([0, 1], 0);
    add(windower, 'a', 1, 0, 0);
    add(windower, 'b', 25, 1, 0);
    const { closed, late } = add(windower, 'c', 5, 0, 1_000);

    expect(closed.map((window) => window.items)).toEqual([['a']]);
    expect(late).toEqual(['c']);
  });

  it('keeps the newest window open when all are idle', () => {
    const windower = createWindower<string>(tumbling);
    add(windower, 'a', 5, 0, 0);
    add(windower, 'b', 3, 1, 0);

    expect(windower.advance(60_000)).toEqual([]);
    expect(windower.idlePartitions()).toEqual([0, 1]);
    expect(windower.openItemCount()).toBe(2);
  });
});

describe('event-time flush', () => {
  it('closes open windows as partial', () => {
    const windower = createWindower<string>({ ...tumbling, allowedLatenessMs: 100 });
    add(windower, 'a', 5);
    add(windower, 'b', 25);
    const closed = windower.flush();

    expect(closed).toEqual([
      { index: 0, startMs: 0, endMs: 10, items: ['a'], emit: ['a'], partial: true },
      { index: 1, startMs: 20, endMs: 30, items: ['b'], emit: ['b'], partial: true },
    ]);
    expect(windower.openItemCount()).toBe(0);
  });

  it('treats records for flushed windows as late', () => {
    const windower = createWindower<string>({ ...tumbling, allowedLatenessMs: 100 });
    add(windower, 'a', 5);
    add(windower, 'b', 25);
    windower.flush();

    expect(add(windower, 'c', 28).late).toEqual(['c']);
    expect(add(windower, 'd', 30).late).toEqual([]);
    expect(windower.flush().map((window) => window.index)).toEqual([2]);
  });
});

describe('sliding windows', () => {
  it('puts a record into every open window over it', () => {
    const windower = createWindower<string>({ ...sliding, allowedLatenessMs: 100 });
    add(windower, 'a', 5);
    add(windower, 'b', 12);
    add(windower, 'c', 25);

    expect(windower.openItemCount()).toBe(3);
    const { closed } = add(windower, 'd', 140);

    expect(bounds(closed)).toEqual([
      [-20, 10],
      [-10, 20],
      [0, 30],
      [10, 40],
    ]);
    expect(closed.map((window) => window.items)).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c'], ['b', 'c']]);
    expect(windower.openItemCount()).toBe(2);
  });

  it('emits a record with its first window to close', () => {
    const windower = createWindower<string>({ ...sliding, allowedLatenessMs: 100 });
    add(windower, 'a', 5);
    add(windower, 'b', 12);
    add(windower, 'c', 25);
    const { closed } = add(windower, 'd', 140);

    expect(closed.map((window) => window.emit)).toEqual([['a'], ['b'], ['c'], []]);
  });

  it('emits a straggler with the next open window', () => {
    const windower = createWindower<string>(sliding);
    add(windower, 'a', 5);
    const first = add(windower, 'b', 15).closed;

    expect(bounds(first)).toEqual([[-20, 10]]);
    expect(add(windower, 'c', 8).late).toEqual([]);
    const { closed } = add(windower, 'd', 20);

    expect(bounds(closed)).toEqual([[-10, 20]]);
    expect(closed[0].items).toEqual(['a', 'c', 'b']);
    expect(closed[0].emit).toEqual(['c', 'b']);
  });

  it('returns a record as late only when all its windows closed', () => {
    const windower = createWindower<string>(sliding);
    add(windower, 'a', 5);
    add(windower, 'b', 30);

    expect(add(windower, 'c', 0).late).toEqual(['c']);
    expect(add(windower, 'd', 10).late).toEqual([]);
  });

  it('skips windows without records', () => {
    const windower = createWindower<string>(sliding);
    add(windower, 'a', 5);
    const { closed } = add(windower, 'b', 200);

    expect(bounds(closed)).toEqual([
      [-20, 10],
      [-10, 20],
      [0, 30],
    ]);
    expect(windower.flush().map((window) => [window.startMs, window.index])).toEqual([
      [180, 3],
      [190, 4],
      [200, 5],
    ]);
  });

  it('flushes every window with records as partial', () => {
    const windower = createWindower<string>({ ...sliding, allowedLatenessMs: 100 });
    add(windower, 'a', 5);
    add(windower, 'b', 12);
    const closed = windower.flush();

    expect(bounds(closed)).toEqual([
      [-20, 10],
      [-10, 20],
      [0, 30],
      [10, 40],
    ]);
    expect(closed.every((window) => window.partial)).toBe(true);
    expect(closed.map((window) => window.emit)).toEqual([['a'], ['b'], [], []]);
    expect(windower.openItemCount()).toBe(0);
  });

  it('shares the array when slide equals size', () => {
    const windower = createWindower<string>({ ...sliding, slideMs: 30 });
    add(windower, 'a', 5);
    const { closed } = add(windower, 'b', 31);

    expect(closed[0].items).toEqual(['a']);
    expect(closed[0].emit).toBe(closed[0].items);
  });
});

describe('event-time input checks', () => {
  it('rejects a record without event time', () => {
    const windower = createWindower<string>(tumbling);
    const error = errorOf(() => windower.add('a', 3, null, 0));

    expect(error.code).toBe('RECORD_INVALID');
    expect(error.message).toBe(
      'Record from partition 3 has no event time, which tumbling windows need. ' +
        'Drop or dead-letter records without an event time before windowing.',
    );
    expect(error.context.partition).toBe(3);
    expect(windower.openItemCount()).toBe(0);
  });

  it('rejects a non-finite event time', () => {
    const windower = createWindower<string>(sliding);
    const error = errorOf(() => windower.add('a', 2, Number.NaN, 0));

    expect(error.code).toBe('RECORD_INVALID');
    expect(error.message).toContain('partition 2 has an invalid event time: received NaN');
  });

  it('rejects an invalid partition', () => {
    const windower = createWindower<string>(tumbling);

    expect(errorOf(() => windower.add('a', -1, 0, 0)).code).toBe('RECORD_INVALID');
    expect(errorOf(() => windower.add('a', 1.5, 0, 0)).code).toBe('RECORD_INVALID');
    expect(errorOf(() => windower.assign([0, -2], 0)).code).toBe('INPUT_INVALID');
    expect(windower.watermarkMs()).toBeNull();
  });

  it('rejects a non-finite processing time', () => {
    const windower = createWindower<string>(tumbling);

    expect(errorOf(() => windower.add('a', 0, 5, Number.NaN)).code).toBe('INPUT_INVALID');
    expect(errorOf(() => windower.advance(Number.POSITIVE_INFINITY)).code).toBe('INPUT_INVALID');
    expect(windower.openItemCount()).toBe(0);
  });
});

describe('documented timeline', () => {
  // The example in docs/windows.md, in seconds there and in milliseconds here.
  it('matches the docs example', () => {
    const windower = createWindower<string>({
      type: 'tumbling',
      sizeMs: 10_000,
      allowedLatenessMs: 2_000,
      idleTimeoutMs: 30_000,
    });
    windower.assign([0, 1], 0);

    expect(add(windower, 'a', 3_000, 0, 1_000).closed).toEqual([]);
    expect(windower.watermarkMs()).toBeNull();
    expect(add(windower, 'b', 4_000, 1, 2_000).closed).toEqual([]);
    expect(windower.watermarkMs()).toBe(1_000);
    expect(add(windower, 'c', 13_000, 0, 3_000).closed).toEqual([]);
    expect(windower.watermarkMs()).toBe(2_000);

    const closedByD = add(windower, 'd', 12_500, 1, 4_000).closed;
    expect(windower.watermarkMs()).toBe(10_500);
    expect(closedByD.map((window) => [window.startMs, window.items])).toEqual([[0, ['a', 'b']]]);

    expect(add(windower, 'e', 9_000, 1, 5_000).late).toEqual(['e']);
    expect(add(windower, 'f', 22_000, 0, 20_000).closed).toEqual([]);
    expect(windower.watermarkMs()).toBe(10_500);
    expect(windower.advance(34_000)).toEqual([]);

    const closedByTick = windower.advance(35_000);
    expect(windower.idlePartitions()).toEqual([1]);
    expect(windower.watermarkMs()).toBe(20_000);
    expect(closedByTick.map((window) => [window.startMs, window.items])).toEqual([[10_000, ['c', 'd']]]);

    expect(add(windower, 'g', 18_000, 1, 40_000).late).toEqual(['g']);
    expect(windower.idlePartitions()).toEqual([]);
    expect(add(windower, 'h', 22_000, 1, 41_000).late).toEqual([]);

    const flushed = windower.flush();
    expect(flushed.map((window) => [window.startMs, window.items, window.partial])).toEqual([
      [20_000, ['f', 'h'], true],
    ]);
  });
});
