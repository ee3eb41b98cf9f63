import path from 'node:path';
import type { RecordTable } from '../sources/file-records';
import { readJsonRecords } from '../sources/file-replay';

/** A typed weather record: location, date (YYYY-MM-DD), precipitation, temp_max, temp_min, wind, weather. */
export type WeatherRecord = Record<string, unknown>;

/**
 * Returns the path of `weather.csv` in the vega-datasets package: daily weather of Seattle and
 * New York from 2012-01-01 to 2015-12-31 (1,461 days each). The package is a production
 * dependency, so the file ships with every install and with the Docker image.
 */
export function locateWeatherCsv(): string {
  // The package's main file is build/index.js; the data sets sit in data/ beside build/.
  return path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data', 'weather.csv');
}

/** Reads the weather table as typed JSON records, in file order (Seattle first, then New York). */
export async function readWeatherRecords(file = locateWeatherCsv()): Promise<WeatherRecord[]> {
  return readJsonRecords(file);
}

/** Returns the `date` field of a weather record; an absent or non-text date becomes the empty string. */
export function dateOf(record: WeatherRecord): string {
  return typeof record.date === 'string' ? record.date : '';
}

/** Returns a JSON value as a number; null and other non-numbers (missing values) become NaN. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/**
 * Builds a record table from JSON records, for the reference profile builder. Columns are the keys
 * in order of first appearance; a record without a key gets `undefined` there, read as missing.
 */
export function toRecordTable(file: string, records: readonly WeatherRecord[]): RecordTable {
  const columns: string[] = [];
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!columns.includes(key)) {
        columns.push(key);
      }
    }
  }

  const values = new Map(columns.map((column) => [column, records.map((record) => record[column])]));
  return {
    file,
    format: 'ndjson',
    columns,
    rowCount: records.length,
    values,
    lineNumbers: records.map((_record, index) => index + 1),
  };
}
