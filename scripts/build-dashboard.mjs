#!/usr/bin/env node
// Generates config/grafana/dashboards/driftwatch.json, the Grafana dashboard of the compose stack.
// Panels are built by the helpers below so that every query filters by the `pipeline` variable
// and every panel shares the same data source, legend and layout settings.
//
//   node scripts/build-dashboard.mjs           rewrite the JSON file
//   node scripts/build-dashboard.mjs --check   exit 1 when the committed JSON differs from the output

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const outputFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../config/grafana/dashboards/driftwatch.json',
);

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana, not JavaScript, expands this variable.
const datasource = { type: 'prometheus', uid: '${datasource}' };
const pipelineFilter = 'pipeline=~"$pipeline"';
const featureFilter = 'pipeline=~"$pipeline", feature=~"$feature"';

// Methods that are hypothesis tests publish a p-value threshold, the other methods (distances)
// a statistic threshold. The method names are the DriftMethod values of src/detectors/types.ts.
const testMethods = 'ks|chi-square';

const gridWidth = 24;

main();

function main() {
  const text = `${JSON.stringify(buildDashboard(), null, 2)}\n`;

  if (process.argv.includes('--check')) {
    const committed = readFileSync(outputFile, 'utf8');
    if (committed !== text) {
      console.error(
        `${outputFile} is out of date: run node scripts/build-dashboard.mjs and commit the result`,
      );
      process.exit(1);
    }
    return;
  }

  writeFileSync(outputFile, text);
  console.log(`wrote ${outputFile}`);
}

