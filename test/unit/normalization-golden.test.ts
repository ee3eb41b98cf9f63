import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFeatureNormalizer, type FeatureNormalizationConfig } from '../../src/normalization';

/**
 * Golden values from scripts/golden/batchnorm.py, a float64 numpy model of torch.nn.BatchNorm1d
 * (and of the adaptive mode). Every comparison is relative with tolerance 1e-12.
 */
const RELATIVE_TOLERANCE = 1e-12;

interface ChannelCase {
  values: Array<number | null>;
  batchMean: number;
  batchBiasedVariance: number;
  batchUnbiasedVariance: number;
  runningMean: number;
  runningVariance: number;
  trainOutput: Array<number | null>;
  evalOutput: Array<number | null>;
}

interface LayerCase {
  description: string;
  momentum: number;
  epsilon: number;
  channels: ChannelCase[];
}

interface SequenceWindow extends ChannelCase {
  count: number;
}

interface SequenceCase {
  name: string;
  momentum: number;
  epsilon: number;
  affine: { gamma: number; beta: number };
  initial?: { mean: number; variance: number };
  windows: SequenceWindow[];
}

interface AdaptiveWindow {
  values: Array<number | null>;
  drifted: boolean | null;
  source: 'reference' | 'adapted';
  mean: number;
  variance: number;
  skipped: 'too-few-values' | 'zero-variance' | null;
  event: {
    from: string;
    to: string;
    windowIndex: number;
    previous: [number, number];
    next: [number, number];
  } | null;
  output: Array<number | null>;
}

interface AdaptiveCase {
  name: string;
  momentum: number;
  epsilon: number;
  revert: boolean;
  reference: { mean: number; variance: number };
  affine: { gamma: number; beta: number };
  windows: AdaptiveWindow[];
}

interface Golden {
  known: LayerCase;
  momentumOne: LayerCase;
  sequences: SequenceCase[];
  adaptive: AdaptiveCase[];
}

const golden = JSON.parse(readFileSync(join(__dirname, '..', 'golden', 'batchnorm.json'), 'utf8')) as Golden;

function toValues(values: Array<number | null>): Float64Array {
  return Float64Array.from(values, (value) => (value === null ? Number.NaN : value));
}

function expectClose(actual: number, expected: number, label: string): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  const error = Math.abs(actual - expected);
  if (!(error <= RELATIVE_TOLERANCE * scale)) {
    throw new Error(`${label}: received ${actual}, expected ${expected} (relative error ${error / scale})`);
  }
}

function expectOutput(actual: Float64Array, expected: Array<number | null>, label: string): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, index) => {
    if (value === null) {
      expect(actual[index]).toBeNaN();
    } else {
      expectClose(actual[index], value, `${label}[${index}]`);
    }
  });
}

function runningConfig(sequence: { momentum: number; epsilon: number }, mode: 'window' | 'running') {
  return {
    name: 'x',
    mode,
    momentum: sequence.momentum,
    epsilon: sequence.epsilon,
  } satisfies FeatureNormalizationConfig;
}

