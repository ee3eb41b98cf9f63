import type { DriftReport } from '../detectors/types';
import type { SwitchEvent } from '../normalization';
import type { WindowEvaluation } from '../service/window-evaluator';
import type { ServiceMetrics } from './service-metrics';

/** At most this many target classes get a proportion series, to keep label values bounded. */
const MAX_TARGET_CLASSES = 50;

/**
 * Creates the recorder that turns each evaluated window into metric values for one pipeline:
 * drift statistic, p-value, threshold and flag per feature, consecutive drifted windows, dataset
 * share, target verdict and class proportions, window and reference means, normalization switches
 * and skipped windows, and the window's evaluation time.
 */
export function createWindowMetricsRecorder(metrics: ServiceMetrics, pipeline: string) {
  const streaks = new Map<string, number>();

  const recordReport = (report: DriftReport) => {
    for (const feature of report.features) {
      const labels = { pipeline, feature: feature.name, method: feature.method };
      metrics.driftThreshold.set(labels, feature.threshold);
      metrics.featureDrifted.set(labels, feature.drifted ? 1 : 0);
      metrics.featureMissingShare.set({ pipeline, feature: feature.name }, feature.missingShare);
      if (feature.statistic !== null) {
        metrics.driftStatistic.set(labels, feature.statistic);
      }
      if (feature.pValue !== null) {
        metrics.driftPValue.set(labels, feature.pValue);
      }
      const streak = feature.drifted ? (streaks.get(feature.name) ?? 0) + 1 : 0;
      streaks.set(feature.name, streak);
      metrics.featureDriftStreak.set({ pipeline, feature: feature.name }, streak);
    }
    metrics.datasetDriftShare.set({ pipeline }, report.dataset.driftShare);
    metrics.datasetDrifted.set({ pipeline }, report.dataset.drifted ? 1 : 0);

    if (report.target !== null) {
      const labels = { pipeline, feature: report.target.name, method: report.target.method };
      metrics.targetDrifted.set(labels, report.target.drifted ? 1 : 0);
      if (report.target.statistic !== null) {
        metrics.targetStatistic.set(labels, report.target.statistic);
      }
      if (report.target.pValue !== null) {
        metrics.targetPValue.set(labels, report.target.pValue);
      }
    }
  };

  const recordSwitches = (switches: readonly SwitchEvent[]) => {
    for (const event of switches) {
      metrics.normalizationSwitches.inc({ pipeline, feature: event.feature, to: event.to });
      metrics.normalizationSource.set({ pipeline, feature: event.feature }, event.to === 'adapted' ? 1 : 0);
    }
  };

  return (evaluation: WindowEvaluation, durationSeconds: number) => {
    metrics.windows.inc({ pipeline });
    metrics.windowDuration.observe({ pipeline }, durationSeconds);
    if (evaluation.report !== null) {
      recordReport(evaluation.report);
    }
    recordSwitches(evaluation.switches);

    for (const entry of evaluation.numericStatistics) {
      const scopes = [
        ['window', entry.window],
        ['reference', entry.reference],
      ] as const;
      for (const [scope, statistics] of scopes) {
        if (statistics !== null) {
          metrics.featureMean.set({ pipeline, feature: entry.feature, scope }, statistics.mean);
          metrics.featureStd.set({ pipeline, feature: entry.feature, scope }, statistics.std);
        }
      }
      if (entry.normalization !== null) {
        metrics.featureMean.set(
          { pipeline, feature: entry.feature, scope: 'normalization' },
          entry.normalization.mean,
        );
        metrics.featureStd.set(
          { pipeline, feature: entry.feature, scope: 'normalization' },
          Math.sqrt(entry.normalization.variance),
        );
        metrics.normalizationSource.set(
          { pipeline, feature: entry.feature },
          entry.normalization.source === 'reference' ? 0 : 1,
        );
      }
    }
    for (const { feature } of evaluation.skipped) {
      metrics.normalizationSkippedWindows.inc({ pipeline, feature });
    }

    const target = evaluation.targetProportions;
    if (target !== null) {
      const categories = new Set([...target.reference.keys(), ...target.window.keys()]);
      for (const category of [...categories].slice(0, MAX_TARGET_CLASSES)) {
        const labels = { pipeline, feature: target.feature, category };
        metrics.targetProportion.set({ ...labels, scope: 'window' }, target.window.get(category) ?? 0);
        metrics.targetProportion.set({ ...labels, scope: 'reference' }, target.reference.get(category) ?? 0);
      }
    }
  };
}