function buildDashboard() {
  const layout = createLayout();

  layout.row('Overview');
  layout.place(
    6,
    5,
    stat({
      title: 'Dataset drifted',
      description:
        'Verdict of the latest window: drifted when the share of drifted features reaches the dataset threshold.',
      expr: `max by (pipeline) (driftwatch_dataset_drifted{${pipelineFilter}})`,
      legend: '{{pipeline}}',
      mappings: yesNoMappings('drifted', 'no drift'),
    }),
  );
  layout.place(
    6,
    5,
    stat({
      title: 'Features drifted now',
      description: 'Features that drifted in the latest window by at least one method.',
      // A sum over the 0/1 gauges, unlike a count of the 1s, shows 0 rather than no data.
      expr: `sum by (pipeline) (max by (pipeline, feature) (driftwatch_feature_drifted{${pipelineFilter}}))`,
      legend: '{{pipeline}}',
      thresholds: [
        { color: 'green', value: null },
        { color: 'orange', value: 1 },
      ],
    }),
  );
  layout.place(
    4,
    5,
    stat({
      title: 'Target drifted',
      description: 'Verdict of the latest window on the target column.',
      expr: `max by (pipeline, feature) (driftwatch_target_drifted{${pipelineFilter}})`,
      legend: '{{pipeline}} {{feature}}',
      mappings: yesNoMappings('drifted', 'no drift'),
    }),
  );
  layout.place(
    4,
    5,
    stat({
      title: 'Ready',
      description: 'Ready when the pipeline has joined its consumer group and loaded its reference.',
      expr: `min by (pipeline) (driftwatch_ready{${pipelineFilter}})`,
      legend: '{{pipeline}}',
      mappings: [
        { type: 'value', options: { 0: { text: 'not ready', color: 'red', index: 0 } } },
        { type: 'value', options: { 1: { text: 'ready', color: 'green', index: 1 } } },
      ],
    }),
  );
  layout.place(
    4,
    5,
    stat({
      title: 'Since last record',
      description:
        'Time since the pipeline last received a record. The DriftwatchNoRecords alert fires past 10 minutes.',
      expr: `time() - max by (pipeline) (driftwatch_last_record_timestamp_seconds{${pipelineFilter}})`,
      legend: '{{pipeline}}',
      unit: 's',
      thresholds: [
        { color: 'green', value: null },
        { color: 'orange', value: 300 },
        { color: 'red', value: 600 },
      ],
    }),
  );

  layout.row('Drift');
  layout.place(
    12,
    8,
    timeseries({
      title: 'Dataset drift share',
      description:
        'Share of features that drifted in each window. The line marks 0.5, the default dataset threshold: the pipeline file may set another.',
      targets: [{ expr: `driftwatch_dataset_drift_share{${pipelineFilter}}`, legend: '{{pipeline}}' }],
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholdLine: 0.5,
    }),
  );
  layout.place(
    12,
    8,
    table({
      title: 'Currently drifted features',
      description:
        'Features and methods that drifted in the latest window, with the number of consecutive drifted windows. The DriftwatchFeatureDriftPersistent alert fires at 3.',
      expr:
        `(driftwatch_feature_drifted{${featureFilter}} == 1)` +
        ` * on (pipeline, feature, instance, job) group_left` +
        ` driftwatch_feature_drift_consecutive_windows{${featureFilter}}`,
      valueName: 'consecutive windows',
    }),
  );
  layout.place(
    12,
    9,
    timeseries({
      title: 'Drift statistic per feature',
      description:
        'Statistic of each window per feature and method. Dashed: the threshold of distance methods (PSI, Jensen-Shannon, Hellinger, Wasserstein), at or above which a feature drifts.',
      targets: [
        {
          expr: `driftwatch_drift_statistic{${featureFilter}}`,
          legend: '{{feature}} {{method}}',
        },
        {
          expr: `driftwatch_drift_threshold{${featureFilter}, method!~"${testMethods}"}`,
          legend: 'threshold {{feature}} {{method}}',
        },
      ],
      dashedRefIds: ['B'],
    }),
  );
  layout.place(
    12,
    9,
    timeseries({
      title: 'p-value per feature',
      description:
        'p-value of each window per feature for the hypothesis tests (KS, chi-square), on a log scale. Dashed: the threshold below which a feature drifts.',
      targets: [
        {
          expr: `driftwatch_drift_p_value{${featureFilter}}`,
          legend: '{{feature}} {{method}}',
        },
        {
          expr: `driftwatch_drift_threshold{${featureFilter}, method=~"${testMethods}"}`,
          legend: 'threshold {{feature}} {{method}}',
        },
      ],
      dashedRefIds: ['B'],
      logScale: true,
    }),
  );
  layout.place(
    12,
    8,
    timeseries({
      title: 'Missing share per feature',
      description: 'Share of records in each window whose value of the feature is missing.',
      targets: [{ expr: `driftwatch_feature_missing_share{${featureFilter}}`, legend: '{{feature}}' }],
      unit: 'percentunit',
      min: 0,
      max: 1,
    }),
  );
  layout.place(
    12,
    8,
    timeseries({
      title: 'Target proportions, window vs reference',
      description:
        'Share of each target class in the latest window (solid) and in the reference (dashed). A gap between the two is what target drift measures.',
      targets: [
        {
          expr: `driftwatch_target_proportion{${pipelineFilter}, scope="window"}`,
          legend: '{{feature}}={{category}} window',
        },
        {
          expr: `driftwatch_target_proportion{${pipelineFilter}, scope="reference"}`,
          legend: '{{feature}}={{category}} reference',
        },
      ],
      dashedRefIds: ['B'],
      unit: 'percentunit',
      min: 0,
      max: 1,
    }),
  );

  layout.row('Feature statistics');
  layout.place(
    12,
    9,
    timeseries({
      title: 'Mean, window vs reference',
      description: 'Mean of each numeric feature in the latest window (solid) and in the reference (dashed).',
      targets: [
        { expr: `driftwatch_feature_mean{${featureFilter}, scope="window"}`, legend: '{{feature}} window' },
        {
          expr: `driftwatch_feature_mean{${featureFilter}, scope="reference"}`,
          legend: '{{feature}} reference',
        },
      ],
      dashedRefIds: ['B'],
    }),
  );
  layout.place(
    12,
    9,
    timeseries({
      title: 'Standard deviation, window vs reference',
      description:
        'Population standard deviation of each numeric feature in the latest window (solid) and in the reference (dashed).',
      targets: [
        { expr: `driftwatch_feature_std{${featureFilter}, scope="window"}`, legend: '{{feature}} window' },
        {
          expr: `driftwatch_feature_std{${featureFilter}, scope="reference"}`,
          legend: '{{feature}} reference',
        },
      ],
      dashedRefIds: ['B'],
    }),
  );

  layout.row('Normalization');
  layout.place(
    8,
    8,
    barGauge({
      title: 'Normalization switches',
      description:
        'Switches of the adaptive normalization over the selected time range, per feature and the statistics switched to.',
      expr: `sum by (pipeline, feature, to) (increase(driftwatch_normalization_switches_total{${featureFilter}}[$__range]))`,
      legend: '{{pipeline}} {{feature}} to {{to}}',
    }),
  );
  layout.place(
    8,
    8,
    stateTimeline({
      title: 'Normalization statistics in use',
      description:
        'Per feature: normalized with the reference statistics or with statistics re-estimated on the stream.',
      expr: `max by (pipeline, feature) (driftwatch_normalization_reestimated{${featureFilter}})`,
      legend: '{{pipeline}} {{feature}}',
      mappings: [
        { type: 'value', options: { 0: { text: 'reference', color: 'blue', index: 0 } } },
        { type: 'value', options: { 1: { text: 're-estimated', color: 'orange', index: 1 } } },
      ],
    }),
  );
  layout.place(
    8,
    8,
    timeseries({
      title: 'Normalization mean in use',
      description: 'Mean of the statistics that the normalization uses now, per numeric feature.',
      targets: [
        {
          expr: `driftwatch_feature_mean{${featureFilter}, scope="normalization"}`,
          legend: '{{feature}}',
        },
      ],
    }),
  );
  layout.place(
    24,
    6,
    barGauge({
      title: 'Windows skipped by the normalization',
      description:
        'Windows over the selected time range whose statistics the normalization did not use: fewer than 2 values or zero variance.',
      expr: `sum by (pipeline, feature) (increase(driftwatch_normalization_skipped_windows_total{${featureFilter}}[$__range]))`,
      legend: '{{pipeline}} {{feature}}',
    }),
  );

  layout.row('Throughput and delivery');
  layout.place(
    12,
    8,
    timeseries({
      title: 'Records by outcome',
      description: 'Input records handled per second, by outcome: output, dead_letter, late or dropped.',
      targets: [
        {
          expr: `sum by (pipeline, outcome) (rate(driftwatch_records_total{${pipelineFilter}}[$__rate_interval]))`,
          legend: '{{pipeline}} {{outcome}}',
        },
      ],
      axisLabel: 'records/s',
    }),
  );
  layout.place(
    12,
    8,
    timeseries({
      title: 'Dead letters by reason',
      description:
        'Records sent to the dead-letter topic per second. The DriftwatchDeadLetterRate alert fires above 1% of the input over 5 minutes.',
      targets: [
        {
          expr: `sum by (pipeline, reason) (rate(driftwatch_dead_letters_total{${pipelineFilter}}[$__rate_interval]))`,
          legend: '{{pipeline}} {{reason}}',
        },
      ],
      axisLabel: 'records/s',
    }),
  );
  layout.place(
    12,
    8,
    timeseries({
      title: 'Consumer lag per partition',
      description:
        'Records between the high watermark and the next offset to fetch. The DriftwatchConsumerLagGrowing alert fires when the sum stays above 1000 and grows.',
      targets: [
        {
          expr: `driftwatch_consumer_lag{${pipelineFilter}}`,
          legend: '{{pipeline}} partition {{partition}}',
        },
      ],
      axisLabel: 'records',
    }),
  );
  layout.place(
    12,
    8,
    timeseries({
      title: 'In-flight records and redeliveries',
      description:
        'Records received but not yet acknowledged by their output, and records received again at an already processed offset (per second, right axis).',
      targets: [
        {
          expr: `sum by (pipeline) (driftwatch_in_flight_records{${pipelineFilter}})`,
          legend: '{{pipeline}} in flight',
        },
        {
          expr: `sum by (pipeline) (rate(driftwatch_redelivered_records_total{${pipelineFilter}}[$__rate_interval]))`,
          legend: '{{pipeline}} redelivered/s',
        },
      ],
      rightAxisRefIds: ['B'],
    }),
  );

  layout.row('Latency and windows');
  layout.place(
    8,
    8,
    timeseries({
      title: 'End-to-end latency p50 / p99',
      description:
        'Time from a record entering the input topic to its output being acknowledged. It includes the time the record waits in its open window.',
      targets: [
        {
          expr: `histogram_quantile(0.5, sum by (pipeline, le) (rate(driftwatch_end_to_end_latency_seconds_bucket{${pipelineFilter}}[$__rate_interval])))`,
          legend: '{{pipeline}} p50',
        },
        {
          expr: `histogram_quantile(0.99, sum by (pipeline, le) (rate(driftwatch_end_to_end_latency_seconds_bucket{${pipelineFilter}}[$__rate_interval])))`,
          legend: '{{pipeline}} p99',
        },
      ],
      unit: 's',
    }),
  );
  layout.place(
    8,
    8,
    timeseries({
      title: 'Window evaluation p99',
      description:
        'Time to evaluate a closed window: statistics, drift tests, normalization and output acknowledgement.',
      targets: [
        {
          expr: `histogram_quantile(0.99, sum by (pipeline, le) (rate(driftwatch_window_duration_seconds_bucket{${pipelineFilter}}[$__rate_interval])))`,
          legend: '{{pipeline}} p99',
        },
      ],
      unit: 's',
    }),
  );
  layout.place(
    8,
    8,
    timeseries({
      title: 'Windows closed per minute',
      description: 'Windows closed and evaluated per minute.',
      targets: [
        {
          expr: `sum by (pipeline) (rate(driftwatch_windows_total{${pipelineFilter}}[$__rate_interval])) * 60`,
          legend: '{{pipeline}}',
        },
      ],
      axisLabel: 'windows/min',
    }),
  );

  // Process metrics carry no pipeline label. Matching on the scrape target keeps the processes
  // that run one of the chosen pipelines.
  const runsPipeline = `and on (instance, job) driftwatch_ready{${pipelineFilter}}`;
  layout.row('Process');
  layout.place(
    8,
    7,
    timeseries({
      title: 'Resident memory',
      targets: [{ expr: `driftwatch_process_resident_memory_bytes ${runsPipeline}`, legend: '{{instance}}' }],
      unit: 'bytes',
    }),
  );
  layout.place(
    8,
    7,
    timeseries({
      title: 'CPU',
      description: 'CPU time used per second of wall time: 100% is one core fully busy.',
      targets: [
        {
          expr: `rate(driftwatch_process_cpu_seconds_total[$__rate_interval]) ${runsPipeline}`,
          legend: '{{instance}}',
        },
      ],
      unit: 'percentunit',
    }),
  );
  layout.place(
    8,
    7,
    timeseries({
      title: 'Event loop lag p99',
      description: 'A high event loop lag delays fetching, window evaluation and scrapes alike.',
      targets: [
        { expr: `driftwatch_nodejs_eventloop_lag_p99_seconds ${runsPipeline}`, legend: '{{instance}}' },
      ],
      unit: 's',
    }),
  );

  return {
    uid: 'driftwatch',
    title: 'driftwatch',
    description: 'Dataset shift, adaptive normalization and delivery of the driftwatch pipelines.',
    tags: ['driftwatch'],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-1h', to: 'now' },
    refresh: '10s',
    timezone: 'browser',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    templating: { list: templateVariables() },
    panels: layout.panels,
  };
}

