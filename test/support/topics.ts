import { type IHeaders, Kafka, logLevel, Partitioners } from 'kafkajs';
import { uniqueTopic } from './kafka';

/** A message read back from a topic, with its key, value and headers as text. */
export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Creates a kafkajs client for tests, with logging off. */
export function createTestKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'driftwatch-test', brokers, logLevel: logLevel.NOTHING });
}

/** Creates topics with the given partition counts and waits for their leaders. */
export async function createTopics(kafka: Kafka, topics: Record<string, number>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: Object.entries(topics).map(([topic, numPartitions]) => ({ topic, numPartitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Produces messages in order, in chunks, waiting for every acknowledgement. */
export async function produceAll(
  kafka: Kafka,
  topic: string,
  messages: Array<{ key: string | null; value: string }>,
): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let start = 0; start < messages.length; start += 2000) {
      await producer.send({ topic, acks: -1, messages: messages.slice(start, start + 2000) });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads topics from the beginning until `isDone(messages)` holds (then waits `settleMs` more so
 * that duplicates would show up) or `timeoutMs` passes. Reads with read_committed, the kafkajs
 * default, so aborted transactional messages never appear.
 */
export async function readTopics(
  kafka: Kafka,
  topics: string[],
  options: { isDone: (messages: ReadMessage[]) => boolean; timeoutMs: number; settleMs?: number },
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueTopic('reader'), readUncommitted: false });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  for (const topic of topics) {
    await consumer.subscribe({ topic, fromBeginning: true });
  }
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? '',
        headers: headersAsText(message.headers),
      });
    },
  });

  const deadline = Date.now() + options.timeoutMs;
  while (!options.isDone(messages) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 1500));
  await consumer.disconnect();
  return messages;
}

/** Waits until the group's committed offsets equal the topic's end offsets, or fails with both. */
export async function waitForCommittedToEnd(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs: number,
): Promise<{ committed: Record<number, string>; end: Record<number, string> }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const end = Object.fromEntries(
      (await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, entry.offset]),
    );
    const deadline = Date.now() + timeoutMs;
    let committed: Record<number, string> = {};
    while (Date.now() < deadline) {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
      committed = Object.fromEntries(
        entry.partitions.map((partition) => [partition.partition, partition.offset]),
      );
      if (Object.entries(end).every(([partition, offset]) => committed[Number(partition)] === offset)) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { committed, end };
  } finally {
    await admin.disconnect();
  }
}

function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) {
      result[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
    }
  }
  return result;
}
