/**
 * Sums finite doubles and returns the exact sum rounded once to the nearest double (ties to even),
 * the result Python's `math.fsum` returns for the same values.
 *
 * The running sum is kept as a list of non-overlapping partials whose exact total equals the sum of
 * the values seen so far (Shewchuk, "Adaptive Precision Floating-Point Arithmetic", 1997). The result
 * therefore does not depend on the order of the values, and a window's mean is the same double in
 * driftwatch and in the numpy golden script. This matters for values near 1e9 with a spread near 1:
 * one ulp of such a mean is 1.2e-7, which shows up at that size in every normalized value.
 *
 * Edge cases: an empty input sums to 0. Inputs must be finite and small enough that no partial
 * overflows (driftwatch passes only values with |x| <= 1e100); NaN or ±Infinity give an unspecified
 * result.
 */
export function exactSum(values: Iterable<number>): number {
  const partials: number[] = [];

  for (const value of values) {
    addToPartials(partials, value);
  }

  return roundPartials(partials);
}

/**
 * Adds `value` to `partials` in place, keeping them non-overlapping and in increasing magnitude.
 * Each step is the error-free transformation two-sum: `hi + lo` equals `x + y` exactly.
 */
function addToPartials(partials: number[], value: number): void {
  let x = value;
  let keptCount = 0;

  for (const partial of partials) {
    let y = partial;
    if (Math.abs(x) < Math.abs(y)) {
      const swap = x;
      x = y;
      y = swap;
    }

    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) {
      partials[keptCount] = lo;
      keptCount += 1;
    }
    x = hi;
  }

  partials.length = keptCount;
  partials.push(x);
}

/** Rounds the exact total of `partials` to the nearest double, ties to even. */
function roundPartials(partials: number[]): number {
  let index = partials.length;
  if (index === 0) {
    return 0;
  }

  index -= 1;
  let hi = partials[index];
  let lo = 0;

  // Add partials from the largest down until one of them is not absorbed exactly.
  while (index > 0) {
    index -= 1;
    const x = hi;
    const y = partials[index];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) {
      break;
    }
  }

  // When `lo` is exactly half an ulp of `hi`, `hi + lo` was a tie and rounded to even. If the
  // partials below `lo` have the same sign as `lo`, the exact total lies past the halfway point,
  // so it rounds away from `hi` instead.
  if (index > 0 && ((lo < 0 && partials[index - 1] < 0) || (lo > 0 && partials[index - 1] > 0))) {
    const twice = lo * 2;
    const candidate = hi + twice;
    if (twice === candidate - hi) {
      hi = candidate;
    }
  }

  return hi;
}
