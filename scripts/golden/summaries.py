"""Generate golden values for the window summaries and the weather comparison.

Writes test/golden/summaries.json. The TypeScript tests read that file and never run Python.

Per dataset: numpy moments (np.mean, np.var with ddof 0 and 1, min, max), the decile edges
(np.quantile, default linear method, at q = k / 10 for k = 1..9, duplicates removed) and the
counts of a reference and a current sample over those edges, bins found with
np.searchsorted(edges, x, side='left'), which is the right-closed rule with open outer bins.
Moments are also checked against exact rational arithmetic, so a golden value that numpy got
wrong fails here instead of in the TypeScript tests.

For the feature evaluations: scipy's chi2_contingency (correction=False) on the union of
categories or distinct values, ks_2samp, the normalized Wasserstein distance, and the
Jensen-Shannon (base 2), Hellinger and PSI values over the reference decile bins.

For the multiple-testing correction: scipy.stats.false_discovery_control (method 'bh').

For the weather data (vega-datasets), Seattle is the reference and New York the current data:
scipy's ks_2samp, the normalized Wasserstein distance (wasserstein_distance / np.std(reference))
and the Jensen-Shannon distance in base 2 per column, and chi2_contingency (correction=False)
on the weather labels as a target.

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

    reference = [row["weather"] for row in seattle]
    current = [row["weather"] for row in new_york]
    chi = stats.chi2_contingency(table_of(reference, current), correction=False)

    return {
        "targetWeatherChiSquare": {"statistic": float(chi.statistic), "pValue": float(chi.pvalue)},
        "referenceRows": len(seattle),
        "currentRows": len(new_york),
        "numeric": numeric,
        "categorical": categorical,
    }


def evaluation(name, kind, method, reference, current, statistic, p_value=None):
    return {
        "name": name,
        "kind": kind,
        "method": method,
        "reference": reference,
        "current": current,
        "statistic": float(statistic),
        "pValue": None if p_value is None else float(p_value),
    }


def table_of(reference, current):
    categories = sorted(set(reference) | set(current))
    return np.array([[reference.count(c) for c in categories], [current.count(c) for c in categories]])


def evaluations():
    rng = np.random.default_rng(99)
    cases = []

    reference = rng.choice(["a", "b", "c"], 300, p=[0.5, 0.3, 0.2]).tolist()
    current = rng.choice(["a", "b", "c", "d"], 250, p=[0.4, 0.3, 0.2, 0.1]).tolist()
    chi = stats.chi2_contingency(table_of(reference, current), correction=False)
    cases.append(evaluation("categorical new label", "categorical", "chi-square", reference, current,
                            chi.statistic, chi.pvalue))

    reference = rng.integers(0, 4, 400).astype(float).tolist()
    current = rng.integers(0, 5, 300).astype(float).tolist()
    chi = stats.chi2_contingency(table_of(reference, current), correction=False)
    cases.append(evaluation("numeric few values", "numeric", "chi-square", reference, current,
                            chi.statistic, chi.pvalue))

    reference = rng.normal(0, 1, 300).tolist()
    current = rng.normal(0.2, 1, 280).tolist()
    ks = stats.ks_2samp(reference, current)
    cases.append(evaluation("numeric small", "numeric", "ks", reference, current, ks.statistic, ks.pvalue))

    reference = rng.normal(0, 1, 1500).tolist()
    current = rng.normal(0.15, 1.1, 1200).tolist()
    distance = stats.wasserstein_distance(reference, current) / np.std(reference)
    cases.append(evaluation("numeric large", "numeric", "wasserstein", reference, current, distance))

    reference = rng.choice(["x", "y", "z"], 1500, p=[0.6, 0.3, 0.1]).tolist()
    current = rng.choice(["x", "y", "z"], 1100, p=[0.5, 0.3, 0.2]).tolist()
    table = table_of(reference, current)
    distance = spatial.distance.jensenshannon(table[0] / table[0].sum(), table[1] / table[1].sum(), base=2)
    cases.append(evaluation("categorical large", "categorical", "jensen-shannon", reference, current, distance))

    reference = rng.exponential(1.0, 500).tolist()
    current = rng.exponential(1.3, 400).tolist()
    edges = decile_edges(reference)
    p = np.array(bin_counts(edges, reference)) / len(reference)
    q = np.array(bin_counts(edges, current)) / len(current)
    assert (p > 0).all() and (q > 0).all()
    hellinger = np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))
    cases.append(evaluation("numeric hellinger bins", "numeric", "hellinger", reference, current, hellinger))
    js = spatial.distance.jensenshannon(p, q, base=2)
    cases.append(evaluation("numeric jensen-shannon bins", "numeric", "jensen-shannon", reference, current, js))
    psi = np.sum((q - p) * np.log(q / p))
    cases.append(evaluation("numeric psi bins", "numeric", "psi", reference, current, psi))
    return cases


def corrections():
    rng = np.random.default_rng(7)
    cases = [
        [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
         0.4262, 0.5719, 0.6528, 0.7590, 1.000],
        [0.04, 0.01, 0.04, 0.5, 0.03],
        [0.2],
        [0.0, 1.0, 0.5],
        rng.uniform(0, 0.2, 12).tolist(),
    ]
    return [
        {
            "pValues": case,
            "benjaminiHochberg": stats.false_discovery_control(case, method="bh").tolist()
            if len(case) > 1
            else case,
        }
        for case in cases
    ]


def main():
    golden = {
        "generator": "scripts/golden/summaries.py",
        "numpy": np.__version__,
        "deciles": DECILES,
        "datasets": datasets(),
        "weather": weather(),
        "corrections": corrections(),
        "evaluations": evaluations(),
    }
    OUTPUT.write_text(json.dumps(golden, indent=1) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
