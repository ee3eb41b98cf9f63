/** Momentum of the running statistics when none is configured, PyTorch's BatchNorm default. */
export const DEFAULT_MOMENTUM = 0.1;

/** A mean and a variance that normalize values, in the feature's units and squared units. */
export interface NormalStatistics {
  mean: number;
  variance: number;
}

/**
 * Running statistics before any window when no reference is given: mean 0 and variance 1, the
 * initial `running_mean` and `running_var` of PyTorch's BatchNorm layers.
 */
export const INITIAL_RUNNING_STATISTICS: Readonly<NormalStatistics> = Object.freeze({ mean: 0, variance: 1 });

/**
 * Updates running statistics with one window the way PyTorch's BatchNorm does in training mode:
 * `running = (1 − momentum)·running + momentum·window` for the mean and for the variance.
 *
 * `windowVariance` must be the window's unbiased variance (divisor n − 1), the estimate PyTorch
 * stores, even though the window itself is normalized with the biased one in training mode.
 * `momentum` is in (0, 1]: 1 replaces the running statistics by the window's, 0.01 moves them by
 * one hundredth. Keras' `momentum` weights the old value instead, so Keras 0.99 is PyTorch 0.01.
 *
 * Returns a new object and does not modify `running`.
 */
export function updateRunningStatistics(
  running: NormalStatistics,
  window: { mean: number; unbiasedVariance: number },
  momentum: number,
): NormalStatistics {
  // Same operation order as the golden script, so both round identically.
  return {
    mean: (1 - momentum) * running.mean + momentum * window.mean,
    variance: (1 - momentum) * running.variance + momentum * window.unbiasedVariance,
  };
}
