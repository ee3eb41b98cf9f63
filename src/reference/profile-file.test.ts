import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriftwatchError } from '../errors';
import type { RecordTable } from '../sources/file-records';
import { toFeatureSummary } from './profile-conversion';
import { loadReferenceProfile, parseReferenceProfile, saveReferenceProfile } from './profile-file';
import type { ReferenceProfile } from './profile-schema';
import { buildReferenceProfile } from './summarize-table';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'driftwatch-profile-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function tableOf(columns: Record<string, unknown[]>): RecordTable {
  const names = Object.keys(columns);
  const rowCount = columns[names[0]].length;
  return {
    file: 'reference.csv',
    format: 'csv',
    columns: names,
    rowCount,
    values: new Map(Object.entries(columns)),
    lineNumbers: Array.from({ length: rowCount }, (_, index) => index + 2),
  };
}

function sampleProfile(sampleCapacity = 100): ReferenceProfile {
  const table = tableOf({
    temp: ['1.5', '2', '', '1e9', 'inf', '-3', '2', '7', '8', '9'],
    sky: ['sun', 'rain', 'sun', '', 'fog', 'sun', 'rain', 'sun', 'NaN', 'snow'],
    empty: ['', '', '', '', '', '', '', '', '', ''],
  });
  return buildReferenceProfile(table, {
    kinds: new Map([
      ['temp', 'numeric'],
      ['sky', 'categorical'],
      ['empty', 'numeric'],
    ]),
    sampleCapacity,
  });
}

function parseError(profile: unknown): DriftwatchError {
  try {
    parseReferenceProfile(JSON.stringify(profile), 'ref.json');
  } catch (error) {
    if (error instanceof DriftwatchError) return error;
    throw error;
  }
  throw new Error('the profile was accepted');
}

describe('reference profile file', () => {
  it('round-trips through save and load', async () => {
    const profile = sampleProfile();
    const path = join(directory, 'round-trip.json');
    await saveReferenceProfile(path, profile);

    expect(await loadReferenceProfile(path)).toEqual(profile);
  });

  it('stores the reference statistics', () => {
    const profile = sampleProfile(4);
    const temp = profile.features.temp;
    const sky = profile.features.sky;

    expect(temp.kind).toBe('numeric');
    if (temp.kind !== 'numeric') return;
    expect(temp.count).toBe(8);
    expect(temp.missingCount).toBe(1);
    expect(temp.invalidCount).toBe(1);
    expect(temp.moments.min).toBe(-3);
    expect(temp.moments.max).toBe(1e9);
    expect(temp.bins.counts.reduce((sum, count) => sum + count, 0)).toBe(8);
    expect(temp.sample).toMatchObject({ complete: false, seenCount: 8 });
    expect(temp.sample.values).toHaveLength(4);
    expect(temp.valueCounts).toContainEqual([2, 2]);
    expect(sky).toEqual({
      kind: 'categorical',
      count: 8,
      missingCount: 2,
      categories: { sun: 4, rain: 2, fog: 1, snow: 1 },
    });
  });

  it('keeps an empty numeric feature valid', () => {
    const profile = sampleProfile();

    expect(profile.features.empty).toMatchObject({
      count: 0,
      moments: { mean: null, min: null, max: null },
      bins: { edges: [], counts: [0], proportions: [0] },
    });
    expect(parseReferenceProfile(JSON.stringify(profile), 'ref.json')).toEqual(profile);
  });

  it('reads back summaries with equal statistics', () => {
    const profile = sampleProfile();
    const summary = toFeatureSummary(profile.features.temp, profile);

    expect(summary.kind).toBe('numeric');
    if (summary.kind !== 'numeric') return;
    expect(summary.moments.pivot + summary.moments.shiftedMean).toBe(
      profile.features.temp.kind === 'numeric' ? profile.features.temp.moments.mean : NaN,
    );
  });

  it('rejects invalid JSON', () => {
    expect(() => parseReferenceProfile('{"version": 1,', 'ref.json')).toThrow(
      /^ref\.json: reference profile is not valid JSON .*; rebuild the profile with `driftwatch profile/,
    );
  });

  it('rejects another version', () => {
    const error = parseError({ ...sampleProfile(), version: 2 });

    expect(error.code).toBe('REFERENCE_INVALID');
    expect(error.message).toContain('key version is 2 but this driftwatch reads profile version 1');
    expect(parseError({ features: {} }).message).toContain('key version is missing');
  });

  it('names the key path of a schema error', () => {
    const profile = sampleProfile() as unknown as { features: { temp: { bins: { counts: unknown[] } } } };
    profile.features.temp.bins.counts[1] = -4;
    const error = parseError(profile);

    expect(error.code).toBe('REFERENCE_INVALID');
    expect(error.message).toContain(
      'ref.json: reference profile key features.temp.bins.counts[1] is invalid',
    );
    expect(error.context.path).toBe('features.temp.bins.counts[1]');
  });

  it('quotes keys that are not identifiers', () => {
    const profile = sampleProfile();
    const feature = profile.features.sky;
    profile.features = { 'sky cover': { ...feature, count: 99 } };

    expect(parseError(profile).message).toContain(
      'key features["sky cover"].categories add up to 8 but count is 99',
    );
  });

  it('rejects counts that disagree', () => {
    const profile = sampleProfile();
    const temp = profile.features.temp;
    if (temp.kind !== 'numeric') throw new Error('temp must be numeric');

    expect(parseError({ ...profile, features: { temp: { ...temp, count: 9 } } }).message).toContain(
      'key features.temp.bins.counts add up to 8 but count is 9',
    );
    expect(
      parseError({ ...profile, features: { temp: { ...temp, sample: { ...temp.sample, values: [1] } } } })
        .message,
    ).toContain('key features.temp.sample.values has 1 values but needs 8');
    expect(
      parseError({ ...profile, features: { temp: { ...temp, bins: { ...temp.bins, edges: [2, 1] } } } })
        .message,
    ).toContain('key features.temp.bins.edges[1] is 1, but edges must be strictly ascending');
  });

  it('rejects unknown keys', () => {
    expect(parseError({ ...sampleProfile(), extra: true }).message).toContain('Unrecognized key: "extra"');
  });

  it('reports a missing file', async () => {
    await expect(loadReferenceProfile(join(directory, 'absent.json'))).rejects.toMatchObject({
      code: 'INPUT_NOT_FOUND',
    });
  });

  it('reads a hand-written file', async () => {
    const path = join(directory, 'hand.json');
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        source: 'x.csv',
        rowCount: 2,
        sampleCapacity: 10,
        maxDistinctValues: 10,
        features: { c: { kind: 'categorical', count: 2, missingCount: 0, categories: { a: 2 } } },
      }),
    );

    expect((await loadReferenceProfile(path)).features.c).toEqual({
      kind: 'categorical',
      count: 2,
      missingCount: 0,
      categories: { a: 2 },
    });
  });
});

describe('saveReferenceProfile errors', () => {
  it('names the path and the fix when the folder is missing', async () => {
    const profile = { version: 1 } as unknown as Parameters<typeof saveReferenceProfile>[1];

    await expect(saveReferenceProfile('/nonexistent-folder/profile.json', profile)).rejects.toThrow(
      'cannot write the profile to /nonexistent-folder/profile.json: ENOENT; check that the folder exists and is writable',
    );
  });
});
