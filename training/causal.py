"""Comparison group for a workshop: propensity-score weighting for the ATT, with diagnostics.

Pure computation (numpy/scipy arrays in, numbers out; no database, no HTTP).

Method (one well-known estimator, not a home-made one)
------------------------------------------------------
**Inverse-probability-weighted difference-in-differences for the effect on the treated**
(Abadie 2005, "Semiparametric difference-in-differences estimators", *Review of Economic
Studies* 72(1)), in the normalised ("Hájek") form with the influence function that
accounts for the estimated propensity score given by Sant'Anna & Zhao (2020), "Doubly
robust difference-in-differences estimators", *Journal of Econometrics* 219(1), §3 (the
``std_ipw_did_panel`` estimator of their R package DRDID):

1. **Eligibility.** Attending and candidate accounts must exist on the workshop day (MRR > 0
   the day the workshop starts). Attendees that do not are *ineligible*. Candidates are the
   accounts that did not attend, minus the ``excluded`` ones (attended other workshops in the
   analysis window). Attendees that are ``excluded`` too are left out as well
   (``other_workshop``): their outcomes carry the other workshop's effect.
2. **Pre-treatment covariates only** (all measured before the workshop day): tier; log MRR on
   the workshop day; log tenure (days since the account was created); the account **health
   score** at the workshop (latest score dated before the workshop), its 3-month average and
   its trend over the 90 days before the workshop (latest − the score 90 days earlier); a
   missing-value indicator for each (the value is then imputed with the mean, the usual
   missing-indicator method); the region (segment) when there are several. The model also
   gets terms that are not shown in the balance table: the squared log MRR, the scores 1, 2,
   4, 5 and 6 months before, and tier × health and tier × trend, because CS teams pick
   attendees on size non-linearly and on usage paths, not on one summary. With ``events``,
   the number of upsells (expansion events) and of downgrades (contractions) in the 180 days
   before, whether there was an upsell in the last 90 days and the MRR trend over 180 days
   (log MRR now − then; missing for younger accounts) are covariates too: the
   *lagged-outcome* design. With the customers' survey answers (:mod:`training.voice`), their
   NPS, detractor share, response rate, reminders needed and opt-outs in the year before are
   covariates of both designs (missing for accounts nobody asked). Without ``events``
   the pre-period *outcome* is not a covariate: conditioning on it forces the pre-period
   difference towards zero and turns the DiD into a post-period comparison, biased when a
   lasting hidden trait drives both attendance and outcomes; with it, the DiD is freed of
   attendance that follows recent upsell. Neither holds everywhere, so
   :mod:`training.effectiveness` brackets the two designs (never an exact stratum).
3. **Propensity score** e(x) = P(attend | x) by logistic regression (maximum likelihood with
   scipy's trust-region Newton solver on standardised covariates, a tiny ridge for
   separation).
4. **Overlap** (common support): an attendee is *comparable* when at least one candidate lies
   within a caliper of 0.2 standard deviations of the logit of the propensity score (Austin
   2011, *Pharmaceutical Statistics* 10(2)). Attendees without a comparable candidate are
   reported (share = the overlap diagnostic) and left out; the score is re-fitted on the
   retained accounts, and the estimand is the effect on the attendees with support.
5. **ATT weights** ("odds" weights): attendees weigh 1, a candidate weighs e(x) / (1 − e(x)),
   normalised so the comparison weights sum to the number of attendees. The weighted
   comparison group then has the attendees' covariate distribution (Hirano, Imbens & Ridder
   2003; Abadie 2005).
6. **Inference**: every group mean (and every ratio-of-sums metric through the delta
   method) gets its influence function, including the term for the estimated propensity
   score (Sant'Anna & Zhao 2020, eq. for the standardised IPW estimator); the standard error
   is sqrt(Σ IFᵢ²) / n and the interval is normal. This is what makes thousands of
   simulated cohorts affordable in the calibration test (see :mod:`training.simulate`).

Diagnostics (see :class:`WeightedSample`): standardised mean differences (SMD) before and
after weighting for every covariate, the overlap share, Kish's effective size of the
weighted comparison group; the effectiveness module adds a placebo DiD on an earlier
window and E-values (VanderWeele & Ding 2017, *Annals of Internal Medicine* 167(4)).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final, cast

import msgspec
import numpy as np
import numpy.typing as npt
from scipy import optimize, special

from training.balance import CovariateBalance, balance_table
from training.metrics import (
    TIER_NAMES,
    UNKNOWN_CREATED,
    AccountFrame,
    EventFrame,
    EventKind,
    mrr_at,
)
from training.sensitivity import e_value
from training.voice import VoiceFrame, voice_covariates

__all__ = [
    "CALIPER_SD",
    "PRIOR_OUTCOMES",
    "Covariates",
    "GroupMeans",
    "HealthFrame",
    "Overlap",
    "PropensityFit",
    "WeightedSample",
    "account_covariates",
    "e_value",
    "fit_propensity",
    "group_means",
    "health_at",
    "health_change",
    "pre_treatment_covariates",
    "ratio_if",
    "weight_accounts",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Caliper on the logit of the propensity score, in pooled standard deviations (Austin 2011).
CALIPER_SD: Final = 0.2
#: A health score older than this (days) does not describe the account "at" a day.
HEALTH_MAX_AGE: Final = 62
_RIDGE: Final = 1e-3


# --------------------------------------------------------------------------- health scores


@dataclass(frozen=True, eq=False)
class HealthFrame:
    """Health-score history as parallel arrays: account index, day (days since epoch), score
    (0–100). Any order; several scores per account."""

    account: npt.NDArray[np.int32]
    day: npt.NDArray[np.int32]
    score: FloatArray

    @classmethod
    def from_arrays(
        cls, account: npt.ArrayLike, day: npt.ArrayLike, score: npt.ArrayLike
    ) -> HealthFrame:
        """Build from arrays (scores must be finite, within 0–100)."""
        frame = cls(
            account=np.asarray(account, dtype=np.int32),
            day=np.asarray(day, dtype=np.int32),
            score=np.asarray(score, dtype=np.float64),
        )
        if not (len(frame.account) == len(frame.day) == len(frame.score)):
            raise ValueError("HealthFrame: arrays of different lengths")
        if len(frame.score) and (
            not np.isfinite(frame.score).all() or frame.score.min() < 0 or frame.score.max() > 100
        ):
            raise ValueError("HealthFrame.score: scores must be within 0–100")
        return frame

    @property
    def n(self) -> int:
        """Number of scores."""
        return len(self.score)

    @cached_property
    def by_account(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """(account, day, score) sorted by account, then day, then frame order: sorted once
        per frame, so each :func:`health_at` look-up is a linear scan, not a sort."""
        order = np.lexsort((np.arange(self.n), self.day, self.account))
        return (
            self.account[order].astype(np.int64),
            self.day[order].astype(np.int64),
            self.score[order],
        )


def health_at(
    health: HealthFrame | None,
    n_accounts: int,
    day: int,
    *,
    since: int | None = None,
    max_age: int = HEALTH_MAX_AGE,
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """(score, day of the score) of each account's latest score dated before ``day``.

    Only scores dated in ``[max(since, day − max_age), day)`` count; accounts without one get
    NaN (and day −2³¹). Several scores on the same day: the last in frame order wins.
    """
    score = np.full(n_accounts, np.nan)
    when = np.full(n_accounts, np.iinfo(np.int32).min, dtype=np.int64)
    if health is None or health.n == 0:
        return score, when
    lo = day - max_age if since is None else max(since, day - max_age)
    acc, d, s = health.by_account
    sel = np.flatnonzero((d < day) & (d >= lo))
    if len(sel) == 0:
        return score, when
    acc, d, s = acc[sel], d[sel], s[sel]
    last = np.r_[acc[1:] != acc[:-1], True]  # the latest score of each account
    score[acc[last]] = s[last]
    when[acc[last]] = d[last]
    return score, when


def _health_mean(health: HealthFrame | None, n_accounts: int, start: int, end: int) -> FloatArray:
    """Mean score of each account over ``[start, end)`` (NaN without a score)."""
    if health is None or health.n == 0:
        return np.full(n_accounts, np.nan)
    sel = (health.day >= start) & (health.day < end)
    acc = health.account[sel].astype(np.int64)
    total = np.bincount(acc, weights=health.score[sel], minlength=n_accounts)[:n_accounts]
    count = np.bincount(acc, minlength=n_accounts)[:n_accounts]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def health_change(health: HealthFrame | None, n_accounts: int, start: int, end: int) -> FloatArray:
    """Change of each account's health over ``[start, end)``: the latest score dated in the
    window minus the latest score dated before ``start``. NaN when either is missing."""
    before, _ = health_at(health, n_accounts, start)
    after, _ = health_at(health, n_accounts, end, since=start, max_age=max(end - start, 1))
    return after - before


# --------------------------------------------------------------------------- covariates


#: Covariates that are pre-period *outcomes* (upsell, downgrade, MRR path): only the
#: lagged-outcome design weights on them (:func:`weight_accounts`, ``lagged``).
PRIOR_OUTCOMES: Final = frozenset(
    {"expansions_180d", "contractions_180d", "mrr_trend_180d", "expanded_90d"}
)


@dataclass(frozen=True, eq=False)
class Covariates:
    """Pre-treatment covariates of every account on one day, computed once and shared by
    both comparison designs.

    ``raw`` (accounts × ``names``, NaN = missing) is what the balance table shows; ``model``
    has the missing values imputed with the column mean plus one missing-value indicator per
    covariate with missing values (module docstring). ``prior`` / ``model_prior`` flag the
    columns that are pre-period outcomes (:data:`PRIOR_OUTCOMES`).
    """

    names: tuple[str, ...]
    raw: FloatArray
    model: FloatArray
    prior: BoolArray
    model_prior: BoolArray

    def design(self, lagged: bool) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
        """(names, raw, model) of one design: everything, or without the prior outcomes."""
        if lagged:
            return self.names, self.raw, self.model
        keep = np.flatnonzero(~self.prior)
        return (
            tuple(self.names[j] for j in keep),
            self.raw[:, keep],
            self.model[:, ~self.model_prior],
        )


def pre_treatment_covariates(
    accounts: AccountFrame,
    mrr_on_day: FloatArray,
    health: HealthFrame | None,
    day: int,
    events: EventFrame | None = None,
) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
    """(names, raw covariates, model covariates) of every account on ``day``; with
    ``events``, the prior outcomes too (:class:`Covariates` for the meaning)."""
    cov = account_covariates(accounts, mrr_on_day, health, day, events)
    return cov.design(lagged=events is not None)


def account_covariates(
    accounts: AccountFrame,
    mrr_on_day: FloatArray,
    health: HealthFrame | None,
    day: int,
    events: EventFrame | None = None,
    voice: VoiceFrame | None = None,
) -> Covariates:
    """Every pre-treatment covariate of every account on ``day`` (:class:`Covariates`);
    with ``voice``, what its customers said in surveys before (:mod:`training.voice`)."""
    n = accounts.n
    cols: dict[str, FloatArray] = {}
    for code, name in enumerate(TIER_NAMES):
        cols[f"tier:{name}"] = (accounts.tier == code).astype(np.float64)
    cols["log_mrr"] = np.log1p(np.maximum(mrr_on_day, 0.0))
    known = accounts.created_day != UNKNOWN_CREATED
    tenure = np.where(known, day - accounts.created_day.astype(np.float64), np.nan)
    cols["log_tenure_days"] = np.log1p(np.maximum(tenure, 0.0))
    latest, _ = health_at(health, n, day)
    cols["health"] = latest
    cols["health_3m_mean"] = _health_mean(health, n, day - 92, day)
    earlier, _ = health_at(health, n, day - 90)
    cols["health_trend_90d"] = latest - earlier
    if voice is not None and voice.n:
        cols.update(voice_covariates(voice, n, day))
    if events is not None and events.n:
        # upsell momentum: recent expanders attend more and keep expanding
        cols["expansions_180d"] = _expansions(events, n, day - 180, day)
        # downgrades and the MRR path: traces of health the CRM keeps (a falling account
        # shrinks before it leaves)
        cols["contractions_180d"] = _count(events, n, day - 180, day, EventKind.CONTRACTION)
        earlier_mrr = mrr_at(accounts, events, day - 180)
        cols["mrr_trend_180d"] = np.where(
            earlier_mrr > 1e-6,
            np.log1p(np.maximum(mrr_on_day, 0.0)) - np.log1p(np.maximum(earlier_mrr, 0.0)),
            np.nan,
        )
    if len(accounts.segments) > 1:
        for code, label in enumerate(accounts.segments):
            cols[f"segment:{label or '-'}"] = (accounts.segment == code).astype(np.float64)
    names = tuple(cols)
    raw = np.column_stack([cols[k] for k in names]) if n else np.empty((0, len(names)))
    # model-only terms: curvature in size, the monthly score path, plan × trend
    extra: dict[str, FloatArray] = {
        "log_mrr_sq": (cols["log_mrr"] - cols["log_mrr"].mean()) ** 2 if n else cols["log_mrr"]
    }
    if "expansions_180d" in cols:
        extra["expanded_90d"] = (_expansions(events, n, day - 90, day) > 0).astype(np.float64)
    for lag in (30, 60, 120, 150, 180):
        extra[f"health_lag_{lag}"], _ = health_at(health, n, day - lag)
    for code, name in enumerate(TIER_NAMES[:-1]):
        extra[f"trend_x_{name}"] = cols["health_trend_90d"] * (accounts.tier == code)
        extra[f"health_x_{name}"] = cols["health"] * (accounts.tier == code)
    model_cols: list[FloatArray] = []
    model_prior: list[bool] = []
    reference = f"tier:{TIER_NAMES[-1]}"  # the tier every other tier is compared with
    columns = [(name, raw[:, j]) for j, name in enumerate(names) if name != reference]
    for name, x in [*columns, *extra.items()]:
        miss = ~np.isfinite(x)
        if miss.all():
            continue
        if miss.any():
            x = np.where(miss, float(np.nanmean(x)), x)
            model_cols.append(miss.astype(np.float64))
            model_prior.append(name in PRIOR_OUTCOMES)
        model_cols.append(x)
        model_prior.append(name in PRIOR_OUTCOMES)
    model = np.column_stack(model_cols) if model_cols else np.empty((n, 0))
    return Covariates(
        names=names,
        raw=raw,
        model=model,
        prior=np.array([k in PRIOR_OUTCOMES for k in names], dtype=bool),
        model_prior=np.array(model_prior, dtype=bool),
    )


def _count(events: EventFrame, n_accounts: int, start: int, end: int, kind: int) -> FloatArray:
    """Events of ``kind`` of each account dated in ``[start, end)``."""
    sel = (events.day >= start) & (events.day < end) & (events.kind == kind)
    counts = np.bincount(events.account[sel].astype(np.int64), minlength=n_accounts)
    return np.asarray(counts[:n_accounts], dtype=np.float64)


def _expansions(events: EventFrame | None, n_accounts: int, start: int, end: int) -> FloatArray:
    """Expansion (and reactivation) events of each account dated in ``[start, end)``."""
    if events is None or events.n == 0:
        return np.zeros(n_accounts)
    sel = (
        (events.day >= start)
        & (events.day < end)
        & ((events.kind == EventKind.EXPANSION) | (events.kind == EventKind.REACTIVATION))
        & (events.delta > 0)
    )
    counts = np.bincount(events.account[sel].astype(np.int64), minlength=n_accounts)
    return np.asarray(counts[:n_accounts], dtype=np.float64)


# --------------------------------------------------------------------------- propensity


@dataclass(frozen=True, eq=False)
class PropensityFit:
    """A fitted logistic propensity model on a design matrix (intercept first, standardised).

    ``score`` = e(x) per row; ``bread`` = (X'WX / n)⁻¹ with W = e(1 − e) (the inverse of the
    average Hessian of the log-likelihood, used by the influence functions).
    """

    design: FloatArray
    coef: FloatArray
    score: FloatArray
    bread: FloatArray
    converged: bool

    @property
    def logit(self) -> FloatArray:
        """Linear predictor (log odds of attending)."""
        return cast(FloatArray, self.design @ self.coef)


def _design(x: FloatArray) -> FloatArray:
    """Intercept + standardised non-constant columns."""
    n = x.shape[0]
    keep: list[FloatArray] = [np.ones(n)]
    for j in range(x.shape[1]):
        col = x[:, j]
        sd = float(col.std())
        if sd > 1e-12:
            keep.append((col - col.mean()) / sd)
    return np.column_stack(keep)


def fit_propensity(covariates: npt.ArrayLike, treated: npt.ArrayLike) -> PropensityFit:
    """Logistic regression of ``treated`` on ``covariates`` (module docstring, step 3)."""
    x = _design(np.asarray(covariates, dtype=np.float64))
    d = np.asarray(treated, dtype=np.float64)
    n, k = x.shape
    penalty = np.full(k, _RIDGE)
    penalty[0] = 0.0

    def objective(beta: FloatArray) -> tuple[float, FloatArray]:
        eta = x @ beta
        loss = float(np.sum(np.logaddexp(0.0, eta) - d * eta)) / n
        grad = x.T @ (special.expit(eta) - d) / n
        return loss + 0.5 * float(penalty @ beta**2), grad + penalty * beta

    def hessian(beta: FloatArray) -> FloatArray:
        p = special.expit(x @ beta)
        return cast(FloatArray, (x.T * (p * (1 - p))) @ x / n + np.diag(penalty))

    p0 = min(max(float(d.mean()), 1e-6), 1 - 1e-6)
    beta0 = np.zeros(k)
    beta0[0] = math.log(p0 / (1 - p0))
    res = optimize.minimize(
        objective, beta0, jac=True, hess=hessian, method="trust-exact", options={"gtol": 1e-9}
    )
    beta = np.asarray(res.x, dtype=np.float64)
    score = special.expit(x @ beta)
    bread = np.asarray(np.linalg.pinv(hessian(beta)), dtype=np.float64)
    return PropensityFit(design=x, coef=beta, score=score, bread=bread, converged=bool(res.success))


# --------------------------------------------------------------------------- weighting


class Overlap(msgspec.Struct, frozen=True, kw_only=True):
    """Common-support diagnostic: attendees without a comparable non-attending account.

    ``share_without_support`` is a fraction (0–1) of the eligible attendees; ``caliper`` is
    in units of the logit of the propensity score (0.2 SD, Austin 2011).
    """

    attendees: int
    without_support: int
    share_without_support: float
    caliper: float
    propensity_attendees_median: float | None
    propensity_comparison_median: float | None


@dataclass(frozen=True, eq=False)
class WeightedSample:
    """Attendees and the weighted comparison group, with what the influence functions need.

    Rows of ``fit.design`` are ``attending`` then ``comparison`` (account indices).
    ``comparison_weight`` sums to ``len(attending)``.
    """

    workshop_day: int
    attending: IntArray
    comparison: IntArray
    comparison_weight: FloatArray
    unmatched: IntArray
    ineligible: IntArray
    n_candidates: int
    balance: tuple[CovariateBalance, ...]
    overlap: Overlap
    fit: PropensityFit | None
    other_workshop: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @property
    def comparison_effective_n(self) -> float:
        """Kish effective sample size of the weighted comparison group, (Σw)² / Σw²."""
        w = self.comparison_weight
        denom = float(np.dot(w, w))
        return float(w.sum()) ** 2 / denom if denom > 0 else 0.0

    @property
    def n_rows(self) -> int:
        """Rows of the analysis sample (attendees + comparison accounts)."""
        return len(self.attending) + len(self.comparison)


def _as_index(values: npt.ArrayLike | Iterable[int], n: int, what: str) -> IntArray:
    if isinstance(values, np.ndarray):
        arr = np.asarray(values, dtype=np.int64).ravel()
    else:
        arr = np.asarray(list(cast(Iterable[int], values)), dtype=np.int64).ravel()
    arr = np.unique(arr)
    if len(arr) and (arr[0] < 0 or arr[-1] >= n):
        raise ValueError(f"{what}: account index out of range")
    return arr


def _supported(logit_att: FloatArray, logit_cmp: FloatArray, caliper: float) -> BoolArray:
    """Attendees with at least one candidate within ``caliper`` on the logit scale."""
    if len(logit_cmp) == 0:
        return np.zeros(len(logit_att), dtype=bool)
    ref = np.sort(logit_cmp)
    pos = np.searchsorted(ref, logit_att)
    left = ref[np.clip(pos - 1, 0, len(ref) - 1)]
    right = ref[np.clip(pos, 0, len(ref) - 1)]
    nearest = np.minimum(np.abs(logit_att - left), np.abs(logit_att - right))
    return cast(BoolArray, nearest <= caliper)


def weight_accounts(
    accounts: AccountFrame,
    mrr_on_day: FloatArray,
    attending: npt.ArrayLike | Iterable[int],
    workshop_day: int,
    *,
    health: HealthFrame | None = None,
    excluded: npt.ArrayLike | Iterable[int] = (),
    candidates: npt.ArrayLike | Iterable[int] | None = None,
    events: EventFrame | None = None,
    covariates: Covariates | None = None,
    voice: VoiceFrame | None = None,
) -> WeightedSample:
    """Eligibility, propensity score, overlap and ATT weights (module docstring, steps 1–5).

    With ``events`` the prior outcomes are covariates too (the lagged-outcome design).
    ``covariates``: :func:`account_covariates` of the day, computed once for both designs
    (with ``events``) instead of here; ``voice``: the customers' survey answers before."""
    n = accounts.n
    att_all = _as_index(attending, n, "attending")
    excl = _as_index(excluded, n, "excluded")
    cand_all = (
        np.arange(n, dtype=np.int64)
        if candidates is None
        else _as_index(candidates, n, "candidates")
    )
    present = mrr_on_day > 1e-6
    drop = np.zeros(n, dtype=bool)
    drop[att_all] = True
    drop[excl] = True
    # An attendee who also attended another workshop in the window carries that workshop's
    # effect too (before: in the pre window; after: in the post window), and the comparison
    # group holds nobody like it: it is left out, so the estimate is this workshop's own.
    elsewhere = np.zeros(n, dtype=bool)
    elsewhere[excl] = True
    other_workshop = att_all[present[att_all] & elsewhere[att_all]]
    att = att_all[present[att_all] & ~elsewhere[att_all]]
    ineligible = att_all[~present[att_all]]
    cand = cand_all[present[cand_all] & ~drop[cand_all]]
    if covariates is None:
        covariates = account_covariates(accounts, mrr_on_day, health, workshop_day, events, voice)
    names, raw, model = covariates.design(lagged=events is not None)
    # A covariate nobody has (no health scores before the workshop) is neither modelled nor
    # shown: its balance row would be all NaN.
    pool = np.concatenate([att, cand])
    known = [j for j in range(len(names)) if np.isfinite(raw[pool, j]).any()]
    names = tuple(names[j] for j in known)
    raw = raw[:, known]
    empty = np.empty(0, dtype=np.int64)
    if len(att) == 0 or len(cand) == 0:
        balance = balance_table(names, raw[att], raw[cand], raw[att], raw[cand], np.ones(len(cand)))
        return WeightedSample(
            workshop_day=workshop_day,
            attending=att,
            comparison=cand,
            comparison_weight=np.zeros(len(cand)) if len(att) == 0 else np.ones(len(cand)),
            unmatched=empty,
            ineligible=ineligible,
            n_candidates=len(cand),
            balance=balance,
            overlap=Overlap(
                attendees=len(att),
                without_support=0,
                share_without_support=0.0,
                caliper=0.0,
                propensity_attendees_median=None,
                propensity_comparison_median=None,
            ),
            fit=None,
            other_workshop=other_workshop,
        )
    rows = np.concatenate([att, cand])
    treated = np.r_[np.ones(len(att)), np.zeros(len(cand))]
    first = fit_propensity(model[rows], treated)
    logit = first.logit
    caliper = CALIPER_SD * float(logit.std())
    ok = _supported(logit[: len(att)], logit[len(att) :], max(caliper, 1e-9))
    overlap = Overlap(
        attendees=len(att),
        without_support=int((~ok).sum()),
        share_without_support=float((~ok).mean()),
        caliper=round(caliper, 4),
        propensity_attendees_median=float(np.median(first.score[: len(att)])),
        propensity_comparison_median=float(np.median(first.score[len(att) :])),
    )
    kept = att[ok]
    fit = first
    if not ok.all() and len(kept):
        rows = np.concatenate([kept, cand])
        treated = np.r_[np.ones(len(kept)), np.zeros(len(cand))]
        fit = fit_propensity(model[rows], treated)
    e = np.clip(fit.score[len(kept) :], 1e-12, 1 - 1e-9)
    odds = e / (1.0 - e)
    w = odds * (len(kept) / odds.sum()) if len(kept) and odds.sum() > 0 else np.zeros(len(cand))
    balance = balance_table(names, raw[att], raw[cand], raw[kept], raw[cand], w)
    return WeightedSample(
        workshop_day=workshop_day,
        attending=kept,
        comparison=cand,
        comparison_weight=w,
        unmatched=att[~ok],
        ineligible=ineligible,
        n_candidates=len(cand),
        balance=balance,
        overlap=overlap,
        fit=fit if len(kept) else None,
        other_workshop=other_workshop,
    )


