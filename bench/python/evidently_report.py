"""Run Evidently's DataDriftPreset on the reference and current flights CSVs.

Prints one JSON line: seconds to load the CSVs, seconds to build the report, peak RSS, and per
column the method Evidently chose, its value, its threshold and the drift verdict.
"""

import argparse
import json

from evidently import DataDefinition, Dataset, Report
from evidently.presets import DataDriftPreset

from common import CATEGORICAL, NUMERIC, Stopwatch, peak_rss_bytes, read_flights_csv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--current", required=True)
    args = parser.parse_args()

    with Stopwatch() as load:
        reference = read_flights_csv(args.reference)
        current = read_flights_csv(args.current)

    definition = DataDefinition(numerical_columns=NUMERIC, categorical_columns=CATEGORICAL)
    with Stopwatch() as build:
        snapshot = Report([DataDriftPreset()]).run(
            Dataset.from_pandas(current, data_definition=definition),
            Dataset.from_pandas(reference, data_definition=definition),
        )
        metrics = snapshot.dict()["metrics"]

    columns = {}
    for metric in metrics:
        config = metric["config"]
        if config.get("type") != "evidently:metric_v2:ValueDrift":
            continue
        method = config["method"]
        value = float(metric["value"])
        threshold = float(config["threshold"])
        # Evidently's distances drift at or above the threshold; its tests below it (p-values).
        is_distance = "distance" in method.lower() or "psi" in method.lower()
        drifted = value >= threshold if is_distance else value < threshold
        columns[config["column"]] = {"method": method, "value": value, "threshold": threshold, "drifted": drifted}

    print(json.dumps({
        "loadSeconds": load.seconds,
        "reportSeconds": build.seconds,
        "peakRssBytes": peak_rss_bytes(),
        "columns": columns,
    }))


if __name__ == "__main__":
    main()
