'use strict';

const { median } = require('./processes');

const COLUMNS = ['delay', 'distance', 'origin', 'destination'];

/** Reduces the raw runs to the medians, ratios and target checks of the results table. */
function summarize(results) {
  const summary = {};
  const rate = (runs) => median(runs.map((run) => run.recordsPerSecond));

  const inProcess = { driftwatch: rate(results.inProcess.driftwatch), loop: rate(results.inProcess.loop) };
  summary.inProcess = { ...inProcess, ratio: inProcess.driftwatch / inProcess.loop };

  const [first, last] = results.settings.memory.checkpoints;
  const rssAt = (checkpoint) => median(results.memory.map((run) => run.settled[checkpoint].rssBytes));
  const heapAt = (checkpoint) => median(results.memory.map((run) => run.settled[checkpoint].heapUsedBytes));
  summary.memory = {
    first,
    last,
    startRss: rssAt(0),
    firstRss: rssAt(first),
    lastRss: rssAt(last),
    firstHeap: heapAt(first),
    lastHeap: heapAt(last),
    growth: median(results.memory.map((run) => run.settled[last].rssBytes / run.settled[first].rssBytes - 1)),
    peakRss: median(results.memory.map((run) => run.peakRssBytes)),
  };

  summary.compare = {
    wallSeconds: median(results.compare.map((run) => run.wallSeconds)),
    peakRss: median(results.compare.map((run) => run.peakRssBytes)),
    columns: results.compare[0].columns,
  };

  if (results.python !== undefined) {
    const { evidently, scipy, river } = results.python;
    summary.evidently = {
      wallSeconds: median(evidently.map((run) => run.wallSeconds)),
      reportSeconds: median(evidently.map((run) => run.reportSeconds)),
      peakRss: median(evidently.map((run) => run.peakRssBytes)),
      columns: evidently[0].columns,
    };
    summary.scipy = {
      wallSeconds: median(scipy.map((run) => run.wallSeconds)),
      testSeconds: median(scipy.map((run) => run.testSeconds)),
      peakRss: median(scipy.map((run) => run.peakRssBytes)),
      columns: scipy[0].columns,
    };
    summary.river = {
      recordsPerSecond: rate(river),
      jsonRecordsPerSecond: median(river.map((run) => run.jsonRecordsPerSecond)),
      records: river[0].records,
      driftCount: river[0].driftCount,
    };
    summary.verdictsMatch = COLUMNS.every(
      (column) => summary.compare.columns[column]?.drifted === summary.evidently.columns[column]?.drifted,
    );
  }

  if (results.kafka !== undefined) {
    const { throughput, latency } = results.kafka;
    const kafka = { driftwatch: rate(throughput.driftwatch), passthrough: rate(throughput.passthrough) };
    const percentile = (system, key) => median(latency[system].map((run) => run[key]));
    summary.kafka = {
      ...kafka,
      ratio: kafka.driftwatch / kafka.passthrough,
      latency: {
        driftwatch: { p50: percentile('driftwatch', 'p50Ms'), p99: percentile('driftwatch', 'p99Ms') },
        passthrough: { p50: percentile('passthrough', 'p50Ms'), p99: percentile('passthrough', 'p99Ms') },
      },
    };
  }
  return summary;
}

