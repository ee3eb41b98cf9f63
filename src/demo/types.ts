import type { DriftReport } from '../detectors/types';
import type { SwitchEvent } from '../normalization';
import type { RenormalizationCheck } from './renormalization-check';
import type { DemoScenario } from './scenarios';

/** A normalization switch as the demo prints it; the service's `SwitchEvent` carries more. */
export type DemoSwitch = Pick<SwitchEvent, 'feature' | 'from' | 'to'>;

/** Statistics a feature is normalized with in adaptive mode. */
export type NormalizationSource = 'reference' | 'adapted';

/** The target class whose share moved most between the reference and a window. */
export interface TargetShareShift {
  category: string;
  /** Shares in [0, 1]. */
  windowShare: number;
  referenceShare: number;
}

/** One closed window of a replayed scenario, with what the pipeline reported for it. */
export interface DemoWindow {
  /** Zero-based window index within the scenario. */
  index: number;
  /** Calendar period of the window: `2013` or `2013-07`. */
  period: string;
  /** First and last record date (YYYY-MM-DD), from the report's window bounds. */
  firstDate: string;
  lastDate: string;
  recordCount: number;
  /** The drift report of the window against the reference, as the service computes it. */
  report: DriftReport;
  /** Normalization switches this window caused; the window already uses the new statistics. */
  switches: DemoSwitch[];
  /** Statistics each normalized feature used for this window. */
  sources: Record<string, NormalizationSource>;
  /** The scenario's renormalization checks on this window's records (empty when it has none). */
  checks: RenormalizationCheck[];
  /** Largest move of a target class share, or null without a categorical target. */
  targetShift: TargetShareShift | null;
}

/** Everything one scenario replay produced. */
export interface ScenarioResult {
  scenario: DemoScenario;
  pipelineId: string;
  windows: DemoWindow[];
  referenceCount: number;
  /** Records streamed, output records written and records sent to dead letters. */
  recordCount: number;
  outputCount: number;
  deadLetterCount: number;
  /** NDJSON file with one renormalized record per output record. */
  outputFile: string;
  profileFile: string;
  pipelineFile: string;
  /**
   * Renormalization checks pooled over every window from the feature's first switch to adapted
   * statistics on; a feature that never switched has no entry.
   */
  pooledChecks: Array<RenormalizationCheck & { firstPeriod: string; lastPeriod: string }>;
}
