"""Write test/golden/statistics.json: reference values for driftwatch's tests and distances.

Run from the repository root:
    /root/.cache/driftwatch/golden-venv/bin/python scripts/golden/statistics.py
(any Python 3.11+ with numpy, scipy and mpmath works; the JSON records the versions used). The
committed JSON was produced with numpy 2.4.6, scipy 1.17.1 and mpmath 1.4.1.

Samples are not stored as arrays: each one is a recipe (kind, seed, size, ...) that
test/unit/statistics-golden.test.ts expands with the same arithmetic (a Park-Miller generator and
only +, -, *, /, floor), so both languages see bit-identical inputs. Each sample also stores its
first values and its sum so the test can prove that.

"scipy" values are what scipy returns. Where scipy underflows to 0 (or cuts a tail to 0), the
"logPValue" comes from an independent high-precision computation with mpmath or exact integer path
counting, named in "logPValueSource".
"""

import json
import math
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance as spatial_distance

mpmath.mp.dps = 60
MODULUS = 2147483647
MULTIPLIER = 48271
OUTPUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "statistics.json"


# ---------------------------------------------------------------- samples


def uniforms(seed, count):
    """Park-Miller minimal standard generator; state/2^31-1 in (0, 1)."""
    state = seed
    out = []
    for _ in range(count):
        state = (state * MULTIPLIER) % MODULUS
        out.append(state / MODULUS)
    return out


def expand(recipe):
    """Expand a sample recipe; keep the arithmetic identical to the TypeScript test."""
    kind = recipe["kind"]
    if kind == "values":
        return [float(v) for v in recipe["values"]]
    size = recipe["size"]
    if kind == "constant":
        return [float(recipe["value"])] * size
    if kind == "sequence":
        return [recipe["start"] + i * recipe["step"] for i in range(size)]
    if kind == "normal":
        u = uniforms(recipe["seed"], 12 * size)
        out = []
        for i in range(size):
            s = 0.0
            for k in range(12):
                s += u[12 * i + k]
            out.append(recipe["loc"] + recipe["scale"] * (s - 6.0))
        return out
    if kind == "integers":
        u = uniforms(recipe["seed"], size)
        return [math.floor(x * recipe["levels"]) + recipe["offset"] for x in u]
    if kind == "pareto":
        u = uniforms(recipe["seed"], size)
        return [recipe["scale"] / (x + 0.001) for x in u]
    raise ValueError(kind)


def normal(seed, size, loc=0.0, scale=1.0):
    return {"kind": "normal", "seed": seed, "size": size, "loc": loc, "scale": scale}


def values(vals):
    return {"kind": "values", "values": vals}


# ---------------------------------------------------------------- exact truths


def log_mp(x):
    return float(mpmath.log(x))


def ks_exact_outside_fraction(n, m, h):
    """P(D >= h/lcm) by counting lattice paths that stay strictly inside the band, in exact integers."""
    g = math.gcd(n, m)
    ng, mg = n // g, m // g
    # point (i, j): i of m (first axis), j of n; inside iff |i*ng - j*mg| < h
    prev = None
    for i in range(m + 1):
        cur = [0] * (n + 1)
        for j in range(n + 1):
            if abs(i * ng - j * mg) >= h:
                cur[j] = 0
                continue
            if i == 0 and j == 0:
                cur[j] = 1
                continue
            total = 0
            if i > 0:
                total += prev[j]
            if j > 0:
                total += cur[j - 1]
            cur[j] = total
        prev = cur
    inside = prev[n]
    total = math.comb(n + m, n)
    return Fraction(total - inside, total)


def ks_exact_equal_series(n, h):
    """2 * sum_{k>=1} (-1)^(k-1) C(2n, n-kh) / C(2n, n) in exact integers."""
    num = 0
    k = 1
    while n - k * h >= 0:
        num += (-1) ** (k - 1) * math.comb(2 * n, n - k * h)
        k += 1
    return Fraction(2 * num, math.comb(2 * n, n))


