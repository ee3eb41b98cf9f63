import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { createPipelineProcessor } from '../service/create-pipeline-processor';
import { appendStep, createEmptyStep, type StreamProcessor } from '../service/stream-processor-types';
import { createPacer } from './pacer';
import { prepareScenario } from './prepare-scenario';
import { createScenarioRecorder } from './scenario-recorder';
import type { DemoScenario } from './scenarios';
import type { DemoWindow, ScenarioResult } from './types';
import type { WeatherRecord } from './weather-data';

/** Inputs of one scenario replay. */
export interface ReplayOptions {
  scenario: DemoScenario;
  /** The whole weather table; the scenario picks its reference and stream rows. */
  records: readonly WeatherRecord[];
  /** File the records were read from, named in the profile and the source topic. */
  sourceFile: string;
  /** Folder for the output NDJSON, the reference profile and the pipeline file. */
  outDir: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** Records per second; 0 replays as fast as the pipeline runs. */
  rateRecordsPerSecond: number;
  /** Aborting stops the replay after the current chunk; the records pushed so far are flushed and written. */
  signal?: AbortSignal;
  /** Called once the processor exists, so that `/drift` can serve its latest report. */
  onProcessor?: (processor: StreamProcessor) => void;
  /** Called as each window closes, for console lines. */
  onWindow?: (window: DemoWindow) => void;
}

/**
 * Replays one scenario through the service's pipeline code without Kafka. It prepares the scenario
 * (reference profile and pipeline file, see `prepareScenario`) and creates the processor with
 * `createPipelineProcessor`, metrics included. Then it pushes the stream rows in date order as
 * source records. Each calendar period (year or month) becomes one window: the demo pushes the
 * period's records and then calls `flush()`, as the service's `maxWaitMs` closes a window when the
 * stream pauses. Every output record is appended to `<outDir>/<scenario>.ndjson` as the output
 * topic would receive it.
 *
 * Throws DriftwatchError `INPUT_INVALID` when the scenario selects no reference or stream rows.
 */
export async function replayScenario(options: ReplayOptions): Promise<ScenarioResult> {
  const { metrics } = options;
  const prepared = await prepareScenario(options);
  const pipeline = prepared.pipelineId;
  const processor = await createPipelineProcessor({
    config: prepared.files.config,
    logger: options.logger,
    metrics,
  });
  options.onProcessor?.(processor);
  metrics.ready.set({ pipeline }, 1);

  const recorder = await createScenarioRecorder(prepared);
  const pacer = createPacer(options.rateRecordsPerSecond, options.signal);
  try {
    for (const [period, group] of prepared.periods) {
      if (options.signal?.aborted) {
        break;
      }
      const step = createEmptyStep();
      for (const chunk of pacer.chunks(group)) {
        appendStep(step, processor.push(chunk, Date.now()));
        metrics.lastRecordTimestamp.set({ pipeline }, Date.now() / 1000);
        await pacer.wait(chunk.length);
        if (options.signal?.aborted) {
          break;
        }
      }
      appendStep(step, processor.flush());

      metrics.records.inc({ pipeline, outcome: 'output' }, step.outputs.length);
      for (const letter of step.deadLetters) {
        metrics.records.inc({ pipeline, outcome: 'dead_letter' });
        metrics.deadLetters.inc({ pipeline, reason: letter.reason });
      }
      metrics.inFlightRecords.set({ pipeline }, processor.openRecordCount());
      recorder.countDeadLetters(step.deadLetters.length);

      // One report per period: the window size is the longest period, and flush() closes the rest.
      for (const report of step.reports) {
        const window = await recorder.recordWindow({
          period,
          report,
          switches: step.switches,
          outputValues: step.outputs.map((entry) => String(entry.message.value)),
        });
        options.onWindow?.(window);
      }
    }
  } catch (error) {
    await recorder.close();
    throw error;
  }
  return recorder.finish();
}
