import type { DriftReport } from '../detectors/types';
import type { SwitchEvent } from '../normalization';
import type { OutputMessage } from '../sinks/output-message';
import type { DeadLetterReason } from '../sources/decode-record';
import type { SourceRecord } from '../sources/source-record';

/**
 * Messages a step of the stream processor produced for its caller to write. The caller writes dead
 * letters, outputs and drift events, then marks the source records of all of them, and the
 * `dropped` records, complete. An offset may be committed once all earlier offsets are complete too.
 */
export interface ProcessorStep {
  /** Messages for the dead-letter topic (malformed or late records), with their source records. */
  deadLetters: Array<{ source: SourceRecord; message: OutputMessage; reason: DeadLetterReason }>;
  /** Renormalized records for the output topic, in input order per partition. */
  outputs: Array<{ source: SourceRecord; message: OutputMessage }>;
  /** One message per evaluated window for the drift-events topic. */
  driftEvents: OutputMessage[];
  /** Drift reports of the windows evaluated in this step. */
  reports: DriftReport[];
  /** Normalization switches caused by this step. */
  switches: SwitchEvent[];
  /** Records that need no message: late records when `lateRecords: ignore`. */
  dropped: SourceRecord[];
}

/** The Kafka-free core of a pipeline: decode, window, detect, normalize. */
export interface StreamProcessor {
  /** Takes records in arrival order; `nowMs` is processing time (for idle partitions and max-wait). */
  push(records: readonly SourceRecord[], nowMs: number): ProcessorStep;
  /** Advances processing time without records: closes windows held by idle partitions or max-wait. */
  tick(nowMs: number): ProcessorStep;
  /**
   * Sets the input partitions this instance owns after a rebalance. A newly assigned partition holds
   * back the event-time watermark until it delivers or goes idle; a revoked one stops holding it.
   */
  assignPartitions(partitions: readonly number[], nowMs: number): ProcessorStep;
  /** Closes every open window (shutdown, end of a replayed file); their reports are marked partial. */
  flush(): ProcessorStep;
  /** Records held in open windows, not yet written anywhere. */
  openRecordCount(): number;
  /** The latest drift report, or null before the first window closed. */
  latestReport(): DriftReport | null;
  /** True once the reference is available (a profile at start, or the first N records). */
  hasReference(): boolean;
}

/** Creates an empty step, to combine steps into. */
export function createEmptyStep(): ProcessorStep {
  return { deadLetters: [], outputs: [], driftEvents: [], reports: [], switches: [], dropped: [] };
}

/** Appends `next` to `into` and returns `into`. */
export function appendStep(into: ProcessorStep, next: ProcessorStep): ProcessorStep {
  into.deadLetters.push(...next.deadLetters);
  into.outputs.push(...next.outputs);
  into.driftEvents.push(...next.driftEvents);
  into.reports.push(...next.reports);
  into.switches.push(...next.switches);
  into.dropped.push(...next.dropped);
  return into;
}