def smirnov_mp(n, x):
    """Birnbaum-Tingey sum for P(D_n^+ >= x) at high precision (x taken as the exact double)."""
    x = mpmath.mpf(x)
    total = mpmath.mpf(0)
    last = int(mpmath.floor(n * (1 - x)))
    for v in range(0, last + 1):
        base = 1 - x - mpmath.mpf(v) / n
        if base <= 0:
            continue
        total += mpmath.binomial(n, v) * x * (x + mpmath.mpf(v) / n) ** (v - 1) * base ** (n - v)
    return total


def chi2_sf_mp(statistic, dof):
    return mpmath.gammainc(mpmath.mpf(dof) / 2, mpmath.mpf(statistic) / 2, mpmath.inf, regularized=True)


# ---------------------------------------------------------------- KS and Wasserstein cases


def run_ks(ref, cur, method="auto"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(ref, cur, method=method)
    fell_back = any("Switching to method" in str(w.message) for w in caught)
    n, m = len(ref), len(cur)
    if method == "auto":
        used = "exact" if max(n, m) <= 10000 else "asymp"
    else:
        used = method
    if fell_back:
        used = "asymp"
    return float(res.statistic), float(res.pvalue), used


def ks_log_truth(ref, cur, statistic, pvalue, used):
    n, m = len(ref), len(cur)
    if pvalue > 1e-290:
        return math.log(pvalue), "scipy"
    if used == "exact":
        g = math.gcd(n, m)
        lcm = n // g * m
        h = round(statistic * lcm)
        if n == m:
            return log_mp(mpmath.mpf(ks_exact_equal_series(n, h).numerator) / ks_exact_equal_series(n, h).denominator), "exact integer series"
        frac = ks_exact_outside_fraction(n, m, h)
        return log_mp(mpmath.mpf(frac.numerator) / frac.denominator), "exact integer path count"
    big, small = max(n, m), min(n, m)
    N = int(np.round(big * small / (big + small)))
    if statistic >= 1:
        return log_mp(2 / mpmath.binomial(n + m, n)), "exact two-sample value 2/C(n+m,n) (kstwo is 0 at D=1)"
    return log_mp(2 * smirnov_mp(N, statistic)), "mpmath 2*smirnov(N, D) (Birnbaum-Tingey sum)"


def population_std(xs):
    return float(np.std(np.asarray(xs, dtype=np.float64)))


SAMPLE_CASES = [
    ("N01", "normal vs normal shifted by 0.3, 200 vs 150", normal(11, 200), normal(12, 150, 0.3)),
    ("N02", "normal vs normal shifted by 0.2, 500 vs 500", normal(21, 500), normal(22, 500, 0.2)),
    ("N03", "same normal distribution, 1000 vs 800", normal(31, 1000), normal(32, 800)),
    ("N04", "tied integers 0..9 vs 1..10, 300 vs 250", {"kind": "integers", "seed": 41, "size": 300, "levels": 10, "offset": 0}, {"kind": "integers", "seed": 42, "size": 250, "levels": 10, "offset": 1}),
    ("N05", "heavily tied counts 126 vs 31 (D = 334/1953)", values([2] * 4 + [3] * 29 + [4] * 34 + [5] * 9 + [6] * 21 + [7] * 29), values([2] * 4 + [3] * 8 + [4] * 4 + [5] * 8 + [6] * 4 + [7] * 3)),
    ("N06", "identical heavily tied windows", values([-1] * 14 + [1, 2, 3, 4, 5, 6]), values([-1] * 14 + [1, 2, 3, 4, 5, 6])),
    ("N07", "one value per side, 0.2-0.1 vs 0.3-0.2", values([0.2 - 0.1]), values([0.3 - 0.2])),
    ("N08", "two values per side, separated", values([1, 2]), values([3, 4])),
    ("N09", "one vs two values", values([1]), values([1, 2])),
    ("N10", "five values per side, separated", values([1, 2, 3, 4, 5]), values([6, 7, 8, 9, 10])),
    ("N11", "two vs five values", values([0.5, 2.5]), values([1, 2, 3, 4, 5])),
    ("N12", "three vs seven interleaved", values([1.5, 4.5, 9.5]), values([1, 2, 3, 4, 5, 6, 7])),
    ("N13", "missing value dropped: 4 vs 11 with ties", values([1, 2, 3, 4]), values([3, 6, 7, 8, 9, 3, 2, 1, 4, 4, 5])),
    ("N14", "large, asymptotic: 12000 vs 11000, shift 0.05", normal(141, 12000), normal(142, 11000, 0.05)),
    ("N15", "exactly 10000 per side, exact method, shift 0.03", normal(151, 10000), normal(152, 10000, 0.03)),
    ("N16", "10000 vs 9000, exact lattice method, shift 0.04", normal(161, 10000), normal(162, 9000, 0.04)),
    ("N17", "complete separation 300 vs 300 (p about 1e-179)", normal(171, 300), normal(172, 300, 100.0)),
    ("N18", "complete separation 400 vs 500 (p below 1e-250)", normal(181, 400), normal(182, 500, 100.0)),
    ("N19", "huge shift with overlap 300 vs 350 (p below 1e-100)", normal(191, 300), normal(192, 350, 3.0)),
    ("N20", "asymptotic, huge shift 15000 vs 12000 (scipy p = 0)", normal(201, 15000), normal(202, 12000, 1.2)),
    ("N21", "asymptotic, p below 1e-100: 15000 vs 12000 shift 0.4", normal(211, 15000), normal(212, 12000, 0.4)),
    ("N22", "0..9999 vs 5000..14999, exact (scipy p = 0)", {"kind": "sequence", "size": 10000, "start": 0, "step": 1}, {"kind": "sequence", "size": 10000, "start": 5000, "step": 1}),
    ("N23", "constant feature, same value, 50 vs 40", {"kind": "constant", "size": 50, "value": 5.0}, {"kind": "constant", "size": 40, "value": 5.0}),
    ("N24", "constant feature, different values, 50 vs 40", {"kind": "constant", "size": 50, "value": 5.0}, {"kind": "constant", "size": 40, "value": 6.0}),
    ("N25", "heavy right skew, 2000 vs 1800 with a larger scale", {"kind": "pareto", "seed": 251, "size": 2000, "scale": 1.0}, {"kind": "pareto", "seed": 252, "size": 1800, "scale": 1.3}),
    ("N26", "values near 1e9 with spread 1, 1500 vs 1400", normal(261, 1500, 1e9, 1.0), normal(262, 1400, 1e9 + 0.1, 1.0)),
    ("N27", "0..999 vs 5..1004", {"kind": "sequence", "size": 1000, "start": 0, "step": 1}, {"kind": "sequence", "size": 1000, "start": 5, "step": 1}),
    ("N28", "one value vs 5000", values([0.25]), normal(282, 5000)),
    ("N29", "asymptotic with 3 current values (effective size 3)", normal(291, 20000), values([0.5, 1.5, 2.5])),
    ("N30", "asymptotic with 100 current values (effective size 99)", normal(301, 15000), normal(302, 100, 0.5)),
    ("N31", "asymptotic, nearly identical samples (Durbin matrix region)", normal(311, 12000), normal(311, 11000)),
    ("N32", "asymptotic, same distribution (Pelz-Good region)", normal(321, 12000), normal(322, 15000)),
    ("N33", "asymptotic, complete separation 12000 vs 11000", normal(331, 12000), normal(332, 11000, 100.0)),
]


def sample_case(case_id, description, ref_recipe, cur_recipe):
    ref = expand(ref_recipe)
    cur = expand(cur_recipe)
    statistic, pvalue, used = run_ks(ref, cur)
    log_p, log_source = ks_log_truth(ref, cur, statistic, pvalue, used)
    w = float(stats.wasserstein_distance(ref, cur))
    std = population_std(ref)
    asymp = None
    if max(len(ref), len(cur)) <= 10000 and len(ref) * len(cur) > 1:
        a_stat, a_p, _ = run_ks(ref, cur, method="asymp")
        asymp = {"statistic": a_stat, "pValue": a_p, "scipyPValue": a_p}
        if a_stat >= 1:
            # Documented deviation: kstwo.sf(1, N) is 0, driftwatch reports the exact 2/C(n+m, n).
            asymp["pValue"] = float(2 / mpmath.binomial(len(ref) + len(cur), len(ref)))
    return {
        "id": case_id,
        "description": description,
        "reference": ref_recipe,
        "current": cur_recipe,
        "check": {
            "referenceHead": ref[:3],
            "currentHead": cur[:3],
            "referenceSum": math.fsum(ref),
            "currentSum": math.fsum(cur),
        },
        "ks": {
            "statistic": statistic,
            "pValue": pvalue,
            "method": used,
            "logPValue": log_p,
            "logPValueSource": log_source,
        },
        "ksAsymp": asymp,
        "wasserstein": {
            "distance": w,
            "referenceStd": std,
            "statistic": w / max(std, 0.001),
        },
    }


# ---------------------------------------------------------------- count cases


def binned_counts(recipe, edges):
    counts, _ = np.histogram(np.asarray(expand(recipe)), bins=edges)
    return [int(c) for c in counts]


NORMAL_EDGES = [-10.0, -1.5, -1.0, -0.6, -0.3, 0.0, 0.3, 0.6, 1.0, 1.5, 10.0]

COUNT_CASES = [
    ("K01", "PSI with an empty current bin", [3, 3, 4], [4, 2, 0]),
    ("K02", "category missing from the current window", [5, 5, 5], [8, 3, 0]),
    ("K03", "category new in the current window", [5, 5, 0], [8, 3, 5]),
    ("K04", "one category, equal totals", [50], [50]),
    ("K05", "one category, unequal totals", [50], [10]),
    ("K06", "disjoint supports", [1, 0], [0, 1]),
    ("K07", "half-overlapping proportions", [0.5, 0.5, 0], [0, 0.5, 0.5]),
    ("K08", "mirrored proportions", [0.7, 0.2, 0.1], [0.1, 0.2, 0.7]),
    ("K09", "binned normal vs shifted normal, 10 bins", binned_counts(normal(91, 2000), NORMAL_EDGES), binned_counts(normal(92, 1500, 0.25), NORMAL_EDGES)),
    ("K10", "empty bins on both sides and on one side", [0, 12, 30, 0, 7, 1], [0, 10, 25, 4, 0, 3]),
    ("K11", "unseen categories (zero in reference)", [40, 25, 10, 0, 0], [30, 20, 12, 5, 2]),
    ("K12", "huge difference, chi-square tail far below 1e-308", [100000, 0, 50], [0, 100000, 50]),
    ("K13", "large counts, chi-square p about 5e-20", [5000, 5000, 2000], [4300, 5600, 2100]),
    ("K14", "nearly identical large counts", [1000000, 1000001, 999999], [1000002, 999998, 1000000]),
    ("K15", "fractional counts (weights)", [0.5, 2.25, 1.0, 3.75], [1.5, 1.25, 2.0, 0.25]),
    ("K16", "identical counts", [7, 0, 3, 12], [7, 0, 3, 12]),
]


def many_categories():
    u = uniforms(1601, 1000)
    ref = [math.floor(x * 50) for x in u[:500]]
    cur = [math.floor(x * 50) for x in u[500:]]
    return ref, cur


def psi_mp(ref, cur, eps):
    N = mpmath.fsum(mpmath.mpf(c) for c in ref)
    M = mpmath.fsum(mpmath.mpf(c) for c in cur)
    terms = []
    for c, d in zip(ref, cur):
        p = mpmath.mpf(c) / N
        q = mpmath.mpf(d) / M
        if p == 0 and q == 0:
            terms.append(mpmath.mpf(0))
            continue
        if eps == 0 and (p == 0 or q == 0):
            terms.append(mpmath.inf)
            continue
        p = p if p != 0 else mpmath.mpf(eps)
        q = q if q != 0 else mpmath.mpf(eps)
        terms.append((q - p) * mpmath.log(q / p))
    return terms


def js_mp(ref, cur):
    N = mpmath.fsum(mpmath.mpf(c) for c in ref)
    M = mpmath.fsum(mpmath.mpf(c) for c in cur)
    total = mpmath.mpf(0)
    for c, d in zip(ref, cur):
        p = mpmath.mpf(c) / N
        q = mpmath.mpf(d) / M
        m = (p + q) / 2
        if p > 0:
            total += p * mpmath.log(p / m)
        if q > 0:
            total += q * mpmath.log(q / m)
    divergence = total / 2 / mpmath.log(2)
    return divergence, mpmath.sqrt(divergence)


def hellinger_mp(ref, cur):
    N = mpmath.fsum(mpmath.mpf(c) for c in ref)
    M = mpmath.fsum(mpmath.mpf(c) for c in cur)
    bc = mpmath.fsum(mpmath.sqrt(mpmath.mpf(c) / N * mpmath.mpf(d) / M) for c, d in zip(ref, cur))
    return mpmath.sqrt(max(mpmath.mpf(0), 1 - bc))


def to_json_number(x):
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def count_case(case_id, description, ref, cur):
    table = np.array([ref, cur], dtype=np.float64)
    keep = table.sum(axis=0) > 0
    kept = table[:, keep]
    if kept.shape[1] <= 1:
        chi = {"statistic": 0.0, "pValue": 1.0, "dof": 0, "logPValue": 0.0, "logPValueSource": "definition"}
    else:
        res = stats.chi2_contingency(kept, correction=False)
        p = float(res.pvalue)
        truth = chi2_sf_mp(float(res.statistic), int(res.dof))
        chi = {
            "statistic": float(res.statistic),
            "pValue": p,
            "dof": int(res.dof),
            "logPValue": log_mp(truth),
            "logPValueSource": "mpmath regularized upper incomplete gamma",
        }
    psi_terms = psi_mp(ref, cur, 1e-4)
    psi_raw = psi_mp(ref, cur, 0)
    divergence, js_distance = js_mp(ref, cur)
    scipy_js = float(spatial_distance.jensenshannon(np.asarray(ref, float), np.asarray(cur, float), base=2))
    return {
        "id": case_id,
        "description": description,
        "reference": ref,
        "current": cur,
        "chiSquare": chi,
        "psi": {"statistic": to_json_number(mpmath.fsum(psi_terms)), "terms": [to_json_number(t) for t in psi_terms]},
        "psiUnsmoothed": {"statistic": to_json_number(mpmath.fsum(psi_raw)), "terms": [to_json_number(t) for t in psi_raw]},
        "jensenShannon": {"statistic": float(js_distance), "divergence": float(divergence), "scipy": scipy_js},
        "hellinger": {"statistic": float(hellinger_mp(ref, cur))},
    }


# ---------------------------------------------------------------- special functions


def special_values():
    out = {}
    out["logGamma"] = [{"x": x, "value": float(mpmath.loggamma(mpmath.mpf(x)))} for x in [0.001, 0.5, 1.0, 1.5, 2.0, 2.5, 3.7, 10.0, 14.5, 15.0, 100.3, 12345.5, 1e7]]
    chi = []
    for statistic, dof in [(0.5, 1), (3.84, 1), (121.5, 4), (1400.0, 1), (2000.0, 1), (5.712121212121213, 2), (3.0, 7), (1000.0, 999), (1200.0, 999), (50.0, 60), (1e5, 1), (20000.0, 19000), (0.001, 200), (7.5, 3)]:
        truth = chi2_sf_mp(statistic, dof)
        chi.append({"statistic": statistic, "dof": dof, "scipy": float(stats.chi2.sf(statistic, dof)), "logP": log_mp(truth)})
    out["chiSquare"] = chi
    kol = []
    for t in [0.03, 0.2, 0.5, 0.82, 0.83, 1.0, 1.36, 3.0, 0.005 * math.sqrt(5e5), 0.5 * math.sqrt(5000), 40.0]:
        series = 2 * mpmath.nsum(lambda k: (-1) ** (k - 1) * mpmath.exp(-2 * k * k * mpmath.mpf(t) ** 2), [1, mpmath.inf]) if t > 0.3 else 1 - mpmath.sqrt(2 * mpmath.pi) / t * mpmath.nsum(lambda k: mpmath.exp(-((2 * k - 1) ** 2) * mpmath.pi ** 2 / (8 * mpmath.mpf(t) ** 2)), [1, mpmath.inf])
        kol.append({"t": t, "scipy": float(special.kolmogorov(t)), "logP": log_mp(series) if series > 0 else None})
    out["kolmogorov"] = kol
    smir = []
    for n, x in [(2, 0.3), (10, 0.05), (10, 0.3), (10, 0.95), (50, 0.1), (200, 0.25), (1000, 0.02), (1000, 0.5), (5000, 0.5), (3000, 0.3), (800, 0.9)]:
        truth = smirnov_mp(n, x)
        smir.append({"n": n, "x": x, "scipy": float(special.smirnov(n, x)), "logP": log_mp(truth)})
    out["smirnov"] = smir
    two = []
    for n, x in [(1, 0.7), (3, 0.2), (3, 0.4), (3, 0.9), (20, 0.04), (20, 0.1), (20, 0.2), (20, 0.35), (20, 0.6), (140, 0.05), (140, 0.15), (140, 0.3), (141, 0.02), (500, 0.02), (500, 0.05), (500, 0.1), (5000, 0.005), (5000, 0.03), (100000, 0.001), (100001, 0.002), (500000, 0.001), (60000, 0.01), (2000, 0.45), (2000, 0.002), (3000, 0.99999), (1500000, 0.002)]:
        sf = float(stats.kstwo.sf(x, n))
        two.append({"n": n, "x": x, "scipy": sf})
    out["kstwo"] = two
    exact = []
    for n, m, h in [(4, 4, 4), (5, 5, 1), (7, 7, 1), (7, 7, 2), (126, 31, 668), (4, 11, 20), (1, 2, 1), (1, 7, 4), (3, 5, 9), (60, 40, 40), (100, 100, 17), (300, 250, 600), (2, 9999, 9999)]:
        g = math.gcd(n, m)
        lcm = n // g * m
        if n == m:
            from scipy.stats._stats_py import _compute_prob_outside_square
            scipy_p = float(_compute_prob_outside_square(n, h))
            frac = ks_exact_equal_series(n, h)
        else:
            from scipy.stats._stats_pythran import _compute_outer_prob_inside_method
            scipy_p = float(_compute_outer_prob_inside_method(n, m, g, h))
            frac = ks_exact_outside_fraction(n, m, h)
        exact.append({"n": n, "m": m, "h": h, "lcm": lcm, "scipy": scipy_p, "logP": log_mp(mpmath.mpf(frac.numerator) / frac.denominator)})
    out["ksExact"] = exact
    return out


def main():
    samples = [sample_case(*case) for case in SAMPLE_CASES]
    counts = [count_case(*case) for case in COUNT_CASES]
    ref, cur = many_categories()
    ref_counts = [ref.count(k) for k in range(50)]
    cur_counts = [cur.count(k) for k in range(50)]
    counts.append(count_case("K17", "50 categories from a uniform generator", ref_counts, cur_counts))
    document = {
        "meta": {
            "generator": "scripts/golden/statistics.py",
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "mpmath": mpmath.__version__,
            "notes": [
                "ks.pValue, ks.statistic and ks.method are scipy.stats.ks_2samp(method='auto'); method is 'asymp' when scipy fell back from exact.",
                "ks.logPValue is ln(scipy p) where p > 1e-290; below that it is computed independently (see logPValueSource) because scipy underflows to 0.",
                "For the asymptotic method the independent log is 2*smirnov(N, D) summed with mpmath; scipy itself returns 0 there (kstwo cuts n*D^2 >= 370 to 0).",
                "chiSquare.logPValue is always mpmath's regularized upper incomplete gamma at scipy's statistic.",
                "psi, jensenShannon and hellinger are computed with mpmath from the exact proportions (60 digits); jensenShannon.scipy is scipy.spatial.distance.jensenshannon(base=2) for comparison.",
                "wasserstein.distance is scipy.stats.wasserstein_distance; referenceStd is numpy.std (ddof 0).",
                "ksAsymp.pValue equals scipy's except at D = 1, where scipy's kstwo gives 0 and driftwatch reports the exact two-sample value 2/C(n+m, n) (scipyPValue keeps scipy's number).",
                "special.kstwo.scipy is scipy.stats.kstwo.sf(x, n); special.ksExact.scipy is scipy's internal exact routine and logP the exact integer result.",
            ],
        },
        "special": special_values(),
        "samples": samples,
        "counts": counts,
    }
    OUTPUT.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
