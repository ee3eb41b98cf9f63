import { chiSquareHomogeneity } from '../../src/detectors/chi-square';
import { hellingerDistance } from '../../src/detectors/hellinger';
import { jensenShannonDistance } from '../../src/detectors/jensen-shannon';
import { ksTwoSample } from '../../src/detectors/ks';
import { populationStabilityIndex } from '../../src/detectors/psi';
import { normalizedWasserstein } from '../../src/detectors/wasserstein';
import {
  chiSquareLogSurvival,
  chiSquareSurvival,
} from '../../src/statistics/special/chi-square-distribution';
import { kolmogorovSurvival } from '../../src/statistics/special/kolmogorov';
import { kolmogorovFiniteSurvival } from '../../src/statistics/special/kolmogorov-finite';
import { ksTwoSampleExactSurvival } from '../../src/statistics/special/ks-two-sample-exact';
import { logGamma } from '../../src/statistics/special/log-gamma';
import { smirnovSurvival } from '../../src/statistics/special/smirnov';
import golden from '../golden/statistics.json';

/**
 * Golden values from scripts/golden/statistics.py (scipy, numpy, mpmath; versions in the JSON's meta).
 * Tolerances: statistics 1e-12 relative; p-values 1e-9 relative for the exact KS method and 1e-6
 * elsewhere, with an absolute floor of 1e-300; log p-values 1e-9 relative.
 */

const STATISTIC_TOLERANCE = 1e-12;
const EXACT_P_TOLERANCE = 1e-9;
const P_TOLERANCE = 1e-6;
const LOG_TOLERANCE = 1e-9;
const ABSOLUTE_FLOOR = 1e-300;

type Recipe =
  | { kind: 'values'; values: number[] }
  | { kind: 'constant'; size: number; value: number }
  | { kind: 'sequence'; size: number; start: number; step: number }
  | { kind: 'normal'; seed: number; size: number; loc: number; scale: number }
  | { kind: 'integers'; seed: number; size: number; levels: number; offset: number }
  | { kind: 'pareto'; seed: number; size: number; scale: number };

interface SampleCase {
  id: string;
  description: string;
  reference: Recipe;
  current: Recipe;
  check: { referenceHead: number[]; currentHead: number[]; referenceSum: number; currentSum: number };
  ks: { statistic: number; pValue: number; method: string; logPValue: number; logPValueSource: string };
  ksAsymp: { statistic: number; pValue: number } | null;
  wasserstein: { distance: number; referenceStd: number; statistic: number };
}

interface CountCase {
  id: string;
  description: string;
  reference: number[];
  current: number[];
  chiSquare: { statistic: number; pValue: number; dof: number; logPValue: number };
  psi: { statistic: number | string; terms: (number | string)[] };
  psiUnsmoothed: { statistic: number | string; terms: (number | string)[] };
  jensenShannon: { statistic: number; divergence: number; scipy: number };
  hellinger: { statistic: number };
}

const samples = golden.samples as unknown as SampleCase[];
const counts = golden.counts as unknown as CountCase[];

/** Park–Miller minimal standard generator, the same arithmetic as the Python script. */
function uniforms(seed: number, count: number): number[] {
  const out: number[] = [];
  let state = seed;
  for (let i = 0; i < count; i += 1) {
    state = (state * 48271) % 2147483647;
    out.push(state / 2147483647);
  }
  return out;
}

function expand(recipe: Recipe): number[] {
  switch (recipe.kind) {
    case 'values':
      return recipe.values.slice();
    case 'constant':
      return new Array<number>(recipe.size).fill(recipe.value);
    case 'sequence':
      return Array.from({ length: recipe.size }, (_, i) => recipe.start + i * recipe.step);
    case 'normal': {
      const u = uniforms(recipe.seed, 12 * recipe.size);
      const out: number[] = [];
      for (let i = 0; i < recipe.size; i += 1) {
        let sum = 0;
        for (let k = 0; k < 12; k += 1) {
          sum += u[12 * i + k];
        }
        out.push(recipe.loc + recipe.scale * (sum - 6));
      }
      return out;
    }
    case 'integers':
      return uniforms(recipe.seed, recipe.size).map((x) => Math.floor(x * recipe.levels) + recipe.offset);
    case 'pareto':
      return uniforms(recipe.seed, recipe.size).map((x) => recipe.scale / (x + 0.001));
  }
}

