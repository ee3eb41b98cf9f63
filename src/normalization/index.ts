/**
 * Adaptive normalization of numeric features: Batch Normalization's formula with statistics taken
 * from the reference, the window, running averages, or re-estimated after drift (AdaBN).
 * Pure code: no I/O, no clock.
 */
export { type AffineOption, type AffineParameters, resolveAffine } from './affine';
export { type BatchNormParameters, DEFAULT_EPSILON, normalizeValues } from './batch-norm';
export { exactSum } from './exact-sum';
export {
  type FeatureNormalizationConfig,
  NORMALIZATION_MODES,
  type NormalizationMode,
  type ReferenceStatistics,
  type ResolvedFeatureConfig,
  resolveFeatureConfig,
} from './feature-config';
export {
  createFeatureNormalizer,
  type DriftVerdict,
  type FeatureNormalizer,
  type FeatureNormalizerState,
  type FeatureWindowResult,
  type SkipReason,
} from './feature-normalizer';
export {
  createRecordNormalizer,
  type RecordNormalizer,
  type RecordNormalizerOptions,
  type RecordNormalizerState,
  type RecordWindowResult,
} from './record-normalizer';
export {
  DEFAULT_MOMENTUM,
  INITIAL_RUNNING_STATISTICS,
  type NormalStatistics,
  updateRunningStatistics,
} from './running-statistics';
export type { AppliedStatistics, StatisticsSource, SwitchEvent } from './switch-event';
export {
  computeWindowStatistics,
  isMissingValue,
  isUsableValue,
  MAX_ABS_VALUE,
  type WindowStatistics,
} from './window-statistics';
