import type { FeatureSummary } from '../statistics/feature-summary';
import { summarizeColumn } from '../statistics/feature-summary';
import { createSeededRandom } from '../statistics/random';
import { buildDriftReport, toReportJson } from './report';
import type { FeatureKind } from './types';

interface Column {
  kind: FeatureKind;
  reference: unknown[];
  current: unknown[];
}

function summariesOf(columns: Record<string, Column>): {
  reference: Map<string, FeatureSummary>;
  current: Map<string, FeatureSummary>;
} {
  const reference = new Map<string, FeatureSummary>();
  const current = new Map<string, FeatureSummary>();
  for (const [name, column] of Object.entries(columns)) {
    const summary = summarizeColumn(column.kind, column.reference, { random: createSeededRandom(1) });
    reference.set(name, summary);
    current.set(
      name,
      summarizeColumn(column.kind, column.current, {
        edges: summary.kind === 'numeric' ? summary.edges : undefined,
        random: createSeededRandom(2),
      }),
    );
  }
  return { reference, current };
}

const range = (start: number, size: number) => Array.from({ length: size }, (_, index) => start + index);

// shifted: KS p far below 0.05; weak: KS p between 0.01 and 0.05; same: no drift.
const columns: Record<string, Column> = {
  shifted: { kind: 'numeric', reference: range(0, 100), current: range(60, 100) },
  weak: { kind: 'numeric', reference: range(0, 100), current: range(20, 100) },
  same: { kind: 'numeric', reference: range(0, 100), current: range(0, 100) },
  sky: {
    kind: 'categorical',
    reference: ['sun', 'sun', 'rain', 'rain'],
    current: ['sun', 'fog', 'fog', 'fog'],
  },
  label: {
    kind: 'categorical',
    reference: ['yes', 'no', 'yes', 'no'],
    current: ['yes', 'yes', 'yes', 'yes'],
  },
};

