import { extname } from 'node:path';
import type { Command } from 'commander';
import { CORRECTIONS, type Correction } from '../detectors/correction';
import { parseDriftMethod } from '../detectors/method-choice';
import { buildDriftReport, DEFAULT_DATASET_THRESHOLD, toReportJson } from '../detectors/report';
import type { DriftMethod, DriftReport, FeatureKind } from '../detectors/types';
import { DriftwatchError } from '../errors';
import { toFeatureSummary } from '../reference/profile-conversion';
import { loadReferenceProfile } from '../reference/profile-file';
import type { ReferenceProfile } from '../reference/profile-schema';
import { buildReferenceProfile, DEFAULT_SAMPLE_SEED, summarizeTable } from '../reference/summarize-table';
import { inferColumnKind, type RecordTable, readRecordFile } from '../sources/file-records';
import { classifyCell } from '../statistics/cell-value';
import type { FeatureSummary } from '../statistics/feature-summary';
import { type CommandIo, processIo } from './command-io';
import { parseListOption, parseNumberOption } from './option-values';
import { formatReportTable } from './report-table';

/** Files, columns, method and sampling options of one `compareFiles` run. */
export interface CompareInput {
  /** Reference: a CSV or NDJSON file, or a reference profile (.json). */
  referencePath: string;
  /** Current data: a CSV or NDJSON file. */
  currentPath: string;
  /** Target column, reported apart. */
  target?: string;
  /** Features to compare; default every column common to both sides except the target. */
  features?: readonly string[];
  /** Method for every feature; chosen per feature when absent. */
  method?: DriftMethod;
  /** Threshold for every feature; needs `method`, because tests and distances differ in scale. */
  threshold?: number;
  datasetThreshold?: number;
  correction?: Correction;
  /** Reservoir capacity per numeric feature and side (default: the profile's, else 100,000). */
  sampleCapacity?: number;
  /** Seed of the reservoir samples (default 1). */
  seed?: number;
}

/**
 * `driftwatch compare`: compares a current file with a reference file or profile and prints the
 * drift report, as a table or (with --json) as the report object. Exits 0 whether or not drift was
 * found, unless --fail-on-drift is given: then dataset drift exits 1. Invalid usage or input throws
 * a DriftwatchError, which `main` turns into exit code 2.
 */
export function registerCompareCommand(program: Command, io: CommandIo = processIo): void {
  program
    .command('compare')
    .description('compare a current CSV/NDJSON file with a reference file or profile and report drift')
    .requiredOption('--reference <file>', 'reference data (.csv, .ndjson, .jsonl) or profile (.json)')
    .requiredOption('--current <file>', 'current data (.csv, .ndjson, .jsonl)')
    .option('--target <column>', 'target column, reported apart from the features')
    .option(
      '--features <names>',
      'comma-separated feature columns (default: all common columns but the target)',
    )
    .option(
      '--method <method>',
      'drift method for every feature: ks, chi-square, psi, jensen-shannon, hellinger, wasserstein',
    )
    .option(
      '--threshold <number>',
      'threshold for every feature (p-value level for tests, distance otherwise); needs --method',
    )
    .option(
      '--dataset-threshold <share>',
      'share of drifted features at which the dataset drifts',
      String(DEFAULT_DATASET_THRESHOLD),
    )
    .option(
      '--correction <name>',
      'p-value correction across features: none, bonferroni, benjamini-hochberg',
      'none',
    )
    .option('--sample-cap <count>', 'raw values kept per numeric feature and side for ks and wasserstein')
    .option('--seed <integer>', 'seed of the sampling past --sample-cap', String(DEFAULT_SAMPLE_SEED))
    .option('--json', 'print the report object as JSON')
    .option('--fail-on-drift', 'exit with code 1 when the dataset drifts')
    .action(async (options: CompareCommandOptions) => {
      const report = await compareFiles(toCompareInput(options));

      io.writeOut(options.json === true ? `${toReportJson(report, 2)}\n` : formatReportTable(report));
      if (options.failOnDrift === true && report.dataset.drifted) io.setExitCode(1);
    });
}

/**
 * Reads both sides, summarizes the chosen columns and builds the drift report.
 *
 * Column kinds come from the profile, or else from both files together (numeric when every
 * non-missing value on both sides is a number). Throws DriftwatchError `INPUT_INVALID` for a
 * feature or target absent from a side, a threshold without a method, or text in a current column
 * that the profile declares numeric. Throws `METHOD_NOT_APPLICABLE` for a method that does not
 * apply to a column's kind, and passes on the errors of the file and profile readers.
 */
