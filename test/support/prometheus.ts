import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { findFreePort } from './service-process';

/** Why Prometheus tests skip, or fail under CI=true, when the binary is missing. */
export const prometheusMissingReason =
  'prometheus not found on PATH: run scripts/install-prometheus.sh as root';

/** A Prometheus server started by `startPrometheus`, listening on 127.0.0.1 only. */
export interface PrometheusServer {
  /** Base URL of the HTTP API, for example `http://127.0.0.1:41234`. */
  url: string;
  logs: () => string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its config and storage. */
  stop: () => Promise<void>;
}

/** One series of an instant query result. A scalar result becomes one series without labels. */
export interface InstantSample {
  metric: Record<string, string>;
  value: number;
}

/** An alerting rule as `/api/v1/rules` reports it. */
export interface AlertingRuleState {
  name: string;
  query: string;
  /** `inactive`, `pending` or `firing`. */
  state: string;
  /** `ok`, `err` or `unknown`. For `err`, `lastError` contains the evaluation error. */
  health: string;
  lastError?: string;
}

/** Returns true when `prometheus --version` runs. */
export function isPrometheusInstalled(): boolean {
  const result = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  return result.error === undefined && result.status === 0;
}

/**
 * Starts `prometheus` on a free 127.0.0.1 port with a temporary config and storage folder. It
 * scrapes `target` (host:port) as job `jobName` every `intervalSeconds`, evaluates `ruleFiles`
 * (absolute paths) at the same interval, and is ready when `/-/ready` returns 200 (within 30 s).
 */
export async function startPrometheus(options: {
  jobName: string;
  target: string;
  ruleFiles: string[];
  intervalSeconds: number;
}): Promise<PrometheusServer> {
  const folder = mkdtempSync(path.join(tmpdir(), 'driftwatch-prometheus-'));
  const configFile = path.join(folder, 'prometheus.yml');
  const interval = `${options.intervalSeconds}s`;
  writeFileSync(
    configFile,
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
      rule_files: options.ruleFiles,
      scrape_configs: [{ job_name: options.jobName, static_configs: [{ targets: [options.target] }] }],
    }),
  );

  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopChild(child, exited);
    rmSync(folder, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`prometheus exited with ${child.exitCode} during start:\n${output}`);
    }
    const status = await fetch(`${url}/-/ready`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return { url, logs: () => output, stop };
}

/**
 * Runs `expr` as an instant query at the server's current time. Throws with Prometheus's error
 * message when the query is rejected. Values are numbers, so `NaN` and `+Inf` stay visible.
 */
export async function queryInstant(url: string, expr: string): Promise<InstantSample[]> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`Prometheus rejected the query ${expr}: ${body.error ?? `HTTP ${response.status}`}`);
  }

  if (body.data.resultType === 'scalar') {
    const [, value] = body.data.result as [number, string];
    return [{ metric: {}, value: Number(value) }];
  }
  const series = body.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
  return series.map((entry) => ({ metric: entry.metric, value: Number(entry.value[1]) }));
}

/** Lists every alerting rule that the server evaluates, with its state and health. */
export async function fetchAlertingRules(url: string): Promise<AlertingRuleState[]> {
  const response = await fetch(`${url}/api/v1/rules?type=alert`);
  const body = (await response.json()) as {
    status: string;
    data: { groups: Array<{ rules: AlertingRuleState[] }> };
  };
  if (body.status !== 'success') {
    throw new Error(`Prometheus rejected the rules request: HTTP ${response.status}`);
  }
  return body.data.groups.flatMap((group) => group.rules);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killTimer);
}
