import { DriftwatchError } from '../errors';
import type { ReferenceStatistics } from './feature-config';

/**
 * Choice of a feature's γ and β.
 * - `standard`: γ = 1, β = 0, so outputs are standardized (mean 0, variance near 1).
 * - `reference`: γ = the reference's population standard deviation, β = the reference mean, so a
 *   shifted stream is mapped back into the reference's units.
 * - `{ gamma, beta }`: explicit finite numbers.
 */
export type AffineOption = 'standard' | 'reference' | { gamma: number; beta: number };

/** The γ and β that one feature applies after standardizing. */
export interface AffineParameters {
  gamma: number;
  beta: number;
}

/**
 * Resolves an affine option to numbers for the feature named `feature`.
 *
 * Throws DriftwatchError `CONFIG_INVALID` when `reference` is requested without reference statistics,
 * or when an explicit γ or β is not a finite number. A reference with variance 0 gives γ = 0, so
 * every output equals the reference mean.
 */
export function resolveAffine(
  option: AffineOption,
  reference: ReferenceStatistics | undefined,
  feature: string,
): AffineParameters {
  if (option === 'standard') {
    return { gamma: 1, beta: 0 };
  }

  if (option === 'reference') {
    if (reference === undefined) {
      throw new DriftwatchError(
        'CONFIG_INVALID',
        `Affine 'reference' for feature '${feature}' needs reference statistics, but none were given. ` +
          `Give the feature a reference {mean, variance} or use affine 'standard'.`,
        { context: { feature } },
      );
    }
    return { gamma: Math.sqrt(reference.variance), beta: reference.mean };
  }

  if (typeof option === 'object' && option !== null) {
    for (const key of ['gamma', 'beta'] as const) {
      const value = option[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DriftwatchError(
          'CONFIG_INVALID',
          `Affine ${key} of feature '${feature}' is invalid: received ${String(value)}, expected a finite number.`,
          { context: { feature } },
        );
      }
    }
    return { gamma: option.gamma, beta: option.beta };
  }

  throw new DriftwatchError(
    'CONFIG_INVALID',
    `Affine option of feature '${feature}' is invalid: received ${JSON.stringify(option)}, ` +
      `expected 'standard', 'reference' or {gamma, beta}.`,
    { context: { feature } },
  );
}
