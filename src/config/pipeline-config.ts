import path from 'node:path';
import { z } from 'zod';
import { DriftwatchError } from '../errors';
import { loadYamlFile } from './yaml-file';

const topicName = z
  .string()
  .regex(
    /^[A-Za-z0-9._-]{1,249}$/,
    'a Kafka topic name uses letters, digits, ".", "_" and "-" (at most 249)',
  );

const driftMethod = z.enum(['ks', 'chi-square', 'psi', 'jensen-shannon', 'hellinger', 'wasserstein']);

const featureSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(['numeric', 'categorical']).optional().describe('taken from the reference when absent'),
  method: driftMethod.optional().describe('chosen automatically when absent'),
  threshold: z.number().positive().optional(),
  required: z.boolean().default(true).describe('false: an absent key counts as a missing value'),
});

const windowSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('count'),
    size: z.number().int().min(2),
    maxWaitMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('close a partial window after this long without records'),
  }),
  z.strictObject({
    type: z.literal('tumbling'),
    sizeMs: z.number().int().positive(),
    allowedLatenessMs: z.number().int().min(0).default(0),
    idleTimeoutMs: z.number().int().positive().default(30000),
  }),
  z.strictObject({
    type: z.literal('sliding'),
    sizeMs: z.number().int().positive(),
    slideMs: z.number().int().positive(),
    allowedLatenessMs: z.number().int().min(0).default(0),
    idleTimeoutMs: z.number().int().positive().default(30000),
  }),
]);

const referenceSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('profile'), path: z.string().min(1) }),
  z.strictObject({ source: z.literal('first'), records: z.number().int().min(2) }),
  z.strictObject({ source: z.literal('previous') }),
]);

const normalizationSchema = z.strictObject({
  mode: z.enum(['reference', 'window', 'running', 'adaptive']).default('adaptive'),
  affine: z
    .union([z.enum(['standard', 'reference']), z.strictObject({ gamma: z.number(), beta: z.number() })])
    .default('reference'),
  momentum: z.number().gt(0).max(1).default(0.1),
  epsilon: z.number().positive().default(1e-5),
  revert: z.boolean().default(true),
});

/** One monitored stream: topics, record shape, features, windows, reference, normalization, delivery. */
export const pipelineConfigSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" and "-"'),
  input: z.strictObject({
    topic: topicName,
    groupId: z.string().min(1).optional(),
    fromBeginning: z.boolean().default(true),
    partitions: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('partitions to create if the topic is absent'),
  }),
  output: z.strictObject({ topic: topicName, partitions: z.number().int().positive().optional() }),
  driftEvents: z.strictObject({ topic: topicName }).optional(),
  deadLetter: z.strictObject({ topic: topicName }).optional(),
  record: z
    .strictObject({
      keyField: z.string().min(1).optional().describe('field used as output key when the input key is empty'),
      eventTimeField: z.string().min(1).optional(),
    })
    .default({}),
  features: z.array(featureSchema).default([]),
  target: featureSchema.omit({ required: true }).optional(),
  window: windowSchema.default({ type: 'count', size: 1000 }),
  reference: referenceSchema.optional(),
  detection: z
    .strictObject({
      datasetThreshold: z.number().gt(0).max(1).default(0.5),
      correction: z.enum(['none', 'bonferroni', 'benjamini-hochberg']).default('none'),
    })
    .default({ datasetThreshold: 0.5, correction: 'none' }),
  normalization: normalizationSchema.default({
    mode: 'adaptive',
    affine: 'reference',
    momentum: 0.1,
    epsilon: 1e-5,
    revert: true,
  }),
  lateRecords: z.enum(['dead-letter', 'ignore']).default('dead-letter'),
  delivery: z
    .strictObject({
      exactlyOnce: z.boolean().default(false),
      maxInFlightRecords: z.number().int().positive().default(50000),
    })
    .default({ exactlyOnce: false, maxInFlightRecords: 50000 }),
});

export type PipelineConfig = z.output<typeof pipelineConfigSchema> & {
  groupId: string;
  /** The file the pipeline was loaded from; relative paths inside it resolve against its folder. */
  file: string;
};

/**
 * Loads one pipeline file. The consumer group defaults to `driftwatch-<id>`; a profile path is
 * resolved against the pipeline file's folder. Checks that need several keys at once (a pipeline
 * with features but no reference, event-time windows without an event-time field, an in-flight
 * limit smaller than a window) fail here with the file and key named.
 */
export function loadPipelineConfig(file: string): PipelineConfig {
  const config = loadYamlFile(file, pipelineConfigSchema);
  const folder = path.dirname(path.resolve(file));
  const invalid = (key: string, message: string) =>
    new DriftwatchError('CONFIG_INVALID', `${file}: invalid value at ${key}: ${message}`, {
      context: { file, path: key, pipeline: config.id },
    });

  if (config.features.length > 0 && config.reference === undefined) {
    throw invalid(
      'reference',
      'features are monitored against a reference: add reference.source profile, first or previous',
    );
  }
  if (config.window.type !== 'count' && config.record.eventTimeField === undefined) {
    throw invalid(
      'record.eventTimeField',
      `${config.window.type} windows use event time: name the field that contains it`,
    );
  }
  if (config.window.type === 'sliding' && config.window.sizeMs % config.window.slideMs !== 0) {
    throw invalid(
      'window.slideMs',
      `must divide window.sizeMs (${config.window.sizeMs}), got ${config.window.slideMs}`,
    );
  }
  if (config.window.type === 'count' && config.delivery.maxInFlightRecords < 2 * config.window.size) {
    throw invalid(
      'delivery.maxInFlightRecords',
      `must be at least twice window.size (${2 * config.window.size}) so a window can fill while the previous one is written, got ${config.delivery.maxInFlightRecords}`,
    );
  }
  const names = new Set<string>();
  for (const [index, feature] of config.features.entries()) {
    if (names.has(feature.name)) {
      throw invalid(`features.${index}.name`, `feature "${feature.name}" is listed twice`);
    }
    names.add(feature.name);
  }

  const reference =
    config.reference?.source === 'profile'
      ? { ...config.reference, path: path.resolve(folder, config.reference.path) }
      : config.reference;

  return {
    ...config,
    reference,
    groupId: config.input.groupId ?? `driftwatch-${config.id}`,
    file: path.resolve(file),
  };
}
