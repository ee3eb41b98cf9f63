'use strict';

// Benchmarks of driftwatch on the 3-million-row flights table (see docs/benchmarks.md):
//   npm run bench                              full run; starts its own broker on 127.0.0.1:19092
//   npm run bench -- --quick                   smoke check: 100,000 records, 1 repetition, no Python
//   npm run bench -- --kafka-brokers HOST:PORT use this broker (also enables Kafka with --quick)
//   npm run bench -- --no-kafka --no-python    leave those measurements out
//   npm run bench -- --out FILE                where to write the results page
//   node bench/run.js --render RESULTS.json    rewrite the page from a run's raw results
// The full run writes docs/benchmarks.md; --quick writes to the temporary folder unless --out is given.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs: parseCommandLine } = require('node:util');
const { summarizeCpuProfile } = require('./lib/cpu-profile');
const { loadFlights, writeFlightsCsv } = require('./lib/flights');
const { runKafkaBenchmarks } = require('./lib/kafka-bench');
const { writeFlightsProfile } = require('./lib/pipeline-setup');
const { describeMachine, parseLastJsonLine, runCommand } = require('./lib/processes');
const { formatResultsPage, formatResultsTable } = require('./lib/report');
const { ensurePythonVenv, PYTHON_DIR } = require('./lib/python-venv');
const { startOwnBroker } = require('./lib/own-broker');

const ROOT = path.join(__dirname, '..');
const IN_PROCESS_WORKER = path.join(__dirname, 'workers', 'in-process.js');

const FULL = {
  referenceRows: 500000,
  inProcess: { start: 500000, count: 1000000, repetitions: 5 },
  memory: { count: 3000000, checkpoints: [1000000, 3000000], repetitions: 3 },
  cpuProfile: { start: 500000, count: 1000000 },
  compare: { referenceRows: 1000000, currentRows: 2000000, repetitions: 3 },
  python: { repetitions: 3, river: { skip: 500000, count: 1000000 } },
  kafka: {
    records: 1000000,
    firstRow: 500000,
    partitions: 6,
    repetitions: 3,
    timeoutMs: 600000,
    latency: { rate: 10000, seconds: 20 },
  },
};

const QUICK = {
  referenceRows: 500000,
  inProcess: { start: 500000, count: 100000, repetitions: 1 },
  memory: { count: 300000, checkpoints: [100000, 300000], repetitions: 1 },
  cpuProfile: { start: 500000, count: 100000 },
  compare: { referenceRows: 100000, currentRows: 200000, repetitions: 1 },
  python: null,
  kafka: {
    records: 100000,
    firstRow: 500000,
    partitions: 6,
    repetitions: 1,
    timeoutMs: 300000,
    latency: { rate: 2000, seconds: 5 },
  },
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.render !== undefined) {
    renderPage(args);
    return;
  }
  const settings = args.quick ? QUICK : FULL;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-bench-'));
  const outFile =
    args.out ?? (args.quick ? path.join(workDir, 'benchmarks.md') : path.join(ROOT, 'docs', 'benchmarks.md'));
  const runPython = settings.python !== null && !args.noPython;
  const startedAt = new Date();
  silenceKafkajsTimerWarning();

  const pythonPath = runPython ? await ensurePythonVenv(log) : null;
  const machine = describeMachine(pythonPath);
  log(
    `machine: ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB, ${machine.cpuModel}, load ${machine.loadAverage.map((v) => v.toFixed(2)).join(' ')}`,
  );

  log('loading flights-3m.parquet');
  const table = await loadFlights();
  const profilePath = path.join(workDir, 'reference-profile.json');
  await writeFlightsProfile(table, settings.referenceRows, profilePath);

  const results = { quick: args.quick, settings, machine, startedAt: startedAt.toISOString() };
  results.inProcess = await measureInProcess(settings.inProcess, profilePath);
  results.memory = await measureMemory(settings.memory, profilePath);
  results.cpuProfile = await profileInProcess(settings.cpuProfile, profilePath, workDir);

  const referenceCsv = path.join(workDir, 'reference.csv');
  const currentCsv = path.join(workDir, 'current.csv');
  writeFlightsCsv(table, referenceCsv, 0, settings.compare.referenceRows);
  writeFlightsCsv(
    table,
    currentCsv,
    settings.compare.referenceRows,
    settings.compare.referenceRows + settings.compare.currentRows,
  );
  results.compare = await measureCompare(settings.compare, referenceCsv, currentCsv);
  if (runPython) {
    results.python = await measurePython(settings.python, pythonPath, referenceCsv, currentCsv);
  }

  const kafka = await chooseBroker(args, log);
  if (kafka !== null) {
    try {
      results.kafka = await runKafkaBenchmarks({
        ...settings.kafka,
        table,
        brokers: kafka.brokers,
        workDir,
        profilePath,
        log,
      });
      results.kafka.brokers = kafka.brokers;
    } finally {
      await kafka.stop();
    }
  }

  results.finishedAt = new Date().toISOString();
  fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`\n${formatResultsTable(results)}\n`);
  fs.writeFileSync(outFile, formatResultsPage(results));
  log(`wrote ${outFile}; raw results in ${path.join(workDir, 'results.json')}`);
}

