"""Run River's StandardScaler and one ADWIN per numeric feature over flight records, one at a time.

Rows [skip, skip + count) of the reference CSV followed by the current CSV are prepared before
the clock starts, twice: as dicts, and as JSON bytes like the records driftwatch reads. Per record:
StandardScaler.learn_one, StandardScaler.transform_one, and ADWIN.update with the raw value of
each numeric feature. The JSON run also parses each record and serializes it with the scaled
values added, as driftwatch's pipeline does. Prints one JSON line.
"""

import argparse
import json

import pandas as pd
from river import drift, preprocessing

from common import NUMERIC, Stopwatch, peak_rss_bytes, read_flights_csv


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--current", required=True)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args()

    table = pd.concat([read_flights_csv(args.reference), read_flights_csv(args.current)], ignore_index=True)
    records = table.iloc[args.skip: args.skip + args.count].to_dict("records")
    rows = [{name: record[name] for name in NUMERIC} for record in records]
    encoded = [json.dumps(record).encode() for record in records]

    scaler = preprocessing.StandardScaler()
    detectors = {name: drift.ADWIN() for name in NUMERIC}
    drift_count = 0
    with Stopwatch() as dict_run:
        for row in rows:
            scaler.learn_one(row)
            scaler.transform_one(row)
            for name, detector in detectors.items():
                detector.update(row[name])
                drift_count += detector.drift_detected

    scaler = preprocessing.StandardScaler()
    detectors = {name: drift.ADWIN() for name in NUMERIC}
    with Stopwatch() as json_run:
        for value in encoded:
            record = json.loads(value)
            row = {name: record[name] for name in NUMERIC}
            scaler.learn_one(row)
            for name, scaled in scaler.transform_one(row).items():
                record[f"{name}_normalized"] = scaled
            for name, detector in detectors.items():
                detector.update(row[name])
            json.dumps(record)

    print(json.dumps({
        "records": len(rows),
        "seconds": dict_run.seconds,
        "recordsPerSecond": len(rows) / dict_run.seconds,
        "jsonSeconds": json_run.seconds,
        "jsonRecordsPerSecond": len(rows) / json_run.seconds,
        "driftCount": drift_count,
        "peakRssBytes": peak_rss_bytes(),
    }))


if __name__ == "__main__":
    main()
