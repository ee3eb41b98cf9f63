"""Generate test/golden/batchnorm.json, the golden values of driftwatch's normalization.

Run: /root/.cache/driftwatch/golden-venv/bin/python scripts/golden/batchnorm.py
Needs numpy only; every random sequence is seeded, so the output is the same on every run.

The BatchNorm model below follows torch.nn.BatchNorm1d as its documentation states it, in float64:
  * training mode normalizes with the batch mean and the BIASED batch variance (correction=0);
  * training mode then updates running = (1 - momentum) * running + momentum * batch, with the
    UNBIASED batch variance (correction=1) for running_var;
  * evaluation mode normalizes with running_mean and running_var;
  * y = (x - mean) / sqrt(var + eps) * gamma + beta, with statistics per channel over N (and L);
  * running_mean starts at 0 and running_var at 1.
PyTorch is too large to install here, so the known case below (whose numbers came from PyTorch) is
checked against this model before anything is written.

Two conventions are driftwatch's and not PyTorch's:
  * Missing values (NaN) are left out of the statistics and stay missing in the output. PyTorch has
    no missing values; on a window without them both agree.
  * Sums use math.fsum (the exact sum, rounded once). np.mean sums pairwise and can differ by an
    ulp. For values near 1e9 an ulp of the mean is 1.2e-7, and with a spread near 1 that error shows
    at the same size in every output. With fsum on both sides the TypeScript results are the same
    doubles.
    Each window's statistics are also checked against np.mean and np.var.

The adaptive model at the end restates driftwatch's documented adaptive mode in numpy, so the
TypeScript state machine is checked against a second implementation.
"""

import json
import math
import pathlib

import numpy as np

OUTPUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "golden" / "batchnorm.json"


def window_moments(values):
    """Return (count, mean, biased variance, unbiased variance) of the non-NaN values."""
    usable = values[~np.isnan(values)]
    count = usable.size
    if count == 0:
        return 0, None, None, None
    mean = math.fsum(usable.tolist()) / count
    deviations = usable - mean
    sum_of_squares = math.fsum((deviations * deviations).tolist())
    biased = sum_of_squares / count
    unbiased = sum_of_squares / (count - 1) if count > 1 else None

    assert math.isclose(mean, float(np.mean(usable)), rel_tol=1e-12, abs_tol=1e-300)
    assert math.isclose(biased, float(np.var(usable, ddof=0)), rel_tol=1e-6, abs_tol=1e-300)
    if unbiased is not None:
        assert math.isclose(unbiased, float(np.var(usable, ddof=1)), rel_tol=1e-6, abs_tol=1e-300)
    return count, mean, biased, unbiased


def standardize(values, mean, variance, eps, gamma, beta):
    """y = (x - mean) / sqrt(var + eps) * gamma + beta; NaN stays NaN."""
    return (values - mean) / np.sqrt(variance + eps) * gamma + beta


class BatchNorm1dFloat64:
    """torch.nn.BatchNorm1d(C, eps, momentum) in float64, statistics per channel over N and L."""

    def __init__(self, channels, eps=1e-5, momentum=0.1, gamma=1.0, beta=0.0, running_mean=0.0, running_var=1.0):
        self.eps = eps
        self.momentum = momentum
        self.gamma = gamma
        self.beta = beta
        self.running_mean = np.full(channels, running_mean, dtype=np.float64)
        self.running_var = np.full(channels, running_var, dtype=np.float64)

    def train_step(self, x):
        """Normalize x of shape (N, C) or (N, C, L) in training mode and update the running statistics."""
        output = np.empty_like(x)
        stats = []
        for channel in range(x.shape[1]):
            values = x[:, channel, ...]
            count, mean, biased, unbiased = window_moments(values.reshape(-1))
            output[:, channel, ...] = standardize(values, mean, biased, self.eps, self.gamma, self.beta)
            self.running_mean[channel] = (1 - self.momentum) * self.running_mean[channel] + self.momentum * mean
            self.running_var[channel] = (1 - self.momentum) * self.running_var[channel] + self.momentum * unbiased
            stats.append((count, mean, biased, unbiased))
        return output, stats

    def eval_step(self, x):
        """Normalize x in evaluation mode, with the running statistics."""
        output = np.empty_like(x)
        for channel in range(x.shape[1]):
            output[:, channel, ...] = standardize(
                x[:, channel, ...], self.running_mean[channel], self.running_var[channel], self.eps, self.gamma, self.beta
            )
        return output


