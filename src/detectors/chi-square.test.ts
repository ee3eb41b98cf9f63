import fc from 'fast-check';
import { chiSquareHomogeneity, chiSquareLogSurvival, chiSquareSurvival } from './chi-square';

const counts = fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 12 });
const pairOfCounts = counts.chain((reference) =>
  fc.tuple(
    fc.constant(reference),
    fc.array(fc.integer({ min: 0, max: 200 }), { minLength: reference.length, maxLength: reference.length }),
  ),
);
const nonEmptyPair = pairOfCounts.filter(
  ([reference, current]) => reference.some((c) => c > 0) && current.some((c) => c > 0),
);

describe('chiSquareHomogeneity', () => {
  it('drops columns that are empty on both sides', () => {
    const withEmpty = chiSquareHomogeneity([3, 0, 5, 2], [4, 0, 1, 6]);
    const without = chiSquareHomogeneity([3, 5, 2], [4, 1, 6]);

    expect(withEmpty).toEqual(without);
    expect(withEmpty.dof).toBe(2);
  });

  it('returns statistic 0, p 1, dof 0 for one category', () => {
    expect(chiSquareHomogeneity([50, 0], [10, 0])).toMatchObject({
      statistic: 0,
      pValue: 1,
      dof: 0,
      logPValue: 0,
    });
  });

  it('counts cells with expected counts below 5', () => {
    expect(chiSquareHomogeneity([5, 5, 5], [8, 3, 0]).smallExpectedCells).toBe(4);
  });

  it('rejects mismatched, negative and empty inputs', () => {
    expect(() => chiSquareHomogeneity([1, 2], [1])).toThrow(
      /reference has 2 counts and the current window 1/,
    );
    expect(() => chiSquareHomogeneity([1, -2], [1, 1])).toThrow(/reference count at index 1 is -2/);
    expect(() => chiSquareHomogeneity([1, 2], [0, 0])).toThrow(/current counts sum to 0/);
  });

  it('is symmetric, permutation-free and never NaN', () => {
    fc.assert(
      fc.property(nonEmptyPair, fc.integer({ min: 0, max: 1000 }), ([reference, current], rotation) => {
        const forward = chiSquareHomogeneity(reference, current);
        const backward = chiSquareHomogeneity(current, reference);
        const shift = rotation % reference.length;
        const rotate = (values: number[]) => [...values.slice(shift), ...values.slice(0, shift)];
        const rotated = chiSquareHomogeneity(rotate(reference), rotate(current));

        expect(backward).toEqual(forward);
        expect(Math.abs(rotated.statistic - forward.statistic)).toBeLessThanOrEqual(
          1e-12 * forward.statistic,
        );
        expect(rotated.dof).toBe(forward.dof);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        expect(Number.isFinite(forward.logPValue)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('chiSquareSurvival', () => {
  it('equals e^(−x/2) on 2 degrees of freedom', () => {
    for (const statistic of [0.1, 1, 10, 100, 1000]) {
      expect(Math.abs(chiSquareSurvival(statistic, 2) / Math.exp(-statistic / 2) - 1)).toBeLessThanOrEqual(
        1e-13,
      );
    }
  });

  it('keeps the log finite far below the double range', () => {
    expect(chiSquareSurvival(1e6, 2)).toBe(0);
    expect(Math.abs(chiSquareLogSurvival(1e6, 2) + 5e5)).toBeLessThanOrEqual(1e-9);
    expect(Number.isFinite(chiSquareLogSurvival(1e7, 1))).toBe(true);
  });

  it('returns 1 at statistic 0 and 0 at infinity', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareLogSurvival(0, 3)).toBe(0);
    expect(chiSquareSurvival(Number.POSITIVE_INFINITY, 3)).toBe(0);
  });

  it('rejects NaN', () => {
    expect(() => chiSquareSurvival(Number.NaN, 3)).toThrow(/statistic=NaN/);
  });
});
