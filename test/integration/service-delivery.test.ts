import { flightKey, readFlights } from '../support/flights';
import { describeKafka, testBrokers, uniqueTopic } from '../support/kafka';
import { findFreePort, startServiceProcess, writeServiceConfig } from '../support/service-process';
import {
  createTestKafka,
  createTopics,
  produceAll,
  type ReadMessage,
  readTopics,
  waitForCommittedToEnd,
} from '../support/topics';

const GOOD_COUNT = 50_000;

/** One record of each kind of bad input, with the reason the dead-letter header must carry. */
const BAD_INPUTS: Array<{ value: string; reason: string }> = [
  { value: '{"id": "bad-json", "delay": 1, "distance": 2', reason: 'invalid_json' },
  { value: '["not", "an", "object"]', reason: 'not_an_object' },
  { value: '{"badId": "missing", "delay": 3}', reason: 'missing_feature' },
  { value: '{"badId": "string", "delay": "late", "distance": 100}', reason: 'wrong_type' },
  { value: '{"badId": "infinite", "delay": 1e400, "distance": 100}', reason: 'non_finite_number' },
];

describeKafka('driftwatch run on 50,000 flights', () => {
  it('writes every record to the output or the dead-letter topic, once and in key order', async () => {
    const brokers = testBrokers();
    const kafka = createTestKafka(brokers);
    const topics = {
      input: uniqueTopic('flights-in'),
      output: uniqueTopic('flights-out'),
      deadLetter: uniqueTopic('flights-dlq'),
      driftEvents: uniqueTopic('flights-drift'),
    };
    const groupId = uniqueTopic('flights-group');
    await createTopics(kafka, { [topics.input]: 3 });

    const flights = readFlights(GOOD_COUNT);
    const messages: Array<{ key: string | null; value: string }> = [];
    const expectedBad: Array<{ offsetIndex: number; reason: string }> = [];
    flights.forEach((flight, index) => {
      messages.push({ key: flightKey(flight), value: JSON.stringify(flight) });
      if (index % 10_000 === 5_000) {
        for (const bad of BAD_INPUTS) {
          expectedBad.push({ offsetIndex: messages.length, reason: bad.reason });
          messages.push({ key: 'bad', value: bad.value });
        }
      }
    });
    await produceAll(kafka, topics.input, messages);

    const httpPort = await findFreePort();
    const configFile = writeServiceConfig({
      brokers,
      httpPort,
      pipelines: {
        flights: [
          'id: flights',
          `input: { topic: ${topics.input}, groupId: ${groupId}, partitions: 3 }`,
          `output: { topic: ${topics.output} }`,
          `deadLetter: { topic: ${topics.deadLetter} }`,
          `driftEvents: { topic: ${topics.driftEvents} }`,
          'features:',
          '  - { name: delay, kind: numeric }',
          '  - { name: distance, kind: numeric }',
          'window: { type: count, size: 5000, maxWaitMs: 1000 }',
          'reference: { source: first, records: 5000 }',
          'normalization: { mode: adaptive, affine: reference }',
          '',
        ].join('\n'),
      },
    });
    const service = await startServiceProcess(configFile, httpPort);

    let received: ReadMessage[] = [];
    try {
      received = await readTopics(kafka, [topics.output, topics.deadLetter], {
        isDone: (read) => read.length >= messages.length,
        timeoutMs: 90_000,
      });
      const { committed, end } = await waitForCommittedToEnd(kafka, groupId, topics.input, 20_000);
      expect(committed).toEqual(end);

      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      expect(metrics).toContain('driftwatch_dead_letters_total{pipeline="flights",reason="wrong_type"} 5');
      expect(metrics).toMatch(/driftwatch_windows_total\{pipeline="flights"\} \d+/);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }

    const outputs = received.filter((message) => message.topic === topics.output);
    const deadLetters = received.filter((message) => message.topic === topics.deadLetter);

    // Every good record exactly once on the output topic, none on the dead-letter topic.
    const outputIds = outputs.map((message) => (JSON.parse(message.value) as { id: number }).id);
    expect(outputIds).toHaveLength(GOOD_COUNT);
    expect(new Set(outputIds).size).toBe(GOOD_COUNT);

    // Every bad record exactly once on the dead-letter topic, with its bytes and reason.
    expect(deadLetters).toHaveLength(expectedBad.length);
    const reasons = deadLetters.map((message) => message.headers['driftwatch-reason']).sort();
    expect(reasons).toEqual(expectedBad.map((bad) => bad.reason).sort());
    for (const message of deadLetters) {
      expect(BAD_INPUTS.map((bad) => bad.value)).toContain(message.value);
      expect(message.headers['driftwatch-source-topic']).toBe(topics.input);
      expect(message.headers['driftwatch-error'].length).toBeGreaterThan(10);
    }

    // Per-key order: within a key, ids arrive in the order they were produced.
    const lastIdByKey = new Map<string, number>();
    for (const message of outputs.sort(
      (a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset),
    )) {
      const { id } = JSON.parse(message.value) as { id: number };
      const key = message.key ?? '';
      expect(id).toBeGreaterThan(lastIdByKey.get(key) ?? -1);
      lastIdByKey.set(key, id);
    }

    // Renormalized values are present and finite.
    const sample = JSON.parse(outputs[outputs.length - 1].value) as Record<string, unknown>;
    expect(typeof sample.delay_normalized).toBe('number');
    expect(Number.isFinite(sample.distance_normalized)).toBe(true);
  }, 180_000);
});
