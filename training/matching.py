"""Comparison group for a workshop: coarsened exact matching (CEM) with stratum weights.

Method
------
1. **Eligibility.** Attending and candidate accounts must exist at the workshop day
   (MRR > 0 the day the workshop starts). Attendees that do not are reported as
   *ineligible*. Candidates are the accounts that did not attend this workshop, minus the
   ``excluded`` ones (accounts that attended *other* workshops in the analysis window).
2. **Covariates** (measured before the workshop, over the look-back period
   ``[workshop − lookback_days, workshop)``, default 180 days):

   * tier (Enterprise / Mid-market / SMB);
   * pre-period MRR = MRR at the workshop day, coarsened into bands: by default quantile
     bands of the *attendees'* MRR computed within each tier (``mrr_bands`` bands per
     tier, open-ended at both ends), or fixed ``mrr_cutpoints`` for all tiers;
   * ``pre_expanded``: had an expansion or reactivation event (positive delta) in the
     look-back period; ``pre_contracted``: had a contraction event in it.

3. **Strata** = (tier, MRR band, pre_expanded, pre_contracted). Attendees in a stratum with
   no candidate are **unmatched**: reported and dropped. Candidates in a stratum with no
   attendee get weight 0.
4. **CEM weights.** Matched attendees weigh 1. A candidate in stratum *s* weighs
   ``n_att(s) / n_cmp(s)``, so each stratum's comparison weight equals its attendee count
   and the weighted comparison group has the attendees' stratum mix (an ATT estimand:
   the effect on the kind of accounts that attended).
5. **Balance** before and after: for each covariate (pre-period MRR mean, tier shares,
   pre-expansion share, pre-contraction share) the mean of each group and the standardized
   mean difference SMD = (mean_att − mean_cmp) / sqrt((var_att + var_cmp) / 2). *Before* =
   all eligible attendees vs all eligible candidates, unweighted; *after* = matched
   attendees vs the CEM-weighted comparison group. Both SMDs use the same denominator,
   the pooled standard deviation *before* matching (population variances), so a change in
   SMD is a change in the means only. |SMD| < 0.1 is the usual bar for good balance; tier
   and the two behaviour flags are exactly balanced after CEM by construction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, cast

import msgspec
import numpy as np
import numpy.typing as npt

from training.metrics import (
    TIER_NAMES,
    AccountFrame,
    EventFrame,
    EventKind,
    mrr_at,
)

__all__ = [
    "CovariateBalance",
    "MatchedSample",
    "MatchingSpec",
    "assign_mrr_bands",
    "balance_table",
    "cem_weights",
    "match_accounts",
    "pre_period_flags",
    "standardized_mean_difference",
    "strata_keys",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_ZERO_MRR: Final = 1e-6


class MatchingSpec(msgspec.Struct, frozen=True):
    """How to coarsen covariates into strata (see the module docstring)."""

    lookback_days: int = 180
    mrr_bands: int = 4
    mrr_cutpoints: tuple[float, ...] | None = None


class CovariateBalance(msgspec.Struct, frozen=True):
    """Balance of one covariate: group means and SMD before and after matching.

    ``smd_*`` is ``None`` when the covariate does not vary in either group (no scale).
    """

    covariate: str
    attending_before: float
    comparison_before: float
    smd_before: float | None
    attending_after: float
    comparison_after: float
    smd_after: float | None


@dataclass(frozen=True, eq=False)
class MatchedSample:
    """The outcome of matching: account indices, strata and weights.

    ``comparison`` is sorted by stratum (contiguous blocks, used by the bootstrap);
    ``attending_stratum`` / ``comparison_stratum`` are dense codes ``0..n_strata-1``.
    """

    workshop_day: int
    attending: IntArray
    attending_stratum: IntArray
    comparison: IntArray
    comparison_stratum: IntArray
    comparison_weight: FloatArray
    n_strata: int
    unmatched: IntArray
    ineligible: IntArray
    n_candidates: int
    balance: tuple[CovariateBalance, ...]

    @property
    def comparison_effective_n(self) -> float:
        """Kish effective sample size of the weighted comparison group, (Σw)² / Σw²."""
        w = self.comparison_weight
        denom = float(np.dot(w, w))
        return float(w.sum()) ** 2 / denom if denom > 0 else 0.0


def pre_period_flags(
    accounts: AccountFrame, events: EventFrame, start: int, end: int
) -> tuple[BoolArray, BoolArray]:
    """(pre_expanded, pre_contracted) of every account over ``[start, end)``.

    Expanded = an expansion or reactivation event with a positive delta; contracted = a
    contraction event (an account's own ``new`` event is not expansion).
    """
    n = accounts.n
    inside = (events.day >= start) & (events.day < end)
    kind = events.kind
    expanded_ev = (
        inside
        & ((kind == EventKind.EXPANSION) | (kind == EventKind.REACTIVATION))
        & (events.delta > 0)
    )
    contracted_ev = inside & (kind == EventKind.CONTRACTION)
    expanded = np.bincount(events.account[expanded_ev], minlength=n)[:n] > 0
    contracted = np.bincount(events.account[contracted_ev], minlength=n)[:n] > 0
    return expanded, contracted


def assign_mrr_bands(
    mrr: npt.ArrayLike,
    tier: npt.ArrayLike,
    reference_mrr: npt.ArrayLike,
    reference_tier: npt.ArrayLike,
    spec: MatchingSpec,
) -> IntArray:
    """MRR band of each account.

    With ``spec.mrr_cutpoints``: band = number of cutpoints ≤ MRR (same for every tier).
    Otherwise: per tier, the cutpoints are the ``1/B, …, (B−1)/B`` quantiles of the
    reference (attending) accounts' MRR in that tier (duplicates dropped), B =
    ``spec.mrr_bands``; an MRR equal to a cutpoint falls in the upper band.
    """
    m = np.asarray(mrr, dtype=np.float64)
    t = np.asarray(tier, dtype=np.int64)
    if spec.mrr_cutpoints is not None:
        cuts = np.sort(np.asarray(spec.mrr_cutpoints, dtype=np.float64))
        return np.searchsorted(cuts, m, side="right").astype(np.int64)
    if spec.mrr_bands < 1:
        raise ValueError("mrr_bands must be ≥ 1")
    ref_m = np.asarray(reference_mrr, dtype=np.float64)
    ref_t = np.asarray(reference_tier, dtype=np.int64)
    probs = np.arange(1, spec.mrr_bands) / spec.mrr_bands
    bands = np.zeros(len(m), dtype=np.int64)
    for code in range(len(TIER_NAMES)):
        ref = ref_m[ref_t == code]
        sel = t == code
        if len(ref) == 0 or not sel.any() or len(probs) == 0:
            continue
        cuts = np.unique(np.quantile(ref, probs))
        bands[sel] = np.searchsorted(cuts, m[sel], side="right")
    return bands


def strata_keys(
    tier: npt.ArrayLike,
    band: npt.ArrayLike,
    pre_expanded: npt.ArrayLike,
    pre_contracted: npt.ArrayLike,
) -> IntArray:
    """One int64 key per account for the stratum (tier, band, pre_expanded, pre_contracted)."""
    t = np.asarray(tier, dtype=np.int64)
    b = np.asarray(band, dtype=np.int64)
    e = np.asarray(pre_expanded, dtype=np.int64)
    c = np.asarray(pre_contracted, dtype=np.int64)
    return ((b * 8 + t) * 2 + e) * 2 + c


def cem_weights(
    attending_keys: npt.ArrayLike, candidate_keys: npt.ArrayLike
) -> tuple[BoolArray, FloatArray]:
    """CEM on stratum keys: (attendee matched?, candidate weight).

    An attendee is matched when its stratum holds at least one candidate. A candidate in a
    stratum with ``a`` matched attendees and ``c`` candidates weighs ``a / c`` (0 if a = 0),
    so comparison weights sum to the number of matched attendees in every stratum.
    """
    att = np.asarray(attending_keys, dtype=np.int64)
    cand = np.asarray(candidate_keys, dtype=np.int64)
    keys, inverse = np.unique(np.concatenate([att, cand]), return_inverse=True)
    att_code = inverse[: len(att)]
    cand_code = inverse[len(att) :]
    n_att = np.bincount(att_code, minlength=len(keys))
    n_cand = np.bincount(cand_code, minlength=len(keys))
    matched = n_cand[att_code] > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        per_stratum = np.where(n_cand > 0, n_att / np.maximum(n_cand, 1), 0.0)
    return matched, per_stratum[cand_code].astype(np.float64)


def standardized_mean_difference(
    mean_attending: float, mean_comparison: float, var_attending: float, var_comparison: float
) -> float | None:
    """SMD = (mean_att − mean_cmp) / sqrt((var_att + var_cmp) / 2); ``None`` with no scale."""
    scale = math.sqrt((var_attending + var_comparison) / 2.0)
    diff = mean_attending - mean_comparison
    if scale <= 0 or not math.isfinite(scale):
        return 0.0 if diff == 0 else None
    return diff / scale


def _wmean_var(x: FloatArray, w: FloatArray | None) -> tuple[float, float]:
    if len(x) == 0:
        return math.nan, math.nan
    if w is None:
        return float(x.mean()), float(x.var())
    total = float(w.sum())
    if total <= 0:
        return math.nan, math.nan
    mean = float(w @ x) / total
    return mean, float(w @ (x - mean) ** 2) / total


def balance_table(
    names: Iterable[str],
    attending_before: FloatArray,
    comparison_before: FloatArray,
    attending_after: FloatArray,
    comparison_after: FloatArray,
    comparison_weight_after: FloatArray,
) -> tuple[CovariateBalance, ...]:
    """Balance rows for covariate matrices (accounts × covariates), see the module docstring."""
    rows: list[CovariateBalance] = []
    for j, name in enumerate(names):
        ma, va = _wmean_var(attending_before[:, j], None)
        mc, vc = _wmean_var(comparison_before[:, j], None)
        ma2, _ = _wmean_var(attending_after[:, j], None)
        mc2, _ = _wmean_var(comparison_after[:, j], comparison_weight_after)
        smd_before = standardized_mean_difference(ma, mc, va, vc)
        scale = math.sqrt((va + vc) / 2.0) if math.isfinite(va + vc) else math.nan
        if math.isfinite(ma2) and math.isfinite(mc2) and scale > 0:
            smd_after: float | None = (ma2 - mc2) / scale
        elif math.isfinite(ma2) and math.isfinite(mc2) and ma2 == mc2:
            smd_after = 0.0
        else:
            smd_after = None
        if smd_after is not None and abs(smd_after) < 1e-12:
            smd_after = 0.0  # exact balance up to floating-point noise
        rows.append(
            CovariateBalance(
                covariate=name,
                attending_before=ma,
                comparison_before=mc,
                smd_before=smd_before,
                attending_after=ma2,
                comparison_after=mc2,
                smd_after=smd_after,
            )
        )
    return tuple(rows)


COVARIATE_NAMES: Final[tuple[str, ...]] = (
    "pre_mrr",
    *(f"tier:{name}" for name in TIER_NAMES),
    "pre_expanded",
    "pre_contracted",
)


def _covariates(
    idx: IntArray,
    mrr: FloatArray,
    tier: npt.NDArray[np.int8],
    pre_exp: BoolArray,
    pre_con: BoolArray,
) -> FloatArray:
    x = np.empty((len(idx), len(COVARIATE_NAMES)), dtype=np.float64)
    x[:, 0] = mrr[idx]
    t = tier[idx]
    for code in range(len(TIER_NAMES)):
        x[:, 1 + code] = t == code
    x[:, 4] = pre_exp[idx]
    x[:, 5] = pre_con[idx]
    return x


def _as_index(values: npt.ArrayLike | Iterable[int], n: int, what: str) -> IntArray:
    if isinstance(values, np.ndarray):
        arr = np.asarray(values, dtype=np.int64).ravel()
    else:
        arr = np.asarray(list(cast(Iterable[int], values)), dtype=np.int64).ravel()
    arr = np.unique(arr)
    if len(arr) and (arr[0] < 0 or arr[-1] >= n):
        raise ValueError(f"{what}: account index out of range")
    return arr


def match_accounts(
    accounts: AccountFrame,
    events: EventFrame,
    attending: npt.ArrayLike | Iterable[int],
    workshop_day: int,
    *,
    excluded: npt.ArrayLike | Iterable[int] = (),
    candidates: npt.ArrayLike | Iterable[int] | None = None,
    spec: MatchingSpec | None = None,
    mrr: FloatArray | None = None,
) -> MatchedSample:
    """Match attending accounts to non-attending candidates by CEM (module docstring).

    ``attending``, ``excluded`` and ``candidates`` are account indices; ``candidates``
    defaults to every account. ``mrr`` may pass a precomputed :func:`mrr_at` of the
    workshop day.
    """
    spec = spec or MatchingSpec()
    n = accounts.n
    att_all = _as_index(attending, n, "attending")
    excl = _as_index(excluded, n, "excluded")
    cand_all = (
        np.arange(n, dtype=np.int64)
        if candidates is None
        else _as_index(candidates, n, "candidates")
    )
    mrr_w = mrr_at(accounts, events, workshop_day) if mrr is None else mrr
    present = mrr_w > _ZERO_MRR
    att_ok = present[att_all]
    att = att_all[att_ok]
    ineligible = att_all[~att_ok]
    drop = np.zeros(n, dtype=bool)
    drop[att_all] = True
    drop[excl] = True
    cand = cand_all[present[cand_all] & ~drop[cand_all]]

    pre_exp, pre_con = pre_period_flags(
        accounts, events, workshop_day - spec.lookback_days, workshop_day
    )
    tier = accounts.tier
    att_band = assign_mrr_bands(mrr_w[att], tier[att], mrr_w[att], tier[att], spec)
    cand_band = assign_mrr_bands(mrr_w[cand], tier[cand], mrr_w[att], tier[att], spec)
    att_key = strata_keys(tier[att], att_band, pre_exp[att], pre_con[att])
    cand_key = strata_keys(tier[cand], cand_band, pre_exp[cand], pre_con[cand])
    matched, cand_w = cem_weights(att_key, cand_key)

    att_m = att[matched]
    keep = cand_w > 0
    cmp_idx = cand[keep]
    cmp_w = cand_w[keep]
    # dense stratum codes over the matched strata
    keys, inverse = np.unique(
        np.concatenate([att_key[matched], cand_key[keep]]), return_inverse=True
    )
    att_s = inverse[: len(att_m)].astype(np.int64)
    cmp_s = inverse[len(att_m) :].astype(np.int64)
    order = np.argsort(cmp_s, kind="stable")

    x_att = _covariates(att, mrr_w, tier, pre_exp, pre_con)
    x_cand = _covariates(cand, mrr_w, tier, pre_exp, pre_con)
    balance = balance_table(COVARIATE_NAMES, x_att, x_cand, x_att[matched], x_cand[keep], cmp_w)
    return MatchedSample(
        workshop_day=int(workshop_day),
        attending=att_m,
        attending_stratum=att_s,
        comparison=cmp_idx[order],
        comparison_stratum=cmp_s[order],
        comparison_weight=cmp_w[order],
        n_strata=len(keys),
        unmatched=att[~matched],
        ineligible=ineligible,
        n_candidates=len(cand),
        balance=balance,
    )
