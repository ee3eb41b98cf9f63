import { DriftwatchError } from '../errors';
import { type FeatureNormalizationConfig, resolveFeatureConfig } from './feature-config';

function errorOf(config: FeatureNormalizationConfig): DriftwatchError {
  try {
    resolveFeatureConfig(config);
  } catch (error) {
    if (error instanceof DriftwatchError) {
      return error;
    }
    throw error;
  }
  throw new Error(`resolveFeatureConfig accepted ${JSON.stringify(config)}`);
}

describe('resolveFeatureConfig', () => {
  const reference = { mean: 3, variance: 4, count: 10 };

  it('fills in PyTorch defaults', () => {
    expect(resolveFeatureConfig({ name: 'temp', mode: 'adaptive', reference })).toEqual({
      name: 'temp',
      mode: 'adaptive',
      reference,
      affine: { gamma: 1, beta: 0 },
      momentum: 0.1,
      epsilon: 1e-5,
      revert: true,
    });
  });

  it('keeps given settings', () => {
    const resolved = resolveFeatureConfig({
      name: 'temp',
      mode: 'running',
      reference,
      affine: 'reference',
      momentum: 1,
      epsilon: 0.5,
      revert: false,
    });

    expect(resolved).toMatchObject({
      affine: { gamma: 2, beta: 3 },
      momentum: 1,
      epsilon: 0.5,
      revert: false,
    });
  });

  it('needs no reference in window and running modes', () => {
    expect(resolveFeatureConfig({ name: 'x', mode: 'window' }).reference).toBeUndefined();
    expect(resolveFeatureConfig({ name: 'x', mode: 'running' }).reference).toBeUndefined();
  });

  it.each<[string, FeatureNormalizationConfig, string]>([
    ['empty name', { name: '', mode: 'window' }, 'Feature name is invalid'],
    [
      'unknown mode',
      { name: 'x', mode: 'batch' as never },
      'Mode of feature \'x\' is invalid: received "batch"',
    ],
    [
      'adaptive without reference',
      { name: 'x', mode: 'adaptive' },
      "Mode 'adaptive' of feature 'x' needs reference",
    ],
    [
      'reference without reference',
      { name: 'x', mode: 'reference' },
      "Mode 'reference' of feature 'x' needs",
    ],
    ['momentum 0', { name: 'x', mode: 'running', momentum: 0 }, 'received 0, expected a number in (0, 1]'],
    [
      'momentum above 1',
      { name: 'x', mode: 'running', momentum: 1.5 },
      'received 1.5, expected a number in (0, 1]',
    ],
    ['momentum NaN', { name: 'x', mode: 'running', momentum: Number.NaN }, 'Momentum of feature'],
    ['epsilon 0', { name: 'x', mode: 'window', epsilon: 0 }, 'received 0, expected a finite number > 0'],
    [
      'epsilon infinite',
      { name: 'x', mode: 'window', epsilon: Number.POSITIVE_INFINITY },
      'Epsilon of feature',
    ],
    [
      'negative variance',
      { name: 'x', mode: 'window', reference: { mean: 0, variance: -1 } },
      'Reference variance',
    ],
    [
      'NaN mean',
      { name: 'x', mode: 'window', reference: { mean: Number.NaN, variance: 1 } },
      'Reference mean',
    ],
    [
      'count 0',
      { name: 'x', mode: 'window', reference: { mean: 0, variance: 1, count: 0 } },
      'Reference count',
    ],
    [
      'count 1.5',
      { name: 'x', mode: 'window', reference: { mean: 0, variance: 1, count: 1.5 } },
      'Reference count',
    ],
    ['revert text', { name: 'x', mode: 'window', revert: 'yes' as never }, 'Revert of feature'],
    [
      'reference affine without reference',
      { name: 'x', mode: 'window', affine: 'reference' },
      "Affine 'reference'",
    ],
  ])('rejects %s', (_, config, message) => {
    const error = errorOf(config);

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(message);
  });

  it('names the feature in the error context', () => {
    expect(errorOf({ name: 'pressure', mode: 'running', momentum: 2 }).context).toEqual({
      feature: 'pressure',
    });
  });
});
