import fc from 'fast-check';
import { normalizedWasserstein } from './wasserstein';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(fc.oneof(finite, fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 40 });

describe('normalizedWasserstein', () => {
  it('equals the shift between two copies of a sample', () => {
    const result = normalizedWasserstein([1, 2, 3, 4], [3, 4, 5, 6]);

    expect(result.distance).toBe(2);
    expect(result.referenceStd).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(result.statistic).toBeCloseTo(2 / Math.sqrt(1.25), 14);
  });

  it('divides by 0.001 for a constant reference', () => {
    const result = normalizedWasserstein([-0.14357562916991, -0.14357562916991, -0.14357562916991], [0.5]);

    expect(result.referenceStd).toBe(0);
    expect(result.statistic).toBeCloseTo(result.distance / 0.001, 9);
  });

  it('keeps the spread of values near 1e9', () => {
    const result = normalizedWasserstein([1e9, 1e9 + 1, 1e9 + 2, 1e9 + 3], [1e9 + 1]);

    expect(result.referenceStd).toBe(Math.sqrt(1.25));
  });

  it('rejects an empty side', () => {
    expect(() => normalizedWasserstein([1], [])).toThrow(/current sample is empty/);
  });

  it('has a symmetric, order-free distance and never NaN', () => {
    fc.assert(
      fc.property(sample, sample, (reference, current) => {
        const forward = normalizedWasserstein(reference, current);
        const backward = normalizedWasserstein(current, reference);
        const reversed = normalizedWasserstein([...reference].reverse(), [...current].reverse());

        expect(backward.distance).toBe(forward.distance);
        expect(reversed).toEqual(forward);
        expect(Number.isFinite(forward.statistic)).toBe(true);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
