import { DriftwatchError } from '../../errors';
import { binomialDeviance } from './binomial-deviance';
import { logGamma, stirlingError } from './log-gamma';

/** ln(2π). */
const LOG_TWO_PI = 1.8378770664093453;
const EPSILON = Number.EPSILON;
/** Guards the continued fraction against division by zero (modified Lentz). */
const TINY = 1e-300;

/**
 * The regularized incomplete gamma function split into its two tails.
 * `lower` = P(a, x), `upper` = Q(a, x) = 1 − P(a, x), `logUpper` = ln Q(a, x).
 */
export interface IncompleteGamma {
  lower: number;
  upper: number;
  /** Natural log of the upper tail; finite wherever Q > 0, even when Q itself underflows to 0. */
  logUpper: number;
}

/**
 * Computes the regularized incomplete gamma function P(a, x) and its upper tail Q(a, x) for a > 0, x ≥ 0.
 *
 * Below x = a + 1 the power series for P converges fast and Q = 1 − P does not cancel (Q ≥ 0.3
 * there); above it the continued fraction for Q (modified Lentz) is used, so Q keeps full relative
 * precision deep into the tail. The common factor x^a e^(−x) / Γ(a) is formed as a log with the
 * saddle-point deviance for a ≥ 10, so ln Q stays finite and accurate (about 1e-13 relative) far below
 * the smallest double: chi-square 2000 on 1 degree of freedom gives ln Q = −1004.03.
 * x = +Infinity gives P = 1, Q = 0, ln Q = −Infinity.
 *
 * @throws DriftwatchError INPUT_INVALID when a is not finite and positive or x is NaN or negative.
 */
export function incompleteGamma(a: number, x: number): IncompleteGamma {
  if (!(a > 0) || !Number.isFinite(a) || !(x >= 0)) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `incompleteGamma received a=${a}, x=${x}; a must be finite and above 0 and x must be at least 0.`,
    );
  }
  if (x === 0) {
    return { lower: 0, upper: 1, logUpper: 0 };
  }
  if (x === Number.POSITIVE_INFINITY) {
    return { lower: 1, upper: 0, logUpper: Number.NEGATIVE_INFINITY };
  }

  const logFactor = logGammaDensityFactor(a, x);
  if (x < a + 1) {
    const lower = Math.min(1, Math.exp(logFactor) * lowerSeries(a, x));
    return { lower, upper: 1 - lower, logUpper: Math.log1p(-lower) };
  }

  const logUpper = logFactor + Math.log(upperContinuedFraction(a, x));
  const upper = Math.min(1, Math.exp(logUpper));
  return { lower: 1 - upper, upper, logUpper: Math.min(0, logUpper) };
}

/** Computes Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function (see {@link incompleteGamma}). */
export function regularizedGammaQ(a: number, x: number): number {
  return incompleteGamma(a, x).upper;
}

/** Computes P(a, x) = γ(a, x) / Γ(a), the regularized lower incomplete gamma function (see {@link incompleteGamma}). */
export function regularizedGammaP(a: number, x: number): number {
  return incompleteGamma(a, x).lower;
}

/** Computes ln Q(a, x), finite far below the smallest double (see {@link incompleteGamma}). */
export function logRegularizedGammaQ(a: number, x: number): number {
  return incompleteGamma(a, x).logUpper;
}

/** ln(x^a e^(−x) / Γ(a)), with the large terms cancelled analytically when a is large. */
function logGammaDensityFactor(a: number, x: number): number {
  if (a < 10) {
    return a * Math.log(x) - x - logGamma(a);
  }
  // a ln x − x − ln Γ(a) = −bd0(a, x) + ½ ln(a / 2π) − stirlingError(a), with no term of size a ln x.
  return -binomialDeviance(a, x) + 0.5 * (Math.log(a) - LOG_TWO_PI) - stirlingError(a);
}

/** Σ_k x^k / (a (a+1) … (a+k)), so that P(a, x) = x^a e^(−x) / Γ(a) times this sum. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  const maxTerms = 100000 + Math.ceil(10 * Math.sqrt(a));
  for (let k = 1; k < maxTerms; k += 1) {
    term *= x / (a + k);
    sum += term;
    if (term < sum * EPSILON) {
      break;
    }
  }
  return sum;
}

/**
 * The continued fraction 1/(x+1−a− 1(1−a)/(x+3−a− 2(2−a)/(x+5−a− …))) for Q(a, x) e^x Γ(a) / x^a,
 * evaluated with the modified Lentz method. Converges in O(√a) steps near x = a, fast beyond.
 */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let result = d;
  const maxTerms = 100000 + Math.ceil(10 * Math.sqrt(a));
  for (let i = 1; i < maxTerms; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) {
      d = TINY;
    }
    c = b + an / c;
    if (Math.abs(c) < TINY) {
      c = TINY;
    }
    d = 1 / d;
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < EPSILON) {
      break;
    }
  }
  return result;
}
