import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadPipelineConfig, type PipelineConfig } from '../config/pipeline-config';
import { saveReferenceProfile } from '../reference/profile-file';
import { buildReferenceProfile } from '../reference/summarize-table';
import { type DemoScenario, pipelineIdOf } from './scenarios';
import { toRecordTable, type WeatherRecord } from './weather-data';

/** Quiet time after which the service closes a window that is not full, in milliseconds. */
export const DEMO_MAX_WAIT_MS = 1000;

/** Topic and consumer group names of a pipeline file; the defaults are `<pipeline id>-features` and so on. */
export interface ScenarioTopics {
  input: string;
  output: string;
  driftEvents: string;
  groupId: string;
}

/** Files the demo writes for one scenario before replaying it. */
export interface ScenarioFiles {
  /** Reference profile built from the scenario's reference rows. */
  profileFile: string;
  /** Pipeline file naming that profile, loaded with the service's own loader. */
  pipelineFile: string;
  config: PipelineConfig;
}

/**
 * Builds the scenario's reference profile from `referenceRecords`, writes it and a pipeline file
 * under `outDir` (`references/<id>.json`, `pipelines/<id>.yaml`), and loads the pipeline file with
 * `loadPipelineConfig`, the service's loader, so the demo runs on a validated pipeline config.
 * The written pipeline also runs under `driftwatch run` once its topics exist.
 *
 * `windowSize` is the count window's size: the longest calendar period of the stream, so that no
 * window spans two periods. A shorter period's window closes when the stream pauses for
 * `DEMO_MAX_WAIT_MS` in the service, or at `flush()`. Throws what the profile writer and the
 * config loader throw.
 */
export async function writeScenarioFiles(options: {
  scenario: DemoScenario;
  referenceRecords: readonly WeatherRecord[];
  sourceFile: string;
  windowSize: number;
  outDir: string;
  topics?: ScenarioTopics;
}): Promise<ScenarioFiles> {
  const { scenario } = options;
  const id = pipelineIdOf(scenario);
  const profileFile = path.resolve(options.outDir, 'references', `${scenario.id}.json`);
  const pipelineFile = path.resolve(options.outDir, 'pipelines', `${scenario.id}.yaml`);
  await mkdir(path.dirname(profileFile), { recursive: true });
  await mkdir(path.dirname(pipelineFile), { recursive: true });

  const columns = scenario.target === undefined ? scenario.features : [...scenario.features, scenario.target];
  const table = toRecordTable(
    `${options.sourceFile} (${scenario.referenceName}: ${options.referenceRecords.length} rows)`,
    options.referenceRecords,
  );
  const kinds = new Map(
    columns.map((column) => [
      column,
      column === scenario.target ? ('categorical' as const) : ('numeric' as const),
    ]),
  );
  await saveReferenceProfile(profileFile, buildReferenceProfile(table, { kinds }));

  const topics = options.topics ?? {
    input: `${id}-features`,
    output: `${id}-normalized`,
    driftEvents: `${id}-drift-events`,
    groupId: `driftwatch-${id}`,
  };
  // One input partition keeps the records in date order, so each window contains one period.
  const pipeline = {
    id,
    input: { topic: topics.input, groupId: topics.groupId, partitions: 1 },
    output: { topic: topics.output },
    driftEvents: { topic: topics.driftEvents },
    record: { keyField: 'location' },
    features: scenario.features.map((name) => ({ name })),
    ...(scenario.target === undefined ? {} : { target: { name: scenario.target } }),
    window: { type: 'count', size: options.windowSize, maxWaitMs: DEMO_MAX_WAIT_MS },
    reference: { source: 'profile', path: path.relative(path.dirname(pipelineFile), profileFile) },
    normalization: { mode: 'adaptive', affine: 'reference', momentum: scenario.momentum },
  };
  const header = `# Written by \`driftwatch demo\` for the scenario "${scenario.title}".\n`;
  await writeFile(pipelineFile, `${header}${stringify(pipeline)}`);

  return { profileFile, pipelineFile, config: loadPipelineConfig(pipelineFile) };
}
