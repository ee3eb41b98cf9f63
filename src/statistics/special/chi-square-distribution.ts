import { DriftwatchError } from '../../errors';
import { incompleteGamma } from './incomplete-gamma';

/**
 * Computes the chi-square survival function P(X ≥ statistic) for X ~ χ²(dof), the same quantity as
 * scipy.stats.chi2.sf(statistic, dof). Equals Q(dof/2, statistic/2).
 *
 * Returns 1 for statistic ≤ 0 and for dof = 0 (a test with no degrees of freedom cannot reject).
 * The value underflows to 0 only when the tail is below about 4.9e-324; use
 * {@link chiSquareLogSurvival} to report such tails.
 *
 * @throws DriftwatchError INPUT_INVALID when statistic is NaN or dof is negative or not finite.
 */
export function chiSquareSurvival(statistic: number, dof: number): number {
  return chiSquareTail(statistic, dof).upper;
}

/**
 * Computes the natural log of the chi-square survival function, accurate to about 1e-13 relative and
 * finite far beyond the double range: ln P(χ²₁ ≥ 2000) = −1004.0267 where the tail itself is 0 in
 * double precision. Returns 0 for statistic ≤ 0 or dof = 0, and −Infinity only for statistic = +Infinity.
 *
 * @throws DriftwatchError INPUT_INVALID when statistic is NaN or dof is negative or not finite.
 */
export function chiSquareLogSurvival(statistic: number, dof: number): number {
  return chiSquareTail(statistic, dof).logUpper;
}

function chiSquareTail(statistic: number, dof: number): { upper: number; logUpper: number } {
  if (Number.isNaN(statistic) || !(dof >= 0) || !Number.isFinite(dof)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `chi-square tail received statistic=${statistic}, dof=${dof}; the statistic must be a number and dof a finite number of at least 0.`,
    );
  }
  if (statistic <= 0 || dof === 0) {
    return { upper: 1, logUpper: 0 };
  }
  return incompleteGamma(dof / 2, statistic / 2);
}
