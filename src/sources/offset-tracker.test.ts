import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  it('commits the offset after a completed prefix', () => {
    const tracker = new OffsetTracker();
    tracker.track('t', 0, ['10', '11', '12']);

    tracker.complete('t', 0, '10');
    tracker.complete('t', 0, '12');

    expect(tracker.committable()).toEqual([{ topic: 't', partition: 0, offset: '11' }]);
    expect(tracker.inFlightCount).toBe(1);
  });

  it('waits for a gap to close before moving past it', () => {
    const tracker = new OffsetTracker();
    tracker.track('t', 0, ['0', '1', '2']);
    tracker.complete('t', 0, '2');
    tracker.complete('t', 0, '1');

    expect(tracker.committable()).toEqual([]);

    tracker.complete('t', 0, '0');
    expect(tracker.committable()).toEqual([{ topic: 't', partition: 0, offset: '3' }]);
  });

  it('reports a partition again only after it moved', () => {
    const tracker = new OffsetTracker();
    tracker.track('t', 1, ['5']);
    tracker.complete('t', 1, '5');
    const offsets = tracker.committable();
    tracker.markCommitted(offsets);

    expect(tracker.committable()).toEqual([]);
  });

  it('keeps partitions apart', () => {
    const tracker = new OffsetTracker();
    tracker.track('t', 0, ['0', '1']);
    tracker.track('t', 1, ['0']);
    tracker.complete('t', 1, '0');

    expect(tracker.committable()).toEqual([{ topic: 't', partition: 1, offset: '1' }]);
    expect(tracker.inFlightCount).toBe(2);
  });

  it('ignores a second completion of one offset', () => {
    const tracker = new OffsetTracker();
    tracker.track('t', 0, ['0', '1']);
    tracker.complete('t', 0, '0');
    tracker.complete('t', 0, '0');

    expect(tracker.inFlightCount).toBe(1);
  });

  it('drops in-flight records of a revoked partition', () => {
    const tracker = new OffsetTracker();
    tracker.track('t', 0, ['0', '1', '2']);
    tracker.complete('t', 0, '0');
    tracker.forget('t', 0);

    expect(tracker.inFlightCount).toBe(0);
    expect(tracker.committable()).toEqual([]);
  });

  it('stays correct across compaction of a long prefix', () => {
    const tracker = new OffsetTracker();
    const offsets = Array.from({ length: 10_000 }, (_, index) => String(index));
    tracker.track('t', 0, offsets);
    for (const offset of offsets.slice(0, 9_000)) {
      tracker.complete('t', 0, offset);
    }
    tracker.complete('t', 0, '9500');

    expect(tracker.committable()).toEqual([{ topic: 't', partition: 0, offset: '9000' }]);
    expect(tracker.inFlightCount).toBe(999);
  });
});

describe('OffsetTracker.lastTrackedOffset', () => {
  it('returns the newest tracked offset, even after compaction', () => {
    const tracker = new OffsetTracker();
    expect(tracker.lastTrackedOffset('t', 0)).toBe(-1);

    const offsets = Array.from({ length: 6000 }, (_, index) => String(index));
    tracker.track('t', 0, offsets);
    for (const offset of offsets) {
      tracker.complete('t', 0, offset);
    }

    expect(tracker.lastTrackedOffset('t', 0)).toBe(5999);
  });
});
