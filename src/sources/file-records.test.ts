import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriftwatchError } from '../errors';
import { detectRecordFormat, inferColumnKind, readRecordFile } from './file-records';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'driftwatch-records-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeInput(name: string, text: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

async function readError(path: string): Promise<DriftwatchError> {
  try {
    await readRecordFile(path);
  } catch (error) {
    if (error instanceof DriftwatchError) return error;
    throw error;
  }
  throw new Error(`reading ${path} did not fail`);
}

describe('readRecordFile', () => {
  it('reads CSV columns with line numbers', async () => {
    const path = await writeInput('ok.csv', '\uFEFFcity, temp\nSeattle,12.5\n\n"New\nYork",\n');
    const table = await readRecordFile(path);

    expect(table.format).toBe('csv');
    expect(table.columns).toEqual(['city', 'temp']);
    expect(table.rowCount).toBe(2);
    expect(table.values.get('city')).toEqual(['Seattle', 'New\nYork']);
    expect(table.values.get('temp')).toEqual(['12.5', '']);
    expect(table.lineNumbers).toEqual([2, 5]);
  });

  it('reads NDJSON keys in order of appearance', async () => {
    const path = await writeInput('ok.jsonl', '{"a": 1, "b": "x"}\n\n{"c": null, "a": 2.5}\r\n');
    const table = await readRecordFile(path);

    expect(table.format).toBe('ndjson');
    expect(table.columns).toEqual(['a', 'b', 'c']);
    expect(table.values.get('a')).toEqual([1, 2.5]);
    expect(table.values.get('b')).toEqual(['x', undefined]);
    expect(table.values.get('c')).toEqual([undefined, null]);
    expect(table.lineNumbers).toEqual([1, 3]);
  });

  it('rejects a CSV row with the wrong cell count', async () => {
    const error = await readError(await writeInput('short.csv', 'a,b\n1,2\n3\n'));

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('short.csv line 3: the row has 1 cells but the header has 2');
    expect(error.message).toContain('leave a cell empty for a missing value');
    expect(error.context.line).toBe(3);
  });

  it('rejects unclosed CSV quotes', async () => {
    const error = await readError(await writeInput('quote.csv', 'a,b\n1,"2\n'));

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(/quote\.csv line \d+: invalid CSV: .*Quote Not Closed/);
  });

  it('rejects repeated and empty header names', async () => {
    const repeated = await readError(await writeInput('repeat.csv', 'a,a\n1,2\n'));
    const empty = await readError(await writeInput('blank.csv', 'a,\n1,2\n'));

    expect(repeated.message).toContain("repeat.csv line 1: the header repeats the column 'a'");
    expect(empty.message).toContain('blank.csv line 1: column 2 of the header has an empty name');
  });

  it('rejects invalid JSON with its line', async () => {
    const error = await readError(await writeInput('bad.ndjson', '{"a": 1}\n{"a": }\n'));

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('bad.ndjson line 2: invalid JSON');
    expect(error.context.line).toBe(2);
  });

  it('rejects NDJSON lines that are not objects', async () => {
    const error = await readError(await writeInput('array.ndjson', '[1, 2]\n'));

    expect(error.message).toContain('array.ndjson line 1: expected a JSON object but found an array');
  });

  it('rejects a missing file', async () => {
    const error = await readError(join(directory, 'absent.csv'));

    expect(error.code).toBe('INPUT_NOT_FOUND');
    expect(error.message).toContain('absent.csv: file not found');
  });

  it('rejects empty files and header-only files', async () => {
    const empty = await readError(await writeInput('empty.csv', ''));
    const headerOnly = await readError(await writeInput('header.csv', 'a,b\n'));
    const blankLines = await readError(await writeInput('blank.ndjson', '\n\n'));

    expect(empty.message).toContain('empty.csv: the file is empty');
    expect(headerOnly.message).toContain('header.csv: the file has no records');
    expect(blankLines.message).toContain('blank.ndjson: the file has no records');
  });

  it('rejects unsupported extensions and directories', async () => {
    const extension = await readError(await writeInput('data.txt', 'a\n1\n'));
    await mkdir(join(directory, 'folder.csv'));
    const folder = await readError(join(directory, 'folder.csv'));

    expect(extension.message).toContain("unsupported file extension '.txt'");
    expect(folder.message).toContain('folder.csv is not a regular file');
  });
});

describe('detectRecordFormat', () => {
  it('maps extensions to formats', () => {
    expect(detectRecordFormat('a.CSV')).toBe('csv');
    expect(detectRecordFormat('a.ndjson')).toBe('ndjson');
    expect(detectRecordFormat('a.jsonl')).toBe('ndjson');
    expect(detectRecordFormat('a.json')).toBeNull();
  });
});

describe('inferColumnKind', () => {
  it('is numeric when every value is a number on every side', () => {
    expect(inferColumnKind(['1', '', 'NaN'], [2.5, null, 'inf'])).toBe('numeric');
  });

  it('is categorical when any side has text', () => {
    expect(inferColumnKind(['1', '2'], ['3', 'rain'])).toBe('categorical');
  });

  it('is categorical without any finite number', () => {
    expect(inferColumnKind(['', null], ['inf'])).toBe('categorical');
  });
});