/** Formats the results table (Markdown) that the run prints and the page shows first. */
function formatResultsTable(results) {
  const s = summarize(results);
  const rows = [
    ['Measurement', 'driftwatch', 'Baseline', 'driftwatch / baseline', 'Target', 'Met'],
    [
      `In-process pipeline, ${count(results.settings.inProcess.count)} records`,
      `${perSecond(s.inProcess.driftwatch)}`,
      `hand-written loop ${perSecond(s.inProcess.loop)}`,
      fixed(s.inProcess.ratio),
      '≥ 0.5',
      yesNo(s.inProcess.ratio >= 0.5),
    ],
  ];
  if (s.kafka !== undefined) {
    rows.push(
      [
        `Through Kafka, ${count(results.settings.kafka.records)} records, ${results.settings.kafka.partitions} partitions`,
        perSecond(s.kafka.driftwatch),
        `kafkajs passthrough ${perSecond(s.kafka.passthrough)}`,
        fixed(s.kafka.ratio),
        '≥ 0.8',
        yesNo(s.kafka.ratio >= 0.8),
      ],
      [
        `End-to-end latency p50 / p99 at ${count(results.settings.kafka.latency.rate)} records/s`,
        `${ms(s.kafka.latency.driftwatch.p50)} / ${ms(s.kafka.latency.driftwatch.p99)}`,
        `passthrough ${ms(s.kafka.latency.passthrough.p50)} / ${ms(s.kafka.latency.passthrough.p99)}`,
        '',
        '',
        '',
      ],
    );
  }
  rows.push([
    `Memory: RSS after ${count(s.memory.first)} / ${count(s.memory.last)} records (peak)`,
    `${mib(s.memory.firstRss)} / ${mib(s.memory.lastRss)} MiB (${mib(s.memory.peakRss)} MiB)`,
    `heap ${mib(s.memory.firstHeap)} / ${mib(s.memory.lastHeap)} MiB`,
    `growth ${percent(s.memory.growth)}`,
    'growth < 10%',
    yesNo(s.memory.growth < 0.1),
  ]);
  const compareRows = `${count(results.settings.compare.referenceRows)} vs ${count(results.settings.compare.currentRows)} rows`;
  if (s.evidently !== undefined) {
    const speedup = s.evidently.wallSeconds / s.compare.wallSeconds;
    rows.push(
      [
        `\`compare\` vs Evidently DataDriftPreset, ${compareRows}, wall (peak RSS)`,
        `${seconds(s.compare.wallSeconds)} s (${mib(s.compare.peakRss)} MiB)`,
        `Evidently ${seconds(s.evidently.wallSeconds)} s (${mib(s.evidently.peakRss)} MiB)`,
        speedText(speedup),
        '≥ 10× faster',
        yesNo(speedup >= 10),
      ],
      [
        'Verdicts per column, `compare` vs Evidently',
        verdicts(s.compare.columns),
        verdicts(s.evidently.columns),
        s.verdictsMatch ? 'all match' : 'differ',
        'all match',
        yesNo(s.verdictsMatch),
      ],
      [
        `\`compare\` vs scipy + numpy (same statistics), ${compareRows}, wall (peak RSS)`,
        `${seconds(s.compare.wallSeconds)} s (${mib(s.compare.peakRss)} MiB)`,
        `scipy ${seconds(s.scipy.wallSeconds)} s (${mib(s.scipy.peakRss)} MiB)`,
        speedText(s.scipy.wallSeconds / s.compare.wallSeconds),
        '',
        '',
      ],
      [
        `Per record: pipeline vs River StandardScaler + ADWIN with JSON in and out, ${count(s.river.records)} records`,
        perSecond(s.inProcess.driftwatch),
        `River ${perSecond(s.river.jsonRecordsPerSecond)}`,
        fixed(s.inProcess.driftwatch / s.river.jsonRecordsPerSecond),
        '',
        '',
      ],
      [
        'Per record: River on prepared dicts (no parsing, no output record)',
        '',
        `River ${perSecond(s.river.recordsPerSecond)}`,
        fixed(s.inProcess.driftwatch / s.river.recordsPerSecond),
        '',
        '',
      ],
    );
  } else {
    rows.push([
      `\`compare\`, ${compareRows}, wall (peak RSS)`,
      `${seconds(s.compare.wallSeconds)} s (${mib(s.compare.peakRss)} MiB)`,
      'Python anchors not run',
      '',
      '',
      '',
    ]);
  }
  return toMarkdownTable(rows);
}

