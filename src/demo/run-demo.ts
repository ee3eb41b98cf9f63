import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Registry } from 'prom-client';
import type { CommandIo } from '../cli/command-io';
import { DriftwatchError } from '../errors';
import type { Logger } from '../logging/logger';
import { displayPath, formatScenarioHeader, formatScenarioSummary, formatWindowLine } from './console-lines';
import { type BackendOptions, type DemoBackend, startInMemoryBackend } from './demo-backend';
import { startKafkaBackend } from './kafka-backend';
import type { DemoScenario } from './scenarios';
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
  /**
   * Brokers of a Kafka cluster: when set, the scenarios run through the service on these brokers
   * (see `startKafkaBackend`) instead of in memory.
   */
  kafkaBrokers?: string[];
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
 * Runs `driftwatch demo`. It serves the service's metrics and `/drift` while it replays each
 * scenario, in memory (`replayScenario`) or through the service on Kafka (`startKafkaBackend`).
 * It writes one console line per closed window and a summary per scenario to `io`, then the SVG
 * drift timeline. With `serve`, HTTP stays up until `stopSignal` aborts; otherwise it closes when
 * the replay ends.
 */
export async function runDemo(options: DemoOptions, io: CommandIo): Promise<DemoRun> {
  await mkdir(options.outDir, { recursive: true });
  const weatherFile = options.weatherFile ?? locateWeatherCsv();
  const records = await readWeatherRecords(weatherFile);
  const backendOptions = {
    records,
    sourceFile: weatherFile,
    outDir: options.outDir,
    host: options.host,
    port: options.port,
    rateRecordsPerSecond: options.rateRecordsPerSecond,
    signal: options.stopSignal,
    logger: options.logger,
  };
  const backend = await startBackend(options, backendOptions);

  try {
    const base = `http://${options.host}:${backend.port}`;
    io.writeOut(`driftwatch demo: metrics at ${base}/metrics, latest drift reports at ${base}/drift\n`);
    if (options.kafkaBrokers !== undefined) {
      io.writeOut(
        `through Kafka at ${options.kafkaBrokers.join(',')}: the service consumes what the demo produces\n`,
      );
    }

    const results: ScenarioResult[] = [];
    for (const scenario of options.scenarios) {
      if (options.stopSignal?.aborted) {
        io.writeOut('\ninterrupted: the remaining scenarios were skipped\n');
        break;
      }
      io.writeOut(formatScenarioHeader(scenario));
      const result = await backend.replay(scenario, (window) =>
        io.writeOut(formatWindowLine(window, scenario)),
      );
      results.push(result);
      io.writeOut(formatScenarioSummary(result));
    }

    await mkdir(path.dirname(path.resolve(options.chartFile)), { recursive: true });
    await writeFile(options.chartFile, renderTimelineChart(results));
    io.writeOut(`\ndrift timeline chart: ${displayPath(options.chartFile)}\n`);

    if (options.serve && !options.stopSignal?.aborted) {
      io.writeOut(`serving ${base}/metrics and ${base}/drift until Ctrl-C\n`);
      await waitForAbort(options.stopSignal);
    }
    return { results, chartFile: options.chartFile, port: backend.port, registry: backend.registry };
  } finally {
    await backend.close();
  }
}

/**
 * Starts the in-memory or the Kafka backend. A port in use becomes DriftwatchError `INPUT_INVALID`
 * that names `--port`, because the HTTP server's own message names the service's config keys.
 */
async function startBackend(options: DemoOptions, backendOptions: BackendOptions): Promise<DemoBackend> {
  try {
    return options.kafkaBrokers === undefined
      ? await startInMemoryBackend(backendOptions)
      : await startKafkaBackend({
          ...backendOptions,
          brokers: options.kafkaBrokers,
          scenarios: options.scenarios,
        });
  } catch (error) {
    const cause =
      error instanceof DriftwatchError ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
    if (cause?.code === 'EADDRINUSE') {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `--port ${options.port}: ${options.host}:${options.port} is already in use; pass another --port, or --port 0 for a free one`,
        { cause: error },
      );
    }
    throw error;
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