/**
 * Rewrites the page from a results.json, summarizing the saved CPU profile again when it still
 * exists, so a change to the page's layout needs no new run.
 */
function renderPage(args) {
  const results = JSON.parse(fs.readFileSync(args.render, 'utf8'));
  if (results.cpuProfile.file !== undefined && fs.existsSync(results.cpuProfile.file)) {
    results.cpuProfile = {
      file: results.cpuProfile.file,
      records: results.cpuProfile.records,
      ...summarizeCpuProfile(results.cpuProfile.file, { root: ROOT, withinFunction: 'runProcessor' }),
    };
    fs.writeFileSync(args.render, JSON.stringify(results, null, 2));
  }
  const outFile = args.out ?? path.join(ROOT, 'docs', 'benchmarks.md');
  fs.writeFileSync(outFile, formatResultsPage(results));
  process.stdout.write(`${formatResultsTable(results)}\n`);
  log(`wrote ${outFile}`);
}

async function measureInProcess(settings, profilePath) {
  const runs = { driftwatch: [], loop: [] };
  for (let repetition = 0; repetition < settings.repetitions; repetition += 1) {
    for (const mode of ['loop', 'driftwatch']) {
      const { stdout } = await runCommand(process.execPath, [
        IN_PROCESS_WORKER,
        JSON.stringify({ mode, start: settings.start, count: settings.count, profilePath }),
      ]);
      const run = parseLastJsonLine(stdout);
      log(`in-process ${mode} run ${repetition + 1}: ${Math.round(run.recordsPerSecond)} records/s`);
      runs[mode].push(run);
    }
  }
  return runs;
}

async function measureMemory(settings, profilePath) {
  const runs = [];
  for (let repetition = 0; repetition < settings.repetitions; repetition += 1) {
    const { stdout } = await runCommand(process.execPath, [
      '--expose-gc',
      IN_PROCESS_WORKER,
      JSON.stringify({
        mode: 'memory',
        start: 0,
        count: settings.count,
        checkpoints: settings.checkpoints,
        profilePath,
      }),
    ]);
    const run = parseLastJsonLine(stdout);
    const [first, last] = settings.checkpoints.map((checkpoint) => run.settled[checkpoint].rssBytes);
    log(
      `memory run ${repetition + 1}: RSS ${mib(first)} MiB after ${settings.checkpoints[0]}, ${mib(last)} MiB after ${settings.checkpoints[1]}`,
    );
    runs.push(run);
  }
  return runs;
}

