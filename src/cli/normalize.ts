import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { buildDriftReport } from '../detectors/report';
import { DriftwatchError } from '../errors';
import {
  createRecordNormalizer,
  DEFAULT_EPSILON,
  DEFAULT_MOMENTUM,
  type FeatureNormalizationConfig,
  NORMALIZATION_MODES,
  type NormalizationMode,
  type RecordNormalizerState,
  type ReferenceStatistics,
  type SwitchEvent,
} from '../normalization';
import { toFeatureSummary } from '../reference/profile-conversion';
import { loadReferenceProfile } from '../reference/profile-file';
import type { ReferenceProfile } from '../reference/profile-schema';
import { buildReferenceProfile, summarizeTable } from '../reference/summarize-table';
import { NORMALIZED_SUFFIX } from '../sinks/output-json';
import {
  detectRecordFormat,
  inferColumnKind,
  type RecordTable,
  readRecordFile,
} from '../sources/file-records';
import type { FeatureSummary } from '../statistics/feature-summary';
import { type CommandIo, processIo } from './command-io';
import { isProfilePath } from './compare';
import { parseListOption, parseNumberOption } from './option-values';

/** Records per tumbling window when `--window-size` is not given. */
export const DEFAULT_WINDOW_SIZE = 1000;

/** Settings of one `normalize` run, after the command line is parsed. */
export interface NormalizeRunOptions {
  /** Reference profile (`.json`) or reference data file (`.csv`, `.ndjson`, `.jsonl`). */
  reference: string;
  /** CSV or NDJSON file to renormalize. */
  input: string;
  /** Output file, written in the input's format. */
  out: string;
  mode: NormalizationMode;
  /** Records per tumbling window, >= 1. */
  windowSize: number;
  momentum?: number;
  epsilon?: number;
  affine: 'standard' | 'reference';
  /** Features to normalize; every numeric reference feature the input has when absent. */
  features?: string[];
}

/** Counts of a finished `normalize` run. */
export interface NormalizeRunSummary {
  recordCount: number;
  windowCount: number;
  features: string[];
  events: SwitchEvent[];
  state: RecordNormalizerState;
}

/**
 * Registers `driftwatch normalize`: renormalizes a CSV or NDJSON file offline, in tumbling windows,
 * with the record normalizer the service uses. The output file keeps every input field and adds
 * `<feature>_normalized` per normalized feature. A summary of the run goes to `io`.
 */
export function registerNormalizeCommand(program: Command, io: CommandIo = processIo): void {
  program
    .command('normalize')
    .description('renormalize the numeric features of a CSV or NDJSON file in tumbling windows')
    .requiredOption(
      '-r, --reference <file>',
      'reference profile (.json) or reference data file (.csv, .ndjson)',
    )
    .requiredOption('-i, --input <file>', 'CSV or NDJSON file to renormalize')
    .requiredOption('-o, --out <file>', 'output file, in the format of the input')
    .addOption(
      new Option('--mode <mode>', 'where the normalizing statistics come from')
        .choices(NORMALIZATION_MODES)
        .default('adaptive'),
    )
    .option('--window-size <records>', 'records per tumbling window', String(DEFAULT_WINDOW_SIZE))
    .option(
      '--momentum <value>',
      `weight of each window in running statistics, in (0, 1] (default ${DEFAULT_MOMENTUM})`,
    )
    .option('--epsilon <value>', `added to the variance, > 0 (default ${DEFAULT_EPSILON})`)
    .addOption(
      new Option(
        '--affine <choice>',
        'standard: mean 0 and variance 1; reference: the reference mean and spread',
      )
        .choices(['standard', 'reference'])
        // The service's default, so that an offline run reproduces what the service emitted.
        .default('reference'),
    )
    .option(
      '--features <names>',
      'comma-separated features to normalize (default: every numeric reference feature)',
    )
    .action(async (options: Record<string, string | undefined>) => {
      const summary = await runNormalize({
        reference: options.reference ?? '',
        input: options.input ?? '',
        out: options.out ?? '',
        mode: options.mode as NormalizationMode,
        windowSize: parseNumberOption('--window-size', options.windowSize ?? '', { min: 2, integer: true }),
        momentum:
          options.momentum === undefined ? undefined : parseNumberOption('--momentum', options.momentum),
        epsilon: options.epsilon === undefined ? undefined : parseNumberOption('--epsilon', options.epsilon),
        affine: options.affine === 'standard' ? 'standard' : 'reference',
        features:
          options.features === undefined ? undefined : parseListOption('--features', options.features),
      });
      io.writeOut(formatSummary(summary, options.out ?? ''));
    });
}

/**
 * Renormalizes `options.input` into `options.out` and returns the counts. Windows are tumbling:
 * records 0..N−1, N..2N−1, and so on, the last one possibly shorter. In mode `adaptive` each
 * window's verdicts come from a drift report of that window against the reference, with each
 * feature's default method and threshold.
 *
 * Throws DriftwatchError `INPUT_INVALID` when the output path is the input path, a requested
 * feature is not a numeric reference feature or not an input column, no feature is left to
 * normalize, or an output field name is already an input column. Throws `REFERENCE_INVALID` when a
 * feature has no reference values. The file readers and the normalizer settings add their own errors.
 */
