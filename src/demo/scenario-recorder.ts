import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DriftReport } from '../detectors/types';
import { NORMALIZED_SUFFIX } from '../sinks/output-json';
import { toDemoWindow } from './demo-window';
import type { PreparedScenario } from './prepare-scenario';
import { checkRenormalization } from './renormalization-check';
import type { DemoSwitch, DemoWindow, NormalizationSource, ScenarioResult } from './types';
import { dateOf, toNumber, type WeatherRecord } from './weather-data';

/** Collects the windows and output records of one scenario replay, in memory or through Kafka. */
export interface ScenarioRecorder {
  /**
   * Appends a window's output record values (JSON text, as on the output topic) to
   * `<outDir>/<scenario>.ndjson` and returns the demo's view of the window.
   */
  recordWindow(window: {
    period: string;
    report: DriftReport;
    switches: readonly DemoSwitch[];
    outputValues: readonly string[];
  }): Promise<DemoWindow>;
  /** Counts records that went to the dead letters instead of the output. */
  countDeadLetters(count: number): void;
  /** Closes the output file and returns the result with the pooled renormalization checks. */
  finish(): Promise<ScenarioResult>;
  /** Closes the output file after a failure. */
  close(): Promise<void>;
}

/** Opens `<outDir>/<scenario>.ndjson` for writing and returns the recorder of the scenario. */
export async function createScenarioRecorder(prepared: PreparedScenario): Promise<ScenarioRecorder> {
  const { scenario, referenceRecords } = prepared;
  const outputFile = path.resolve(prepared.outDir, `${scenario.id}.ndjson`);
  const output = await open(outputFile, 'w');
  const normalizationSources = new Map<string, NormalizationSource>(
    scenario.features.map((feature) => [feature, 'reference']),
  );
  const windows: DemoWindow[] = [];
  let outputCount = 0;
  let deadLetterCount = 0;
  let closed = false;

  const close = async () => {
    if (!closed) {
      closed = true;
      await output.close();
    }
  };

  return {
    async recordWindow(window) {
      if (window.outputValues.length > 0) {
        await output.write(`${window.outputValues.join('\n')}\n`);
      }
      outputCount += window.outputValues.length;
      const demoWindow = toDemoWindow({
        scenario,
        index: windows.length,
        period: window.period,
        report: window.report,
        switches: window.switches,
        normalizationSources,
        referenceRecords,
        outputs: window.outputValues.map((value) => JSON.parse(value) as WeatherRecord),
      });
      windows.push(demoWindow);
      return demoWindow;
    },

    countDeadLetters(count) {
      deadLetterCount += count;
    },

    async finish() {
      await close();
      return {
        scenario,
        pipelineId: prepared.pipelineId,
        windows,
        referenceCount: referenceRecords.length,
        recordCount: prepared.streamRecords.length,
        outputCount,
        deadLetterCount,
        outputFile,
        profileFile: prepared.files.profileFile,
        pipelineFile: prepared.files.pipelineFile,
        pooledChecks: await poolChecks(prepared, windows, outputFile),
      };
    },

    close,
  };
}

/**
 * Pools each checked feature's raw and renormalized values over the windows from its first switch
 * to adapted statistics on, reading them back from the output file as a consumer would.
 */
async function poolChecks(
  prepared: PreparedScenario,
  windows: readonly DemoWindow[],
  outputFile: string,
): Promise<ScenarioResult['pooledChecks']> {
  const outputs = (await readFile(outputFile, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as WeatherRecord);

  const pooled: ScenarioResult['pooledChecks'] = [];
  for (const feature of prepared.scenario.renormalizationChecks) {
    const first = windows.find((window) => window.sources[feature] === 'adapted');
    const last = windows.at(-1);
    if (first === undefined || last === undefined) {
      continue;
    }
    const selected = outputs.filter((record) => dateOf(record) >= first.firstDate);
    const check = checkRenormalization(
      feature,
      prepared.referenceRecords.map((record) => toNumber(record[feature])),
      selected.map((record) => toNumber(record[feature])),
      selected.map((record) => toNumber(record[`${feature}${NORMALIZED_SUFFIX}`])),
    );
    if (check !== null) {
      pooled.push({ ...check, firstPeriod: first.period, lastPeriod: last.period });
    }
  }
  return pooled;
}
