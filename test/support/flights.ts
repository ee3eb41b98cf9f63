import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The first `count` rows of the 200,000-flight table shipped in vega-datasets, with an `id` added. */
export function readFlights(
  count: number,
): Array<{ id: number; delay: number; distance: number; time: number }> {
  const file = path.resolve(__dirname, '../../node_modules/vega-datasets/data/flights-200k.json');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<{
    delay: number;
    distance: number;
    time: number;
  }>;
  return rows.slice(0, count).map((row, id) => ({ id, ...row }));
}

/** Message key of a flight: its departure hour, so each key has many records in order. */
export function flightKey(flight: { time: number }): string {
  return `hour-${Math.floor(flight.time)}`;
}
