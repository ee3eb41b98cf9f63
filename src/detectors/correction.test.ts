import golden from '../../test/golden/summaries.json';
import { adjustPValues } from './correction';

describe('adjustPValues', () => {
  it.each(golden.corrections.map((entry) => [entry.pValues.length, entry] as const))(
    'matches scipy Benjamini-Hochberg for %i p-values',
    (_size, entry) => {
      expect(adjustPValues(entry.pValues, 'benjamini-hochberg')).toEqual(entry.benjaminiHochberg);
    },
  );

  it('multiplies by m for Bonferroni, capped at 1', () => {
    expect(adjustPValues([0.01, 0.2, 0.5], 'bonferroni')).toEqual([0.03, 0.6000000000000001, 1]);
  });

  it('copies the input without correction', () => {
    const pValues = [0.3, 0.01];
    const adjusted = adjustPValues(pValues, 'none');

    expect(adjusted).toEqual([0.3, 0.01]);
    expect(adjusted).not.toBe(pValues);
  });

  it('accepts an empty list', () => {
    expect(adjustPValues([], 'benjamini-hochberg')).toEqual([]);
    expect(adjustPValues([], 'bonferroni')).toEqual([]);
  });

  it('rejects p-values outside [0, 1]', () => {
    expect(() => adjustPValues([0.2, Number.NaN], 'bonferroni')).toThrow(
      /p-value NaN at index 1 is invalid: p-values must lie in \[0, 1\]/,
    );
    expect(() => adjustPValues([1.5], 'none')).toThrow(/p-value 1.5 at index 0 is invalid/);
  });
});
