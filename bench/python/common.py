"""Shared helpers of the Python anchors: CSV loading and peak memory."""

import resource
import time

import pandas as pd

NUMERIC = ["delay", "distance"]
CATEGORICAL = ["origin", "destination"]


def read_flights_csv(path):
    """Read a flights CSV written by the benchmark: numeric columns as float64, airports as str."""
    dtypes = {name: "float64" for name in NUMERIC} | {name: "str" for name in CATEGORICAL}
    return pd.read_csv(path, dtype=dtypes, engine="pyarrow")


def peak_rss_bytes():
    """Return the peak resident set size of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Stopwatch:
    """Time a block with time.perf_counter and keep the seconds."""

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        return False
