import { KafkaJSConnectionError, KafkaJSError } from 'kafkajs';
import { createLogger } from '../logging/logger';
import { isRetriableKafkaError, retryKafkaOperation } from './retry';

const logger = createLogger({ level: 'silent' });

describe('retryKafkaOperation', () => {
  it('retries a lost connection until it succeeds', async () => {
    let calls = 0;
    const result = await retryKafkaOperation(
      async () => {
        calls += 1;
        if (calls < 3) {
          throw new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
        }
        return 'sent';
      },
      { logger, operation: 'send', initialDelayMs: 1 },
    );

    expect(result).toBe('sent');
    expect(calls).toBe(3);
  });

  it('throws other errors at once', async () => {
    let calls = 0;
    const failing = retryKafkaOperation(
      async () => {
        calls += 1;
        throw new Error('message too large');
      },
      { logger, operation: 'send', initialDelayMs: 1 },
    );

    await expect(failing).rejects.toThrow('message too large');
    expect(calls).toBe(1);
  });

  it('stops retrying once the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const failing = retryKafkaOperation(
      async () => {
        calls += 1;
        controller.abort();
        throw new KafkaJSConnectionError('Connection error');
      },
      { logger, operation: 'send', initialDelayMs: 1, signal: controller.signal },
    );

    await expect(failing).rejects.toThrow('Connection error');
    expect(calls).toBe(1);
  });
});

describe('isRetriableKafkaError', () => {
  it('classifies by class and by the retriable flag', () => {
    expect(isRetriableKafkaError(new KafkaJSConnectionError('x'))).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSError('leader not available', { retriable: true }))).toBe(true);
    expect(isRetriableKafkaError(new KafkaJSError('invalid request', { retriable: false }))).toBe(false);
    expect(isRetriableKafkaError(new Error('x'))).toBe(false);
  });
});
