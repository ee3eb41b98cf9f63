"""Compute driftwatch's automatic drift statistics with scipy and numpy on the flights CSVs.

Numeric columns: the Wasserstein-1 distance divided by the reference standard deviation
(scipy.stats.wasserstein_distance), plus the two-sample KS test (scipy.stats.ks_2samp).
Categorical columns: the Jensen-Shannon distance with log base 2 of the category frequencies
(numpy counts, scipy.spatial.distance.jensenshannon). Distances drift at 0.1 or more, the KS test
below p = 0.05. Prints one JSON line.
"""

import argparse
import json

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, wasserstein_distance

from common import CATEGORICAL, NUMERIC, Stopwatch, peak_rss_bytes, read_flights_csv

DISTANCE_THRESHOLD = 0.1
P_VALUE_THRESHOLD = 0.05


def category_frequencies(reference, current):
    """Count both sides over the union of their categories, in one order."""
    categories, codes = np.unique(np.concatenate([reference, current]), return_inverse=True)
    reference_counts = np.bincount(codes[: len(reference)], minlength=len(categories))
    current_counts = np.bincount(codes[len(reference):], minlength=len(categories))
    return reference_counts, current_counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--current", required=True)
    args = parser.parse_args()

    with Stopwatch() as load:
        reference = read_flights_csv(args.reference)
        current = read_flights_csv(args.current)

    columns = {}
    with Stopwatch() as tests:
        for name in NUMERIC:
            ref = reference[name].dropna().to_numpy()
            cur = current[name].dropna().to_numpy()
            distance = wasserstein_distance(ref, cur) / max(np.std(ref), 1e-3)
            ks = ks_2samp(ref, cur)
            columns[name] = {
                "method": "wasserstein",
                "value": float(distance),
                "drifted": bool(distance >= DISTANCE_THRESHOLD),
                "ksStatistic": float(ks.statistic),
                "ksPValue": float(ks.pvalue),
                "ksDrifted": bool(ks.pvalue < P_VALUE_THRESHOLD),
            }
        for name in CATEGORICAL:
            ref_counts, cur_counts = category_frequencies(
                reference[name].dropna().to_numpy(dtype=str), current[name].dropna().to_numpy(dtype=str)
            )
            distance = jensenshannon(ref_counts, cur_counts, base=2)
            columns[name] = {
                "method": "jensen-shannon",
                "value": float(distance),
                "drifted": bool(distance >= DISTANCE_THRESHOLD),
            }

    print(json.dumps({
        "loadSeconds": load.seconds,
        "testSeconds": tests.seconds,
        "peakRssBytes": peak_rss_bytes(),
        "columns": columns,
    }))


if __name__ == "__main__":
    main()
