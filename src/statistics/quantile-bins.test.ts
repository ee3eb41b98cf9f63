import golden from '../../test/golden/summaries.json';
import {
  computeDecileEdges,
  computeLinearQuantile,
  countInBins,
  DECILE_LEVELS,
  findBinIndex,
} from './quantile-bins';

describe('quantile bins', () => {
  it('use the levels k / 10 like the golden generator', () => {
    expect(DECILE_LEVELS).toEqual(golden.deciles);
  });

  it.each(golden.datasets.map((dataset) => [dataset.name, dataset] as const))(
    'match numpy edges and counts: %s',
    (_name, dataset) => {
      const edges = computeDecileEdges(dataset.reference);

      expect(edges).toEqual(dataset.edges);
      expect(countInBins(edges, dataset.reference)).toEqual(dataset.referenceBinCounts);
      expect(countInBins(edges, dataset.current)).toEqual(dataset.currentBinCounts);
    },
  );

  it('close bins on the right', () => {
    const edges = [1, 2, 3];

    expect(findBinIndex(edges, 1)).toBe(0);
    expect(findBinIndex(edges, 1.0000000000000002)).toBe(1);
    expect(findBinIndex(edges, 2)).toBe(1);
    expect(findBinIndex(edges, 3)).toBe(2);
    expect(findBinIndex(edges, 3.5)).toBe(3);
    expect(findBinIndex(edges, -Infinity)).toBe(0);
    expect(findBinIndex(edges, Infinity)).toBe(3);
  });

  it('interpolate like numpy on both halves', () => {
    const sorted = [0, 10];

    expect(computeLinearQuantile(sorted, 0.25)).toBe(2.5);
    expect(computeLinearQuantile(sorted, 0.75)).toBe(7.5);
    expect(computeLinearQuantile(sorted, 1)).toBe(10);
    expect(computeLinearQuantile([4], 0.5)).toBe(4);
  });

  it('give no edges for empty input and one for constant input', () => {
    expect(computeDecileEdges([])).toEqual([]);
    expect(computeDecileEdges([2, 2, 2])).toEqual([2]);
  });

  it('leave the input unsorted', () => {
    const values = [3, 1, 2];
    computeDecileEdges(values);

    expect(values).toEqual([3, 1, 2]);
  });
});
