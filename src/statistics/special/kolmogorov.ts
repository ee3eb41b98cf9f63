import type { TailProbability } from './tail-probability';

/** Below this argument the limit survival function is 1 in double precision. */
const MIN_ARGUMENT = 0.040611972203751713;
/** Switch between the two theta-function series (the same switch point as scipy.special.kolmogorov). */
const SERIES_SWITCH = 0.82;

/**
 * Computes the survival function of the Kolmogorov limit distribution,
 * K̄(t) = P(√n·Dₙ ≥ t) as n → ∞ = 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²t²), and its natural log.
 * Equals scipy.special.kolmogorov(t) and scipy.stats.kstwobign.sf(t).
 *
 * For t ≤ 0.82 it evaluates 1 − (√(2π)/t) Σ e^(−(2k−1)²π²/(8t²)); above, the alternating series in
 * factored form 2v(1 − v³(1 − v⁵(1 − …))) with v = e^(−2t²), whose log ln 2 − 2t² + ln(…) never
 * underflows: t = 0.5·√5000 gives ln K̄ = −2499.3069. Returns probability 1 for t ≤ 0.0406, including
 * t ≤ 0.
 */
export function kolmogorovSurvival(t: number): TailProbability {
  if (!(t > MIN_ARGUMENT)) {
    return { probability: 1, logProbability: 0 };
  }

  if (t <= SERIES_SWITCH) {
    const cdf = kolmogorovCdfSmallArgument(t);
    const probability = Math.min(1, Math.max(0, 1 - cdf));
    return { probability, logProbability: Math.log1p(-cdf) };
  }

  const logV = -2 * t * t;
  const v = Math.exp(logV);
  // Σ_{k≥1} (−1)^(k−1) v^(k²−1) = 1 − v³ + v⁸ − v¹⁵ + …; five terms reach 1e-17 for t > 0.82.
  let inner = 0;
  for (let k = 5; k >= 2; k -= 1) {
    inner = v ** (2 * k - 1) * (1 - inner);
  }
  const factor = 1 - inner;
  const logProbability = Math.LN2 + logV + Math.log(factor);
  return { probability: Math.min(1, 2 * v * factor), logProbability };
}

/** (√(2π)/t) Σ_{k≥1} e^(−(2k−1)²π²/(8t²)), the limit CDF, for 0.04 < t ≤ 0.82. */
function kolmogorovCdfSmallArgument(t: number): number {
  const logU = (-Math.PI * Math.PI) / (8 * t * t);
  const u = Math.exp(logU);
  const u8 = u ** 8;
  // 1 + u⁸ + u²⁴ + u⁴⁸: later terms are below 1e-17 once t ≤ 0.82.
  const series = 1 + u8 * (1 + u8 * u8 * (1 + u8 * u8 * u8));
  return (Math.sqrt(2 * Math.PI) / t) * u * series;
}
