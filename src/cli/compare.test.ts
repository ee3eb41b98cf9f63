import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import golden from '../../test/golden/summaries.json';
import { DriftwatchError } from '../errors';
import type { CommandIo } from './command-io';
import { registerCompareCommand } from './compare';
import { registerProfileCommand } from './profile';

const WEATHER = join(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'weather.csv');

let directory: string;
let seattle: string;
let newYork: string;
let newYorkNdjson: string;

interface CliRun {
  output: string;
  exitCode: number | undefined;
}

/** Runs `driftwatch ARGS` in process, through the same register functions `main` uses. */
async function runCli(args: string[]): Promise<CliRun> {
  const run: CliRun = { output: '', exitCode: undefined };
  const io: CommandIo = {
    writeOut: (text) => {
      run.output += text;
    },
    setExitCode: (code) => {
      run.exitCode = code;
    },
  };
  const program = new Command('driftwatch').exitOverride().configureOutput({ writeErr: () => undefined });
  registerCompareCommand(program, io);
  registerProfileCommand(program, io);

  await program.parseAsync(args, { from: 'user' });
  return run;
}

async function cliError(args: string[]): Promise<DriftwatchError> {
  try {
    await runCli(args);
  } catch (error) {
    if (error instanceof DriftwatchError) return error;
    throw error;
  }
  throw new Error(`driftwatch ${args.join(' ')} did not fail`);
}

