import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flightKey, readFlights } from '../support/flights';
import { uniqueTopic, waitForBrokerAt } from '../support/kafka';
import { hasCommand } from '../support/kafka-fixture';
import { findFreePort, startServiceProcess, writeServiceConfig } from '../support/service-process';
import {
  createTestKafka,
  createTopics,
  produceAll,
  readTopics,
  waitForCommittedToEnd,
} from '../support/topics';

const launcher = path.resolve(__dirname, '../../scripts/kafka.sh');
const hasLauncher = hasCommand('java') && hasCommand('mvn');
const PHASE_COUNT = 10_000;

/**
 * This test stops and restarts a broker of its own (the local launcher on other ports), so it needs
 * Java and Maven even where KAFKA_BROKERS points at a shared broker. Under CI=true a missing launcher
 * fails the run.
 */
const describeOutage = hasLauncher || process.env.CI === 'true' ? describe : describe.skip;

describeOutage('driftwatch run through a broker outage', () => {
  const runDir = mkdtempSync(path.join(tmpdir(), 'driftwatch-outage-'));
  let port = 0;
  const broker = (command: 'start' | 'stop', keepData = false) =>
    execFileSync('bash', [launcher, command], {
      stdio: 'inherit',
      env: {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_RUN_DIR: runDir,
        KAFKA_KEEP_DATA: keepData ? '1' : '0',
      },
    });

  beforeAll(async () => {
    port = await findFreePortPair();
    broker('start');
  }, 120_000);

  afterAll(() => {
    broker('stop');
  }, 60_000);

  it('recovers by itself after 20 s without a broker', async () => {
    const brokers = [`127.0.0.1:${port}`];
    const kafka = createTestKafka(brokers);
    const topics = { input: uniqueTopic('outage-in'), output: uniqueTopic('outage-out') };
    const groupId = uniqueTopic('outage-group');
    await createTopics(kafka, { [topics.input]: 3 });
    const flights = readFlights(2 * PHASE_COUNT);
    const messages = flights.map((flight) => ({ key: flightKey(flight), value: JSON.stringify(flight) }));
    await produceAll(kafka, topics.input, messages.slice(0, PHASE_COUNT));

    const httpPort = await findFreePort();
    const configFile = writeServiceConfig({
      brokers,
      httpPort,
      pipelines: {
        outage: [
          'id: outage',
          `input: { topic: ${topics.input}, groupId: ${groupId}, partitions: 3 }`,
          `output: { topic: ${topics.output}, partitions: 3 }`,
          'features: [{ name: delay, kind: numeric }, { name: distance, kind: numeric }]',
          'window: { type: count, size: 1000, maxWaitMs: 1000 }',
          'reference: { source: first, records: 1000 }',
          '',
        ].join('\n'),
      },
    });
    const service = await startServiceProcess(configFile, httpPort);

    try {
      await waitForMetric(
        httpPort,
        /driftwatch_records_total\{pipeline="outage",outcome="output"\} (\d+)/,
        2000,
      );
      const stoppedAt = Date.now();
      broker('stop');

      const readyDuringOutage = await pollReady(httpPort, (ready) => !ready, 20_000);
      expect(readyDuringOutage).toBe(false);
      const remainingMs = 20_000 - (Date.now() - stoppedAt);
      if (remainingMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, remainingMs));
      }
      broker('start', true);
      await waitForBrokerAt(brokers, 60_000);
      await produceAll(kafka, topics.input, messages.slice(PHASE_COUNT));

      const received = await readTopics(kafka, [topics.output], {
        isDone: (read) => new Set(read.map((message) => message.value)).size >= 2 * PHASE_COUNT,
        timeoutMs: 90_000,
      });
      const ids = new Set(received.map((message) => (JSON.parse(message.value) as { id: number }).id));
      if (ids.size !== 2 * PHASE_COUNT) {
        console.log(`outputs after the outage: ${ids.size}; service log:\n${service.logs().slice(-20_000)}`);
      }
      expect(ids.size).toBe(2 * PHASE_COUNT);

      const { committed, end } = await waitForCommittedToEnd(kafka, groupId, topics.input, 30_000);
      expect(committed).toEqual(end);
      expect(await pollReady(httpPort, (ready) => ready, 30_000)).toBe(true);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }
  }, 300_000);
});

async function waitForMetric(httpPort: number, pattern: RegExp, atLeast: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const value = Number(pattern.exec(text)?.[1] ?? 0);
    if (value >= atLeast) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`metric ${pattern} stayed below ${atLeast} for 60 s`);
}

/** Polls /readyz until `until(ready)` is true or `timeoutMs` passes, and returns the last readiness seen. */
async function pollReady(
  httpPort: number,
  until: (ready: boolean) => boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (Date.now() < deadline) {
    ready = (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200;
    if (until(ready)) {
      return ready;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return ready;
}

/** Finds a free port whose successor is free too (the launcher puts the controller on port + 1). */
async function findFreePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await findFreePort();
    if (port < 65535 && (await isFree(port + 1))) {
      return port;
    }
  }
  throw new Error('no two adjacent free ports on 127.0.0.1');
}

async function isFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
