import { DriftwatchError } from '../errors';

/** Bounds of a numeric command-line option. */
export interface NumberOptionRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

/**
 * Parses the text of a numeric option such as `--threshold 0.05`. Throws DriftwatchError
 * `INPUT_INVALID` naming the option, the text and the allowed range when the text is not a finite
 * number, is not an integer where one is needed, or lies outside [min, max].
 */
export function parseNumberOption(option: string, text: string, rules: NumberOptionRules = {}): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const wholeEnough = rules.integer !== true || Number.isInteger(value);
  const inRange =
    (rules.min === undefined || value >= rules.min) && (rules.max === undefined || value <= rules.max);
  if (Number.isFinite(value) && wholeEnough && inRange) return value;

  const kind = rules.integer === true ? 'an integer' : 'a number';
  const range =
    rules.min !== undefined && rules.max !== undefined
      ? ` from ${rules.min} to ${rules.max}`
      : rules.min !== undefined
        ? ` of at least ${rules.min}`
        : '';
  throw new DriftwatchError('INPUT_INVALID', `${option} '${text}' is invalid: pass ${kind}${range}`);
}

/**
 * Splits a comma-separated list option such as `--features a,b,c` into trimmed, non-empty,
 * distinct names in their given order. Throws DriftwatchError `INPUT_INVALID` when no name is left.
 */
export function parseListOption(option: string, text: string): string[] {
  const names = [...new Set(text.split(',').map((name) => name.trim()))].filter((name) => name !== '');
  if (names.length === 0) {
    throw new DriftwatchError(
      'INPUT_INVALID',
      `${option} '${text}' names no column: pass names separated by commas`,
    );
  }
  return names;
}
