import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Registry } from 'prom-client';
import type { CommandIo } from '../cli/command-io';
import type { Logger } from '../logging/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { startHttpServer } from '../service/http-server';
import type { StreamProcessor } from '../service/stream-processor-types';
import { formatScenarioHeader, formatScenarioSummary, formatWindowLine } from './console-lines';
import { replayScenario } from './replay-scenario';
import { type DemoScenario, pipelineIdOf } from './scenarios';
import { renderTimelineChart } from './timeline-chart';
import type { ScenarioResult } from './types';
import { locateWeatherCsv, readWeatherRecords } from './weather-data';

/** Settings of one `driftwatch demo` run. */
export interface DemoOptions {
  scenarios: readonly DemoScenario[];
  /** Folder for the NDJSON outputs, reference profiles and pipeline files; created when absent. */
  outDir: string;
  /** Path of the SVG drift timeline. */
  chartFile: string;
  /** Address of `/metrics` and `/drift`; port 0 picks a free port. */
  host: string;
  port: number;
  /** Records per second; 0 replays as fast as the pipeline runs. */
  rateRecordsPerSecond: number;
  /** Keep serving HTTP after the replay until `stopSignal` aborts. */
  serve: boolean;
  /**
   * Stops the replay after its current chunk (the remaining scenarios are skipped; summaries and
   * chart cover what ran) and ends `serve`. The command aborts it on SIGINT or SIGTERM.
   */
  stopSignal?: AbortSignal;
  logger: Logger;
  /** The weather table to read (default: the one shipped in vega-datasets). */
  weatherFile?: string;
}

/** Results of a demo run, for tests and callers. */
export interface DemoRun {
  results: ScenarioResult[];
  chartFile: string;
  /** The port `/metrics` and `/drift` were served on. */
  port: number;
  registry: Registry;
}

/**
 * Runs `driftwatch demo`: serves the service's metrics and `/drift` while it replays each scenario
 * through the pipeline code (see `replayScenario`), writes one console line per closed window and
 * a summary per scenario to `io`, then writes the SVG drift timeline. With `serve`, HTTP stays up
 * until `stopSignal` aborts; otherwise it closes when the replay ends.
 */
export async function runDemo(options: DemoOptions, io: CommandIo): Promise<DemoRun> {
  await mkdir(options.outDir, { recursive: true });
  const registry = new Registry();
  const metrics = createServiceMetrics(registry);
  const processors = new Map<string, StreamProcessor>();
  const http = await startHttpServer(
    {
      registry,
      isReady: () => true,
      latestReports: () =>
        Object.fromEntries(
          [...processors].map(([pipeline, processor]) => [pipeline, processor.latestReport()]),
        ),
    },
    { host: options.host, port: options.port, logger: options.logger },
  );

  try {
    const base = `http://${options.host}:${http.port}`;
    io.writeOut(`driftwatch demo: metrics at ${base}/metrics, latest drift reports at ${base}/drift\n`);
    const weatherFile = options.weatherFile ?? locateWeatherCsv();
    const records = await readWeatherRecords(weatherFile);

    const results: ScenarioResult[] = [];
    for (const scenario of options.scenarios) {
      if (options.stopSignal?.aborted) {
        io.writeOut('\ninterrupted: the remaining scenarios were skipped\n');
        break;
      }
      io.writeOut(formatScenarioHeader(scenario));
      const result = await replayScenario({
        scenario,
        records,
        sourceFile: weatherFile,
        outDir: options.outDir,
        logger: options.logger,
        metrics,
        rateRecordsPerSecond: options.rateRecordsPerSecond,
        signal: options.stopSignal,
        onProcessor: (processor) => processors.set(pipelineIdOf(scenario), processor),
        onWindow: (window) => io.writeOut(formatWindowLine(window, scenario)),
      });
      results.push(result);
      io.writeOut(formatScenarioSummary(result));
    }

    await mkdir(path.dirname(path.resolve(options.chartFile)), { recursive: true });
    await writeFile(options.chartFile, renderTimelineChart(results));
    io.writeOut(
      `\ndrift timeline chart: ${path.relative(process.cwd(), options.chartFile) || options.chartFile}\n`,
    );

    if (options.serve && !options.stopSignal?.aborted) {
      io.writeOut(`serving ${base}/metrics and ${base}/drift until Ctrl-C\n`);
      await waitForAbort(options.stopSignal);
    }
    return { results, chartFile: options.chartFile, port: http.port, registry };
  } finally {
    await http.close();
  }
}

/** Resolves when `signal` aborts; without a signal it never resolves. */
function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}
