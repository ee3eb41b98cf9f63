import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { stringify } from 'yaml';
import type { DriftReport } from '../detectors/types';
import { DriftwatchError } from '../errors';
import { type RunningService, startService } from '../service/service';
import { OUTPUT_HEADERS } from '../service/stream-processor';
import type { BackendOptions, DemoBackend } from './demo-backend';
import { createPacer } from './pacer';
import { type PreparedScenario, prepareScenario } from './prepare-scenario';
import { createScenarioRecorder } from './scenario-recorder';
import { type DemoScenario, pipelineIdOf } from './scenarios';
import type { DemoSwitch, NormalizationSource } from './types';

/** Maximum wait for a window's drift event and output records, in milliseconds. */
const WINDOW_TIMEOUT_MS = 30000;
const POLL_MS = 20;

/** Drift events and output records of one pipeline, as read back from its topics. */
interface TopicCollector {
  driftEvents: Array<{ windowIndex: number; report: DriftReport }>;
  outputs: Map<number, string[]>;
}

/**
 * Starts the Kafka backend: the real service (`startService`) on the brokers, with one pipeline per
 * scenario, and a producer and consumer of the demo's own. Topics and consumer groups carry a run
 * id (`demo-<run>-<scenario>-features`, ...), so a run never reads an earlier run's records. The
 * service creates the topics, and the backend deletes them on `close`.
 *
 * A replay produces each period's records into the input topic and waits for the window's drift
 * event and all its output records before it produces the next period. A period shorter than the
 * count window closes after the pipeline's `maxWaitMs` of quiet, as in production. Normalization
 * switches are read from the service's `driftwatch_normalization_reestimated` gauge after each
 * window, because the drift events do not carry them.
 *
 * Throws DriftwatchError `KAFKA_UNAVAILABLE` when a window's drift event or outputs do not arrive
 * within 30 seconds, and what `startService` throws when the brokers cannot be reached.
 */
export async function startKafkaBackend(
  options: BackendOptions & { brokers: string[]; scenarios: readonly DemoScenario[] },
): Promise<DemoBackend> {
  const runId = Date.now().toString(36);
  const prepared = new Map<string, PreparedScenario>();
  for (const scenario of options.scenarios) {
    const prefix = `demo-${runId}-${scenario.id}`;
    prepared.set(
      scenario.id,
      await prepareScenario({
        ...options,
        scenario,
        topics: {
          input: `${prefix}-features`,
          output: `${prefix}-normalized`,
          driftEvents: `${prefix}-drift-events`,
          groupId: `driftwatch-${prefix}`,
        },
      }),
    );
  }

  const configFile = await writeServiceConfig(options, [...prepared.values()]);
  const kafka = new Kafka({ clientId: 'driftwatch-demo', brokers: options.brokers, logLevel: logLevel.WARN });
  let service: RunningService;
  try {
    service = await startService(configFile, { logger: options.logger, environment: {} });
  } catch (error) {
    // The service may have created some of the run's topics before it failed.
    await deleteTopics(kafka, [...prepared.values()], options.logger);
    throw error;
  }
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer: Consumer = kafka.consumer({ groupId: `driftwatch-demo-${runId}-reader` });
  const collectors = new Map<string, TopicCollector>();
  const topicOwners = new Map<string, { collector: TopicCollector; kind: 'output' | 'drift' }>();
  for (const scenario of prepared.values()) {
    const collector: TopicCollector = { driftEvents: [], outputs: new Map() };
    collectors.set(scenario.pipelineId, collector);
    topicOwners.set(scenario.files.config.output.topic, { collector, kind: 'output' });
    topicOwners.set(scenario.files.config.driftEvents?.topic ?? '', { collector, kind: 'drift' });
  }

  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [...topicOwners.keys()], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const owner = topicOwners.get(topic);
        const windowIndex = Number(String(message.headers?.[OUTPUT_HEADERS.window] ?? '-1'));
        if (owner === undefined || message.value === null) {
          return;
        }
        if (owner.kind === 'drift') {
          owner.collector.driftEvents.push({ windowIndex, report: fromReportJson(message.value.toString()) });
        } else {
          const values = owner.collector.outputs.get(windowIndex) ?? [];
          values.push(message.value.toString());
          owner.collector.outputs.set(windowIndex, values);
        }
      },
    });
  } catch (error) {
    await consumer.disconnect();
    await producer.disconnect();
    await service.stop();
    await deleteTopics(kafka, [...prepared.values()], options.logger);
    throw error;
  }

  const replay: DemoBackend['replay'] = async (scenario, onWindow) => {
    const entry = prepared.get(scenario.id);
    const collector = collectors.get(pipelineIdOf(scenario));
    if (entry === undefined || collector === undefined) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `scenario ${scenario.id} was not started with the Kafka backend`,
      );
    }
    const recorder = await createScenarioRecorder(entry);
    const pacer = createPacer(options.rateRecordsPerSecond, options.signal);
    const sources = new Map<string, NormalizationSource>(
      scenario.features.map((name) => [name, 'reference']),
    );
    try {
      for (const [period, group] of entry.periods) {
        if (options.signal?.aborted) {
          break;
        }
        for (const chunk of pacer.chunks(group)) {
          await producer.send({
            topic: entry.files.config.input.topic,
            acks: -1,
            messages: chunk.map((record) => ({
              key: record.key,
              value: record.value,
              timestamp: record.timestamp,
            })),
          });
          await pacer.wait(chunk.length);
        }

        const event = await waitFor(`the drift event of ${period}`, entry.pipelineId, () =>
          collector.driftEvents.shift(),
        );
        const expected = event.report.window?.recordCount ?? 0;
        const outputValues = await waitFor(
          `the ${expected} output records of ${period}`,
          entry.pipelineId,
          () => {
            const values = collector.outputs.get(event.windowIndex) ?? [];
            return values.length >= expected ? values : undefined;
          },
        );
        const switches = await readSwitches(service.registry, entry.pipelineId, sources);
        onWindow(await recorder.recordWindow({ period, report: event.report, switches, outputValues }));
      }
    } catch (error) {
      await recorder.close();
      throw error;
    }
    return recorder.finish();
  };

  return {
    port: service.httpPort,
    registry: service.registry,
    replay,
    async close() {
      await consumer.disconnect();
      await producer.disconnect();
      await service.stop();
      await deleteTopics(kafka, [...prepared.values()], options.logger);
    },
  };
}

