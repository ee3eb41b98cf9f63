import { WatermarkTracker } from './watermark-tracker';

describe('WatermarkTracker', () => {
  const options = { allowedLatenessMs: 100, idleTimeoutMs: 1_000 };

  it('starts at minus infinity', () => {
    const tracker = new WatermarkTracker(options);

    expect(tracker.watermarkMs).toBe(Number.NEGATIVE_INFINITY);
    expect(tracker.advance(5_000)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('subtracts the allowed lateness', () => {
    const tracker = new WatermarkTracker(options);

    expect(tracker.observe(0, 1_000, 0)).toBe(900);
    expect(tracker.observe(0, 800, 0)).toBe(900);
    expect(tracker.observe(0, 1_500, 0)).toBe(1_400);
  });

  it('follows the slowest active partition', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);
    tracker.observe(0, 5_000, 0);

    expect(tracker.observe(1, 2_000, 0)).toBe(1_900);
    expect(tracker.observe(0, 6_000, 10)).toBe(1_900);
    expect(tracker.observe(1, 3_000, 20)).toBe(2_900);
  });

  it('leaves out a partition idle for idleTimeoutMs', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);
    tracker.observe(0, 5_000, 0);
    tracker.observe(1, 2_000, 0);
    tracker.observe(0, 6_000, 500);

    expect(tracker.advance(999)).toBe(1_900);
    expect(tracker.idlePartitions()).toEqual([]);
    expect(tracker.advance(1_000)).toBe(5_900);
    expect(tracker.idlePartitions()).toEqual([1]);
  });

  it('never moves the watermark back', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);
    tracker.observe(0, 5_000, 0);
    tracker.observe(1, 2_000, 0);
    tracker.observe(0, 6_000, 500);
    tracker.advance(1_000);

    expect(tracker.observe(1, 2_100, 1_100)).toBe(5_900);
    expect(tracker.idlePartitions()).toEqual([]);
  });

  it('uses the most advanced partition when all are idle', () => {
    const tracker = new WatermarkTracker(options);
    tracker.observe(0, 2_000, 0);
    tracker.observe(1, 7_000, 0);

    expect(tracker.watermarkMs).toBe(1_900);
    expect(tracker.advance(1_000)).toBe(6_900);
    expect(tracker.idlePartitions()).toEqual([0, 1]);
  });

  it('settles idleness before a delivery', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);
    tracker.observe(0, 2_000, 0);
    tracker.observe(1, 7_000, 0);

    expect(tracker.observe(0, 2_500, 1_000)).toBe(6_900);
  });

  it('ignores a processing time that steps back', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);
    tracker.observe(0, 5_000, 0);
    tracker.observe(1, 2_000, 0);
    tracker.observe(0, 6_000, 2_000);

    expect(tracker.watermarkMs).toBe(5_900);
    expect(tracker.observe(0, 6_000, 100)).toBe(5_900);
    expect(tracker.idlePartitions()).toEqual([1]);
  });

  it('cannot hold back for a partition seen late', () => {
    const tracker = new WatermarkTracker(options);
    tracker.observe(0, 5_000, 0);

    expect(tracker.observe(1, 2_000, 0)).toBe(4_900);
  });

  it('holds at an assigned silent partition', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);

    expect(tracker.observe(0, 5_000, 500)).toBe(Number.NEGATIVE_INFINITY);
    expect(tracker.advance(999)).toBe(Number.NEGATIVE_INFINITY);
    expect(tracker.advance(1_000)).toBe(4_900);
    expect(tracker.idlePartitions()).toEqual([1]);
  });

  it('keeps a known partition on assign', () => {
    const tracker = new WatermarkTracker(options);
    tracker.observe(0, 5_000, 0);

    expect(tracker.assign([0], 500)).toBe(4_900);
    expect(tracker.advance(1_000)).toBe(4_900);
    expect(tracker.idlePartitions()).toEqual([0]);
  });

  it('releases the watermark on revoke', () => {
    const tracker = new WatermarkTracker(options);
    tracker.assign([0, 1], 0);
    tracker.observe(0, 5_000, 0);
    tracker.observe(1, 2_000, 0);

    expect(tracker.revoke([1], 10)).toBe(4_900);
    expect(tracker.idlePartitions()).toEqual([]);
  });
});
