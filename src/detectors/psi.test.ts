import fc from 'fast-check';
import { populationStabilityIndex } from './psi';

const pairOfCounts = fc
  .array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 })
  .chain((reference) =>
    fc.tuple(
      fc.constant(reference),
      fc.array(fc.integer({ min: 0, max: 100 }), {
        minLength: reference.length,
        maxLength: reference.length,
      }),
    ),
  )
  .filter(([reference, current]) => reference.some((c) => c > 0) && current.some((c) => c > 0));

describe('populationStabilityIndex', () => {
  it('replaces zero proportions by 1e-4 without renormalizing', () => {
    const result = populationStabilityIndex([1, 1], [2, 0]);
    const expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);

    expect(Math.abs(result.statistic - expected)).toBeLessThanOrEqual(1e-13 * expected);
    expect(result.zeroProportionBins).toEqual([1]);
  });

  it('is Infinity, never NaN, with epsilon 0', () => {
    const result = populationStabilityIndex([1, 1, 0], [2, 0, 0], { epsilon: 0 });

    expect(result.statistic).toBe(Number.POSITIVE_INFINITY);
    expect(result.terms[1]).toBe(Number.POSITIVE_INFINITY);
    expect(result.terms[2]).toBe(0);
    expect(result.zeroProportionBins).toEqual([1, 2]);
  });

  it('rejects an invalid epsilon', () => {
    expect(() => populationStabilityIndex([1], [1], { epsilon: -1 })).toThrow(/epsilon=-1/);
    expect(() => populationStabilityIndex([1], [1], { epsilon: Number.NaN })).toThrow(/epsilon=NaN/);
  });

  it('is symmetric with and without smoothing, permutation-free and never NaN', () => {
    fc.assert(
      fc.property(pairOfCounts, fc.constantFrom(1e-4, 0), ([reference, current], epsilon) => {
        const forward = populationStabilityIndex(reference, current, { epsilon });
        const backward = populationStabilityIndex(current, reference, { epsilon });
        const reversed = populationStabilityIndex([...reference].reverse(), [...current].reverse(), {
          epsilon,
        });

        expect(backward.statistic).toBe(forward.statistic);
        expect(Number.isNaN(forward.statistic)).toBe(false);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
        if (Number.isFinite(forward.statistic)) {
          expect(Math.abs(reversed.statistic - forward.statistic)).toBeLessThanOrEqual(
            1e-12 * forward.statistic,
          );
        } else {
          expect(reversed.statistic).toBe(Number.POSITIVE_INFINITY);
        }
      }),
      { numRuns: 300 },
    );
  });
});