describe('buildDriftReport', () => {
  const { reference, current } = summariesOf(columns);

  it('reports each feature and the dataset share', () => {
    const report = buildDriftReport(reference, current, { features: ['shifted', 'weak', 'same'] });

    expect(report.features.map((line) => [line.name, line.method, line.drifted])).toEqual([
      ['shifted', 'ks', true],
      ['weak', 'ks', true],
      ['same', 'ks', false],
    ]);
    expect(report.features[1].pValue).toBeGreaterThan(0.01);
    expect(report.dataset).toEqual({
      drifted: true,
      driftShare: 2 / 3,
      driftedFeatures: 2,
      featureCount: 3,
      threshold: 0.5,
      correction: 'none',
    });
    expect(report.target).toBeNull();
  });

  it('applies the dataset threshold inclusively', () => {
    const half = buildDriftReport(reference, current, {
      features: ['shifted', 'same'],
      datasetThreshold: 0.5,
    });
    const above = buildDriftReport(reference, current, {
      features: ['shifted', 'same'],
      datasetThreshold: 0.51,
    });

    expect(half.dataset.drifted).toBe(true);
    expect(above.dataset.drifted).toBe(false);
  });

  it('corrects p-values with Bonferroni', () => {
    const report = buildDriftReport(reference, current, {
      features: ['shifted', 'weak', 'same', 'sky'],
      defaults: { method: 'ks' },
      featureOptions: { sky: { method: 'jensen-shannon' } },
      correction: 'bonferroni',
    });
    const weak = report.features[1];

    expect(weak.adjustedPValue).toBe(Math.min(1, (weak.pValue ?? NaN) * 3));
    expect(weak.drifted).toBe(false);
    expect(weak.notes).toEqual(['p-value adjusted by bonferroni over 3 tested features']);
    expect(report.features[3].adjustedPValue).toBeUndefined();
    expect(report.features[3].drifted).toBe(true);
    expect(report.dataset.driftedFeatures).toBe(2);
    expect(report.dataset.correction).toBe('bonferroni');
  });

  it('corrects p-values with Benjamini-Hochberg', () => {
    const report = buildDriftReport(reference, current, {
      features: ['shifted', 'weak', 'same'],
      correction: 'benjamini-hochberg',
    });
    const [shifted, weak, same] = report.features;

    expect(weak.adjustedPValue).toBe((weak.pValue ?? NaN) * (3 / 2));
    expect(shifted.adjustedPValue).toBe(Math.min((shifted.pValue ?? NaN) * 3, weak.adjustedPValue ?? NaN));
    expect(same.adjustedPValue).toBe(same.pValue);
  });

  it('reports the target apart from the share', () => {
    const report = buildDriftReport(reference, current, { features: ['same'], target: 'label' });

    expect(report.target).toMatchObject({ name: 'label', method: 'chi-square', kind: 'categorical' });
    expect(report.dataset.featureCount).toBe(1);
    expect(report.dataset.drifted).toBe(false);
  });

  it('applies per-feature overrides', () => {
    const report = buildDriftReport(reference, current, {
      features: ['same', 'sky'],
      defaults: { method: 'hellinger', threshold: 0.2 },
      featureOptions: { same: { method: 'psi', threshold: 0.3 } },
    });

    expect(report.features.map((line) => [line.method, line.threshold])).toEqual([
      ['psi', 0.3],
      ['hellinger', 0.2],
    ]);
  });

  it('gives share 0 without features', () => {
    const report = buildDriftReport(reference, current, { features: [] });

    expect(report.dataset).toMatchObject({ drifted: false, driftShare: 0, featureCount: 0 });
  });

  it('rejects a feature absent from a side', () => {
    const partial = new Map(current);
    partial.delete('sky');

    expect(() => buildDriftReport(reference, partial, { features: ['sky'] })).toThrow(
      "feature 'sky' is missing from the current data; choose columns present on both sides",
    );
    expect(() => buildDriftReport(partial, current, { features: [], target: 'sky' })).toThrow(
      "target 'sky' is missing from the reference",
    );
  });

  it('rejects invalid thresholds', () => {
    expect(() => buildDriftReport(reference, current, { features: ['same'], datasetThreshold: 1.5 })).toThrow(
      'dataset threshold 1.5 is invalid: it must be a share between 0 and 1',
    );
    expect(() =>
      buildDriftReport(reference, current, { features: ['same'], defaults: { method: 'ks', threshold: -1 } }),
    ).toThrow("threshold -1 for feature 'same' is invalid");
    expect(() =>
      buildDriftReport(reference, current, {
        features: ['same'],
        defaults: { method: 'ks', threshold: 1.5 },
      }),
    ).toThrow(
      "threshold 1.5 for feature 'same' is invalid: it must be a p-value level between 0 and 1 for ks",
    );
    expect(() =>
      buildDriftReport(reference, current, {
        features: ['same'],
        defaults: { method: 'jensen-shannon', threshold: 5 },
      }),
    ).toThrow('it must be a distance in (0, 1] for jensen-shannon');
    expect(
      buildDriftReport(reference, current, { features: ['same'], defaults: { method: 'psi', threshold: 2 } })
        .features[0].threshold,
    ).toBe(2);
  });

  it('rejects the target among the features', () => {
    expect(() => buildDriftReport(reference, current, { features: ['label'], target: 'label' })).toThrow(
      "column 'label' is both the target and a feature",
    );
  });
});

describe('toReportJson', () => {
  it('writes an infinite statistic as a string', () => {
    const { reference, current } = summariesOf({
      sky: { kind: 'categorical', reference: ['a', 'a', 'b'], current: ['a', 'c', 'c'] },
    });
    const report = buildDriftReport(reference, current, {
      features: ['sky'],
      defaults: { method: 'psi' },
      psiEpsilon: 0,
    });
    const json = JSON.parse(toReportJson(report));

    expect(report.features[0].statistic).toBe(Infinity);
    expect(json.features[0].statistic).toBe('Infinity');
    expect(json.features[0].pValue).toBeNull();
  });
});
