import fc from 'fast-check';
import { hellingerDistance } from './hellinger';

const pairOfCounts = fc
  .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 })
  .chain((reference) =>
    fc.tuple(
      fc.constant(reference),
      fc.array(fc.integer({ min: 0, max: 1000 }), {
        minLength: reference.length,
        maxLength: reference.length,
      }),
    ),
  )
  .filter(([reference, current]) => reference.some((c) => c > 0) && current.some((c) => c > 0));

describe('hellingerDistance', () => {
  it('is 0 for proportional counts and 1 for disjoint supports', () => {
    expect(hellingerDistance([1, 2, 3], [10, 20, 30]).statistic).toBe(0);
    expect(hellingerDistance([5, 0, 0], [0, 3, 4]).statistic).toBe(1);
  });

  it('is not zero for mirror images', () => {
    expect(hellingerDistance([7, 2, 1], [1, 2, 7]).statistic).toBeGreaterThan(0.5);
  });

  it('is symmetric, permutation-free and stays in [0, 1]', () => {
    fc.assert(
      fc.property(pairOfCounts, ([reference, current]) => {
        const forward = hellingerDistance(reference, current);
        const backward = hellingerDistance(current, reference);
        const reversed = hellingerDistance([...reference].reverse(), [...current].reverse());
        const bhattacharyya = reference.reduce((sum, count, i) => {
          const p = count / reference.reduce((a, b) => a + b, 0);
          const q = current[i] / current.reduce((a, b) => a + b, 0);
          return sum + Math.sqrt(p * q);
        }, 0);

        expect(backward.statistic).toBe(forward.statistic);
        expect(Math.abs(reversed.statistic - forward.statistic)).toBeLessThanOrEqual(1e-14);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
        expect(forward.statistic).toBeLessThanOrEqual(1);
        expect(Math.abs(forward.statistic ** 2 - Math.max(0, 1 - bhattacharyya))).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });
});
