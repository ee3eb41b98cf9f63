import { DriftwatchError } from '../errors';
import { validateWindowSpec, type WindowSpec } from './window-spec';

function errorOf(spec: WindowSpec): DriftwatchError {
  try {
    validateWindowSpec(spec);
  } catch (error) {
    if (error instanceof DriftwatchError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be rejected`);
}

const eventTime = { allowedLatenessMs: 0, idleTimeoutMs: 30_000 };

describe('validateWindowSpec', () => {
  it.each<WindowSpec>([
    { type: 'count', size: 2 },
    { type: 'tumbling', sizeMs: 60_000, ...eventTime },
    { type: 'sliding', sizeMs: 60_000, slideMs: 15_000, ...eventTime },
    { type: 'sliding', sizeMs: 60_000, slideMs: 60_000, allowedLatenessMs: 5_000, idleTimeoutMs: 1 },
  ])('accepts %j', (spec) => {
    expect(() => validateWindowSpec(spec)).not.toThrow();
  });

  it.each<[WindowSpec, string, string]>([
    [{ type: 'count', size: 1 }, 'window.size', 'received 1, expected an integer >= 2'],
    [{ type: 'count', size: 2.5 }, 'window.size', 'received 2.5'],
    [
      { type: 'tumbling', sizeMs: 0, ...eventTime },
      'window.sizeMs',
      'received 0, expected a positive integer',
    ],
    [{ type: 'tumbling', sizeMs: Number.NaN, ...eventTime }, 'window.sizeMs', 'received NaN'],
    [
      { type: 'tumbling', sizeMs: 1000, allowedLatenessMs: -1, idleTimeoutMs: 1000 },
      'window.allowedLatenessMs',
      'received -1, expected an integer number of milliseconds >= 0',
    ],
    [
      { type: 'tumbling', sizeMs: 1000, allowedLatenessMs: 0, idleTimeoutMs: 0 },
      'window.idleTimeoutMs',
      'received 0',
    ],
    [
      { type: 'tumbling', sizeMs: 1000, allowedLatenessMs: 0, idleTimeoutMs: Number.POSITIVE_INFINITY },
      'window.idleTimeoutMs',
      'received Infinity',
    ],
    [{ type: 'sliding', sizeMs: 1000, slideMs: 0, ...eventTime }, 'window.slideMs', 'received 0'],
    [
      { type: 'sliding', sizeMs: 1000, slideMs: 300, ...eventTime },
      'window.slideMs',
      'received 300, expected a divisor of window.sizeMs (1000)',
    ],
    [{ type: 'sliding', sizeMs: 1000, slideMs: 2000, ...eventTime }, 'window.slideMs', 'received 2000'],
    [{ type: 'session', gapMs: 5 } as unknown as WindowSpec, 'window.type', 'received "session"'],
  ])('rejects %j at %s', (spec, path, message) => {
    const error = errorOf(spec);

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.context.path).toBe(path);
    expect(error.message).toContain(`Window setting ${path} is invalid`);
    expect(error.message).toContain(message);
  });
});
