import { Registry } from 'prom-client';
import { loadPipelineConfig } from '../config/pipeline-config';
import { loadServiceConfig } from '../config/service-config';
import { createKafka } from '../kafka/create-kafka';
import { createLogger, type Logger } from '../logging/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { createPipelineProcessor } from './create-pipeline-processor';
import { startHttpServer } from './http-server';
import { createPipelineRunner, type PipelineRunner } from './pipeline-runner';

/** A started service; `stop` drains and leaves every consumer group, then closes HTTP. */
export interface RunningService {
  httpPort: number;
  registry: Registry;
  stop(): Promise<void>;
  /** Resolves when a pipeline fails for good. */
  failed: Promise<Error>;
}

/**
 * Starts the service from a config file: loads and validates the service and pipeline files,
 * serves HTTP, and starts one runner per pipeline.
 */
export async function startService(
  configFile: string,
  options: { logger?: Logger; environment?: NodeJS.ProcessEnv } = {},
): Promise<RunningService> {
  const config = loadServiceConfig(configFile, options.environment);
  const pipelines = config.pipelineFiles.map((file) => loadPipelineConfig(file));
  const logger = options.logger ?? createLogger({ level: config.logLevel });

  const registry = new Registry();
  const metrics = createServiceMetrics(registry);
  const kafka = createKafka(config.kafka, logger);
  const runners: PipelineRunner[] = [];
  for (const pipeline of pipelines) {
    const processor = await createPipelineProcessor({ config: pipeline, logger, metrics });
    runners.push(createPipelineRunner({ config: pipeline, kafka, metrics, logger, processor }));
  }

  const http = await startHttpServer(
    {
      registry,
      isReady: () => runners.every((runner) => runner.isReady()),
      latestReports: () => Object.fromEntries(runners.map((runner) => [runner.id, runner.latestReport()])),
    },
    { host: config.http.host, port: config.http.port, logger },
  );

  const started: PipelineRunner[] = [];
  try {
    for (const runner of runners) {
      started.push(runner);
      await runner.start();
    }
  } catch (error) {
    // Leave no consumer behind: a half-started service would keep the process alive.
    for (const runner of started) {
      await runner.stop({ drainTimeoutMs: 1000 }).catch((stopError: unknown) => {
        logger.warn(
          { err: stopError, pipeline: runner.id },
          'stopping a pipeline after a failed start failed',
        );
      });
    }
    await http.close();
    throw error;
  }
  logger.info({ pipelines: runners.map((runner) => runner.id) }, 'service started');

  return {
    httpPort: http.port,
    registry,
    failed: Promise.race(runners.map((runner) => runner.failed)),
    async stop() {
      for (const runner of runners) {
        await runner.stop();
      }
      await http.close();
      logger.info('service stopped');
    },
  };
}
