import { isTestMethod } from '../detectors/method-choice';
import type { DriftMethod, FeatureDrift } from '../detectors/types';
import type { DemoWindow, ScenarioResult } from './types';

/** Width of the chart in SVG user units (pixels at scale 1). */
const CHART_WIDTH = 1000;
const PANEL_HEIGHT = 400;
/** The right margin contains the threshold labels, so they never cover a line or a bar. */
const MARGIN = { left: 78, right: 118 };
/** Offsets inside a panel, from its top. */
const LAYOUT = {
  title: 22,
  subtitle: 40,
  explanation: 56,
  legend: 76,
  linesTop: 90,
  linesHeight: 180,
  targetRow: 288,
  barsTop: 302,
  barsHeight: 50,
  labels: 370,
};
/** Stroke colours per feature, in the pipeline's feature order (colour-blind-safe Tableau 10). */
const COLOURS = ['#e15759', '#4e79a7', '#59a14f', '#b07aa1', '#f28e2b', '#76b7b2', '#edc948', '#9c755f'];
/** Names of the statistic on the chart's axis, per method. */
const METHOD_LABELS: Record<DriftMethod, string> = {
  ks: 'KS test: −log10 p-value',
  'chi-square': 'chi-square test: −log10 p-value',
  psi: 'PSI',
  'jensen-shannon': 'Jensen-Shannon distance',
  hellinger: 'Hellinger distance',
  wasserstein: 'normalized Wasserstein distance',
};
const DRIFT_BAR = '#e15759';
const STABLE_BAR = '#bab0ac';
/** Scores are capped here, so that a p-value of 0 (−log10 p = ∞) still plots. */
const MAX_SCORE = 300;

/**
 * Renders the drift timeline of the replayed scenarios as an SVG document, one panel per scenario.
 * Per window, a panel shows each feature's drift score as a line, with the threshold dashed. Below
 * the lines, a dot gives the target verdict (filled when it drifted), and a bar gives the dataset
 * drift share (red when the dataset drifted), with the dataset threshold dashed. The score is the statistic for
 * distances and −log10 p for tests, so for both a point above its threshold line means drift.
 * Where a scenario compares renormalized values with the reference, their score (normalized
 * Wasserstein, or −log10 p of the KS test) is drawn dashed in the feature's colour.
 *
 * The document starts with `<svg` and has exactly one `<rect` per window: the bars are the only
 * rectangles (the background and legend swatches are paths).
 */
export function renderTimelineChart(results: readonly ScenarioResult[]): string {
  const height = Math.max(1, results.length) * PANEL_HEIGHT;
  const panels = results.map((result, index) => renderPanel(result, index * PANEL_HEIGHT));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<path d="M0 0H${CHART_WIDTH}V${height}H0Z" fill="#ffffff"/>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}

function renderPanel(result: ScenarioResult, top: number): string {
  const { windows, scenario } = result;
  const features = windows[0]?.report.features ?? [];
  const methods = [...new Set(features.map((feature) => feature.method))];
  const axisName =
    methods.length === 1
      ? METHOD_LABELS[methods[0]]
      : methods.every(isTestMethod)
        ? '−log10 p-value'
        : 'statistic (distances) or −log10 p (tests)';
  const plotWidth = CHART_WIDTH - MARGIN.left - MARGIN.right;
  const band = plotWidth / Math.max(1, windows.length);
  const xOf = (index: number) => MARGIN.left + (index + 0.5) * band;

  const series = features.map((feature, index) => ({
    name: feature.name,
    colour: COLOURS[index % COLOURS.length],
    scores: windows.map((window) =>
      scoreOf(window.report.features.find((line) => line.name === feature.name)),
    ),
    renormalized: windows.map((window) => renormalizedScore(window, feature)),
  }));
  const thresholds = [...new Set(features.map((feature) => thresholdScore(feature)))];
  const allScores = [
    ...series.flatMap((entry) => [...entry.scores, ...entry.renormalized]),
    ...thresholds.map((value) => value * 1.5),
  ].filter((value): value is number => value !== null);
  const tickStep = niceStep(Math.max(...allScores, 0.1) / 4);
  const yMax = Math.ceil(Math.max(...allScores, 0.1) / tickStep) * tickStep;
  const linesBottom = top + LAYOUT.linesTop + LAYOUT.linesHeight;
  const yOf = (score: number) => linesBottom - (Math.min(score, yMax) / yMax) * LAYOUT.linesHeight;

  const parts = [
    `<g class="panel" id="${escapeXml(result.pipelineId)}">`,
    text(MARGIN.left, top + LAYOUT.title, scenario.title, 'font-size="15" font-weight="bold"'),
    text(
      MARGIN.left,
      top + LAYOUT.subtitle,
      `${scenario.referenceName} is the reference; ${scenario.streamName} is streamed, one ${scenario.period} per window.`,
      'fill="#333333"',
    ),
    text(
      MARGIN.left,
      top + LAYOUT.explanation,
      `Lines: ${axisName} per feature and window; a point above its dashed threshold drifted.`,
      'fill="#555555"',
    ),
    ...renderLegend(series, top + LAYOUT.legend),
    ...renderYAxis(yMax, tickStep, top + LAYOUT.linesTop, linesBottom, yOf),
  ];

  for (const threshold of thresholds) {
    const y = yOf(threshold).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${CHART_WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#222222" stroke-dasharray="6 4"/>`,
      text(
        CHART_WIDTH - MARGIN.right + 6,
        Number(y) + 4,
        `threshold ${formatThreshold(features, threshold)}`,
        'fill="#222222"',
      ),
    );
  }
  for (const entry of series) {
    parts.push(...renderLine(entry.scores, entry.colour, xOf, yOf, ''));
    parts.push(...renderLine(entry.renormalized, entry.colour, xOf, yOf, ' stroke-dasharray="5 3"'));
  }

  parts.push(...renderTargetRow(windows, top + LAYOUT.targetRow, xOf));
  parts.push(...renderBars(windows, top, band, xOf));
  parts.push(...renderXLabels(windows, top + LAYOUT.labels, xOf));
  parts.push('</g>');
  return parts.join('\n');
}

