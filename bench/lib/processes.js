'use strict';

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');

/**
 * Runs a command to completion and returns its stdout, with stderr passed through. Throws when it
 * exits non-zero. `timed: true` wraps it in GNU time (`/usr/bin/time -v`) and adds the wall time
 * in seconds and the peak RSS in bytes that GNU time reports.
 */
function runCommand(command, args, options = {}) {
  const timed = options.timed === true;
  const timeFile = timed ? `${os.tmpdir()}/driftwatch-bench-time-${process.pid}.txt` : null;
  const file = timed ? '/usr/bin/time' : command;
  const fullArgs = timed ? ['-v', '-o', timeFile, command, ...args] : args;

  return new Promise((resolve, reject) => {
    const child = spawn(file, fullArgs, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const stdout = Buffer.concat(chunks).toString('utf8');
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} failed with ${signal ?? `exit code ${code}`}`));
        return;
      }
      if (!timed) {
        resolve({ stdout });
        return;
      }
      const text = fs.readFileSync(timeFile, 'utf8');
      fs.rmSync(timeFile, { force: true });
      resolve({ stdout, ...parseGnuTime(text) });
    });
  });
}

/** Reads wall time and peak RSS from the report of `/usr/bin/time -v`. */
function parseGnuTime(text) {
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)/.exec(text)?.[1]?.trim();
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]);
  if (wall === undefined || !Number.isFinite(maxRssKb)) {
    throw new Error(`cannot read wall time and peak RSS from /usr/bin/time -v output:\n${text}`);
  }
  const seconds = wall.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return { wallSeconds: seconds, peakRssBytes: maxRssKb * 1024 };
}

/** Returns the last non-empty line of a worker's stdout parsed as JSON. */
function parseLastJsonLine(stdout) {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Returns the median of numbers (the mean of the middle two for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Describes the machine: cores, memory, CPU model, load, Node.js and Python versions. */
function describeMachine(pythonPath) {
  const cpuModel = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  let python = 'not used';
  if (pythonPath !== null) {
    try {
      python = execFileSync(pythonPath, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      python = 'unavailable';
    }
  }
  return {
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    cpuModel,
    loadAverage: os.loadavg(),
    node: process.version,
    python,
    kernel: `${os.type()} ${os.release()}`,
  };
}

module.exports = { runCommand, parseLastJsonLine, median, describeMachine };
