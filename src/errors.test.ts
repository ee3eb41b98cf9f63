import { DriftwatchError, isDriftwatchError } from './errors';

describe('DriftwatchError', () => {
  it('keeps code, retryable flag, context and cause', () => {
    const cause = new Error('socket closed');
    const error = new DriftwatchError('KAFKA_UNAVAILABLE', 'broker 127.0.0.1:9092 unreachable', {
      retryable: true,
      context: { topic: 'features', partition: 3 },
      cause,
    });

    expect(error.code).toBe('KAFKA_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.context).toEqual({ topic: 'features', partition: 3 });
    expect(error.cause).toBe(cause);
    expect(isDriftwatchError(error, 'KAFKA_UNAVAILABLE')).toBe(true);
    expect(isDriftwatchError(error, 'CONFIG_INVALID')).toBe(false);
    expect(isDriftwatchError(new Error('plain'))).toBe(false);
  });
});
