import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DriftwatchError } from '../errors';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { createPipelineProcessor } from '../service/create-pipeline-processor';
import { NORMALIZED_SUFFIX } from '../service/stream-processor';
import { appendStep, createEmptyStep, type StreamProcessor } from '../service/stream-processor-types';
import { toSourceRecords } from '../sources/file-replay';
import type { SourceRecord } from '../sources/source-record';
import { toDemoWindow } from './demo-window';
import { checkRenormalization } from './renormalization-check';
import { writeScenarioFiles } from './scenario-files';
import { type DemoScenario, periodKey, pipelineIdOf } from './scenarios';
import type { DemoWindow, NormalizationSource, ScenarioResult } from './types';
import { dateOf, toNumber, type WeatherRecord } from './weather-data';

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
 * Replays one scenario through the service's pipeline code without Kafka. It builds the reference
 * profile from the reference rows, writes and loads the pipeline file, and creates the processor
 * with `createPipelineProcessor` (metrics included). Then it pushes the stream rows in date order
 * as source records from the file-replay source. Each calendar period (year or month) becomes one window:
 * the demo pushes the period's records and then calls `flush()`, as the service's `maxWaitMs`
 * closes a window when the stream pauses. Every output record is appended to
 * `<outDir>/<scenario>.ndjson` as the output topic would receive it.
 *
 * Throws DriftwatchError `INPUT_INVALID` when the scenario selects no reference or stream rows.
 */
export async function replayScenario(options: ReplayOptions): Promise<ScenarioResult> {
  const { scenario, metrics } = options;
  const pipeline = pipelineIdOf(scenario);
  const referenceRecords = options.records.filter((record) => scenario.isReference(record));
  const streamRecords = options.records
    .filter((record) => scenario.isStream(record))
    .sort((left, right) => dateOf(left).localeCompare(dateOf(right)));
  if (referenceRecords.length === 0 || streamRecords.length === 0) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${options.sourceFile}: scenario ${scenario.id} found ${referenceRecords.length} reference rows and ${streamRecords.length} stream rows; it needs both (the weather table of vega-datasets)`,
      { context: { file: options.sourceFile, pipeline } },
    );
  }

  const sources = toSourceRecords(options.sourceFile, streamRecords, {
    keyField: 'location',
    timestampOf: (record) => Date.parse(dateOf(record)),
    nowMs: Date.now(),
  });
  const periods = groupByPeriod(scenario, streamRecords, sources);
  const windowSize = Math.max(2, ...[...periods.values()].map((group) => group.length));
  const files = await writeScenarioFiles({
    scenario,
    referenceRecords,
    sourceFile: options.sourceFile,
    windowSize,
    outDir: options.outDir,
  });
  const processor = await createPipelineProcessor({ config: files.config, logger: options.logger, metrics });
  options.onProcessor?.(processor);
  metrics.ready.set({ pipeline }, 1);

  const outputFile = path.resolve(options.outDir, `${scenario.id}.ndjson`);
  const output = await open(outputFile, 'w');
  const pacer = createPacer(options.rateRecordsPerSecond, options.signal);
  const normalizationSources = new Map<string, NormalizationSource>(
    scenario.features.map((feature) => [feature, 'reference']),
  );
  const windows: DemoWindow[] = [];
  const result = { outputCount: 0, deadLetterCount: 0 };
  try {
    for (const [period, group] of periods) {
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

      const outputs = step.outputs.map((entry) => JSON.parse(String(entry.message.value)) as WeatherRecord);
      if (outputs.length > 0) {
        await output.write(`${step.outputs.map((entry) => String(entry.message.value)).join('\n')}\n`);
      }
      metrics.records.inc({ pipeline, outcome: 'output' }, step.outputs.length);
      for (const letter of step.deadLetters) {
        metrics.records.inc({ pipeline, outcome: 'dead_letter' });
        metrics.deadLetters.inc({ pipeline, reason: letter.reason });
      }
      metrics.inFlightRecords.set({ pipeline }, processor.openRecordCount());
      result.outputCount += step.outputs.length;
      result.deadLetterCount += step.deadLetters.length;

      // One report per period: the window size is the longest period, and flush() closes the rest.
      for (const report of step.reports) {
        const window = toDemoWindow({
          scenario,
          index: windows.length,
          period,
          report,
          switches: step.switches,
          normalizationSources,
          referenceRecords,
          outputs,
        });
        windows.push(window);
        options.onWindow?.(window);
      }
    }
  } finally {
    await output.close();
  }

  return {
    scenario,
    pipelineId: pipeline,
    windows,
    referenceCount: referenceRecords.length,
    recordCount: streamRecords.length,
    ...result,
    outputFile,
    profileFile: files.profileFile,
    pipelineFile: files.pipelineFile,
    pooledChecks: await poolChecks(scenario, referenceRecords, windows, outputFile),
  };
}

/** Groups the stream's source records by calendar period, in date order. */
function groupByPeriod(
  scenario: DemoScenario,
  records: readonly WeatherRecord[],
  sources: readonly SourceRecord[],
): Map<string, SourceRecord[]> {
  const periods = new Map<string, SourceRecord[]>();
  records.forEach((record, index) => {
    const key = periodKey(scenario.period, dateOf(record));
    const group = periods.get(key) ?? [];
    group.push(sources[index]);
    periods.set(key, group);
  });
  return periods;
}

/**
 * Paces the replay at `rate` records per second (0: no pacing). Records go in chunks of about a
 * tenth of a second, and each wait targets the total sent so far, so rounding does not accumulate.
 * A wait ends early when `signal` aborts.
 */
function createPacer(rate: number, signal: AbortSignal | undefined) {
  const startedMs = Date.now();
  let sent = 0;
  const chunkSize = rate === 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.round(rate / 10));

  return {
    *chunks<T>(items: readonly T[]): Generator<T[]> {
      for (let start = 0; start < items.length; start += chunkSize) {
        yield items.slice(start, start + chunkSize);
      }
    },
    async wait(count: number): Promise<void> {
      sent += count;
      if (rate === 0) {
        return;
      }
      const aheadMs = (sent / rate) * 1000 - (Date.now() - startedMs);
      if (aheadMs > 0 && !signal?.aborted) {
        await sleep(aheadMs, undefined, { signal }).catch((error: unknown) => {
          if (!signal?.aborted) {
            throw error;
          }
        });
      }
    },
  };
}

/**
 * Pools each checked feature's raw and renormalized values over the windows from its first switch
 * to adapted statistics on, reading them back from the output file as a consumer would.
 */
async function poolChecks(
  scenario: DemoScenario,
  referenceRecords: readonly WeatherRecord[],
  windows: readonly DemoWindow[],
  outputFile: string,
): Promise<ScenarioResult['pooledChecks']> {
  const outputs = (await readFile(outputFile, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as WeatherRecord);

  const pooled: ScenarioResult['pooledChecks'] = [];
  for (const feature of scenario.renormalizationChecks) {
    const first = windows.find((window) => window.sources[feature] === 'adapted');
    const last = windows.at(-1);
    if (first === undefined || last === undefined) {
      continue;
    }
    const selected = outputs.filter((record) => dateOf(record) >= first.firstDate);
    const check = checkRenormalization(
      feature,
      referenceRecords.map((record) => toNumber(record[feature])),
      selected.map((record) => toNumber(record[feature])),
      selected.map((record) => toNumber(record[`${feature}${NORMALIZED_SUFFIX}`])),
    );
    if (check !== null) {
      pooled.push({ ...check, firstPeriod: first.period, lastPeriod: last.period });
    }
  }
  return pooled;
}
