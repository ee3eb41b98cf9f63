import { kolmogorovCdfDurbin } from './durbin-matrix';
import { stirlingError } from './log-gamma';
import { kolmogorovCdfPelzGood } from './pelz-good';
import { smirnovSurvival } from './smirnov';
import type { TailProbability } from './tail-probability';

/**
 * Computes the survival function P(Dₙ ≥ x) of the two-sided one-sample Kolmogorov–Smirnov statistic
 * for sample size n, the quantity scipy.stats.kstwo.sf(x, n) returns (scipy 1.17), and its log.
 *
 * Follows scipy's choice of method by region (Simard and L'Ecuyer 2011, "Computing the two-sided
 * Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11)), because some regions use approximations
 * and matching scipy means using the same ones:
 * - n·x ≤ 1 and n·x ≥ n − 1: the Ruben–Gambino closed forms;
 * - x ≥ 0.5: exactly 2·smirnov(n, x) (the two one-sided events cannot both happen);
 * - n ≤ 140: the exact Durbin matrix for n·x² ≤ 4 (scipy uses Pomeranz's recursion above 0.754693,
 *   which computes the same exact value), else 2·smirnov(n, x);
 * - n > 140: 0 for n·x² ≥ 370 (scipy's cut-off), 2·smirnov(n, x) for n·x² ≥ 2.2, else 1 minus the
 *   CDF from the Durbin matrix (n ≤ 100000 and n·x^1.5 ≤ 1.4) or the Pelz–Good approximation.
 *
 * The log is computed from the same formula without underflow, so it stays finite where scipy's 0
 * cut-off applies. n must be a positive integer. Returns probability 1 for x ≤ 0.5/n and probability 0
 * (log −Infinity) for x ≥ 1.
 */
export function kolmogorovFiniteSurvival(n: number, x: number): TailProbability {
  if (x >= 1) {
    return { probability: 0, logProbability: Number.NEGATIVE_INFINITY };
  }
  const t = n * x;
  if (t <= 0.5) {
    return { probability: 1, logProbability: 0 };
  }

  if (t <= 1) {
    // Ruben–Gambino: P(Dₙ < x) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) < x ≤ 1/n.
    const logCdf = logFactorialOverPower(n) + n * Math.log(2 * t - 1);
    return fromCdf(Math.exp(logCdf));
  }
  if (t >= n - 1) {
    // Ruben–Gambino: P(Dₙ ≥ x) = 2 (1 − x)ⁿ for x ≥ 1 − 1/n.
    const logProbability = Math.LN2 + n * Math.log1p(-x);
    return { probability: Math.min(1, Math.exp(logProbability)), logProbability };
  }
  if (x >= 0.5) {
    return twiceSmirnov(n, x);
  }

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 4) {
      return fromCdf(kolmogorovCdfDurbin(n, x));
    }
    return twiceSmirnov(n, x);
  }

  if (nxSquared >= 370) {
    // scipy returns exactly 0 here although the tail is about 1e-321 or smaller.
    return { probability: 0, logProbability: twiceSmirnov(n, x).logProbability };
  }
  if (nxSquared >= 2.2) {
    return twiceSmirnov(n, x);
  }
  if (n <= 100000 && n * x ** 1.5 <= 1.4) {
    return fromCdf(kolmogorovCdfDurbin(n, x));
  }
  return fromCdf(kolmogorovCdfPelzGood(n, x));
}

/** 2·P(Dₙ⁺ ≥ x): exact for x ≥ 0.5 and, below that, off only by the probability of both one-sided events. */
function twiceSmirnov(n: number, x: number): TailProbability {
  const oneSided = smirnovSurvival(n, x);
  return {
    probability: Math.min(1, 2 * oneSided.probability),
    logProbability: Math.min(0, Math.LN2 + oneSided.logProbability),
  };
}

function fromCdf(cdf: number): TailProbability {
  const clamped = Math.min(1, Math.max(0, cdf));
  return { probability: 1 - clamped, logProbability: Math.log1p(-clamped) };
}

/** ln(n!/nⁿ) = ½ ln(2πn) − n + stirlingError(n). */
function logFactorialOverPower(n: number): number {
  return 0.5 * Math.log(2 * Math.PI * n) - n + stirlingError(n);
}
