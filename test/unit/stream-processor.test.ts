import path from 'node:path';
import { loadPipelineConfig } from '../../src/config/pipeline-config';
import { createLogger } from '../../src/logging/logger';
import { createPipelineProcessor } from '../../src/service/create-pipeline-processor';
import { appendStep, createEmptyStep, type ProcessorStep } from '../../src/service/stream-processor-types';
import { toSourceRecords } from '../../src/sources/file-replay';
import { readWeather, shuffleSeeded } from '../support/weather';

const PIPELINE_FILE = path.resolve(__dirname, '../../pipelines/weather.yaml');
const logger = createLogger({ level: 'silent' });

async function runThrough(
  records: Array<Record<string, unknown>>,
  extra: string[] = [],
): Promise<ProcessorStep> {
  const config = loadPipelineConfig(PIPELINE_FILE);
  const processor = await createPipelineProcessor({ config, logger });
  const sources = toSourceRecords('weather.csv', records, { keyField: 'location', nowMs: 0 });
  for (const [index, value] of extra.entries()) {
    sources.push({ ...sources[0], offset: String(sources.length + index), value: Buffer.from(value) });
  }
  const step = appendStep(createEmptyStep(), processor.push(sources, 0));
  return appendStep(step, processor.flush());
}

describe('stream processor on the weather table', () => {
  it('flags the New York temperatures against Seattle', async () => {
    const { newYork } = await readWeather();

    const step = await runThrough(newYork);

    const complete = step.reports.filter((report) => report.window?.partial !== true);
    expect(complete).toHaveLength(4);
    for (const report of complete) {
      const drifted = report.features.filter((feature) => feature.drifted).map((feature) => feature.name);
      expect(drifted).toEqual(expect.arrayContaining(['temp_min']));
      expect(report.pipeline).toBe('weather');
    }
    expect(step.switches.some((event) => event.feature === 'temp_min' && event.to === 'adapted')).toBe(true);
    // The last window has 1 record (1461 = 4 x 365 + 1), too few for a report.
    expect(step.reports.filter((report) => report.window?.partial === true)).toEqual([]);
  });

  it('stays quiet for a stream drawn from the reference', async () => {
    const { seattle } = await readWeather();

    const step = await runThrough(shuffleSeeded(seattle, 7));

    const complete = step.reports.filter((report) => report.window?.partial !== true);
    expect(complete).toHaveLength(4);
    for (const report of complete) {
      expect(report.features.filter((feature) => feature.drifted)).toEqual([]);
      expect(report.dataset.drifted).toBe(false);
    }
  });

  it('emits every good record once and dead-letters the bad ones', async () => {
    const { newYork } = await readWeather();
    const bad = [
      '{"temp_max": "hot", "temp_min": 1, "precipitation": 0, "wind": 1, "weather": "sun"}',
      'not json',
      '{"temp_min": 1, "precipitation": 0, "wind": 1, "weather": "sun"}',
    ];

    const step = await runThrough(newYork, bad);

    expect(step.outputs).toHaveLength(newYork.length);
    expect(new Set(step.outputs.map((output) => output.source.offset)).size).toBe(newYork.length);
    expect(step.deadLetters.map((entry) => entry.reason)).toEqual([
      'wrong_type',
      'invalid_json',
      'missing_feature',
    ]);
  });

  it('writes original fields and renormalized values', async () => {
    const { newYork } = await readWeather();

    const step = await runThrough(newYork.slice(0, 400));
    const first = JSON.parse(String(step.outputs[0].message.value)) as Record<string, unknown>;

    expect(first.location).toBe('New York');
    expect(first.temp_max).toBe(newYork[0].temp_max);
    expect(typeof first.temp_max_normalized).toBe('number');
    expect(String(step.outputs[0].message.key)).toBe('New York');
    expect(step.outputs[0].message.headers?.['driftwatch-stats-version']).toBeDefined();
  });
});
