import type { DecodedRecord } from '../sources/decode-record';

/** Suffix of the field that carries a feature's renormalized value in output records. */
export const NORMALIZED_SUFFIX = '_normalized';

/** JSON-quoted `<feature>_normalized` keys, built once per feature name. */
const quotedNormalizedKeys = new Map<string, string>();

/**
 * Returns the output value: the input record's JSON text with one `<feature>_normalized` field per
 * normalized feature appended before its closing brace. Splicing keeps every original field byte
 * for byte and avoids serializing the whole record again. A record that already has a field of
 * that name is serialized from its parsed object instead, so the new value replaces the old one
 * rather than giving the object a duplicate key.
 */
export function toOutputJson(record: DecodedRecord, normalized: Record<string, number | null>): string {
  let appended = '';
  for (const name in normalized) {
    const key = name + NORMALIZED_SUFFIX;
    if (Object.hasOwn(record.fields, key)) {
      return JSON.stringify({ ...record.fields, ...renameKeys(normalized) });
    }
    let quoted = quotedNormalizedKeys.get(name);
    if (quoted === undefined) {
      quoted = JSON.stringify(key);
      quotedNormalizedKeys.set(name, quoted);
    }
    const value = normalized[name];
    appended += `,${quoted}:${value === null ? 'null' : String(value)}`;
  }
  if (appended === '') {
    return record.json;
  }

  const closing = record.json.lastIndexOf('}');
  return (
    record.json.slice(0, closing) +
    (hasAnyKey(record.fields) ? appended : appended.slice(1)) +
    record.json.slice(closing)
  );
}

function renameKeys(normalized: Record<string, number | null>): Record<string, number | null> {
  const renamed: Record<string, number | null> = {};
  for (const name in normalized) {
    renamed[name + NORMALIZED_SUFFIX] = normalized[name];
  }
  return renamed;
}

/** True when the object has at least one enumerable key, without building an array of keys. */
export function hasAnyKey(object: object): boolean {
  for (const _key in object) {
    return true;
  }
  return false;
}
