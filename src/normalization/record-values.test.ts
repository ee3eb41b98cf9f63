import { readFieldNumber } from './record-values';

describe('readFieldNumber', () => {
  it.each([
    [3.5, 3.5],
    [-0, -0],
    [' 42 ', 42],
    ['-1.5e3', -1500],
    ['.5', 0.5],
    ['7.', 7],
    ['+2E-2', 0.02],
    [12n, 12],
  ])('reads %p as a number', (input, expected) => {
    expect(readFieldNumber(input)).toEqual({ kind: 'number', value: expected });
  });

  it.each([null, undefined, Number.NaN, '', '  ', 'NaN', 'null', 'NA', 'n/a'])(
    'reads %p as missing',
    (input) => {
      expect(readFieldNumber(input)).toEqual({ kind: 'missing' });
    },
  );

  it.each(['abc', '0x10', 'Infinity', '1,5', true, {}, [1]])('reads %p as non-numeric', (input) => {
    expect(readFieldNumber(input)).toEqual({ kind: 'non-numeric' });
  });

  it('passes infinite numbers on for the normalizer to reject', () => {
    expect(readFieldNumber(Number.POSITIVE_INFINITY)).toEqual({
      kind: 'number',
      value: Number.POSITIVE_INFINITY,
    });
    expect(readFieldNumber('1e400')).toEqual({ kind: 'number', value: Number.POSITIVE_INFINITY });
  });
});
