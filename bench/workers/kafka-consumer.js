'use strict';

// Runs one Kafka consumer under test in its own process until SIGTERM, and prints
// {"ready":true} on stdout once it has joined its consumer group:
//   node bench/workers/kafka-consumer.js '{"mode":"driftwatch","configFile":"..."}'
//   node bench/workers/kafka-consumer.js '{"mode":"passthrough","brokers":[...],"inputTopic":"...","outputTopic":"...","groupId":"..."}'
// `driftwatch` runs the real service (startService); `passthrough` is the bare kafkajs baseline.

const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { startService } = require('../../dist/service/service');
const { createLogger } = require('../../dist/logging/logger');

async function main() {
  // kafkajs 2.2 prints a TimeoutNegativeWarning on Node.js 24 that changes nothing.
  process.removeAllListeners('warning');
  const options = JSON.parse(process.argv[2]);
  const stop = options.mode === 'driftwatch' ? await runDriftwatch(options) : await runPassthrough(options);

  process.once('SIGTERM', () => {
    stop()
      .catch((error) => process.stderr.write(`${error.stack ?? error}\n`))
      .finally(() => process.exit(0));
  });
}

async function runDriftwatch(options) {
  const service = await startService(options.configFile, { logger: createLogger({ level: 'warn' }) });
  service.failed.then((error) => {
    process.stderr.write(`driftwatch pipeline failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
  // /readyz returns 200 once the group is joined and the reference profile is loaded.
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${service.httpPort}/readyz`).catch(() => null);
    if (response?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write(`${JSON.stringify({ ready: true, httpPort: service.httpPort })}\n`);
  return () => service.stop();
}

/**
 * Consumes the input topic and produces every record unchanged (key, value, headers) to the
 * output topic, then commits the batch's offsets: the same at-least-once order as driftwatch,
 * with the same producer settings (acks from all replicas, one request in flight).
 */
async function runPassthrough(options) {
  const kafka = new Kafka({
    clientId: 'bench-passthrough',
    brokers: options.brokers,
    logLevel: logLevel.ERROR,
  });
  const consumer = kafka.consumer({ groupId: options.groupId });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: options.inputTopic, fromBeginning: true });

  consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write(`${JSON.stringify({ ready: true })}\n`));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (batch.messages.length === 0) return;
      await producer.send({
        topic: options.outputTopic,
        acks: -1,
        messages: batch.messages.map((message) => ({
          key: message.key,
          value: message.value,
          headers: message.headers,
        })),
      });
      const last = batch.lastOffset();
      resolveOffset(last);
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last) + 1n) },
      ]);
      await heartbeat();
    },
  });
  return async () => {
    await consumer.disconnect();
    await producer.disconnect();
  };
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
