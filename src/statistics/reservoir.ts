import { DriftwatchError } from '../errors';
import { type RandomSource, randomIndex } from './random';

/**
 * Raw values of a stream, kept whole up to `capacity` and as a uniform random sample past it.
 * KS and Wasserstein need raw values; the sample bounds their memory.
 */
export interface Reservoir {
  /** Maximum number of values kept. */
  capacity: number;
  /** Number of values offered so far (kept or not). */
  seenCount: number;
  /** The kept values: every value in arrival order while seenCount <= capacity, else a sample. */
  values: number[];
}

/** Default reservoir capacity per feature and side. */
export const DEFAULT_SAMPLE_CAPACITY = 100_000;

/** Creates an empty reservoir. `capacity` must be a positive integer. */
export function createReservoir(capacity: number = DEFAULT_SAMPLE_CAPACITY): Reservoir {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `sample capacity ${capacity} is invalid: it must be a positive integer; pass e.g. ${DEFAULT_SAMPLE_CAPACITY}`,
    );
  }
  return { capacity, seenCount: 0, values: [] };
}

/** Returns true when the reservoir holds every value offered, so no sampling happened. */
export function isReservoirComplete(reservoir: Reservoir): boolean {
  return reservoir.seenCount <= reservoir.capacity;
}

/**
 * Offers one value (Vitter's Algorithm R): the first `capacity` values are kept; the n-th value
 * after that replaces a uniformly chosen kept value with probability capacity / n.
 */
export function addToReservoir(reservoir: Reservoir, value: number, random: RandomSource): void {
  reservoir.seenCount += 1;
  if (reservoir.values.length < reservoir.capacity) {
    reservoir.values.push(value);
    return;
  }

  const slot = randomIndex(random, reservoir.seenCount);
  if (slot < reservoir.capacity) reservoir.values[slot] = value;
}

/**
 * Returns a reservoir over the union of two streams. When both are complete and together fit,
 * the result is their concatenation (left first), so it stays complete. Otherwise the number of
 * values taken from each side is drawn from the hypergeometric distribution of a uniform sample of
 * the union (sequential draws weighted by the values seen on each side), and that many values are
 * drawn uniformly from each side's reservoir: the result is a uniform sample of the union.
 * Both reservoirs must have the same capacity. Inputs are not changed.
 */
export function mergeReservoirs(left: Reservoir, right: Reservoir, random: RandomSource): Reservoir {
  if (left.capacity !== right.capacity) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `cannot merge reservoirs of capacity ${left.capacity} and ${right.capacity}: capacities must be equal; create both summaries with the same sample capacity`,
    );
  }

  const capacity = left.capacity;
  const seenCount = left.seenCount + right.seenCount;
  if (seenCount <= capacity) {
    return { capacity, seenCount, values: [...left.values, ...right.values] };
  }

  let remainingLeft = left.seenCount;
  let remainingRight = right.seenCount;
  let takenFromLeft = 0;
  for (let draw = 0; draw < capacity; draw += 1) {
    if (random() * (remainingLeft + remainingRight) < remainingLeft) {
      takenFromLeft += 1;
      remainingLeft -= 1;
    } else {
      remainingRight -= 1;
    }
  }

  return {
    capacity,
    seenCount,
    values: [
      ...drawWithoutReplacement(left.values, takenFromLeft, random),
      ...drawWithoutReplacement(right.values, capacity - takenFromLeft, random),
    ],
  };
}

/** Partial Fisher-Yates shuffle of a copy: a uniform subset of `size` values. */
function drawWithoutReplacement(values: readonly number[], size: number, random: RandomSource): number[] {
  const pool = values.slice();
  for (let index = 0; index < size; index += 1) {
    const chosen = index + randomIndex(random, pool.length - index);
    const kept = pool[chosen];
    pool[chosen] = pool[index];
    pool[index] = kept;
  }
  return pool.slice(0, size);
}
