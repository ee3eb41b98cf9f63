"""Generate golden values for the window summaries and the weather comparison.

Writes test/golden/summaries.json. The TypeScript tests read that file and never run Python.

Per dataset: numpy moments (np.mean, np.var with ddof 0 and 1, min, max), the decile edges
(np.quantile, default linear method, at q = k / 10 for k = 1..9, duplicates removed) and the
counts of a reference and a current sample over those edges, bins found with
np.searchsorted(edges, x, side='left'), which is the right-closed rule with open outer bins.
Moments are also checked against exact rational arithmetic, so a golden value that numpy got
wrong fails here instead of in the TypeScript tests.

For the weather data (vega-datasets), Seattle is the reference and New York the current data:
scipy's ks_2samp, the normalized Wasserstein distance (wasserstein_distance / np.std(reference))
and the Jensen-Shannon distance in base 2 per column.

Run: /root/.cache/driftwatch/golden-venv/bin/python scripts/golden/summaries.py
"""

import csv
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy import spatial, stats

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test" / "golden" / "summaries.json"
WEATHER = ROOT / "node_modules" / "vega-datasets" / "data" / "weather.csv"
DECILES = [k / 10 for k in range(1, 10)]


def decile_edges(values):
    edges = np.quantile(np.asarray(values, dtype=np.float64), DECILES)
    deduplicated = []
    for edge in edges.tolist():
        if not deduplicated or edge != deduplicated[-1]:
            deduplicated.append(edge)
    return deduplicated


def bin_counts(edges, values):
    indexes = np.searchsorted(np.asarray(edges), np.asarray(values), side="left")
    return np.bincount(indexes, minlength=len(edges) + 1).tolist()


def exact_moments(values):
    exact = [Fraction(v) for v in values]
    n = len(exact)
    mean = sum(exact) / n
    m2 = sum((v - mean) ** 2 for v in exact)
    return float(mean), float(m2 / n), (float(m2 / (n - 1)) if n > 1 else None)


def relative_error(actual, expected):
    if expected == 0:
        return abs(actual)
    return abs(actual - expected) / abs(expected)


def dataset(name, reference, current):
    reference = [float(v) for v in reference]
    current = [float(v) for v in current]
    array = np.asarray(reference)
    mean = float(np.mean(array))
    variance_biased = float(np.var(array))
    variance_unbiased = float(np.var(array, ddof=1)) if len(reference) > 1 else None

    exact_mean, exact_biased, exact_unbiased = exact_moments(reference)
    assert relative_error(mean, exact_mean) < 1e-14, name
    assert relative_error(variance_biased, exact_biased) < 1e-9, name
    if exact_unbiased is not None:
        assert relative_error(variance_unbiased, exact_unbiased) < 1e-9, name

    edges = decile_edges(reference)
    return {
        "name": name,
        "reference": reference,
        "current": current,
        "mean": mean,
        "varianceBiased": variance_biased,
        "varianceUnbiased": variance_unbiased,
        "min": float(np.min(array)),
        "max": float(np.max(array)),
        "edges": edges,
        "referenceBinCounts": bin_counts(edges, reference),
        "currentBinCounts": bin_counts(edges, current),
    }


def datasets():
    rng = np.random.default_rng(20240611)
    return [
        dataset("standard normal", rng.normal(0, 1, 1000), rng.normal(0.3, 1.2, 800)),
        dataset("near 1e9 unit spread", 1e9 + rng.normal(0, 1, 500), 1e9 + rng.normal(0.5, 1, 400)),
        dataset(
            "near 1e9 integer ties",
            1e9 + rng.integers(0, 4, 200),
            1e9 + rng.integers(0, 6, 150),
        ),
        dataset("five integers", rng.integers(0, 5, 300), rng.integers(1, 6, 300)),
        dataset("exponential", rng.exponential(2.0, 777), rng.exponential(2.5, 500)),
        dataset("constant", [-0.14357562916991] * 50, [-0.14357562916991] * 20 + [0.5] * 5),
        dataset("single value", [3.25], [1.0, 3.25, 7.0]),
        dataset("two values", [-1.5, 2.5], [-2.0, 0.0, 2.5, 3.0]),
        dataset("tiny scale", rng.normal(0, 1e-8, 640), rng.normal(1e-9, 1e-8, 320)),
        dataset(
            "mixture with negatives",
            np.concatenate([rng.normal(-50, 5, 600), rng.normal(20, 1, 401)]),
            rng.normal(0, 30, 900),
        ),
        dataset(
            "1e15 plus i mod 4",
            [1e15 + (i % 4) for i in range(1000)],
            [1e15 + (i % 5) for i in range(300)],
        ),
    ]


def read_weather():
    with WEATHER.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    seattle = [row for row in rows if row["location"] == "Seattle"]
    new_york = [row for row in rows if row["location"] == "New York"]
    return seattle, new_york


def proportions(labels, categories):
    counts = np.array([labels.count(c) for c in categories], dtype=np.float64)
    return counts / counts.sum()


def weather():
    seattle, new_york = read_weather()
    numeric = {}
    for column in ["precipitation", "temp_max", "temp_min", "wind"]:
        reference = np.array([float(row[column]) for row in seattle])
        current = np.array([float(row[column]) for row in new_york])
        ks = stats.ks_2samp(reference, current)
        edges = decile_edges(reference)
        numeric[column] = {
            "ksStatistic": float(ks.statistic),
            "ksPValue": float(ks.pvalue),
            "wasserstein": float(stats.wasserstein_distance(reference, current) / np.std(reference)),
            "edges": edges,
            "referenceBinCounts": bin_counts(edges, reference),
            "currentBinCounts": bin_counts(edges, current),
            "mean": float(np.mean(reference)),
            "varianceUnbiased": float(np.var(reference, ddof=1)),
        }

    categorical = {}
    for column in ["weather", "date", "location"]:
        reference = [row[column] for row in seattle]
        current = [row[column] for row in new_york]
        categories = sorted(set(reference) | set(current))
        p = proportions(reference, categories)
        q = proportions(current, categories)
        categorical[column] = {"jensenShannon": float(spatial.distance.jensenshannon(p, q, base=2))}

    return {
        "referenceRows": len(seattle),
        "currentRows": len(new_york),
        "numeric": numeric,
        "categorical": categorical,
    }


def main():
    golden = {
        "generator": "scripts/golden/summaries.py",
        "numpy": np.__version__,
        "deciles": DECILES,
        "datasets": datasets(),
        "weather": weather(),
    }
    OUTPUT.write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
