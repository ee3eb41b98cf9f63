import { chiSquareLogSurvival, chiSquareSurvival } from '../statistics/special/chi-square-distribution';
import { CompensatedSum } from '../statistics/special/compensated-sum';
import { toCountPair } from './input-checks';
import type { MethodResult } from './types';

export { chiSquareLogSurvival, chiSquareSurvival };

/** Result of the chi-square test of homogeneity. */
export interface ChiSquareResult extends MethodResult {
  /** Pearson's X² = Σ (observed − expected)² / expected over both rows, ≥ 0. */
  statistic: number;
  /** P(χ²_dof ≥ statistic) in [0, 1]; 1 when dof = 0. */
  pValue: number;
  /** Degrees of freedom: the number of columns kept minus 1. */
  dof: number;
  /** Natural log of the p-value, finite also where pValue underflows to 0. */
  logPValue: number;
  /** Number of columns kept (columns empty on both sides are dropped). */
  columnCount: number;
  /** Cells whose expected count is below 5, where the chi-square approximation is rough. */
  smallExpectedCells: number;
}

/**
 * Runs Pearson's chi-square test of homogeneity on the 2×K table whose rows are the reference and
 * current counts (columns are bins or categories aligned by index), with no continuity correction.
 * Matches scipy.stats.chi2_contingency(table, correction=False) of scipy 1.17.
 *
 * Expected counts are row total × column total / grand total, so the test is symmetric in its two
 * arguments: a category that vanished from the current window and a brand-new category are treated
 * alike (a zero count on either side is an ordinary cell). Columns that are 0 on both sides carry no
 * information and are dropped before counting degrees of freedom. With one column left (a feature
 * with a single category) the table cannot show a difference: statistic 0, p-value 1, dof 0, no NaN
 * and no exception, also when the two totals differ.
 *
 * @throws DriftwatchError INPUT_INVALID when the vectors differ in length, hold a negative or
 * non-finite count, or one side sums to 0.
 */
export function chiSquareHomogeneity(
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
): ChiSquareResult {
  const { reference, current, referenceTotal, currentTotal } = toCountPair(
    referenceCounts,
    currentCounts,
    'chi-square',
  );
  const grandTotal = referenceTotal + currentTotal;

  const sum = new CompensatedSum();
  let columnCount = 0;
  let smallExpectedCells = 0;
  for (let column = 0; column < reference.length; column += 1) {
    const columnTotal = reference[column] + current[column];
    if (columnTotal === 0) {
      continue;
    }
    columnCount += 1;
    const expectedReference = (referenceTotal * columnTotal) / grandTotal;
    const expectedCurrent = (currentTotal * columnTotal) / grandTotal;
    smallExpectedCells += (expectedReference < 5 ? 1 : 0) + (expectedCurrent < 5 ? 1 : 0);
    // Adding the two cells first keeps the sum bit-identical when the sides are swapped.
    const term =
      (reference[column] - expectedReference) ** 2 / expectedReference +
      (current[column] - expectedCurrent) ** 2 / expectedCurrent;
    sum.add(term);
  }

  if (columnCount <= 1) {
    return { statistic: 0, pValue: 1, dof: 0, logPValue: 0, columnCount, smallExpectedCells };
  }
  const statistic = sum.value();
  const dof = columnCount - 1;
  return {
    statistic,
    pValue: chiSquareSurvival(statistic, dof),
    dof,
    logPValue: chiSquareLogSurvival(statistic, dof),
    columnCount,
    smallExpectedCells,
  };
}
