import fc from 'fast-check';
import { exactSum } from './exact-sum';

describe('exactSum', () => {
  it('returns 0 for no values', () => {
    expect(exactSum([])).toBe(0);
  });

  it('keeps a small term between cancelling large ones', () => {
    expect(exactSum([1e100, 1, -1e100])).toBe(1);
    expect(exactSum([1e9, 1e-7, -1e9])).toBe(1e-7);
  });

  it('rounds ten tenths to exactly 1', () => {
    expect(exactSum(new Array(10).fill(0.1))).toBe(1);
    expect(new Array(10).fill(0.1).reduce((sum, value) => sum + value, 0)).not.toBe(1);
  });

  it('rounds a total past the halfway point away from even', () => {
    // Exact totals just above a tie: ties-to-even alone would round them down.
    expect(exactSum([1e16, 1, 1e-16])).toBe(10000000000000002);
    expect(exactSum([2 ** 53, -0.5, -(2 ** -54)])).toBe(2 ** 53 - 1);
  });

  it('rounds an exact tie to even', () => {
    expect(exactSum([2 ** 53, 1])).toBe(2 ** 53);
    expect(exactSum([2 ** 53, 3])).toBe(2 ** 53 + 4);
  });

  it('does not depend on the order of values', () => {
    const doubles = fc.double({ min: -1e100, max: 1e100, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(doubles, { maxLength: 40 }), (values) => {
        const reversed = [...values].reverse();
        const sorted = [...values].sort((a, b) => a - b);

        expect(exactSum(reversed)).toBe(exactSum(values));
        expect(exactSum(sorted)).toBe(exactSum(values));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('equals the integer sum of safe integers', () => {
    const integers = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(fc.array(integers, { maxLength: 100 }), (values) => {
        const exact = values.reduce((sum, value) => sum + BigInt(value), 0n);

        expect(exactSum(values)).toBe(Number(exact));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
