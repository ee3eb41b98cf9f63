import type { CategoricalSummary } from '../statistics/categorical-summary';
import type { FeatureSummary } from '../statistics/feature-summary';
import { computeMean } from '../statistics/moments';
import type { NumericSummary } from '../statistics/numeric-summary';
import { isReservoirComplete } from '../statistics/reservoir';
import {
  type CategoricalProfileFeature,
  type NumericProfileFeature,
  PROFILE_VERSION,
  type ProfileFeature,
  type ReferenceProfile,
} from './profile-schema';

/** Inputs of `createReferenceProfile`. */
export interface ReferenceProfileInput {
  /** File the summaries were built from. */
  source: string;
  /** Records in that file. */
  rowCount: number;
  /** Reference summary per feature, in the order the profile lists them. */
  summaries: ReadonlyMap<string, FeatureSummary>;
  /** Reservoir capacity the numeric summaries were built with. */
  sampleCapacity: number;
  /** Distinct-value bound the numeric summaries were built with. */
  maxDistinctValues: number;
}

/** Creates a version 1 reference profile from reference summaries. */
export function createReferenceProfile(input: ReferenceProfileInput): ReferenceProfile {
  const features: Record<string, ProfileFeature> = {};
  for (const [name, summary] of input.summaries) {
    features[name] = toProfileFeature(summary);
  }

  return {
    version: PROFILE_VERSION,
    source: input.source,
    rowCount: input.rowCount,
    sampleCapacity: input.sampleCapacity,
    maxDistinctValues: input.maxDistinctValues,
    features,
  };
}

/** Converts a feature summary to its profile form (plain JSON data, no Map). */
export function toProfileFeature(summary: FeatureSummary): ProfileFeature {
  return summary.kind === 'numeric' ? toNumericProfileFeature(summary) : toCategoricalProfileFeature(summary);
}

/**
 * Converts a profile feature back to a mergeable summary. The moments restart from the stored
 * mean as their pivot, so mean and variances read back unchanged.
 */
export function toFeatureSummary(feature: ProfileFeature, profile: ReferenceProfile): FeatureSummary {
  if (feature.kind === 'categorical') {
    return {
      kind: 'categorical',
      missingCount: feature.missingCount,
      count: feature.count,
      counts: new Map(Object.entries(feature.categories)),
    };
  }

  return {
    kind: 'numeric',
    missingCount: feature.missingCount,
    invalidCount: feature.invalidCount,
    moments: {
      count: feature.count,
      pivot: feature.moments.mean ?? 0,
      shiftedMean: 0,
      sumSquaredDeviations: feature.moments.sumSquaredDeviations,
      min: feature.moments.min ?? Infinity,
      max: feature.moments.max ?? -Infinity,
    },
    edges: [...feature.bins.edges],
    binCounts: [...feature.bins.counts],
    valueCounts: feature.valueCounts === null ? null : new Map(feature.valueCounts),
    maxDistinctValues: profile.maxDistinctValues,
    sample: {
      capacity: profile.sampleCapacity,
      seenCount: feature.sample.seenCount,
      values: [...feature.sample.values],
    },
  };
}

function toNumericProfileFeature(summary: NumericSummary): NumericProfileFeature {
  const count = summary.moments.count;
  const empty = count === 0;
  const valueCounts =
    summary.valueCounts === null
      ? null
      : [...summary.valueCounts.entries()].sort((left, right) => left[0] - right[0]);

  return {
    kind: 'numeric',
    count,
    missingCount: summary.missingCount,
    invalidCount: summary.invalidCount,
    moments: {
      mean: computeMean(summary.moments),
      sumSquaredDeviations: summary.moments.sumSquaredDeviations,
      min: empty ? null : summary.moments.min,
      max: empty ? null : summary.moments.max,
    },
    bins: {
      edges: [...summary.edges],
      counts: [...summary.binCounts],
      proportions: summary.binCounts.map((binCount) => (empty ? 0 : binCount / count)),
    },
    valueCounts,
    sample: {
      complete: isReservoirComplete(summary.sample),
      seenCount: summary.sample.seenCount,
      values: [...summary.sample.values],
    },
  };
}

function toCategoricalProfileFeature(summary: CategoricalSummary): CategoricalProfileFeature {
  return {
    kind: 'categorical',
    count: summary.count,
    missingCount: summary.missingCount,
    categories: Object.fromEntries(summary.counts),
  };
}
