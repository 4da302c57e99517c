"""Workshop effectiveness at a checkpoint: matched difference-in-differences with a bootstrap.

This is the pure-computation core (numpy arrays in, frozen msgspec structs out; no
database, no HTTP). The service layer loads rows, builds an :class:`AccountFrame` and an
:class:`EventFrame` (``from_rows``) and calls :func:`evaluate_checkpoint` (one checkpoint)
or :func:`evaluate_workshop` (several checkpoints, one matching).

Method
------
* **Groups.** Attending accounts vs a comparison group of non-attending accounts matched by
  coarsened exact matching with CEM weights (:mod:`training.matching`): same tier, MRR
  band, and pre-period expansion/contraction behaviour. Accounts that attended other
  workshops in the window are excluded from the candidates; attendees with no comparison
  account in their stratum are reported and dropped.
* **Windows.** At checkpoint *k* days: the post window ``[workshop, workshop + k)`` and the
  pre window of the same length ``[workshop − k, workshop)``. Metrics per group and window
  follow :mod:`training.metrics` (NRR, GRR, logo churn, gross MRR churn, contraction,
  share of accounts with expansion, expansion MRR rate and per account), weighted by the
  CEM weights for the comparison group. The analysed accounts all existed on the workshop
  day, so pre-window churn is (almost) zero by construction — they survived to the
  workshop — and the churn DiD is in effect the post-window difference between two groups
  that were balanced on their pre-period behaviour.
  For *k* = 0 both windows are empty: every estimate is "not measurable yet". If the
  data only runs to ``as_of`` and ``workshop + k > as_of`` the checkpoint is not reached
  and is likewise not measurable.
* **Difference-in-differences** per metric:
  ``DiD = (post_att − pre_att) − (post_cmp − pre_cmp)``; rates and NRR/GRR in percentage
  points, expansion MRR per account in money.
* **Bootstrap CI** (percentile, default 95 %, ``n_boot`` = 1000, seeded): every replicate
  resamples **accounts**, keeping each account's pre and post values together:

  - attending accounts: a simple resample with replacement of the matched attendees;
  - comparison accounts: resampled with replacement **within their stratum** (stratum sizes
    fixed), and the CEM weights are recomputed from the replicate's attendee stratum
    counts: ``w = n_att*(s) / n_cmp(s)``. This reproduces the estimator on each replicate
    (the weights are part of the estimator, they depend on the attendee mix) and keeps the
    sampling design of the comparison group (each stratum is its own sample).

  Ratio metrics are ratios of sums, so a replicate only needs the sums of per-account
  values over the resampled accounts. They are computed as resampling counts (n_boot ×
  n, built in chunks with ``np.bincount``) times the per-account value matrix (n × 14),
  which keeps memory bounded and the cost linear in n_boot × n. Indices are drawn with
  Lemire's multiply-shift from 32-bit random words (bias < n / 2³², negligible). The
  small matrix products run with one OpenBLAS thread (restored afterwards): worker
  threads that spin-wait made them several times slower on a busy machine.
* **Verdict** per metric, in English and Japanese: "no detectable effect yet" when the CI
  covers 0, else e.g. "expansion +6.1 pts (95% CI 1.2–11.0)".
* **Sample sizes** are reported, with a warning when a group has fewer than 30 accounts.
* **ROI** (optional, with :class:`~training.roi.WorkshopCosts`): see :mod:`training.roi`;
  the monthly benefit = −DiD(gross MRR churn) × attendees' start MRR + DiD(expansion MRR
  rate) × attendees' start MRR, per replicate for the interval.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Final

import msgspec
import numpy as np
import numpy.typing as npt

from training.matching import (
    CovariateBalance,
    MatchedSample,
    MatchingSpec,
    match_accounts,
)
from training.metrics import (
    METRICS,
    N_SUMS,
    AccountFrame,
    EventFrame,
    MetricDef,
    WindowMetrics,
    aggregate_window,
    from_day,
    metrics_from_sums,
    mrr_at,
    summarize_sums,
    to_day,
    window_values,
)
from training.roi import RoiResult, WorkshopCosts, money_places, workshop_roi

__all__ = [
    "NOT_MEASURABLE_EN",
    "NOT_MEASURABLE_JA",
    "NO_EFFECT_EN",
    "NO_EFFECT_JA",
    "CheckpointEffect",
    "DidEstimate",
    "Notice",
    "bootstrap_sums",
    "did_from_sums",
    "evaluate_checkpoint",
    "evaluate_workshop",
    "format_verdict",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NO_EFFECT_EN: Final = "no detectable effect yet"
NO_EFFECT_JA: Final = "まだ効果は検出されていません"
NOT_MEASURABLE_EN: Final = "not measurable yet"
NOT_MEASURABLE_JA: Final = "まだ測定できません"
MIN_GROUP_SIZE: Final = 30
_GROSS_CHURN: Final = [d.key for d in METRICS].index("gross_mrr_churn")
_EXPANSION_RATE: Final = [d.key for d in METRICS].index("expansion_rate")
_POST_START_MRR: Final = N_SUMS + 1


class Notice(msgspec.Struct, frozen=True):
    """A warning or remark for the report, with a stable code."""

    code: str
    en: str
    ja: str


class DidEstimate(msgspec.Struct, frozen=True, kw_only=True):
    """Difference-in-differences of one metric at one checkpoint.

    Group values are the metric in percent (``unit`` "pts") or money (``unit`` the
    currency, or "money"); ``did`` and its CI are in percentage points or money.
    ``None`` = not measurable.
    """

    metric: str
    label_en: str
    label_ja: str
    unit: str
    better: str
    attending_pre: float | None
    attending_post: float | None
    comparison_pre: float | None
    comparison_post: float | None
    did: float | None
    ci_low: float | None
    ci_high: float | None
    detectable: bool
    verdict_en: str
    verdict_ja: str


class CheckpointEffect(msgspec.Struct, frozen=True, kw_only=True):
    """Effectiveness of one workshop at one checkpoint (``status``: "ok", "no_data" or
    "not_measurable"). Counts are accounts; ``comparison_effective_n`` is Kish's ESS."""

    workshop_date: date
    checkpoint_days: int
    status: str
    reason: str
    currency: str | None
    pre_window: tuple[date, date]
    post_window: tuple[date, date]
    n_attending: int
    n_comparison: int
    comparison_effective_n: float
    n_candidates: int
    n_strata: int
    n_unmatched: int
    unmatched_account_ids: tuple[int, ...]
    n_ineligible: int
    ineligible_account_ids: tuple[int, ...]
    balance: tuple[CovariateBalance, ...]
    attending_pre: WindowMetrics | None
    attending_post: WindowMetrics | None
    comparison_pre: WindowMetrics | None
    comparison_post: WindowMetrics | None
    estimates: tuple[DidEstimate, ...]
    churn_mrr_avoided_per_month: float | None
    churn_mrr_avoided_ci: tuple[float, float] | None
    expansion_mrr_per_month: float | None
    expansion_mrr_ci: tuple[float, float] | None
    roi: RoiResult | None
    n_boot: int
    seed: int
    ci_level: float
    notices: tuple[Notice, ...]

    def estimate(self, metric: str) -> DidEstimate:
        """The estimate of one metric by key (e.g. "nrr", "expansion_share")."""
        for est in self.estimates:
            if est.metric == metric:
                return est
        raise KeyError(metric)


