import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Histogram, Registry } from 'prom-client';
import { parse } from 'yaml';
import { loadPipelineConfig } from '../../src/config/pipeline-config';
import { loadServiceConfig } from '../../src/config/service-config';
import { createServiceMetrics } from '../../src/metrics/service-metrics';

// No Docker engine is needed: these tests read docker-compose.yml, the Dockerfile, the Prometheus
// configs and the Grafana dashboard as files and check them against each other and the code.

const root = path.resolve(__dirname, '../..');

function readText(file: string): string {
  return readFileSync(path.join(root, file), 'utf8');
}

function readYaml<T>(file: string): T {
  return parse(readText(file)) as T;
}

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number>;
  ports?: (string | { host_ip?: string; target: number; published?: string | number })[];
  volumes?: (string | { type: string; source?: string; target: string })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] | string; disable?: boolean };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = readYaml<ComposeFile>('docker-compose.yml');
const services = compose.services;

function serviceNamed(name: string): ComposeService {
  const service = services[name];
  if (service === undefined) {
    throw new Error(`docker-compose.yml has no service ${name}`);
  }
  return service;
}

function commandOf(service: ComposeService): string[] {
  return typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? []);
}

/** Splits a short-syntax volume `source:target[:mode]` or reads the long syntax. */
function volumeOf(entry: string | { source?: string; target: string }): { source: string; target: string } {
  if (typeof entry === 'string') {
    const [source, target] = entry.split(':');
    return { source, target };
  }
  return { source: entry.source ?? '', target: entry.target };
}

/** Reads a short-syntax port `[ip:]published:target` or the long syntax. */
function portOf(entry: string | { host_ip?: string; target: number; published?: string | number }): {
  hostIp: string | undefined;
  published: number;
  target: number;
} {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    if (parts.length === 3) {
      return { hostIp: parts[0], published: Number(parts[1]), target: Number(parts[2]) };
    }
    return { hostIp: undefined, published: Number(parts.at(-2)), target: Number(parts.at(-1)) };
  }
  return { hostIp: entry.host_ip, published: Number(entry.published), target: entry.target };
}

interface DockerInstruction {
  keyword: string;
  args: string;
  stage: number;
}

/** Parses a Dockerfile into instructions, joining `\` continuations and dropping comments. */
function parseDockerfile(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = [];
  let stage = -1;
  let pending = '';

  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (pending === '' && (trimmed === '' || trimmed.startsWith('#'))) {
      continue;
    }
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }

    const full = `${pending}${trimmed}`;
    pending = '';
    const [keyword, ...rest] = full.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
    if (instruction.keyword === 'FROM') {
      stage += 1;
      instruction.stage = stage;
    }
    instructions.push(instruction);
  }
  return instructions;
}

const dockerfile = parseDockerfile(readText('Dockerfile'));

function instructionsOf(keyword: string, stage?: number): DockerInstruction[] {
  return dockerfile.filter(
    (instruction) => instruction.keyword === keyword && (stage === undefined || instruction.stage === stage),
  );
}

