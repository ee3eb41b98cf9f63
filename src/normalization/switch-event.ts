import type { NormalStatistics } from './running-statistics';

/**
 * Statistics a feature normalizes with.
 * - `reference`: the reference statistics.
 * - `window`: the current window's own statistics (mode `window`).
 * - `running`: running statistics updated with momentum (mode `running`).
 * - `adapted`: statistics re-estimated after a drift verdict and followed with momentum (mode `adaptive`).
 */
export type StatisticsSource = 'reference' | 'window' | 'running' | 'adapted';

/** Normalizing statistics together with their source. */
export interface AppliedStatistics extends NormalStatistics {
  source: StatisticsSource;
}

/**
 * A change of statistics source in mode `adaptive`: from `reference` to `adapted` when a drift verdict
 * fires, and back when a later window no longer drifts and revert is on.
 */
export interface SwitchEvent {
  feature: string;
  from: 'reference' | 'adapted';
  to: 'reference' | 'adapted';
  /** Zero-based index of the window whose verdict caused the switch; that window already uses `next`. */
  windowIndex: number;
  /** Statistics in use before the switch. */
  previous: NormalStatistics;
  /** Statistics in use from `windowIndex` on. */
  next: NormalStatistics;
}
