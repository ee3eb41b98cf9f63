import { DriftwatchError } from '../errors';
import { toSourceRecords } from '../sources/file-replay';
import type { SourceRecord } from '../sources/source-record';
import { type ScenarioFiles, type ScenarioTopics, writeScenarioFiles } from './scenario-files';
import { type DemoScenario, periodKey, pipelineIdOf } from './scenarios';
import { dateOf, type WeatherRecord } from './weather-data';

/** A scenario ready to replay: its rows, its stream cut into periods, and its files. */
export interface PreparedScenario {
  scenario: DemoScenario;
  pipelineId: string;
  referenceRecords: WeatherRecord[];
  /** Stream rows in date order. */
  streamRecords: WeatherRecord[];
  /** Source records of the stream per calendar period, in date order; each period is one window. */
  periods: Map<string, SourceRecord[]>;
  files: ScenarioFiles;
  outDir: string;
}

/**
 * Prepares a scenario. It picks the reference and stream rows from the weather table and sorts the
 * stream by date. It turns the stream into source records with the file-replay source (key
 * `location`, timestamp the row's date at 00:00 UTC) and groups them by calendar period. Then it
 * writes the reference profile and the pipeline file (see `writeScenarioFiles`).
 *
 * Throws DriftwatchError `INPUT_INVALID` when the scenario selects no reference or stream rows.
 */
export async function prepareScenario(options: {
  scenario: DemoScenario;
  records: readonly WeatherRecord[];
  sourceFile: string;
  outDir: string;
  topics?: ScenarioTopics;
}): Promise<PreparedScenario> {
  const { scenario } = options;
  const pipelineId = pipelineIdOf(scenario);
  const referenceRecords = options.records.filter((record) => scenario.isReference(record));
  const streamRecords = options.records
    .filter((record) => scenario.isStream(record))
    .sort((left, right) => dateOf(left).localeCompare(dateOf(right)));
  if (referenceRecords.length === 0 || streamRecords.length === 0) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${options.sourceFile}: scenario ${scenario.id} found ${referenceRecords.length} reference rows and ${streamRecords.length} stream rows; it needs both (the weather table of vega-datasets)`,
      { context: { file: options.sourceFile, pipeline: pipelineId } },
    );
  }

  const sources = toSourceRecords(options.sourceFile, streamRecords, {
    keyField: 'location',
    timestampOf: (record) => Date.parse(dateOf(record)),
    nowMs: Date.now(),
  });
  const periods = new Map<string, SourceRecord[]>();
  streamRecords.forEach((record, index) => {
    const key = periodKey(scenario.period, dateOf(record));
    const group = periods.get(key) ?? [];
    group.push(sources[index]);
    periods.set(key, group);
  });

  const files = await writeScenarioFiles({
    scenario,
    referenceRecords,
    sourceFile: options.sourceFile,
    windowSize: Math.max(2, ...[...periods.values()].map((group) => group.length)),
    outDir: options.outDir,
    topics: options.topics,
  });
  return { scenario, pipelineId, referenceRecords, streamRecords, periods, files, outDir: options.outDir };
}