function templateVariables() {
  return [
    {
      name: 'datasource',
      label: 'Data source',
      type: 'datasource',
      query: 'prometheus',
      current: { selected: true, text: 'Prometheus', value: 'prometheus' },
      hide: 0,
      refresh: 1,
      regex: '',
      includeAll: false,
      multi: false,
      options: [],
    },
    queryVariable({
      name: 'pipeline',
      label: 'Pipeline',
      query: 'label_values(driftwatch_records_total, pipeline)',
    }),
    queryVariable({
      name: 'feature',
      label: 'Feature',
      query: `label_values(driftwatch_drift_statistic{${pipelineFilter}}, feature)`,
    }),
  ];
}

function queryVariable({ name, label, query }) {
  return {
    name,
    label,
    type: 'query',
    datasource,
    definition: query,
    query: { qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    refresh: 2,
    sort: 1,
    regex: '',
    includeAll: true,
    multi: true,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    hide: 0,
    options: [],
  };
}

/** Places panels left to right and starts a new line when the next one does not fit. */
function createLayout() {
  const panels = [];
  let nextId = 1;
  let x = 0;
  let y = 0;
  let lineHeight = 0;

  const newLine = () => {
    y += lineHeight;
    x = 0;
    lineHeight = 0;
  };

  return {
    panels,
    row(title) {
      newLine();
      panels.push({
        id: nextId++,
        type: 'row',
        title,
        collapsed: false,
        panels: [],
        gridPos: { h: 1, w: gridWidth, x: 0, y },
      });
      y += 1;
    },
    place(width, height, panel) {
      if (x + width > gridWidth) {
        newLine();
      }
      panels.push({ id: nextId++, ...panel, gridPos: { h: height, w: width, x, y } });
      x += width;
      lineHeight = Math.max(lineHeight, height);
    },
  };
}

function toTargets(targets, { instant }) {
  return targets.map((target, index) => ({
    refId: String.fromCharCode(65 + index),
    datasource,
    expr: target.expr,
    legendFormat: target.legend,
    range: !instant,
    instant,
    ...(instant ? { format: 'table' } : {}),
  }));
}

function timeseries(options) {
  const custom = {
    drawStyle: 'line',
    lineWidth: 1,
    fillOpacity: 0,
    showPoints: 'never',
    spanNulls: false,
    axisLabel: options.axisLabel ?? '',
    thresholdsStyle: { mode: options.thresholdLine === undefined ? 'off' : 'line' },
    ...(options.logScale ? { scaleDistribution: { type: 'log', log: 10 } } : {}),
  };
  const overrides = [];
  for (const refId of options.dashedRefIds ?? []) {
    overrides.push({
      matcher: { id: 'byFrameRefID', options: refId },
      properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }],
    });
  }
  for (const refId of options.rightAxisRefIds ?? []) {
    overrides.push({
      matcher: { id: 'byFrameRefID', options: refId },
      properties: [{ id: 'custom.axisPlacement', value: 'right' }],
    });
  }

  return {
    type: 'timeseries',
    title: options.title,
    description: options.description ?? '',
    datasource,
    fieldConfig: {
      defaults: {
        color: { mode: 'palette-classic' },
        custom,
        unit: options.unit ?? 'short',
        ...(options.min === undefined ? {} : { min: options.min }),
        ...(options.max === undefined ? {} : { max: options.max }),
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            ...(options.thresholdLine === undefined ? [] : [{ color: 'red', value: options.thresholdLine }]),
          ],
        },
      },
      overrides,
    },
    options: {
      legend: { displayMode: 'table', placement: 'right', showLegend: true, calcs: ['lastNotNull'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: toTargets(options.targets, { instant: false }),
  };
}

function stat(options) {
  return {
    type: 'stat',
    title: options.title,
    description: options.description ?? '',
    datasource,
    fieldConfig: {
      defaults: {
        unit: options.unit ?? 'short',
        mappings: options.mappings ?? [],
        thresholds: { mode: 'absolute', steps: options.thresholds ?? [{ color: 'text', value: null }] },
        color: { mode: 'thresholds' },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'none',
      justifyMode: 'auto',
      orientation: 'auto',
      textMode: 'value_and_name',
    },
    targets: toTargets([{ expr: options.expr, legend: options.legend }], { instant: false }),
  };
}

function table(options) {
  return {
    type: 'table',
    title: options.title,
    description: options.description ?? '',
    datasource,
    fieldConfig: { defaults: { custom: { align: 'auto' } }, overrides: [] },
    options: { showHeader: true, sortBy: [{ displayName: options.valueName, desc: true }] },
    transformations: [
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true, __name__: true, job: true },
          indexByName: { pipeline: 0, feature: 1, method: 2, Value: 3, instance: 4 },
          renameByName: { Value: options.valueName },
        },
      },
    ],
    targets: toTargets([{ expr: options.expr, legend: '' }], { instant: true }),
  };
}

