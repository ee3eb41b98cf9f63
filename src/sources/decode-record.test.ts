import { type DecodeSpec, decodeRecord, isRejected } from './decode-record';
import type { SourceRecord } from './source-record';

const spec: DecodeSpec = {
  fields: [
    { name: 'temp', kind: 'numeric', required: true },
    { name: 'wind', kind: 'numeric', required: false },
    { name: 'weather', kind: 'categorical', required: true },
  ],
  eventTimeField: 'date',
};

function source(value: string | null): SourceRecord {
  return {
    topic: 'in',
    partition: 2,
    offset: '41',
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    headers: {},
    timestamp: '1700000000000',
    receivedAtMs: 0,
  };
}

function reasonOf(value: string | null): string {
  const result = decodeRecord(source(value), spec);
  return isRejected(result) ? result.reason : 'accepted';
}

describe('decodeRecord', () => {
  it('decodes numbers, categories and the event time', () => {
    const result = decodeRecord(
      source('{"temp": 12.5, "wind": null, "weather": "rain", "date": "2012-01-01"}'),
      spec,
    );

    expect(isRejected(result)).toBe(false);
    if (isRejected(result)) {
      return;
    }
    expect(result.numeric.get('temp')).toBe(12.5);
    expect(result.numeric.get('wind')).toBeNaN();
    expect(result.categorical.get('weather')).toBe('rain');
    expect(result.eventTimeMs).toBe(Date.parse('2012-01-01'));
  });

  it('treats an absent optional field as missing', () => {
    const result = decodeRecord(source('{"temp": 1, "weather": "sun", "date": 0}'), spec);

    expect(isRejected(result)).toBe(false);
  });

  it('rejects each kind of bad input with its reason', () => {
    expect(reasonOf('{"temp": 1, "weather": "sun", "date": 0')).toBe('invalid_json');
    expect(reasonOf(null)).toBe('invalid_json');
    expect(reasonOf('[1, 2]')).toBe('not_an_object');
    expect(reasonOf('{"weather": "sun", "date": 0}')).toBe('missing_feature');
    expect(reasonOf('{"temp": "12.5", "weather": "sun", "date": 0}')).toBe('wrong_type');
    expect(reasonOf('{"temp": 1e400, "weather": "sun", "date": 0}')).toBe('non_finite_number');
    expect(reasonOf('{"temp": 1, "weather": {"a": 1}, "date": 0}')).toBe('wrong_type');
    expect(reasonOf('{"temp": 1, "weather": "sun", "date": "yesterday"}')).toBe('invalid_event_time');
  });

  it('names the field and the value in the message', () => {
    const result = decodeRecord(source('{"temp": "warm", "weather": "sun", "date": 0}'), spec);

    expect(isRejected(result) && result.message).toBe(
      'feature "temp" must be a JSON number or null, got string "warm"',
    );
  });
});
