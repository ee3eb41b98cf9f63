import { basename } from 'node:path';
import type { FeatureKind } from '../detectors/types';
import { classifyCell, toCategoryLabel } from '../statistics/cell-value';
import { inferColumnKind, type RecordTable, readRecordFile } from './file-records';
import type { SourceRecord } from './source-record';

/**
 * Turns a table read from a CSV or NDJSON file into JSON records, typed per column: a column is
 * numeric when every non-missing value is a finite number (then cells become numbers, or null where
 * missing), otherwise categorical (cells become strings, or null where missing). This is the shape
 * the service expects on its input topic.
 */
export function toJsonRecords(table: RecordTable): Array<Record<string, unknown>> {
  const kinds = new Map<string, FeatureKind>();
  for (const column of table.columns) {
    kinds.set(column, inferColumnKind(table.values.get(column) ?? []));
  }

  const records: Array<Record<string, unknown>> = [];
  for (let row = 0; row < table.rowCount; row += 1) {
    const record: Record<string, unknown> = {};
    for (const column of table.columns) {
      const raw = table.values.get(column)?.[row];
      record[column] = kinds.get(column) === 'numeric' ? toNumberOrNull(raw) : toCategoryLabel(raw);
    }
    records.push(record);
  }
  return records;
}

/** Reads a CSV or NDJSON file as typed JSON records (see `toJsonRecords`). */
export async function readJsonRecords(path: string): Promise<Array<Record<string, unknown>>> {
  return toJsonRecords(await readRecordFile(path));
}

/**
 * Wraps JSON records as source records, as if read from partition 0 of a topic named after the
 * file, with offsets in file order. `timestampOf` gives each record's Kafka-style timestamp in ms
 * (default: `nowMs` for all).
 */
export function toSourceRecords(
  file: string,
  records: ReadonlyArray<Record<string, unknown>>,
  options: { keyField?: string; timestampOf?: (record: Record<string, unknown>) => number; nowMs: number },
): SourceRecord[] {
  const topic = `file:${basename(file)}`;
  return records.map((record, index) => {
    const key = options.keyField === undefined ? null : record[options.keyField];
    const timestamp = options.timestampOf?.(record) ?? options.nowMs;
    return {
      topic,
      partition: 0,
      offset: String(index),
      key: key === null || key === undefined ? null : Buffer.from(String(key)),
      value: Buffer.from(JSON.stringify(record)),
      headers: {},
      timestamp: String(timestamp),
      receivedAtMs: options.nowMs,
    };
  });
}

function toNumberOrNull(raw: unknown): number | null {
  const cell = classifyCell(raw);
  return cell.type === 'number' ? cell.value : null;
}
