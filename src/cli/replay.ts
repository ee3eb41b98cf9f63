import type { Command } from 'commander';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { DriftwatchError } from '../errors';
import { createLogger } from '../logging/logger';
import { readJsonRecords } from '../sources/file-replay';

interface ReplayOptions {
  input: string;
  topic: string;
  brokers: string;
  rate: string;
  key?: string;
  partitions: string;
  limit?: string;
  where?: string;
  loop: boolean;
}

/**
 * `driftwatch replay`: produces a CSV or NDJSON file's records as JSON values into a topic, at a
 * given rate, keyed by a field. Creates the topic when it is absent.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('produce the records of a CSV or NDJSON file into a Kafka topic as JSON, at a given rate')
    .requiredOption('-i, --input <file>', 'CSV or NDJSON file')
    .requiredOption('-t, --topic <topic>', 'topic to produce into (created when absent)')
    .option(
      '-b, --brokers <list>',
      'comma-separated host:port',
      process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    )
    .option('-r, --rate <recordsPerSecond>', 'records per second; 0 for as fast as possible', '0')
    .option('-k, --key <field>', 'field whose value becomes the message key')
    .option('-p, --partitions <count>', 'partitions when the topic is created', '3')
    .option('-n, --limit <count>', 'produce at most this many records')
    .option('-w, --where <field=value>', 'produce only records whose field has this value (text comparison)')
    .option('--loop', 'start again at the first record after the last (until interrupted)', false)
    .action(async (options: ReplayOptions) => {
      const rate = parseNonNegative('--rate', options.rate);
      const partitions = parseNonNegative('--partitions', options.partitions);
      const limit =
        options.limit === undefined ? Number.POSITIVE_INFINITY : parseNonNegative('--limit', options.limit);
      const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' }).child({ topic: options.topic });
      const records = selectRecords(await readJsonRecords(options.input), options.where, options.input);
      if (options.key !== undefined && !(options.key in records[0])) {
        throw new DriftwatchError(
          'INPUT_INVALID',
          `--key ${options.key}: no such field in ${options.input}; use one of ${Object.keys(records[0]).join(', ')}`,
        );
      }

      const kafka = new Kafka({
        clientId: 'driftwatch-replay',
        brokers: options.brokers.split(',').map((broker) => broker.trim()),
        logLevel: logLevel.WARN,
      });
      const admin = kafka.admin();
      await admin.connect();
      if (!(await admin.listTopics()).includes(options.topic)) {
        await admin.createTopics({
          topics: [{ topic: options.topic, numPartitions: Math.max(1, partitions) }],
          waitForLeaders: true,
        });
      }
      await admin.disconnect();

      const producer = kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      const batchSize = rate === 0 ? 1000 : Math.max(1, Math.min(1000, Math.round(rate / 10)));
      const started = Date.now();
      let sent = 0;
      let stopped = false;
      process.once('SIGINT', () => {
        stopped = true;
      });
      process.once('SIGTERM', () => {
        stopped = true;
      });

      while (!stopped && sent < limit) {
        const index = sent % records.length;
        if (index === 0 && sent > 0 && !options.loop) {
          break;
        }
        const count = Math.min(batchSize, records.length - index, limit - sent);
        const messages = records.slice(index, index + count).map((record) => ({
          key: options.key === undefined ? null : String(record[options.key]),
          value: JSON.stringify(record),
        }));
        await producer.send({ topic: options.topic, messages, acks: -1 });
        sent += count;

        if (rate > 0) {
          // Pace by the total so far, so rounding in one batch does not accumulate.
          const aheadMs = (sent / rate) * 1000 - (Date.now() - started);
          if (aheadMs > 0) {
            await new Promise((resolve) => setTimeout(resolve, aheadMs));
          }
        }
      }

      await producer.disconnect();
      logger.info({ records: sent, seconds: (Date.now() - started) / 1000 }, 'replay finished');
    });
}

/** Keeps the records whose field equals the value of a `field=value` filter, compared as text. */
function selectRecords(
  records: Array<Record<string, unknown>>,
  where: string | undefined,
  file: string,
): Array<Record<string, unknown>> {
  if (where === undefined) {
    return records;
  }
  const separator = where.indexOf('=');
  if (separator <= 0) {
    throw new DriftwatchError('INPUT_INVALID', `--where must be field=value, got "${where}"`);
  }
  const field = where.slice(0, separator);
  const value = where.slice(separator + 1);
  if (!(field in records[0])) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `--where ${field}: no such field in ${file}; use one of ${Object.keys(records[0]).join(', ')}`,
    );
  }
  const selected = records.filter((record) => String(record[field]) === value);
  if (selected.length === 0) {
    throw new DriftwatchError('INPUT_INVALID', `--where ${where}: no record of ${file} matches`);
  }
  return selected;
}

function parseNonNegative(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new DriftwatchError('INPUT_INVALID', `${option} must be a number >= 0, got "${text}"`);
  }
  return value;
}
