import { ksTwoSample } from '../../src/detectors/ks';
import { computeWindowStatistics, createFeatureNormalizer } from '../../src/normalization';
import { createSeededRandom, type RandomSource } from '../../src/statistics/random';

/** Draws from N(mean, sd²) with the Box-Muller transform over a seeded uniform source. */
function createNormalSampler(random: RandomSource, mean: number, standardDeviation: number): () => number {
  return () => {
    // 1 − u lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    return mean + standardDeviation * radius * Math.cos(2 * Math.PI * random());
  };
}

function meanAndStandardDeviation(values: number[]): { mean: number; standardDeviation: number } {
  const statistics = computeWindowStatistics(values);
  return {
    mean: statistics.mean ?? Number.NaN,
    standardDeviation: Math.sqrt(statistics.biasedVariance ?? Number.NaN),
  };
}

describe('normalization under domain shift', () => {
  // The service's default window of 1,000 records; 15 windows follow the first drifted one.
  const windowSize = 1000;
  const windowCount = 16;
  const referenceSampler = createNormalSampler(createSeededRandom(20240601), 50, 10);
  const referenceValues = Array.from({ length: 20000 }, referenceSampler);
  const referenceStatistics = computeWindowStatistics(referenceValues);
  const reference = {
    mean: referenceStatistics.mean ?? Number.NaN,
    variance: referenceStatistics.biasedVariance ?? Number.NaN,
    count: referenceStatistics.count,
  };

  // The stream is 3x − 20 for fresh draws x ~ N(50, 10²), so it follows N(130, 30²).
  const streamSampler = createNormalSampler(createSeededRandom(777), 50, 10);
  const streamWindows = Array.from({ length: windowCount }, () =>
    Array.from({ length: windowSize }, () => 3 * streamSampler() - 20),
  );

  function normalizeStream(mode: 'adaptive' | 'reference'): number[][] {
    const normalizer = createFeatureNormalizer({ name: 'x', mode, reference, affine: 'reference' });
    return streamWindows.map((window) =>
      Array.from(normalizer.normalizeWindow(window, { drifted: true }).output),
    );
  }

  it('maps the shifted stream back onto the reference with adaptive mode', () => {
    const outputs = normalizeStream('adaptive');
    const afterSwitch = outputs.slice(1).flat();
    const { mean, standardDeviation } = meanAndStandardDeviation(afterSwitch);

    expect(afterSwitch).toHaveLength(15000);
    expect(Math.abs(mean - 50)).toBeLessThan(0.5);
    expect(Math.abs(standardDeviation - 10)).toBeLessThan(0.5);
  });

  it('passes a KS test against the reference on 5,000 values', () => {
    // The last 5 windows, once the running statistics have followed the stream for 10 windows.
    const lastValues = normalizeStream('adaptive').slice(-5).flat();

    expect(lastValues).toHaveLength(5000);
    expect(ksTwoSample(referenceValues, lastValues).pValue).toBeGreaterThanOrEqual(0.01);
  });

  it('maps the first drifted window with its own statistics', () => {
    const [first] = normalizeStream('adaptive');
    const { mean, standardDeviation } = meanAndStandardDeviation(first);
    // Unbiased window variance: the output spread is sqrt((n − 1)/n) of the reference's.
    const expectedDeviation = Math.sqrt(reference.variance * ((windowSize - 1) / windowSize));

    expect(mean).toBeCloseTo(reference.mean, 9);
    expect(standardDeviation).toBeCloseTo(expectedDeviation, 4);
  });

  it('leaves the shift visible with reference mode', () => {
    const lastValues = normalizeStream('reference').slice(-5).flat();
    const { mean } = meanAndStandardDeviation(lastValues);

    expect(mean).toBeGreaterThan(100);
    expect(ksTwoSample(referenceValues, lastValues).pValue).toBeLessThan(0.01);
  });
});
