import fc from 'fast-check';
import golden from '../../test/golden/summaries.json';
import type { CategoricalSummary } from './categorical-summary';
import {
  addToFeatureSummary,
  countRows,
  countValues,
  type FeatureSummary,
  mergeFeatureSummaries,
  summarizeColumn,
} from './feature-summary';
import { computeBiasedVariance, computeMean, computeUnbiasedVariance } from './moments';
import type { NumericSummary } from './numeric-summary';
import { createSeededRandom } from './random';

const EDGES = [-10, 0, 0.5, 10];

function numericOf(raw: readonly unknown[], options: { capacity?: number; maxDistinct?: number } = {}) {
  return summarizeColumn('numeric', raw, {
    edges: EDGES,
    sampleCapacity: options.capacity ?? 1000,
    maxDistinctValues: options.maxDistinct,
    random: createSeededRandom(1),
  }) as NumericSummary;
}

function relativeError(actual: number | null, expected: number): number {
  if (actual === null) return Infinity;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

const rawNumeric = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -20, max: 20, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, '', 'NaN', Number.NaN) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, 'inf', 'abc') },
);
const rawCategorical = fc.oneof(fc.constantFrom('a', 'b', 'c', ' b ', '', null, 'NaN'), fc.string());

function expectSameNumeric(actual: NumericSummary, expected: NumericSummary): void {
  expect(actual.missingCount).toBe(expected.missingCount);
  expect(actual.invalidCount).toBe(expected.invalidCount);
  expect(actual.binCounts).toEqual(expected.binCounts);
  expect(actual.moments.count).toBe(expected.moments.count);
  expect(actual.moments.min).toBe(expected.moments.min);
  expect(actual.moments.max).toBe(expected.moments.max);
  expect(actual.valueCounts).toEqual(expected.valueCounts);
  // Float64Array sorts numerically with -0 before 0, so equal multisets compare equal.
  expect(Float64Array.from(actual.sample.values).sort()).toEqual(
    Float64Array.from(expected.sample.values).sort(),
  );
  if (expected.moments.count === 0) return;

  // The mean is compared relative to the data's scale: near zero a relative error is meaningless.
  const mean = computeMean(expected.moments) ?? NaN;
  const scale = Math.max(Math.abs(mean), expected.moments.max - expected.moments.min);
  expect(Math.abs((computeMean(actual.moments) ?? NaN) - mean)).toBeLessThanOrEqual(1e-12 * scale + 1e-300);
  const variance = computeBiasedVariance(expected.moments) ?? NaN;
  // The 1e-300 floors absorb rounding of subnormal numbers, which carry no relative precision.
  expect(Math.abs((computeBiasedVariance(actual.moments) ?? NaN) - variance)).toBeLessThanOrEqual(
    1e-12 * variance + 1e-300,
  );
}

