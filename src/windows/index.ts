/**
 * Windowing of feature records: count windows, and tumbling or sliding event-time windows with a
 * watermark, allowed lateness and idle partitions. Pure code: no I/O, and the clock and the scheduler
 * are passed in. docs/windows.md describes the semantics.
 */
export { createWindower } from './create-windower';
export type { AddResult, ClosedWindow, WindowEvent, Windower } from './types';
export { type PartitionRebalance, type WindowRecordsOptions, windowRecords } from './window-records';
export { type EventTimeWindowSpec, validateWindowSpec, type WindowSpec } from './window-spec';
