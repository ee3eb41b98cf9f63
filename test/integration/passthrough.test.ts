import { Kafka, logLevel } from 'kafkajs';
import { describeKafka, testBrokers, uniqueTopic } from '../support/kafka';
import { findFreePort, startServiceProcess, writeServiceConfig } from '../support/service-process';

const RECORD_COUNT = 10_000;
const PARTITIONS = 3;

describeKafka('driftwatch run (passthrough pipeline)', () => {
  it('delivers every record once and commits to the end', async () => {
    const brokers = testBrokers();
    const kafka = new Kafka({ clientId: 'passthrough-test', brokers, logLevel: logLevel.NOTHING });
    const inputTopic = uniqueTopic('passthrough-in');
    const outputTopic = uniqueTopic('passthrough-out');
    const groupId = uniqueTopic('passthrough-group');

    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: inputTopic, numPartitions: PARTITIONS },
        { topic: outputTopic, numPartitions: PARTITIONS },
      ],
      waitForLeaders: true,
    });

    const producer = kafka.producer();
    await producer.connect();
    for (let start = 0; start < RECORD_COUNT; start += 1000) {
      const messages = Array.from({ length: 1000 }, (_, index) => {
        const id = start + index;
        return { key: `key-${id % 97}`, value: JSON.stringify({ id, x: id * 0.5 }) };
      });
      await producer.send({ topic: inputTopic, messages });
    }
    await producer.disconnect();

    const httpPort = await findFreePort();
    const configFile = writeServiceConfig({
      brokers,
      httpPort,
      pipelines: {
        passthrough: [
          'id: passthrough',
          `input: { topic: ${inputTopic}, groupId: ${groupId}, fromBeginning: true }`,
          `output: { topic: ${outputTopic} }`,
          '',
        ].join('\n'),
      },
    });
    const service = await startServiceProcess(configFile, httpPort);

    try {
      const received = await readTopic(kafka, outputTopic, RECORD_COUNT, 60_000);
      const ids = received.map((message) => (JSON.parse(message.value) as { id: number }).id);
      expect(ids).toHaveLength(RECORD_COUNT);
      expect(new Set(ids).size).toBe(RECORD_COUNT);
      expect(Math.min(...ids)).toBe(0);
      expect(Math.max(...ids)).toBe(RECORD_COUNT - 1);
      for (const message of received) {
        const id = (JSON.parse(message.value) as { id: number }).id;
        expect(message.key).toBe(`key-${id % 97}`);
      }

      const endOffsets = await admin.fetchTopicOffsets(inputTopic);
      await expectCommittedToEnd(admin, groupId, inputTopic, endOffsets, 20_000);

      const metrics = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
      expect(metrics).toContain(
        `driftwatch_records_total{pipeline="passthrough",outcome="output"} ${RECORD_COUNT}`,
      );
      const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      const exitCode = await service.stop('SIGTERM');
      await admin.disconnect();
      expect(exitCode).toBe(0);
    }
  }, 120_000);
});

async function readTopic(
  kafka: Kafka,
  topic: string,
  expected: number,
  timeoutMs: number,
): Promise<Array<{ key: string; value: string }>> {
  const consumer = kafka.consumer({ groupId: uniqueTopic('reader') });
  const messages: Array<{ key: string; value: string }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      messages.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
    },
  });

  const deadline = Date.now() + timeoutMs;
  while (messages.length < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Wait a little longer so duplicates, if any, would show up.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await consumer.disconnect();
  return messages;
}

async function expectCommittedToEnd(
  admin: ReturnType<Kafka['admin']>,
  groupId: string,
  topic: string,
  endOffsets: Array<{ partition: number; offset: string }>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let committed: Array<{ partition: number; offset: string }> = [];
  while (Date.now() < deadline) {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    committed = entry.partitions;
    const done = endOffsets.every(
      (end) => committed.find((partition) => partition.partition === end.partition)?.offset === end.offset,
    );
    if (done) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(committed.sort((a, b) => a.partition - b.partition)).toEqual(
    endOffsets
      .map(({ partition, offset }) => ({ partition, offset }))
      .sort((a, b) => a.partition - b.partition),
  );
}
