"""Key-driver analysis: which driver ratings (e.g. 1–5) explain the 0–10 recommendation score.

Two decompositions of the regression R² of the score on the drivers:

* :func:`relative_weights` — Johnson (2000) relative weights, from the correlation matrix;
* :func:`shapley_r2` — exact Shapley value / LMG decomposition over all 2^p subsets.

Both give non-negative weights that sum to R². :func:`key_drivers` wraps them for the product:
it cleans the data (listwise deletion, constant or empty drivers dropped — with messages, not
exceptions), adds respondent-bootstrap percentile intervals for the relative-weight shares
(stretched to the estimate when it falls outside, so every interval contains its share),
says whether the ranking is settled, and places every driver in an importance × performance
quadrant.

The bootstrap is computed from resampled sufficient statistics: a resample of respondents is
represented by its multinomial weight vector (counts of how often each respondent was drawn,
from an exact index resample), and all first and second moments of (X, y) for a block of
resamples come out of one matrix product ``W @ [Z, Z_i·Z_j]``. 100,000 answers × 8 drivers ×
200 resamples takes well under 2 s (see ``bench/bench_drivers.py``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import msgspec
import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "AGAINST",
    "FIX_FIRST",
    "KEEP_UP",
    "LOW_PRIORITY",
    "MAX_SHAPLEY_DRIVERS",
    "MONITOR",
    "DriverResult",
    "DroppedDriver",
    "KeyDriverResult",
    "key_drivers",
    "relative_weights",
    "relative_weights_from_corr",
    "shapley_r2",
    "shapley_r2_from_corr",
    "subset_r2_from_corr",
]

#: The exact Shapley decomposition needs 2^p regressions; above this it is skipped.
MAX_SHAPLEY_DRIVERS = 12

#: Quadrant labels of the priority matrix.
FIX_FIRST = "fix first"  # high importance, low performance
KEEP_UP = "keep up"  # high importance, high performance
MONITOR = "monitor"  # low importance, high performance
LOW_PRIORITY = "low priority"  # low importance, low performance
#: A driver whose rating goes *down* as the score goes up (correlation < 0). Relative weights
#: are never negative, so without the sign such a driver could land in "fix first", telling
#: the reader to raise a rating that moves against the score. It is never a lever: either the
#: question runs the other way (effort, wait time: reverse it) or it is a symptom.
AGAINST = "against score"

_EIG_TOL = 1e-10


# ---------------------------------------------------------------------------------------------
# Core decompositions
# ---------------------------------------------------------------------------------------------


def _as_xy(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    xa = np.asarray(X, dtype=float)
    ya = np.asarray(y, dtype=float).ravel()
    if xa.ndim == 1:
        xa = xa[:, None]
    if xa.ndim != 2 or xa.shape[0] != ya.shape[0]:
        raise ValueError(f"X must be (n, p) and y (n,), got {xa.shape} and {ya.shape}")
    if np.isnan(xa).any() or np.isnan(ya).any():
        raise ValueError("X and y must not contain NaN (key_drivers drops such rows for you)")
    if xa.shape[0] < xa.shape[1] + 2:
        raise ValueError(f"need at least p + 2 = {xa.shape[1] + 2} rows, got {xa.shape[0]}")
    return xa, ya


def _corr(xa: np.ndarray, ya: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r = np.corrcoef(np.column_stack([xa, ya]), rowvar=False)
    if not np.all(np.isfinite(r)):
        raise ValueError("a column of X or y is constant; its correlation is undefined")
    return r[:-1, :-1], r[:-1, -1]


def relative_weights_from_corr(rxx: ArrayLike, rxy: ArrayLike) -> np.ndarray:
    """Johnson (2000) raw relative weights from correlations; works on stacks (…, p, p).

    Rxx = V diag(λ) Vᵀ; Λ = V diag(sqrt λ) Vᵀ (the correlations of the predictors with their
    best-fitting orthogonal counterparts); β = Λ⁻¹ rxy; raw weights = (Λ∘Λ) β². They sum to R².
    Eigenvalues below 1e-10·max are treated as zero (a pseudo-inverse), so exactly collinear
    drivers share their weight instead of failing.
    """
    r = np.asarray(rxx, dtype=float)
    v = np.asarray(rxy, dtype=float)
    lam, vec = np.linalg.eigh(r)
    lam = np.clip(lam, 0.0, None)
    keep = lam > _EIG_TOL * lam.max(axis=-1, keepdims=True)
    sq = np.sqrt(lam)
    inv_sq = np.where(keep, 1.0 / np.where(keep, sq, 1.0), 0.0)
    vt = np.swapaxes(vec, -1, -2)
    big_lambda = (vec * sq[..., None, :]) @ vt
    # β = V diag(1/sqrt λ) Vᵀ rxy
    beta = ((vec * inv_sq[..., None, :]) @ (vt @ v[..., None]))[..., 0]
    raw: np.ndarray = ((big_lambda**2) @ (beta**2)[..., None])[..., 0]
    return raw


def relative_weights(X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Johnson (2000) raw relative weights of the columns of ``X`` for ``y``; they sum to R².

    Shares in % are ``100 * w / w.sum()``. X: (n, p) without NaN, no constant column.
    """
    xa, ya = _as_xy(X, y)
    rxx, rxy = _corr(xa, ya)
    return relative_weights_from_corr(rxx, rxy)