export async function compareFiles(input: CompareInput): Promise<DriftReport> {
  if (input.threshold !== undefined && input.method === undefined) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `--threshold ${input.threshold} needs --method: p-value tests and distances use thresholds of different scales; pass --method too`,
    );
  }

  const currentTable = await readRecordFile(input.currentPath);
  const reference = isProfilePath(input.referencePath)
    ? await loadReferenceProfile(input.referencePath)
    : await readRecordFile(input.referencePath);
  const referenceColumns = isProfile(reference) ? Object.keys(reference.features) : reference.columns;
  const target = input.target ?? null;
  const features =
    input.features ?? referenceColumns.filter((c) => c !== target && currentTable.values.has(c));
  if (features.length === 0 && target === null) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${input.referencePath} and ${input.currentPath} have no column in common; compare files with the same columns`,
    );
  }
  const columns = target === null ? [...features] : [...features, target];

  for (const column of columns) {
    const role = column === target ? 'target' : 'feature';
    if (!referenceColumns.includes(column))
      throw absentColumn(role, column, input.referencePath, referenceColumns);
    if (!currentTable.values.has(column))
      throw absentColumn(role, column, input.currentPath, currentTable.columns);
  }

  const kinds = new Map<string, FeatureKind>();
  for (const column of columns) {
    kinds.set(
      column,
      isProfile(reference) ? reference.features[column].kind : inferKind(reference, currentTable, column),
    );
  }
  const profile = isProfile(reference)
    ? reference
    : buildReferenceProfile(reference, { kinds, sampleCapacity: input.sampleCapacity, seed: input.seed });
  if (isProfile(reference)) assertNumericColumns(currentTable, kinds);

  const referenceSummaries = new Map<string, FeatureSummary>();
  for (const column of columns)
    referenceSummaries.set(column, toFeatureSummary(profile.features[column], profile));
  const currentSummaries = summarizeTable(currentTable, {
    kinds,
    reference: referenceSummaries,
    sampleCapacity: input.sampleCapacity ?? profile.sampleCapacity,
    maxDistinctValues: profile.maxDistinctValues,
    seed: input.seed,
    side: 'current',
  });

  return buildDriftReport(referenceSummaries, currentSummaries, {
    features,
    target,
    defaults: { method: input.method, threshold: input.threshold },
    datasetThreshold: input.datasetThreshold,
    correction: input.correction,
  });
}

/** Returns true for a path that names a reference profile (extension .json). */
export function isProfilePath(path: string): boolean {
  return extname(path).toLowerCase() === '.json';
}

/** Raw option values of `compare`, as commander passes them. */
interface CompareCommandOptions {
  reference: string;
  current: string;
  target?: string;
  features?: string;
  method?: string;
  threshold?: string;
  datasetThreshold: string;
  correction: string;
  sampleCap?: string;
  seed: string;
  json?: boolean;
  failOnDrift?: boolean;
}

function toCompareInput(options: CompareCommandOptions): CompareInput {
  const correction = CORRECTIONS.find((name) => name === options.correction);
  if (correction === undefined) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `--correction '${options.correction}' is invalid: use one of ${CORRECTIONS.join(', ')}`,
    );
  }

  return {
    referencePath: options.reference,
    currentPath: options.current,
    target: options.target,
    features: options.features === undefined ? undefined : parseListOption('--features', options.features),
    method: options.method === undefined ? undefined : parseDriftMethod(options.method),
    threshold:
      options.threshold === undefined
        ? undefined
        : parseNumberOption('--threshold', options.threshold, { min: 0 }),
    datasetThreshold: parseNumberOption('--dataset-threshold', options.datasetThreshold, { min: 0, max: 1 }),
    correction,
    sampleCapacity:
      options.sampleCap === undefined
        ? undefined
        : parseNumberOption('--sample-cap', options.sampleCap, { min: 1, integer: true }),
    seed: parseNumberOption('--seed', options.seed, { integer: true }),
  };
}

function isProfile(reference: ReferenceProfile | RecordTable): reference is ReferenceProfile {
  return 'version' in reference;
}

function inferKind(reference: RecordTable, current: RecordTable, column: string): FeatureKind {
  return inferColumnKind(reference.values.get(column) ?? [], current.values.get(column) ?? []);
}

function absentColumn(
  role: string,
  column: string,
  file: string,
  available: readonly string[],
): DriftwatchError {
  return new DriftwatchError(
    'INPUT_INVALID',
    `${role} '${column}' is not a column of ${file}; choose among: ${available.join(', ')}`,
    { context: { file, feature: column } },
  );
}

/**
 * Rejects text in a column that the profile declares numeric, because the profile has no
 * categorical summary to compare it with. The error points at the first such cell.
 */
function assertNumericColumns(table: RecordTable, kinds: ReadonlyMap<string, FeatureKind>): void {
  for (const [column, kind] of kinds) {
    if (kind !== 'numeric') continue;

    const values = table.values.get(column) ?? [];
    const row = values.findIndex((raw) => classifyCell(raw).type === 'text');
    if (row === -1) continue;
    const line = table.lineNumbers[row];
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${table.file} line ${line}: column '${column}' is numeric in the reference profile but has the value ${JSON.stringify(values[row])}; fix the value, or compare against the reference data file so both sides decide the kind`,
      { context: { file: table.file, line, feature: column } },
    );
  }
}
