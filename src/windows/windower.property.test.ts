import fc from 'fast-check';
import { createWindower } from './create-windower';
import type { ClosedWindow } from './types';
import type { EventTimeWindowSpec } from './window-spec';

/** A record of the generated stream; `id` is its arrival position. */
interface TestRecord {
  id: number;
  partition: number;
  eventTimeMs: number;
}

type Operation =
  | { kind: 'add'; partition: number; eventTimeMs: number; elapsedMs: number }
  | { kind: 'advance'; elapsedMs: number }
  | { kind: 'assign'; partitions: number[]; elapsedMs: number }
  | { kind: 'revoke'; partitions: number[]; elapsedMs: number };

const partitionArbitrary = fc.integer({ min: 0, max: 3 });
const elapsedArbitrary = fc.integer({ min: 0, max: 400 });

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      partition: partitionArbitrary,
      eventTimeMs: fc.integer({ min: -50, max: 500 }),
      elapsedMs: elapsedArbitrary,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), elapsedMs: elapsedArbitrary }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('assign' as const),
      partitions: fc.uniqueArray(partitionArbitrary, { maxLength: 3 }),
      elapsedMs: elapsedArbitrary,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('revoke' as const),
      partitions: fc.uniqueArray(partitionArbitrary, { maxLength: 2 }),
      elapsedMs: elapsedArbitrary,
    }),
  },
);

const eventTimeSpecArbitrary: fc.Arbitrary<EventTimeWindowSpec> = fc.oneof(
  fc.record({
    type: fc.constant('tumbling' as const),
    sizeMs: fc.integer({ min: 1, max: 60 }),
    allowedLatenessMs: fc.integer({ min: 0, max: 80 }),
    idleTimeoutMs: fc.integer({ min: 1, max: 1_500 }),
  }),
  fc
    .record({
      slideMs: fc.integer({ min: 1, max: 25 }),
      slideCount: fc.integer({ min: 1, max: 5 }),
      allowedLatenessMs: fc.integer({ min: 0, max: 80 }),
      idleTimeoutMs: fc.integer({ min: 1, max: 1_500 }),
    })
    .map(({ slideMs, slideCount, allowedLatenessMs, idleTimeoutMs }) => ({
      type: 'sliding' as const,
      sizeMs: slideMs * slideCount,
      slideMs,
      allowedLatenessMs,
      idleTimeoutMs,
    })),
);

/**
 * Reference watermark, restated from the documented rules: per partition the maximum event time minus
 * the allowed lateness, the minimum over active partitions, the maximum when all are idle, and never
 * decreasing. Every operation first settles idleness at its processing time, then applies its change.
 */
class ReferenceWatermark {
  private readonly partitions = new Map<number, { maxEventTimeMs: number; lastDeliveryMs: number }>();
  watermarkMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly spec: EventTimeWindowSpec) {}

  /** Re-evaluates idleness at `nowMs`, as every operation does before its change. */
  settle(nowMs: number): void {
    this.recompute(nowMs);
  }

  apply(operation: Operation, nowMs: number): void {
    this.recompute(nowMs);
    if (operation.kind === 'add') {
      const state = this.partitions.get(operation.partition);
      this.partitions.set(operation.partition, {
        maxEventTimeMs: Math.max(state?.maxEventTimeMs ?? Number.NEGATIVE_INFINITY, operation.eventTimeMs),
        lastDeliveryMs: nowMs,
      });
    } else if (operation.kind === 'assign') {
      for (const partition of operation.partitions) {
        if (!this.partitions.has(partition)) {
          this.partitions.set(partition, { maxEventTimeMs: Number.NEGATIVE_INFINITY, lastDeliveryMs: nowMs });
        }
      }
    } else if (operation.kind === 'revoke') {
      for (const partition of operation.partitions) {
        this.partitions.delete(partition);
      }
    }
    this.recompute(nowMs);
  }

  private recompute(nowMs: number): void {
    const states = [...this.partitions.values()];
    const partitionWatermarks = (list: typeof states) =>
      list.map((state) => state.maxEventTimeMs - this.spec.allowedLatenessMs);
    const active = states.filter((state) => nowMs - state.lastDeliveryMs < this.spec.idleTimeoutMs);
    const candidate =
      active.length > 0
        ? Math.min(...partitionWatermarks(active))
        : Math.max(Number.NEGATIVE_INFINITY, ...partitionWatermarks(states));
    this.watermarkMs = Math.max(this.watermarkMs, candidate);
  }
}

