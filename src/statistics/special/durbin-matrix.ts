import { stirlingError } from './log-gamma';

/** Rescale matrix powers by 2^−128 whenever an entry passes 2^128, tracking the exponent separately. */
const SCALE_EXPONENT = 128;
const SCALE_UP = 2 ** SCALE_EXPONENT;

/**
 * Computes the exact two-sided one-sample Kolmogorov CDF P(Dₙ < d) with Durbin's matrix formula
 * in the form of Marsaglia, Tsang and Wang (2003), "Evaluating Kolmogorov's distribution",
 * J. Stat. Softw. 8(18): with k = ⌈nd⌉ and h = k − nd, P(Dₙ < d) = n!/nⁿ · (Hⁿ)[k−1][k−1] for a
 * (2k−1)×(2k−1) matrix H built from h.
 *
 * Cost is O(k³ log n) time and O(k²) memory, so callers use it only when n·d is small (k up to
 * about 60). Powers are rescaled to avoid overflow and n!/nⁿ is applied as a log, so the result
 * has about 14 significant digits. Returns 0 for nd ≤ 0.5 and 1 for d ≥ 1.
 */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) {
    return 1;
  }
  const nd = n * d;
  if (nd <= 0.5) {
    return 0;
  }

  const k = Math.ceil(nd);
  const h = k - nd;
  const size = 2 * k - 1;
  const base = buildDurbinMatrix(size, h);
  const { matrix, exponent } = powerWithScaling(base, size, n);
  const centre = matrix[(k - 1) * size + (k - 1)];
  if (centre <= 0) {
    return 0;
  }

  // ln(n!/nⁿ) = ½ ln(2πn) − n + stirlingError(n), free of the n ln n cancellation.
  const logFactorialOverPower = 0.5 * Math.log(2 * Math.PI * n) - n + stirlingError(n);
  const logCdf = Math.log(centre) + exponent * Math.LN2 + logFactorialOverPower;
  return Math.min(1, Math.exp(logCdf));
}

/** H[i][j] = 1/(i−j+1)! on and below the superdiagonal, with the first column and last row corrected by h. */
function buildDurbinMatrix(size: number, h: number): Float64Array {
  const inverseFactorials = new Float64Array(size + 1);
  inverseFactorials[0] = 1;
  for (let j = 1; j <= size; j += 1) {
    inverseFactorials[j] = inverseFactorials[j - 1] / j;
  }

  const matrix = new Float64Array(size * size);
  for (let row = 0; row < size; row += 1) {
    for (let column = 1; column < size; column += 1) {
      const order = row - column + 1;
      if (order >= 0) {
        matrix[row * size + column] = inverseFactorials[order];
      }
    }
  }
  for (let row = 0; row < size; row += 1) {
    matrix[row * size] = (1 - h ** (row + 1)) * inverseFactorials[row + 1];
  }
  const last = (size - 1) * size;
  for (let column = 0; column < size; column += 1) {
    matrix[last + column] = (1 - h ** (size - column)) * inverseFactorials[size - column];
  }
  const corner = Math.max(0, 2 * h - 1) ** size - 2 * h ** size;
  matrix[last] = (1 + corner) * inverseFactorials[size];
  return matrix;
}

/** Raises a square matrix to the power n by repeated squaring; the true power is matrix · 2^exponent. */
function powerWithScaling(
  base: Float64Array,
  size: number,
  n: number,
): { matrix: Float64Array; exponent: number } {
  let result = identity(size);
  let resultExponent = 0;
  let square = base;
  let squareExponent = 0;
  let remaining = n;

  while (remaining > 0) {
    if (remaining % 2 === 1) {
      result = multiply(result, square, size);
      resultExponent += squareExponent;
      resultExponent += rescale(result);
    }
    remaining = Math.floor(remaining / 2);
    if (remaining > 0) {
      square = multiply(square, square, size);
      squareExponent *= 2;
      squareExponent += rescale(square);
    }
  }
  return { matrix: result, exponent: resultExponent };
}

/** Divides the matrix by 2^128 while any entry exceeds 2^128; returns the exponent removed. */
function rescale(matrix: Float64Array): number {
  let removed = 0;
  let largest = 0;
  for (const value of matrix) {
    largest = Math.max(largest, Math.abs(value));
  }
  while (largest > SCALE_UP) {
    for (let i = 0; i < matrix.length; i += 1) {
      matrix[i] /= SCALE_UP;
    }
    largest /= SCALE_UP;
    removed += SCALE_EXPONENT;
  }
  return removed;
}

function identity(size: number): Float64Array {
  const matrix = new Float64Array(size * size);
  for (let i = 0; i < size; i += 1) {
    matrix[i * size + i] = 1;
  }
  return matrix;
}

function multiply(left: Float64Array, right: Float64Array, size: number): Float64Array {
  const product = new Float64Array(size * size);
  for (let row = 0; row < size; row += 1) {
    for (let inner = 0; inner < size; inner += 1) {
      const factor = left[row * size + inner];
      if (factor === 0) {
        continue;
      }
      const rightOffset = inner * size;
      const productOffset = row * size;
      for (let column = 0; column < size; column += 1) {
        product[productOffset + column] += factor * right[rightOffset + column];
      }
    }
  }
  return product;
}