def to_json_list(values):
    return [None if math.isnan(v) else float(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def known_case():
    """Check the model against PyTorch's N=4, C=3, L=4 case and N=3, C=4 case, and return both."""
    x = np.array(
        [
            [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]],
            [[2, 3, 4, 5], [6, 7, 8, 9], [10, 11, 12, 13]],
            [[3, 4, 5, 6], [7, 8, 9, 10], [11, 12, 13, 14]],
            [[4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]],
        ],
        dtype=np.float64,
    )
    layer = BatchNorm1dFloat64(3, eps=1e-5, momentum=0.1)
    train, stats = layer.train_step(x)
    evaluation = layer.eval_step(x)

    close = lambda a, b: np.allclose(a, b, rtol=1e-15, atol=1e-15)  # noqa: E731
    assert close([s[1] for s in stats], [4, 8, 12])
    assert close([s[2] for s in stats], [2.5] * 3)
    assert close([s[3] for s in stats], [2.6666666666666665] * 3)
    assert close(layer.running_mean, [0.4, 0.8, 1.2])
    assert close(layer.running_var, [1.1666666666666667] * 3)
    assert close(train[0, 0, :], [-1.8973628013792196, -1.264908534252813, -0.6324542671264065, 0.0])
    assert close(
        evaluation[0, 0, :], [0.5554896791985786, 1.4813058111962096, 2.4071219431938404, 3.3329380751914717]
    )

    small = np.array([[2, 15, 2, 1], [2, 17, 2, 1], [-4, -2, -2, -1]], dtype=np.float64)
    small_layer = BatchNorm1dFloat64(4, eps=1e-5, momentum=1.0)
    small_train, small_stats = small_layer.train_step(small)
    assert close(small_layer.running_mean, [0, 10, 0.6666666666666666, 0.3333333333333333])
    assert close(small_layer.running_var, [12, 109, 5.333333333333334, 1.3333333333333335])
    assert close([s[2] for s in small_stats], [8, 72.66666666666667, 3.555555555555556, 0.888888888888889])

    def channels(array, layer_stats, train_out, eval_out, running_mean, running_var):
        result = []
        for channel in range(array.shape[1]):
            result.append(
                {
                    "values": to_json_list(array[:, channel, ...]),
                    "batchMean": layer_stats[channel][1],
                    "batchBiasedVariance": layer_stats[channel][2],
                    "batchUnbiasedVariance": layer_stats[channel][3],
                    "runningMean": float(running_mean[channel]),
                    "runningVariance": float(running_var[channel]),
                    "trainOutput": to_json_list(train_out[:, channel, ...]),
                    "evalOutput": None if eval_out is None else to_json_list(eval_out[:, channel, ...]),
                }
            )
        return result

    return {
        "known": {
            "description": "N=4, C=3, L=4; momentum 0.1, eps 1e-5; one channel is one feature, a window is its N*L values",
            "momentum": 0.1,
            "epsilon": 1e-5,
            "channels": channels(x, stats, train, evaluation, layer.running_mean, layer.running_var),
        },
        "momentumOne": {
            "description": "N=3, C=4; momentum 1.0, eps 1e-5; one channel is one feature, a window is its N values",
            "momentum": 1.0,
            "epsilon": 1e-5,
            "channels": channels(small, small_stats, small_train, small_layer.eval_step(small),
                                 small_layer.running_mean, small_layer.running_var),
        },
    }


def batchnorm_sequence(name, windows, momentum, eps, gamma=1.0, beta=0.0, initial=None):
    """Run one feature (one channel) through a list of windows, training step then evaluation."""
    if initial is None:
        layer = BatchNorm1dFloat64(1, eps=eps, momentum=momentum, gamma=gamma, beta=beta)
    else:
        layer = BatchNorm1dFloat64(1, eps=eps, momentum=momentum, gamma=gamma, beta=beta,
                                   running_mean=initial["mean"], running_var=initial["variance"])
    records = []
    for values in windows:
        x = np.asarray(values, dtype=np.float64).reshape(-1, 1)
        train, stats = layer.train_step(x)
        evaluation = layer.eval_step(x)
        count, mean, biased, unbiased = stats[0]
        records.append(
            {
                "values": to_json_list(values),
                "count": count,
                "batchMean": mean,
                "batchBiasedVariance": biased,
                "batchUnbiasedVariance": unbiased,
                "runningMean": float(layer.running_mean[0]),
                "runningVariance": float(layer.running_var[0]),
                "trainOutput": to_json_list(train),
                "evalOutput": to_json_list(evaluation),
            }
        )
    case = {"name": name, "momentum": momentum, "epsilon": eps, "affine": {"gamma": gamma, "beta": beta},
            "windows": records}
    if initial is not None:
        case["initial"] = initial
    return case


def adaptive_sequence(name, windows, verdicts, reference, momentum, eps, revert, gamma=1.0, beta=0.0):
    """driftwatch's adaptive mode: reference until drift, re-estimate on the drifted window, follow with momentum."""
    source = "reference"
    current = (reference["mean"], reference["variance"])
    records = []
    for index, (values, drifted) in enumerate(zip(windows, verdicts)):
        x = np.asarray(values, dtype=np.float64)
        count, mean, biased, unbiased = window_moments(x)
        skipped = None
        event = None
        if source == "adapted" and revert and drifted is False:
            event = {"from": "adapted", "to": "reference", "windowIndex": index,
                     "previous": list(current), "next": [reference["mean"], reference["variance"]]}
            source, current = "reference", (reference["mean"], reference["variance"])
        elif source == "reference" and drifted is not True:
            pass
        elif count < 2:
            skipped = "too-few-values"
        elif unbiased == 0:
            skipped = "zero-variance"
        elif source == "reference":
            event = {"from": "reference", "to": "adapted", "windowIndex": index,
                     "previous": list(current), "next": [mean, unbiased]}
            source, current = "adapted", (mean, unbiased)
        else:
            current = ((1 - momentum) * current[0] + momentum * mean,
                       (1 - momentum) * current[1] + momentum * unbiased)
        records.append(
            {
                "values": to_json_list(x),
                "drifted": drifted,
                "source": source,
                "mean": current[0],
                "variance": current[1],
                "skipped": skipped,
                "event": event,
                "output": to_json_list(standardize(x, current[0], current[1], eps, gamma, beta)),
            }
        )
    return {"name": name, "momentum": momentum, "epsilon": eps, "revert": revert, "reference": reference,
            "affine": {"gamma": gamma, "beta": beta}, "windows": records}


def with_missing(rng, values, share):
    values = np.array(values, dtype=np.float64)
    mask = rng.random(values.size) < share
    # Keep at least two values, the minimum for an unbiased variance (PyTorch rejects fewer).
    mask[:2] = False
    values[mask] = np.nan
    return values


def batchnorm_sequences():
    sequences = []

    rng = np.random.default_rng(101)
    sequences.append(batchnorm_sequence(
        "pairs, momentum 0.1", [rng.normal(5, 2, 2) for _ in range(25)], momentum=0.1, eps=1e-5))

    rng = np.random.default_rng(102)
    sequences.append(batchnorm_sequence(
        "500 values, momentum 0.01", [rng.normal(-3, 0.5, 500) for _ in range(4)], momentum=0.01, eps=1e-5))

    rng = np.random.default_rng(103)
    sequences.append(batchnorm_sequence(
        "momentum 1.0 replaces running statistics", [rng.normal(10, 4, 7) for _ in range(6)], momentum=1.0, eps=1e-5))

    rng = np.random.default_rng(104)
    sequences.append(batchnorm_sequence(
        "eps 1e-3, momentum 0.3", [rng.uniform(0, 1, 50) for _ in range(6)], momentum=0.3, eps=1e-3))

    rng = np.random.default_rng(105)
    sequences.append(batchnorm_sequence(
        "eps 0.5 dominates a spread of 0.1", [rng.normal(0, 0.1, 20) for _ in range(5)], momentum=0.1, eps=0.5))

    rng = np.random.default_rng(106)
    sequences.append(batchnorm_sequence(
        "near 1e9, spread 1, initialized from reference",
        [1e9 + rng.normal(0, 1, 100) for _ in range(5)], momentum=0.1, eps=1e-5,
        initial={"mean": 1e9, "variance": 1.0}))

    rng = np.random.default_rng(107)
    sequences.append(batchnorm_sequence(
        "near -1e9, spread 1e-3, eps 1e-8",
        [-1e9 + rng.normal(0, 1e-3, 40) for _ in range(4)], momentum=0.2, eps=1e-8))

    rng = np.random.default_rng(108)
    sequences.append(batchnorm_sequence(
        "30 values with 20% missing", [with_missing(rng, rng.normal(1, 3, 30), 0.2) for _ in range(8)],
        momentum=0.1, eps=1e-5))

    rng = np.random.default_rng(109)
    sizes = [2, 3, 17, 500, 64, 2, 250, 9]
    sequences.append(batchnorm_sequence(
        "window sizes 2 to 500, momentum 0.05", [rng.normal(100, 15, size) for size in sizes],
        momentum=0.05, eps=1e-5))

    rng = np.random.default_rng(110)
    sequences.append(batchnorm_sequence(
        "lognormal, eps 1e-4, momentum 0.2", [rng.lognormal(0, 1.5, 64) for _ in range(5)], momentum=0.2, eps=1e-4))

    rng = np.random.default_rng(111)
    sequences.append(batchnorm_sequence(
        "spread 1e5 around 1e6, momentum 0.5, gamma 2.5, beta -1",
        [rng.normal(1e6, 1e5, 200) for _ in range(3)], momentum=0.5, eps=1e-5, gamma=2.5, beta=-1.0))

    rng = np.random.default_rng(112)
    poisson = [rng.poisson(3, 10).astype(np.float64) for _ in range(5)]
    poisson.insert(2, np.full(6, 4.0))
    sequences.append(batchnorm_sequence(
        "counts with one constant window", poisson, momentum=0.1, eps=1e-5))

    return sequences


def adaptive_sequences():
    sequences = []
    reference = {"mean": 50.0, "variance": 100.0}

    rng = np.random.default_rng(201)
    windows = [rng.normal(50, 10, 40) for _ in range(3)] + [3 * rng.normal(50, 10, 40) - 20 for _ in range(4)]
    windows += [rng.normal(50, 10, 40) for _ in range(2)]
    verdicts = [False, None, False, True, True, True, True, False, False]
    sequences.append(adaptive_sequence(
        "shift at window 3, revert", windows, verdicts, reference, momentum=0.1, eps=1e-5, revert=True,
        gamma=10.0, beta=50.0))
    sequences.append(adaptive_sequence(
        "shift at window 3, no revert", windows, verdicts, reference, momentum=0.1, eps=1e-5, revert=False))

    rng = np.random.default_rng(202)
    windows = [
        rng.normal(50, 10, 30),
        np.array([131.0]),
        with_missing(rng, 3 * rng.normal(50, 10, 30) - 20, 0.3),
        np.full(12, 140.0),
        np.array([np.nan, 150.0, np.nan]),
        3 * rng.normal(50, 10, 30) - 20,
        rng.normal(50, 10, 30),
    ]
    verdicts = [False, True, True, True, True, True, False]
    sequences.append(adaptive_sequence(
        "skipped windows while drifting, momentum 0.01", windows, verdicts, reference, momentum=0.01, eps=1e-3,
        revert=True))

    rng = np.random.default_rng(203)
    windows = [1e9 + rng.normal(0, 1, 100) for _ in range(2)] + [1e9 + 5 + rng.normal(0, 2, 100) for _ in range(3)]
    sequences.append(adaptive_sequence(
        "near 1e9, momentum 1.0", windows, [False, False, True, True, True],
        {"mean": 1e9, "variance": 1.0}, momentum=1.0, eps=1e-5, revert=True))

    return sequences


def main():
    golden = {
        "generator": "scripts/golden/batchnorm.py",
        "conventions": (
            "torch.nn.BatchNorm1d in float64: training output uses the biased batch variance; running "
            "statistics use (1 - momentum) * running + momentum * batch with the unbiased batch variance; "
            "evaluation output uses the running statistics after the update. Missing values are null. "
            "Sums are math.fsum."
        ),
        **known_case(),
        "sequences": batchnorm_sequences(),
        "adaptive": adaptive_sequences(),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(golden, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
