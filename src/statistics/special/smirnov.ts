import { binomialDeviance, logBinomialProbability } from './binomial-deviance';
import { stirlingError } from './log-gamma';
import type { TailProbability } from './tail-probability';

// Aliased at module level because in a sandboxed global such as jest's vm context each `Math.` or
// `Number.` lookup in a hot loop goes through a slow interceptor (about 12x slower under node 24).
const { exp, log, log1p, min, sqrt } = Math;

/** ln of the smallest normal double; scipy reports the one-sided tail as 0 once −2nx² is below it. */
const MIN_LOG = -708.3964185322641;
/** Above this n scipy switches to the approximation e^(−(6nx+1)²/(18n)) to bound the work. */
const MAX_EXACT_N = 1000000;
const TWO_PI = 2 * Math.PI;

/**
 * Computes the one-sided Kolmogorov–Smirnov survival function P(Dₙ⁺ ≥ x) for a sample of size n,
 * the quantity scipy.special.smirnov(n, x) returns (scipy 1.17), together with its natural log.
 *
 * The exact value is the Birnbaum–Tingey sum Σ_{v=0}^{⌊n(1−x)⌋} x/q_v · P(Bin(n, q_v) = v) with
 * q_v = x + v/n. Each term is formed in log space with Loader's saddle-point binomial, so the log
 * stays accurate where the probability underflows. The value follows scipy's branches: closed forms
 * for x ≤ 1/n and x ≥ 1 − 1/n, 0 once −2nx² < ln(2.2e-308) (the log is still computed), and for
 * n > 1e6 scipy's approximation e^(−(6nx+1)²/(18n)). Work is O(n) terms.
 * n must be a positive integer and 0 ≤ x ≤ 1; x = 1 gives probability 0 and log −Infinity.
 */
export function smirnovSurvival(n: number, x: number): TailProbability {
  if (n === 1) {
    return { probability: 1 - x, logProbability: log1p(-x) };
  }
  if (x <= 0) {
    return { probability: 1, logProbability: 0 };
  }
  if (x >= 1) {
    return { probability: 0, logProbability: Number.NEGATIVE_INFINITY };
  }

  const { floor: nxFloor, fraction: alpha } = splitProduct(n, x);

  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    // x ≤ 1/n: P(Dₙ⁺ < x) = x (1 + x)^(n−1).
    const cdf = x * exp((n - 1) * log1p(x));
    return { probability: 1 - cdf, logProbability: log1p(-cdf) };
  }

  const logProbability = smirnovLogSurvival(n, x, nxFloor, alpha);
  // scipy returns exactly 0 below this bound; the log above keeps the real size of the tail.
  const probability = -2 * n * x * x < MIN_LOG ? 0 : min(1, exp(logProbability));
  return { probability, logProbability };
}

function smirnovLogSurvival(n: number, x: number, nxFloor: number, alpha: number): number {
  if (nxFloor >= n - 1) {
    // x ≥ 1 − 1/n: only the path through the last order statistic remains.
    return n * log1p(-x);
  }
  if (n > MAX_EXACT_N) {
    const scaled = 6 * n * x + 1;
    return -(scaled * scaled) / 18 / n;
  }
  return logBirnbaumTingeySum(n, nxFloor, alpha);
}

/**
 * ln Σ_{v=0}^{n−⌊nx⌋−1} x/q_v · P(Bin(n, q_v) = v), summed with a running maximum so nothing underflows.
 * The binomial probability is Loader's saddle-point form, inlined because this loop runs up to 1e6 times.
 */
function logBirnbaumTingeySum(n: number, nxFloor: number, alpha: number): number {
  const nx = nxFloor + alpha;
  const stirlingN = stirlingError(n);
  let maxLog = Number.NEGATIVE_INFINITY;
  let scaledSum = 0;

  for (let v = 0; v < n - nxFloor; v += 1) {
    // n·q_v and n·(1 − q_v) from the exact split of n·x, so the complement does not cancel.
    const meanSuccess = nxFloor + v + alpha;
    const meanFailure = n - v - nxFloor - alpha;
    if (meanFailure <= 0) {
      break;
    }
    let logTerm: number;
    if (v === 0) {
      logTerm = logBinomialProbability(0, n, meanSuccess, meanFailure);
    } else {
      const rest = n - v;
      logTerm =
        stirlingN -
        stirlingError(v) -
        stirlingError(rest) -
        binomialDeviance(v, meanSuccess) -
        binomialDeviance(rest, meanFailure) +
        log((nx / meanSuccess) * sqrt(n / (TWO_PI * v * rest)));
    }
    if (logTerm > maxLog) {
      scaledSum = scaledSum * exp(maxLog - logTerm) + 1;
      maxLog = logTerm;
    } else {
      scaledSum += exp(logTerm - maxLog);
    }
  }
  return min(0, maxLog + log(scaledSum));
}

/**
 * Splits n·x into ⌊n·x⌋ and its fractional part without rounding error (Dekker's exact product),
 * because the branch choice and the number of terms depend on whether n·x is an integer.
 */
function splitProduct(n: number, x: number): { floor: number; fraction: number } {
  const product = n * x;
  const error = exactProductError(n, x, product);
  let floor = Math.floor(product);
  let fraction: number;

  if (floor === product) {
    if (error >= 0) {
      fraction = error;
    } else {
      floor -= 1;
      fraction = 1 + error;
    }
  } else {
    fraction = product - floor + error;
  }
  if (fraction >= 1) {
    floor += 1;
    fraction = 0;
  }
  return { floor, fraction };
}

/** Returns e such that a·b = product + e exactly (Veltkamp splitting; product = fl(a·b)). */
function exactProductError(a: number, b: number, product: number): number {
  const [aHigh, aLow] = split(a);
  const [bHigh, bLow] = split(b);
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

function split(value: number): [number, number] {
  const scaled = 134217729 * value; // 2^27 + 1
  const high = scaled - (scaled - value);
  return [high, value - high];
}
