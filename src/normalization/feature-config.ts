import { DriftwatchError } from '../errors';
import { type AffineOption, type AffineParameters, resolveAffine } from './affine';
import { DEFAULT_EPSILON } from './batch-norm';
import { DEFAULT_MOMENTUM } from './running-statistics';
import { MAX_ABS_VALUE } from './window-statistics';

/**
 * Where a feature's normalizing statistics come from.
 * - `reference`: the reference mean and population variance, fixed.
 * - `window`: each window's own mean and biased variance (BatchNorm in training mode).
 * - `running`: running mean and variance updated with momentum, PyTorch's convention.
 * - `adaptive`: the reference until the drift verdict fires, then statistics re-estimated on the
 *   drifted window and followed with momentum (AdaBN). It returns to the reference when drift ends.
 */
export type NormalizationMode = 'reference' | 'window' | 'running' | 'adaptive';

/** Every normalization mode, in the order the CLI help lists them. */
export const NORMALIZATION_MODES: readonly NormalizationMode[] = [
  'reference',
  'window',
  'running',
  'adaptive',
];

/**
 * Statistics of a feature in the reference data set. `variance` is the population variance
 * (divisor n, ddof 0) in squared units of the feature; `count` is the number of values it was
 * computed from.
 */
export interface ReferenceStatistics {
  mean: number;
  variance: number;
  count?: number;
}

/** Normalization settings of one numeric feature, as a caller or a config file gives them. */
export interface FeatureNormalizationConfig {
  /** Field name of the feature in a record. */
  name: string;
  mode: NormalizationMode;
  /** Required by modes `reference` and `adaptive` and by affine `reference`. */
  reference?: ReferenceStatistics;
  /** Default `standard`. */
  affine?: AffineOption;
  /** In (0, 1]; default 0.1. Used by modes `running` and `adaptive`. */
  momentum?: number;
  /** Added to the variance, > 0; default 1e-5. */
  epsilon?: number;
  /** In mode `adaptive`, return to the reference once a window no longer drifts; default true. */
  revert?: boolean;
}

/** A feature's settings after validation, with every default filled in. */
export interface ResolvedFeatureConfig {
  name: string;
  mode: NormalizationMode;
  reference: ReferenceStatistics | undefined;
  affine: AffineParameters;
  momentum: number;
  epsilon: number;
  revert: boolean;
}

/**
 * Validates one feature's settings and fills in the defaults.
 *
 * Throws DriftwatchError `CONFIG_INVALID` that names the feature and the bad value when: the name is
 * empty; the mode is unknown; mode `reference` or `adaptive` or affine `reference` lacks a reference;
 * the reference mean is not finite or exceeds 1e100 in magnitude; the reference variance is negative
 * or not finite; the reference count is not an integer >= 1; momentum is outside (0, 1]; epsilon is
 * not a finite number > 0; or revert is not a boolean.
 */
export function resolveFeatureConfig(config: FeatureNormalizationConfig): ResolvedFeatureConfig {
  const name = config.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw invalid(
      '(unnamed)',
      `Feature name is invalid: received ${JSON.stringify(name)}, expected a non-empty string.`,
    );
  }

  if (!NORMALIZATION_MODES.includes(config.mode)) {
    throw invalid(
      name,
      `Mode of feature '${name}' is invalid: received ${JSON.stringify(config.mode)}, ` +
        `expected one of ${NORMALIZATION_MODES.join(', ')}.`,
    );
  }

  const reference = config.reference === undefined ? undefined : validateReference(config.reference, name);
  if (reference === undefined && (config.mode === 'reference' || config.mode === 'adaptive')) {
    throw invalid(
      name,
      `Mode '${config.mode}' of feature '${name}' needs reference statistics, but none were given. ` +
        `Give the feature a reference {mean, variance} or use mode 'window' or 'running'.`,
    );
  }

  const momentum = config.momentum ?? DEFAULT_MOMENTUM;
  if (typeof momentum !== 'number' || !(momentum > 0 && momentum <= 1)) {
    throw invalid(
      name,
      `Momentum of feature '${name}' is invalid: received ${String(momentum)}, expected a number in (0, 1]. ` +
        `PyTorch's default is ${DEFAULT_MOMENTUM}.`,
    );
  }

  const epsilon = config.epsilon ?? DEFAULT_EPSILON;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw invalid(
      name,
      `Epsilon of feature '${name}' is invalid: received ${String(epsilon)}, expected a finite number > 0. ` +
        `The default is ${DEFAULT_EPSILON}.`,
    );
  }

  const revert = config.revert ?? true;
  if (typeof revert !== 'boolean') {
    throw invalid(
      name,
      `Revert of feature '${name}' is invalid: received ${String(revert)}, expected true or false.`,
    );
  }

  const affine = resolveAffine(config.affine ?? 'standard', reference, name);

  return { name, mode: config.mode, reference, affine, momentum, epsilon, revert };
}

function validateReference(reference: ReferenceStatistics, feature: string): ReferenceStatistics {
  const { mean, variance, count } = reference;

  if (typeof mean !== 'number' || !Number.isFinite(mean) || Math.abs(mean) > MAX_ABS_VALUE) {
    throw invalid(
      feature,
      `Reference mean of feature '${feature}' is invalid: received ${String(mean)}, ` +
        `expected a finite number with magnitude <= ${MAX_ABS_VALUE}.`,
    );
  }

  if (typeof variance !== 'number' || !Number.isFinite(variance) || variance < 0) {
    throw invalid(
      feature,
      `Reference variance of feature '${feature}' is invalid: received ${String(variance)}, ` +
        `expected a finite number >= 0.`,
    );
  }

  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw invalid(
      feature,
      `Reference count of feature '${feature}' is invalid: received ${String(count)}, expected an integer >= 1.`,
    );
  }

  return count === undefined ? { mean, variance } : { mean, variance, count };
}

function invalid(feature: string, message: string): DriftwatchError {
  return new DriftwatchError('CONFIG_INVALID', message, { context: { feature } });
}
