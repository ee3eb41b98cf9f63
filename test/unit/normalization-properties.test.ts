import fc from 'fast-check';
import {
  computeWindowStatistics,
  createFeatureNormalizer,
  type FeatureNormalizationConfig,
  MAX_ABS_VALUE,
  NORMALIZATION_MODES,
} from '../../src/normalization';

const EPSILON = 1e-5;

/** Window centers from 0 to the largest accepted magnitude, including ±1e9. */
const centers = fc.constantFrom(0, 1, -250, 1e6, 1e9, -1e9, 1e50, -1e99);

/** Spreads from none to huge, so windows range from constant to wider than their center. */
const spreads = fc.constantFrom(0, 1e-300, 1e-9, 1e-3, 1, 1e3, 1e9, 1e50, 1e99);

/** Finite values around a center, clamped to the accepted magnitude. */
function windowAround(minLength: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc
    .tuple(centers, spreads, fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength, maxLength }))
    .map(([center, spread, offsets]) =>
      offsets.map((offset) => Math.min(MAX_ABS_VALUE, Math.max(-MAX_ABS_VALUE, center + spread * offset))),
    );
}

/** Windows that stress every path: empty, one value, constant, missing values, mixed magnitudes. */
const anyWindow = fc.oneof(
  windowAround(0, 1),
  windowAround(2, 60),
  fc
    .tuple(
      fc.double({ min: -MAX_ABS_VALUE, max: MAX_ABS_VALUE, noNaN: true }),
      fc.integer({ min: 2, max: 20 }),
    )
    .map(([value, length]) => new Array<number>(length).fill(value)),
  windowAround(2, 30).map((values) => values.map((value, index) => (index % 3 === 1 ? Number.NaN : value))),
  fc.array(fc.double({ min: -MAX_ABS_VALUE, max: MAX_ABS_VALUE, noNaN: true }), {
    minLength: 2,
    maxLength: 30,
  }),
);

const anyConfig: fc.Arbitrary<FeatureNormalizationConfig> = fc.record({
  name: fc.constant('x'),
  mode: fc.constantFrom(...NORMALIZATION_MODES),
  reference: fc.record({
    mean: fc.double({ min: -MAX_ABS_VALUE, max: MAX_ABS_VALUE, noNaN: true }),
    variance: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e150, noNaN: true })),
  }),
  affine: fc.constantFrom('standard' as const, 'reference' as const, { gamma: -3.5, beta: 1e6 }),
  momentum: fc.oneof(fc.constantFrom(1, 0.1, 0.01), fc.double({ min: 1e-6, max: 1, noNaN: true })),
  epsilon: fc.constantFrom(1e-12, 1e-8, 1e-5, 0.1, 1),
  revert: fc.boolean(),
});

const verdicts = fc.constantFrom(undefined, { drifted: true }, { drifted: false });

describe('normalization properties', () => {
  it('standardizes each window in window mode', () => {
    fc.assert(
      fc.property(windowAround(2, 80), (values) => {
        const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window', epsilon: EPSILON });
        const result = normalizer.normalizeWindow(values);
        const variance = result.statistics.variance;
        const mean = result.statistics.mean;
        const output = computeWindowStatistics(result.output);
        const outputMean = output.mean ?? Number.NaN;
        const scale = Math.sqrt(variance + EPSILON);

        // The window mean is a double, so it can differ from the exact mean by half an ulp. The
        // output mean inherits that offset divided by the scale, plus the rounding of each output.
        const meanTolerance = (Number.EPSILON * Math.abs(mean)) / scale + 1e-12;
        expect(Math.abs(outputMean)).toBeLessThanOrEqual(meanTolerance);

        const expectedVariance = variance / (variance + EPSILON);
        const outputVariance = output.biasedVariance ?? Number.NaN;
        expect(Math.abs(outputVariance - expectedVariance)).toBeLessThanOrEqual(
          1e-9 * expectedVariance + outputMean * outputMean + 1e-15,
        );
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('emits only finite values for finite input in every mode', () => {
    fc.assert(
      fc.property(
        anyConfig,
        fc.array(fc.tuple(anyWindow, verdicts), { minLength: 1, maxLength: 6 }),
        (config, windows) => {
          const normalizer = createFeatureNormalizer(config);

          for (const [values, verdict] of windows) {
            const result = normalizer.normalizeWindow(values, verdict);

            values.forEach((value, index) => {
              if (Number.isNaN(value)) {
                expect(result.output[index]).toBeNaN();
              } else {
                expect(Number.isFinite(result.output[index])).toBe(true);
              }
            });
            expect(Number.isFinite(result.statistics.mean)).toBe(true);
            expect(Number.isFinite(result.statistics.variance)).toBe(true);
            expect(result.statistics.variance).toBeGreaterThanOrEqual(0);
          }

          const state = normalizer.state();
          expect(state.skippedWindows).toBe(
            state.skipReasons['too-few-values'] + state.skipReasons['zero-variance'],
          );
        },
      ),
      { seed: 1234, numRuns: 400 },
    );
  });

  it('keeps a single value finite without a reference in every mode', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('window' as const, 'running' as const),
        fc.double({ min: -MAX_ABS_VALUE, max: MAX_ABS_VALUE, noNaN: true }),
        (mode, value) => {
          const output = createFeatureNormalizer({ name: 'x', mode }).normalizeWindow([value]).output;

          expect(Number.isFinite(output[0])).toBe(true);
        },
      ),
      { seed: 9, numRuns: 200 },
    );
  });
});