export async function runNormalize(options: NormalizeRunOptions): Promise<NormalizeRunSummary> {
  if (resolve(options.out) === resolve(options.input)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `--out ${options.out} is the input file; write to another path`,
      {
        context: { file: options.out },
      },
    );
  }

  const inputFormat = detectRecordFormat(options.input);
  const outputFormat = detectRecordFormat(options.out);
  if (inputFormat !== null && outputFormat !== inputFormat) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `--out ${options.out}: the output is written in the input's format (${inputFormat}); use a path ending in ${inputFormat === 'csv' ? '.csv' : '.ndjson or .jsonl'}`,
      { context: { file: options.out } },
    );
  }

  const profile = await loadReference(options.reference);
  const table = await readRecordFile(options.input);
  const features = chooseFeatures(profile, table, options);
  const normalizer = createRecordNormalizer({
    features: features.map((name) => toFeatureConfig(name, profile, options)),
  });
  const referenceSummaries = new Map<string, FeatureSummary>(
    features.map((name) => [name, toFeatureSummary(profile.features[name], profile)]),
  );
  const header = formatHeader(table, features);

  const output = await openOutput(options.out);
  const events: SwitchEvent[] = [];
  let windowCount = 0;
  try {
    await output.write(header);
    for (let start = 0; start < table.rowCount; start += options.windowSize) {
      const end = Math.min(start + options.windowSize, table.rowCount);
      const verdicts =
        options.mode === 'adaptive'
          ? computeVerdicts(table, start, end, features, referenceSummaries)
          : undefined;
      const records = collectRecords(table, start, end, features);
      const result = normalizer.normalizeWindow(records, verdicts);

      events.push(...result.events);
      windowCount += 1;
      await output.write(formatRows(table, start, result.records, features));
    }
  } finally {
    await output.close();
  }

  return { recordCount: table.rowCount, windowCount, features, events, state: normalizer.state() };
}

/** Loads a reference profile (`.json`), or builds one from a reference data file as `compare` does. */
async function loadReference(path: string): Promise<ReferenceProfile> {
  if (isProfilePath(path)) {
    return loadReferenceProfile(path);
  }

  const table = await readRecordFile(path);
  const kinds = new Map(
    table.columns.map((column) => [column, inferColumnKind(table.values.get(column) ?? [])]),
  );
  return buildReferenceProfile(table, { kinds });
}

function chooseFeatures(
  profile: ReferenceProfile,
  table: RecordTable,
  options: NormalizeRunOptions,
): string[] {
  const numeric = Object.keys(profile.features).filter((name) => profile.features[name].kind === 'numeric');
  if (options.features === undefined) {
    const features = numeric.filter((name) => table.columns.includes(name));
    if (features.length === 0) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `${options.input} has none of the reference's numeric features (${numeric.join(', ') || 'none'}); ` +
          'check that the input and the reference describe the same data',
        { context: { file: options.input } },
      );
    }
    return features;
  }

  for (const name of options.features) {
    if (!numeric.includes(name)) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `--features ${name}: not a numeric feature of the reference; use one of ${numeric.join(', ') || '(none)'}`,
        { context: { feature: name } },
      );
    }
    if (!table.columns.includes(name)) {
      throw new DriftwatchError('INPUT_INVALID', `--features ${name}: no such column in ${options.input}`, {
        context: { feature: name, file: options.input },
      });
    }
  }
  return options.features;
}

function toFeatureConfig(
  name: string,
  profile: ReferenceProfile,
  options: NormalizeRunOptions,
): FeatureNormalizationConfig {
  return {
    name,
    mode: options.mode,
    reference: toReferenceStatistics(name, profile),
    affine: options.affine,
    momentum: options.momentum,
    epsilon: options.epsilon,
  };
}

/** Reference mean and population variance (M2 / n, ddof 0) of a numeric profile feature. */
function toReferenceStatistics(name: string, profile: ReferenceProfile): ReferenceStatistics {
  const feature = profile.features[name];
  if (feature.kind !== 'numeric' || feature.moments.mean === null || feature.count === 0) {
    throw new DriftwatchError(
      'REFERENCE_INVALID',
      `reference feature '${name}' has no finite values, so it has no mean or variance to normalize with; ` +
        'leave it out with --features',
      { context: { feature: name } },
    );
  }

  return {
    mean: feature.moments.mean,
    variance: feature.moments.sumSquaredDeviations / feature.count,
    count: feature.count,
  };
}

