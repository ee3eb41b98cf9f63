import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import type { ServiceConfig } from '../config/service-config';
import type { Logger } from '../logging/logger';

/**
 * Creates the kafkajs client from the service config, with kafkajs logs bridged into pino
 * (one line per event, the kafkajs namespace as `component`). Certificates are read from the
 * paths in the config; secrets never reach the logs.
 */
export function createKafka(config: ServiceConfig['kafka'], logger: Logger): Kafka {
  const settings: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    logLevel: logLevel.INFO,
    logCreator: () => (entry) => {
      const { message, ...fields } = entry.log;
      const child = { component: 'kafkajs', namespace: entry.namespace, ...fields };
      switch (entry.level) {
        case logLevel.ERROR:
          logger.error(child, message);
          break;
        case logLevel.WARN:
          logger.warn(child, message);
          break;
        case logLevel.INFO:
          logger.info(child, message);
          break;
        default:
          logger.debug(child, message);
      }
    },
    // Short backoff cap: after an outage, requests resume within about 5 s of the broker's return.
    // kafkajs gives up after `retries`; the pipeline's own retry loop then keeps going.
    retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 10 },
  };

  if (config.ssl !== undefined) {
    settings.ssl =
      typeof config.ssl === 'boolean'
        ? config.ssl
        : {
            rejectUnauthorized: config.ssl.rejectUnauthorized,
            ca: config.ssl.ca === undefined ? undefined : [readFileSync(config.ssl.ca, 'utf8')],
            cert: config.ssl.cert === undefined ? undefined : readFileSync(config.ssl.cert, 'utf8'),
            key: config.ssl.key === undefined ? undefined : readFileSync(config.ssl.key, 'utf8'),
          };
  }
  if (config.sasl !== undefined) {
    settings.sasl = {
      mechanism: config.sasl.mechanism,
      username: config.sasl.username,
      password: config.sasl.password,
    } as SASLOptions;
  }

  return new Kafka(settings);
}
