import { throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DriftwatchError } from '../errors';
import type { ClosedWindow, WindowEvent } from './types';
import { windowRecords } from './window-records';
import type { WindowSpec } from './window-spec';

interface TestRecord {
  id: string;
  partition: number;
  eventTimeMs: number | null;
}

function record(id: string, partition: number, eventTimeMs: number | null): TestRecord {
  return { id, partition, eventTimeMs };
}

function windowEvent(
  index: number,
  bounds: [number, number] | null,
  items: TestRecord[],
  options: { emit?: TestRecord[]; partial?: boolean } = {},
): WindowEvent<TestRecord> {
  const window: ClosedWindow<TestRecord> = {
    index,
    startMs: bounds === null ? null : bounds[0],
    endMs: bounds === null ? null : bounds[1],
    items,
    emit: options.emit ?? items,
    partial: options.partial ?? false,
  };
  return { kind: 'window', window };
}

function createScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const readRecord = {
  partitionOf: (item: TestRecord) => item.partition,
  eventTimeOf: (item: TestRecord) => item.eventTimeMs,
};

const tumbling: WindowSpec = { type: 'tumbling', sizeMs: 10, allowedLatenessMs: 0, idleTimeoutMs: 1_000 };

describe('windowRecords', () => {
  it('emits count windows and flushes at completion', () => {
    const scheduler = createScheduler();
    const [a, b, c] = [record('a', 0, null), record('b', 1, null), record('c', 0, null)];

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a-b-c|', { a, b, c });
      const output = source.pipe(windowRecords({ type: 'count', size: 2 }, { ...readRecord, tickMs: 5 }));

      expectObservable(output).toBe('--w--(x|)', {
        w: windowEvent(0, null, [a, b]),
        x: windowEvent(1, null, [c], { partial: true }),
      });
    });
  });

  it('emits event-time windows and late records', () => {
    const scheduler = createScheduler();
    const a = record('a', 0, 1);
    const b = record('b', 0, 12);
    const c = record('c', 0, 3);
    const d = record('d', 0, 25);

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d|', { a, b, c, d });
      const output = source.pipe(windowRecords(tumbling, { ...readRecord, tickMs: 5, scheduler }));

      expectObservable(output).toBe('--w-l-x(y|)', {
        w: windowEvent(0, [0, 10], [a]),
        l: { kind: 'late', item: c },
        x: windowEvent(1, [10, 20], [b]),
        y: windowEvent(2, [20, 30], [d], { partial: true }),
      });
    });
  });

  it('closes a window on a tick once a partition is idle', () => {
    const scheduler = createScheduler();
    const a = record('a', 0, 1);
    const b = record('b', 1, 2);
    const c = record('c', 0, 21);
    const d = record('d', 0, 22);
    const e = record('e', 0, 23);
    const spec: WindowSpec = { ...tumbling, idleTimeoutMs: 20 };

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('ab-c 9ms d 5ms e 10ms |', { a, b, c, d, e });
      const rebalances = cold('r', { r: { assigned: [0, 1], revoked: [] } });
      const output = source.pipe(windowRecords(spec, { ...readRecord, tickMs: 5, rebalances }));

      expectObservable(output).toBe('25ms w 4ms (x|)', {
        w: windowEvent(0, [0, 10], [a, b]),
        x: windowEvent(1, [20, 30], [c, d, e], { partial: true }),
      });
    });
  });

  it('closes windows when a partition is revoked', () => {
    const scheduler = createScheduler();
    const a = record('a', 0, 1);
    const b = record('b', 1, 2);
    const c = record('c', 0, 25);

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c 20ms |', { a, b, c });
      const rebalances = cold('r 9ms s', {
        r: { assigned: [0, 1], revoked: [] },
        s: { assigned: [], revoked: [1] },
      });
      const output = source.pipe(
        windowRecords(tumbling, { ...readRecord, tickMs: 100, rebalances, scheduler }),
      );

      expectObservable(output).toBe('10ms w 15ms (x|)', {
        w: windowEvent(0, [0, 10], [a, b]),
        x: windowEvent(1, [20, 30], [c], { partial: true }),
      });
    });
  });

  it('emits with the first sliding window to close', () => {
    const scheduler = createScheduler();
    const spec: WindowSpec = {
      type: 'sliding',
      sizeMs: 20,
      slideMs: 10,
      allowedLatenessMs: 0,
      idleTimeoutMs: 1_000,
    };
    const a = record('a', 0, 5);
    const b = record('b', 0, 15);
    const c = record('c', 0, 40);

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a-b-c 5ms |', { a, b, c });
      const output = source.pipe(windowRecords(spec, { ...readRecord, tickMs: 5, scheduler }));

      expectObservable(output).toBe('--w-(xy) 2ms (zv|)', {
        w: windowEvent(0, [-10, 10], [a]),
        x: windowEvent(1, [0, 20], [a, b], { emit: [b] }),
        y: windowEvent(2, [10, 30], [b], { emit: [] }),
        z: windowEvent(3, [30, 50], [c], { partial: true }),
        v: windowEvent(4, [40, 60], [c], { emit: [], partial: true }),
      });
    });
  });

  it('errors on a record without event time', () => {
    const scheduler = createScheduler();
    const a = record('a', 0, 1);
    const b = record('b', 4, null);
    const expected = new DriftwatchError(
      'RECORD_INVALID',
      'Record from partition 4 has no event time, which tumbling windows need. ' +
        'Drop or dead-letter records without an event time before windowing.',
      { context: { partition: 4 } },
    );

    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-a|', { a, b });
      const output = source.pipe(windowRecords(tumbling, { ...readRecord, tickMs: 5, scheduler }));

      expectObservable(output).toBe('--#', undefined, expected);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('passes a source error through', () => {
    const scheduler = createScheduler();
    const a = record('a', 0, 1);

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a--#', { a }, new Error('broker gone'));
      const output = source.pipe(windowRecords(tumbling, { ...readRecord, tickMs: 1, scheduler }));

      expectObservable(output).toBe('---#', undefined, new Error('broker gone'));
    });
  });

  it('passes a rebalance error through', () => {
    const scheduler = createScheduler();

    scheduler.run(({ cold, expectObservable }) => {
      const source = cold<TestRecord>('-----|');
      const rebalances = throwError(() => new Error('group left'));
      const output = source.pipe(
        windowRecords(tumbling, { ...readRecord, tickMs: 1, rebalances, scheduler }),
      );

      expectObservable(output).toBe('#', undefined, new Error('group left'));
    });
  });

  it('stops ticking on unsubscribe', () => {
    const scheduler = createScheduler();
    const a = record('a', 0, 1);

    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-', { a });
      const output = source.pipe(windowRecords(tumbling, { ...readRecord, tickMs: 1, scheduler }));

      expectObservable(output, '^ 9ms !').toBe('');
      expectSubscriptions(source.subscriptions).toBe('^ 9ms !');
    });
    expect(scheduler.actions).toEqual([]);
  });

  it('rejects invalid settings when called', () => {
    expect(() => windowRecords({ type: 'count', size: 1 }, { ...readRecord, tickMs: 5 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => windowRecords(tumbling, { ...readRecord, tickMs: 0 })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});
