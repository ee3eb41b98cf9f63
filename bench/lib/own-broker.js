'use strict';

const os = require('node:os');
const path = require('node:path');
const { runCommand } = require('./processes');

/** Client port of the benchmark's own broker, apart from the 9092 that tests use. */
const BENCH_KAFKA_PORT = '19092';

/**
 * Starts a broker with scripts/kafka.sh on 127.0.0.1:19092, with its jars and log folder under
 * ~/.cache/driftwatch-bench, so it never touches a test broker on 9092. `stop` stops it again,
 * unless it was already running before this call.
 */
async function startOwnBroker(root, log) {
  const env = {
    ...process.env,
    KAFKA_PORT: BENCH_KAFKA_PORT,
    DRIFTWATCH_CACHE: path.join(os.homedir(), '.cache', 'driftwatch-bench'),
  };
  const script = path.join(root, 'scripts', 'kafka.sh');
  const { stdout } = await runCommand('bash', [script, 'start'], { env });
  log(stdout.trim());
  const alreadyRunning = stdout.includes('already running');
  return {
    brokers: [`127.0.0.1:${BENCH_KAFKA_PORT}`],
    async stop() {
      if (alreadyRunning) return;
      const result = await runCommand('bash', [script, 'stop'], { env });
      log(result.stdout.trim());
    },
  };
}

module.exports = { startOwnBroker };
