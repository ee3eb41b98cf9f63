import { DriftwatchError } from '../errors';
import { createFeatureNormalizer } from './feature-normalizer';

const EPSILON = 1e-5;

/** y = γ·(x − μ)/sqrt(σ² + ε) + β, restated here so each mode's choice of μ and σ² is what is tested. */
function expected(values: number[], mean: number, variance: number, gamma = 1, beta = 0): number[] {
  return values.map((x) => ((x - mean) / Math.sqrt(variance + EPSILON)) * gamma + beta);
}

function expectValues(actual: Float64Array, values: number[]): void {
  expect(actual).toHaveLength(values.length);
  values.forEach((value, index) => {
    expect(actual[index]).toBeCloseTo(value, 12);
  });
}

describe('createFeatureNormalizer', () => {
  describe('reference mode', () => {
    it('normalizes with the reference statistics', () => {
      const normalizer = createFeatureNormalizer({
        name: 'x',
        mode: 'reference',
        reference: { mean: 10, variance: 4 },
      });
      const result = normalizer.normalizeWindow([8, 12, 13], { drifted: true });

      expectValues(result.output, expected([8, 12, 13], 10, 4));
      expect(result.statistics).toEqual({ mean: 10, variance: 4, source: 'reference' });
      expect(result.changed).toBe(false);
      expect(result.events).toEqual([]);
    });

    it('maps values back into reference units with reference affine', () => {
      const normalizer = createFeatureNormalizer({
        name: 'x',
        mode: 'reference',
        reference: { mean: 10, variance: 4 },
        affine: 'reference',
      });

      expectValues(normalizer.normalizeWindow([8, 12]).output, expected([8, 12], 10, 4, 2, 10));
    });
  });

  describe('window mode', () => {
    it('normalizes with the window mean and biased variance', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window' });
      const result = normalizer.normalizeWindow([1, 3]);

      expect(result.statistics).toEqual({ mean: 2, variance: 1, source: 'window' });
      expectValues(result.output, expected([1, 3], 2, 1));
      expect(result.changed).toBe(true);
    });

    it('keeps the previous statistics for a single value', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window' });
      normalizer.normalizeWindow([1, 3]);
      const result = normalizer.normalizeWindow([Number.NaN, 5]);

      expect(result.skipped).toBe('too-few-values');
      expect(result.statistics).toEqual({ mean: 2, variance: 1, source: 'window' });
      expect(result.output[0]).toBeNaN();
      expect(result.output[1]).toBeCloseTo(3 / Math.sqrt(1 + EPSILON), 12);
      expect(result.changed).toBe(false);
    });

    it('starts from the reference before any estimate', () => {
      const normalizer = createFeatureNormalizer({
        name: 'x',
        mode: 'window',
        reference: { mean: 4, variance: 9 },
      });
      const result = normalizer.normalizeWindow([7]);

      expect(result.statistics).toEqual({ mean: 4, variance: 9, source: 'window' });
      expectValues(result.output, expected([7], 4, 9));
    });

    it('starts from mean 0 and variance 1 without reference', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window' });

      expectValues(normalizer.normalizeWindow([7]).output, expected([7], 0, 1));
    });

    it('maps a constant window to beta as PyTorch does', () => {
      const normalizer = createFeatureNormalizer({
        name: 'x',
        mode: 'window',
        affine: { gamma: 2, beta: 7 },
      });
      const result = normalizer.normalizeWindow([4, 4, 4]);

      expect(result.skipped).toBeNull();
      expect(result.statistics).toEqual({ mean: 4, variance: 0, source: 'window' });
      expect(Array.from(result.output)).toEqual([7, 7, 7]);
    });
  });

  describe('running mode', () => {
    it('normalizes with the running statistics after the update', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'running', momentum: 0.5 });
      // Window [1, 3]: mean 2, unbiased variance 2. From (0, 1): mean 0.5·0 + 0.5·2, variance 0.5·1 + 0.5·2.
      const result = normalizer.normalizeWindow([1, 3]);

      expect(result.statistics).toEqual({ mean: 1, variance: 1.5, source: 'running' });
      expectValues(result.output, expected([1, 3], 1, 1.5));
    });

    it('updates from the reference when one is given', () => {
      const normalizer = createFeatureNormalizer({
        name: 'x',
        mode: 'running',
        momentum: 0.5,
        reference: { mean: 10, variance: 4 },
      });
      const result = normalizer.normalizeWindow([1, 3]);

      expect(result.statistics).toEqual({ mean: 6, variance: 3, source: 'running' });
    });

    it('keeps running statistics for a single value', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'running', momentum: 0.5 });
      normalizer.normalizeWindow([1, 3]);
      const result = normalizer.normalizeWindow([9]);

      expect(result.skipped).toBe('too-few-values');
      expect(result.statistics).toEqual({ mean: 1, variance: 1.5, source: 'running' });
      expectValues(result.output, expected([9], 1, 1.5));
    });

    it('updates with variance 0 for a constant window', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'running', momentum: 0.5 });
      const result = normalizer.normalizeWindow([2, 2]);

      expect(result.skipped).toBeNull();
      expect(result.statistics).toEqual({ mean: 1, variance: 0.5, source: 'running' });
    });
  });

  describe('adaptive mode', () => {
    const reference = { mean: 50, variance: 100 };

    it('switches on drift, follows with momentum, skips and reverts', () => {
      const normalizer = createFeatureNormalizer({
        name: 'temp',
        mode: 'adaptive',
        reference,
        momentum: 0.1,
      });

      const calm = normalizer.normalizeWindow([40, 60], { drifted: false });
      expect(calm.statistics).toEqual({ ...reference, source: 'reference' });
      expectValues(calm.output, expected([40, 60], 50, 100));

      // The drifted window is normalized with its own mean and unbiased variance.
      const drifted = normalizer.normalizeWindow([130, 170], { drifted: true });
      expect(drifted.statistics).toEqual({ mean: 150, variance: 800, source: 'adapted' });
      expect(drifted.events).toEqual([
        {
          feature: 'temp',
          from: 'reference',
          to: 'adapted',
          windowIndex: 1,
          previous: { mean: 50, variance: 100 },
          next: { mean: 150, variance: 800 },
        },
      ]);
      expectValues(drifted.output, expected([130, 170], 150, 800));

      // Window [140, 160]: mean 150, unbiased variance 200, so variance 0.9·800 + 0.1·200.
      const following = normalizer.normalizeWindow([140, 160], { drifted: true });
      expect(following.statistics.mean).toBeCloseTo(150, 12);
      expect(following.statistics.variance).toBeCloseTo(740, 12);
      expect(following.events).toEqual([]);
      expectValues(following.output, expected([140, 160], 150, 740));

      const constant = normalizer.normalizeWindow([155, 155], { drifted: true });
      expect(constant.skipped).toBe('zero-variance');
      expect(constant.statistics).toEqual(following.statistics);

      const single = normalizer.normalizeWindow([160]);
      expect(single.skipped).toBe('too-few-values');
      expect(single.statistics).toEqual(following.statistics);

      const back = normalizer.normalizeWindow([45, 55], { drifted: false });
      expect(back.statistics).toEqual({ ...reference, source: 'reference' });
      expect(back.events).toEqual([
        {
          feature: 'temp',
          from: 'adapted',
          to: 'reference',
          windowIndex: 5,
          previous: { mean: following.statistics.mean, variance: following.statistics.variance },
          next: reference,
        },
      ]);
      expectValues(back.output, expected([45, 55], 50, 100));

      expect(normalizer.state()).toMatchObject({
        source: 'reference',
        windowCount: 6,
        switchCount: 2,
        skippedWindows: 2,
        skipReasons: { 'too-few-values': 1, 'zero-variance': 1 },
      });
    });

    it('stays adapted without revert', () => {
      const normalizer = createFeatureNormalizer({
        name: 'x',
        mode: 'adaptive',
        reference,
        revert: false,
        momentum: 1,
      });
      normalizer.normalizeWindow([130, 170], { drifted: true });
      const result = normalizer.normalizeWindow([45, 55], { drifted: false });

      expect(result.events).toEqual([]);
      expect(result.statistics).toEqual({ mean: 50, variance: 50, source: 'adapted' });
    });

    it('keeps the source when there is no verdict', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'adaptive', reference });

      const first = normalizer.normalizeWindow([130, 170]);
      expect(first.statistics.source).toBe('reference');
      expect(first.skipped).toBeNull();

      normalizer.normalizeWindow([130, 170], { drifted: true });
      expect(normalizer.normalizeWindow([140, 160]).statistics.source).toBe('adapted');
    });

    it('waits for a usable drifted window to switch', () => {
      const normalizer = createFeatureNormalizer({ name: 'x', mode: 'adaptive', reference });
      const single = normalizer.normalizeWindow([140, Number.NaN], { drifted: true });

      expect(single.skipped).toBe('too-few-values');
      expect(single.events).toEqual([]);
      expect(single.statistics.source).toBe('reference');

      const constant = normalizer.normalizeWindow([140, 140], { drifted: true });
      expect(constant.skipped).toBe('zero-variance');
      expect(constant.statistics.source).toBe('reference');

      expect(normalizer.normalizeWindow([130, 150], { drifted: true }).events).toHaveLength(1);
    });
  });

  it('counts missing and invalid values and keeps them missing', () => {
    const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window' });
    const result = normalizer.normalizeWindow([1, Number.NaN, 3, Number.POSITIVE_INFINITY, null]);

    expect(result.output[1]).toBeNaN();
    expect(result.output[3]).toBeNaN();
    expect(result.output[4]).toBeNaN();
    expect(result.statistics.mean).toBe(2);
    expect(normalizer.state()).toMatchObject({ missingCount: 3, invalidCount: 1 });
  });

  it('outputs only missing values for an all-missing window', () => {
    const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window' });
    const result = normalizer.normalizeWindow([Number.NaN, Number.NaN]);

    expect(result.skipped).toBe('too-few-values');
    expect(Array.from(result.output).every(Number.isNaN)).toBe(true);
  });

  it('numbers windows from 0', () => {
    const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window' });

    expect(normalizer.normalizeWindow([1, 2]).windowIndex).toBe(0);
    expect(normalizer.normalizeWindow([1, 2]).windowIndex).toBe(1);
    expect(normalizer.normalizeWindow([]).windowIndex).toBe(2);
  });

  it('rejects a verdict without a boolean', () => {
    const normalizer = createFeatureNormalizer({
      name: 'x',
      mode: 'adaptive',
      reference: { mean: 0, variance: 1 },
    });
    const call = () => normalizer.normalizeWindow([1, 2], { drifted: 'yes' } as never);

    expect(call).toThrow(DriftwatchError);
    expect(call).toThrow("Drift verdict of feature 'x' is invalid");
  });

  it('reports the initial statistics before any window', () => {
    const normalizer = createFeatureNormalizer({ name: 'x', mode: 'running', epsilon: 1e-3, momentum: 0.2 });

    expect(normalizer.state()).toEqual({
      name: 'x',
      mode: 'running',
      source: 'running',
      mean: 0,
      variance: 1,
      gamma: 1,
      beta: 0,
      epsilon: 1e-3,
      momentum: 0.2,
      windowCount: 0,
      switchCount: 0,
      skippedWindows: 0,
      skipReasons: { 'too-few-values': 0, 'zero-variance': 0 },
      missingCount: 0,
      invalidCount: 0,
    });
  });
});