describe('normalization golden values', () => {
  describe('PyTorch BatchNorm1d known case', () => {
    const channel = golden.known.channels[0];

    it('matches training output of X[0,0,:]', () => {
      const normalizer = createFeatureNormalizer(runningConfig(golden.known, 'window'));
      const result = normalizer.normalizeWindow(toValues(channel.values));

      expectClose(result.statistics.mean, 4, 'batch mean');
      expectClose(result.statistics.variance, 2.5, 'batch biased variance');
      expectClose(
        result.window.unbiasedVariance ?? Number.NaN,
        2.6666666666666665,
        'batch unbiased variance',
      );
      expectOutput(
        result.output.subarray(0, 4),
        [-1.8973628013792196, -1.264908534252813, -0.6324542671264065, 0.0],
        'train X[0,0,:]',
      );
    });

    it('matches running statistics and evaluation output after one update', () => {
      const expectedMeans = [0.4, 0.8, 1.2];

      golden.known.channels.forEach((channelCase, index) => {
        const normalizer = createFeatureNormalizer(runningConfig(golden.known, 'running'));
        const result = normalizer.normalizeWindow(toValues(channelCase.values));

        expectClose(result.statistics.mean, expectedMeans[index], `running mean of channel ${index}`);
        expectClose(result.statistics.variance, 1.1666666666666667, `running variance of channel ${index}`);
      });

      const first = createFeatureNormalizer(runningConfig(golden.known, 'running')).normalizeWindow(
        toValues(channel.values),
      );
      expectOutput(
        first.output.subarray(0, 4),
        [0.5554896791985786, 1.4813058111962096, 2.4071219431938404, 3.3329380751914717],
        'eval X[0,0,:]',
      );
    });

    it('matches every channel of the numpy model', () => {
      for (const [index, channelCase] of golden.known.channels.entries()) {
        const window = createFeatureNormalizer(runningConfig(golden.known, 'window'));
        const running = createFeatureNormalizer(runningConfig(golden.known, 'running'));

        expectOutput(
          window.normalizeWindow(toValues(channelCase.values)).output,
          channelCase.trainOutput,
          `train ${index}`,
        );
        expectOutput(
          running.normalizeWindow(toValues(channelCase.values)).output,
          channelCase.evalOutput,
          `eval ${index}`,
        );
      }
    });
  });

  describe('PyTorch BatchNorm1d with momentum 1', () => {
    const expectedMeans = [0, 10, 0.6666666666666666, 0.3333333333333333];
    const expectedVariances = [12, 109, 5.333333333333334, 1.3333333333333335];
    const expectedBiased = [8, 72.66666666666667, 3.555555555555556, 0.888888888888889];

    it('replaces running statistics by the batch statistics', () => {
      golden.momentumOne.channels.forEach((channelCase, index) => {
        const running = createFeatureNormalizer(runningConfig(golden.momentumOne, 'running'));
        const window = createFeatureNormalizer(runningConfig(golden.momentumOne, 'window'));
        const runningResult = running.normalizeWindow(toValues(channelCase.values));
        const windowResult = window.normalizeWindow(toValues(channelCase.values));

        expectClose(runningResult.statistics.mean, expectedMeans[index], `running mean ${index}`);
        expectClose(runningResult.statistics.variance, expectedVariances[index], `running variance ${index}`);
        expectClose(windowResult.statistics.variance, expectedBiased[index], `biased variance ${index}`);
        expectOutput(windowResult.output, channelCase.trainOutput, `train ${index}`);
        expectOutput(runningResult.output, channelCase.evalOutput, `eval ${index}`);
      });
    });
  });

  describe.each(golden.sequences.map((sequence) => [sequence.name, sequence] as const))(
    'sequence %s',
    (_, sequence) => {
      const config = {
        momentum: sequence.momentum,
        epsilon: sequence.epsilon,
        affine: sequence.affine,
        reference: sequence.initial === undefined ? undefined : { ...sequence.initial },
      };

      it('matches training outputs in window mode', () => {
        const normalizer = createFeatureNormalizer({ name: 'x', mode: 'window', ...config });

        sequence.windows.forEach((window, index) => {
          const result = normalizer.normalizeWindow(toValues(window.values));

          expect(result.window.count).toBe(window.count);
          expectClose(result.statistics.mean, window.batchMean, `window ${index} mean`);
          expectClose(
            result.statistics.variance,
            window.batchBiasedVariance,
            `window ${index} biased variance`,
          );
          expectClose(
            result.window.unbiasedVariance ?? Number.NaN,
            window.batchUnbiasedVariance,
            `window ${index} unbiased`,
          );
          expectOutput(result.output, window.trainOutput, `window ${index} output`);
        });
      });

      it('matches running statistics and evaluation outputs in running mode', () => {
        const normalizer = createFeatureNormalizer({ name: 'x', mode: 'running', ...config });

        sequence.windows.forEach((window, index) => {
          const result = normalizer.normalizeWindow(toValues(window.values));

          expectClose(result.statistics.mean, window.runningMean, `window ${index} running mean`);
          expectClose(result.statistics.variance, window.runningVariance, `window ${index} running variance`);
          expectOutput(result.output, window.evalOutput, `window ${index} output`);
        });
      });
    },
  );

  describe.each(golden.adaptive.map((sequence) => [sequence.name, sequence] as const))(
    'adaptive %s',
    (_, sequence) => {
      it('matches sources, events, skips and outputs', () => {
        const normalizer = createFeatureNormalizer({
          name: 'x',
          mode: 'adaptive',
          reference: sequence.reference,
          momentum: sequence.momentum,
          epsilon: sequence.epsilon,
          revert: sequence.revert,
          affine: sequence.affine,
        });

        sequence.windows.forEach((window, index) => {
          const verdict = window.drifted === null ? undefined : { drifted: window.drifted };
          const result = normalizer.normalizeWindow(toValues(window.values), verdict);

          expect(result.statistics.source).toBe(window.source);
          expect(result.skipped).toBe(window.skipped);
          expectClose(result.statistics.mean, window.mean, `window ${index} mean`);
          expectClose(result.statistics.variance, window.variance, `window ${index} variance`);
          expectOutput(result.output, window.output, `window ${index} output`);

          if (window.event === null) {
            expect(result.events).toEqual([]);
          } else {
            expect(result.events).toHaveLength(1);
            const [event] = result.events;
            expect(event).toMatchObject({
              feature: 'x',
              from: window.event.from,
              to: window.event.to,
              windowIndex: index,
            });
            expectClose(event.previous.mean, window.event.previous[0], `event ${index} previous mean`);
            expectClose(
              event.previous.variance,
              window.event.previous[1],
              `event ${index} previous variance`,
            );
            expectClose(event.next.mean, window.event.next[0], `event ${index} next mean`);
            expectClose(event.next.variance, window.event.next[1], `event ${index} next variance`);
          }
        });
      });
    },
  );
});
