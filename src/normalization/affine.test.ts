import { isDriftwatchError } from '../errors';
import { resolveAffine } from './affine';

describe('resolveAffine', () => {
  const reference = { mean: 50, variance: 100, count: 1000 };

  it('uses 1 and 0 for standard', () => {
    expect(resolveAffine('standard', undefined, 'x')).toEqual({ gamma: 1, beta: 0 });
  });

  it('uses reference standard deviation and mean', () => {
    expect(resolveAffine('reference', reference, 'x')).toEqual({ gamma: 10, beta: 50 });
  });

  it('keeps explicit numbers', () => {
    expect(resolveAffine({ gamma: 2.5, beta: -1 }, undefined, 'x')).toEqual({ gamma: 2.5, beta: -1 });
  });

  it('rejects reference affine without reference', () => {
    expect(() => resolveAffine('reference', undefined, 'temp')).toThrow(
      "Affine 'reference' for feature 'temp' needs reference statistics",
    );
  });

  it('rejects non-finite gamma and unknown options', () => {
    const calls = [
      () => resolveAffine({ gamma: Number.NaN, beta: 0 }, undefined, 'x'),
      () => resolveAffine({ gamma: 1, beta: Number.POSITIVE_INFINITY }, undefined, 'x'),
      () => resolveAffine('scaled' as never, undefined, 'x'),
    ];

    for (const call of calls) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(isDriftwatchError(caught, 'CONFIG_INVALID')).toBe(true);
    }
  });
});
