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

      await new Promise<void>((resolve) => {
        let stopping = false;
        const onSignal = (signal: NodeJS.Signals) => {
          if (stopping) {
            logger.warn({ signal }, 'second signal: exiting without draining');
            process.exit(130);
          }
          stopping = true;
          logger.info({ signal }, 'signal received: draining');
          service.stop().then(resolve, (error: unknown) => {
            logger.error({ err: error }, 'clean shutdown failed');
            process.exitCode = 1;
            resolve();
          });
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
        service.failed.then(async (error) => {
          logger.error({ err: error }, 'pipeline failed: stopping the service');
          process.exitCode = 1;
          await service.stop().catch(() => undefined);
          resolve();
        });
      });
    });
}