def _popcount(masks: np.ndarray) -> np.ndarray:
    counts = np.zeros(masks.shape, dtype=np.int64)
    m = masks.copy()
    while np.any(m):
        counts += m & 1
        m >>= 1
    return counts


def subset_r2_from_corr(rxx: ArrayLike, rxy: ArrayLike) -> np.ndarray:
    """R² of every subset of the p predictors, indexed by bitmask (bit j = predictor j).

    R²(S) = r_Sᵀ R_SS⁺ r_S, solved for all subsets of one size at a time as a batch of small
    symmetric systems (pseudo-inverse, so collinear subsets are fine). Entry 0 (empty set) is 0.
    """
    r = np.asarray(rxx, dtype=float)
    v = np.asarray(rxy, dtype=float)
    p = r.shape[0]
    out = np.zeros(1 << p)
    for k in range(1, p + 1):
        combos = np.array(list(itertools.combinations(range(p), k)), dtype=np.int64)
        masks = (np.int64(1) << combos).sum(axis=1)
        a = r[combos[:, :, None], combos[:, None, :]]
        b = v[combos]
        sol = (np.linalg.pinv(a, rcond=1e-10, hermitian=True) @ b[:, :, None])[:, :, 0]
        out[masks] = np.einsum("ij,ij->i", b, sol)
    return out


def shapley_r2_from_corr(rxx: ArrayLike, rxy: ArrayLike) -> np.ndarray:
    """Exact Shapley (LMG) decomposition of R² from correlations; p ≤ 12. Sums to R².

    φ_j = Σ_{S ⊆ N∖{j}} |S|! (p − |S| − 1)! / p! · (R²(S ∪ {j}) − R²(S)).
    """
    r = np.asarray(rxx, dtype=float)
    p = r.shape[0]
    if p > MAX_SHAPLEY_DRIVERS:
        raise ValueError(f"exact Shapley needs p ≤ {MAX_SHAPLEY_DRIVERS}, got {p}")
    r2 = subset_r2_from_corr(r, rxy)
    masks = np.arange(1 << p, dtype=np.int64)
    sizes = _popcount(masks)
    fact = [math.factorial(i) for i in range(p + 1)]
    weight_by_size = np.array([fact[s] * fact[p - s - 1] / fact[p] for s in range(p)] + [0.0])
    w = weight_by_size[sizes]
    phi = np.empty(p)
    for j in range(p):
        bit = np.int64(1) << j
        without = masks[(masks & bit) == 0]
        phi[j] = float(np.dot(w[without], r2[without | bit] - r2[without]))
    return phi