describe('docker-compose.yml', () => {
  it('declares the stack services', () => {
    expect(Object.keys(services).sort()).toEqual(['driftwatch', 'grafana', 'kafka', 'prometheus', 'replay']);
  });

  it('pins every pulled image to a version tag', () => {
    expect(serviceNamed('kafka').image).toBe('apache/kafka:4.1.1');
    expect(serviceNamed('prometheus').image).toMatch(/^prom\/prometheus:v3\.\d+\.\d+$/);
    expect(serviceNamed('grafana').image).toMatch(/^grafana\/grafana:12\.\d+\.\d+$/);

    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[^:]+:[^:]+$/) });
      expect({ name, tag: service.image?.split(':')[1] }).not.toEqual({ name, tag: 'latest' });
    }
  });

  it('builds driftwatch once and reuses the image for replay', () => {
    const driftwatch = serviceNamed('driftwatch');

    expect(driftwatch.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(serviceNamed('replay').image).toBe(driftwatch.image);
    expect(serviceNamed('replay').build).toBeUndefined();
  });

  it('gives every long-running service a health check', () => {
    for (const name of ['kafka', 'driftwatch', 'prometheus', 'grafana']) {
      const test = serviceNamed(name).healthcheck?.test;
      const parts: unknown[] = Array.isArray(test) ? test : [];
      expect({ name, test: parts.length > 1 }).toEqual({ name, test: true });
      // An unquoted ` : ` in YAML turns a command argument into a mapping.
      expect({ name, strings: parts.every((part) => typeof part === 'string') }).toEqual({
        name,
        strings: true,
      });
    }
    const driftwatchTest = serviceNamed('driftwatch').healthcheck?.test ?? [];
    expect(driftwatchTest.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(driftwatchTest[3]).toEqual(expect.stringContaining("fetch('http://127.0.0.1:9464/readyz')"));
    expect(serviceNamed('replay').healthcheck).toEqual({ disable: true });
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published: Record<string, number[]> = {};

    for (const [name, service] of Object.entries(services)) {
      for (const entry of service.ports ?? []) {
        const port = portOf(entry);
        expect({ name, hostIp: port.hostIp }).toEqual({ name, hostIp: '127.0.0.1' });
        published[name] = [...(published[name] ?? []), port.published];
      }
    }

    expect(published).toEqual({ kafka: [9092], driftwatch: [9464], prometheus: [9090], grafana: [3000] });
  });

  it('starts driftwatch after a healthy kafka', () => {
    expect(serviceNamed('driftwatch').depends_on?.kafka).toEqual({ condition: 'service_healthy' });
    expect(serviceNamed('replay').depends_on?.driftwatch).toEqual({ condition: 'service_healthy' });
    expect(serviceNamed('grafana').depends_on?.prometheus).toEqual({ condition: 'service_healthy' });
  });

  it('points the service and the replay at an advertised kafka listener', () => {
    const advertised = String(serviceNamed('kafka').environment?.KAFKA_ADVERTISED_LISTENERS)
      .split(',')
      .map((listener) => listener.replace(/^[A-Z_]+:\/\//, ''));
    const driftwatch = serviceNamed('driftwatch');
    const replayCommand = commandOf(serviceNamed('replay'));

    expect(advertised).toContain(driftwatch.environment?.KAFKA_BROKERS);
    expect(replayCommand[replayCommand.indexOf('--brokers') + 1]).toBe(driftwatch.environment?.KAFKA_BROKERS);
    expect(driftwatch.environment?.DRIFTWATCH_HTTP_HOST).toBe('0.0.0.0');
  });

  it('replays a data set shipped by a production dependency', () => {
    const command = commandOf(serviceNamed('replay'));
    const input = command[command.indexOf('--input') + 1];
    const packageJson = JSON.parse(readText('package.json')) as { dependencies: Record<string, string> };

    expect(command[0]).toBe('replay');
    expect(input).toBe('/data/weather.csv');
    expect(packageJson.dependencies['vega-datasets']).toBeDefined();
    expect(existsSync(path.join(root, 'node_modules/vega-datasets/data/weather.csv'))).toBe(true);
    expect(instructionsOf('RUN').map((run) => run.args)).toContain(
      'ln -s /app/node_modules/vega-datasets/data /data',
    );
  });

  it('declares every named volume it mounts', () => {
    const declared = Object.keys(compose.volumes ?? {}).sort();
    const used = Object.values(services)
      .flatMap((service) => (service.volumes ?? []).map(volumeOf))
      .map((volume) => volume.source)
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'))
      .sort();

    expect(used).toEqual(declared);
    expect(declared).toEqual(['grafana-data', 'kafka-data', 'prometheus-data']);
  });

  it('mounts only files that exist in the repository', () => {
    const binds = Object.values(services)
      .flatMap((service) => (service.volumes ?? []).map(volumeOf))
      .filter((volume) => volume.source.startsWith('.'));

    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      expect({ source: bind.source, exists: existsSync(path.join(root, bind.source)) }).toEqual({
        source: bind.source,
        exists: true,
      });
    }
  });

  it('has Prometheus scrape the driftwatch service port', () => {
    const prometheus = readYaml<{
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    }>('config/prometheus/prometheus.yml');
    const job = prometheus.scrape_configs.find((config) => config.job_name === 'driftwatch');
    const mounts = (serviceNamed('prometheus').volumes ?? []).map(volumeOf);

    expect(job?.static_configs.flatMap((config) => config.targets)).toEqual(['driftwatch:9464']);
    expect(mounts).toContainEqual({ source: './config/prometheus', target: '/etc/prometheus' });
    expect(commandOf(serviceNamed('prometheus'))).toContain('--config.file=/etc/prometheus/prometheus.yml');
  });

  it('provisions Grafana from the mounted folders', () => {
    const grafana = serviceNamed('grafana');
    const mounts = (grafana.volumes ?? []).map(volumeOf);
    const providers = readYaml<{ providers: { options: { path: string } }[] }>(
      'config/grafana/provisioning/dashboards/driftwatch.yml',
    );
    const datasources = readYaml<{ datasources: { url: string; uid: string }[] }>(
      'config/grafana/provisioning/datasources/prometheus.yml',
    );
    const home = String(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);

    expect(mounts).toContainEqual({
      source: './config/grafana/provisioning',
      target: '/etc/grafana/provisioning',
    });
    expect(mounts).toContainEqual({
      source: './config/grafana/dashboards',
      target: '/etc/grafana/dashboards',
    });
    expect(providers.providers.map((provider) => provider.options.path)).toEqual(['/etc/grafana/dashboards']);
    expect(
      existsSync(path.join(root, home.replace('/etc/grafana/dashboards', 'config/grafana/dashboards'))),
    ).toBe(true);
    expect(datasources.datasources.map((datasource) => datasource.url)).toEqual(['http://prometheus:9090']);
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(grafana.environment?.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
  });
});

describe('Dockerfile', () => {
  const stages = instructionsOf('FROM');
  const finalStage = stages.length - 1;

  it('builds in two stages on a pinned Node.js 24 image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) {
      expect(from.args).toMatch(/^node:24-[a-z0-9.-]+ AS [a-z]+$/);
    }
  });

  it('compiles in the build stage and keeps only production dependencies', () => {
    const buildRuns = instructionsOf('RUN', 0).map((run) => run.args);
    const finalRuns = instructionsOf('RUN', finalStage).map((run) => run.args);
    const finalCopies = instructionsOf('COPY', finalStage).map((copy) => copy.args);

    expect(buildRuns.some((run) => run.startsWith('npm ci') && !run.includes('--omit=dev'))).toBe(true);
    expect(buildRuns).toContain('npm run build');
    expect(finalRuns.some((run) => run.startsWith('npm ci --omit=dev'))).toBe(true);
    expect(finalCopies).toEqual(
      expect.arrayContaining([
        '--from=build /app/dist ./dist',
        'bin ./bin',
        'config ./config',
        'pipelines ./pipelines',
      ]),
    );
  });

  it('runs as a non-root user', () => {
    const users = instructionsOf('USER', finalStage).map((user) => user.args);

    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('exposes the metrics port and checks /readyz with Node.js', () => {
    const [healthcheck] = instructionsOf('HEALTHCHECK', finalStage);

    const execForm = healthcheck.args.slice(healthcheck.args.indexOf('CMD ') + 'CMD '.length);

    expect(instructionsOf('EXPOSE', finalStage).map((expose) => expose.args)).toEqual(['9464']);
    expect(JSON.parse(execForm).slice(0, 2)).toEqual(['node', '-e']);
    expect(healthcheck.args).toContain('/readyz');
    expect(healthcheck.args).toContain('fetch(');
    expect(healthcheck.args).not.toMatch(/\b(curl|wget)\b/);
  });

  it('runs the service with the compose config by default', () => {
    const [entrypoint] = instructionsOf('ENTRYPOINT', finalStage);
    const [command] = instructionsOf('CMD', finalStage);

    expect(JSON.parse(entrypoint.args)).toEqual(['node', 'bin/driftwatch.js']);
    expect(JSON.parse(command.args)).toEqual(['run', '--config', 'config/docker/driftwatch.yaml']);
  });

  it('uses a valid service config inside the image', () => {
    const config = loadServiceConfig(path.join(root, 'config/docker/driftwatch.yaml'), {});

    expect(config.kafka.brokers).toEqual([serviceNamed('driftwatch').environment?.KAFKA_BROKERS]);
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(config.pipelineFiles.length).toBeGreaterThan(0);
    for (const file of config.pipelineFiles) {
      expect(file.startsWith(path.join(root, 'config/docker/'))).toBe(true);
      // Loading checks that the file exists and is valid, and that its reference profile exists.
      const pipeline = loadPipelineConfig(file);
      if (pipeline.reference?.source === 'profile') {
        expect(existsSync(pipeline.reference.path)).toBe(true);
      }
    }
  });

  it('keeps every copied path out of .dockerignore', () => {
    const ignored = readText('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const sources = instructionsOf('COPY')
      .map((copy) => copy.args.split(/\s+/))
      .filter((args) => !args[0].startsWith('--from'))
      .flatMap((args) => args.slice(0, -1));

    for (const source of sources) {
      const excludedBy = ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`));
      expect({ source, excludedBy }).toEqual({ source, excludedBy: [] });
    }
  });
});

interface DashboardTarget {
  refId: string;
  expr: string;
  datasource: { uid: string };
}

interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: DashboardTarget[];
}

interface Dashboard {
  uid: string;
  schemaVersion: number;
  panels: DashboardPanel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

/** Names of the service metrics and prom-client default metrics, with histogram series suffixes. */
function exportedSeriesNames(): Set<string> {
  const registry = new Registry();
  createServiceMetrics(registry);
  const names = new Set<string>();

  for (const metric of registry.getMetricsAsArray()) {
    names.add(metric.name);
    if (metric instanceof Histogram) {
      for (const suffix of ['_bucket', '_sum', '_count']) {
        names.add(`${metric.name}${suffix}`);
      }
    }
  }
  return names;
}

function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\bdriftwatch_[a-z0-9_]+\b/g)].map((match) => match[0]);
}

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readText('config/grafana/dashboards/driftwatch.json')) as Dashboard;
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
  const targets = panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel: panel.title, target })),
  );

  it('has the driftwatch uid and a current schema', () => {
    expect(dashboard.uid).toBe('driftwatch');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  it('matches the output of its generator', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/build-dashboard.mjs'), '--check'], {
      encoding: 'utf8',
    });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('lists pipelines from driftwatch_records_total', () => {
    const pipeline = dashboard.templating.list.find((variable) => variable.name === 'pipeline');

    expect(pipeline?.type).toBe('query');
    expect(pipeline?.definition).toBe('label_values(driftwatch_records_total, pipeline)');
  });

  it('gives every panel at least one query', () => {
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      expect({ panel: panel.title, targets: (panel.targets ?? []).length > 0 }).toEqual({
        panel: panel.title,
        targets: true,
      });
    }
  });

  it('queries only metrics that the service exports', () => {
    const known = exportedSeriesNames();

    for (const { panel, target } of targets) {
      const names = metricNamesIn(target.expr);
      expect({ panel, refId: target.refId, names: names.length > 0 }).toEqual({
        panel,
        refId: target.refId,
        names: true,
      });
      for (const name of names) {
        expect({ panel, name, known: known.has(name) }).toEqual({ panel, name, known: true });
      }
    }
  });

  it('filters every query by the pipeline variable', () => {
    for (const { panel, target } of targets) {
      expect({ panel, refId: target.refId, expr: target.expr }).toEqual({
        panel,
        refId: target.refId,
        expr: expect.stringContaining('pipeline=~"$pipeline"'),
      });

      // Process metrics have no pipeline label, so only the service's own selectors carry it.
      const selectors = target.expr.matchAll(/\b(driftwatch_[a-z0-9_]+)(\{[^}]*\})?/g);
      for (const [, name, matchers] of selectors) {
        if (/^driftwatch_(process|nodejs)_/.test(name)) {
          continue;
        }
        expect({ panel, name, matchers }).toEqual({
          panel,
          name,
          matchers: expect.stringContaining('$pipeline'),
        });
      }
    }
  });

  it('reads from the data source variable', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana, not JavaScript, expands this variable.
    const dataSourceVariable = '${datasource}';

    for (const { panel, target } of targets) {
      expect({ panel, uid: target.datasource.uid }).toEqual({ panel, uid: dataSourceVariable });
    }
  });

  it('lays out panels without overlap', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);

    const cells = new Map<string, string>();
    for (const panel of dashboard.panels) {
      const { h, w, x, y } = panel.gridPos;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row += 1) {
        for (let column = x; column < x + w; column += 1) {
          const key = `${row}:${column}`;
          expect({ cell: key, taken: cells.get(key) }).toEqual({ cell: key, taken: undefined });
          cells.set(key, panel.title);
        }
      }
    }
  });
});

interface AlertRule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface RuleTestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

describe('Prometheus alert rules', () => {
  const rules = readYaml<{ groups: { rules: AlertRule[] }[] }>(
    'config/prometheus/rules/driftwatch-alerts.yml',
  ).groups.flatMap((group) => group.rules);
  const alerts = rules.filter((rule) => rule.alert !== undefined);

  it('have for, severity and annotations', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'DriftwatchConsumerLagGrowing',
      'DriftwatchDatasetDrift',
      'DriftwatchDeadLetterRate',
      'DriftwatchDown',
      'DriftwatchFeatureDriftPersistent',
      'DriftwatchNoRecords',
      'DriftwatchNotReady',
      'DriftwatchTargetDrift',
    ]);
    for (const rule of alerts) {
      expect({ alert: rule.alert, for: rule.for }).toEqual({
        alert: rule.alert,
        for: expect.stringMatching(/^\d+[smh]$/),
      });
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(warning|critical)$/),
      });
      expect({ alert: rule.alert, summary: rule.annotations?.summary }).toEqual({
        alert: rule.alert,
        summary: expect.stringContaining('{{ $labels.'),
      });
      expect({ alert: rule.alert, description: rule.annotations?.description }).toEqual({
        alert: rule.alert,
        description: expect.stringContaining('{{ $labels.'),
      });
    }
  });

  it('have firing and silent tests', () => {
    const cases = readYaml<RuleTestFile>('config/prometheus/tests/driftwatch-alerts.test.yml').tests.flatMap(
      (test) => test.alert_rule_test ?? [],
    );

    for (const rule of alerts) {
      const ofAlert = cases.filter((testCase) => testCase.alertname === rule.alert);
      expect({
        alert: rule.alert,
        firing: ofAlert.some((testCase) => testCase.exp_alerts.length > 0),
      }).toEqual({
        alert: rule.alert,
        firing: true,
      });
      expect({
        alert: rule.alert,
        silent: ofAlert.some((testCase) => testCase.exp_alerts.length === 0),
      }).toEqual({
        alert: rule.alert,
        silent: true,
      });
    }
  });

  it('query only metrics that the service exports', () => {
    const known = exportedSeriesNames();

    expect(rules.length).toBeGreaterThanOrEqual(7);
    for (const rule of rules) {
      for (const name of metricNamesIn(rule.expr)) {
        expect({ alert: rule.alert, name, known: known.has(name) }).toEqual({
          alert: rule.alert,
          name,
          known: true,
        });
      }
    }
  });
});

describe('docs/metrics.md', () => {
  const text = readText('docs/metrics.md');
  const documented = [
    ...[...text.matchAll(/^### `(driftwatch_[a-z0-9_]+)`$/gm)].map((match) => match[1]),
    ...[...text.matchAll(/^\| `(driftwatch_[a-z0-9_]+)` \|/gm)].map((match) => match[1]),
  ];

  it('documents every exported metric', () => {
    const registry = new Registry();
    createServiceMetrics(registry);
    const exported = registry.getMetricsAsArray().map((metric) => metric.name);

    expect([...new Set(documented)].sort()).toEqual([...exported].sort());
    expect(documented.length).toBe(new Set(documented).size);
  });

  it('gives every service metric a PromQL example', () => {
    const sections = text.split(/^### /m).slice(1);

    expect(sections.length).toBeGreaterThan(20);
    for (const section of sections) {
      const name = section.slice(0, section.indexOf('\n'));
      expect({ name, example: section.includes('```promql') }).toEqual({ name, example: true });
    }
  });
});
