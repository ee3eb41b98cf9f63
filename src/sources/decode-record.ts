import type { SourceRecord } from './source-record';

/** Reason code of a dead letter, also the `reason` label of the dead-letter metric. */
export type DeadLetterReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'missing_feature'
  | 'wrong_type'
  | 'non_finite_number'
  | 'invalid_event_time'
  | 'late_record';

/** A field the decoder checks. */
export interface DecodedField {
  name: string;
  kind: 'numeric' | 'categorical';
  /** When true (the default), a record without the key is malformed; `null` is always a missing value. */
  required: boolean;
}

/** Fields and event-time field the decoder checks in a pipeline's records. */
export interface DecodeSpec {
  fields: DecodedField[];
  /** Field with the event time (ISO 8601 string or epoch milliseconds); absent for count windows. */
  eventTimeField?: string;
}

/** A record that passed decoding. Numeric values are numbers or NaN (missing); categorical are strings or null. */
export interface DecodedRecord {
  source: SourceRecord;
  /** The whole JSON object, kept so output records carry every original field. */
  fields: Record<string, unknown>;
  /** The record value as JSON text, kept so the output can extend it without serializing it again. */
  json: string;
  numeric: Map<string, number>;
  categorical: Map<string, string | null>;
  eventTimeMs: number | null;
}

/** A record that failed decoding, with a reason code and a message naming the field and value. */
export interface RejectedRecord {
  source: SourceRecord;
  reason: DeadLetterReason;
  message: string;
}

/**
 * Decodes a record's JSON value and checks it against the spec.
 *
 * - `null` (or an absent optional field) is a missing value: kept, counted as missing, left out of tests.
 * - A numeric feature accepts a finite JSON number. A numeric string ("12.5") is a wrong type:
 *   producers that quote numbers must be fixed, not guessed at. Numbers outside the double range
 *   (JSON `1e400` parses to Infinity) are rejected as non-finite.
 * - A categorical feature accepts a string, a number or a boolean (converted to its string form).
 */
export function decodeRecord(source: SourceRecord, spec: DecodeSpec): DecodedRecord | RejectedRecord {
  if (source.value === null) {
    return reject(source, 'invalid_json', 'record value is empty (a tombstone); expected a JSON object');
  }

  const json = source.value.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return reject(source, 'invalid_json', `record value is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return reject(source, 'not_an_object', `record value must be a JSON object, got ${describe(parsed)}`);
  }

  const fields = parsed as Record<string, unknown>;
  const numeric = new Map<string, number>();
  const categorical = new Map<string, string | null>();

  for (const field of spec.fields) {
    const present = Object.hasOwn(fields, field.name);
    const value = fields[field.name];

    if (!present && field.required) {
      return reject(source, 'missing_feature', `required feature "${field.name}" is absent from the record`);
    }
    if (field.kind === 'numeric') {
      if (value === null || value === undefined) {
        numeric.set(field.name, Number.NaN);
      } else if (typeof value !== 'number') {
        return reject(
          source,
          'wrong_type',
          `feature "${field.name}" must be a JSON number or null, got ${describe(value)}`,
        );
      } else if (!Number.isFinite(value)) {
        return reject(source, 'non_finite_number', `feature "${field.name}" is not a finite number`);
      } else {
        numeric.set(field.name, value);
      }
    } else if (value === null || value === undefined) {
      categorical.set(field.name, null);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      categorical.set(field.name, String(value));
    } else {
      return reject(
        source,
        'wrong_type',
        `feature "${field.name}" must be a string, number, boolean or null, got ${describe(value)}`,
      );
    }
  }

  let eventTimeMs: number | null = null;
  if (spec.eventTimeField !== undefined) {
    const raw = fields[spec.eventTimeField];
    eventTimeMs = parseEventTime(raw);
    if (eventTimeMs === null) {
      return reject(
        source,
        'invalid_event_time',
        `event time field "${spec.eventTimeField}" must be an ISO 8601 date or epoch milliseconds, got ${describe(raw)}`,
      );
    }
  }

  return { source, fields, json, numeric, categorical, eventTimeMs };
}

/** True when the decoder rejected the record. */
export function isRejected(result: DecodedRecord | RejectedRecord): result is RejectedRecord {
  return 'reason' in result;
}

function parseEventTime(raw: unknown): number | null {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? raw : null;
  }
  if (typeof raw === 'string' && raw !== '') {
    const value = Date.parse(raw);
    return Number.isNaN(value) ? null : value;
  }
  return null;
}

function reject(source: SourceRecord, reason: DeadLetterReason, message: string): RejectedRecord {
  return { source, reason, message };
}

/** Describes a value for an error message without echoing a long payload. */
function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value} ${shown}`;
}
