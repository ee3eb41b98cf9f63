import { DriftwatchError } from '../../errors';

// Aliased at module level because in a sandboxed global such as jest's vm context each `Math.` or
// `Number.` lookup in a hot loop goes through a slow interceptor (about 12x slower under node 24).
const { log } = Math;
const { isFinite: isFiniteNumber, isInteger } = Number;

/** ln(2π) / 2. */
const HALF_LOG_TWO_PI = 0.9189385332046727;

/** Exact ln(k!) for k = 0..15; k! is an exact double up to 22!, so Math.log rounds once. */
const LOG_FACTORIALS: readonly number[] = (() => {
  const table: number[] = [];
  let factorial = 1;
  for (let k = 0; k <= 15; k += 1) {
    if (k > 0) {
      factorial *= k;
    }
    table.push(log(factorial));
  }
  return table;
})();

/** ln Γ(½) = ln √π. */
const LOG_GAMMA_HALF = 0.5723649429247001;

/** Below this argument the Stirling series is not accurate to double precision, so we shift upwards. */
const SERIES_MIN = 15;

/**
 * Computes the error of Stirling's formula, ln Γ(x + 1) − [(x + ½) ln x − x + ½ ln 2π], for x > 0.
 *
 * For x ≥ 15 it sums five terms of the asymptotic series 1/(12x) − 1/(360x³) + …, with an error
 * below 1e-17 relative to the result. Below 15 it subtracts the Stirling part from ln Γ(x + 1),
 * which loses about 1e-15 absolute to cancellation. The saddle-point forms of the binomial and gamma densities
 * (Loader 2000, "Fast and accurate computation of binomial probabilities") are built on it.
 *
 * @throws DriftwatchError INPUT_INVALID when x is not a finite positive number.
 */
export function stirlingError(x: number): number {
  assertPositive('stirlingError', x);

  if (x >= SERIES_MIN) {
    const inverse = 1 / x;
    const inverseSquared = inverse * inverse;
    // Bernoulli-number coefficients B_{2k} / (2k (2k − 1)) for k = 1..5.
    const series =
      1 / 12 -
      inverseSquared *
        (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188)));
    return series * inverse;
  }

  const logFactorial = isInteger(x) ? LOG_FACTORIALS[x] : logGamma(x + 1);
  return logFactorial - (x + 0.5) * log(x) + x - HALF_LOG_TWO_PI;
}

/**
 * Computes ln Γ(x) for real x > 0, to about 1e-15 relative (1e-15 absolute near the zeros at 1 and 2).
 *
 * Arguments below 15 are shifted up with Γ(x) = Γ(x + k) / (x (x + 1) … (x + k − 1)) so that only
 * the Stirling series is ever evaluated. Integers and half-integers below 15 use exact products.
 *
 * @throws DriftwatchError INPUT_INVALID when x is not a finite positive number.
 */
export function logGamma(x: number): number {
  assertPositive('logGamma', x);

  if (x >= SERIES_MIN) {
    return (x - 0.5) * log(x) - x + HALF_LOG_TWO_PI + stirlingError(x);
  }
  if (isInteger(x)) {
    return LOG_FACTORIALS[x - 1];
  }
  if (isInteger(x - 0.5)) {
    // Chi-square tails need Γ(k + ½) = √π · ½ · 3/2 ⋯ (k − ½); the product is exact in doubles here.
    let product = 1;
    for (let factor = 0.5; factor < x; factor += 1) {
      product *= factor;
    }
    return LOG_GAMMA_HALF + log(product);
  }

  let shifted = x;
  let product = 1;
  while (shifted < SERIES_MIN) {
    product *= shifted;
    shifted += 1;
  }
  return logGamma(shifted) - log(product);
}

/**
 * Computes ln C(n, k), the log of the binomial coefficient, for integers 0 ≤ k ≤ n.
 * Uses the Stirling-error form so that ln C(2e6, 1e6) keeps about 13 significant digits.
 *
 * @throws DriftwatchError INPUT_INVALID when n or k is not an integer with 0 ≤ k ≤ n.
 */
export function logBinomialCoefficient(n: number, k: number): number {
  if (!isInteger(n) || !isInteger(k) || k < 0 || k > n) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `logBinomialCoefficient received n=${n}, k=${k}; both must be integers with 0 <= k <= n.`,
    );
  }
  if (k === 0 || k === n) {
    return 0;
  }

  // C(n, k) = C(n, n−k): evaluate with the smaller index so both give the same bits.
  const small = Math.min(k, n - k);
  const rest = n - small;
  // n ln n − k ln k − (n−k) ln(n−k) rewritten without the large cancelling products.
  const stirlingParts =
    small * log(n / small) + rest * log(n / rest) + 0.5 * log(n / (2 * Math.PI * small * rest));
  return stirlingParts + stirlingError(n) - stirlingError(small) - stirlingError(rest);
}

function assertPositive(name: string, x: number): void {
  if (!(x > 0) || !isFiniteNumber(x)) {
    throw new DriftwatchError('INPUT_INVALID', `${name} received x=${x}; x must be a finite number above 0.`);
  }
}
