import * as kafkajs from 'kafkajs';
import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import type { Logger } from '../logging/logger';

/** Backoff settings of `retryKafkaOperation`. */
export interface RetryOptions {
  logger: Logger;
  /** Stops retrying: the operation's last error is thrown. */
  signal?: AbortSignal;
  /** First delay in milliseconds (default 250), doubled each attempt up to `maxDelayMs` (default 30,000). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Name of the retried operation, for the log line. */
  operation: string;
}

/**
 * Runs a Kafka operation until it succeeds, retrying errors that a broker outage or a leader
 * change causes (see `isRetriableKafkaError`) with exponential backoff, full jitter and a cap.
 * There is no attempt limit: a stream processor must wait for its broker rather than drop work,
 * and `signal` ends the wait at shutdown. Other errors are thrown at once, with earlier attempts'
 * errors kept as `cause`.
 */
export async function retryKafkaOperation<T>(run: () => Promise<T>, options: RetryOptions): Promise<T> {
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 30_000;

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!isRetriableKafkaError(error) || options.signal?.aborted) {
        throw error;
      }
      const capMs = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 20));
      const delayMs = Math.round(capMs / 2 + (Math.random() * capMs) / 2);
      options.logger.warn(
        { err: error, attempt, delayMs, operation: options.operation },
        'kafka operation failed; retrying',
      );
      await sleep(delayMs, options.signal);
    }
  }
}

/**
 * True for errors that go away when the broker comes back: lost or refused connections, request
 * timeouts, no reachable broker, kafkajs giving up after its own retries, and protocol errors
 * that kafkajs marks retriable (leader not available, not coordinator, ...).
 */
export function isRetriableKafkaError(error: unknown): boolean {
  if (
    error instanceof KafkaJSConnectionError ||
    error instanceof KafkaJSRequestTimeoutError ||
    error instanceof KafkaJSNumberOfRetriesExceeded ||
    untypedErrorClasses.some((errorClass) => errorClass !== undefined && error instanceof errorClass)
  ) {
    return true;
  }
  return error instanceof KafkaJSError && error.retriable;
}

/** kafkajs 2.2 exports these classes at run time but not in its type definitions. */
const untypedErrorClasses = ['KafkaJSConnectionClosedError', 'KafkaJSNoBrokerAvailableError'].map(
  (name) => (kafkajs as unknown as Record<string, (new (...args: never[]) => Error) | undefined>)[name],
);

function sleep(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, delayMs);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
