import type { FeatureDrift } from '../detectors/types';
import type { DemoWindow, ScenarioResult } from './types';

/** How often one feature drifted over a scenario, and where its statistic peaked. */
export interface FeatureDriftCount {
  feature: string;
  method: FeatureDrift['method'];
  driftedCount: number;
  /** Windows with the largest and the smallest statistic, or null when no window had a statistic. */
  largest: { period: string; statistic: number } | null;
  smallest: { period: string; statistic: number } | null;
}

/** The numbers the demo prints after a scenario. */
export interface ScenarioSummary {
  windowCount: number;
  datasetDriftCount: number;
  /** Share of drifted features at which a window drifts as a dataset. */
  datasetThreshold: number;
  /** Features ordered by how often they drifted, most often first (ties keep the pipeline's order). */
  features: FeatureDriftCount[];
  /** Periods whose target drifted, and the others, in window order. */
  targetName: string | null;
  targetDriftPeriods: string[];
  targetStablePeriods: string[];
  switchCount: number;
}

/** Counts the verdicts of a scenario's windows. An empty scenario gives zero counts. */
export function summarizeScenario(result: ScenarioResult): ScenarioSummary {
  const { windows } = result;
  const featureNames = windows[0]?.report.features.map((feature) => feature.name) ?? [];
  const features = featureNames.map((name) => countFeature(name, windows));
  features.sort((left, right) => right.driftedCount - left.driftedCount);

  return {
    windowCount: windows.length,
    datasetDriftCount: windows.filter((window) => window.report.dataset.drifted).length,
    datasetThreshold: windows[0]?.report.dataset.threshold ?? 0.5,
    features,
    targetName: windows[0]?.report.target?.name ?? null,
    targetDriftPeriods: windows
      .filter((window) => window.report.target?.drifted)
      .map((window) => window.period),
    targetStablePeriods: windows
      .filter((window) => window.report.target !== null && !window.report.target.drifted)
      .map((window) => window.period),
    switchCount: windows.reduce((sum, window) => sum + window.switches.length, 0),
  };
}

function countFeature(name: string, windows: readonly DemoWindow[]): FeatureDriftCount {
  let driftedCount = 0;
  let largest: FeatureDriftCount['largest'] = null;
  let smallest: FeatureDriftCount['smallest'] = null;
  let method: FeatureDrift['method'] = 'ks';
  for (const window of windows) {
    const line = window.report.features.find((feature) => feature.name === name);
    if (line === undefined) {
      continue;
    }
    method = line.method;
    driftedCount += line.drifted ? 1 : 0;
    if (line.statistic === null) {
      continue;
    }
    if (largest === null || line.statistic > largest.statistic) {
      largest = { period: window.period, statistic: line.statistic };
    }
    if (smallest === null || line.statistic < smallest.statistic) {
      smallest = { period: window.period, statistic: line.statistic };
    }
  }
  return { feature: name, method, driftedCount, largest, smallest };
}
