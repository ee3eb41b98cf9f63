/**
 * Decile bins of a reference sample, used by PSI, Jensen-Shannon and Hellinger on numeric
 * features.
 *
 * The interior edges are the reference's quantiles at q = k / 10, k = 1..9, computed like
 * `np.quantile(x, q)` with the default linear method, with duplicate edges removed. Bins are
 * right-closed and the outer bins are open: with edges e_0 < ... < e_{m-1}, bin 0 is (-inf, e_0],
 * bin i is (e_{i-1}, e_i] and bin m is (e_{m-1}, +inf). So every finite value falls in exactly one
 * of the m + 1 bins, and its bin index equals `np.searchsorted(edges, x, side='left')`.
 */

/** Quantile levels of the interior edges: 0.1, 0.2, ..., 0.9, each computed as k / 10. */
export const DECILE_LEVELS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k / 10);

/**
 * Returns the quantile of `sorted` (ascending, finite, non-empty) at level `q` in [0, 1] with
 * numpy's linear method: virtual index h = (n - 1) q, then interpolation between the neighbours
 * of h in the same floating-point order as numpy, so results agree to the last bit.
 */
export function computeLinearQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const virtualIndex = (n - 1) * q;
  if (virtualIndex >= n - 1) return sorted[n - 1];
  if (virtualIndex < 0) return sorted[0];

  const lowerIndex = Math.floor(virtualIndex);
  const gamma = virtualIndex - lowerIndex;
  const lower = sorted[lowerIndex];
  const upper = sorted[lowerIndex + 1];
  const difference = upper - lower;

  // numpy interpolates from the upper neighbour when gamma >= 0.5, which keeps the result
  // monotone in q and exact at the end points.
  if (gamma >= 0.5) return upper - difference * (1 - gamma);
  return lower + difference * gamma;
}

/**
 * Returns the interior bin edges of a reference: its deciles, ascending, with duplicates removed.
 * `values` need not be sorted and is not changed; it must be finite. An empty input gives no
 * edges (a single bin that takes every value); a constant input gives one edge (two bins).
 */
export function computeDecileEdges(values: ArrayLike<number>): number[] {
  if (values.length === 0) return [];

  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (const level of DECILE_LEVELS) {
    const edge = computeLinearQuantile(sorted, level);
    if (edges.length === 0 || edge !== edges[edges.length - 1]) edges.push(edge);
  }

  return edges;
}

/**
 * Returns the index of the right-closed bin that contains `value`: the number of edges strictly
 * below it (binary search). `edges` must be ascending; -Infinity goes to bin 0 and +Infinity to the
 * last bin. NaN would land in bin 0, so callers filter NaN out first.
 */
export function findBinIndex(edges: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle] < value) low = middle + 1;
    else high = middle;
  }

  return low;
}

/** Counts values per bin over `edges`; returns `edges.length + 1` counts. */
export function countInBins(edges: ArrayLike<number>, values: Iterable<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) counts[findBinIndex(edges, value)] += 1;
  return counts;
}