/** Formats docs/benchmarks.md: how to run, data, machine, the results table and every run. */
function formatResultsPage(results) {
  const s = summarize(results);
  const m = results.machine;
  const settings = results.settings;
  const lines = [
    '# Benchmarks',
    '',
    'What driftwatch costs on one machine. It is measured against practical limits (a hand-written',
    'loop, a bare kafkajs passthrough) and against the Python tools people compare it with (Evidently,',
    'scipy, River). All of them run in one session on the same data, so the ratios matter more than',
    'the absolute numbers.',
    '',
    `Run ${results.startedAt.slice(0, 10)} (${results.startedAt} to ${results.finishedAt})${results.quick ? ', **quick mode** (smoke check, not for comparison)' : ''}.`,
    '',
    '## How to run',
    '',
    '```sh',
    'npm run bench                               # full run, writes this page (about 12 minutes here)',
    'npm run bench -- --quick                    # smoke check: 100,000 records, 1 repetition, no Python, no Kafka',
    'npm run bench -- --kafka-brokers HOST:PORT  # use a running broker instead of starting one',
    'npm run bench -- --no-kafka --no-python     # leave those measurements out',
    '```',
    '',
    'The full run starts its own broker with `KAFKA_PORT=19092 DRIFTWATCH_CACHE=~/.cache/driftwatch-bench',
    'bash scripts/kafka.sh start` (Java 17 and Maven needed) and stops it at the end, so it never touches',
    'a test broker on 9092. It creates the Python venv `/root/.cache/driftwatch/bench-venv` from',
    '`bench/requirements.txt` if it is absent. Measurements that use GNU time need `/usr/bin/time`',
    '(Debian package `time`).',
    '',
    'The `compare` measurement on its own, as the run calls it (the run writes the two CSV files from',
    'the Parquet table into a temporary folder):',
    '',
    '```sh',
    '/usr/bin/time -v node bin/driftwatch.js compare --reference reference.csv --current current.csv \\',
    '  --features delay,distance,origin,destination --json',
    '```',
    '',
    '## Machine',
    '',
    `- ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB memory, CPU \`${m.cpuModel}\` (from /proc/cpuinfo), ${m.kernel}`,
    `- Node.js ${m.node}, ${m.python}${results.python === undefined ? '' : ` with ${pythonPins()}`}`,
    `- Load average at the start: ${m.loadAverage.map((v) => v.toFixed(2)).join(', ')}. The machine is shared with other`,
    '  work (test runs), and the Kafka measurements run the broker, the consumer under test and the',
    '  load generator on the same 2 cores, so treat differences under about 10% as noise.',
    '',
    '## Data',
    '',
    '`node_modules/vega-datasets/data/flights-3m.parquet`: 3,000,000 US domestic flights of the first',
    'half of 2001 in date order, read with hyparquet (ZSTD pages decoded by Node.js zlib). Features:',
    '`delay` and `distance` (numeric, minutes and miles), `origin` and `destination` (categorical, airport',
    'codes); `date` is the event time. No value is missing. Each row is encoded as the JSON record a',
    'producer would send, such as',
    '`{"date":"2001-01-01T00:01:00.000Z","delay":33,"distance":2176,"origin":"LAS","destination":"PHL"}`,',
    'and handed to driftwatch as a Buffer, as it arrives from Kafka.',
    '',
    `- Pipeline runs (in-process and Kafka): reference profile of rows 0 to ${count(settings.referenceRows)}, count windows of`,
    '  10,000 records, automatic drift methods, adaptive normalization; records from row 500,000 on.',
    `- \`compare\` and the Python anchors: reference = the first ${count(settings.compare.referenceRows)} rows, current = the next`,
    `  ${count(settings.compare.currentRows)}, as CSV files with the four feature columns.`,
    '',
    '## Results',
    '',
    `Each figure is the median of the runs listed under Details (${runCounts(results)}).`,
    '',
    formatResultsTable(results),
    '',
    ...(results.notes ?? []).map((note) => `Note: ${note}.\n`),
    '## Details',
    '',
    '### In-process pipeline',
    '',
    `Each run is a fresh Node.js process that reads the table and wraps ${count(settings.inProcess.count)} rows with the file-replay`,
    'source (`toSourceRecords`). Only the processing is timed: `push` in batches of 1,000 records',
    '(decode, count windows of 10,000, window statistics, drift report against the profile,',
    'adaptive normalization, output records encoded with `JSON.stringify`) and a final `flush`. The',
    'loop gets the same Buffers in the same batches and per record parses the JSON, updates a',
    'running mean and variance (Welford) of `delay` and `distance`, standardizes them and stringifies',
    'the record with the two added fields.',
    '',
    toMarkdownTable([
      ['Run', 'driftwatch (records/s)', 'loop (records/s)'],
      ...results.inProcess.driftwatch.map((run, index) => [
        String(index + 1),
        count(Math.round(run.recordsPerSecond)),
        count(Math.round(results.inProcess.loop[index].recordsPerSecond)),
      ]),
    ]),
    '',
    '### Memory',
    '',
    `Rows 0 to ${count(s.memory.last)} go through one stream processor in a process started with \`node --expose-gc\`;`,
    'the rows are encoded 10,000 at a time so the input never sits in memory whole. At each checkpoint',
    'the worker calls `gc()` twice and then reads `process.memoryUsage()`. The peak is the largest RSS',
    'read after any batch. The RSS before the first record already holds the decoded table',
    `(${mib(s.memory.startRss)} MiB in the median run), which stays for the whole run.`,
    '',
    toMarkdownTable([
      [
        'Run',
        'RSS at start',
        `RSS after ${count(s.memory.first)}`,
        `RSS after ${count(s.memory.last)}`,
        'growth',
        `heap after ${count(s.memory.first)} / ${count(s.memory.last)}`,
        'peak RSS',
      ],
      ...results.memory.map((run, index) => [
        String(index + 1),
        `${mib(run.settled[0].rssBytes)} MiB`,
        `${mib(run.settled[s.memory.first].rssBytes)} MiB`,
        `${mib(run.settled[s.memory.last].rssBytes)} MiB`,
        percent(run.settled[s.memory.last].rssBytes / run.settled[s.memory.first].rssBytes - 1),
        `${mib(run.settled[s.memory.first].heapUsedBytes)} / ${mib(run.settled[s.memory.last].heapUsedBytes)} MiB`,
        `${mib(run.peakRssBytes)} MiB`,
      ]),
    ]),
    '',
  ];

  if (results.kafka !== undefined) {
    lines.push(...formatKafkaSection(results));
  }
  lines.push(...formatCompareSection(results, s));
  lines.push(...formatProfileSection(results));
  lines.push(
    '## Known limits of these measurements',
    '',
    '- One machine, shared, 2 cores: the Kafka figures include the broker and the load generator',
    '  competing for the same cores as the consumer under test.',
    "- Count windows hold every record until 10,000 have arrived, so driftwatch's end-to-end latency is",
    '  at least the time the window takes to fill at the offered rate; the passthrough has no such wait.',
    '- `compare` summarizes numeric columns into a reservoir sample of 100,000 values per side',
    '  (`--sample-cap`), so its Wasserstein distances can differ from the exact ones of Evidently and',
    '  scipy in the second decimal; the verdicts are compared, not the values.',
    "- Evidently's Jensen-Shannon distances for the airport columns differ from the ones scipy and",
    '  driftwatch compute on the raw category counts (see the table above). The cause is not checked',
    '  yet; the verdicts agree because all three stay far below the threshold of 0.1.',
    '- The memory run reads RSS, which includes freed memory the allocator has not returned; the',
    '  heap figures show what the JavaScript objects hold.',
    '',
  );
  return `${lines.join('\n')}\n`;
}

