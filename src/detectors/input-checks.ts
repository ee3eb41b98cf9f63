import { DriftwatchError } from '../errors';
import { CompensatedSum } from '../statistics/special/compensated-sum';
import type { DriftMethod } from './types';

// Aliased at module level because in a sandboxed global such as jest's vm context each `Math.` or
// `Number.` lookup in a hot loop goes through a slow interceptor (about 12x slower under node 24).
const { isFinite: isFiniteNumber } = Number;

/** Window a sample or count vector came from, named in error messages. */
export type Side = 'reference' | 'current';

/**
 * Copies a numeric sample into a sorted Float64Array (typed-array sort, ascending, −0 before +0).
 *
 * @throws DriftwatchError INPUT_INVALID when the sample is empty or contains NaN or ±Infinity. Missing
 * values must be dropped by the caller and counted as missing; a column with infinities is not numeric.
 */
export function toSortedSample(values: ArrayLike<number>, side: Side, method: DriftMethod): Float64Array {
  if (values.length === 0) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${method} cannot run: the ${side} sample is empty (0 values). Each side needs at least one finite value; report the feature as having insufficient data instead of testing it.`,
    );
  }

  const sorted = new Float64Array(values.length);
  let ascending = true;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (typeof value !== 'number' || !isFiniteNumber(value)) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `${method} cannot run: the ${side} sample holds ${String(value)} at index ${i}. Samples must contain finite numbers only; drop missing values before testing and count them as missing.`,
      );
    }
    sorted[i] = value;
    if (i > 0 && value < sorted[i - 1]) {
      ascending = false;
    }
  }
  // A reference sample is tested against every window; callers keep it sorted so each test
  // copies it in O(n) instead of sorting it again.
  if (!ascending) {
    sorted.sort();
  }
  return sorted;
}

/** A validated pair of count vectors with their totals. */
export interface CountPair {
  reference: Float64Array;
  current: Float64Array;
  referenceTotal: number;
  currentTotal: number;
}

/**
 * Validates two count vectors aligned by index (bins or categories) and returns copies with totals.
 * Counts may be fractional (weights) but must be finite and non-negative.
 *
 * @throws DriftwatchError INPUT_INVALID when the lengths differ, a count is negative or not finite, or
 * a side's counts sum to 0 (that side is empty).
 */
export function toCountPair(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  method: DriftMethod,
): CountPair {
  if (referenceCounts.length !== currentCounts.length) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${method} cannot run: the reference has ${referenceCounts.length} counts and the current window ${currentCounts.length}. Align both count vectors over the same bins or categories (use 0 for an unseen category).`,
    );
  }

  const reference = toCounts(referenceCounts, 'reference', method);
  const current = toCounts(currentCounts, 'current', method);
  return {
    reference: reference.counts,
    current: current.counts,
    referenceTotal: reference.total,
    currentTotal: current.total,
  };
}

function toCounts(
  values: ArrayLike<number>,
  side: Side,
  method: DriftMethod,
): { counts: Float64Array; total: number } {
  const counts = new Float64Array(values.length);
  // A compensated total is independent of the order of the counts, so swapping or permuting bins
  // cannot change the proportions.
  const sum = new CompensatedSum();
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (typeof value !== 'number' || !isFiniteNumber(value) || value < 0) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `${method} cannot run: the ${side} count at index ${i} is ${String(value)}. Counts must be finite numbers of at least 0.`,
      );
    }
    counts[i] = value;
    sum.add(value);
  }
  const total = sum.value();

  if (!(total > 0)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${method} cannot run: the ${side} counts sum to 0 (${values.length} bins or categories, all empty). Each side needs at least one value; report the feature as having insufficient data instead of testing it.`,
    );
  }
  if (!isFiniteNumber(total)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${method} cannot run: the ${side} counts sum to ${total}. Scale the counts so that their total is a finite number.`,
    );
  }
  return { counts, total };
}
