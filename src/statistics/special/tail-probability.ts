/**
 * A tail probability together with its natural log. `logProbability` stays finite where
 * `probability` underflows to 0, so callers can report p-values below about 4.9e-324.
 */
export interface TailProbability {
  /** Probability in [0, 1]; may be 0 when the true value is below the smallest double. */
  probability: number;
  /** Natural log of the probability, ≤ 0; −Infinity only when the probability is exactly 0. */
  logProbability: number;
}

/** Wraps a probability that is known not to have underflowed. */
export function toTailProbability(probability: number): TailProbability {
  const clamped = Math.min(1, Math.max(0, probability));
  return { probability: clamped, logProbability: Math.log(clamped) };
}
