import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Kafka, Partitioners } from 'kafkajs';
import { describeKafka, testBrokers, uniqueTopic } from '../support/kafka';
import {
  fetchAlertingRules,
  type InstantSample,
  isPrometheusInstalled,
  type PrometheusServer,
  prometheusMissingReason,
  queryInstant,
  startPrometheus,
} from '../support/prometheus';
import { findFreePort, startServiceProcess, writeServiceConfig } from '../support/service-process';
import { createTestKafka, createTopics, produceAll } from '../support/topics';
import { readWeather, SEATTLE_PROFILE, shuffleSeeded } from '../support/weather';

// Runs the service on New York's weather against Seattle's profile, scrapes it with a real
// Prometheus every second with the alert rules loaded, and runs every query of the Grafana
// dashboard and every alert rule. Without the `prometheus` binary the test is skipped with one
// line, except under CI=true, where a missing binary fails the run.

const root = path.resolve(__dirname, '../..');
const dashboardFile = path.join(root, 'config/grafana/dashboards/driftwatch.json');
const rulesFile = path.join(root, 'config/prometheus/rules/driftwatch-alerts.yml');

const PIPELINE = 'weather';
const JOB = 'driftwatch';
const WINDOW_SIZE = 365;

// 300 records per second close a window about every 1.2 s, so the drift gauges change between
// scrapes and rate() panels see a steady flow.
const BATCH_INTERVAL_MS = 200;
const BATCH_SIZE = 60;

// One message in 40 is malformed, a dead-letter share of 2.5%, above the 1% threshold of
// DriftwatchDeadLetterRate.
const MALFORMED_EVERY = 40;

// Scrapes to wait for before the first query, so that rate() over 1m has a real history.
const MIN_SCRAPES = 20;

/**
 * Panels that this scenario cannot fill, by "title / refId", with the reason. Each one is checked
 * to stay empty, so a panel that starts showing data fails the test until it leaves this list.
 */
const PANELS_WITHOUT_DATA = new Map<string, string>([]);

/** Every alert of the rules file and its state in this scenario, active (pending or firing) or inactive. */
const EXPECTED_ALERTS: Record<string, 'active' | 'inactive'> = {
  DriftwatchDatasetDrift: 'active',
  DriftwatchFeatureDriftPersistent: 'active',
  DriftwatchTargetDrift: 'active',
  DriftwatchDeadLetterRate: 'active',
  DriftwatchConsumerLagGrowing: 'inactive',
  DriftwatchNoRecords: 'inactive',
  DriftwatchNotReady: 'inactive',
  DriftwatchDown: 'inactive',
};

/** Records that the decoder rejects, one per dead-letter reason that count windows can produce. */
const MALFORMED_RECORDS: Array<{ reason: string; value: string }> = [
  { reason: 'invalid_json', value: '{"location": "New York", "temp_max": 12.5,' },
  { reason: 'not_an_object', value: '[12.5, 3.1, 0, 4.2]' },
  {
    reason: 'missing_feature',
    value: JSON.stringify({ location: 'New York', temp_max: 12.5, temp_min: 3.1, precipitation: 0 }),
  },
  {
    reason: 'wrong_type',
    value: JSON.stringify({
      location: 'New York',
      temp_max: '12.5',
      temp_min: 3.1,
      precipitation: 0,
      wind: 4.2,
    }),
  },
  {
    reason: 'non_finite_number',
    value: '{"location": "New York", "temp_max": 1e400, "temp_min": 3.1, "precipitation": 0, "wind": 4.2}',
  },
];

const prometheusInstalled = isPrometheusInstalled();

if (!prometheusInstalled) {
  if (process.env.CI === 'true') {
    test('prometheus is installed under CI', () => {
      throw new Error(`the dashboard test needs prometheus under CI=true: ${prometheusMissingReason}`);
    });
  } else {
    console.log(`skipping the Prometheus dashboard test: ${prometheusMissingReason}`);
  }
}

const describeWithPrometheus = prometheusInstalled ? describeKafka : describe.skip;

