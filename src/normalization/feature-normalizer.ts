import { DriftwatchError } from '../errors';
import { normalizeValues } from './batch-norm';
import {
  type FeatureNormalizationConfig,
  type NormalizationMode,
  type ResolvedFeatureConfig,
  resolveFeatureConfig,
} from './feature-config';
import {
  INITIAL_RUNNING_STATISTICS,
  type NormalStatistics,
  updateRunningStatistics,
} from './running-statistics';
import type { AppliedStatistics, StatisticsSource, SwitchEvent } from './switch-event';
import { computeWindowStatistics, type WindowStatistics } from './window-statistics';

/**
 * Reason a window's statistics were not re-estimated, so the previous statistics stayed in use.
 * - `too-few-values`: fewer than 2 usable values (0 or 1), so no unbiased variance exists.
 * - `zero-variance`: every usable value is equal (mode `adaptive` only).
 */
export type SkipReason = 'too-few-values' | 'zero-variance';

/** The drift verdict of one feature for one window, as the drift report gives it. */
export interface DriftVerdict {
  drifted: boolean;
}

/** Result of normalizing one window of one feature. */
export interface FeatureWindowResult {
  feature: string;
  /** Zero-based index of this window among the windows this normalizer has seen. */
  windowIndex: number;
  /** One value per input value; NaN where the input was missing or invalid. */
  output: Float64Array;
  /** Statistics that produced `output`, after any update or switch caused by this window. */
  statistics: AppliedStatistics;
  /** Raw statistics of this window's usable values. */
  window: WindowStatistics;
  /** Set when this window's statistics were not re-estimated; null otherwise. */
  skipped: SkipReason | null;
  /** Source switches caused by this window: none, or one in mode `adaptive`. */
  events: SwitchEvent[];
  /** True when `statistics` differ from the previous window's (or from the initial ones). */
  changed: boolean;
}

/** Counters and current statistics of one feature, for metrics and the state endpoint. */
export interface FeatureNormalizerState {
  name: string;
  mode: NormalizationMode;
  /** Statistics last used (before any window: the initial ones). */
  source: StatisticsSource;
  mean: number;
  variance: number;
  gamma: number;
  beta: number;
  epsilon: number;
  momentum: number;
  windowCount: number;
  switchCount: number;
  skippedWindows: number;
  skipReasons: Record<SkipReason, number>;
  /** Values left out and emitted as missing, invalid ones included. */
  missingCount: number;
  /** Values left out because they were present but unusable (±Infinity, |x| > 1e100). */
  invalidCount: number;
}

/** Normalizes one numeric feature window by window and keeps its statistics between windows. */
export interface FeatureNormalizer {
  readonly name: string;
  /**
   * Normalizes one closed window. `verdict` is this window's drift verdict against the reference;
   * only mode `adaptive` reads it, and undefined means no verdict (the source stays as it is).
   */
  normalizeWindow(values: ArrayLike<number | null>, verdict?: DriftVerdict): FeatureWindowResult;
  state(): FeatureNormalizerState;
}

/**
 * Creates the normalizer of one numeric feature. Each call of `normalizeWindow` first chooses the
 * statistics for the window according to the mode, then normalizes every value of that same window
 * with them: y = γ·(x − μ)/sqrt(σ² + ε) + β.
 *
 * Before the first window the statistics are the reference's (mean and population variance) when a
 * reference is given, otherwise mean 0 and variance 1 as PyTorch initializes running statistics.
 *
 * - `reference`: always the reference statistics; nothing is estimated or skipped.
 * - `window`: the window's mean and biased variance, as BatchNorm in training mode. A window with
 *   fewer than 2 usable values keeps the previous window's statistics (`too-few-values`). A window
 *   whose values are all equal is normalized with its own statistics, as PyTorch does, so every
 *   output equals β.
 * - `running`: the running statistics are first updated with the window (unbiased variance,
 *   momentum) and the window is then normalized with the updated values, as a PyTorch BatchNorm
 *   layer evaluated right after a training step on the same batch. A window with fewer than 2
 *   usable values leaves them unchanged (`too-few-values`); an all-equal window updates them with
 *   variance 0, as PyTorch does.
 * - `adaptive`: the reference statistics until a verdict with `drifted: true`. That window is
 *   normalized with its own mean and unbiased variance (AdaBN), and later windows update them
 *   with the momentum, normalizing after the update as in `running`. With revert on, the first
 *   window whose verdict is `drifted: false` switches back and is normalized with the reference.
 *   A window with fewer than 2 usable values or with all values equal cannot re-estimate
 *   statistics: it keeps the previous ones and is counted as skipped, also when it would have
 *   caused the switch (the switch then waits for the next drifted window).
 *
 * Missing values (NaN, null) and invalid ones (±Infinity, |x| > 1e100) are left out of every
 * statistic and stay NaN in the output. Throws DriftwatchError `CONFIG_INVALID` for invalid settings
 * (see `resolveFeatureConfig`) and `INPUT_INVALID` for a verdict without a boolean `drifted`.
 */
