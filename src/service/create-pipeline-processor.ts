import type { PipelineConfig } from '../config/pipeline-config';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { createWindowMetricsRecorder } from '../metrics/window-metrics';
import { loadReferenceProfile } from '../reference/profile-file';
import { createStreamProcessor } from './stream-processor';
import type { StreamProcessor } from './stream-processor-types';
import { createWindowEvaluator, type WindowEvaluator } from './window-evaluator';

/**
 * Builds a pipeline's stream processor: loads the reference profile when the pipeline names one
 * (before the pipeline reports ready), creates the window evaluator, and records every evaluated
 * window in the metrics when `metrics` is given. Shared by the service and the file-replay demo.
 */
export async function createPipelineProcessor(options: {
  config: PipelineConfig;
  logger: Logger;
  metrics?: ServiceMetrics;
}): Promise<StreamProcessor> {
  const { config } = options;
  const profile =
    config.reference?.source === 'profile' ? await loadReferenceProfile(config.reference.path) : null;
  if (profile !== null) {
    options.logger.info(
      {
        pipeline: config.id,
        profile: config.reference?.source === 'profile' ? config.reference.path : undefined,
        rows: profile.rowCount,
      },
      'reference profile loaded',
    );
  }

  const evaluator = createWindowEvaluator({ config, profile });
  const record =
    options.metrics === undefined ? undefined : createWindowMetricsRecorder(options.metrics, config.id);
  if (options.metrics !== undefined) {
    initializeCounters(options.metrics, config.id, evaluator);
  }

  return createStreamProcessor({
    config,
    evaluator,
    logger: options.logger,
    onWindowEvaluated:
      record === undefined ? undefined : (evaluation, _window, seconds) => record(evaluation, seconds),
  });
}

/**
 * Creates the pipeline's counters at 0, so dashboards and `rate()` show 0 rather than no data
 * before the first redelivery, dead letter or skipped normalization window.
 */
function initializeCounters(metrics: ServiceMetrics, pipeline: string, evaluator: WindowEvaluator): void {
  metrics.duplicates.inc({ pipeline }, 0);
  metrics.windows.inc({ pipeline }, 0);
  for (const outcome of ['output', 'dead_letter', 'late', 'dropped']) {
    metrics.records.inc({ pipeline, outcome }, 0);
  }
  for (const feature of evaluator.features()) {
    if (feature.kind === 'numeric') {
      metrics.normalizationSkippedWindows.inc({ pipeline, feature: feature.name }, 0);
      for (const to of ['adapted', 'reference']) {
        metrics.normalizationSwitches.inc({ pipeline, feature: feature.name, to }, 0);
      }
    }
  }
}
