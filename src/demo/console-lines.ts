import path from 'node:path';
import type { DriftMethod, FeatureDrift } from '../detectors/types';
import { KS_LEVEL, MEAN_TOLERANCE_IN_STD, STD_TOLERANCE_SHARE } from './renormalization-check';
import { summarizeScenario } from './scenario-summary';
import type { DemoScenario } from './scenarios';
import type { DemoWindow, ScenarioResult } from './types';

/** Short symbol of each method's statistic in console lines. */
const STATISTIC_SYMBOLS: Record<DriftMethod, string> = {
  ks: 'D',
  'chi-square': 'chi2',
  psi: 'PSI',
  'jensen-shannon': 'JS',
  hellinger: 'H',
  wasserstein: 'W',
};

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Formats the header of a scenario: its title and its story wrapped at 100 characters. */
export function formatScenarioHeader(scenario: DemoScenario): string {
  return `\n== ${scenario.title} ==\n${wrap(scenario.story, 100).join('\n')}\n\n`;
}

/**
 * Formats one window as one line: dates, the dataset verdict with drifted/all features, the
 * target verdict with the class share that moved most, each drifted feature with its statistic,
 * and the normalization switches. The renormalization checks follow on indented lines, for the
 * features that use adapted statistics in this window.
 */
export function formatWindowLine(window: DemoWindow, scenario: DemoScenario): string {
  const { report } = window;
  const dataset = `${report.dataset.drifted ? 'DRIFT' : 'ok   '} ${report.dataset.driftedFeatures}/${report.dataset.featureCount}`;
  const parts = [`${window.firstDate}..${window.lastDate}`, dataset];
  if (report.target !== null) {
    parts.push(formatTarget(report.target, window).padEnd(52));
  }
  const drifted = report.features.filter((feature) => feature.drifted).map(formatFeatureStatistic);
  parts.push(drifted.length === 0 ? 'no feature drifted' : drifted.join(' '));
  const switches = formatSwitches(window);
  if (switches !== '') {
    parts.push(`| ${switches}`);
  }

  const lines = [parts.join('  ')];
  for (const check of window.checks) {
    if (window.sources[check.feature] !== 'adapted') {
      continue;
    }
    lines.push(
      `    ${check.feature} renormalized: mean ${twoDecimals(check.mean)} (${scenario.referenceName} ${twoDecimals(check.referenceMean)}), ` +
        `std ${twoDecimals(check.std)} (${twoDecimals(check.referenceStd)}), W ${fixed(check.rawWasserstein)} → ${fixed(check.wasserstein)}, ` +
        `KS p=${formatPValue(check.ksPValue)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Formats the summary of a scenario: windows with dataset drift, features by how often they
 * drifted (with the windows of their largest and smallest statistic), the target verdicts, the
 * switches, the pooled renormalization checks, and the files written.
 */
export function formatScenarioSummary(result: ScenarioResult, cwd = process.cwd()): string {
  const summary = summarizeScenario(result);
  const { scenario } = result;
  const lines = [
    `Summary: ${summary.windowCount} windows, ${summary.datasetDriftCount} with dataset drift ` +
      `(at least ${summary.datasetThreshold * 100}% of the features drifted)`,
  ];

  const nameWidth = Math.max(...summary.features.map((feature) => feature.feature.length), 0);
  lines.push('  features, most often drifted first:');
  for (const feature of summary.features) {
    const range =
      feature.largest === null || feature.smallest === null
        ? ''
        : `  ${STATISTIC_SYMBOLS[feature.method]} from ${fixed(feature.smallest.statistic)} (${feature.smallest.period}) to ${fixed(feature.largest.statistic)} (${feature.largest.period})`;
    lines.push(
      `    ${feature.feature.padEnd(nameWidth)}  drifted in ${feature.driftedCount}/${summary.windowCount}${range}`,
    );
  }

  if (summary.targetName !== null) {
    const total = summary.targetDriftPeriods.length + summary.targetStablePeriods.length;
    lines.push(
      `  target ${summary.targetName} drifted in ${summary.targetDriftPeriods.length} of ${total} windows` +
        (summary.targetStablePeriods.length === 0
          ? ''
          : `; not in ${summary.targetStablePeriods.join(', ')}`),
    );
    if (scenario.period === 'month') {
      lines.push(`  target drift by calendar month: ${formatByCalendarMonth(result.windows)}`);
    }
  }
  lines.push(`  normalization switches: ${summary.switchCount}`);

  for (const check of result.pooledChecks) {
    const meanGap = Math.abs(check.mean - check.referenceMean) / check.referenceStd;
    const stdGap = check.std / check.referenceStd - 1;
    lines.push(
      `  ${check.feature}, renormalized ${scenario.streamName} vs ${scenario.referenceName}, windows ${check.firstPeriod}..${check.lastPeriod} (${check.count} records):`,
      `    mean ${twoDecimals(check.mean)} vs ${twoDecimals(check.referenceMean)} (raw ${twoDecimals(check.rawMean)}), ` +
        `std ${twoDecimals(check.std)} vs ${twoDecimals(check.referenceStd)} (raw ${twoDecimals(check.rawStd)}): ` +
        `gaps ${fixed(meanGap)} std and ${signedPercent(stdGap)}, ` +
        (check.meanAndStdAgree
          ? `within the tolerance (${MEAN_TOLERANCE_IN_STD} std, ${STD_TOLERANCE_SHARE * 100}%)`
          : `OUTSIDE the tolerance (${MEAN_TOLERANCE_IN_STD} std, ${STD_TOLERANCE_SHARE * 100}%)`),
      `    W ${fixed(check.rawWasserstein)} → ${fixed(check.wasserstein)}; KS D=${fixed(check.ksStatistic)} p=${formatPValue(check.ksPValue)}: ` +
        (check.ksPValue < KS_LEVEL
          ? `the shape still differs at the ${KS_LEVEL} level (renormalization fixes location and scale only)`
          : `no difference detected at the ${KS_LEVEL} level`),
    );
  }

  const relative = (file: string) => displayPath(file, cwd);
  lines.push(
    `  output: ${relative(result.outputFile)} (${result.outputCount} of ${result.recordCount} records, with <feature>_normalized fields` +
      (result.deadLetterCount === 0 ? ')' : `; ${result.deadLetterCount} dead letters)`),
    `  pipeline: ${relative(result.pipelineFile)}, reference profile: ${relative(result.profileFile)} (${result.referenceCount} rows)`,
  );
  return `\n${lines.join('\n')}\n`;
}

/** Returns `file` relative to `cwd` when it lies below it, else the absolute path. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, path.resolve(file));
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative)
    ? path.resolve(file)
    : relative;
}

/** Formats a p-value: 2 significant digits down to 0.001, one below it (3e-12). */
export function formatPValue(pValue: number): string {
  if (pValue === 0) {
    return '0';
  }
  return pValue < 0.001 ? pValue.toExponential(0) : String(Number(pValue.toPrecision(2)));
}

function formatTarget(target: FeatureDrift, window: DemoWindow): string {
  const value =
    target.pValue === null
      ? `${STATISTIC_SYMBOLS[target.method]}=${fixed(target.statistic ?? Number.NaN)}`
      : `p=${formatPValue(target.pValue)}`;
  const shift = window.targetShift;
  const share =
    shift === null
      ? ''
      : ` (${shift.category} ${percent(shift.windowShare)} vs ${percent(shift.referenceShare)})`;
  return `target ${target.name} ${STATISTIC_SYMBOLS[target.method]} ${value} ${target.drifted ? 'DRIFT' : 'ok'}${share}`;
}

function formatFeatureStatistic(feature: FeatureDrift): string {
  return `${feature.name} ${STATISTIC_SYMBOLS[feature.method]}=${fixed(feature.statistic ?? Number.NaN)}`;
}

/** Groups the window's switches by the statistics switched to: `temp_max, wind → adapted`. */
function formatSwitches(window: DemoWindow): string {
  const groups = new Map<string, string[]>();
  for (const event of window.switches) {
    groups.set(event.to, [...(groups.get(event.to) ?? []), event.feature]);
  }
  return [...groups].map(([to, features]) => `${features.join(', ')} → ${to}`).join('; ');
}

function formatByCalendarMonth(windows: readonly DemoWindow[]): string {
  const counts = MONTH_NAMES.map(() => ({ drifted: 0, total: 0 }));
  for (const window of windows) {
    const month = Number(window.period.slice(5, 7)) - 1;
    if (window.report.target === null || !(month >= 0 && month < 12)) {
      continue;
    }
    counts[month].total += 1;
    counts[month].drifted += window.report.target.drifted ? 1 : 0;
  }
  return counts
    .map((count, month) => (count.total === 0 ? '' : `${MONTH_NAMES[month]} ${count.drifted}/${count.total}`))
    .filter((text) => text !== '')
    .join(', ');
}

/** Formats a statistic with 2 decimals below 10, 1 below 100 and none above. */
function fixed(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) {
    return value.toFixed(0);
  }
  return magnitude >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function twoDecimals(value: number): string {
  return value.toFixed(2);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function signedPercent(share: number): string {
  const value = (share * 100).toFixed(1);
  return share >= 0 ? `+${value}%` : `${value}%`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') {
    lines.push(line);
  }
  return lines;
}
