import { DriftwatchError } from '../errors';
import { createRecordNormalizer } from './record-normalizer';

const EPSILON = 1e-5;

describe('createRecordNormalizer', () => {
  const features = [
    { name: 'temp', mode: 'adaptive' as const, reference: { mean: 50, variance: 100, count: 500 } },
    { name: 'wind', mode: 'window' as const },
  ];

  it('normalizes each configured feature of each record', () => {
    const normalizer = createRecordNormalizer({ features });
    const result = normalizer.normalizeWindow([
      { temp: 40, wind: '1', city: 'Oslo' },
      { temp: '60', wind: 3, city: 'Bergen' },
    ]);

    expect(result.windowIndex).toBe(0);
    expect(result.records).toHaveLength(2);
    expect(Object.keys(result.records[0]).sort()).toEqual(['temp', 'wind']);
    expect(result.records[0].temp).toBeCloseTo(-10 / Math.sqrt(100 + EPSILON), 12);
    expect(result.records[1].temp).toBeCloseTo(10 / Math.sqrt(100 + EPSILON), 12);
    expect(result.records[0].wind).toBeCloseTo(-1 / Math.sqrt(1 + EPSILON), 12);
    expect(result.statistics.temp).toEqual({ mean: 50, variance: 100, source: 'reference' });
    expect(result.statistics.wind).toEqual({ mean: 2, variance: 1, source: 'window' });
  });

  it('emits null for missing, absent and non-numeric fields', () => {
    const normalizer = createRecordNormalizer({ features });
    const result = normalizer.normalizeWindow([
      { temp: null, wind: 1 },
      { wind: 'calm' },
      { temp: 'NaN', wind: 3 },
      { temp: 55, wind: Number.POSITIVE_INFINITY },
    ]);

    expect(result.records.map((record) => record.temp)).toEqual([
      null,
      null,
      null,
      expect.closeTo(5 / Math.sqrt(100 + EPSILON), 12),
    ]);
    expect(result.records.map((record) => record.wind)).toEqual([
      expect.closeTo(-1 / Math.sqrt(1 + EPSILON), 12),
      null,
      expect.closeTo(1 / Math.sqrt(1 + EPSILON), 12),
      null,
    ]);

    const [temp, wind] = normalizer.state().features;
    expect(temp).toMatchObject({ name: 'temp', missingCount: 3, invalidCount: 0 });
    expect(wind).toMatchObject({ name: 'wind', missingCount: 2, invalidCount: 2 });
  });

  it('passes verdicts to their features and collects events', () => {
    const normalizer = createRecordNormalizer({ features });
    const calm = normalizer.normalizeWindow(
      [
        { temp: 45, wind: 1 },
        { temp: 55, wind: 2 },
      ],
      new Map([['temp', false]]),
    );
    const drifted = normalizer.normalizeWindow(
      [
        { temp: 130, wind: 1 },
        { temp: 170, wind: 2 },
      ],
      new Map([
        ['temp', true],
        ['humidity', true],
      ]),
    );

    expect(calm.events).toEqual([]);
    expect(drifted.events).toEqual([
      {
        feature: 'temp',
        from: 'reference',
        to: 'adapted',
        windowIndex: 1,
        previous: { mean: 50, variance: 100 },
        next: { mean: 150, variance: 800 },
      },
    ]);
    expect(drifted.records[0].temp).toBeCloseTo(-20 / Math.sqrt(800 + EPSILON), 12);
  });

  it('increases statsVersion only when statistics change', () => {
    const normalizer = createRecordNormalizer({
      features: [{ name: 'temp', mode: 'adaptive', reference: { mean: 50, variance: 100 } }],
    });
    const window = [{ temp: 130 }, { temp: 170 }];

    expect(normalizer.normalizeWindow(window, new Map([['temp', false]])).statsVersion).toBe(0);
    expect(normalizer.normalizeWindow(window, new Map([['temp', true]])).statsVersion).toBe(1);
    // Same window again: the running update with an equal estimate leaves the statistics as they are.
    expect(normalizer.normalizeWindow(window, new Map([['temp', true]])).statsVersion).toBe(1);
    expect(
      normalizer.normalizeWindow([{ temp: 100 }, { temp: 120 }], new Map([['temp', true]])).statsVersion,
    ).toBe(2);
    expect(normalizer.normalizeWindow(window, new Map([['temp', false]])).statsVersion).toBe(3);
    expect(normalizer.state()).toMatchObject({ windowCount: 5, statsVersion: 3 });
  });

  it('reproduces a hand-checked adaptive sequence', () => {
    const normalizer = createRecordNormalizer({
      features: [
        { name: 'temp', mode: 'adaptive', reference: { mean: 50, variance: 100 }, affine: 'reference' },
      ],
    });
    const steps: Array<[number[], boolean, number[]]> = [
      [[45, 55], false, [45.0000002, 54.9999998]],
      [[130, 170], true, [42.9289, 57.0711]],
      [[140, 160], true, [46.3239, 53.6761]],
      [[155, 155], true, [51.838, 51.838]],
      [[48, 52], false, [48.0000001, 51.9999999]],
    ];

    const results = steps.map(([values, drifted, outputs]) => {
      const result = normalizer.normalizeWindow(
        values.map((temp) => ({ temp })),
        new Map([['temp', drifted]]),
      );
      outputs.forEach((output, index) => {
        expect(result.records[index].temp).toBeCloseTo(output, 4);
      });
      return result;
    });

    expect(results.map((result) => result.events.map((event) => `${event.from}->${event.to}`))).toEqual([
      [],
      ['reference->adapted'],
      [],
      [],
      ['adapted->reference'],
    ]);
    expect(results[3].skipped).toEqual([{ feature: 'temp', reason: 'zero-variance' }]);
  });

  it('lists skipped features with the reason', () => {
    const normalizer = createRecordNormalizer({ features });
    const result = normalizer.normalizeWindow([{ temp: 130, wind: 4 }], new Map([['temp', true]]));

    expect(result.skipped).toEqual([
      { feature: 'temp', reason: 'too-few-values' },
      { feature: 'wind', reason: 'too-few-values' },
    ]);
    expect(normalizer.state().features[0]).toMatchObject({ skippedWindows: 1, source: 'reference' });
  });

  it('handles an empty window', () => {
    const normalizer = createRecordNormalizer({ features });
    const result = normalizer.normalizeWindow([]);

    expect(result.records).toEqual([]);
    expect(result.windowIndex).toBe(0);
    expect(normalizer.normalizeWindow([{ temp: 1, wind: 1 }]).windowIndex).toBe(1);
  });

  it('treats prototype key names as plain fields', () => {
    const normalizer = createRecordNormalizer({ features: [{ name: '__proto__', mode: 'window' }] });
    // JSON.parse creates `__proto__` as an own field, as a decoded Kafka record would have it.
    const records = [JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": 3}'), {}];
    const result = normalizer.normalizeWindow(records);

    expect(Object.hasOwn(result.records[0], '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(result.records[0], '__proto__')?.value).toBeCloseTo(
      -1 / Math.sqrt(1 + EPSILON),
      12,
    );
    expect(Object.getOwnPropertyDescriptor(result.records[2], '__proto__')?.value).toBeNull();
    expect(Object.hasOwn(result.statistics, '__proto__')).toBe(true);
  });

  it('exposes feature names in configuration order', () => {
    expect(createRecordNormalizer({ features }).featureNames).toEqual(['temp', 'wind']);
  });

  it('rejects an empty feature list and duplicate names', () => {
    expect(() => createRecordNormalizer({ features: [] })).toThrow(DriftwatchError);
    expect(() =>
      createRecordNormalizer({
        features: [
          { name: 'a', mode: 'window' },
          { name: 'a', mode: 'running' },
        ],
      }),
    ).toThrow("Feature 'a' is configured twice");
  });

  it('rejects invalid feature settings', () => {
    expect(() => createRecordNormalizer({ features: [{ name: 'a', mode: 'adaptive' }] })).toThrow(
      "Mode 'adaptive' of feature 'a' needs reference statistics",
    );
  });
});