function renderLegend(
  series: ReadonlyArray<{ name: string; colour: string; renormalized: ReadonlyArray<number | null> }>,
  y: number,
): string[] {
  const parts: string[] = [];
  let x = MARGIN.left;
  const swatch = (colour: string, dash: string) =>
    `<path d="M${x} ${y - 4}h22" stroke="${colour}" stroke-width="2.5"${dash}/>`;
  for (const entry of series) {
    parts.push(swatch(entry.colour, ''), text(x + 27, y, entry.name));
    x += 42 + entry.name.length * 7.2;
  }
  if (series.some((entry) => entry.renormalized.some((value) => value !== null))) {
    parts.push(swatch('#555555', ' stroke-dasharray="5 3"'), text(x + 27, y, 'renormalized values'));
    x += 42 + 19 * 7.2;
  }
  parts.push(
    `<circle cx="${x + 4}" cy="${y - 4}" r="4" fill="#222222"/>`,
    text(x + 12, y, 'target drifted'),
    `<circle cx="${x + 110}" cy="${y - 4}" r="3.5" fill="none" stroke="#888888"/>`,
    text(x + 118, y, 'target stable'),
    `<path d="M${x + 215} ${y - 10}h10v10h-10Z" fill="${DRIFT_BAR}"/>`,
    text(x + 230, y, 'dataset drifted'),
  );
  return parts;
}

function renderYAxis(
  yMax: number,
  tickStep: number,
  plotTop: number,
  plotBottom: number,
  yOf: (score: number) => number,
): string[] {
  const parts = [
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${plotTop}" y2="${plotBottom}" stroke="#888888"/>`,
    `<line x1="${MARGIN.left}" x2="${CHART_WIDTH - MARGIN.right}" y1="${plotBottom}" y2="${plotBottom}" stroke="#888888"/>`,
  ];
  const tickCount = Math.round(yMax / tickStep);
  for (let tick = 0; tick <= tickCount; tick += 1) {
    const value = tickStep * tick;
    const y = yOf(value).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left - 4}" x2="${CHART_WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#eeeeee"/>`,
      text(MARGIN.left - 8, Number(y) + 4, formatTick(value), 'text-anchor="end" fill="#555555"'),
    );
  }
  return parts;
}

function renderLine(
  scores: ReadonlyArray<number | null>,
  colour: string,
  xOf: (index: number) => number,
  yOf: (score: number) => number,
  dash: string,
): string[] {
  const points = scores
    .map((score, index) => (score === null ? null : `${xOf(index).toFixed(1)},${yOf(score).toFixed(1)}`))
    .filter((point): point is string => point !== null);
  if (points.length === 0) {
    return [];
  }
  const markers = points.map((point) => {
    const [x, y] = point.split(',');
    // Hollow markers tell the dashed renormalized line apart where it crosses a solid one.
    return dash === ''
      ? `<circle cx="${x}" cy="${y}" r="2.5" fill="${colour}"/>`
      : `<circle cx="${x}" cy="${y}" r="3" fill="#ffffff" stroke="${colour}" stroke-width="1.5"/>`;
  });
  return [
    `<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`,
    ...markers,
  ];
}

