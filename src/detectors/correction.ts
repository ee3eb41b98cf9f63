import { DriftwatchError } from '../errors';
import type { DatasetDrift } from './types';

/**
 * Multiple-testing corrections across the features' p-values. Only hypothesis tests (ks,
 * chi-square) have p-values; distances are compared with their own thresholds and are unaffected.
 */
export type Correction = NonNullable<DatasetDrift['correction']>;

/** Accepted correction names, for option parsing and messages. */
export const CORRECTIONS: readonly Correction[] = ['none', 'bonferroni', 'benjamini-hochberg'];

/**
 * Returns the adjusted p-values, in input order, for m = `pValues.length` tests.
 * `bonferroni`: min(1, p * m), which bounds the family-wise error rate.
 * `benjamini-hochberg`: sorted p_(i) * (m / i), then the running minimum from the largest p down,
 * capped at 1; this bounds the false discovery rate and equals
 * `scipy.stats.false_discovery_control(ps, method='bh')` to the last bit.
 * `none` returns a copy. p-values must lie in [0, 1]; an empty input returns [].
 */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  for (const [index, pValue] of pValues.entries()) {
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `p-value ${pValue} at index ${index} is invalid: p-values must lie in [0, 1]; pass the p-values of the tests unchanged`,
      );
    }
  }

  const m = pValues.length;
  switch (correction) {
    case 'none':
      return [...pValues];
    case 'bonferroni':
      return pValues.map((pValue) => Math.min(1, pValue * m));
    case 'benjamini-hochberg':
      return adjustBenjaminiHochberg(pValues);
  }
}

function adjustBenjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  if (m <= 1) return [...pValues];

  // Tied p-values get the same adjusted value whatever their order, because of the running minimum.
  const order = pValues.map((_, index) => index).sort((left, right) => pValues[left] - pValues[right]);
  const scaled = order.map((index, rank) => pValues[index] * (m / (rank + 1)));
  for (let rank = m - 2; rank >= 0; rank -= 1) {
    scaled[rank] = Math.min(scaled[rank], scaled[rank + 1]);
  }

  const adjusted = new Array<number>(m);
  order.forEach((index, rank) => {
    adjusted[index] = Math.min(1, scaled[rank]);
  });
  return adjusted;
}
