'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { encodeFlightRows } = require('./flights');
const { createFlightsPipelineConfig } = require('./pipeline-setup');

const WORKER = path.join(__dirname, '..', 'workers', 'kafka-consumer.js');
const PRODUCED_AT_HEADER = 'bench-produced-at';

/**
 * Measures driftwatch's service against the bare kafkajs passthrough on one broker.
 *
 * Throughput: `records` rows are produced once to a topic of `partitions` partitions; each run
 * starts one consumer process (a new group, a new output topic) and polls the output topic's end
 * offsets every 100 ms. The rate counts from the first output record to the last, so group
 * joining and the first window's fill are left out; `totalSeconds` keeps them.
 * Latency: each run gets new topics, and the driver produces `latency.rate` records per second for
 * `latency.seconds` seconds with the send time in a header; the latency of a record is the
 * timestamp the consumer under test gave its output record minus that header.
 */
async function runKafkaBenchmarks(options) {
  const { table, brokers, log } = options;
  const kafka = new Kafka({ clientId: 'driftwatch-bench', brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await admin.connect();
  await producer.connect();
  const runId = Date.now().toString(36);

  try {
    const inputTopic = `bench-${runId}-flights`;
    await createTopic(admin, inputTopic, options.partitions);
    log(`kafka: producing ${options.records} records to ${inputTopic} (${options.partitions} partitions)`);
    await produceRows(producer, inputTopic, table, options.firstRow, options.records);

    const throughput = { driftwatch: [], passthrough: [] };
    const latency = { driftwatch: [], passthrough: [] };
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      for (const system of ['passthrough', 'driftwatch']) {
        const names = namesFor(runId, system, `t${repetition}`);
        const result = await measureThroughput({ ...options, admin, system, inputTopic, ...names });
        log(
          `kafka throughput ${system} run ${repetition + 1}: ${Math.round(result.recordsPerSecond)} records/s`,
        );
        throughput[system].push(result);
      }
    }
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      for (const system of ['passthrough', 'driftwatch']) {
        const names = namesFor(runId, system, `l${repetition}`);
        const result = await measureLatency({ ...options, kafka, admin, producer, system, ...names });
        log(`kafka latency ${system} run ${repetition + 1}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
        latency[system].push(result);
      }
    }
    return { throughput, latency };
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

function namesFor(runId, system, run) {
  return {
    inputTopicForRun: `bench-${runId}-${system}-${run}-in`,
    outputTopic: `bench-${runId}-${system}-${run}-out`,
    groupId: `bench-${runId}-${system}-${run}`,
  };
}

async function createTopic(admin, topic, partitions) {
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
}

async function produceRows(producer, topic, table, firstRow, count) {
  const chunkRows = 5000;
  for (let from = firstRow; from < firstRow + count; from += chunkRows) {
    const values = encodeFlightRows(table, from, Math.min(from + chunkRows, firstRow + count));
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  }
}

async function measureThroughput(options) {
  const { admin, system, records } = options;
  if (system === 'passthrough') await createTopic(admin, options.outputTopic, options.partitions);
  const consumer = await startConsumer({ ...options, inputTopic: options.inputTopic });

  const startedMs = Date.now();
  const deadlineMs = startedMs + options.timeoutMs;
  let first = null;
  let count = 0;
  try {
    while (count < records) {
      if (Date.now() > deadlineMs) {
        throw new Error(
          `kafka ${system}: ${count} of ${records} output records after ${options.timeoutMs} ms`,
        );
      }
      await sleep(100);
      count = await countOffsets(admin, options.outputTopic);
      if (first === null && count > 0) first = { count, ms: Date.now() };
    }
  } finally {
    await consumer.stop();
  }
  const endMs = Date.now();
  const steadySeconds = (endMs - first.ms) / 1000;
  return {
    records,
    recordsPerSecond: (records - first.count) / steadySeconds,
    steadySeconds,
    totalSeconds: (endMs - startedMs) / 1000,
  };
}

async function measureLatency(options) {
  const { kafka, admin, producer, system, table } = options;
  const { rate, seconds } = options.latency;
  await createTopic(admin, options.inputTopicForRun, options.partitions);
  if (system === 'passthrough') await createTopic(admin, options.outputTopic, options.partitions);
  const consumer = await startConsumer({ ...options, inputTopic: options.inputTopicForRun });

  const latenciesMs = [];
  const reader = kafka.consumer({ groupId: `${options.groupId}-reader` });
  await reader.connect();
  await reader.subscribe({ topic: options.outputTopic, fromBeginning: true });
  const joined = new Promise((resolve) => reader.on(reader.events.GROUP_JOIN, resolve));
  await reader.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const producedAt = Number(message.headers?.[PRODUCED_AT_HEADER]?.toString());
        latenciesMs.push(Number(message.timestamp) - producedAt);
      }
    },
  });
  await joined;

  let produced = 0;
  try {
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const startedMs = Date.now();
    let row = options.firstRow;
    while (Date.now() - startedMs < seconds * 1000) {
      const dueMs = startedMs + (produced / perTick) * tickMs;
      if (dueMs > Date.now()) await sleep(dueMs - Date.now());
      const values = encodeFlightRows(table, row, row + perTick);
      row += perTick;
      const sentAt = String(Date.now());
      await producer.send({
        topic: options.inputTopicForRun,
        acks: -1,
        messages: values.map((value) => ({ value, headers: { [PRODUCED_AT_HEADER]: sentAt } })),
      });
      produced += values.length;
    }
    const drainDeadlineMs = Date.now() + 30000;
    while (latenciesMs.length < produced && Date.now() < drainDeadlineMs) await sleep(100);
  } finally {
    await reader.disconnect();
    await consumer.stop();
  }

  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    produced,
    received: latenciesMs.length,
    achievedRate: produced / seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
  };
}

/** Starts the consumer under test in its own process and resolves once it joined its group. */
async function startConsumer(options) {
  let args;
  if (options.system === 'driftwatch') {
    args = { mode: 'driftwatch', configFile: writeServiceConfig(options) };
  } else {
    args = {
      mode: 'passthrough',
      brokers: options.brokers,
      inputTopic: options.inputTopic,
      outputTopic: options.outputTopic,
      groupId: options.groupId,
    };
  }
  const child = spawn(process.execPath, [WORKER, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('"ready":true')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`kafka ${options.system} consumer exited with code ${code} before joining its group`)),
    );
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Writes the service file and the pipeline file (JSON, which YAML reads) for one driftwatch run. */
function writeServiceConfig(options) {
  const pipelineFile = path.join(options.workDir, `${options.groupId}.pipeline.yaml`);
  const serviceFile = path.join(options.workDir, `${options.groupId}.service.yaml`);
  const config = createFlightsPipelineConfig({
    id: 'flights',
    inputTopic: options.inputTopic,
    outputTopic: options.outputTopic,
    groupId: options.groupId,
    partitions: options.partitions,
    profilePath: options.profilePath,
  });
  const { groupId: _groupId, file: _file, ...pipeline } = config;
  fs.writeFileSync(pipelineFile, JSON.stringify(pipeline, null, 2));
  fs.writeFileSync(
    serviceFile,
    JSON.stringify({
      kafka: { clientId: 'driftwatch-bench', brokers: options.brokers },
      http: { host: '127.0.0.1', port: 0 },
      logLevel: 'warn',
      pipelines: [pipelineFile],
    }),
  );
  return serviceFile;
}

async function countOffsets(admin, topic) {
  const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
  return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
}

function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { runKafkaBenchmarks };
