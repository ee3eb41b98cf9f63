import fc from 'fast-check';
import {
  addToMoments,
  computeBiasedVariance,
  computeMean,
  computeUnbiasedVariance,
  createMoments,
  type Moments,
  mergeMoments,
} from './moments';

function momentsOf(values: readonly number[]): Moments {
  const moments = createMoments();
  for (const value of values) addToMoments(moments, value);
  return moments;
}

function relativeError(actual: number | null, expected: number): number {
  if (actual === null) return Infinity;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

const moderateDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const nearBillion = fc.double({ min: -4, max: 4, noNaN: true }).map((offset) => 1e9 + offset);
const values = fc.array(fc.oneof(moderateDouble, nearBillion), { maxLength: 60 });
const valuesNearBillion = fc.array(nearBillion, { maxLength: 60 });

describe('moments', () => {
  it('match known values near 1e9 and 1e8', () => {
    for (const base of [1e9, 1e8]) {
      const moments = momentsOf([base, base + 1, base + 2, base + 3]);

      expect(relativeError(computeUnbiasedVariance(moments), 1.6666666666666667)).toBeLessThan(1e-12);
      expect(relativeError(computeBiasedVariance(moments), 1.25)).toBeLessThan(1e-12);
      expect(computeMean(moments)).toBe(base + 1.5);
    }
  });

  it('keep unit spread at 1e15', () => {
    const stream = Array.from({ length: 1000 }, (_, i) => 1e15 + (i % 4));
    const moments = momentsOf(stream);

    expect(relativeError(computeUnbiasedVariance(moments), 1250 / 999)).toBeLessThan(1e-9);
    expect(computeMean(moments)).toBe(1e15 + 1.5);
  });

  it('keep unit spread at 1e15 across merges', () => {
    const stream = Array.from({ length: 1000 }, (_, i) => 1e15 + (i % 4));
    const boundaries = [0, 137, 500, 501, 999, 1000];
    let merged = createMoments();
    for (let index = 1; index < boundaries.length; index += 1) {
      merged = mergeMoments(merged, momentsOf(stream.slice(boundaries[index - 1], boundaries[index])));
    }

    expect(merged.count).toBe(1000);
    expect(relativeError(computeUnbiasedVariance(merged), 1250 / 999)).toBeLessThan(1e-9);
  });

  it('give exactly zero variance for a constant stream', () => {
    const moments = momentsOf([-0.14357562916991, -0.14357562916991, -0.14357562916991]);

    expect(computeBiasedVariance(moments)).toBe(0);
    expect(computeUnbiasedVariance(moments)).toBe(0);
    expect(computeMean(moments)).toBe(-0.14357562916991);
  });

  it('return null statistics when empty or too small', () => {
    const empty = createMoments();
    const single = momentsOf([5]);

    expect(computeMean(empty)).toBeNull();
    expect(computeBiasedVariance(empty)).toBeNull();
    expect(computeUnbiasedVariance(single)).toBeNull();
    expect(computeBiasedVariance(single)).toBe(0);
    expect(empty.min).toBe(Infinity);
    expect(empty.max).toBe(-Infinity);
  });

  it('merge with empty as identity', () => {
    fc.assert(
      fc.property(values, (sample) => {
        const moments = momentsOf(sample);

        expect(mergeMoments(moments, createMoments())).toEqual(moments);
        expect(mergeMoments(createMoments(), moments)).toEqual(moments);
      }),
    );
  });

  it('merge like one pass over the concatenation', () => {
    fc.assert(
      fc.property(fc.oneof(values, valuesNearBillion), fc.oneof(values, valuesNearBillion), (left, right) => {
        const merged = mergeMoments(momentsOf(left), momentsOf(right));
        const whole = momentsOf([...left, ...right]);

        expectSameMoments(merged, whole);
      }),
      { numRuns: 300 },
    );
  });

  it('ignore the order of values', () => {
    const permutations = values.chain((sample) =>
      fc.tuple(fc.constant(sample), fc.shuffledSubarray(sample, { minLength: sample.length })),
    );

    fc.assert(
      fc.property(permutations, ([sample, shuffled]) => {
        expectSameMoments(momentsOf(shuffled), momentsOf(sample));
      }),
    );
  });
});

function expectSameMoments(actual: Moments, expected: Moments): void {
  expect(actual.count).toBe(expected.count);
  expect(actual.min).toBe(expected.min);
  expect(actual.max).toBe(expected.max);
  if (expected.count === 0) return;

  // The mean is compared relative to the data's scale: near zero a relative error is meaningless.
  const mean = computeMean(expected) ?? NaN;
  const scale = Math.max(Math.abs(mean), expected.max - expected.min);
  expect(Math.abs((computeMean(actual) ?? NaN) - mean)).toBeLessThanOrEqual(1e-12 * scale + 1e-300);
  const variance = computeBiasedVariance(expected) ?? NaN;
  expect(computeBiasedVariance(actual)).toBeGreaterThanOrEqual(0);
  // The 1e-300 floors absorb rounding of subnormal numbers, which carry no relative precision.
  expect(Math.abs((computeBiasedVariance(actual) ?? NaN) - variance)).toBeLessThanOrEqual(
    1e-12 * variance + 1e-300,
  );
}
