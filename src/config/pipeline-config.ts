import { z } from 'zod';
import { loadYamlFile } from './yaml-file';

const topicName = z
  .string()
  .regex(
    /^[A-Za-z0-9._-]{1,249}$/,
    'a Kafka topic name uses letters, digits, ".", "_" and "-" (at most 249)',
  );

/** One monitored stream: where records come from, where outputs and dead letters go. */
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
  output: z.strictObject({
    topic: topicName,
    partitions: z.number().int().positive().optional(),
  }),
  delivery: z
    .strictObject({
      maxInFlightRecords: z.number().int().positive().default(20000),
    })
    .default({ maxInFlightRecords: 20000 }),
});

export type PipelineConfig = z.output<typeof pipelineConfigSchema> & { groupId: string };

/** Loads one pipeline file; the consumer group defaults to `driftwatch-<id>`. */
export function loadPipelineConfig(file: string): PipelineConfig {
  const config = loadYamlFile(file, pipelineConfigSchema);
  return { ...config, groupId: config.input.groupId ?? `driftwatch-${config.id}` };
}
