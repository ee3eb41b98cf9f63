import type { IHeaders, Producer } from 'kafkajs';

/** One message for an output topic. */
export interface OutputMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
  partition?: number;
}

/**
 * Writes messages to one topic and resolves when every broker replica in sync has acknowledged
 * them (`acks: -1`), which is the point after which their input offsets may be committed.
 * Messages keep their key, so records of one key land in one partition, in order.
 */
export function createTopicSink(producer: Producer, topic: string) {
  return {
    topic,
    async send(messages: OutputMessage[]): Promise<void> {
      if (messages.length === 0) {
        return;
      }
      await producer.send({ topic, acks: -1, messages });
    },
  };
}

export type TopicSink = ReturnType<typeof createTopicSink>;
