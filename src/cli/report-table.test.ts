import type { DriftReport } from '../detectors/types';
import { formatReportTable, formatStatistic } from './report-table';

const report: DriftReport = {
  dataset: {
    drifted: false,
    driftShare: 0.5,
    driftedFeatures: 1,
    featureCount: 2,
    threshold: 0.6,
    correction: 'benjamini-hochberg',
  },
  features: [
    {
      name: 'age',
      kind: 'numeric',
      method: 'ks',
      statistic: 0.25,
      pValue: 0.0004,
      adjustedPValue: 0.0008,
      threshold: 0.05,
      drifted: true,
      referenceCount: 900,
      currentCount: 850,
      missingShare: 0.125,
    },
    {
      name: 'segment',
      kind: 'categorical',
      method: 'psi',
      statistic: Infinity,
      pValue: null,
      threshold: 0.1,
      drifted: false,
      referenceCount: 1,
      currentCount: 40,
      missingShare: 0,
      notes: ['insufficient data'],
    },
  ],
  target: {
    name: 'label',
    kind: 'categorical',
    method: 'chi-square',
    statistic: 1.5,
    pValue: 0.22,
    threshold: 0.05,
    drifted: false,
    referenceCount: 900,
    currentCount: 850,
    missingShare: 0,
  },
};

describe('formatReportTable', () => {
  it('lays out verdict, rows, target and notes', () => {
    expect(formatReportTable(report).split('\n')).toEqual([
      'Dataset: no drift: 1 of 2 features drifted (share 0.50, threshold 0.60, benjamini-hochberg correction)',
      '',
      'feature  kind         method  statistic   p-value  adjusted p  threshold  drift  reference  current  missing',
      'age      numeric      ks           0.25  4.000e-4    8.000e-4       0.05  yes          900      850    12.5%',
      'segment  categorical  psi      Infinity         -           -        0.1  no             1       40     0.0%',
      '',
      'Target:',
      'feature  kind         method      statistic  p-value  threshold  drift  reference  current  missing',
      'label    categorical  chi-square        1.5     0.22       0.05  no           900      850     0.0%',
      '',
      'Notes:',
      '  segment: insufficient data',
      '',
    ]);
  });
});

describe('formatStatistic', () => {
  it.each([
    [null, '-'],
    [0, '0'],
    [0.123456, '0.1235'],
    [12345.678, '12350'],
    [0.00012346, '1.235e-4'],
    [2.5e7, '2.500e+7'],
    [Infinity, 'Infinity'],
  ])('formats %p as %p', (value, text) => {
    expect(formatStatistic(value)).toBe(text);
  });
});
