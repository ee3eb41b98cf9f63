import { DriftwatchError } from '../errors';

/**
 * Window settings for grouping records. Times are in milliseconds: event time for window bounds and
 * lateness, processing time (the injected clock) for idleness.
 *
 * - `count`: tumbling windows of `size` records across all partitions, in arrival order.
 * - `tumbling`: event-time windows [k·sizeMs, (k+1)·sizeMs), aligned to the epoch.
 * - `sliding`: event-time windows of `sizeMs` that start every `slideMs`, aligned to the epoch, so each
 *   record falls into sizeMs / slideMs windows.
 *
 * `allowedLatenessMs` is how far behind the newest event time of its partition a record may arrive
 * and still count. `idleTimeoutMs` is how long a partition may deliver nothing before it stops
 * holding back the watermark. docs/windows.md gives the full semantics.
 */
export type WindowSpec =
  | { type: 'count'; size: number }
  | { type: 'tumbling'; sizeMs: number; allowedLatenessMs: number; idleTimeoutMs: number }
  | { type: 'sliding'; sizeMs: number; slideMs: number; allowedLatenessMs: number; idleTimeoutMs: number };

/** Window specs that group by event time. */
export type EventTimeWindowSpec = Exclude<WindowSpec, { type: 'count' }>;

/**
 * Throws DriftwatchError `CONFIG_INVALID` unless `spec` is usable. The message and `context.path`
 * name the bad field (`window.<field>`). The rules:
 *
 * - `type` is `count`, `tumbling` or `sliding`;
 * - `size` is an integer >= 2, because a single record cannot be tested for shift;
 * - `sizeMs`, `slideMs` and `idleTimeoutMs` are positive safe integers;
 * - `allowedLatenessMs` is a safe integer >= 0;
 * - `slideMs` divides `sizeMs`, so every window is made of whole slide buckets (slideMs = sizeMs
 *   gives tumbling windows).
 */
export function validateWindowSpec(spec: WindowSpec): void {
  switch (spec.type) {
    case 'count':
      if (!Number.isInteger(spec.size) || spec.size < 2) {
        throw invalidField(
          'size',
          spec.size,
          'an integer >= 2, because one record cannot be tested for shift',
        );
      }
      return;

    case 'tumbling':
      validateEventTimeFields(spec);
      return;

    case 'sliding':
      validateEventTimeFields(spec);
      if (!isPositiveSafeInteger(spec.slideMs)) {
        throw invalidField('slideMs', spec.slideMs, 'a positive integer number of milliseconds');
      }
      if (spec.sizeMs % spec.slideMs !== 0) {
        throw invalidField(
          'slideMs',
          spec.slideMs,
          `a divisor of window.sizeMs (${spec.sizeMs}), so that every window is made of whole slides`,
        );
      }
      return;

    default:
      throw invalidField('type', (spec as { type: unknown }).type, "one of 'count', 'tumbling', 'sliding'");
  }
}

/** Returns the slide of an event-time spec: `slideMs` for sliding windows, `sizeMs` for tumbling ones. */
export function slideMsOf(spec: EventTimeWindowSpec): number {
  return spec.type === 'sliding' ? spec.slideMs : spec.sizeMs;
}

function validateEventTimeFields(spec: EventTimeWindowSpec): void {
  if (!isPositiveSafeInteger(spec.sizeMs)) {
    throw invalidField('sizeMs', spec.sizeMs, 'a positive integer number of milliseconds');
  }
  if (!Number.isSafeInteger(spec.allowedLatenessMs) || spec.allowedLatenessMs < 0) {
    throw invalidField('allowedLatenessMs', spec.allowedLatenessMs, 'an integer number of milliseconds >= 0');
  }
  if (!isPositiveSafeInteger(spec.idleTimeoutMs)) {
    throw invalidField('idleTimeoutMs', spec.idleTimeoutMs, 'a positive integer number of milliseconds');
  }
}

function isPositiveSafeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

// JSON.stringify would print NaN and Infinity as null, so only strings go through it.
function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function invalidField(field: string, received: unknown, rule: string): DriftwatchError {
  const path = `window.${field}`;
  return new DriftwatchError(
    'CONFIG_INVALID',
    `Window setting ${path} is invalid: received ${formatValue(received)}, expected ${rule}.`,
    { context: { path } },
  );
}
