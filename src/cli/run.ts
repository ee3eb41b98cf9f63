import type { Command } from 'commander';
import { isDriftwatchError } from '../errors';
import { createLogger } from '../logging/logger';
import { startService } from '../service/service';

/**
 * `driftwatch run --config FILE`: runs the service until SIGTERM or SIGINT. The first signal stops
 * fetching, lets in-flight records reach their outputs, commits and leaves the consumer groups,
 * then exits 0; a second signal exits at once with code 130.
 */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the streaming service: consume, detect drift, renormalize, produce, export metrics')
    .option('-c, --config <file>', 'service config file (YAML)', 'config/driftwatch.yaml')
    .action(async (options: { config: string }) => {
      const logger = createLogger({ level: process.env.LOG_LEVEL });

      let service: Awaited<ReturnType<typeof startService>>;
      try {
        service = await startService(options.config, { logger });
      } catch (error) {
        if (isDriftwatchError(error)) {
          logger.error({ code: error.code, ...error.context }, error.message);
          console.error(`driftwatch: ${error.message}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }

      const exitCode = await new Promise<number>((resolve) => {
        let stopping = false;
        const onSignal = (signal: NodeJS.Signals) => {
          if (stopping) {
            logger.warn({ signal }, 'second signal: exiting without draining');
            process.exit(130);
          }
          stopping = true;
          logger.info({ signal }, 'signal received: draining');
          service.stop().then(
            () => resolve(0),
            (error: unknown) => {
              logger.error({ err: error }, 'clean shutdown failed');
              resolve(1);
            },
          );
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
        service.failed.then(async (error) => {
          logger.error({ err: error }, 'pipeline failed: stopping the service');
          stopping = true;
          await withTimeout(service.stop(), 60_000).catch((stopError: unknown) => {
            logger.error({ err: stopError }, 'shutdown after a failure did not finish');
          });
          resolve(1);
        });
      });

      // kafkajs may keep reconnect timers alive after a failure; the service is done either way.
      process.exit(exitCode);
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
