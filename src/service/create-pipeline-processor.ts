import type { PipelineConfig } from '../config/pipeline-config';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { createWindowMetricsRecorder } from '../metrics/window-metrics';
import { loadReferenceProfile } from '../reference/profile-file';
import { createStreamProcessor } from './stream-processor';
import type { StreamProcessor } from './stream-processor-types';
import { createWindowEvaluator } from './window-evaluator';

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

  return createStreamProcessor({
    config,
    evaluator,
    logger: options.logger,
    onWindowEvaluated:
      record === undefined ? undefined : (evaluation, _window, seconds) => record(evaluation, seconds),
  });
}
