import { classifyCell, toCategoryLabel } from './cell-value';

describe('classifyCell', () => {
  it.each([null, undefined, Number.NaN, '', '  ', 'NaN', 'nan', ' NAN '])('reads %p as missing', (raw) => {
    expect(classifyCell(raw)).toEqual({ type: 'missing' });
  });

  it.each([
    [0, 0],
    [-2.5, -2.5],
    ['42', 42],
    [' -1.5e3 ', -1500],
    ['.5', 0.5],
    ['7.', 7],
    ['+3', 3],
  ])('reads %p as the number %p', (raw, value) => {
    expect(classifyCell(raw)).toEqual({ type: 'number', value });
  });

  it.each([
    [Infinity, Infinity],
    [-Infinity, -Infinity],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['+INF', Infinity],
    ['1e400', Infinity],
    ['-1e400', -Infinity],
  ])('reads %p as infinite', (raw, value) => {
    expect(classifyCell(raw)).toEqual({ type: 'infinite', value });
  });

  it.each([
    ['rain', 'rain'],
    ['0x10', '0x10'],
    ['1,5', '1,5'],
    ['2012-01-01', '2012-01-01'],
    [true, 'true'],
    [{ a: 1 }, '{"a":1}'],
  ])('reads %p as text', (raw, text) => {
    expect(classifyCell(raw)).toEqual({ type: 'text', text });
  });
});

describe('toCategoryLabel', () => {
  it('keeps the trimmed spelling of text', () => {
    expect(toCategoryLabel(' 1.0 ')).toBe('1.0');
    expect(toCategoryLabel('inf')).toBe('inf');
  });

  it('formats JSON numbers and booleans', () => {
    expect(toCategoryLabel(1)).toBe('1');
    expect(toCategoryLabel(false)).toBe('false');
  });

  it('returns null for missing values', () => {
    expect(toCategoryLabel('')).toBeNull();
    expect(toCategoryLabel('NaN')).toBeNull();
    expect(toCategoryLabel(null)).toBeNull();
    expect(toCategoryLabel(Number.NaN)).toBeNull();
  });
});
