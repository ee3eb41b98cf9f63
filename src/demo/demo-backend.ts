import { Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { startHttpServer } from '../service/http-server';
import type { StreamProcessor } from '../service/stream-processor-types';
import { replayScenario } from './replay-scenario';
import { type DemoScenario, pipelineIdOf } from './scenarios';
import type { DemoWindow, ScenarioResult } from './types';
import type { WeatherRecord } from './weather-data';

/** Driver of the demo's pipelines: in memory, or the service on a Kafka broker. */
export interface DemoBackend {
  /** Port of `/metrics` and `/drift`. */
  port: number;
  registry: Registry;
  /** Replays one scenario and calls `onWindow` as each window closes. */
  replay(scenario: DemoScenario, onWindow: (window: DemoWindow) => void): Promise<ScenarioResult>;
  /** Stops serving HTTP and releases what the backend started. */
  close(): Promise<void>;
}

/** Settings shared by the backends. */
export interface BackendOptions {
  records: readonly WeatherRecord[];
  sourceFile: string;
  outDir: string;
  host: string;
  port: number;
  rateRecordsPerSecond: number;
  signal?: AbortSignal;
  logger: Logger;
}

/**
 * Starts the in-memory backend: the service's metrics on a registry of their own, served with the
 * service's HTTP server (`/metrics`, `/drift` with the latest report per pipeline, `/healthz`,
 * `/readyz`), and each scenario replayed with `replayScenario`.
 */
export async function startInMemoryBackend(options: BackendOptions): Promise<DemoBackend> {
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

  return {
    port: http.port,
    registry,
    replay: (scenario, onWindow) =>
      replayScenario({
        scenario,
        records: options.records,
        sourceFile: options.sourceFile,
        outDir: options.outDir,
        logger: options.logger,
        metrics,
        rateRecordsPerSecond: options.rateRecordsPerSecond,
        signal: options.signal,
        onProcessor: (processor) => processors.set(pipelineIdOf(scenario), processor),
        onWindow,
      }),
    close: () => http.close(),
  };
}
