import type { Command } from 'commander';
import { isDriftwatchError } from '../errors';
import { createLogger } from '../logging/logger';
import { type RunningService, startService } from '../service/service';

/**
 * `driftwatch run --config FILE`: runs the service until SIGTERM or SIGINT. The first signal stops
 * fetching, lets in-flight records reach their outputs, commits and leaves the consumer groups,
 * then exits 0; a second signal exits at once with code 130. A signal that arrives while the
 * service is still starting (a broker that does not respond yet) exits 0 at once, since nothing
 * was consumed. A pipeline that fails for good stops the service with exit code 1.
 */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the streaming service: consume, detect drift, renormalize, produce, export metrics')
    .option('-c, --config <file>', 'service config file (YAML)', 'config/driftwatch.yaml')
    .action(async (options: { config: string }) => {
      const logger = createLogger({ level: process.env.LOG_LEVEL });
      let service: RunningService | undefined;
      let stopping = false;
      let finish: (exitCode: number) => void = () => undefined;
      const finished = new Promise<number>((resolve) => {
        finish = resolve;
      });

      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting without draining');
          process.exit(130);
        }
        stopping = true;
        if (service === undefined) {
          logger.info({ signal }, 'signal received during start: exiting');
          process.exit(0);
        }
        logger.info({ signal }, 'signal received: draining');
        service.stop().then(
          () => finish(0),
          (error: unknown) => {
            logger.error({ err: error }, 'clean shutdown failed');
            finish(1);
          },
        );
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);

      try {
        service = await startService(options.config, { logger });
      } catch (error) {
        if (isDriftwatchError(error)) {
          logger.error({ code: error.code, ...error.context }, error.message);
          console.error(`driftwatch: ${error.message}`);
          process.exit(2);
        }
        throw error;
      }

      const running = service;
      running.failed.then(async (error) => {
        logger.error({ err: error }, 'pipeline failed: stopping the service');
        stopping = true;
        await withTimeout(running.stop(), 60_000).catch((stopError: unknown) => {
          logger.error({ err: stopError }, 'shutdown after a failure did not finish');
        });
        finish(1);
      });

      // kafkajs may keep reconnect timers alive after a failure; the service is done either way.
      process.exit(await finished);
    });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref();
    }),
  ]);
}
