import type { NormalStatistics } from './running-statistics';
import { isUsableValue } from './window-statistics';

/** ε added to the variance when none is configured, PyTorch's BatchNorm default. */
export const DEFAULT_EPSILON = 1e-5;

/** The constants of the Batch Normalization formula besides the statistics. */
export interface BatchNormParameters {
  /** Added to the variance under the square root; > 0, in squared units of the feature. */
  epsilon: number;
  /** Scale applied after standardizing, in the units of the output. */
  gamma: number;
  /** Shift applied after scaling, in the units of the output. */
  beta: number;
}

/**
 * Applies y = γ·(x − μ) / sqrt(σ² + ε) + β to every usable value, with μ and σ² from `statistics`.
 *
 * Missing values (NaN, null) and invalid ones (±Infinity, |x| > 1e100) become NaN in the output at
 * the same index. Because ε > 0, a zero variance gives γ·(x − μ)/sqrt(ε) + β instead of a division
 * by zero. The output is finite whenever |γ|·2e100/sqrt(ε) + |β| is below the largest double.
 */
export function normalizeValues(
  values: ArrayLike<number | null>,
  statistics: NormalStatistics,
  parameters: BatchNormParameters,
): Float64Array {
  const output = new Float64Array(values.length);
  const standardDeviation = Math.sqrt(statistics.variance + parameters.epsilon);

  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    // Same operation order as the golden script: subtract, divide, scale, shift.
    output[index] = isUsableValue(value)
      ? ((value - statistics.mean) / standardDeviation) * parameters.gamma + parameters.beta
      : Number.NaN;
  }

  return output;
}
