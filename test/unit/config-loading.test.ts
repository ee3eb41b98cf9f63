import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPipelineConfig } from '../../src/config/pipeline-config';
import { loadServiceConfig } from '../../src/config/service-config';
import { DriftwatchError } from '../../src/errors';

function writeFiles(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'driftwatch-config-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(path.join(folder, name), text);
  }
  return folder;
}

function errorOf(action: () => unknown): DriftwatchError {
  try {
    action();
  } catch (error) {
    if (error instanceof DriftwatchError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DriftwatchError');
}

describe('loadServiceConfig', () => {
  it('resolves pipeline paths against the service file', () => {
    const folder = writeFiles({
      'driftwatch.yaml': 'kafka:\n  brokers: ["127.0.0.1:9092"]\npipelines:\n  - pipes/a.yaml\n',
    });

    const config = loadServiceConfig(path.join(folder, 'driftwatch.yaml'), {});

    expect(config.pipelineFiles).toEqual([path.join(folder, 'pipes/a.yaml')]);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 9464 });
  });

  it('lets environment variables override the file', () => {
    const folder = writeFiles({
      'driftwatch.yaml': 'kafka:\n  brokers: ["127.0.0.1:9092"]\npipelines: [a.yaml]\n',
    });

    const config = loadServiceConfig(path.join(folder, 'driftwatch.yaml'), {
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      DRIFTWATCH_HTTP_PORT: '9999',
      LOG_LEVEL: 'debug',
    });

    expect(config.kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.http.port).toBe(9999);
    expect(config.logLevel).toBe('debug');
  });

  it('rejects an unknown key with file, line and path', () => {
    const folder = writeFiles({
      'driftwatch.yaml': 'kafka:\n  brokers: ["127.0.0.1:9092"]\n  clientIdd: x\npipelines: [a.yaml]\n',
    });
    const file = path.join(folder, 'driftwatch.yaml');

    const error = errorOf(() => loadServiceConfig(file, {}));

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${file}:3`);
    expect(error.message).toContain('clientIdd');
  });

  it('names the bad value and the rule', () => {
    const folder = writeFiles({
      'driftwatch.yaml': 'kafka:\n  brokers: ["localhost"]\npipelines: [a.yaml]\n',
    });
    const file = path.join(folder, 'driftwatch.yaml');

    const error = errorOf(() => loadServiceConfig(file, {}));

    expect(error.message).toContain(`${file}:2: invalid value at kafka.brokers.0`);
    expect(error.message).toContain('expected host:port');
    expect(error.message).toContain('"localhost"');
  });

  it('reports a missing file with its path', () => {
    const error = errorOf(() => loadServiceConfig('/nonexistent/driftwatch.yaml', {}));

    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.message).toContain('/nonexistent/driftwatch.yaml');
  });

  it('reports invalid YAML with its line', () => {
    const folder = writeFiles({ 'driftwatch.yaml': 'kafka:\n  brokers: [\n' });
    const file = path.join(folder, 'driftwatch.yaml');

    const error = errorOf(() => loadServiceConfig(file, {}));

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/driftwatch\.yaml:\d+: invalid YAML/);
  });
});

describe('loadPipelineConfig', () => {
  it('derives the consumer group from the id', () => {
    const folder = writeFiles({ 'p.yaml': 'id: weather\ninput: { topic: in }\noutput: { topic: out }\n' });

    const config = loadPipelineConfig(path.join(folder, 'p.yaml'));

    expect(config.groupId).toBe('driftwatch-weather');
    expect(config.input.fromBeginning).toBe(true);
  });

  it('rejects an invalid topic name', () => {
    const folder = writeFiles({
      'p.yaml': 'id: weather\ninput: { topic: "in put" }\noutput: { topic: out }\n',
    });

    const error = errorOf(() => loadPipelineConfig(path.join(folder, 'p.yaml')));

    expect(error.message).toContain('input.topic');
    expect(error.message).toContain('"in put"');
  });
});
