import golden from '../../test/golden/summaries.json';
import { DriftwatchError } from '../errors';
import { type FeatureSummary, summarizeColumn } from '../statistics/feature-summary';
import type { NumericSummary } from '../statistics/numeric-summary';
import { createSeededRandom } from '../statistics/random';
import { evaluateFeatureDrift } from './evaluate-feature';
import type { FeatureKind } from './types';

function summariesOf(
  kind: FeatureKind,
  reference: readonly unknown[],
  current: readonly unknown[],
  sampleCapacity?: number,
): [FeatureSummary, FeatureSummary] {
  const referenceSummary = summarizeColumn(kind, reference, {
    sampleCapacity,
    random: createSeededRandom(1),
  });
  const edges = referenceSummary.kind === 'numeric' ? referenceSummary.edges : undefined;
  const currentSummary = summarizeColumn(kind, current, {
    edges,
    sampleCapacity,
    random: createSeededRandom(2),
  });
  return [referenceSummary, currentSummary];
}

function relativeError(actual: number | null, expected: number): number {
  if (actual === null) return Infinity;
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('evaluateFeatureDrift', () => {
  it.each(golden.evaluations.map((entry) => [entry.name, entry] as const))(
    'matches scipy: %s',
    (_name, entry) => {
      const [reference, current] = summariesOf(entry.kind as FeatureKind, entry.reference, entry.current);
      const automatic = evaluateFeatureDrift('x', reference, current);
      const line = evaluateFeatureDrift('x', reference, current, { method: entry.method as never });

      expect(line.method).toBe(entry.method);
      expect(relativeError(line.statistic, entry.statistic)).toBeLessThan(1e-12);
      if (entry.pValue === null) {
        expect(line.pValue).toBeNull();
      } else {
        expect(relativeError(line.pValue, entry.pValue)).toBeLessThan(1e-12);
      }
      expect(line.referenceCount).toBe(entry.reference.length);
      expect(line.currentCount).toBe(entry.current.length);
      if (!['hellinger', 'psi'].includes(entry.method) && entry.name !== 'numeric jensen-shannon bins') {
        expect(automatic).toEqual(line);
      }
    },
  );

  it('applies thresholds by method family', () => {
    const [reference, current] = summariesOf('categorical', ['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);

    const test = evaluateFeatureDrift('c', reference, current, { method: 'chi-square', threshold: 0.9 });
    const distance = evaluateFeatureDrift('c', reference, current, { method: 'hellinger', threshold: 0.5 });

    expect(test.pValue).not.toBeNull();
    expect(test.drifted).toBe((test.pValue ?? 1) < 0.9);
    expect(test.threshold).toBe(0.9);
    expect(distance.drifted).toBe((distance.statistic ?? 0) >= 0.5);
  });

  it('reports insufficient data without NaN', () => {
    const [reference, current] = summariesOf('numeric', [1, 2, 3, 4, 5, 6], ['', 'NaN', 5]);
    const line = evaluateFeatureDrift('temp', reference, current);

    expect(line).toEqual({
      name: 'temp',
      kind: 'numeric',
      method: 'ks',
      statistic: null,
      pValue: null,
      threshold: 0.05,
      drifted: false,
      referenceCount: 6,
      currentCount: 1,
      missingShare: 2 / 3,
      notes: [
        'insufficient data: 6 reference and 1 current values, but each side needs at least 2; counted as not drifted',
      ],
    });
  });

  it('reports an empty reference as insufficient', () => {
    const [reference, current] = summariesOf('categorical', ['', ''], ['a', 'b']);
    const line = evaluateFeatureDrift('sky', reference, current, { method: 'jensen-shannon' });

    expect(line.statistic).toBeNull();
    expect(line.drifted).toBe(false);
    expect(line.missingShare).toBe(0);
  });

  it('notes invalid values and samples', () => {
    const reference = Array.from({ length: 50 }, (_, index) => index);
    const current = [...Array.from({ length: 50 }, (_, index) => index + 0.5), Infinity, 'abc'];
    const [referenceSummary, currentSummary] = summariesOf('numeric', reference, current, 20);
    const line = evaluateFeatureDrift('x', referenceSummary, currentSummary, { method: 'ks' });

    expect(line.notes).toEqual([
      '2 current values were infinite or not numbers and were left out',
      'ks ran on a uniform sample of 20 of the 50 reference values',
      'ks ran on a uniform sample of 20 of the 50 current values',
    ]);
    expect(line.currentCount).toBe(50);
    expect(line.missingShare).toBe(0);
  });

  it('counts values from the sample without exact counts', () => {
    const [reference, current] = summariesOf('numeric', [1, 1, 2, 2, 3], [1, 2, 3, 4, 5, 6, 7]);
    (current as NumericSummary).valueCounts = null;
    const line = evaluateFeatureDrift('x', reference, current);

    expect(line.method).toBe('chi-square');
    expect(line.statistic).toBeGreaterThan(0);
    expect(line.notes).toBeUndefined();
  });

  it('gives an infinite PSI with epsilon 0', () => {
    const [reference, current] = summariesOf('categorical', ['a', 'a', 'b'], ['a', 'c', 'c']);
    const line = evaluateFeatureDrift('x', reference, current, { method: 'psi', psiEpsilon: 0 });

    expect(line.statistic).toBe(Infinity);
    expect(line.drifted).toBe(true);
  });

  it('uses the target rule for a target', () => {
    const values = Array.from({ length: 2000 }, (_, index) => index % 2);
    const [reference, current] = summariesOf('numeric', values, values);

    expect(evaluateFeatureDrift('label', reference, current, { role: 'target' }).method).toBe('chi-square');
    expect(evaluateFeatureDrift('label', reference, current).method).toBe('jensen-shannon');
  });

  it('rejects KS on a categorical feature', () => {
    const [reference, current] = summariesOf('categorical', ['a', 'b'], ['a', 'b']);

    expect(() => evaluateFeatureDrift('sky', reference, current, { method: 'ks' })).toThrow(
      expect.objectContaining({ code: 'METHOD_NOT_APPLICABLE' }),
    );
  });

  it('rejects summaries of different kinds', () => {
    const [reference] = summariesOf('numeric', [1, 2], [1, 2]);
    const [current] = summariesOf('categorical', ['a', 'b'], ['a']);

    expect(() => evaluateFeatureDrift('x', reference, current)).toThrow(DriftwatchError);
    expect(() => evaluateFeatureDrift('x', reference, current)).toThrow(
      "feature 'x' is numeric in the reference but categorical in the current data",
    );
  });
});
