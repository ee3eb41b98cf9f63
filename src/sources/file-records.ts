import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { FeatureKind } from '../detectors/types';
import { DriftwatchError } from '../errors';
import { classifyCell } from '../statistics/cell-value';

/**
 * Records of a CSV or NDJSON file, column by column. Cell values are raw: strings for CSV, JSON
 * values for NDJSON, and undefined where an NDJSON record lacks a key. Summaries decide what is
 * missing (see statistics/cell-value.ts).
 */
export interface RecordTable {
  /** Path the table was read from, as given. */
  file: string;
  format: RecordFileFormat;
  /** Column names: the CSV header, or NDJSON keys in order of first appearance. */
  columns: string[];
  /** Number of records (data rows). */
  rowCount: number;
  /** Raw values per column, each array of length `rowCount`. */
  values: Map<string, unknown[]>;
  /** 1-based source line of each record (for CSV, the line where the record ends). */
  lineNumbers: number[];
}

/** Record file formats, chosen by extension: `.csv`, or `.ndjson` / `.jsonl`. */
export type RecordFileFormat = 'csv' | 'ndjson';

/**
 * Returns the record format of a path by its extension (case-insensitive), or null when the
 * extension is neither CSV nor NDJSON.
 */
export function detectRecordFormat(path: string): RecordFileFormat | null {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  return null;
}

/**
 * Reads a whole CSV (header line first) or NDJSON (one JSON object per line) file into memory.
 * Blank lines are skipped and a UTF-8 byte order mark is ignored.
 *
 * Throws DriftwatchError `INPUT_NOT_FOUND` when the file does not exist. Throws `INPUT_INVALID`
 * for an unsupported extension, an empty file, a file without records, a CSV header with an empty
 * or repeated name, a CSV row whose cell count differs from the header's, malformed CSV quoting,
 * and an NDJSON line that is not a JSON object. Errors name the file and the line.
 */
export async function readRecordFile(path: string): Promise<RecordTable> {
  const format = detectRecordFormat(path);
  if (format === null) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${path}: unsupported file extension '${extname(path)}': use .csv for CSV or .ndjson / .jsonl for one JSON object per line`,
      { context: { file: path } },
    );
  }

  await assertReadableFile(path);
  const table = format === 'csv' ? await readCsv(path) : await readNdjson(path);
  if (table.rowCount === 0) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${path}: the file has no records; add at least one data row`,
      {
        context: { file: path },
      },
    );
  }

  return table;
}

/**
 * Infers the kind of a column from its raw values on every side given: numeric when it has at
 * least one finite number and every non-missing value is a number (±Infinity counts as a number
 * here: it is invalid input for the numeric feature, counted and reported); otherwise categorical.
 */
export function inferColumnKind(...valueLists: ReadonlyArray<readonly unknown[]>): FeatureKind {
  let finiteCount = 0;
  for (const values of valueLists) {
    for (const raw of values) {
      const cell = classifyCell(raw);
      if (cell.type === 'text') return 'categorical';
      if (cell.type === 'number') finiteCount += 1;
    }
  }

  return finiteCount > 0 ? 'numeric' : 'categorical';
}

async function assertReadableFile(path: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `${path} is not a regular file; pass the path of a data file`,
        {
          context: { file: path },
        },
      );
    }
    size = info.size;
  } catch (error) {
    if (error instanceof DriftwatchError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DriftwatchError('INPUT_NOT_FOUND', `${path}: file not found; check the path`, {
        context: { file: path },
        cause: error,
      });
    }
    throw new DriftwatchError('INPUT_INVALID', `${path}: cannot read the file: ${(error as Error).message}`, {
      context: { file: path },
      cause: error,
    });
  }

  if (size === 0) {
    throw new DriftwatchError('INPUT_INVALID', `${path}: the file is empty; write a header and data rows`, {
      context: { file: path },
    });
  }
}

async function readCsv(path: string): Promise<RecordTable> {
  const parser = createReadStream(path).pipe(
    parseCsv({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let columns: string[] | null = null;
  let columnValues: unknown[][] = [];
  const lineNumbers: number[] = [];

  try {
    for await (const { info, record } of parser as AsyncIterable<{
      info: { lines: number };
      record: string[];
    }>) {
      if (columns === null) {
        columns = validateHeader(path, record);
        columnValues = columns.map(() => []);
        continue;
      }
      if (record.length !== columns.length) {
        throw new DriftwatchError(
          'INPUT_INVALID',
          `${path} line ${info.lines}: the row has ${record.length} cells but the header has ${columns.length}; every row needs one cell per column (leave a cell empty for a missing value)`,
          { context: { file: path, line: info.lines } },
        );
      }
      record.forEach((cell, index) => {
        columnValues[index].push(cell);
      });
      lineNumbers.push(info.lines);
    }
  } catch (error) {
    if (error instanceof DriftwatchError) throw error;
    const parseError = error as Error & { lines?: number };
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${path} line ${parseError.lines ?? '?'}: invalid CSV: ${parseError.message}; fix the quoting of that row`,
      { context: { file: path, line: parseError.lines }, cause: error },
    );
  }

  if (columns === null) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${path}: the file has no header line; add one with the column names`,
      {
        context: { file: path },
      },
    );
  }

  return toTable(path, 'csv', columns, columnValues, lineNumbers);
}

function validateHeader(path: string, header: string[]): string[] {
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name === '') {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `${path} line 1: column ${index + 1} of the header has an empty name; name every column`,
        { context: { file: path, line: 1 } },
      );
    }
    if (seen.has(name)) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `${path} line 1: the header repeats the column '${name}'; column names must be unique`,
        { context: { file: path, line: 1 } },
      );
    }
    seen.add(name);
  });
  return names;
}

async function readNdjson(path: string): Promise<RecordTable> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const records: Record<string, unknown>[] = [];
  const lineNumbers: number[] = [];
  let lineNumber = 0;

  for await (const rawLine of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (line.trim() === '') continue;

    records.push(parseNdjsonLine(path, line, lineNumber));
    lineNumbers.push(lineNumber);
  }

  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const columnValues = columns.map((column) => records.map((record) => record[column]));

  return toTable(path, 'ndjson', columns, columnValues, lineNumbers);
}

function parseNdjsonLine(path: string, line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${path} line ${lineNumber}: invalid JSON (${(error as Error).message}); each line must be one JSON object`,
      { context: { file: path, line: lineNumber }, cause: error },
    );
  }

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const received = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${path} line ${lineNumber}: expected a JSON object but found ${received}; each line must be one object of column values`,
      { context: { file: path, line: lineNumber } },
    );
  }

  return value as Record<string, unknown>;
}

function toTable(
  file: string,
  format: RecordFileFormat,
  columns: string[],
  columnValues: unknown[][],
  lineNumbers: number[],
): RecordTable {
  const values = new Map<string, unknown[]>();
  columns.forEach((column, index) => {
    values.set(column, columnValues[index]);
  });

  return { file, format, columns, rowCount: lineNumbers.length, values, lineNumbers };
}