# --------------------------------------------------------------------------- inference


@dataclass(frozen=True, eq=False)
class GroupMeans:
    """Means of per-account values in both groups, with their influence functions.

    ``attending``/``comparison``: (m,) means (comparison weighted); ``if_attending`` /
    ``if_comparison``: (rows × m), so that mean − truth ≈ Σᵢ IFᵢ / rows.
    """

    attending: FloatArray
    comparison: FloatArray
    if_attending: FloatArray
    if_comparison: FloatArray


def group_means(
    sample: WeightedSample, att_values: FloatArray, cmp_values: FloatArray
) -> GroupMeans:
    """Plain attendee means and ATT-weighted comparison means of value columns, with the
    influence functions of Sant'Anna & Zhao (2020) for the standardised IPW estimator
    (including the estimation of the propensity score)."""
    va = np.asarray(att_values, dtype=np.float64)
    vc = np.asarray(cmp_values, dtype=np.float64)
    n1, m = va.shape
    n = n1 + vc.shape[0]
    w0 = sample.comparison_weight
    mean_t = va.mean(axis=0)
    total0 = float(w0.sum())
    mean_c = (w0 @ vc) / total0 if total0 > 0 else np.full(m, np.nan)
    if_t = np.zeros((n, m))
    if_t[:n1] = (va - mean_t) / (n1 / n)
    if_c = np.zeros((n, m))
    if total0 <= 0:
        return GroupMeans(mean_t, mean_c, if_t, if_c)
    resid = w0[:, None] * (vc - mean_c)  # (n0 × m), in the normalised weights' scale
    if_c[n1:] = resid
    fit = sample.fit
    if fit is not None:  # the propensity score was estimated: add its term
        x = fit.design
        # derivative of the weighted mean with respect to the logit coefficients
        m2 = resid.T @ x[n1:] / n  # (m × k)
        d = np.r_[np.ones(n1), np.zeros(n - n1)]
        lin_ps = ((d - fit.score)[:, None] * x) @ fit.bread  # (n × k)
        if_c += lin_ps @ m2.T
    if_c /= total0 / n
    return GroupMeans(mean_t, mean_c, if_t, if_c)


def ratio_if(
    fn: Callable[[FloatArray], FloatArray], means: FloatArray, influence: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """(fn(means), influence functions of fn(means)) by the delta method.

    ``fn`` maps a vector of means (last axis m) to metrics (last axis p) and must broadcast
    over leading axes; its Jacobian is taken by central differences.
    """
    mu = np.asarray(means, dtype=np.float64)
    value = fn(mu)
    m = len(mu)
    step = 1e-6 * np.maximum(np.abs(mu), 1e-3)
    probe = np.repeat(mu[None, :], 2 * m, axis=0)
    probe[np.arange(m), np.arange(m)] += step
    probe[m + np.arange(m), np.arange(m)] -= step
    out = fn(probe)
    jac = (out[:m] - out[m:]) / (2 * step[:, None])  # (m × p)
    jac = np.where(np.isfinite(jac), jac, 0.0)
    return value, influence @ jac