async function compareJson(args: string[]) {
  return JSON.parse((await runCli(['compare', ...args, '--json'])).output);
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'driftwatch-compare-'));
  const [header, ...rows] = readFileSync(WEATHER, 'utf8').trimEnd().split('\n');
  const byLocation = (location: string) => rows.filter((row) => row.startsWith(`${location},`));

  seattle = join(directory, 'seattle.csv');
  newYork = join(directory, 'new-york.csv');
  newYorkNdjson = join(directory, 'new-york.ndjson');
  await writeFile(seattle, [header, ...byLocation('Seattle')].join('\n'));
  await writeFile(newYork, [header, ...byLocation('New York')].join('\n'));

  const columns = header.split(',');
  const records = byLocation('New York').map((row) => {
    const cells = row.split(',');
    return JSON.stringify(
      Object.fromEntries(
        columns.map((column, index) => [
          column,
          Number.isNaN(Number(cells[index])) ? cells[index] : Number(cells[index]),
        ]),
      ),
    );
  });
  await writeFile(newYorkNdjson, `${records.join('\n')}\n`);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('compare command', () => {
  it('finds temperature drift between Seattle and New York', async () => {
    const report = await compareJson(['--reference', seattle, '--current', newYork]);
    const byName = Object.fromEntries(report.features.map((line: { name: string }) => [line.name, line]));

    expect(Object.keys(report).sort()).toEqual(['dataset', 'features', 'target']);
    expect(report.target).toBeNull();
    expect(report.features.map((line: { name: string }) => line.name)).toEqual([
      'location',
      'date',
      'precipitation',
      'temp_max',
      'temp_min',
      'wind',
      'weather',
    ]);
    expect(byName.temp_max).toMatchObject({
      kind: 'numeric',
      method: 'wasserstein',
      drifted: true,
      pValue: null,
    });
    expect(byName.temp_min).toMatchObject({ method: 'wasserstein', drifted: true });
    expect(byName.date).toMatchObject({
      kind: 'categorical',
      method: 'jensen-shannon',
      drifted: false,
      statistic: 0,
    });
    expect(byName.location).toMatchObject({ method: 'jensen-shannon', drifted: true, statistic: 1 });
    expect(Object.keys(byName.temp_max).sort()).toEqual(
      [
        'name',
        'kind',
        'method',
        'statistic',
        'pValue',
        'threshold',
        'drifted',
        'referenceCount',
        'currentCount',
        'missingShare',
      ].sort(),
    );
    expect(byName.temp_max).toMatchObject({
      threshold: 0.1,
      referenceCount: 1461,
      currentCount: 1461,
      missingShare: 0,
    });
    expect(report.dataset).toEqual({
      drifted: true,
      driftShare: 6 / 7,
      driftedFeatures: 6,
      featureCount: 7,
      threshold: 0.5,
      correction: 'none',
    });
  });

  it('matches scipy on the weather columns', async () => {
    const distances = await compareJson(['--reference', seattle, '--current', newYork]);
    const ks = await compareJson([
      '--reference',
      seattle,
      '--current',
      newYork,
      '--method',
      'ks',
      '--features',
      'precipitation,temp_max,temp_min,wind',
    ]);

    for (const [column, expected] of Object.entries(golden.weather.numeric)) {
      const distance = distances.features.find((line: { name: string }) => line.name === column);
      const test = ks.features.find((line: { name: string }) => line.name === column);

      expect(Math.abs(distance.statistic - expected.wasserstein)).toBeLessThanOrEqual(
        1e-12 * expected.wasserstein,
      );
      expect(Math.abs(test.statistic - expected.ksStatistic)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(test.pValue - expected.ksPValue)).toBeLessThanOrEqual(1e-10 * expected.ksPValue);
    }
    for (const [column, expected] of Object.entries(golden.weather.categorical)) {
      const line = distances.features.find((entry: { name: string }) => entry.name === column);

      expect(Math.abs(line.statistic - expected.jensenShannon)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('prints a table with the verdict first', async () => {
    const { output, exitCode } = await runCli([
      'compare',
      '--reference',
      seattle,
      '--current',
      newYork,
      '--features',
      'temp_max,date',
    ]);
    const lines = output.split('\n');

    expect(lines[0]).toBe('Dataset: DRIFT DETECTED: 1 of 2 features drifted (share 0.50, threshold 0.50)');
    expect(lines[2]).toMatch(
      /^feature\s+kind\s+method\s+statistic\s+p-value\s+threshold\s+drift\s+reference\s+current\s+missing$/,
    );
    expect(lines[3]).toMatch(
      /^temp_max\s+numeric\s+wasserstein\s+0\.3503\s+-\s+0\.1\s+yes\s+1461\s+1461\s+0\.0%$/,
    );
    expect(lines[4]).toMatch(
      /^date\s+categorical\s+jensen-shannon\s+0\s+-\s+0\.1\s+no\s+1461\s+1461\s+0\.0%$/,
    );
    expect(exitCode).toBeUndefined();
  });

  it('exits 1 on drift only with --fail-on-drift', async () => {
    const drift = await runCli(['compare', '--reference', seattle, '--current', newYork, '--fail-on-drift']);
    const calm = await runCli(['compare', '--reference', seattle, '--current', seattle, '--fail-on-drift']);

    expect(drift.exitCode).toBe(1);
    expect(calm.exitCode).toBeUndefined();
    expect(calm.output.split('\n')[0]).toBe(
      'Dataset: no drift: 0 of 7 features drifted (share 0.00, threshold 0.50)',
    );
  });

  it('reports the target apart', async () => {
    const report = await compareJson([
      '--reference',
      seattle,
      '--current',
      newYork,
      '--target',
      'weather',
      '--features',
      'date',
    ]);
    const expected = golden.weather.targetWeatherChiSquare;

    expect(report.target).toMatchObject({
      name: 'weather',
      kind: 'categorical',
      method: 'chi-square',
      drifted: true,
    });
    expect(Math.abs(report.target.statistic - expected.statistic)).toBeLessThanOrEqual(
      1e-12 * expected.statistic,
    );
    expect(Math.abs(report.target.pValue - expected.pValue)).toBeLessThanOrEqual(1e-12 * expected.pValue);
    expect(report.dataset.featureCount).toBe(1);
    expect(report.dataset.drifted).toBe(false);
  });

  it('corrects p-values across features', async () => {
    const report = await compareJson([
      '--reference',
      seattle,
      '--current',
      newYork,
      '--method',
      'ks',
      '--features',
      'temp_max,wind',
      '--correction',
      'bonferroni',
    ]);

    expect(report.dataset.correction).toBe('bonferroni');
    for (const line of report.features) expect(line.adjustedPValue).toBe(Math.min(1, line.pValue * 2));
  });

  it('reads NDJSON like CSV', async () => {
    const fromCsv = await compareJson(['--reference', seattle, '--current', newYork]);
    const fromNdjson = await compareJson(['--reference', seattle, '--current', newYorkNdjson]);

    expect(fromNdjson).toEqual(fromCsv);
  });
});

describe('compare against a profile', () => {
  it('gives the same report as the file', async () => {
    const profilePath = join(directory, 'seattle.json');
    const { output } = await runCli(['profile', '--input', seattle, '--out', profilePath]);

    expect(output).toBe(
      `wrote ${profilePath}: 7 columns (4 numeric, 3 categorical) from 1461 records of ${seattle}\n`,
    );
    for (const extra of [
      [],
      ['--method', 'ks', '--features', 'precipitation,temp_max,temp_min,wind'],
      ['--method', 'psi'],
      ['--method', 'chi-square', '--features', 'precipitation,weather'],
      ['--target', 'wind', '--features', 'temp_max,weather'],
    ]) {
      const fromFile = await compareJson(['--reference', seattle, '--current', newYork, ...extra]);
      const fromProfile = await compareJson(['--reference', profilePath, '--current', newYork, ...extra]);

      expect(fromProfile).toEqual(fromFile);
    }
  });

  it('stores numpy decile bins', async () => {
    const profilePath = join(directory, 'bins.json');
    await runCli(['profile', '--input', seattle, '--out', profilePath]);
    const profile = JSON.parse(await readFile(profilePath, 'utf8'));

    for (const [column, expected] of Object.entries(golden.weather.numeric)) {
      expect(profile.features[column].bins.edges).toEqual(expected.edges);
      expect(profile.features[column].bins.counts).toEqual(expected.referenceBinCounts);
      expect(profile.features[column].sample.complete).toBe(true);
    }
  });

  it('notes a sample past the cap', async () => {
    const profilePath = join(directory, 'capped.json');
    const { output } = await runCli([
      'profile',
      '--input',
      seattle,
      '--out',
      profilePath,
      '--sample-cap',
      '500',
      '--columns',
      'temp_max,weather',
    ]);
    const report = await compareJson([
      '--reference',
      profilePath,
      '--current',
      newYork,
      '--method',
      'ks',
      '--features',
      'temp_max',
    ]);

    expect(output).toContain('2 columns (1 numeric, 1 categorical)');
    expect(output).toContain('1 numeric columns keep a sample of 500 values');
    expect(report.features[0].notes).toEqual([
      'ks ran on a uniform sample of 500 of the 1461 reference values',
      'ks ran on a uniform sample of 500 of the 1461 current values',
    ]);
  });

  it('rejects text in a numeric profile column', async () => {
    const profilePath = join(directory, 'numeric.json');
    await runCli(['profile', '--input', seattle, '--out', profilePath, '--columns', 'wind']);
    const current = join(directory, 'text-wind.csv');
    await writeFile(current, 'wind\n3.5\ncalm\n');
    const error = await cliError(['compare', '--reference', profilePath, '--current', current]);

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(
      `${current} line 3: column 'wind' is numeric in the reference profile but has the value "calm"`,
    );
  });
});

describe('compare errors', () => {
  it('rejects a missing file', async () => {
    const error = await cliError([
      'compare',
      '--reference',
      join(directory, 'absent.csv'),
      '--current',
      newYork,
    ]);

    expect(error.code).toBe('INPUT_NOT_FOUND');
    expect(error.message).toContain('absent.csv: file not found');
  });

  it('rejects a feature absent from a side', async () => {
    const error = await cliError([
      'compare',
      '--reference',
      seattle,
      '--current',
      newYork,
      '--features',
      'temp_max,humidity',
    ]);

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe(
      `feature 'humidity' is not a column of ${seattle}; choose among: location, date, precipitation, temp_max, temp_min, wind, weather`,
    );
  });

  it('rejects an absent target', async () => {
    const error = await cliError([
      'compare',
      '--reference',
      seattle,
      '--current',
      newYork,
      '--target',
      'label',
    ]);

    expect(error.message).toContain(`target 'label' is not a column of ${seattle}`);
  });

  it('rejects a method that does not fit the kind', async () => {
    const error = await cliError([
      'compare',
      '--reference',
      seattle,
      '--current',
      newYork,
      '--method',
      'wasserstein',
      '--features',
      'wind,weather',
    ]);

    expect(error.code).toBe('METHOD_NOT_APPLICABLE');
    expect(error.message).toBe(
      "method wasserstein does not apply to feature 'weather', which is categorical; use one of chi-square, psi, jensen-shannon, hellinger",
    );
  });

  it('rejects a threshold without a method', async () => {
    const error = await cliError([
      'compare',
      '--reference',
      seattle,
      '--current',
      newYork,
      '--threshold',
      '0.2',
    ]);

    expect(error.message).toContain('--threshold 0.2 needs --method');
  });

  it('rejects invalid option values', async () => {
    const base = ['compare', '--reference', seattle, '--current', newYork];

    expect((await cliError([...base, '--method', 'anova'])).message).toContain(
      "unknown drift method 'anova'",
    );
    expect((await cliError([...base, '--correction', 'holm'])).message).toBe(
      "--correction 'holm' is invalid: use one of none, bonferroni, benjamini-hochberg",
    );
    expect((await cliError([...base, '--dataset-threshold', '2'])).message).toBe(
      "--dataset-threshold '2' is invalid: pass a number from 0 to 1",
    );
    expect((await cliError([...base, '--sample-cap', '1.5'])).message).toBe(
      "--sample-cap '1.5' is invalid: pass an integer of at least 1",
    );
  });

  it('names the line of a short CSV row', async () => {
    const current = join(directory, 'short-row.csv');
    await writeFile(current, 'wind,weather\n3.5,rain\n4.1\n');
    const error = await cliError(['compare', '--reference', seattle, '--current', current]);

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(`${current} line 3: the row has 1 cells but the header has 2`);
  });

  it('names the line of invalid NDJSON', async () => {
    const current = join(directory, 'broken.ndjson');
    await writeFile(current, '{"wind": 3.5}\n{"wind": 4.1,}\n');
    const error = await cliError(['compare', '--reference', seattle, '--current', current]);

    expect(error.message).toContain(`${current} line 2: invalid JSON`);
  });

  it('rejects files without common columns', async () => {
    const current = join(directory, 'other.csv');
    await writeFile(current, 'humidity\n0.5\n');
    const error = await cliError(['compare', '--reference', seattle, '--current', current]);

    expect(error.message).toBe(
      `${seattle} and ${current} have no column in common; compare files with the same columns`,
    );
  });

  it('rejects an invalid profile with its key path', async () => {
    const profilePath = join(directory, 'broken.json');
    await writeFile(profilePath, JSON.stringify({ version: 1, source: 'x', rowCount: -1 }));
    const error = await cliError(['compare', '--reference', profilePath, '--current', newYork]);

    expect(error.code).toBe('REFERENCE_INVALID');
    expect(error.message).toContain(`${profilePath}: reference profile key rowCount is invalid`);
  });
});

describe('profile errors', () => {
  it('rejects a column the input lacks', async () => {
    const error = await cliError([
      'profile',
      '--input',
      seattle,
      '--out',
      join(directory, 'x.json'),
      '--columns',
      'wind,humidity',
    ]);

    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe(
      `column 'humidity' is not a column of ${seattle}; choose among: location, date, precipitation, temp_max, temp_min, wind, weather`,
    );
  });

  it('rejects a missing input file', async () => {
    const error = await cliError([
      'profile',
      '--input',
      join(directory, 'absent.ndjson'),
      '--out',
      join(directory, 'y.json'),
    ]);

    expect(error.code).toBe('INPUT_NOT_FOUND');
  });
});
