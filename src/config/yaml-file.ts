import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { DriftwatchError } from '../errors';

/**
 * Reads a YAML file and validates it with a zod schema. Every error names the file, the line,
 * the key path, the value received and what is allowed; unknown keys are errors because the
 * schemas are strict (a misspelt `threshhold` must not be ignored).
 */
export function loadYamlFile<Schema extends z.ZodType>(
  file: string,
  schema: Schema,
  options: { overrides?: (raw: unknown) => unknown } = {},
): z.output<Schema> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DriftwatchError('CONFIG_NOT_FOUND', `cannot read config file ${file}: check the path`, {
      context: { file },
      cause: error,
    });
  }

  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new DriftwatchError('CONFIG_INVALID', `${file}:${line}: invalid YAML: ${first.message}`, {
      context: { file, line },
    });
  }

  const raw = options.overrides ? options.overrides(document.toJS()) : document.toJS();
  const parsed = schema.safeParse(raw);
  if (parsed.success) {
    return parsed.data;
  }

  const issue = parsed.error.issues[0];
  const keyPath = issue.path.map(String);
  // For an unknown key, point at the key's own line rather than its parent's.
  const linePath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const line = lineOf(document, lineCounter, linePath);
  const received = describeValue(valueAt(raw, issue.path));
  const where = line === undefined ? file : `${file}:${line}`;
  const pathText = keyPath.length === 0 ? '(top level)' : keyPath.join('.');
  const unknownKeys = issue.code === 'unrecognized_keys' ? ` ${issue.keys.join(', ')}` : '';

  throw new DriftwatchError(
    'CONFIG_INVALID',
    `${where}: invalid value at ${pathText}${unknownKeys}: ${issue.message} (received ${received})`,
    { context: { file, line, path: pathText } },
  );
}

function lineOf(
  document: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: PropertyKey[],
): number | undefined {
  // Walk up the path until a node exists: a missing key has no node, its parent does.
  for (let length = path.length; length >= 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range !== undefined) {
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value: unknown = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
