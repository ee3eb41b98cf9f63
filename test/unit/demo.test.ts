import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CommandIo } from '../../src/cli/command-io';
import { registerDemoCommand } from '../../src/cli/demo';
import { MEAN_TOLERANCE_IN_STD, STD_TOLERANCE_SHARE } from '../../src/demo/renormalization-check';
import { type DemoRun, runDemo } from '../../src/demo/run-demo';
import { DEMO_SCENARIOS } from '../../src/demo/scenarios';
import type { ScenarioResult } from '../../src/demo/types';
import { DriftwatchError } from '../../src/errors';
import { createLogger } from '../../src/logging/logger';
import { readWeather } from '../support/weather';

const SUMMER_MONTHS = ['06', '07', '08'];

let directory: string;
let run: DemoRun;
let output = '';
let metricsText = '';
let driftJson: Record<string, { window?: { recordCount: number } } | null> = {};

function resultOf(id: string): ScenarioResult {
  const result = run.results.find((entry) => entry.scenario.id === id);
  if (result === undefined) {
    throw new Error(`the demo ran no scenario ${id}`);
  }
  return result;
}

function readNdjson(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'driftwatch-demo-'));
  const stop = new AbortController();
  // While the demo serves after its replay, read /metrics and /drift as Prometheus would, then stop it.
  const io: CommandIo = {
    writeOut: (text) => {
      output += text;
      const address = /(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(output)?.[1];
      if (text.includes('until Ctrl-C') && address !== undefined) {
        Promise.all([
          fetch(`${address}/metrics`).then((response) => response.text()),
          fetch(`${address}/drift`).then((response) => response.json()),
        ]).then(
          ([metrics, drift]) => {
            metricsText = metrics;
            driftJson = drift as typeof driftJson;
            stop.abort();
          },
          () => stop.abort(),
        );
      }
    },
    setExitCode: () => undefined,
  };

  run = await runDemo(
    {
      scenarios: DEMO_SCENARIOS,
      outDir: join(directory, 'out'),
      chartFile: join(directory, 'chart', 'timeline.svg'),
      host: '127.0.0.1',
      port: 0,
      rateRecordsPerSecond: 0,
      serve: true,
      stopSignal: stop.signal,
      logger: createLogger({ level: 'silent' }),
    },
    io,
  );
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('driftwatch demo', () => {
  describe('domain shift', () => {
    it('flags New York temperatures in every window', () => {
      const { windows } = resultOf('domain-shift');

      expect(windows).toHaveLength(4);
      for (const window of windows) {
        const drifted = window.report.features
          .filter((feature) => feature.drifted)
          .map((feature) => feature.name);
        expect(drifted).toEqual(expect.arrayContaining(['temp_max', 'temp_min']));
        expect(window.report.dataset.drifted).toBe(true);
      }
    });

    it('switches the temperatures to adapted statistics', () => {
      const [first] = resultOf('domain-shift').windows;

      expect(first.switches.map((event) => `${event.feature}:${event.to}`)).toEqual(
        expect.arrayContaining(['temp_max:adapted', 'temp_min:adapted']),
      );
    });

    it('maps temperature mean and std onto Seattle', () => {
      const { pooledChecks } = resultOf('domain-shift');

      expect(pooledChecks.map((check) => check.feature)).toEqual(['temp_max', 'temp_min']);
      for (const check of pooledChecks) {
        expect(check.count).toBe(1461);
        expect(Math.abs(check.mean - check.referenceMean)).toBeLessThanOrEqual(
          MEAN_TOLERANCE_IN_STD * check.referenceStd,
        );
        expect(Math.abs(check.std - check.referenceStd)).toBeLessThanOrEqual(
          STD_TOLERANCE_SHARE * check.referenceStd,
        );
        expect(check.meanAndStdAgree).toBe(true);
      }
    });

    it('leaves raw New York temperatures far wider than Seattle', () => {
      for (const check of resultOf('domain-shift').pooledChecks) {
        expect(check.rawStd / check.referenceStd).toBeGreaterThan(1.3);
        expect(check.wasserstein).toBeLessThan(check.rawWasserstein / 2);
      }
    });
  });

  describe('seasonal shift', () => {
    it('closes one window per month from 2013 to 2015', () => {
      const { windows } = resultOf('seasonal-shift');

      expect(windows.map((window) => window.period)).toHaveLength(36);
      expect(windows[0].period).toBe('2013-01');
      expect(windows[35].period).toBe('2015-12');
      expect(windows.every((window) => window.recordCount === Number(window.lastDate.slice(8, 10)))).toBe(
        true,
      );
    });

    it('flags target drift in a summer month', () => {
      const summer = resultOf('seasonal-shift').windows.filter((window) =>
        SUMMER_MONTHS.includes(window.period.slice(5, 7)),
      );

      expect(summer.some((window) => window.report.target?.drifted)).toBe(true);
    });

    it('leaves some months without target drift', () => {
      const stable = resultOf('seasonal-shift').windows.filter((window) => !window.report.target?.drifted);

      expect(stable.length).toBeGreaterThan(0);
    });

    it('scores temperatures higher in July than in April', () => {
      const { windows } = resultOf('seasonal-shift');
      const statistic = (period: string) =>
        windows
          .find((window) => window.period === period)
          ?.report.features.find((feature) => feature.name === 'temp_max')?.statistic ?? Number.NaN;

      for (const year of ['2013', '2014', '2015']) {
        expect(statistic(`${year}-07`)).toBeGreaterThan(statistic(`${year}-04`));
      }
    });
  });

  describe('files', () => {
    it('writes one output line per streamed record', async () => {
      const { seattle, newYork } = await readWeather();
      const expected = {
        'domain-shift': newYork.length,
        'seasonal-shift': seattle.filter((record) => String(record.date) >= '2013').length,
      };

      for (const [id, count] of Object.entries(expected)) {
        const lines = readNdjson(resultOf(id).outputFile);
        expect(lines).toHaveLength(count);
        expect(resultOf(id).outputCount).toBe(count);
        expect(resultOf(id).deadLetterCount).toBe(0);
      }
    });

    it('adds a normalized field per feature', () => {
      for (const result of run.results) {
        for (const line of readNdjson(result.outputFile)) {
          for (const feature of result.scenario.features) {
            expect(typeof line[`${feature}_normalized`]).toBe('number');
          }
        }
      }
    });

    it('writes an SVG bar per window', () => {
      const svg = readFileSync(run.chartFile, 'utf8');
      const windowCount = run.results.reduce((sum, result) => sum + result.windows.length, 0);

      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg.match(/<rect /g)).toHaveLength(windowCount);
      expect(svg.match(/<g class="panel"/g)).toHaveLength(2);
    });
  });

  describe('console and HTTP', () => {
    it('prints one line per window', () => {
      const windowLines = output
        .split('\n')
        .filter((line) => /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2} {2}/.test(line));

      expect(windowLines).toHaveLength(40);
      expect(windowLines[0]).toMatch(/DRIFT 3\/4 {2}target weather chi2 p=4e-9 DRIFT/);
      expect(windowLines[0]).toMatch(/temp_max W=0\.27/);
      expect(windowLines[0]).toMatch(/temp_max, temp_min, wind → adapted/);
    });

    it('prints a summary per scenario', () => {
      expect(output.match(/^Summary: /gm)).toHaveLength(2);
      expect(output).toContain('Summary: 4 windows, 4 with dataset drift');
      expect(output).toMatch(/target weather drifted in \d+ of 36 windows; not in /);
    });

    it('serves the service metrics', () => {
      expect(metricsText).toContain('driftwatch_windows_total{pipeline="demo-domain-shift"} 4');
      expect(metricsText).toContain('driftwatch_windows_total{pipeline="demo-seasonal-shift"} 36');
      expect(metricsText).toContain(
        'driftwatch_feature_drifted{pipeline="demo-domain-shift",feature="temp_max",method="wasserstein"} 1',
      );
      expect(metricsText).toContain(
        'driftwatch_records_total{pipeline="demo-domain-shift",outcome="output"} 1461',
      );
    });

    it('serves the latest drift report per pipeline', () => {
      expect(driftJson['demo-domain-shift']?.window?.recordCount).toBe(365);
      expect(driftJson['demo-seasonal-shift']?.window?.recordCount).toBe(31);
    });
  });
});

