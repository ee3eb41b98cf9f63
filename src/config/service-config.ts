import path from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from './yaml-file';

const saslSchema = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: z.string().min(1),
});

const sslSchema = z.union([
  z.boolean(),
  z.strictObject({
    ca: z.string().optional().describe('path to a PEM file with the CA certificates'),
    cert: z.string().optional().describe('path to a PEM client certificate'),
    key: z.string().optional().describe('path to a PEM client key'),
    rejectUnauthorized: z.boolean().default(true),
  }),
]);

/** Service settings: Kafka client, HTTP endpoint, logging, and the pipeline files to run. */
export const serviceConfigSchema = z.strictObject({
  kafka: z.strictObject({
    clientId: z.string().min(1).default('driftwatch'),
    brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1),
    ssl: sslSchema.optional(),
    sasl: saslSchema.optional(),
    connectionTimeoutMs: z.number().int().positive().default(3000),
    requestTimeoutMs: z.number().int().positive().default(30000),
  }),
  http: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(9464),
    })
    .default({ host: '127.0.0.1', port: 9464 }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  pipelines: z.array(z.string().min(1)).min(1, 'list at least one pipeline file'),
});

export type ServiceConfig = z.output<typeof serviceConfigSchema> & {
  /** Absolute paths of the pipeline files, resolved against the service file's folder. */
  pipelineFiles: string[];
};

/**
 * Loads `config/driftwatch.yaml` (or the given file). Environment variables override the file:
 * `KAFKA_BROKERS` (comma-separated host:port), `DRIFTWATCH_HTTP_HOST`, `DRIFTWATCH_HTTP_PORT`, `LOG_LEVEL`.
 * Pipeline paths are relative to the service file.
 */
export function loadServiceConfig(file: string, environment: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const config = loadYamlFile(file, serviceConfigSchema, {
    overrides: (raw) => applyEnvironment(raw, environment),
  });
  const folder = path.dirname(path.resolve(file));

  return { ...config, pipelineFiles: config.pipelines.map((entry) => path.resolve(folder, entry)) };
}

function applyEnvironment(raw: unknown, environment: NodeJS.ProcessEnv): unknown {
  const config = (raw ?? {}) as Record<string, Record<string, unknown> | unknown>;
  const kafka = { ...((config.kafka as Record<string, unknown>) ?? {}) };
  const http = { ...((config.http as Record<string, unknown>) ?? {}) };

  if (environment.KAFKA_BROKERS) {
    kafka.brokers = environment.KAFKA_BROKERS.split(',').map((broker) => broker.trim());
  }
  if (environment.DRIFTWATCH_HTTP_HOST) {
    http.host = environment.DRIFTWATCH_HTTP_HOST;
  }
  if (environment.DRIFTWATCH_HTTP_PORT) {
    http.port = Number(environment.DRIFTWATCH_HTTP_PORT);
  }
  const overridden: Record<string, unknown> = { ...config, kafka, http };
  if (environment.LOG_LEVEL) {
    overridden.logLevel = environment.LOG_LEVEL;
  }
  return overridden;
}
