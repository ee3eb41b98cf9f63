import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '../..');

/** A `driftwatch run` child process started from the built CLI (`npm run build` first). */
export interface ServiceProcess {
  child: ChildProcess;
  httpPort: number;
  logs: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Writes a service config with the given pipeline YAML files into a temp folder. */
export function writeServiceConfig(options: {
  brokers: string[];
  httpPort: number;
  pipelines: Record<string, string>;
}): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'driftwatch-test-'));
  const pipelineNames = Object.keys(options.pipelines);
  for (const name of pipelineNames) {
    writeFileSync(path.join(folder, `${name}.yaml`), options.pipelines[name]);
  }
  const serviceFile = path.join(folder, 'driftwatch.yaml');
  writeFileSync(
    serviceFile,
    [
      'kafka:',
      '  clientId: driftwatch-test',
      `  brokers: [${options.brokers.map((broker) => JSON.stringify(broker)).join(', ')}]`,
      'http:',
      '  host: 127.0.0.1',
      `  port: ${options.httpPort}`,
      'logLevel: info',
      'pipelines:',
      ...pipelineNames.map((name) => `  - ${name}.yaml`),
      '',
    ].join('\n'),
  );
  return serviceFile;
}

/** Starts `node bin/driftwatch.js run --config FILE` and waits until `/readyz` answers 200. */
export async function startServiceProcess(configFile: string, httpPort: number): Promise<ServiceProcess> {
  const child = spawn(
    process.execPath,
    [path.join(repositoryRoot, 'bin/driftwatch.js'), 'run', '--config', configFile],
    {
      cwd: repositoryRoot,
      env: { ...process.env, KAFKA_BROKERS: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`driftwatch exited with ${child.exitCode} during start:\n${output}`);
    }
    const status = await fetch(`http://127.0.0.1:${httpPort}/readyz`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) {
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`driftwatch was not ready within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    child,
    httpPort,
    logs: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) {
        child.kill(signal);
      }
      const code = await exited;
      if (code !== 0 && signal === 'SIGTERM') {
        // The service log explains a failed shutdown better than the exit code alone.
        console.log(`driftwatch exited with ${code}; last log lines:\n${lastLines(output, 40)}`);
      }
      return code;
    },
  };
}

/** Asks the OS for a free TCP port on 127.0.0.1 (bind to port 0, read it, close). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .filter((line) => !line.includes('"component":"kafkajs"'))
    .slice(-count)
    .join('\n');
}