export function createFeatureNormalizer(config: FeatureNormalizationConfig): FeatureNormalizer {
  const settings = resolveFeatureConfig(config);
  const reference: NormalStatistics | undefined =
    settings.reference === undefined
      ? undefined
      : { mean: settings.reference.mean, variance: settings.reference.variance };

  let current: AppliedStatistics = {
    ...(reference ?? INITIAL_RUNNING_STATISTICS),
    source: initialSource(settings.mode),
  };
  let windowCount = 0;
  let switchCount = 0;
  let missingCount = 0;
  let invalidCount = 0;
  const skipReasons: Record<SkipReason, number> = { 'too-few-values': 0, 'zero-variance': 0 };

  function normalizeWindow(values: ArrayLike<number | null>, verdict?: DriftVerdict): FeatureWindowResult {
    if (verdict !== undefined && typeof verdict?.drifted !== 'boolean') {
      throw new DriftwatchError(
        'INPUT_INVALID',
        `Drift verdict of feature '${settings.name}' is invalid: received ${JSON.stringify(verdict)}, ` +
          `expected {drifted: true|false} or undefined.`,
        { context: { feature: settings.name } },
      );
    }

    const windowIndex = windowCount;
    const window = computeWindowStatistics(values);
    const step = chooseStatistics(settings, reference, current, window, verdict, windowIndex);
    const changed =
      step.statistics.mean !== current.mean ||
      step.statistics.variance !== current.variance ||
      step.statistics.source !== current.source;

    current = step.statistics;
    windowCount += 1;
    switchCount += step.events.length;
    missingCount += window.missingCount;
    invalidCount += window.invalidCount;
    if (step.skipped !== null) {
      skipReasons[step.skipped] += 1;
    }

    const output = normalizeValues(values, current, { epsilon: settings.epsilon, ...settings.affine });
    return {
      feature: settings.name,
      windowIndex,
      output,
      statistics: { ...current },
      window,
      skipped: step.skipped,
      events: step.events,
      changed,
    };
  }

  function state(): FeatureNormalizerState {
    return {
      name: settings.name,
      mode: settings.mode,
      source: current.source,
      mean: current.mean,
      variance: current.variance,
      gamma: settings.affine.gamma,
      beta: settings.affine.beta,
      epsilon: settings.epsilon,
      momentum: settings.momentum,
      windowCount,
      switchCount,
      skippedWindows: skipReasons['too-few-values'] + skipReasons['zero-variance'],
      skipReasons: { ...skipReasons },
      missingCount,
      invalidCount,
    };
  }

  return { name: settings.name, normalizeWindow, state };
}

interface StatisticsStep {
  statistics: AppliedStatistics;
  skipped: SkipReason | null;
  events: SwitchEvent[];
}

function initialSource(mode: NormalizationMode): StatisticsSource {
  if (mode === 'window' || mode === 'running') {
    return mode;
  }
  return 'reference';
}

/** Chooses the statistics of one window for the configured mode; see `createFeatureNormalizer`. */
function chooseStatistics(
  settings: ResolvedFeatureConfig,
  reference: NormalStatistics | undefined,
  current: AppliedStatistics,
  window: WindowStatistics,
  verdict: DriftVerdict | undefined,
  windowIndex: number,
): StatisticsStep {
  const keep = (skipped: SkipReason | null): StatisticsStep => ({ statistics: current, skipped, events: [] });

  switch (settings.mode) {
    case 'reference':
      return keep(null);

    case 'window':
      if (window.mean === null || window.biasedVariance === null || window.count < 2) {
        return keep('too-few-values');
      }
      return {
        statistics: { mean: window.mean, variance: window.biasedVariance, source: 'window' },
        skipped: null,
        events: [],
      };

    case 'running': {
      if (window.mean === null || window.unbiasedVariance === null) {
        return keep('too-few-values');
      }
      const running = updateRunningStatistics(
        current,
        { mean: window.mean, unbiasedVariance: window.unbiasedVariance },
        settings.momentum,
      );
      return { statistics: { ...running, source: 'running' }, skipped: null, events: [] };
    }

    case 'adaptive':
      return chooseAdaptiveStatistics(settings, reference, current, window, verdict, windowIndex);
  }
}

function chooseAdaptiveStatistics(
  settings: ResolvedFeatureConfig,
  reference: NormalStatistics | undefined,
  current: AppliedStatistics,
  window: WindowStatistics,
  verdict: DriftVerdict | undefined,
  windowIndex: number,
): StatisticsStep {
  if (reference === undefined) {
    // resolveFeatureConfig rejects mode 'adaptive' without a reference.
    throw new DriftwatchError(
      'CONFIG_INVALID',
      `Mode 'adaptive' of feature '${settings.name}' has no reference.`,
      {
        context: { feature: settings.name },
      },
    );
  }

  const previous = { mean: current.mean, variance: current.variance };

  if (current.source === 'adapted' && settings.revert && verdict?.drifted === false) {
    const event: SwitchEvent = {
      feature: settings.name,
      from: 'adapted',
      to: 'reference',
      windowIndex,
      previous,
      next: { mean: reference.mean, variance: reference.variance },
    };
    return { statistics: { ...reference, source: 'reference' }, skipped: null, events: [event] };
  }

  if (current.source === 'reference' && verdict?.drifted !== true) {
    return { statistics: current, skipped: null, events: [] };
  }

  // From here the window must re-estimate statistics: it either causes the switch or updates them.
  if (window.mean === null || window.unbiasedVariance === null) {
    return { statistics: current, skipped: 'too-few-values', events: [] };
  }
  if (window.unbiasedVariance === 0) {
    return { statistics: current, skipped: 'zero-variance', events: [] };
  }

  if (current.source === 'reference') {
    const next = { mean: window.mean, variance: window.unbiasedVariance };
    const event: SwitchEvent = {
      feature: settings.name,
      from: 'reference',
      to: 'adapted',
      windowIndex,
      previous,
      next,
    };
    return { statistics: { ...next, source: 'adapted' }, skipped: null, events: [event] };
  }

  // NOTE: a second shift while adapted is followed only at the momentum's pace, because verdicts
  // compare with the reference and so cannot tell a new shift from the one already adapted to.
  const running = updateRunningStatistics(
    current,
    { mean: window.mean, unbiasedVariance: window.unbiasedVariance },
    settings.momentum,
  );
  return { statistics: { ...running, source: 'adapted' }, skipped: null, events: [] };
}