describeWithPrometheus('Grafana dashboard on a real Prometheus', () => {
  it('fills every panel and raises drift alerts', async () => {
    const brokers = testBrokers();
    const kafka = createTestKafka(brokers);
    const topics = {
      input: uniqueTopic('weather-in'),
      output: uniqueTopic('weather-out'),
      events: uniqueTopic('drift'),
      deadLetter: uniqueTopic('weather-dlq'),
    };
    await createTopics(kafka, { [topics.input]: 3 });

    const { newYork } = await readWeather();
    const feed = createRecordFeed(newYork);
    await produceAll(kafka, topics.input, feed.take(newYork.length));

    const httpPort = await findFreePort();
    const configFile = writeServiceConfig({
      brokers,
      httpPort,
      pipelines: {
        [PIPELINE]: [
          `id: ${PIPELINE}`,
          `input: { topic: ${topics.input}, groupId: ${uniqueTopic('weather-group')} }`,
          `output: { topic: ${topics.output} }`,
          `driftEvents: { topic: ${topics.events} }`,
          `deadLetter: { topic: ${topics.deadLetter} }`,
          // Seattle's profile has more than 1000 rows, so every feature would get a distance.
          // KS on temp_max fills the p-value panel, which only hypothesis tests feed.
          'features: [{ name: temp_max, method: ks }, { name: temp_min }, { name: precipitation }, { name: wind }]',
          'target: { name: weather }',
          `window: { type: count, size: ${WINDOW_SIZE}, maxWaitMs: 2000 }`,
          `reference: { source: profile, path: ${JSON.stringify(SEATTLE_PROFILE)} }`,
          'normalization: { mode: adaptive }',
          '',
        ].join('\n'),
      },
    });

    const service = await startServiceProcess(configFile, httpPort);
    const producer = startBackgroundProducer(kafka, topics.input, feed);
    let prometheus: PrometheusServer | undefined;
    let panels: PanelResult[] = [];
    let alerts: AlertResult[] = [];
    let serviceExitCode: number | null = null;
    try {
      prometheus = await startPrometheus({
        jobName: JOB,
        target: `127.0.0.1:${httpPort}`,
        ruleFiles: [rulesFile],
        intervalSeconds: 1,
      });
      const url = prometheus.url;

      await waitFor(
        async () => {
          const [scrapes] = await queryInstant(url, `count_over_time(up{job="${JOB}"}[5m])`);
          return (scrapes?.value ?? 0) >= MIN_SCRAPES;
        },
        { timeoutMs: 60_000, what: `${MIN_SCRAPES} scrapes of the service` },
      );
      // Windows close every second or so, so the last panels and alerts fill within a few more
      // scrapes. On timeout the assertions below name what stayed empty.
      await waitFor(
        async () => {
          panels = await queryDashboardPanels(url);
          alerts = await queryAlertRules(url);
          return findEmptyPanels(panels).length === 0 && findUnexpectedAlerts(alerts).length === 0;
        },
        {
          timeoutMs: 60_000,
          what: 'data in every panel and the expected alert states',
          throwOnTimeout: false,
        },
      );
    } finally {
      await producer.stop();
      serviceExitCode = await service.stop('SIGTERM');
      await prometheus?.stop();
      rmSync(path.dirname(configFile), { recursive: true, force: true });
    }

    expect(serviceExitCode).toBe(0);
    expect(producer.sentCount()).toBeGreaterThan(0);

    expect(findEmptyPanels(panels)).toEqual([]);
    const exceptionsWithData = panels
      .filter((panel) => PANELS_WITHOUT_DATA.has(panel.key) && panel.samples.length > 0)
      .map((panel) => panel.key);
    expect(exceptionsWithData).toEqual([]);
    const unknownExceptions = [...PANELS_WITHOUT_DATA.keys()].filter(
      (key) => !panels.some((panel) => panel.key === key),
    );
    expect(unknownExceptions).toEqual([]);

    expect(valuesOf(panels, 'Dataset drifted / A')).toEqual([1]);
    expect(labelValuesOf(panels, 'Dead letters by reason / A', 'reason')).toEqual(
      MALFORMED_RECORDS.map((record) => record.reason).sort(),
    );
    // Every outcome series exists from the start (at 0 until it happens).
    expect(labelValuesOf(panels, 'Records by outcome / A', 'outcome')).toEqual([
      'dead_letter',
      'dropped',
      'late',
      'output',
    ]);

    expect(alerts.map((alert) => alert.name).sort()).toEqual(Object.keys(EXPECTED_ALERTS).sort());
    expect(alerts.filter((alert) => alert.health !== 'ok')).toEqual([]);
    expect(findUnexpectedAlerts(alerts)).toEqual([]);
  }, 240_000);
});

/** One query of one dashboard panel after variable substitution, with its instant result. */
interface PanelResult {
  /** "panel title / refId" */
  key: string;
  expr: string;
  samples: InstantSample[];
}

/** One alerting rule with its state and the result of its expression. */
interface AlertResult {
  name: string;
  state: string;
  health: string;
  lastError?: string;
  expr: string;
  seriesCount: number;
}

interface DashboardPanel {
  title: string;
  targets?: Array<{ refId: string; expr: string }>;
  panels?: DashboardPanel[];
}

/**
 * Runs every target of every dashboard panel, rows' nested panels included, with Grafana's
 * variables replaced: the pipeline id, every feature, 1m for `$__rate_interval` (at least four
 * 1 s scrapes) and 5m for `$__range`.
 */
async function queryDashboardPanels(url: string): Promise<PanelResult[]> {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as { panels: DashboardPanel[] };
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);

  const results: PanelResult[] = [];
  for (const panel of panels) {
    for (const target of panel.targets ?? []) {
      const expr = target.expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$__range', '5m')
        .replaceAll('$pipeline', PIPELINE)
        .replaceAll('$feature', '.*');
      if (expr.includes('$')) {
        throw new Error(`panel "${panel.title}" uses a variable that this test does not replace: ${expr}`);
      }
      results.push({ key: `${panel.title} / ${target.refId}`, expr, samples: await queryInstant(url, expr) });
    }
  }
  return results;
}