function barGauge(options) {
  return {
    type: 'bargauge',
    title: options.title,
    description: options.description ?? '',
    datasource,
    fieldConfig: {
      defaults: {
        unit: 'short',
        min: 0,
        decimals: 0,
        color: { mode: 'thresholds' },
        thresholds: { mode: 'absolute', steps: [{ color: 'blue', value: null }] },
      },
      overrides: [],
    },
    options: {
      displayMode: 'basic',
      orientation: 'horizontal',
      showUnfilled: true,
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    },
    targets: toTargets([{ expr: options.expr, legend: options.legend }], { instant: true }).map((target) => ({
      ...target,
      format: 'time_series',
    })),
  };
}

function stateTimeline(options) {
  return {
    type: 'state-timeline',
    title: options.title,
    description: options.description ?? '',
    datasource,
    fieldConfig: {
      defaults: {
        mappings: options.mappings,
        color: { mode: 'thresholds' },
        thresholds: { mode: 'absolute', steps: [{ color: 'text', value: null }] },
        custom: { fillOpacity: 80, lineWidth: 0 },
      },
      overrides: [],
    },
    options: {
      mergeValues: true,
      showValue: 'never',
      rowHeight: 0.8,
      alignValue: 'left',
      legend: { displayMode: 'list', placement: 'bottom', showLegend: false },
      tooltip: { mode: 'single', sort: 'none' },
    },
    targets: toTargets([{ expr: options.expr, legend: options.legend }], { instant: false }),
  };
}

function yesNoMappings(yesText, noText) {
  return [
    { type: 'value', options: { 0: { text: noText, color: 'green', index: 0 } } },
    { type: 'value', options: { 1: { text: yesText, color: 'red', index: 1 } } },
  ];
}