function parseNumber(value: number | string): number {
  if (value === 'Infinity') {
    return Number.POSITIVE_INFINITY;
  }
  if (value === '-Infinity') {
    return Number.NEGATIVE_INFINITY;
  }
  return Number(value);
}

/** Asserts |actual − expected| ≤ relative·|expected|, or ≤ absolute where that is larger. */
function expectClose(actual: number, expected: number, relative: number, absolute = 0): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const allowed = Math.max(relative * Math.abs(expected), absolute);
  expect(Number.isNaN(actual)).toBe(false);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(allowed);
}

function sumOf(values: number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

const expanded = new Map<string, { reference: number[]; current: number[] }>();
function samplesOf(testCase: SampleCase): { reference: number[]; current: number[] } {
  let pair = expanded.get(testCase.id);
  if (pair === undefined) {
    pair = { reference: expand(testCase.reference), current: expand(testCase.current) };
    expanded.set(testCase.id, pair);
  }
  return pair;
}

describe('golden samples', () => {
  describe.each(samples.map((c) => [`${c.id} ${c.description}`, c] as const))('%s', (_name, testCase) => {
    it('expands to the same inputs as Python', () => {
      const { reference, current } = samplesOf(testCase);
      expect(reference.slice(0, 3)).toEqual(testCase.check.referenceHead);
      expect(current.slice(0, 3)).toEqual(testCase.check.currentHead);
      expectClose(sumOf(reference), testCase.check.referenceSum, 1e-15, 1e-300);
      expectClose(sumOf(current), testCase.check.currentSum, 1e-15, 1e-300);
    });

    it('matches scipy ks_2samp', () => {
      const { reference, current } = samplesOf(testCase);
      const result = ksTwoSample(reference, current);
      const tolerance = testCase.ks.method === 'exact' ? EXACT_P_TOLERANCE : P_TOLERANCE;

      expect(result.method).toBe(testCase.ks.method);
      expectClose(result.statistic, testCase.ks.statistic, STATISTIC_TOLERANCE);
      expectClose(result.pValue, testCase.ks.pValue, tolerance, ABSOLUTE_FLOOR);
      expectClose(result.logPValue, testCase.ks.logPValue, LOG_TOLERANCE, 1e-15);
    });

    it('matches scipy ks_2samp with method asymp', () => {
      const asymp = testCase.ksAsymp;
      if (asymp === null) {
        return;
      }
      const { reference, current } = samplesOf(testCase);
      const result = ksTwoSample(reference, current, { method: 'asymp' });

      expect(result.method).toBe('asymp');
      expectClose(result.statistic, asymp.statistic, STATISTIC_TOLERANCE);
      expectClose(result.pValue, asymp.pValue, P_TOLERANCE, ABSOLUTE_FLOOR);
    });

    it('matches scipy wasserstein_distance and numpy std', () => {
      const { reference, current } = samplesOf(testCase);
      const result = normalizedWasserstein(reference, current);

      expectClose(result.distance, testCase.wasserstein.distance, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
      expectClose(
        result.referenceStd,
        testCase.wasserstein.referenceStd,
        STATISTIC_TOLERANCE,
        ABSOLUTE_FLOOR,
      );
      expectClose(result.statistic, testCase.wasserstein.statistic, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
    });
  });
});

describe('golden count vectors', () => {
  describe.each(counts.map((c) => [`${c.id} ${c.description}`, c] as const))('%s', (_name, testCase) => {
    it('matches scipy chi2_contingency', () => {
      const result = chiSquareHomogeneity(testCase.reference, testCase.current);

      expect(result.dof).toBe(testCase.chiSquare.dof);
      expectClose(result.statistic, testCase.chiSquare.statistic, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
      expectClose(result.pValue, testCase.chiSquare.pValue, P_TOLERANCE, ABSOLUTE_FLOOR);
      expectClose(result.logPValue, testCase.chiSquare.logPValue, LOG_TOLERANCE, 1e-15);
    });

    it('matches the PSI with epsilon 1e-4 and unsmoothed', () => {
      const smoothed = populationStabilityIndex(testCase.reference, testCase.current);
      const raw = populationStabilityIndex(testCase.reference, testCase.current, { epsilon: 0 });

      const smoothedTotal = parseNumber(testCase.psi.statistic);
      expectClose(smoothed.statistic, smoothedTotal, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
      // A term that is 0 in exact arithmetic may come out as 1e-33 from rounded totals, so terms are
      // compared relative to the whole index.
      testCase.psi.terms.forEach((term, bin) => {
        expectClose(
          smoothed.terms[bin],
          parseNumber(term),
          STATISTIC_TOLERANCE,
          STATISTIC_TOLERANCE * smoothedTotal,
        );
      });
      const rawTotal = parseNumber(testCase.psiUnsmoothed.statistic);
      expectClose(raw.statistic, rawTotal, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
      testCase.psiUnsmoothed.terms.forEach((term, bin) => {
        const allowed = Number.isFinite(rawTotal) ? STATISTIC_TOLERANCE * rawTotal : ABSOLUTE_FLOOR;
        expectClose(raw.terms[bin], parseNumber(term), STATISTIC_TOLERANCE, allowed);
      });
    });

    it('matches the Jensen-Shannon distance in base 2', () => {
      const result = jensenShannonDistance(testCase.reference, testCase.current);

      expectClose(result.statistic, testCase.jensenShannon.statistic, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
      expectClose(result.divergence, testCase.jensenShannon.divergence, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
    });

    it('matches the Hellinger distance', () => {
      const result = hellingerDistance(testCase.reference, testCase.current);

      expectClose(result.statistic, testCase.hellinger.statistic, STATISTIC_TOLERANCE, ABSOLUTE_FLOOR);
    });
  });
});

describe('golden special functions', () => {
  it('logGamma matches mpmath', () => {
    for (const { x, value } of golden.special.logGamma) {
      expectClose(logGamma(x), value, 1e-14, 2e-15);
    }
  });

  it('chiSquareSurvival matches scipy chi2.sf and its log matches mpmath', () => {
    for (const { statistic, dof, scipy, logP } of golden.special.chiSquare) {
      expectClose(chiSquareSurvival(statistic, dof), scipy, 1e-10, ABSOLUTE_FLOOR);
      expectClose(chiSquareLogSurvival(statistic, dof), logP, 1e-12, 1e-15);
    }
  });

  it('kolmogorovSurvival matches scipy kolmogorov and mpmath', () => {
    for (const { t, scipy, logP } of golden.special.kolmogorov) {
      const tail = kolmogorovSurvival(t);
      expectClose(tail.probability, scipy, 1e-12, ABSOLUTE_FLOOR);
      if (logP !== null) {
        expectClose(tail.logProbability, logP, 1e-12, 1e-15);
      }
    }
  });

  it('smirnovSurvival matches scipy smirnov and mpmath', () => {
    for (const { n, x, scipy, logP } of golden.special.smirnov) {
      const tail = smirnovSurvival(n, x);
      expectClose(tail.probability, scipy, 1e-9, ABSOLUTE_FLOOR);
      expectClose(tail.logProbability, logP, 1e-11, 1e-15);
    }
  });

  it('kolmogorovFiniteSurvival matches scipy kstwo.sf in every region', () => {
    for (const { n, x, scipy } of golden.special.kstwo) {
      expectClose(kolmogorovFiniteSurvival(n, x).probability, scipy, P_TOLERANCE, ABSOLUTE_FLOOR);
    }
  });

  it('ksTwoSampleExactSurvival matches scipy and exact integer counts', () => {
    for (const { n, m, h, scipy, logP } of golden.special.ksExact) {
      const tail = ksTwoSampleExactSurvival(n, m, h);
      expectClose(tail.probability, scipy, EXACT_P_TOLERANCE, ABSOLUTE_FLOOR);
      expectClose(tail.logProbability, logP, LOG_TOLERANCE, 1e-15);
    }
  });
});
