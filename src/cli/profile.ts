import type { Command } from 'commander';
import type { FeatureKind } from '../detectors/types';
import { DriftwatchError } from '../errors';
import { saveReferenceProfile } from '../reference/profile-file';
import { buildReferenceProfile, DEFAULT_SAMPLE_SEED } from '../reference/summarize-table';
import { inferColumnKind, readRecordFile } from '../sources/file-records';
import { type CommandIo, processIo } from './command-io';
import { parseListOption, parseNumberOption } from './option-values';

/** Input file, output path and sampling options of `profileFile`. */
export interface ProfileInput {
  /** Reference data: a CSV or NDJSON file. */
  inputPath: string;
  /** Path of the profile to write (conventionally .json). */
  outputPath: string;
  /** Columns to profile; default every column. */
  columns?: readonly string[];
  /** Reservoir capacity per numeric column (default 100,000). */
  sampleCapacity?: number;
  /** Seed of the reservoir samples (default 1). */
  seed?: number;
}

/**
 * `driftwatch profile`: summarizes a reference file into a reference profile (JSON, version 1)
 * and prints one line saying what was written. Column kinds come from this file alone. Invalid
 * usage or input throws a DriftwatchError, which `main` turns into exit code 2.
 */
export function registerProfileCommand(program: Command, io: CommandIo = processIo): void {
  program
    .command('profile')
    .description('summarize a reference CSV/NDJSON file into a reference profile for compare and the service')
    .requiredOption('--input <file>', 'reference data (.csv, .ndjson, .jsonl)')
    .requiredOption('--out <file>', 'profile to write (.json)')
    .option('--columns <names>', 'comma-separated columns to profile (default: all)')
    .option('--sample-cap <count>', 'raw values kept per numeric column for ks and wasserstein')
    .option('--seed <integer>', 'seed of the sampling past --sample-cap', String(DEFAULT_SAMPLE_SEED))
    .action(async (options: ProfileCommandOptions) => {
      const summary = await profileFile({
        inputPath: options.input,
        outputPath: options.out,
        columns: options.columns === undefined ? undefined : parseListOption('--columns', options.columns),
        sampleCapacity:
          options.sampleCap === undefined
            ? undefined
            : parseNumberOption('--sample-cap', options.sampleCap, { min: 1, integer: true }),
        seed: parseNumberOption('--seed', options.seed, { integer: true }),
      });

      io.writeOut(`${summary}\n`);
    });
}

/**
 * Builds and writes the profile of a reference file; returns a one-line description of it.
 * Throws DriftwatchError `INPUT_INVALID` for a column that the file lacks, and the errors of the
 * file reader.
 */
export async function profileFile(input: ProfileInput): Promise<string> {
  const table = await readRecordFile(input.inputPath);
  const columns = input.columns ?? table.columns;
  const kinds = new Map<string, FeatureKind>();
  for (const column of columns) {
    const values = table.values.get(column);
    if (values === undefined) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `column '${column}' is not a column of ${input.inputPath}; choose among: ${table.columns.join(', ')}`,
        { context: { file: input.inputPath, feature: column } },
      );
    }
    kinds.set(column, inferColumnKind(values));
  }

  const profile = buildReferenceProfile(table, {
    kinds,
    sampleCapacity: input.sampleCapacity,
    seed: input.seed,
  });
  await saveReferenceProfile(input.outputPath, profile);

  const kindCounts = [...kinds.values()];
  const numericCount = kindCounts.filter((kind) => kind === 'numeric').length;
  const sampledCount = Object.values(profile.features).filter(
    (feature) => feature.kind === 'numeric' && !feature.sample.complete,
  ).length;
  const sampled =
    sampledCount === 0
      ? ''
      : `; ${sampledCount} numeric columns keep a sample of ${profile.sampleCapacity} values`;
  return `wrote ${input.outputPath}: ${kinds.size} columns (${numericCount} numeric, ${kinds.size - numericCount} categorical) from ${table.rowCount} records of ${input.inputPath}${sampled}`;
}

/** Raw option values of `profile`, as commander passes them. */
interface ProfileCommandOptions {
  input: string;
  out: string;
  columns?: string;
  sampleCap?: string;
  seed: string;
}