function formatKafkaSection(results) {
  const settings = results.settings.kafka;
  const { throughput, latency } = results.kafka;
  return [
    '### Through Kafka',
    '',
    `Broker ${results.kafka.brokers.join(', ')} (Apache Kafka from scripts/kafka.sh, one node). ${count(settings.records)} records are`,
    `produced once to a topic of ${settings.partitions} partitions. Each run starts the consumer under test in its own`,
    'process with a new consumer group and a new output topic. driftwatch runs as the real service',
    '(`startService` with the pipeline above, at-least-once delivery). The baseline is a kafkajs',
    'consumer that produces every batch unchanged to the output topic (acks from all replicas, one',
    "request in flight, like driftwatch) and then commits it. The driver polls the output topic's end",
    'offsets every 100 ms; the rate counts from the first output record to the last, so joining the',
    'group is left out.',
    '',
    `Latency: each run gets new topics. The driver produces ${count(settings.latency.rate)} records/s for ${settings.latency.seconds} s with the send time in`,
    "a header and reads the output topic. A record's latency is its output record's timestamp (set when",
    'the consumer under test produced it) minus that header.',
    '',
    toMarkdownTable([
      [
        'Run',
        'driftwatch (records/s)',
        'passthrough (records/s)',
        'driftwatch p50 / p99',
        'passthrough p50 / p99',
      ],
      ...throughput.driftwatch.map((run, index) => [
        String(index + 1),
        count(Math.round(run.recordsPerSecond)),
        count(Math.round(throughput.passthrough[index].recordsPerSecond)),
        `${ms(latency.driftwatch[index].p50Ms)} / ${ms(latency.driftwatch[index].p99Ms)}`,
        `${ms(latency.passthrough[index].p50Ms)} / ${ms(latency.passthrough[index].p99Ms)}`,
      ]),
    ]),
    '',
  ];
}

