import type { DriftReport, FeatureDrift } from '../detectors/types';

const HEADERS = [
  'feature',
  'kind',
  'method',
  'statistic',
  'p-value',
  'threshold',
  'drift',
  'reference',
  'current',
  'missing',
];

/**
 * Formats a drift report as plain text for a terminal. A verdict line for the dataset comes first,
 * then an aligned table with one row per feature and the target's row apart, then the notes.
 * Numbers are right-aligned, and an `adjusted p` column appears when a correction was applied.
 * Numbers have 4 significant digits (scientific notation below 0.001); "-" marks a null value.
 * Ends with a newline.
 */
export function formatReportTable(report: DriftReport): string {
  const { dataset } = report;
  const verdict = dataset.drifted ? 'DRIFT DETECTED' : 'no drift';
  const threshold = dataset.threshold === undefined ? '' : `, threshold ${formatShare(dataset.threshold)}`;
  const correction =
    dataset.correction === undefined || dataset.correction === 'none'
      ? ''
      : `, ${dataset.correction} correction`;
  const lines = [
    `Dataset: ${verdict}: ${dataset.driftedFeatures} of ${dataset.featureCount} features drifted (share ${formatShare(dataset.driftShare)}${threshold}${correction})`,
    '',
    ...formatRows(report.features),
  ];

  if (report.target !== null) {
    lines.push('', 'Target:', ...formatRows([report.target]));
  }

  const notes = [...report.features, ...(report.target === null ? [] : [report.target])].flatMap((line) =>
    (line.notes ?? []).map((note) => `  ${line.name}: ${note}`),
  );
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);

  return `${lines.join('\n')}\n`;
}

/** Formats a statistic or p-value for the table: 4 significant digits, "-" for null. */
export function formatStatistic(value: number | null): string {
  if (value === null) return '-';
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e6) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

function formatRows(features: readonly FeatureDrift[]): string[] {
  const adjusted = features.some((line) => line.adjustedPValue !== undefined);
  const headers = adjusted ? [...HEADERS.slice(0, 5), 'adjusted p', ...HEADERS.slice(5)] : HEADERS;
  const rows = features.map((line) => [
    line.name,
    line.kind,
    line.method,
    formatStatistic(line.statistic),
    formatStatistic(line.pValue),
    ...(adjusted ? [formatStatistic(line.adjustedPValue ?? null)] : []),
    String(line.threshold),
    line.drifted ? 'yes' : 'no',
    String(line.referenceCount),
    String(line.currentCount),
    `${(line.missingShare * 100).toFixed(1)}%`,
  ]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  // Text columns (feature, kind, method, drift) are left-aligned, numbers right-aligned.
  const leftAligned = new Set(['feature', 'kind', 'method', 'drift']);
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        leftAligned.has(headers[column]) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();

  return [format(headers), ...rows.map(format)];
}

function formatShare(share: number): string {
  return share.toFixed(2);
}
