/**
 * Classification of a raw field value (a CSV cell, a JSON value) as the summaries read it.
 *
 * Missing: null, undefined, NaN, the empty string (after trimming) and the string "NaN" in any
 * letter case. Numbers: finite JSON numbers and strings that are decimal literals (optional sign,
 * digits, decimal point, exponent; surrounding spaces ignored). Infinite: ±Infinity and the
 * strings "inf", "infinity" with optional sign in any letter case, and literals that overflow a
 * double such as "1e400". Infinite values are invalid input for a numeric feature: they are counted
 * and reported, never used as values, and they do not make a column categorical.
 * Everything else is text.
 */
export type CellValue =
  | { type: 'missing' }
  | { type: 'number'; value: number }
  | { type: 'infinite'; value: number }
  | { type: 'text'; text: string };

const MISSING: CellValue = { type: 'missing' };
const DECIMAL_LITERAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_LITERAL = /^([+-]?)(?:inf|infinity)$/i;
const NAN_LITERAL = /^nan$/i;

/** Classifies one raw field value as missing, a finite number, an infinite number or text. */
export function classifyCell(raw: unknown): CellValue {
  if (raw === null || raw === undefined) return MISSING;

  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return MISSING;
    if (!Number.isFinite(raw)) return { type: 'infinite', value: raw };
    return { type: 'number', value: raw };
  }

  if (typeof raw === 'string') return classifyText(raw);
  if (typeof raw === 'bigint') return classifyCell(Number(raw));
  if (typeof raw === 'boolean') return { type: 'text', text: String(raw) };
  return { type: 'text', text: JSON.stringify(raw) ?? String(raw) };
}

/**
 * Returns the category label of a raw value, or null when it is missing. Text keeps its trimmed
 * spelling (so "1.0" and "1" are different categories); a JSON number becomes `String(value)`.
 */
export function toCategoryLabel(raw: unknown): string | null {
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed === '' || NAN_LITERAL.test(trimmed)) return null;
    return trimmed;
  }

  const cell = classifyCell(raw);
  switch (cell.type) {
    case 'missing':
      return null;
    case 'number':
    case 'infinite':
      return String(cell.value);
    case 'text':
      return cell.text;
  }
}

function classifyText(raw: string): CellValue {
  const text = raw.trim();
  if (text === '' || NAN_LITERAL.test(text)) return MISSING;

  if (DECIMAL_LITERAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? { type: 'number', value } : { type: 'infinite', value };
  }

  const infinity = INFINITY_LITERAL.exec(text);
  if (infinity !== null) return { type: 'infinite', value: infinity[1] === '-' ? -Infinity : Infinity };

  return { type: 'text', text };
}