function slideOf(spec: EventTimeWindowSpec): number {
  return spec.type === 'sliding' ? spec.slideMs : spec.sizeMs;
}

describe('event-time windower properties', () => {
  it('matches the reference semantics on random streams', () => {
    fc.assert(
      fc.property(
        eventTimeSpecArbitrary,
        fc.array(operationArbitrary, { maxLength: 80 }),
        (spec, operations) => {
          const slideMs = slideOf(spec);
          const lastEndOf = (record: TestRecord) =>
            Math.floor(record.eventTimeMs / slideMs) * slideMs + spec.sizeMs;
          const windower = createWindower<TestRecord>(spec);
          const reference = new ReferenceWatermark(spec);

          const records: TestRecord[] = [];
          const late = new Set<number>();
          const closedWindows: Array<{ window: ClosedWindow<TestRecord>; closedAtId: number }> = [];
          let nowMs = 0;

          for (const operation of operations) {
            nowMs += operation.elapsedMs;
            // Windows closed by this operation cannot hold a record it adds: they close while settling
            // idleness, before the record is stored, or by the record's own watermark, which stays below it.
            const lastPriorId = records.length - 1;
            reference.settle(nowMs);
            const settledWatermarkMs = reference.watermarkMs;
            let closed: ClosedWindow<TestRecord>[];

            if (operation.kind === 'add') {
              const record = {
                id: records.length,
                partition: operation.partition,
                eventTimeMs: operation.eventTimeMs,
              };
              records.push(record);
              const result = windower.add(record, record.partition, record.eventTimeMs, nowMs);
              const expectedLate = lastEndOf(record) <= settledWatermarkMs;

              expect(result.late).toEqual(expectedLate ? [record] : []);
              if (expectedLate) {
                late.add(record.id);
              }
              closed = result.closed;
            } else if (operation.kind === 'advance') {
              closed = windower.advance(nowMs);
            } else if (operation.kind === 'assign') {
              closed = windower.assign(operation.partitions, nowMs);
            } else {
              closed = windower.revoke(operation.partitions, nowMs);
            }

            reference.apply(operation, nowMs);
            const watermarkMs = reference.watermarkMs;
            expect(windower.watermarkMs() ?? Number.NEGATIVE_INFINITY).toBe(watermarkMs);

            for (const window of closed) {
              expect(window.partial).toBe(false);
              expect(window.endMs ?? Number.NaN).toBeLessThanOrEqual(watermarkMs);
              closedWindows.push({ window, closedAtId: lastPriorId });
            }

            // A record stays stored until its last window closes, which happens once the watermark reaches its end.
            const stored = records.filter(
              (record) => !late.has(record.id) && lastEndOf(record) > watermarkMs,
            );
            expect(windower.openItemCount()).toBe(stored.length);
          }

          for (const window of windower.flush()) {
            expect(window.partial).toBe(true);
            closedWindows.push({ window, closedAtId: records.length - 1 });
          }
          expect(windower.openItemCount()).toBe(0);

          checkWindows(spec, records, late, closedWindows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function checkWindows(
  spec: EventTimeWindowSpec,
  records: TestRecord[],
  late: Set<number>,
  closedWindows: Array<{ window: ClosedWindow<TestRecord>; closedAtId: number }>,
): void {
  const slideMs = slideOf(spec);
  const emittedBy = new Map<number, number>();
  let previousStartMs = Number.NEGATIVE_INFINITY;

  for (const [position, { window, closedAtId }] of closedWindows.entries()) {
    const startMs = window.startMs ?? Number.NaN;
    const endMs = window.endMs ?? Number.NaN;

    expect(window.index).toBe(position);
    expect(startMs % slideMs === 0).toBe(true);
    expect(endMs - startMs).toBe(spec.sizeMs);
    expect(startMs).toBeGreaterThan(previousStartMs);
    expect(window.items.length).toBeGreaterThan(0);
    previousStartMs = startMs;

    // Items: every non-late record that arrived before the window closed and falls into it, ordered
    // by slide bucket and then by arrival.
    const expectedItems = records
      .filter((record) => record.id <= closedAtId && !late.has(record.id))
      .filter((record) => record.eventTimeMs >= startMs && record.eventTimeMs < endMs)
      .sort(
        (left, right) =>
          Math.floor(left.eventTimeMs / slideMs) - Math.floor(right.eventTimeMs / slideMs) ||
          left.id - right.id,
      );
    expect(window.items).toEqual(expectedItems);

    // Emit: the records whose first closed window this is.
    for (const record of window.items) {
      if (!emittedBy.has(record.id)) {
        emittedBy.set(record.id, position);
      }
    }
    const expectedEmit = window.items.filter((record) => emittedBy.get(record.id) === position);
    expect(window.emit).toEqual(expectedEmit);
    if (spec.type === 'tumbling') {
      expect(window.emit).toBe(window.items);
    }
  }

  // Exactly once: each record is late or emitted, never both and never twice.
  const emitCounts = new Map<number, number>();
  for (const { window } of closedWindows) {
    for (const record of window.emit) {
      emitCounts.set(record.id, (emitCounts.get(record.id) ?? 0) + 1);
    }
  }
  for (const record of records) {
    expect([record.id, emitCounts.get(record.id) ?? 0]).toEqual([record.id, late.has(record.id) ? 0 : 1]);
  }
}

describe('event-time windower tick independence', () => {
  it('gives the same results with extra ticks', () => {
    fc.assert(
      fc.property(
        eventTimeSpecArbitrary,
        fc.array(fc.tuple(operationArbitrary, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 3 })), {
          maxLength: 60,
        }),
        (spec, steps) => {
          const plain = runSteps(spec, steps, false);
          const ticked = runSteps(spec, steps, true);

          expect(ticked.late).toEqual(plain.late);
          expect(ticked.windows).toEqual(plain.windows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Runs the operations and returns the late record ids and each window as start, item ids, emit ids and
 * partial flag. With `withTicks`, `advance` also runs at the given offsets before each operation.
 */
function runSteps(spec: EventTimeWindowSpec, steps: Array<[Operation, number[]]>, withTicks: boolean) {
  const windower = createWindower<number>(spec);
  const late: number[] = [];
  const windows: ClosedWindow<number>[] = [];
  let nowMs = 0;

  for (const [id, [operation, tickOffsets]] of steps.entries()) {
    if (withTicks) {
      const offsets = tickOffsets.filter((offset) => offset <= operation.elapsedMs).sort((a, b) => a - b);
      for (const offset of offsets) {
        windows.push(...windower.advance(nowMs + offset));
      }
    }
    nowMs += operation.elapsedMs;

    if (operation.kind === 'add') {
      const result = windower.add(id, operation.partition, operation.eventTimeMs, nowMs);
      late.push(...result.late);
      windows.push(...result.closed);
    } else if (operation.kind === 'advance') {
      windows.push(...windower.advance(nowMs));
    } else if (operation.kind === 'assign') {
      windows.push(...windower.assign(operation.partitions, nowMs));
    } else {
      windows.push(...windower.revoke(operation.partitions, nowMs));
    }
  }
  windows.push(...windower.flush());

  return {
    late,
    windows: windows.map((window) => [window.startMs, [...window.items], [...window.emit], window.partial]),
  };
}

describe('count windower properties', () => {
  it('partitions the stream in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.integer(), { maxLength: 100 }),
        (size, values) => {
          const windower = createWindower<number>({ type: 'count', size });
          const windows = values.flatMap((value, position) => {
            const result = windower.add(value, position % 3, null, position);
            expect(result.late).toEqual([]);
            return result.closed;
          });
          const flushed = windower.flush();

          expect(windows.every((window) => window.items.length === size && !window.partial)).toBe(true);
          expect(flushed.length).toBe(values.length % size === 0 ? 0 : 1);
          expect(flushed.every((window) => window.partial && window.items.length < size)).toBe(true);

          const all = [...windows, ...flushed];
          expect(all.map((window) => window.index)).toEqual(all.map((_, position) => position));
          expect(all.flatMap((window) => window.items)).toEqual(values);
          expect(all.every((window) => window.emit === window.items)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