/** Reads every alerting rule's state and runs its expression once. */
async function queryAlertRules(url: string): Promise<AlertResult[]> {
  const rules = await fetchAlertingRules(url);
  const results: AlertResult[] = [];
  for (const rule of rules) {
    const samples = await queryInstant(url, rule.query);
    results.push({
      name: rule.name,
      state: rule.state,
      health: rule.health,
      lastError: rule.lastError,
      expr: rule.query,
      seriesCount: samples.length,
    });
  }
  return results;
}

/** Lists the panels outside the exception set that have no finite value, with their query. */
function findEmptyPanels(panels: readonly PanelResult[]): string[] {
  return panels
    .filter((panel) => !PANELS_WITHOUT_DATA.has(panel.key))
    .filter((panel) => !panel.samples.some((sample) => Number.isFinite(sample.value)))
    .map((panel) => `${panel.key}: ${panel.expr}`);
}

/**
 * Lists the alerts whose state or expression result differs from EXPECTED_ALERTS. An active alert
 * must be pending or firing with at least one series, an inactive one inactive with none.
 */
function findUnexpectedAlerts(alerts: readonly AlertResult[]): string[] {
  return alerts
    .filter((alert) => {
      const expected = EXPECTED_ALERTS[alert.name];
      if (expected === 'active') {
        return !['pending', 'firing'].includes(alert.state) || alert.seriesCount === 0;
      }
      return alert.state !== 'inactive' || alert.seriesCount > 0;
    })
    .map(
      (alert) =>
        `${alert.name}: state ${alert.state}, ${alert.seriesCount} series, expected ${EXPECTED_ALERTS[alert.name] ?? 'not listed'}`,
    );
}

function valuesOf(panels: readonly PanelResult[], key: string): number[] {
  return panels.find((panel) => panel.key === key)?.samples.map((sample) => sample.value) ?? [];
}

function labelValuesOf(panels: readonly PanelResult[], key: string, label: string): string[] {
  const samples = panels.find((panel) => panel.key === key)?.samples ?? [];
  return [...new Set(samples.map((sample) => sample.metric[label]))].sort();
}

/**
 * Creates an endless feed of Kafka messages: New York's rows in a seeded shuffle, again and again
 * with new ids, keyed by location. One message in MALFORMED_EVERY is one of MALFORMED_RECORDS,
 * keyed by its reason so that malformed records spread over the partitions.
 */
function createRecordFeed(rows: ReadonlyArray<Record<string, unknown>>) {
  let round = 0;
  let order = shuffleSeeded(rows, 1);
  let position = 0;
  let sentMessages = 0;

  const next = (): { key: string; value: string } => {
    if (sentMessages > 0 && sentMessages % MALFORMED_EVERY === 0) {
      const malformed = MALFORMED_RECORDS[(sentMessages / MALFORMED_EVERY) % MALFORMED_RECORDS.length];
      sentMessages += 1;
      return { key: malformed.reason, value: malformed.value };
    }
    if (position === order.length) {
      round += 1;
      order = shuffleSeeded(rows, round + 1);
      position = 0;
    }
    const row = order[position];
    position += 1;
    sentMessages += 1;
    return { key: String(row.location), value: JSON.stringify({ id: `ny-${round}-${position}`, ...row }) };
  };

  return {
    take: (count: number) => Array.from({ length: count }, next),
  };
}

/**
 * Produces BATCH_SIZE messages of the feed every BATCH_INTERVAL_MS until `stop()`, which waits for
 * the last batch and throws the first send error, if any.
 */
function startBackgroundProducer(kafka: Kafka, topic: string, feed: ReturnType<typeof createRecordFeed>) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  let stopping = false;
  let sentCount = 0;

  const loop = async () => {
    await producer.connect();
    try {
      while (!stopping) {
        const messages = feed.take(BATCH_SIZE);
        await producer.send({ topic, acks: -1, messages });
        sentCount += messages.length;
        await new Promise((resolve) => setTimeout(resolve, BATCH_INTERVAL_MS));
      }
    } finally {
      await producer.disconnect();
    }
  };
  const running = loop();
  // The error surfaces in stop(); this handler only keeps it from being reported as unhandled first.
  running.catch(() => undefined);

  return {
    sentCount: () => sentCount,
    stop: async () => {
      stopping = true;
      await running;
    },
  };
}

/** Polls `check` every second until it returns true. On timeout it throws, unless `throwOnTimeout` is false. */
async function waitFor(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; what: string; throwOnTimeout?: boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      if (options.throwOnTimeout ?? true) {
        throw new Error(`timed out after ${options.timeoutMs / 1000} s waiting for ${options.what}`);
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
