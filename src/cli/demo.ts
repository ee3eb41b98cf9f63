import path from 'node:path';
import { type Command, Option } from 'commander';
import { runDemo } from '../demo/run-demo';
import { DEMO_SCENARIOS, selectScenarios } from '../demo/scenarios';
import { createLogger } from '../logging/logger';
import { type CommandIo, processIo } from './command-io';
import { parseNumberOption } from './option-values';

/** Options of `driftwatch demo` as commander passes them. */
interface DemoCommandOptions {
  out: string;
  port: string;
  host: string;
  rate: string;
  serve?: boolean;
  chart?: string;
  scenario: string;
  kafka?: boolean;
}

/**
 * `driftwatch demo`: replays the weather table shipped in vega-datasets through the service's
 * pipeline code and prints what the service reports window by window. It runs in memory, or with
 * `--kafka` through the service on a broker. The
 * scenarios are a domain shift (Seattle as reference, New York streamed) with adaptive
 * renormalization, and a seasonal covariate and target shift (Seattle 2012 as reference,
 * 2013-2015 month by month).
 * Serves `/metrics` and `/drift` while it runs; logs go to stderr at level warn unless LOG_LEVEL
 * sets another. Ctrl-C stops the replay early and still prints the summaries and writes the chart.
 */
export function registerDemoCommand(program: Command, io: CommandIo = processIo): void {
  program
    .command('demo')
    .description('replay real weather data through the pipeline: drift reports, renormalization, metrics')
    .option(
      '--out <dir>',
      'folder for renormalized NDJSON, reference profiles and pipeline files',
      './demo-output',
    )
    .option('--port <port>', 'HTTP port of /metrics and /drift; 0 picks a free port', '9464')
    .option(
      '--host <address>',
      'HTTP address of /metrics and /drift; DRIFTWATCH_HTTP_HOST, when set, replaces the default',
      process.env.DRIFTWATCH_HTTP_HOST ?? '127.0.0.1',
    )
    .option('--rate <recordsPerSecond>', 'records per second; 0 replays as fast as possible', '0')
    .option('--serve', 'keep serving /metrics and /drift after the replay until Ctrl-C')
    .option('--chart <file>', 'SVG file of the drift timeline (default: <out>/drift-timeline.svg)')
    .option(
      '--kafka',
      'run the scenarios through the service on a Kafka broker (KAFKA_BROKERS, default 127.0.0.1:9092)',
    )
    .addOption(
      new Option('--scenario <name>', 'scenario to run')
        .choices(['all', ...DEMO_SCENARIOS.map((scenario) => scenario.id)])
        .default('all'),
    )
    .action(async (options: DemoCommandOptions) => {
      const port = parseNumberOption('--port', options.port, { min: 0, max: 65535, integer: true });
      const rate = parseNumberOption('--rate', options.rate, { min: 0 });
      const scenarios = selectScenarios(options.scenario);
      const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });

      // The first SIGINT or SIGTERM ends the replay after its current chunk, or ends --serve. The
      // listeners are removed on the first signal, so a second one terminates the process.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await runDemo(
          {
            scenarios,
            outDir: options.out,
            chartFile: options.chart ?? path.join(options.out, 'drift-timeline.svg'),
            host: options.host,
            port,
            rateRecordsPerSecond: rate,
            serve: options.serve === true,
            stopSignal: stop.signal,
            logger,
            kafkaBrokers: options.kafka === true ? parseBrokers(process.env.KAFKA_BROKERS) : undefined,
          },
          io,
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

/** Splits KAFKA_BROKERS (comma-separated host:port) into brokers; unset or empty gives 127.0.0.1:9092. */
function parseBrokers(text: string | undefined): string[] {
  const brokers = (text ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  return brokers.length === 0 ? ['127.0.0.1:9092'] : brokers;
}