def shapley_r2(X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Exact Shapley/LMG shares of R² for the columns of ``X`` (p ≤ 12); they sum to R²."""
    xa, ya = _as_xy(X, y)
    rxx, rxy = _corr(xa, ya)
    return shapley_r2_from_corr(rxx, rxy)


# ---------------------------------------------------------------------------------------------
# Bootstrap of correlation matrices from resampled sufficient statistics
# ---------------------------------------------------------------------------------------------


def _bootstrap_corr(
    z: np.ndarray, n_boot: int, rng: np.random.Generator, block: int = 25
) -> np.ndarray:
    """Correlation matrices of ``n_boot`` respondent resamples of the columns of ``z``.

    Each resample is an exact nonparametric bootstrap (n indices drawn with replacement),
    stored as its count vector w (how often each row was drawn). For a block of resamples,
    W @ [zc, zc_i·zc_j] gives all weighted first and second moments at once (zc = z centred at
    the full-sample mean, which keeps the cancellation in cov = E[zz] − E[z]E[z] harmless).
    Resamples in which a column is constant give NaN rows.
    """
    n, q = z.shape
    zc = z - z.mean(axis=0)
    full_var = zc.var(axis=0)
    iu0, iu1 = np.triu_indices(q)
    m = np.hstack([zc, zc[:, iu0] * zc[:, iu1]])
    out = np.empty((n_boot, q, q))
    block = max(1, min(block, 2_500_000 // n))  # keep a block of weights near 20 MB
    index_dtype = np.int32 if n < 2**31 - 1 else np.int64
    for start in range(0, n_boot, block):
        b = min(block, n_boot - start)
        w = np.empty((b, n))
        for i in range(b):
            w[i] = np.bincount(rng.integers(0, n, size=n, dtype=index_dtype), minlength=n)
        s = (w @ m) / n
        mean = s[:, :q]
        cov = np.empty((b, q, q))
        upper = s[:, q:] - mean[:, iu0] * mean[:, iu1]
        cov[:, iu0, iu1] = upper
        cov[:, iu1, iu0] = upper
        var = np.diagonal(cov, axis1=1, axis2=2)
        # a column that is constant in the resample has var ≈ 0 up to rounding
        bad = np.any(var <= 1e-9 * full_var, axis=1)
        sd = np.sqrt(np.clip(var, 0.0, None))
        with np.errstate(divide="ignore", invalid="ignore"):
            corr = cov / (sd[:, :, None] * sd[:, None, :])
        corr[bad] = np.nan
        out[start : start + b] = corr
    return out


# ---------------------------------------------------------------------------------------------
# Product-level analysis
# ---------------------------------------------------------------------------------------------


class DroppedDriver(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    reason: str


class DriverResult(msgspec.Struct, frozen=True, kw_only=True):
    """One driver. Shares are % of R² (they sum to 100 across drivers).

    ``correlation`` is the plain correlation with the score; weights are never negative, so a
    negative correlation is the only sign that a driver pulls the score *down*. Such a driver's
    ``quadrant`` is ``"against score"``, never "fix first" or "keep up".
    ``ci_low``/``ci_high``: bootstrap percentile interval of ``share_pct``, stretched to
    contain ``share_pct`` when the resamples lie on one side of it (always
    ``ci_low ≤ share_pct ≤ ci_high``).
    """

    name: str
    raw_weight: float
    share_pct: float
    ci_low: float | None
    ci_high: float | None
    shapley_weight: float | None
    shapley_share_pct: float | None
    correlation: float
    mean_rating: float
    rank: int
    rank_shapley: int | None
    quadrant: str
    favourable_pct: float | None = None
    """% of the analysed answers at or above the driver's ``favourable`` threshold (on a
    1–5 agree scale, 4 and 5), None when no threshold was given."""


class KeyDriverResult(msgspec.Struct, frozen=True, kw_only=True):
    """Key-driver analysis. ``drivers`` is sorted by relative-weight share, largest first.

    ``ok`` is False when nothing could be computed (then ``drivers`` is empty and
    ``messages`` says why). ``importance_split`` (% share) and ``performance_split`` (mean
    rating) are the lines of the priority matrix: the average share (100/p) and the average
    of the drivers' mean ratings.
    """

    ok: bool
    n: int
    n_rows_dropped: int
    r2: float | None
    drivers: list[DriverResult]
    dropped: list[DroppedDriver]
    n_boot: int
    confidence: float
    ranking_settled: bool
    importance_split: float | None
    performance_split: float | None
    messages: list[str]


def _fmt_names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _quadrant(
    share: float, perf: float, imp_split: float, perf_split: float, correlation: float
) -> str:
    if correlation < 0:
        return AGAINST
    important = share >= imp_split - 1e-9  # a share equal to the average counts as high
    performing = perf >= perf_split
    if important:
        return KEEP_UP if performing else FIX_FIRST
    return MONITOR if performing else LOW_PRIORITY


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(values.size, dtype=np.int64)
    ranks[order] = np.arange(1, values.size + 1)
    return ranks


def key_drivers(
    X: ArrayLike,
    y: ArrayLike,
    names: Sequence[str],
    n_boot: int = 200,
    seed: int | None = 0,
    confidence: float = 0.95,
    *,
    min_n: int = 30,
    min_n_per_driver: int = 10,
    outcome_groups: Mapping[float, str] | None = None,
    favourable: Mapping[str, float] | None = None,
) -> KeyDriverResult:
    """Key drivers of ``y`` (e.g. the 0–10 score) among the columns of ``X`` (ratings).

    Data problems give messages, not exceptions:

    * a driver column with no answers at all is dropped;
    * rows with any missing value (NaN) in ``y`` or a remaining driver are dropped listwise,
      and the message says how many;
    * a driver everyone rated the same is dropped (it cannot explain differences);
    * a constant score, or fewer than p + 2 usable rows, means no analysis (``ok=False``);
      where ``y`` stands for groups (``outcome_groups``, e.g. eNPS classes as +100/0/−100),
      the message names the group everyone is in, not a score nobody gave;
    * fewer than max(``min_n``, ``min_n_per_driver``·p) rows: computed, with a warning.

    ``favourable`` maps a driver's name to the lowest rating that counts as favourable (4 on
    a 1–5 agree scale); its ``favourable_pct`` is over the same rows as its mean rating.

    The bootstrap resamples respondents (``n_boot`` times, seeded by ``seed``) and gives a
    percentile interval per relative-weight share (stretched to contain the share). The
    ranking counts as settled when no driver's interval overlaps that of the next one down.
    The exact Shapley decomposition is added when p ≤ 12, and a message notes when it orders
    the drivers differently.
    """
    xa = np.asarray(X, dtype=float)
    ya = np.asarray(y, dtype=float).ravel()
    if xa.ndim == 1:
        xa = xa[:, None]
    if xa.ndim != 2 or xa.shape[0] != ya.shape[0]:
        raise ValueError(f"X must be (n, p) and y (n,), got {xa.shape} and {ya.shape}")
    names = [str(s) for s in names]
    if len(names) != xa.shape[1]:
        raise ValueError(f"{len(names)} names for {xa.shape[1]} driver columns")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    n_boot = max(0, int(n_boot))
    messages: list[str] = []
    dropped: list[DroppedDriver] = []

    def fail(n: int, n_rows_dropped: int) -> KeyDriverResult:
        return KeyDriverResult(
            ok=False,
            n=n,
            n_rows_dropped=n_rows_dropped,
            r2=None,
            drivers=[],
            dropped=dropped,
            n_boot=0,
            confidence=confidence,
            ranking_settled=False,
            importance_split=None,
            performance_split=None,
            messages=messages,
        )

    # 1. empty driver columns
    keep = [j for j in range(xa.shape[1]) if not np.all(np.isnan(xa[:, j]))]
    for j in range(xa.shape[1]):
        if j not in keep:
            dropped.append(DroppedDriver(name=names[j], reason="no answers"))
            messages.append(f"{names[j]} has no answers and was left out.")
    xa = xa[:, keep]
    names = [names[j] for j in keep]

    # 2. listwise deletion
    complete = ~np.isnan(ya) & ~np.isnan(xa).any(axis=1)
    n_rows_dropped = int(complete.size - complete.sum())
    if n_rows_dropped:
        messages.append(
            f"{n_rows_dropped} of {complete.size} answers had a missing score or driver "
            f"rating and were left out (listwise)."
        )
    xa = xa[complete]
    ya = ya[complete]
    n = int(ya.size)

    # 3. constant drivers / score
    if n > 0:
        spread = np.ptp(xa, axis=0) if xa.shape[1] else np.zeros(0)
        const = [j for j in range(xa.shape[1]) if spread[j] == 0]
        for j in const:
            value = xa[0, j]
            shown = f"{value:g}"
            dropped.append(DroppedDriver(name=names[j], reason=f"everyone rated it {shown}"))
            messages.append(
                f"Everyone rated {names[j]} {shown}, so it cannot explain differences in the "
                f"score; it was left out."
            )
        keep = [j for j in range(xa.shape[1]) if j not in const]
        xa = xa[:, keep]
        names = [names[j] for j in keep]
    p = xa.shape[1]
    if p == 0:
        messages.append("No driver is left to analyse.")
        return fail(n, n_rows_dropped)
    if n < p + 2:
        messages.append(
            f"Only {n} complete answers for {p} drivers: too few for a key-driver analysis "
            f"(at least {p + 2} needed, {max(min_n, min_n_per_driver * p)} recommended)."
        )
        return fail(n, n_rows_dropped)
    if np.ptp(ya) == 0:
        group = (outcome_groups or {}).get(float(ya[0]))
        messages.append(
            f"Everyone is in the same group ({group}), so there is nothing to explain."
            if group is not None
            else f"Everyone gave the same score ({ya[0]:g}), so there is nothing to explain."
        )
        return fail(n, n_rows_dropped)
    recommended = max(min_n, min_n_per_driver * p)
    if n < recommended:
        messages.append(
            f"Only {n} complete answers for {p} drivers (at least {recommended} recommended): "
            f"the weights are unstable, read them as a first indication."
        )

    # 4. point estimates
    rxx, rxy = _corr(xa, ya)
    raw = relative_weights_from_corr(rxx, rxy)
    r2 = float(raw.sum())
    if r2 <= 1e-12:
        messages.append("The drivers explain none of the differences in the score (R² = 0).")
        shares = np.zeros(p)
    else:
        shares = 100.0 * raw / r2
    shap: np.ndarray | None = None
    shap_shares: np.ndarray | None = None
    if p <= MAX_SHAPLEY_DRIVERS:
        shap = shapley_r2_from_corr(rxx, rxy)
        total = float(shap.sum())
        shap_shares = 100.0 * shap / total if total > 1e-12 else np.zeros(p)
    else:
        messages.append(
            f"With {p} drivers the exact Shapley check is skipped "
            f"(limit {MAX_SHAPLEY_DRIVERS}); relative weights only."
        )

    # 5. bootstrap
    ci_low = ci_high = None
    n_valid = 0
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        corr_b = _bootstrap_corr(np.column_stack([xa, ya]), n_boot, rng)
        valid = np.all(np.isfinite(corr_b), axis=(1, 2))
        corr_b = corr_b[valid]
        n_valid = int(corr_b.shape[0])
        if n_valid < n_boot:
            messages.append(
                f"{n_boot - n_valid} of {n_boot} bootstrap resamples had a driver with no "
                f"variation and were skipped."
            )
        if n_valid >= 2:
            raw_b = relative_weights_from_corr(corr_b[:, :p, :p], corr_b[:, :p, p])
            tot_b = raw_b.sum(axis=1, keepdims=True)
            share_b = 100.0 * raw_b / np.where(tot_b > 1e-12, tot_b, np.inf)
            alpha = 1.0 - confidence
            # Percentile interval, stretched to the estimate when the resamples all fall on
            # one side of it (a small share's bootstrap distribution is skewed upwards, so
            # its percentile interval can miss the share it describes). Only ever wider.
            ci_low = np.minimum(np.percentile(share_b, 100.0 * alpha / 2.0, axis=0), shares)
            ci_high = np.maximum(
                np.percentile(share_b, 100.0 * (1.0 - alpha / 2.0), axis=0), shares
            )
        else:
            messages.append("Too few usable bootstrap resamples: no intervals.")

    # 6. ranking
    rank = _ranks(shares)
    order = np.argsort(rank)
    settled = ci_low is not None and p >= 1
    if ci_low is not None and ci_high is not None:
        for a, b in itertools.pairwise(order):
            if ci_low[a] <= ci_high[b]:
                settled = False
                messages.append(
                    f"{names[a]} and {names[b]} cannot be told apart: their intervals overlap."
                )
        if settled and p > 1:
            messages.append("The ranking is settled: no two neighbouring intervals overlap.")
    elif p > 1:
        messages.append("No bootstrap intervals, so the ranking cannot be called settled.")
    rank_shap = _ranks(shap) if shap is not None else None
    if rank_shap is not None and not np.array_equal(rank, rank_shap):
        moved = [names[j] for j in order if rank[j] != rank_shap[j]]
        messages.append(
            f"Relative weights and Shapley order {_fmt_names(moved)} differently; treat "
            f"their positions as uncertain."
        )

    # 7. priority matrix, on the signed effect: only drivers that move with the score are
    # levers; the performance split averages those drivers' ratings only, since a rating
    # that runs the other way is not on the same footing.
    perf = xa.mean(axis=0)
    top = {
        j: 100.0 * float((xa[:, j] >= (favourable or {})[names[j]]).mean())
        for j in range(p)
        if names[j] in (favourable or {})
    }
    imp_split = 100.0 / p
    levers = rxy >= 0
    perf_split = float(perf[levers].mean()) if levers.any() else float(perf.mean())
    quadrants = [
        _quadrant(float(shares[j]), float(perf[j]), imp_split, perf_split, float(rxy[j]))
        for j in range(p)
    ]
    fix = [names[j] for j in order if quadrants[j] == FIX_FIRST]
    if fix:
        messages.append(
            f"Fix first: {_fmt_names(fix)} (matter more than average, rated below average)."
        )
    against = [names[j] for j in order if quadrants[j] == AGAINST]
    if against:
        messages.append(
            f"{_fmt_names(against)} {'goes' if len(against) == 1 else 'go'} down when the "
            f"score goes up, so raising {'its' if len(against) == 1 else 'their'} rating is "
            f"not a lever: check whether the question runs the other way (effort, waiting) "
            f"and reverse it, or read it as a symptom."
        )

    drivers = [
        DriverResult(
            name=names[j],
            raw_weight=float(raw[j]),
            share_pct=float(shares[j]),
            ci_low=float(ci_low[j]) if ci_low is not None else None,
            ci_high=float(ci_high[j]) if ci_high is not None else None,
            shapley_weight=float(shap[j]) if shap is not None else None,
            shapley_share_pct=float(shap_shares[j]) if shap_shares is not None else None,
            correlation=float(rxy[j]),
            mean_rating=float(perf[j]),
            rank=int(rank[j]),
            rank_shapley=int(rank_shap[j]) if rank_shap is not None else None,
            quadrant=quadrants[j],
            favourable_pct=top.get(j),
        )
        for j in order
    ]
    return KeyDriverResult(
        ok=True,
        n=n,
        n_rows_dropped=n_rows_dropped,
        r2=r2,
        drivers=drivers,
        dropped=dropped,
        n_boot=n_valid,
        confidence=confidence,
        ranking_settled=bool(settled),
        importance_split=imp_split,
        performance_split=perf_split,
        messages=messages,
    )