function formatCompareSection(results, s) {
  const lines = [
    '### `compare` and the Python anchors',
    '',
    'Wall time and peak RSS of the whole process (reading the CSV files included) come from',
    '`/usr/bin/time -v`. Evidently runs `Report([DataDriftPreset()])` with the two numeric and two',
    'categorical columns declared in a `DataDefinition`. scipy computes the statistics driftwatch',
    'chooses automatically (normalized Wasserstein for numeric columns, Jensen-Shannon with base 2 of',
    'the category counts for categorical ones) and the KS test. River runs `StandardScaler`',
    '(`learn_one`, `transform_one`) and one `ADWIN` per numeric feature on each record. It runs once',
    'on prepared dicts and once on JSON bytes of the same rows (parse, scale, add the scaled fields,',
    "serialize), which is the work driftwatch's pipeline does per record besides its windows.",
    '',
  ];

  const rows = [['Tool', 'wall (s)', 'compute only (s)', 'peak RSS', ...COLUMNS]];
  rows.push([
    'driftwatch `compare`',
    seconds(s.compare.wallSeconds),
    '',
    `${mib(s.compare.peakRss)} MiB`,
    ...COLUMNS.map((column) => verdictCell(s.compare.columns[column])),
  ]);
  if (s.evidently !== undefined) {
    rows.push([
      'Evidently DataDriftPreset',
      seconds(s.evidently.wallSeconds),
      seconds(s.evidently.reportSeconds),
      `${mib(s.evidently.peakRss)} MiB`,
      ...COLUMNS.map((column) => verdictCell(s.evidently.columns[column])),
    ]);
    rows.push([
      'scipy + numpy',
      seconds(s.scipy.wallSeconds),
      seconds(s.scipy.testSeconds),
      `${mib(s.scipy.peakRss)} MiB`,
      ...COLUMNS.map((column) => {
        const cell = s.scipy.columns[column];
        const ks = cell.ksPValue === undefined ? '' : `; KS p=${cell.ksPValue.toPrecision(2)}`;
        return `${verdictCell(cell)}${ks}`;
      }),
    ]);
  }
  lines.push(toMarkdownTable(rows), '');

  if (s.river !== undefined) {
    lines.push(
      `River on ${count(s.river.records)} records (medians): ${perSecond(s.river.jsonRecordsPerSecond)} with JSON in and out, ${perSecond(s.river.recordsPerSecond)} on prepared dicts; ${s.river.driftCount} ADWIN detections over both features.`,
      '',
    );
  }

  lines.push('Wall time of every run, in seconds:', '');
  const runRows = [['Tool', 'runs']];
  runRows.push(['driftwatch `compare`', results.compare.map((run) => seconds(run.wallSeconds)).join(', ')]);
  if (results.python !== undefined) {
    for (const [name, runs] of Object.entries(results.python)) {
      runRows.push([name, runs.map((run) => seconds(run.wallSeconds)).join(', ')]);
    }
  }
  lines.push(toMarkdownTable(runRows), '');
  return lines;
}