# --------------------------------------------------------------------------- BLAS threads

_blas_lock = threading.Lock()
_blas_depth = 0
_blas_saved: list[int] = []


@functools.cache
def _openblas_controls() -> tuple[tuple[Any, Any], ...]:
    """(get, set) thread-count functions of the OpenBLAS libraries loaded in this process.

    Best effort (Linux ``/proc/self/maps``, numpy's bundled ``scipy_openblas``); empty when
    there is none, so the caller silently keeps the default.
    """
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {
                line.split()[-1]
                for line in fh
                if "openblas" in line.lower() and line.split()[-1].startswith("/")
            }
    except OSError:
        return ()
    controls: list[tuple[Any, Any]] = []
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in ("scipy_openblas", "openblas"):
            for suffix in ("64_", "_64", ""):
                getter = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                if getter is not None and setter is not None:
                    getter.restype = ctypes.c_int
                    setter.argtypes = [ctypes.c_int]
                    controls.append((getter, setter))
                    break
            else:
                continue
            break
    return tuple(controls)


@contextlib.contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Run the block with one OpenBLAS thread, restoring the previous count afterwards.

    The bootstrap's matrix products are small (tens × thousands); OpenBLAS's worker
    threads spin-wait, and on a busy machine they make them several times slower.
    Re-entrant and thread-safe: the first entrant saves and sets, the last one restores.
    """
    global _blas_depth
    controls = _openblas_controls()
    with _blas_lock:
        if _blas_depth == 0:
            _blas_saved[:] = [int(get()) for get, _ in controls]
            for _, set_threads in controls:
                set_threads(1)
        _blas_depth += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_depth -= 1
            if _blas_depth == 0:
                for (_, set_threads), count in zip(controls, _blas_saved, strict=True):
                    set_threads(max(1, count))


# --------------------------------------------------------------------------- bootstrap


def _draw_indices(
    rng: np.random.Generator,
    rows: int,
    size: npt.NDArray[np.uint64],
    offset: npt.NDArray[np.uint64],
    out: npt.NDArray[np.uint64],
) -> npt.NDArray[np.int64]:
    """Indices ``offset + floor(u · size)`` (per column) for ``rows`` replicates.

    ``u`` is uniform on [0, 1): 32-bit random words turned into indices by Lemire's
    multiply-shift, ``(word · size) >> 32``. Returns a (rows × columns) int64 view of
    ``out``.
    """
    cols = out.shape[1]
    count = rows * cols
    words = rng.bit_generator.random_raw((count + 1) // 2).view(np.uint32)[:count]
    view = out[:rows]
    np.multiply(words.reshape(rows, cols), size, out=view)
    np.right_shift(view, np.uint64(32), out=view)
    np.add(view, offset, out=view)
    return view.view(np.int64)


def _counts(indices: npt.NDArray[np.int64], n: int, out: FloatArray) -> FloatArray:
    """Row-wise resampling counts: ``out[r, j]`` = how often ``j`` occurs in ``indices[r]``.

    One ``np.bincount`` per replicate keeps the counted row in cache (faster than one
    bincount over the whole chunk with row offsets).
    """
    rows = indices.shape[0]
    for r in range(rows):
        out[r] = np.bincount(indices[r], minlength=n)
    return out[:rows]


def bootstrap_sums(
    attending_values: npt.ArrayLike,
    attending_stratum: npt.ArrayLike,
    comparison_values: npt.ArrayLike,
    comparison_stratum: npt.ArrayLike,
    n_strata: int,
    *,
    n_boot: int,
    seed: int | np.random.SeedSequence | None = 0,
    chunk_elements: int = 1 << 21,
) -> tuple[FloatArray, FloatArray]:
    """Bootstrap replicates of the column sums of both groups (see the module docstring).

    Returns ``(attending_sums, comparison_sums)``, each ``n_boot × m``: the plain column
    sums over a resample of the attending rows, and the CEM-weighted column sums over a
    within-stratum resample of the comparison rows, with weights
    ``n_att*(s) / n_cmp(s)`` recomputed from the replicate's attendee stratum counts.
    ``chunk_elements`` bounds the size of one chunk of the resampling-count matrix
    (memory ≈ 16 bytes × chunk_elements per group).
    """
    att_v = np.ascontiguousarray(attending_values, dtype=np.float64)
    cmp_v = np.asarray(comparison_values, dtype=np.float64)
    att_s = np.asarray(attending_stratum, dtype=np.int64)
    cmp_s = np.asarray(comparison_stratum, dtype=np.int64)
    n_att, m = att_v.shape
    n_cmp = cmp_v.shape[0]
    if n_boot < 1:
        raise ValueError("n_boot must be ≥ 1")
    if n_att == 0 or n_cmp == 0:
        raise ValueError("bootstrap needs accounts in both groups")
    if len(att_s) != n_att or len(cmp_s) != n_cmp:
        raise ValueError("one stratum code per account is needed")
    order = np.argsort(cmp_s, kind="stable")
    cmp_s = cmp_s[order]
    cmp_v = np.ascontiguousarray(cmp_v[order])
    size = np.bincount(cmp_s, minlength=n_strata)
    offsets = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
    present = np.flatnonzero(size)
    inv_size = np.where(size > 0, 1.0 / np.maximum(size, 1), 0.0)
    rng = np.random.default_rng(seed)

    rows_per_chunk = max(1, min(n_boot, chunk_elements // max(n_cmp, n_att)))
    att_size = np.full(n_att, n_att, dtype=np.uint64)
    att_offset = np.zeros(n_att, dtype=np.uint64)
    cmp_size = size[cmp_s].astype(np.uint64)
    cmp_offset = offsets[cmp_s].astype(np.uint64)
    att_buf = np.empty((rows_per_chunk, n_att), dtype=np.uint64)
    cmp_buf = np.empty((rows_per_chunk, n_cmp), dtype=np.uint64)
    att_counts = np.empty((rows_per_chunk, n_att), dtype=np.float64)
    cmp_counts = np.empty((rows_per_chunk, n_cmp), dtype=np.float64)
    n_att_star = np.empty((rows_per_chunk, n_strata), dtype=np.float64)
    stratum_sums = np.zeros((rows_per_chunk, n_strata, m), dtype=np.float64)

    att_out = np.empty((n_boot, m), dtype=np.float64)
    cmp_out = np.empty((n_boot, m), dtype=np.float64)
    with _single_threaded_blas():
        for start in range(0, n_boot, rows_per_chunk):
            rows = min(rows_per_chunk, n_boot - start)
            # attending: simple resample; sums, and the replicate's attendees per stratum
            idx = _draw_indices(rng, rows, att_size, att_offset, att_buf)
            att_out[start : start + rows] = _counts(idx, n_att, att_counts) @ att_v
            for r in range(rows):
                n_att_star[r] = np.bincount(att_s[idx[r]], minlength=n_strata)
            # comparison: resample within strata; per-stratum sums, then CEM weights
            idx = _draw_indices(rng, rows, cmp_size, cmp_offset, cmp_buf)
            counts = _counts(idx, n_cmp, cmp_counts)
            sums = stratum_sums[:rows]
            for s in present:
                lo = offsets[s]
                hi = lo + size[s]
                sums[:, s, :] = counts[:, lo:hi] @ cmp_v[lo:hi]
            weight = n_att_star[:rows] * inv_size
            cmp_out[start : start + rows] = np.einsum("rs,rsm->rm", weight, sums)
    return att_out, cmp_out


def did_from_sums(
    attending_sums: npt.ArrayLike, comparison_sums: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """(metric values, DiD) from sums over [pre window | post window] columns.

    Input last axis: 2 × :data:`~training.metrics.N_SUMS` (pre then post). Output: metric
    values with last axis (4 × len(METRICS)) = att_pre, att_post, cmp_pre, cmp_post, and
    DiD with last axis len(METRICS); fractions, not percent.
    """
    a = np.asarray(attending_sums, dtype=np.float64)
    c = np.asarray(comparison_sums, dtype=np.float64)
    att_pre = metrics_from_sums(a[..., :N_SUMS])
    att_post = metrics_from_sums(a[..., N_SUMS:])
    cmp_pre = metrics_from_sums(c[..., :N_SUMS])
    cmp_post = metrics_from_sums(c[..., N_SUMS:])
    did = (att_post - att_pre) - (cmp_post - cmp_pre)
    return np.concatenate([att_pre, att_post, cmp_pre, cmp_post], axis=-1), did


def _percentile_ci(values: FloatArray, level: float) -> tuple[float, float] | None:
    finite = values[np.isfinite(values)]
    if len(finite) < max(10, len(values) // 2):
        return None
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(finite, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


# --------------------------------------------------------------------------- verdicts

_MINUS: Final = "\u2212"


def _number(value: float, places: int, *, sign: bool) -> str:
    rounded = round(value, places)
    if rounded == 0:
        rounded = 0.0
    text = f"{abs(rounded):,.{places}f}"
    if rounded < 0:
        return _MINUS + text
    return ("+" + text) if sign and rounded > 0 else text


def format_verdict(
    metric: MetricDef,
    did: float | None,
    ci: tuple[float, float] | None,
    *,
    ci_level: float = 0.95,
    currency: str | None = None,
) -> tuple[str, str]:
    """(English, Japanese) verdict for one DiD estimate (rates already in points).

    "no detectable effect yet" when there is no interval or it covers 0; otherwise e.g.
    "expansion +6.1 pts (95% CI 1.2–11.0)" or "logo churn −3.0 pts (95% CI −5.5 to −0.4)".
    """
    if did is None or not math.isfinite(did):
        return NOT_MEASURABLE_EN, NOT_MEASURABLE_JA
    if ci is None or ci[0] <= 0.0 <= ci[1]:
        return NO_EFFECT_EN, NO_EFFECT_JA
    pct = f"{round(ci_level * 100):d}%"
    if metric.unit == "money":
        places = money_places(currency)
        unit_en = f" {currency}" if currency else ""
        unit_ja = unit_en
    else:
        places = 1
        unit_en = " pts"
        unit_ja = "ポイント"
    value = _number(did, places, sign=True)
    lo = _number(ci[0], places, sign=False)
    hi = _number(ci[1], places, sign=False)
    range_en = f"{lo}–{hi}" if ci[0] >= 0 else f"{lo} to {hi}"
    en = f"{metric.label_en} {value}{unit_en} ({pct} CI {range_en})"
    ja = f"{metric.label_ja} {value}{unit_ja}（{pct}信頼区間 {lo}〜{hi}）"
    return en, ja


# --------------------------------------------------------------------------- evaluation


def _empty_estimates(verdict: tuple[str, str], currency: str | None) -> tuple[DidEstimate, ...]:
    return tuple(
        DidEstimate(
            metric=d.key,
            label_en=d.label_en,
            label_ja=d.label_ja,
            unit=(currency or "money") if d.unit == "money" else "pts",
            better=d.better,
            attending_pre=None,
            attending_post=None,
            comparison_pre=None,
            comparison_post=None,
            did=None,
            ci_low=None,
            ci_high=None,
            detectable=False,
            verdict_en=verdict[0],
            verdict_ja=verdict[1],
        )
        for d in METRICS
    )


def _opt(value: float, scale: float = 1.0) -> float | None:
    return float(value) * scale if math.isfinite(value) else None


def _ids(accounts: AccountFrame, idx: IntArray) -> tuple[int, ...]:
    return tuple(int(v) for v in accounts.ids[idx].tolist())


def _sample_notices(matched: MatchedSample, min_group_size: int) -> list[Notice]:
    notices: list[Notice] = []
    n_att = len(matched.attending)
    n_cmp = len(matched.comparison)
    if n_att < min_group_size:
        notices.append(
            Notice(
                "small_sample",
                f"Only {n_att} attending accounts (fewer than {min_group_size}): "
                "estimates are imprecise.",
                f"参加アカウントが{n_att}件しかありません（{min_group_size}件未満）。推定の精度は低いです。",
            )
        )
    if n_cmp < min_group_size:
        notices.append(
            Notice(
                "small_sample",
                f"Only {n_cmp} comparison accounts (fewer than {min_group_size}): "
                "estimates are imprecise.",
                f"比較アカウントが{n_cmp}件しかありません（{min_group_size}件未満）。推定の精度は低いです。",
            )
        )
    if len(matched.unmatched):
        k = len(matched.unmatched)
        notices.append(
            Notice(
                "unmatched_attendees",
                f"{k} attending account(s) had no comparable non-attending account and were "
                "left out.",
                f"比較できる非参加アカウントがない参加アカウント{k}件を分析から除外しました。",
            )
        )
    if len(matched.ineligible):
        k = len(matched.ineligible)
        notices.append(
            Notice(
                "ineligible_attendees",
                f"{k} attending account(s) had no MRR on the workshop day and were left out.",
                f"研修日にMRRがなかった参加アカウント{k}件を分析から除外しました。",
            )
        )
    worst = max((abs(b.smd_after) for b in matched.balance if b.smd_after is not None), default=0.0)
    if worst > 0.1:
        notices.append(
            Notice(
                "imbalance",
                f"Covariate balance after matching is imperfect (largest |SMD| {worst:.2f} > 0.1).",
                f"マッチング後も共変量の偏りが残っています（最大|SMD| {worst:.2f} > 0.1）。",
            )
        )
    return notices


def evaluate_checkpoint(
    accounts: AccountFrame,
    events: EventFrame,
    attending: npt.ArrayLike | Iterable[int],
    workshop_day: date | int,
    checkpoint_days: int,
    *,
    excluded: npt.ArrayLike | Iterable[int] = (),
    candidates: npt.ArrayLike | Iterable[int] | None = None,
    matching: MatchingSpec | None = None,
    matched: MatchedSample | None = None,
    as_of: date | int | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci_level: float = 0.95,
    costs: WorkshopCosts | None = None,
    horizon_months: int = 12,
    currency: str | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
) -> CheckpointEffect:
    """Effectiveness of a workshop at ``workshop_day + checkpoint_days`` (module docstring).

    ``attending``, ``excluded`` (accounts that attended other workshops in the window) and
    ``candidates`` (default: all accounts) are account indices into ``accounts``.
    ``matched`` reuses a :func:`~training.matching.match_accounts` result (it does not
    depend on the checkpoint). ``as_of``: last day the data is complete for (exclusive);
    ``costs``: compute ROI too. ``currency`` defaults to ``costs.currency``.
    """
    w = to_day(workshop_day)
    k = int(checkpoint_days)
    if k < 0:
        raise ValueError("checkpoint_days must be ≥ 0")
    if not 0.0 < ci_level < 1.0:
        raise ValueError("ci_level must be in (0, 1)")
    if events.n and int(events.account.max()) >= accounts.n:
        raise ValueError("events refer to an account index outside the account frame")
    currency = currency or (costs.currency if costs is not None else None)
    if matched is None:
        matched = match_accounts(
            accounts, events, attending, w, excluded=excluded, candidates=candidates, spec=matching
        )
    elif matched.workshop_day != w:
        raise ValueError("matched sample is for another workshop day")

    status, reason = "ok", ""
    if k == 0:
        status, reason = "not_measurable", "the windows are empty on the workshop day (k = 0)"
    elif as_of is not None and w + k > to_day(as_of):
        status, reason = "not_measurable", f"checkpoint day {from_day(w + k)} not reached yet"
    elif len(matched.attending) == 0 or len(matched.comparison) == 0:
        status, reason = "no_data", "no matched attending or comparison accounts"

    notices = _sample_notices(matched, min_group_size)
    common = {
        "workshop_date": from_day(w),
        "checkpoint_days": k,
        "currency": currency,
        "pre_window": (from_day(w - k), from_day(w)),
        "post_window": (from_day(w), from_day(w + k)),
        "n_attending": len(matched.attending),
        "n_comparison": len(matched.comparison),
        "comparison_effective_n": round(matched.comparison_effective_n, 1),
        "n_candidates": matched.n_candidates,
        "n_strata": matched.n_strata,
        "n_unmatched": len(matched.unmatched),
        "unmatched_account_ids": _ids(accounts, matched.unmatched),
        "n_ineligible": len(matched.ineligible),
        "ineligible_account_ids": _ids(accounts, matched.ineligible),
        "balance": matched.balance,
        "n_boot": n_boot,
        "seed": seed,
        "ci_level": ci_level,
    }
    if status != "ok":
        verdict = (
            (NOT_MEASURABLE_EN, NOT_MEASURABLE_JA)
            if status == "not_measurable"
            else (NO_EFFECT_EN, NO_EFFECT_JA)
        )
        code = "not_measurable" if status == "not_measurable" else "no_data"
        notices.insert(
            0,
            Notice(
                code,
                f"Not measurable yet: {reason}."
                if status == "not_measurable"
                else "No data: no matched attending or comparison accounts.",
                "まだ測定できません。" if status == "not_measurable" else "データがありません。",
            ),
        )
        roi = (
            workshop_roi(
                costs,
                churn_mrr_avoided=None,
                expansion_mrr=None,
                horizon_months=horizon_months,
                ci_level=ci_level,
            )
            if costs is not None
            else None
        )
        return CheckpointEffect(
            status=status,
            reason=reason,
            attending_pre=None,
            attending_post=None,
            comparison_pre=None,
            comparison_post=None,
            estimates=_empty_estimates(verdict, currency),
            churn_mrr_avoided_per_month=None,
            churn_mrr_avoided_ci=None,
            expansion_mrr_per_month=None,
            expansion_mrr_ci=None,
            roi=roi,
            notices=tuple(notices),
            **common,  # type: ignore[arg-type]
        )

    pre = aggregate_window(accounts, events, w - k, w)
    post = aggregate_window(accounts, events, w, w + k)
    att_v = np.hstack(
        [window_values(pre, matched.attending), window_values(post, matched.attending)]
    )
    cmp_v = np.hstack(
        [window_values(pre, matched.comparison), window_values(post, matched.comparison)]
    )
    att_sums = att_v.sum(axis=0)
    cmp_sums = matched.comparison_weight @ cmp_v
    values, did = did_from_sums(att_sums, cmp_sums)
    boot_att, boot_cmp = bootstrap_sums(
        att_v,
        matched.attending_stratum,
        cmp_v,
        matched.comparison_stratum,
        matched.n_strata,
        n_boot=n_boot,
        seed=seed,
    )
    _, did_rep = did_from_sums(boot_att, boot_cmp)

    n_m = len(METRICS)
    estimates: list[DidEstimate] = []
    for j, d in enumerate(METRICS):
        scale = 100.0 if d.unit == "pct" else 1.0
        point = _opt(did[j], scale)
        ci = _percentile_ci(did_rep[:, j] * scale, ci_level) if point is not None else None
        en, ja = format_verdict(d, point, ci, ci_level=ci_level, currency=currency)
        estimates.append(
            DidEstimate(
                metric=d.key,
                label_en=d.label_en,
                label_ja=d.label_ja,
                unit=(currency or "money") if d.unit == "money" else "pts",
                better=d.better,
                attending_pre=_opt(values[j], scale),
                attending_post=_opt(values[n_m + j], scale),
                comparison_pre=_opt(values[2 * n_m + j], scale),
                comparison_post=_opt(values[3 * n_m + j], scale),
                did=point,
                ci_low=None if ci is None else ci[0],
                ci_high=None if ci is None else ci[1],
                detectable=ci is not None and not (ci[0] <= 0.0 <= ci[1]),
                verdict_en=en,
                verdict_ja=ja,
            )
        )

    start_mrr = att_sums[_POST_START_MRR]
    churn_avoided = -did[_GROSS_CHURN] * start_mrr
    expansion_attr = did[_EXPANSION_RATE] * start_mrr
    rep_start = boot_att[:, _POST_START_MRR]
    reps = np.column_stack(
        [-did_rep[:, _GROSS_CHURN] * rep_start, did_rep[:, _EXPANSION_RATE] * rep_start]
    )
    roi = (
        workshop_roi(
            costs,
            churn_mrr_avoided=float(churn_avoided),
            expansion_mrr=float(expansion_attr),
            replicates=reps,
            horizon_months=horizon_months,
            ci_level=ci_level,
        )
        if costs is not None
        else None
    )
    return CheckpointEffect(
        status=status,
        reason=reason,
        attending_pre=summarize_sums(att_sums[:N_SUMS], w - k, w),
        attending_post=summarize_sums(att_sums[N_SUMS:], w, w + k),
        comparison_pre=summarize_sums(cmp_sums[:N_SUMS], w - k, w),
        comparison_post=summarize_sums(cmp_sums[N_SUMS:], w, w + k),
        estimates=tuple(estimates),
        churn_mrr_avoided_per_month=_opt(churn_avoided),
        churn_mrr_avoided_ci=_percentile_ci(reps[:, 0], ci_level),
        expansion_mrr_per_month=_opt(expansion_attr),
        expansion_mrr_ci=_percentile_ci(reps[:, 1], ci_level),
        roi=roi,
        notices=tuple(notices),
        **common,  # type: ignore[arg-type]
    )


def evaluate_workshop(
    accounts: AccountFrame,
    events: EventFrame,
    attending: npt.ArrayLike | Iterable[int],
    workshop_day: date | int,
    checkpoints: Sequence[int] = (0, 7, 30, 90, 180),
    *,
    excluded: npt.ArrayLike | Iterable[int] = (),
    candidates: npt.ArrayLike | Iterable[int] | None = None,
    matching: MatchingSpec | None = None,
    as_of: date | int | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci_level: float = 0.95,
    costs: WorkshopCosts | None = None,
    horizon_months: int = 12,
    currency: str | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
) -> tuple[CheckpointEffect, ...]:
    """:func:`evaluate_checkpoint` for each checkpoint, matching once (same seed each)."""
    w = to_day(workshop_day)
    matched = match_accounts(
        accounts,
        events,
        attending,
        w,
        excluded=excluded,
        candidates=candidates,
        spec=matching,
        mrr=mrr_at(accounts, events, w),
    )
    return tuple(
        evaluate_checkpoint(
            accounts,
            events,
            attending,
            w,
            k,
            matched=matched,
            as_of=as_of,
            n_boot=n_boot,
            seed=seed,
            ci_level=ci_level,
            costs=costs,
            horizon_months=horizon_months,
            currency=currency,
            min_group_size=min_group_size,
        )
        for k in checkpoints
    )
