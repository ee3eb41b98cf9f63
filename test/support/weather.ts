import path from 'node:path';
import { readJsonRecords } from '../../src/sources/file-replay';

/** The daily weather table shipped in the npm package vega-datasets: Seattle and New York, 2012-2015. */
export const WEATHER_CSV = path.resolve(__dirname, '../../node_modules/vega-datasets/data/weather.csv');

/** Seattle's weather profile built by `driftwatch profile` (config/references/). */
export const SEATTLE_PROFILE = path.resolve(__dirname, '../../config/references/seattle-weather.json');

/** Reads the weather table as typed JSON records, split by location. */
export async function readWeather(): Promise<{
  seattle: Array<Record<string, unknown>>;
  newYork: Array<Record<string, unknown>>;
}> {
  const records = await readJsonRecords(WEATHER_CSV);
  return {
    seattle: records.filter((record) => record.location === 'Seattle'),
    newYork: records.filter((record) => record.location === 'New York'),
  };
}

/** Returns a seeded shuffle of `items` (Fisher-Yates over a linear congruential generator). */
export function shuffleSeeded<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0;
  for (let index = result.length - 1; index > 0; index -= 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const other = state % (index + 1);
    [result[index], result[other]] = [result[other], result[index]];
  }
  return result;
}
