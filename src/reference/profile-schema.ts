import { z } from 'zod';

/**
 * Schema of a reference profile file, version 1: what `driftwatch profile` writes and what
 * `compare --reference PROFILE.json` and the service load. It stores each feature's reference
 * summary so that drift can be computed without the original file.
 *
 * Numbers are plain JSON numbers. JSON.stringify writes the shortest text that reads back to the
 * same double, so a profile reproduces the summaries it was written from bit for bit.
 */
export const PROFILE_VERSION = 1;

const count = z.number().int().nonnegative();
const finite = z.number();

/** Moments of a numeric feature's finite values; null fields when the feature has no value. */
const momentsSchema = z.strictObject({
  /** Arithmetic mean. */
  mean: finite.nullable(),
  /** Sum of squared deviations from the mean (M2); variance is M2 / n (ddof 0) or M2 / (n - 1). */
  sumSquaredDeviations: finite.nonnegative(),
  min: finite.nullable(),
  max: finite.nullable(),
});

/** Decile bins: right-closed, outer bins open; `counts` and `proportions` have one more entry than `edges`. */
const binsSchema = z.strictObject({
  edges: z.array(finite),
  counts: z.array(count),
  /** counts / count, for readers; checked against `counts` on load. */
  proportions: z.array(finite.min(0).max(1)),
});

/** Raw values for KS and Wasserstein. */
const sampleSchema = z.strictObject({
  /** True when `values` holds every finite value of the reference, false when it is a sample. */
  complete: z.boolean(),
  /** Number of finite values offered to the sample (equals the feature's count). */
  seenCount: count,
  values: z.array(finite),
});

const numericFeatureSchema = z.strictObject({
  kind: z.literal('numeric'),
  /** Finite values. */
  count,
  missingCount: count,
  /** Infinite or non-numeric values, left out of every statistic. */
  invalidCount: count,
  moments: momentsSchema,
  bins: binsSchema,
  /** [value, count] per distinct value, ascending, or null when there were too many to keep. */
  valueCounts: z.array(z.tuple([finite, count])).nullable(),
  sample: sampleSchema,
});

const categoricalFeatureSchema = z.strictObject({
  kind: z.literal('categorical'),
  /** Non-missing values. */
  count,
  missingCount: count,
  /** Count per category label. */
  categories: z.record(z.string(), count),
});

/** Zod schema of a version 1 reference profile. */
export const referenceProfileSchema = z.strictObject({
  version: z.literal(PROFILE_VERSION),
  /** File the profile was built from, for readers. */
  source: z.string(),
  /** Records in the source file. */
  rowCount: count,
  /** Reservoir capacity used per numeric feature. */
  sampleCapacity: z.number().int().positive(),
  /** Bound on exact distinct-value counts per numeric feature. */
  maxDistinctValues: z.number().int().positive(),
  features: z.record(
    z.string(),
    z.discriminatedUnion('kind', [numericFeatureSchema, categoricalFeatureSchema]),
  ),
});

/** A version 1 reference profile. */
export type ReferenceProfile = z.infer<typeof referenceProfileSchema>;

/** One feature of a reference profile. */
export type ProfileFeature = ReferenceProfile['features'][string];

/** One numeric feature of a reference profile. */
export type NumericProfileFeature = z.infer<typeof numericFeatureSchema>;

/** One categorical feature of a reference profile. */
export type CategoricalProfileFeature = z.infer<typeof categoricalFeatureSchema>;