function formatProfileSection(results) {
  const profile = results.cpuProfile;
  return [
    '### CPU profile of the in-process pipeline',
    '',
    `\`node --cpu-prof\` on one driftwatch run of ${count(profile.records)} records, counting the samples from the first to`,
    `the last one inside the timed \`runProcessor\` call, garbage collection included (${Math.round(profile.totalMs)} ms sampled).`,
    'Self time, largest first:',
    '',
    toMarkdownTable([
      ['Function', 'self ms', 'share'],
      ...profile.functions.map((entry) => [
        `\`${entry.name}\``,
        String(Math.round(entry.selfMs)),
        percent(entry.share),
      ]),
    ]),
    '',
    'Self time per source file:',
    '',
    toMarkdownTable([
      ['File', 'self ms', 'share'],
      ...profile.files.map((entry) => [
        `\`${entry.name}\``,
        String(Math.round(entry.selfMs)),
        percent(entry.share),
      ]),
    ]),
    '',
  ];
}

function pythonPins() {
  const fs = require('node:fs');
  const path = require('node:path');
  return fs
    .readFileSync(path.join(__dirname, '..', 'requirements.txt'), 'utf8')
    .trim()
    .split('\n')
    .join(', ');
}

/** Describes how much faster driftwatch is, given the baseline's time divided by driftwatch's. */
function speedText(ratio) {
  return ratio >= 1 ? `${fixed(ratio)}× faster` : `${fixed(1 / ratio)}× slower`;
}

function runCounts(results) {
  const parts = [
    `in-process ${results.inProcess.driftwatch.length} runs each`,
    `memory ${results.memory.length}`,
    `compare ${results.compare.length}`,
  ];
  if (results.python !== undefined) parts.push(`Python anchors ${results.python.evidently.length} each`);
  if (results.kafka !== undefined) parts.push(`Kafka ${results.kafka.throughput.driftwatch.length} each`);
  return parts.join(', ');
}

function toMarkdownTable(rows) {
  const [header, ...body] = rows;
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function verdicts(columns) {
  return COLUMNS.map((column) => `${column} ${columns[column]?.drifted ? 'drift' : 'no drift'}`).join(', ');
}

function verdictCell(cell) {
  if (cell === undefined) return 'absent';
  return `${cell.drifted ? 'drift' : 'no drift'} (${cell.value.toPrecision(3)})`;
}

const count = (value) => Math.round(value).toLocaleString('en-US');
const perSecond = (value) => `${count(value)} records/s`;
const fixed = (value) => value.toFixed(2);
const percent = (value) => `${(value * 100).toFixed(1)}%`;
const seconds = (value) => value.toFixed(2);
const ms = (value) => `${Math.round(value)} ms`;
const mib = (bytes) => Math.round(bytes / 2 ** 20);
const yesNo = (met) => (met ? 'yes' : 'no');

module.exports = { formatResultsTable, formatResultsPage, summarize };
