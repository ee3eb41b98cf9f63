/**
 * Stable error codes. Callers classify errors by code or class, never by message text.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'INPUT_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'RECORD_INVALID'
  | 'METHOD_NOT_APPLICABLE'
  | 'KAFKA_UNAVAILABLE'
  | 'REFERENCE_INVALID'
  | 'SHUTDOWN';

/** Ids that say where an error happened; every field is optional. */
export interface ErrorContext {
  pipeline?: string;
  topic?: string;
  partition?: number;
  offset?: string;
  feature?: string;
  file?: string;
  line?: number;
  path?: string;
}

/**
 * Base error of driftwatch: a stable `code`, a `retryable` flag, context ids and the `cause`.
 * A message states what failed, the value received, the rule and the fix.
 */
export class DriftwatchError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly context: ErrorContext;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; context?: ErrorContext; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DriftwatchError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }
}

/** Returns true when `error` is a DriftwatchError with the given code. */
export function isDriftwatchError(error: unknown, code?: ErrorCode): error is DriftwatchError {
  return error instanceof DriftwatchError && (code === undefined || error.code === code);
}
