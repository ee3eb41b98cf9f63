import fc from 'fast-check';
import { jensenShannonDistance } from './jensen-shannon';

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

describe('jensenShannonDistance', () => {
  it('is 0 for proportional counts and 1 for disjoint supports', () => {
    expect(jensenShannonDistance([1, 2, 3], [10, 20, 30]).statistic).toBe(0);
    expect(jensenShannonDistance([5, 0, 0], [0, 3, 4]).statistic).toBe(1);
  });

  it('reports the divergence as the squared distance', () => {
    const result = jensenShannonDistance([3, 1], [1, 3]);

    expect(Math.abs(result.statistic ** 2 - result.divergence)).toBeLessThanOrEqual(1e-16);
  });

  it('is symmetric, permutation-free and stays in [0, 1]', () => {
    fc.assert(
      fc.property(pairOfCounts, ([reference, current]) => {
        const forward = jensenShannonDistance(reference, current);
        const backward = jensenShannonDistance(current, reference);
        const reversed = jensenShannonDistance([...reference].reverse(), [...current].reverse());

        expect(backward.statistic).toBe(forward.statistic);
        expect(Math.abs(reversed.statistic - forward.statistic)).toBeLessThanOrEqual(1e-14);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
        expect(forward.statistic).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