describe('numeric summary', () => {
  it.each(golden.datasets.map((dataset) => [dataset.name, dataset] as const))(
    'matches numpy moments: %s',
    (_name, dataset) => {
      const summary = summarizeColumn('numeric', dataset.reference, {
        random: createSeededRandom(1),
      }) as NumericSummary;

      expect(relativeError(computeMean(summary.moments), dataset.mean)).toBeLessThan(1e-12);
      expect(relativeError(computeBiasedVariance(summary.moments), dataset.varianceBiased)).toBeLessThan(
        1e-12,
      );
      if (dataset.varianceUnbiased === null) {
        expect(computeUnbiasedVariance(summary.moments)).toBeNull();
      } else {
        expect(
          relativeError(computeUnbiasedVariance(summary.moments), dataset.varianceUnbiased),
        ).toBeLessThan(1e-12);
      }
      expect(summary.moments.min).toBe(dataset.min);
      expect(summary.moments.max).toBe(dataset.max);
      expect(summary.edges).toEqual(dataset.edges);
      expect(summary.binCounts).toEqual(dataset.referenceBinCounts);
    },
  );

  it('bins current data on reference edges like numpy', () => {
    for (const dataset of golden.datasets) {
      const current = summarizeColumn('numeric', dataset.current, {
        edges: dataset.edges,
        random: createSeededRandom(1),
      }) as NumericSummary;

      expect(current.binCounts).toEqual(dataset.currentBinCounts);
    }
  });

  it('counts missing and invalid values apart', () => {
    const summary = numericOf([
      1,
      null,
      undefined,
      '',
      'NaN',
      ' nan ',
      Number.NaN,
      Infinity,
      '-inf',
      'abc',
      ' 2.5 ',
    ]);

    expect(summary.missingCount).toBe(6);
    expect(summary.invalidCount).toBe(3);
    expect(countValues(summary)).toBe(2);
    expect(countRows(summary)).toBe(11);
    expect(summary.sample.values).toEqual([1, 2.5]);
  });

  it('drops value counts past the distinct bound', () => {
    expect(numericOf([1, 2, 2, 3], { maxDistinct: 3 }).valueCounts).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 1],
      ]),
    );
    expect(numericOf([1, 2, 3, 4], { maxDistinct: 3 }).valueCounts).toBeNull();
    expect(
      mergeFeatureSummaries(
        numericOf([1, 2], { maxDistinct: 3 }),
        numericOf([3, 4], { maxDistinct: 3 }),
        createSeededRandom(1),
      ),
    ).toMatchObject({ valueCounts: null });
  });

  it('merges like one summary over the concatenation', () => {
    fc.assert(
      fc.property(
        fc.array(rawNumeric, { maxLength: 50 }),
        fc.array(rawNumeric, { maxLength: 50 }),
        (left, right) => {
          const merged = mergeFeatureSummaries(numericOf(left), numericOf(right), createSeededRandom(5));

          expectSameNumeric(merged as NumericSummary, numericOf([...left, ...right]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('merges with an empty summary as identity', () => {
    fc.assert(
      fc.property(fc.array(rawNumeric, { maxLength: 50 }), (raw) => {
        const summary = numericOf(raw);
        const random = createSeededRandom(5);

        expect(mergeFeatureSummaries(summary, numericOf([]), random)).toEqual(summary);
        expect(mergeFeatureSummaries(numericOf([]), summary, random)).toEqual(summary);
      }),
    );
  });

  it('ignores the order of records', () => {
    const permutations = fc
      .array(rawNumeric, { maxLength: 60 })
      .chain((raw) => fc.tuple(fc.constant(raw), fc.shuffledSubarray(raw, { minLength: raw.length })));

    fc.assert(
      fc.property(permutations, ([raw, shuffled]) => {
        expectSameNumeric(numericOf(shuffled), numericOf(raw));
      }),
    );
  });

  it('keeps a uniform sample past capacity across merges', () => {
    const left = numericOf(
      Array.from({ length: 300 }, (_, index) => index),
      { capacity: 100 },
    );
    const right = numericOf(
      Array.from({ length: 100 }, (_, index) => 1000 + index),
      { capacity: 100 },
    );
    const merged = mergeFeatureSummaries(left, right, createSeededRandom(3)) as NumericSummary;

    expect(merged.sample.seenCount).toBe(400);
    expect(merged.sample.values).toHaveLength(100);
    expect(merged.moments.count).toBe(400);
  });

  it('rejects merging different edges', () => {
    const other = summarizeColumn('numeric', [1], { edges: [0], random: createSeededRandom(1) });

    expect(() => mergeFeatureSummaries(numericOf([1]), other, createSeededRandom(1))).toThrow(
      /edges must be equal; summarize both windows against the same reference/,
    );
  });

  it('rejects edges that are not ascending', () => {
    expect(() => summarizeColumn('numeric', [1], { edges: [1, 1], random: createSeededRandom(1) })).toThrow(
      /bin edges \[1, 1\] are invalid: they must be finite and strictly ascending/,
    );
  });
});

describe('categorical summary', () => {
  function categoricalOf(raw: readonly unknown[]): CategoricalSummary {
    return summarizeColumn('categorical', raw, { random: createSeededRandom(1) }) as CategoricalSummary;
  }

  it('counts labels and missing values', () => {
    const summary = categoricalOf(['rain', ' rain ', 'sun', '', null, 'NaN', 3, true]);

    expect(summary.counts).toEqual(
      new Map<string, number>([
        ['rain', 2],
        ['sun', 1],
        ['3', 1],
        ['true', 1],
      ]),
    );
    expect(summary.missingCount).toBe(3);
    expect(countRows(summary)).toBe(8);
  });

  it('merges like one summary over the concatenation', () => {
    fc.assert(
      fc.property(fc.array(rawCategorical), fc.array(rawCategorical), (left, right) => {
        const merged = mergeFeatureSummaries(
          categoricalOf(left),
          categoricalOf(right),
          createSeededRandom(1),
        );

        expect(merged).toEqual(categoricalOf([...left, ...right]));
      }),
    );
  });

  it('rejects merging with a numeric summary', () => {
    expect(() => mergeFeatureSummaries(categoricalOf(['a']), numericOf([1]), createSeededRandom(1))).toThrow(
      /cannot merge a categorical summary with a numeric summary/,
    );
  });

  it('adds single values of either kind', () => {
    const summary: FeatureSummary = categoricalOf([]);
    addToFeatureSummary(summary, 'x', createSeededRandom(1));

    expect(countValues(summary)).toBe(1);
  });
});
