import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Creates the root logger: one JSON line per event on stdout (or `destination`).
 * Components take children bound with their ids (pipeline, topic, partition, groupId).
 * Record payloads and secrets are never logged; `redact` removes SASL and SSL secrets
 * if a config object is ever logged whole.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'driftwatch' },
    redact: {
      paths: ['*.password', '*.sasl', '*.ssl.key', '*.ssl.passphrase', 'kafka.sasl', 'kafka.ssl'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };

  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