async function profileInProcess(settings, profilePath, workDir) {
  const profileDir = path.join(workDir, 'cpu-profile');
  await runCommand(process.execPath, [
    '--cpu-prof',
    '--cpu-prof-dir',
    profileDir,
    IN_PROCESS_WORKER,
    JSON.stringify({ mode: 'driftwatch', start: settings.start, count: settings.count, profilePath }),
  ]);
  const file = fs.readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  log(`cpu profile: ${path.join(profileDir, file)}`);
  return {
    file: path.join(profileDir, file),
    records: settings.count,
    ...summarizeCpuProfile(path.join(profileDir, file), { root: ROOT, withinFunction: 'runProcessor' }),
  };
}

async function measureCompare(settings, referenceCsv, currentCsv) {
  const runs = [];
  for (let repetition = 0; repetition < settings.repetitions; repetition += 1) {
    const result = await runCommand(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'driftwatch.js'),
        'compare',
        '--reference',
        referenceCsv,
        '--current',
        currentCsv,
        '--features',
        'delay,distance,origin,destination',
        '--json',
      ],
      { timed: true },
    );
    const report = JSON.parse(result.stdout);
    log(
      `compare run ${repetition + 1}: ${result.wallSeconds.toFixed(2)} s, peak RSS ${mib(result.peakRssBytes)} MiB`,
    );
    runs.push({
      wallSeconds: result.wallSeconds,
      peakRssBytes: result.peakRssBytes,
      columns: Object.fromEntries(
        report.features.map((feature) => [
          feature.name,
          {
            method: feature.method,
            value: feature.statistic,
            threshold: feature.threshold,
            drifted: feature.drifted,
          },
        ]),
      ),
    });
  }
  return runs;
}

async function measurePython(settings, pythonPath, referenceCsv, currentCsv) {
  const results = { evidently: [], scipy: [], river: [] };
  const files = ['--reference', referenceCsv, '--current', currentCsv];
  const scripts = {
    evidently: ['evidently_report.py', ...files],
    scipy: ['scipy_tests.py', ...files],
    river: [
      'river_stream.py',
      ...files,
      '--skip',
      String(settings.river.skip),
      '--count',
      String(settings.river.count),
    ],
  };
  for (const [name, scriptArgs] of Object.entries(scripts)) {
    for (let repetition = 0; repetition < settings.repetitions; repetition += 1) {
      const result = await runCommand(pythonPath, scriptArgs, { timed: true, cwd: PYTHON_DIR });
      const run = {
        ...parseLastJsonLine(result.stdout),
        wallSeconds: result.wallSeconds,
        peakRssBytes: result.peakRssBytes,
      };
      log(
        `${name} run ${repetition + 1}: ${run.wallSeconds.toFixed(2)} s, peak RSS ${mib(run.peakRssBytes)} MiB`,
      );
      results[name].push(run);
    }
  }
  return results;
}

/** Uses --kafka-brokers when given; a full run without it starts its own broker. */
async function chooseBroker(args, logLine) {
  if (args.noKafka) return null;
  if (args.kafkaBrokers !== undefined) {
    return { brokers: args.kafkaBrokers.split(','), stop: async () => undefined };
  }
  if (args.quick) {
    logLine('kafka: skipped in --quick without --kafka-brokers');
    return null;
  }
  return startOwnBroker(ROOT, logLine);
}

function parseArgs(argv) {
  const { values } = parseCommandLine({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      'no-kafka': { type: 'boolean', default: false },
      'no-python': { type: 'boolean', default: false },
      'kafka-brokers': { type: 'string' },
      out: { type: 'string' },
      render: { type: 'string' },
    },
  });
  return {
    quick: values.quick,
    noKafka: values['no-kafka'],
    noPython: values['no-python'],
    kafkaBrokers: values['kafka-brokers'],
    out: values.out === undefined ? undefined : path.resolve(values.out),
    render: values.render === undefined ? undefined : path.resolve(values.render),
  };
}

/** kafkajs 2.2 prints a TimeoutNegativeWarning on Node.js 24 that changes nothing; other warnings print. */
function silenceKafkajsTimerWarning() {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning')
      process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}

function mib(bytes) {
  return Math.round(bytes / 2 ** 20);
}

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
