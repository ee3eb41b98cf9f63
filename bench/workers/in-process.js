'use strict';

// Runs one in-process measurement in its own Node.js process and prints one JSON line:
//   node bench/workers/in-process.js '{"mode":"driftwatch","start":500000,"count":1000000,...}'
// Modes: `driftwatch` (the stream processor), `loop` (the hand-written baseline), `memory`
// (RSS while every row of the table goes through the stream processor; needs --expose-gc).

const { createPipelineProcessor } = require('../../dist/service/create-pipeline-processor');
const { createLogger } = require('../../dist/logging/logger');
const { toSourceRecords } = require('../../dist/sources/file-replay');
const { loadFlights, toFlightRecord } = require('../lib/flights');
const { createFlightsPipelineConfig } = require('../lib/pipeline-setup');

/** Records per `push`, about what one kafkajs fetch of ~1 MB holds for these records. */
const BATCH_SIZE = 1000;

async function main() {
  const options = JSON.parse(process.argv[2]);
  const table = await loadFlights({ rowCount: options.start + options.count });

  let result;
  if (options.mode === 'driftwatch') {
    result = await measureDriftwatch(table, options);
  } else if (options.mode === 'loop') {
    result = measureLoop(table, options);
  } else if (options.mode === 'memory') {
    result = await measureMemory(table, options);
  } else {
    throw new Error(
      `in-process worker: unknown mode ${JSON.stringify(options.mode)}; use driftwatch, loop or memory`,
    );
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Wraps rows [start, end) as file-replay source records, with `date` as the Kafka timestamp. */
function toFlightSourceRecords(table, start, end) {
  const records = [];
  for (let row = start; row < end; row += 1) records.push(toFlightRecord(table, row));
  return toSourceRecords('flights-3m.parquet', records, {
    timestampOf: (record) => Date.parse(record.date),
    nowMs: Date.now(),
  });
}

async function createProcessor(options) {
  const config = createFlightsPipelineConfig({ profilePath: options.profilePath });
  return createPipelineProcessor({ config, logger: createLogger({ level: 'silent' }) });
}

/** Pushes every record through the stream processor in batches, then flushes the open window. */
function runProcessor(processor, sources) {
  let outputCount = 0;
  let outputBytes = 0;
  let driftEventCount = 0;
  const consume = (step) => {
    outputCount += step.outputs.length;
    driftEventCount += step.driftEvents.length;
    for (const { message } of step.outputs) outputBytes += message.value.length;
  };

  const nowMs = Date.now();
  for (let from = 0; from < sources.length; from += BATCH_SIZE) {
    consume(processor.push(sources.slice(from, from + BATCH_SIZE), nowMs));
  }
  consume(processor.flush());
  return { outputCount, outputBytes, driftEventCount };
}

async function measureDriftwatch(table, options) {
  const sources = toFlightSourceRecords(table, options.start, options.start + options.count);
  const processor = await createProcessor(options);

  const started = process.hrtime.bigint();
  const counts = runProcessor(processor, sources);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const report = processor.latestReport();
  return {
    mode: 'driftwatch',
    records: sources.length,
    seconds,
    recordsPerSecond: sources.length / seconds,
    ...counts,
    latestVerdicts:
      report === null ? null : Object.fromEntries(report.features.map((f) => [f.name, f.drifted])),
  };
}

/**
 * The baseline: per record, parse the JSON, update a running mean and variance (Welford) of each
 * numeric feature, standardize with them, and stringify the record with the standardized fields,
 * in the same batches as the stream processor gets.
 */
function measureLoop(table, options) {
  const sources = toFlightSourceRecords(table, options.start, options.start + options.count);
  const names = ['delay', 'distance'];
  const count = [0, 0];
  const mean = [0, 0];
  const m2 = [0, 0];
  let outputCount = 0;
  let outputBytes = 0;

  const started = process.hrtime.bigint();
  for (let from = 0; from < sources.length; from += BATCH_SIZE) {
    const batch = sources.slice(from, from + BATCH_SIZE);
    const outputs = [];
    for (const source of batch) {
      const fields = JSON.parse(source.value.toString('utf8'));
      const value = { ...fields };
      for (let index = 0; index < names.length; index += 1) {
        const x = fields[names[index]];
        if (typeof x !== 'number') {
          value[`${names[index]}_normalized`] = null;
          continue;
        }
        count[index] += 1;
        const delta = x - mean[index];
        mean[index] += delta / count[index];
        m2[index] += delta * (x - mean[index]);
        const variance = m2[index] / count[index];
        value[`${names[index]}_normalized`] = (x - mean[index]) / Math.sqrt(variance + 1e-5);
      }
      outputs.push(JSON.stringify(value));
    }
    outputCount += outputs.length;
    for (const text of outputs) outputBytes += text.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  return {
    mode: 'loop',
    records: sources.length,
    seconds,
    recordsPerSecond: sources.length / seconds,
    outputCount,
    outputBytes,
  };
}

/**
 * Streams rows [start, start + count) through one stream processor, encoding 10,000 rows at a
 * time so the input never sits in memory whole. RSS is read after two forced collections at each
 * checkpoint; the peak is the largest RSS seen after any batch.
 */
async function measureMemory(table, options) {
  if (typeof global.gc !== 'function') {
    throw new Error('in-process worker: memory mode needs node --expose-gc');
  }
  const readSettled = () => {
    global.gc();
    global.gc();
    const usage = process.memoryUsage();
    return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
  };
  const processor = await createProcessor(options);
  const checkpoints = new Set(options.checkpoints);
  const settled = { 0: readSettled() };
  let peakRssBytes = settled[0].rssBytes;
  let outputCount = 0;
  const chunkRows = 10000;
  const nowMs = Date.now();

  const started = process.hrtime.bigint();
  for (let from = options.start; from < options.start + options.count; from += chunkRows) {
    const sources = toFlightSourceRecords(
      table,
      from,
      Math.min(from + chunkRows, options.start + options.count),
    );
    for (let offset = 0; offset < sources.length; offset += BATCH_SIZE) {
      outputCount += processor.push(sources.slice(offset, offset + BATCH_SIZE), nowMs).outputs.length;
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    }
    const done = from + sources.length - options.start;
    if (checkpoints.has(done)) settled[done] = readSettled();
  }
  outputCount += processor.flush().outputs.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  return {
    mode: 'memory',
    records: options.count,
    seconds,
    outputCount,
    settled,
    peakRssBytes,
    processMaxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
