/** Decimal number as CSV writers print it: optional sign, digits with an optional point, exponent. */
const DECIMAL_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Text that CSV and NDJSON producers commonly write for a missing number. */
const MISSING_TEXT = new Set(['', 'nan', 'null', 'na', 'n/a']);

/**
 * A record field read as a number.
 * - `number`: the numeric value; the normalizer still checks that it is finite and <= 1e100 in magnitude.
 * - `missing`: null, undefined, NaN, or text that marks a missing value.
 * - `non-numeric`: a value that cannot be a number (other text, booleans, objects).
 */
export type FieldNumber = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'non-numeric' };

/**
 * Reads one record field as a number. Numbers are taken as they are (NaN counts as missing). Text is
 * trimmed and parsed when it is a plain decimal such as `-1.5e3`; the empty string and `NaN`, `null`,
 * `NA` or `N/A` (any case) are missing. Hexadecimal text, `Infinity` and other text are non-numeric,
 * so are booleans and objects. A bigint is converted to the nearest number.
 */
export function readFieldNumber(value: unknown): FieldNumber {
  if (value === null || value === undefined) {
    return { kind: 'missing' };
  }

  if (typeof value === 'number') {
    return Number.isNaN(value) ? { kind: 'missing' } : { kind: 'number', value };
  }

  if (typeof value === 'bigint') {
    return { kind: 'number', value: Number(value) };
  }

  if (typeof value === 'string') {
    const text = value.trim();
    if (MISSING_TEXT.has(text.toLowerCase())) {
      return { kind: 'missing' };
    }
    return DECIMAL_PATTERN.test(text) ? { kind: 'number', value: Number(text) } : { kind: 'non-numeric' };
  }

  return { kind: 'non-numeric' };
}
