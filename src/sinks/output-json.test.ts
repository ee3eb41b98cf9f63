import type { DecodedRecord } from '../sources/decode-record';
import { toOutputJson } from './output-json';

function decoded(json: string): DecodedRecord {
  return {
    source: {
      topic: 't',
      partition: 0,
      offset: '0',
      key: null,
      value: Buffer.from(json),
      headers: {},
      timestamp: '0',
      receivedAtMs: 0,
    },
    fields: JSON.parse(json) as Record<string, unknown>,
    json,
    numeric: new Map(),
    categorical: new Map(),
    eventTimeMs: null,
  };
}

describe('toOutputJson', () => {
  it('appends normalized fields and keeps the original text', () => {
    const output = toOutputJson(decoded('{"temp": 1.50, "city": "Oslo"}  '), { temp: -0.25 });

    expect(output).toBe('{"temp": 1.50, "city": "Oslo","temp_normalized":-0.25}  ');
    expect(JSON.parse(output)).toEqual({ temp: 1.5, city: 'Oslo', temp_normalized: -0.25 });
  });

  it('writes null for a missing value', () => {
    expect(JSON.parse(toOutputJson(decoded('{"temp": null}'), { temp: null }))).toEqual({
      temp: null,
      temp_normalized: null,
    });
  });

  it('handles an empty input object', () => {
    expect(JSON.parse(toOutputJson(decoded('{}'), { temp: 2 }))).toEqual({ temp_normalized: 2 });
  });

  it('replaces an input field of the same name', () => {
    const output = toOutputJson(decoded('{"temp": 1, "temp_normalized": "stale"}'), { temp: 0.5 });

    expect(output.match(/temp_normalized/g)).toHaveLength(1);
    expect(JSON.parse(output)).toEqual({ temp: 1, temp_normalized: 0.5 });
  });

  it('returns the input text without normalized features', () => {
    expect(toOutputJson(decoded('{"id": 7}'), {})).toBe('{"id": 7}');
  });

  it('writes numbers that parse back to the same double', () => {
    for (const value of [1e21, -1.7976931348623157e308, 5e-324, 0.1 + 0.2, -0]) {
      const output = JSON.parse(toOutputJson(decoded('{"x": 0}'), { x: value })) as { x_normalized: number };
      expect(output.x_normalized).toBe(value === 0 ? 0 : value);
    }
  });
});