function renderTargetRow(
  windows: readonly DemoWindow[],
  y: number,
  xOf: (index: number) => number,
): string[] {
  if (!windows.some((window) => window.report.target !== null)) {
    return [];
  }
  const parts = [text(MARGIN.left - 8, y + 4, 'target', 'text-anchor="end" fill="#555555"')];
  windows.forEach((window, index) => {
    const target = window.report.target;
    if (target === null) {
      return;
    }
    const x = xOf(index).toFixed(1);
    parts.push(
      target.drifted
        ? `<circle cx="${x}" cy="${y}" r="4" fill="#222222"/>`
        : `<circle cx="${x}" cy="${y}" r="3.5" fill="none" stroke="#888888"/>`,
    );
  });
  return parts;
}

function renderBars(
  windows: readonly DemoWindow[],
  top: number,
  band: number,
  xOf: (index: number) => number,
): string[] {
  const barsTop = top + LAYOUT.barsTop;
  const barsBottom = barsTop + LAYOUT.barsHeight;
  const barWidth = Math.max(1, band * 0.7);
  const parts = [
    text(MARGIN.left - 8, barsTop + 20, 'drifted', 'text-anchor="end" fill="#555555"'),
    text(MARGIN.left - 8, barsTop + 34, 'features', 'text-anchor="end" fill="#555555"'),
    `<line x1="${MARGIN.left}" x2="${CHART_WIDTH - MARGIN.right}" y1="${barsBottom}" y2="${barsBottom}" stroke="#888888"/>`,
  ];
  windows.forEach((window, index) => {
    const share = window.report.dataset.driftShare;
    const height = Math.max(0, Math.min(1, share)) * LAYOUT.barsHeight;
    parts.push(
      `<rect class="bar" x="${(xOf(index) - barWidth / 2).toFixed(1)}" y="${(barsBottom - height).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${window.report.dataset.drifted ? DRIFT_BAR : STABLE_BAR}"><title>${escapeXml(`${window.period}: ${Math.round(share * 100)}% of features drifted`)}</title></rect>`,
    );
  });
  const threshold = windows[0]?.report.dataset.threshold;
  if (threshold !== undefined) {
    const y = (barsBottom - threshold * LAYOUT.barsHeight).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${CHART_WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#222222" stroke-dasharray="6 4"/>`,
      text(CHART_WIDTH - MARGIN.right + 6, Number(y) + 4, `dataset ${threshold * 100}%`, 'fill="#222222"'),
    );
  }
  return parts;
}

function renderXLabels(windows: readonly DemoWindow[], y: number, xOf: (index: number) => number): string[] {
  // At most about 12 labels fit; longer timelines label every k-th window.
  const every = Math.max(1, Math.ceil(windows.length / 12));
  return windows
    .map((window, index) =>
      index % every === 0 ? text(xOf(index), y, window.period, 'text-anchor="middle" fill="#333333"') : '',
    )
    .filter((part) => part !== '');
}

/** Drift score of a feature line: the statistic for distances, −log10 p for tests; null without one. */
function scoreOf(line: FeatureDrift | null | undefined): number | null {
  if (line === undefined || line === null) {
    return null;
  }
  if (isTestMethod(line.method)) {
    return line.pValue === null ? null : toLogScore(line.pValue);
  }
  return line.statistic === null ? null : Math.min(line.statistic, MAX_SCORE);
}

function renormalizedScore(window: DemoWindow, feature: FeatureDrift): number | null {
  const check = window.checks.find((entry) => entry.feature === feature.name);
  if (check === undefined || window.sources[feature.name] !== 'adapted') {
    return null;
  }
  return isTestMethod(feature.method) ? toLogScore(check.ksPValue) : check.wasserstein;
}

function thresholdScore(feature: FeatureDrift): number {
  return isTestMethod(feature.method) ? toLogScore(feature.threshold) : feature.threshold;
}

function formatThreshold(features: readonly FeatureDrift[], score: number): string {
  const feature = features.find((entry) => thresholdScore(entry) === score);
  if (feature === undefined) {
    return formatTick(score);
  }
  return isTestMethod(feature.method) ? `p=${feature.threshold}` : String(feature.threshold);
}

function toLogScore(pValue: number): number {
  return pValue <= 0 ? MAX_SCORE : Math.min(MAX_SCORE, -Math.log10(pValue));
}

/** Rounds up to 1, 2, 2.5 or 5 times a power of ten, so that ticks fall on round numbers. */
function niceStep(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const factor = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= value) ?? 10;
  return factor * power;
}

function formatTick(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function text(x: number, y: number, content: string, attributes = ''): string {
  const extra = attributes === '' ? '' : ` ${attributes}`;
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${extra}>${escapeXml(content)}</text>`;
}

function escapeXml(content: string): string {
  return content
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