async function writeServiceConfig(
  options: BackendOptions & { brokers: string[] },
  prepared: readonly PreparedScenario[],
): Promise<string> {
  const file = path.resolve(options.outDir, 'kafka', 'driftwatch.yaml');
  await mkdir(path.dirname(file), { recursive: true });
  const config = {
    kafka: { clientId: 'driftwatch-demo', brokers: options.brokers },
    http: { host: options.host, port: options.port },
    pipelines: prepared.map((entry) => entry.files.pipelineFile),
  };
  await writeFile(file, `# Written by \`driftwatch demo --kafka\`.\n${stringify(config)}`);
  return file;
}

/** Polls `take` until it returns a value; throws KAFKA_UNAVAILABLE after the window timeout. */
async function waitFor<T>(what: string, pipeline: string, take: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WINDOW_TIMEOUT_MS;
  for (;;) {
    const value = take();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new DriftwatchError(
        'KAFKA_UNAVAILABLE',
        `pipeline ${pipeline}: ${what} did not arrive within ${WINDOW_TIMEOUT_MS / 1000} s; check the service log (LOG_LEVEL=info) and the brokers`,
        { context: { pipeline }, retryable: true },
      );
    }
    await sleep(POLL_MS);
  }
}

/**
 * Returns the features whose normalization source changed since the last call, from the service's
 * `driftwatch_normalization_reestimated` gauge (1 adapted, 0 reference), and updates `sources`.
 */
async function readSwitches(
  registry: Registry,
  pipeline: string,
  sources: Map<string, NormalizationSource>,
): Promise<DemoSwitch[]> {
  const metric = await registry.getSingleMetric('driftwatch_normalization_reestimated')?.get();
  const switches: DemoSwitch[] = [];
  for (const { labels, value } of metric?.values ?? []) {
    const feature = String(labels.feature);
    const previous = sources.get(feature);
    if (labels.pipeline !== pipeline || previous === undefined) {
      continue;
    }
    const current: NormalizationSource = value === 1 ? 'adapted' : 'reference';
    if (current !== previous) {
      switches.push({ feature, from: previous, to: current });
      sources.set(feature, current);
    }
  }
  return switches;
}

/** Parses a drift event; `toReportJson` writes an infinite statistic as the string "Infinity". */
function fromReportJson(text: string): DriftReport {
  return JSON.parse(text, (_key, value: unknown) =>
    value === 'Infinity' || value === '-Infinity' ? Number(value) : value,
  ) as DriftReport;
}

async function deleteTopics(
  kafka: Kafka,
  prepared: readonly PreparedScenario[],
  logger: BackendOptions['logger'],
): Promise<void> {
  const topics = prepared.flatMap((entry) => [
    entry.files.config.input.topic,
    entry.files.config.output.topic,
    ...(entry.files.config.driftEvents === undefined ? [] : [entry.files.config.driftEvents.topic]),
  ]);
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics });
  } catch (error) {
    // The outputs are in the NDJSON files already; leftover topics only take broker space.
    logger.warn({ err: error, topics }, 'demo topics not deleted');
  } finally {
    await admin.disconnect();
  }
}