describe('demo command', () => {
  async function runCommand(args: string[]): Promise<string> {
    let text = '';
    const program = new Command('driftwatch').exitOverride().configureOutput({ writeErr: () => undefined });
    registerDemoCommand(program, {
      writeOut: (chunk) => {
        text += chunk;
      },
      setExitCode: () => undefined,
    });
    await program.parseAsync(['demo', ...args], { from: 'user' });
    return text;
  }

  it('runs one scenario on a free port', async () => {
    const out = join(directory, 'command');
    const text = await runCommand(['--port', '0', '--out', out, '--scenario', 'domain-shift']);

    expect(text).toMatch(/metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(text).not.toMatch(/127\.0\.0\.1:0\//);
    expect(text).toContain('== Domain shift: Seattle → New York ==');
    expect(text).not.toContain('Seasonal');
    expect(readFileSync(join(out, 'drift-timeline.svg'), 'utf8').match(/<rect /g)).toHaveLength(4);
  });

  it('names --port when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as AddressInfo;

    try {
      const error = await runCommand(['--port', String(port), '--out', join(directory, 'busy')]).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DriftwatchError);
      expect((error as DriftwatchError).code).toBe('INPUT_INVALID');
      expect((error as DriftwatchError).message).toBe(
        `--port ${port}: 127.0.0.1:${port} is already in use; pass another --port, or --port 0 for a free one`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects a port out of range', async () => {
    const error = await runCommand(['--port', '70000']).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DriftwatchError);
    expect((error as DriftwatchError).code).toBe('INPUT_INVALID');
    expect((error as DriftwatchError).message).toBe(
      "--port '70000' is invalid: pass an integer from 0 to 65535",
    );
  });
});
