import { DEFAULT_MOMENTUM, INITIAL_RUNNING_STATISTICS, updateRunningStatistics } from './running-statistics';

describe('updateRunningStatistics', () => {
  it('moves by momentum towards the window', () => {
    const updated = updateRunningStatistics(
      { mean: 0, variance: 1 },
      { mean: 4, unbiasedVariance: 8 / 3 },
      0.1,
    );

    expect(updated.mean).toBeCloseTo(0.4, 15);
    expect(updated.variance).toBeCloseTo(0.9 + 0.8 / 3, 15);
  });

  it('replaces the statistics with momentum 1', () => {
    const updated = updateRunningStatistics({ mean: 5, variance: 2 }, { mean: -3, unbiasedVariance: 12 }, 1);

    expect(updated).toEqual({ mean: -3, variance: 12 });
  });

  it('leaves its input unchanged', () => {
    const running = { mean: 1, variance: 1 };
    updateRunningStatistics(running, { mean: 3, unbiasedVariance: 3 }, 0.5);

    expect(running).toEqual({ mean: 1, variance: 1 });
  });

  it('starts from PyTorch defaults', () => {
    expect(INITIAL_RUNNING_STATISTICS).toEqual({ mean: 0, variance: 1 });
    expect(DEFAULT_MOMENTUM).toBe(0.1);
  });
});
