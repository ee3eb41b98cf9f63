import { formatPValue } from '../../src/demo/console-lines';
import { findLargestShareShift } from '../../src/demo/demo-window';
import { checkRenormalization } from '../../src/demo/renormalization-check';
import { periodKey, selectScenarios } from '../../src/demo/scenarios';
import { DriftwatchError } from '../../src/errors';

describe('checkRenormalization', () => {
  const reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('agrees for the reference itself', () => {
    const check = checkRenormalization(
      'x',
      reference,
      reference.map((value) => value * 3),
      reference,
    );

    expect(check?.mean).toBe(5.5);
    expect(check?.std).toBeCloseTo(Math.sqrt(8.25), 12);
    expect(check?.wasserstein).toBe(0);
    expect(check?.ksPValue).toBe(1);
    expect(check?.meanAndStdAgree).toBe(true);
  });

  it('scores the raw values against the reference', () => {
    const check = checkRenormalization(
      'x',
      reference,
      reference.map((value) => value + 2),
      reference,
    );

    // Every value moved by 2: W1 is 2, divided by the reference std sqrt(8.25).
    expect(check?.rawWasserstein).toBeCloseTo(2 / Math.sqrt(8.25), 12);
    expect(check?.rawMean).toBe(7.5);
  });

  it('rejects a mean off by more than 0.1 std', () => {
    const shifted = reference.map((value) => value + 0.11 * Math.sqrt(8.25));

    expect(checkRenormalization('x', reference, shifted, shifted)?.meanAndStdAgree).toBe(false);
  });

  it('rejects a std off by more than 5 percent', () => {
    const wider = reference.map((value) => 5.5 + (value - 5.5) * 1.06);

    expect(checkRenormalization('x', reference, wider, wider)?.meanAndStdAgree).toBe(false);
  });

  it('leaves out missing values', () => {
    const check = checkRenormalization('x', reference, [Number.NaN, 1, 2], [Number.NaN, 1, 2]);

    expect(check?.count).toBe(2);
  });

  it('returns null for fewer than 2 values', () => {
    expect(checkRenormalization('x', reference, [1], [1])).toBeNull();
  });
});

describe('findLargestShareShift', () => {
  it('picks the class whose share moved most', () => {
    const reference = [{ weather: 'sun' }, { weather: 'rain' }, { weather: 'rain' }, { weather: 'rain' }];
    const window = [{ weather: 'sun' }, { weather: 'sun' }, { weather: 'sun' }, { weather: null }];

    expect(findLargestShareShift('weather', reference, window)).toEqual({
      category: 'sun',
      windowShare: 1,
      referenceShare: 0.25,
    });
  });

  it('returns null without labels', () => {
    expect(findLargestShareShift('weather', [{ weather: 'sun' }], [{ weather: null }])).toBeNull();
  });
});

describe('formatPValue', () => {
  it.each([
    [0.3, '0.3'],
    [0.01734, '0.017'],
    [0.001, '0.001'],
    [0.00094, '9e-4'],
    [3.7e-9, '4e-9'],
    [0, '0'],
  ])('formats %p as %s', (pValue, text) => {
    expect(formatPValue(pValue)).toBe(text);
  });
});

describe('scenarios', () => {
  it('keys dates by year and by month', () => {
    expect(periodKey('year', '2013-07-14')).toBe('2013');
    expect(periodKey('month', '2013-07-14')).toBe('2013-07');
  });

  it('selects every scenario for all', () => {
    expect(selectScenarios('all').map((scenario) => scenario.id)).toEqual(['domain-shift', 'seasonal-shift']);
  });

  it('rejects an unknown scenario', () => {
    expect(() => selectScenarios('nope')).toThrow(
      new DriftwatchError(
        'INPUT_INVALID',
        '--scenario nope: unknown scenario; use all or one of domain-shift, seasonal-shift',
      ),
    );
  });
});
