import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerNormalizeCommand, runNormalize } from '../../src/cli/normalize';
import { isDriftwatchError } from '../../src/errors';
import { saveReferenceProfile } from '../../src/reference/profile-file';
import { buildReferenceProfile } from '../../src/reference/summarize-table';
import { readRecordFile } from '../../src/sources/file-records';
import { createSeededRandom } from '../../src/statistics/random';

const EPSILON = 1e-5;

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'driftwatch-normalize-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes a CSV file and returns its path. */
async function writeCsv(name: string, header: string[], rows: unknown[][]): Promise<string> {
  const path = join(directory, name);
  const lines = [header.join(','), ...rows.map((row) => row.join(','))];
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** Runs `driftwatch normalize` through commander and returns what it printed. */
async function runCommand(args: string[]): Promise<string> {
  let printed = '';
  const program = new Command('driftwatch').exitOverride();
  registerNormalizeCommand(program, {
    writeOut: (text) => {
      printed += text;
    },
    setExitCode: () => undefined,
  });
  await program.parseAsync(['normalize', ...args], { from: 'user' });
  return printed;
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('normalize command', () => {
  it('adds a normalized column to CSV in reference mode', async () => {
    // Reference temp values 10, 20, 30: mean 20, population variance 200/3.
    const reference = await writeCsv(
      'reference.csv',
      ['temp', 'city'],
      [
        [10, 'a'],
        [20, 'b'],
        [30, 'c'],
      ],
    );
    const input = await writeCsv(
      'input.csv',
      ['city', 'temp'],
      [
        ['"Oslo, NO"', 25],
        ['Bergen', ''],
        ['Rome', 'hot'],
      ],
    );
    const out = join(directory, 'out.csv');

    const printed = await runCommand([
      '--reference',
      reference,
      '--input',
      input,
      '--out',
      out,
      '--mode',
      'reference',
      '--affine',
      'standard',
    ]);

    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('city,temp,temp_normalized');
    const expected = 5 / Math.sqrt(200 / 3 + EPSILON);
    expect(lines[1].startsWith('"Oslo, NO",25,')).toBe(true);
    expect(Number(lines[1].split(',').at(-1))).toBeCloseTo(expected, 12);
    expect(lines[2]).toBe('Bergen,,');
    expect(lines[3]).toBe('Rome,hot,');
    expect(printed).toContain('normalized 3 records in 1 window into');
    expect(printed).toContain('temp: reference, now reference');
    expect(printed).toContain('2 missing (1 invalid)');
  });

  it('keeps NDJSON fields and writes null for missing values', async () => {
    const reference = join(directory, 'reference.ndjson');
    await writeFile(reference, '{"x":1}\n{"x":3}\n');
    const input = join(directory, 'input.ndjson');
    await writeFile(input, '{"id":1,"x":2,"tags":["a"]}\n{"id":2,"x":null}\n{"id":3}\n');
    const out = join(directory, 'out.ndjson');

    await runCommand([
      '-r',
      reference,
      '-i',
      input,
      '-o',
      out,
      '--mode',
      'reference',
      '--affine',
      'reference',
    ]);

    const records = (await readFile(out, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toEqual([
      { id: 1, x: 2, tags: ['a'], x_normalized: expect.closeTo(2, 4) },
      { id: 2, x: null, x_normalized: null },
      { id: 3, x_normalized: null },
    ]);
  });

  it('normalizes in tumbling windows', async () => {
    const reference = await writeCsv('reference.csv', ['v'], [[0], [1]]);
    const input = await writeCsv('input.csv', ['v'], [[1], [3], [10], [30], [7]]);
    const out = join(directory, 'out.csv');

    const summary = await runNormalize({
      reference,
      input,
      out,
      mode: 'window',
      windowSize: 2,
      affine: 'standard',
    });

    const values = (await readFile(out, 'utf8'))
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    // Windows [1, 3] and [10, 30] use their own statistics. The window [7] keeps those of [10, 30].
    expect(Number(values[0])).toBeCloseTo(-1 / Math.sqrt(1 + EPSILON), 12);
    expect(Number(values[2])).toBeCloseTo(-10 / Math.sqrt(100 + EPSILON), 12);
    expect(Number(values[4])).toBeCloseTo(-13 / Math.sqrt(100 + EPSILON), 12);
    expect(summary.windowCount).toBe(3);
    expect(summary.state.features[0].skippedWindows).toBe(1);
  });

  it('switches a shifted feature in adaptive mode', async () => {
    const random = createSeededRandom(5);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const referenceRows = Array.from({ length: 2000 }, () => [50 + 10 * normal(), 5 + normal()]);
    const reference = await writeCsv('reference.csv', ['temp', 'wind'], referenceRows);
    // Window 0 looks like the reference; windows 1 and 2 have temp shifted to 3x − 20.
    const inputRows = Array.from({ length: 1500 }, (_, row) => {
      const temp = 50 + 10 * normal();
      return [row < 500 ? temp : 3 * temp - 20, 5 + normal()];
    });
    const input = await writeCsv('input.csv', ['temp', 'wind'], inputRows);
    const out = join(directory, 'out.csv');

    const summary = await runNormalize({
      reference,
      input,
      out,
      mode: 'adaptive',
      windowSize: 500,
      affine: 'reference',
    });

    expect(summary.events.map((event) => [event.feature, event.from, event.to, event.windowIndex])).toEqual([
      ['temp', 'reference', 'adapted', 1],
    ]);
    const shifted = (await readFile(out, 'utf8'))
      .trimEnd()
      .split('\n')
      .slice(1001)
      .map((line) => Number(line.split(',')[2]));
    const mean = shifted.reduce((sum, value) => sum + value, 0) / shifted.length;
    expect(Math.abs(mean - 50)).toBeLessThan(1.5);
  });

  it('reads a reference profile like the data file it was built from', async () => {
    const referenceCsv = await writeCsv('reference.csv', ['v'], [[1], [2], [4], [8]]);
    const table = await readRecordFile(referenceCsv);
    const profilePath = join(directory, 'reference.json');
    await saveReferenceProfile(
      profilePath,
      buildReferenceProfile(table, { kinds: new Map([['v', 'numeric']]) }),
    );
    const input = await writeCsv('input.csv', ['v'], [[3], [5]]);

    await runNormalize({
      reference: referenceCsv,
      input,
      out: join(directory, 'a.csv'),
      mode: 'running',
      windowSize: 10,
      affine: 'standard',
    });
    await runNormalize({
      reference: profilePath,
      input,
      out: join(directory, 'b.csv'),
      mode: 'running',
      windowSize: 10,
      affine: 'standard',
    });

    expect(await readFile(join(directory, 'b.csv'), 'utf8')).toBe(
      await readFile(join(directory, 'a.csv'), 'utf8'),
    );
  });

  it('rejects bad feature lists and output paths', async () => {
    const reference = await writeCsv(
      'reference.csv',
      ['v', 'label'],
      [
        [1, 'a'],
        [2, 'b'],
      ],
    );
    const input = await writeCsv('input.csv', ['v', 'label', 'v_normalized'], [[1, 'a', 0]]);
    const base = {
      reference,
      input,
      out: join(directory, 'out.csv'),
      mode: 'window' as const,
      windowSize: 10,
      affine: 'standard' as const,
    };

    // Each run starts only when its turn comes, so no rejection is left unhandled meanwhile.
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => runNormalize({ ...base, out: input }), 'is the input file'],
      [
        () => runNormalize({ ...base, features: ['label'] }),
        '--features label: not a numeric feature of the reference',
      ],
      [() => runNormalize({ ...base, features: ['v'] }), "already has a column 'v_normalized'"],
    ];
    for (const [run, message] of cases) {
      const error = await captureError(run());
      expect(isDriftwatchError(error, 'INPUT_INVALID')).toBe(true);
      expect((error as Error).message).toContain(message);
    }
  });

  it('rejects an invalid window size', async () => {
    const error = await captureError(
      runCommand(['-r', 'r.csv', '-i', 'i.csv', '-o', 'o.csv', '--window-size', '0']),
    );

    expect(isDriftwatchError(error, 'INPUT_INVALID')).toBe(true);
    expect((error as Error).message).toContain("--window-size '0' is invalid");
  });
});

describe('normalize command output path', () => {
  it('rejects an output format other than the input format', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'driftwatch-normalize-format-'));
    const input = join(folder, 'input.csv');
    await writeFile(input, 'v\n1\n2\n3\n');

    const error = await captureError(
      runNormalize({
        reference: input,
        input,
        out: join(folder, 'out.ndjson'),
        mode: 'window',
        windowSize: 10,
        affine: 'standard',
      }),
    );

    expect(isDriftwatchError(error, 'INPUT_INVALID')).toBe(true);
    expect((error as Error).message).toContain('use a path ending in .csv');
  });
});