/** Drift verdict of each feature for records [start, end), against the reference summaries. */
function computeVerdicts(
  table: RecordTable,
  start: number,
  end: number,
  features: string[],
  referenceSummaries: ReadonlyMap<string, FeatureSummary>,
): Map<string, boolean> {
  const window: RecordTable = {
    ...table,
    rowCount: end - start,
    values: new Map(features.map((name) => [name, (table.values.get(name) ?? []).slice(start, end)])),
    lineNumbers: table.lineNumbers.slice(start, end),
  };
  const current = summarizeTable(window, {
    kinds: new Map(features.map((name) => [name, 'numeric' as const])),
    reference: referenceSummaries,
    side: 'current',
  });
  const report = buildDriftReport(referenceSummaries, current, { features });

  return new Map(report.features.map((line) => [line.name, line.drifted]));
}

function collectRecords(table: RecordTable, start: number, end: number, features: string[]) {
  const records: Array<Record<string, unknown>> = [];
  for (let row = start; row < end; row += 1) {
    records.push(Object.fromEntries(features.map((name) => [name, table.values.get(name)?.[row]])));
  }
  return records;
}

function formatHeader(table: RecordTable, features: string[]): string {
  const added = features.map((name) => `${name}${NORMALIZED_SUFFIX}`);
  const clash = added.find((name) => table.columns.includes(name));
  if (clash !== undefined) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${table.file} already has a column '${clash}', the output name of a normalized feature; rename that column`,
      { context: { file: table.file } },
    );
  }

  return table.format === 'csv' ? `${[...table.columns, ...added].map(toCsvCell).join(',')}\n` : '';
}

/**
 * Formats records of the input, starting at row `start`, with their normalized fields. CSV keeps
 * the input cells and writes a missing normalized value as an empty cell. NDJSON writes each object
 * with its keys in the input's order of first appearance and a missing normalized value as null.
 */
function formatRows(
  table: RecordTable,
  start: number,
  normalized: Array<Record<string, number | null>>,
  features: string[],
): string {
  const lines = normalized.map((values, offset) => {
    const row = start + offset;
    if (table.format === 'csv') {
      const cells = table.columns.map((column) => toCsvCell(table.values.get(column)?.[row]));
      const added = features.map((name) => {
        const value = values[name];
        return value === null ? '' : String(value);
      });
      return [...cells, ...added].join(',');
    }

    const record: Record<string, unknown> = {};
    for (const column of table.columns) {
      const value = table.values.get(column)?.[row];
      if (value !== undefined) {
        record[column] = value;
      }
    }
    for (const name of features) {
      record[`${name}${NORMALIZED_SUFFIX}`] = values[name];
    }
    return JSON.stringify(record);
  });

  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Quotes a CSV cell when it contains a comma, a quote, a line break or edge spaces (RFC 4180). */
function toCsvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatSummary(summary: NormalizeRunSummary, out: string): string {
  const lines = [
    `normalized ${plural(summary.recordCount, 'record')} in ${plural(summary.windowCount, 'window')} into ${out}`,
    `statistics version ${summary.state.statsVersion}`,
  ];
  for (const event of summary.events) {
    lines.push(
      `switch ${event.feature}: ${event.from} -> ${event.to} at window ${event.windowIndex} ` +
        `(mean ${event.previous.mean} -> ${event.next.mean}, variance ${event.previous.variance} -> ${event.next.variance})`,
    );
  }
  for (const feature of summary.state.features) {
    lines.push(
      `${feature.name}: ${feature.mode}, now ${feature.source} (mean ${feature.mean}, variance ${feature.variance}), ` +
        `${plural(feature.switchCount, 'switch', 'switches')}, ${plural(feature.skippedWindows, 'skipped window')}, ` +
        `${feature.missingCount} missing (${feature.invalidCount} invalid)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A file written chunk by chunk; `write` waits when the stream's buffer is full. */
interface OutputFile {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens `path` for writing. Write errors reject the next `write` or `close`. */
function openOutput(path: string): Promise<OutputFile> {
  const toError = (error: Error) =>
    new DriftwatchError('INPUT_INVALID', `${path}: cannot write the output file: ${error.message}`, {
      context: { file: path },
      cause: error,
    });

  return new Promise((resolveOpen, rejectOpen) => {
    const stream: WriteStream = createWriteStream(path);
    let failure: Error | null = null;
    stream.on('error', (error) => {
      failure = error;
    });
    stream.once('error', (error) => rejectOpen(toError(error)));
    stream.once('open', () => resolveOpen({ write, close }));

    async function write(text: string): Promise<void> {
      if (failure !== null) {
        throw toError(failure);
      }
      if (!stream.write(text)) {
        await new Promise<void>((resolveDrain) => {
          stream.once('drain', resolveDrain);
          stream.once('error', () => resolveDrain());
        });
      }
      if (failure !== null) {
        throw toError(failure);
      }
    }

    function close(): Promise<void> {
      return new Promise((resolveClose, rejectClose) => {
        if (failure !== null) {
          stream.destroy();
          rejectClose(toError(failure));
          return;
        }
        stream.end(() => (failure === null ? resolveClose() : rejectClose(toError(failure))));
      });
    }
  });
}
