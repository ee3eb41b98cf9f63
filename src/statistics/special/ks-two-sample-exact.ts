import type { TailProbability } from './tail-probability';

/** Cells of the lattice recursion store value · 2^(−500·level), so tails far below 1e-308 keep a log. */
const LEVEL_BITS = 500;
const LEVEL_SCALE_DOWN = 2 ** -LEVEL_BITS;
const LEVEL_SCALE_UP = 2 ** LEVEL_BITS;
/** Level of a cell whose value is exactly 0 (no path through it has left the band yet). */
const ZERO_LEVEL = 1 << 30;
/** Below this a probability is not trusted as a double and its log is recomputed from scaled parts. */
const LOG_PATH_THRESHOLD = 1e-290;

/** Result of the exact two-sample Kolmogorov–Smirnov null distribution. */
export interface ExactKsTail extends TailProbability {
  /**
   * False when rounding pushed the equal-size series outside [0, 1] (it happens for D = 1/n); scipy
   * 1.17 then abandons the exact value and falls back to the asymptotic method, and so do we.
   */
  withinUnitInterval: boolean;
}

/**
 * Computes the exact two-sided null tail P(D ≥ h / lcm(n, m)) of the two-sample Kolmogorov–Smirnov
 * statistic for sample sizes n and m, as scipy.stats.ks_2samp(method='exact') does (scipy 1.17),
 * together with a log that stays finite far below 1e-308.
 *
 * h is the observed statistic times lcm(n, m), an integer in [0, lcm]. Under the null hypothesis every
 * order of the pooled sample is equally likely, i.e. every monotone lattice path from (0, 0) to (m, n);
 * the p-value is the share of paths that touch a point with |x/m − y/n| ≥ h/lcm.
 * - n = m: the reflection series 2 Σ_{k≥1} (−1)^(k−1) C(2n, n−kh)/C(2n, n), evaluated in nested form
 *   with the same operations as scipy so that the result is bit-identical, in O(n) time.
 * - n ≠ m: a recursion over the band of lattice points, where each cell holds the share of paths to it
 *   that already left the band: A(i, j) = (i·A(i−1, j) + j·A(i, j−1)) / (i + j), and cells outside the
 *   band are 1 (Viehmann 2021, arXiv:2102.08037; Hodges 1958). Every step is a convex combination, so
 *   rounding cannot push the value outside [0, 1]. Each cell also carries a scale level so that the
 *   recursion never underflows. Time O(max(n, m) · band width), at most n·m cell updates, memory O(min(n, m)).
 * Returns probability 1 for h = 0. Terminates for every input, including n = 1 or m = 1.
 */
export function ksTwoSampleExactSurvival(n: number, m: number, h: number): ExactKsTail {
  if (h <= 0) {
    return { probability: 1, logProbability: 0, withinUnitInterval: true };
  }
  if (n === m) {
    return equalSizeSurvival(n, h);
  }
  return latticeSurvival(Math.max(n, m), Math.min(n, m), h);
}

function equalSizeSurvival(n: number, h: number): ExactKsTail {
  // P = A₀(1 − A₁(1 − A₂(…))) where A_k = C(2n, n−(k+1)h) / C(2n, n−kh) is a product of h ratios.
  let nested = 0;
  let nestedBeforeLast = 0;
  for (let k = Math.floor(n / h); k >= 0; k -= 1) {
    let ratio = 1;
    for (let j = 0; j < h; j += 1) {
      ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    }
    if (k === 0) {
      nestedBeforeLast = nested;
    }
    nested = ratio * (1 - nested);
  }
  const probability = 2 * nested;
  const withinUnitInterval = probability >= 0 && probability <= 1;

  if (probability >= LOG_PATH_THRESHOLD || !withinUnitInterval) {
    return { probability, logProbability: Math.log(Math.min(1, probability)), withinUnitInterval };
  }
  // A₀ underflowed or lost digits: rebuild ln A₀ as a sum of logs of the same h ratios.
  let logFirstRatio = 0;
  for (let j = 0; j < h; j += 1) {
    logFirstRatio += Math.log1p(-(2 * j + 1) / (n + j + 1));
  }
  const logProbability = Math.LN2 + logFirstRatio + Math.log1p(-nestedBeforeLast);
  return { probability: Math.exp(logProbability), logProbability, withinUnitInterval };
}

/**
 * Band recursion for unequal sizes; `columns` ≥ `rows`. Column i (0..columns) holds rows j in a window
 * around the diagonal; a lattice point (i, j) is inside the band when |i·rowsG − j·columnsG| < h.
 */
function latticeSurvival(columns: number, rows: number, h: number): ExactKsTail {
  const divisor = gcd(columns, rows);
  const columnStep = columns / divisor;
  const rowStep = rows / divisor;
  const values = new Float64Array(rows + 1);
  const levels = new Int32Array(rows + 1);

  // Column 0: the points (0, j) inside the band are reached only along the axis, which stays inside.
  let previousLow = 0;
  let previousHigh = Math.min(rows, Math.ceil(h / columnStep) - 1);
  for (let j = previousLow; j <= previousHigh; j += 1) {
    values[j] = 0;
    levels[j] = ZERO_LEVEL;
  }

  for (let i = 1; i <= columns; i += 1) {
    const centre = i * rowStep;
    const low = Math.max(0, Math.floor((centre - h) / columnStep) + 1);
    const high = Math.min(rows, Math.ceil((centre + h) / columnStep) - 1);
    if (high < low) {
      // Every path has left the band by this column.
      return { probability: 1, logProbability: 0, withinUnitInterval: true };
    }

    for (let j = low; j <= high; j += 1) {
      const insidePrevious = j >= previousLow && j <= previousHigh;
      const upValue = insidePrevious ? values[j] : 1;
      const upLevel = insidePrevious ? levels[j] : 0;
      const leftInside = j > low;
      const leftValue = leftInside ? values[j - 1] : 1;
      const leftLevel = leftInside ? levels[j - 1] : 0;

      let level: number;
      let value: number;
      if (upLevel === leftLevel) {
        level = upLevel;
        value = (upValue * i + leftValue * j) / (i + j);
      } else if (upLevel < leftLevel) {
        level = upLevel;
        const leftScaled = leftLevel - upLevel === 1 ? leftValue * LEVEL_SCALE_DOWN : 0;
        value = (upValue * i + leftScaled * j) / (i + j);
      } else {
        level = leftLevel;
        const upScaled = upLevel - leftLevel === 1 ? upValue * LEVEL_SCALE_DOWN : 0;
        value = (upScaled * i + leftValue * j) / (i + j);
      }

      if (value === 0) {
        level = ZERO_LEVEL;
      } else {
        while (value < LEVEL_SCALE_DOWN) {
          value *= LEVEL_SCALE_UP;
          level += 1;
        }
      }
      values[j] = value;
      levels[j] = level;
    }
    previousLow = low;
    previousHigh = high;
  }

  return fromScaled(values[rows], levels[rows]);
}

function fromScaled(value: number, level: number): ExactKsTail {
  if (level === ZERO_LEVEL || value === 0) {
    return { probability: 0, logProbability: Number.NEGATIVE_INFINITY, withinUnitInterval: true };
  }
  let probability = value;
  for (let step = 0; step < level && probability > 0; step += 1) {
    probability *= LEVEL_SCALE_DOWN;
  }
  const logProbability = Math.log(value) - level * LEVEL_BITS * Math.LN2;
  return { probability, logProbability: Math.min(0, logProbability), withinUnitInterval: true };
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const rest = x % y;
    x = y;
    y = rest;
  }
  return x;
}
