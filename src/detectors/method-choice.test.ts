import { DriftwatchError } from '../errors';
import {
  assertMethodApplicable,
  chooseDriftMethod,
  chooseTargetMethod,
  defaultThreshold,
  isDriftDetected,
  parseDriftMethod,
} from './method-choice';

describe('chooseDriftMethod', () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chi-square'],
    ['categorical', 1000, 50, 'chi-square'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, Infinity, 'wasserstein'],
    ['numeric', 1001, 5, 'jensen-shannon'],
    ['categorical', 5000, 3, 'jensen-shannon'],
  ] as const)('picks for %s with %i values and %p distinct: %s', (kind, referenceCount, distinct, method) => {
    expect(chooseDriftMethod({ kind, referenceCount, referenceDistinctCount: distinct })).toBe(method);
  });
});

describe('chooseTargetMethod', () => {
  it('uses chi-square for labels and KS for continuous targets', () => {
    expect(
      chooseTargetMethod({ kind: 'categorical', referenceCount: 10_000, referenceDistinctCount: 2 }),
    ).toBe('chi-square');
    expect(chooseTargetMethod({ kind: 'numeric', referenceCount: 10_000, referenceDistinctCount: 2 })).toBe(
      'chi-square',
    );
    expect(chooseTargetMethod({ kind: 'numeric', referenceCount: 10_000, referenceDistinctCount: 40 })).toBe(
      'ks',
    );
  });
});

describe('assertMethodApplicable', () => {
  it('rejects KS on a categorical feature', () => {
    let caught: unknown;
    try {
      assertMethodApplicable('weather', 'categorical', 'ks');
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(DriftwatchError);
    expect((caught as DriftwatchError).code).toBe('METHOD_NOT_APPLICABLE');
    expect((caught as DriftwatchError).message).toBe(
      "method ks does not apply to feature 'weather', which is categorical; use one of chi-square, psi, jensen-shannon, hellinger",
    );
  });

  it('accepts every method on a numeric feature', () => {
    for (const method of ['ks', 'chi-square', 'psi', 'jensen-shannon', 'hellinger', 'wasserstein'] as const) {
      expect(() => assertMethodApplicable('x', 'numeric', method)).not.toThrow();
    }
  });
});

describe('isDriftDetected', () => {
  it('compares p-values strictly below the threshold', () => {
    expect(isDriftDetected('ks', { statistic: 0.3, pValue: 0.049 }, 0.05)).toBe(true);
    expect(isDriftDetected('ks', { statistic: 0.3, pValue: 0.05 }, 0.05)).toBe(false);
  });

  it('compares distances at or above the threshold', () => {
    expect(isDriftDetected('psi', { statistic: 0.1, pValue: null }, 0.1)).toBe(true);
    expect(isDriftDetected('psi', { statistic: Infinity, pValue: null }, 0.1)).toBe(true);
    expect(isDriftDetected('hellinger', { statistic: 0.09, pValue: null }, 0.1)).toBe(false);
  });

  it('reports no drift without a statistic', () => {
    expect(isDriftDetected('chi-square', { statistic: null, pValue: null }, 0.05)).toBe(false);
    expect(isDriftDetected('wasserstein', { statistic: null, pValue: null }, 0.1)).toBe(false);
  });
});

describe('defaultThreshold', () => {
  it('is 0.05 for tests and 0.1 for distances', () => {
    expect(defaultThreshold('chi-square')).toBe(0.05);
    expect(defaultThreshold('jensen-shannon')).toBe(0.1);
  });
});

describe('parseDriftMethod', () => {
  it('accepts known names and rejects others', () => {
    expect(parseDriftMethod('psi')).toBe('psi');
    expect(() => parseDriftMethod('t-test')).toThrow(
      "unknown drift method 't-test'; use one of ks, chi-square, psi, jensen-shannon, hellinger, wasserstein",
    );
  });
});
