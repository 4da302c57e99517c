"""Sceptic's cohorts: selection designs the workshop estimator was not built on, with the truth.

:mod:`training.simulate` calibrates the estimator on the world it was designed for (a hidden
health seen through a noisy score). This module draws cohorts from a different engine, a
**monthly hazard model** of expansion, contraction and churn, and plants the selection
problems a CS team actually meets (:data:`DESIGNS`):

* attendance driven by observed covariates (plan, size, tenure, usage trend, region)
  non-linearly and with interactions;
* a hidden health factor, only partly visible in the health score;
* regression to the mean (accounts attend after a bad quarter), prior upsell momentum
  (expansions beget expansions, and recent expanders attend);
* calendar seasonality with workshops on different dates; accounts attending several
  workshops; heavy churn that cuts accounts off before a checkpoint; tiny cohorts; poor
  overlap; no effect; an effect in one segment only; skewed revenue with outliers.

Engine (months of 30 days; month *t* covers ``[w + 30t, w + 30t + 30)``, w = workshop day)
------------------------------------------------------------------------------------------
Each account has a plan (tier), an opening MRR (size), a creation day (tenure), a region
(segment), a latent health ``L_t`` (a lasting level plus an AR(1) passing part) and a
hidden factor ``U``. The observed health score of month *t* (dated on its last day) is
``60 + 15 (L_t + score_u · U) + noise`` (SD 7). Each month an account still paying may
expand (amount = opening MRR × a fraction), contract and churn (in that order inside the
month); the log-odds of each are linear in its covariates, ``L_t``, ``U``, the calendar
month and (with momentum) the months since its last expansion. Attending a workshop adds
``expansion_effect`` / ``churn_effect`` to the log-odds of expansion / churn from the
workshop day on (``effect_by_segment`` scales it per region).

The truth
---------
The effect on the attendees at each checkpoint is the product's estimand, computed exactly
for this cohort's attendees: their post-window outcomes are re-drawn ``truth_draws`` times
under "attended" and "did not attend" with common random numbers (everything else, other
workshops included, as realised), and the per-account mean differences are kept
(:class:`AttendeeTruth`). :meth:`SelectionCohort.truth` aggregates them over any set of
attendees (the product drops attendees without a comparable account) exactly as the product
aggregates: shares per account, MRR rates as ratios of sums.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import msgspec
import numpy as np
import numpy.typing as npt

from training.causal import HealthFrame
from training.metrics import AccountFrame, EventFrame, EventKind, from_day, to_day
from training.simulate import (
    SEGMENTS,
    _event_rows,
    _opening_mrr,
    dated_account_rows,
    health_score_rows,
)
from training.voice import NEVER, VoiceFrame

__all__ = [
    "CHECKPOINTS",
    "DESIGNS",
    "AttendeeTruth",
    "Design",
    "SelectionCohort",
    "Truth",
    "simulate_selection_cohort",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Checkpoints (days after the workshop) at which the truth is computed.
CHECKPOINTS: Final = (30, 90, 180)
_MONTH: Final = 30
_FIRST: Final = -14  # first simulated month (the +180 placebo needs 12 months of history)
_LAST: Final = 6  # months simulated after the workshop (exclusive)
_EXP_LOGIT: Final = np.array([-2.9, -3.2, -3.6])  # monthly, per tier
_CHURN_LOGIT: Final = np.array([-5.0, -4.5, -4.0])
_CON_LOGIT: Final = -3.6
_REGION_CHURN: Final = np.array([0.5, 0.3, 0.0, 0.0, -0.3, -0.5])
_REGION_EXP: Final = np.array([-0.4, -0.2, 0.0, 0.1, 0.2, 0.3])


class Design(msgspec.Struct, frozen=True, kw_only=True):
    """One selection design. Effects are on the monthly log-odds; selection terms on the
    log-odds of attending (``attend_rate`` fixes the expected share of attendees)."""

    name: str
    n_accounts: int = 3000
    attend_rate: float = 0.12
    expansion_effect: float = 0.5
    churn_effect: float = -0.5
    #: per-region multiplier of both effects (heterogeneous effect); () = 1 everywhere
    effect_by_segment: tuple[float, ...] = ()
    #: attendance on observed covariates: non-linear in size, interactions plan × trend,
    #: region, tenure (strength multiplier; 0 = off)
    observed: float = 0.0
    #: attendance on the hidden factor U (log-odds per SD) and U's pull on the outcomes
    hidden: float = 0.0
    hidden_outcome: float = 0.0
    #: U's pull on expansion when it differs from its pull on churn (None = the same
    #: ``hidden_outcome``; 0 = a churn risk that shows in nothing else)
    hidden_expansion: float | None = None
    #: weight of U in the observed health score (0 = invisible, 1 = as visible as L)
    score_u: float = 0.0
    #: attendance after a bad quarter (log-odds per SD of the drop of the observed score)
    dip: float = 0.0
    #: persistence of the passing part of health (lower = faster regression to the mean)
    passing_ar: float = 0.8
    #: upsell momentum: log-odds added to expansion right after an expansion (decays with
    #: a 3-month half-life), and attendance per expansion in the last 6 months
    momentum: float = 0.0
    momentum_attend: float = 0.0
    #: calendar seasonality (log-odds amplitude; March fiscal-year end) and random dates
    season: float = 0.0
    random_dates: bool = False
    #: other workshops: one 90 days before and one 30 days after, attended mostly by this
    #: workshop's attendees (each with the same effect)
    other_workshops: bool = False
    #: added to every month's churn log-odds (heavy churn = censoring before checkpoints)
    churn_shift: float = 0.0
    #: attendance deterministic in plan × health (no comparable non-attenders)
    poor_overlap: bool = False
    #: MRR log-normal spread multiplier and Pareto expansion amounts (tail index)
    skew: bool = False
    health_selection: float = 0.0
    #: quarterly customer NPS surveys before the workshop (:mod:`training.voice`): the
    #: weight of U in what the contacts answer and whether they answer (None = no surveys;
    #: 0 = the answers follow the visible health only)
    voice_u: float | None = None
    #: a lasting growth propensity per account (log-odds of expansion per SD, drawn from a
    #: generator of its own) and attendance per SD of the account's MRR growth over the six
    #: months before the workshop: accounts already growing come
    growth_trait: float = 0.0
    trend_attend: float = 0.0
    #: attendance per SD of size (log MRR on the day, within the plan) and of tenure
    size_attend: float = 0.0
    tenure_attend: float = 0.0
    #: correlation of the hidden factor U with the observed size (0 = independent)
    u_size_corr: float = 0.0
    #: points the attendees' observed health score gains from the workshop month on (the
    #: score counts webinar and event participation): a post-treatment covariate
    score_bump: float = 0.0
    #: health scores exist only from this month on (None = all months; 0 = only after the
    #: workshop: the CS team started scoring afterwards)
    score_from: int | None = None
    #: share of accounts created after the workshop (within the post window): never
    #: comparison accounts, and a pool that grows under the checkpoints
    late_share: float = 0.0


#: The designs measured by ``bench/bench_selection.py`` (BENCHMARKS.md, "Sceptic's cohorts").
DESIGNS: Final[tuple[Design, ...]] = (
    Design(name="observed nonlinear", observed=1.0),
    Design(name="hidden health", hidden=1.0, hidden_outcome=0.6, score_u=0.4),
    Design(
        name="hidden health, surveys",
        hidden=1.0,
        hidden_outcome=0.6,
        score_u=0.4,
        voice_u=0.6,
    ),
    Design(
        name="hidden health, surveys, no effect",
        hidden=1.0,
        hidden_outcome=0.6,
        score_u=0.4,
        voice_u=0.6,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
    Design(
        name="hidden health, no trace",
        hidden=1.0,
        hidden_outcome=0.6,
        score_u=0.0,
        voice_u=0.0,
    ),
    Design(
        name="hidden health, no trace, no effect",
        hidden=1.0,
        hidden_outcome=0.6,
        score_u=0.0,
        voice_u=0.0,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
    Design(name="regression to the mean", dip=1.2, passing_ar=0.5),
    Design(name="upsell momentum", momentum=1.2, momentum_attend=0.8),
    Design(name="seasonal dates", season=0.6, random_dates=True, observed=0.5),
    Design(name="several workshops", other_workshops=True, observed=0.5),
    Design(name="censoring", churn_shift=1.6, observed=0.5),
    Design(name="tiny cohort", n_accounts=300, attend_rate=0.12, observed=0.5),
    Design(name="poor overlap", poor_overlap=True, attend_rate=0.06),
    Design(name="zero effect", expansion_effect=0.0, churn_effect=0.0, observed=1.0),
    Design(
        name="segment effect",
        observed=1.0,
        expansion_effect=0.9,
        churn_effect=-0.9,
        effect_by_segment=(1.0, 1.0, 0.0, 0.0, 0.0, 0.0),
    ),
    Design(name="skewed revenue", skew=True, observed=0.5),
    # estim4: designs a sceptic would add (BENCHMARKS.md, "Designs the hidden checks may use")
    Design(name="prior MRR growth", growth_trait=0.6, trend_attend=1.0),
    Design(
        name="prior MRR growth, no effect",
        growth_trait=0.6,
        trend_attend=1.0,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
    Design(name="account size", size_attend=1.2),
    Design(name="tenure", tenure_attend=1.2),
    Design(
        name="hidden factor tied to size",
        hidden=1.0,
        hidden_outcome=0.6,
        u_size_corr=0.7,
    ),
    Design(
        name="hidden factor tied to size, no effect",
        hidden=1.0,
        hidden_outcome=0.6,
        u_size_corr=0.7,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
    Design(name="score raised by attending", score_bump=8.0, observed=1.0),
    Design(name="scores only after the workshop", score_from=0, observed=1.0),
    Design(name="tiny cohort 5-15", n_accounts=100, attend_rate=0.10, observed=0.5),
    Design(
        name="tiny cohort 5-15, no effect",
        n_accounts=100,
        attend_rate=0.10,
        observed=0.5,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
    Design(name="late accounts, heavy churn", late_share=0.15, churn_shift=1.6, observed=0.5),
    Design(name="negative effect", expansion_effect=-0.5, churn_effect=0.5, observed=1.0),
    Design(name="strong effect", expansion_effect=1.0, churn_effect=-1.0, observed=1.0),
    # estim5: CS sends the accounts it knows to be at risk (a dip in the score it sees, and
    # what it hears that the score does not show): the hidden factor lowers attendance
    Design(name="at-risk accounts sent by CS", hidden=-1.0, hidden_outcome=0.6, dip=0.6),
    Design(
        name="at-risk accounts sent by CS, no effect",
        hidden=-1.0,
        hidden_outcome=0.6,
        dip=0.6,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
    # a churn risk that drives attendance and churn and shows in nothing else (not even
    # upsell): the known limit of every design on these data
    Design(
        name="hidden churn risk only, no effect",
        hidden=1.0,
        hidden_outcome=0.6,
        hidden_expansion=0.0,
        expansion_effect=0.0,
        churn_effect=0.0,
    ),
)


class Truth(msgspec.Struct, frozen=True):
    """The effect on a set of attendees at one checkpoint: shares and rates as fractions,
    ``benefit`` (churned MRR avoided + expansion MRR over the window) in currency units."""

    checkpoint_days: int
    attendees: int
    expansion_share: float
    logo_churn: float
    expansion_rate: float
    gross_mrr_churn: float
    benefit: float


@dataclass(frozen=True, eq=False)
class AttendeeTruth:
    """Per-attendee expected differences (attended − not), columns per checkpoint."""

    account: IntArray
    start_mrr: FloatArray
    expanded: FloatArray
    lost: FloatArray
    expansion_mrr: FloatArray
    churned_mrr: FloatArray


@dataclass(frozen=True, eq=False)
class SelectionCohort:
    """A generated cohort: frames, the workshop's attendees, other workshops, the truth."""

    design: Design
    accounts: AccountFrame
    events: EventFrame
    health: HealthFrame
    attending: IntArray
    workshop_day: int
    other_workshops: tuple[tuple[int, IntArray], ...]
    attendee_truth: AttendeeTruth
    voice: VoiceFrame | None = None

    @property
    def workshop_date(self) -> date:
        """The workshop date."""
        return from_day(self.workshop_day)

    @property
    def excluded(self) -> IntArray:
        """Accounts that attended another workshop (the service excludes them)."""
        parts = [idx for _, idx in self.other_workshops]
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(parts)).astype(np.int64)

    def truth(self, checkpoint_days: int, drop: Sequence[int] = ()) -> Truth:
        """The effect on the attendees alive on the workshop day, less the account indices
        ``drop`` (e.g. those the product left out for want of a comparable account)."""
        t = self.attendee_truth
        j = CHECKPOINTS.index(checkpoint_days)
        keep = ~np.isin(t.account, np.asarray(list(drop), dtype=np.int64))
        n = int(keep.sum())
        mrr = float(t.start_mrr[keep].sum())
        if n == 0 or mrr <= 0:
            return Truth(checkpoint_days, 0, *(float("nan"),) * 5)
        exp_mrr = float(t.expansion_mrr[keep, j].sum())
        churn_mrr = float(t.churned_mrr[keep, j].sum())
        return Truth(
            checkpoint_days=checkpoint_days,
            attendees=n,
            expansion_share=float(t.expanded[keep, j].sum()) / n,
            logo_churn=float(t.lost[keep, j].sum()) / n,
            expansion_rate=exp_mrr / mrr,
            gross_mrr_churn=churn_mrr / mrr,
            benefit=exp_mrr - churn_mrr,
        )

    # CSV rows in the importers' formats (for the service path)

    def external_id(self, index: int) -> str:
        """The external id used in the CSV files for an account index."""
        return f"ACC-{int(self.accounts.ids[index]):06d}"

    def account_rows(self) -> Iterator[dict[str, str]]:
        """accounts.csv rows (current MRR after every event, creation date, region)."""
        return dated_account_rows(
            self.accounts, self.events, self.external_id, lambda i: f"Account {i + 1:05d}"
        )

    def event_rows(self) -> Iterator[dict[str, str]]:
        """events.csv rows."""
        return _event_rows(self.events, self.external_id, "JPY")

    def health_rows(self) -> Iterator[dict[str, str]]:
        """Health-score CSV rows: account_external_id, date, health_score."""
        return health_score_rows(self.health, self.external_id)


def _expit(x: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def _intercept(base: FloatArray, rate: float) -> float:
    lo, hi = -40.0, 40.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if float(np.mean(_expit(mid + base))) < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _z(x: FloatArray) -> FloatArray:
    sd = float(x.std())
    return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x)


@dataclass
class _State:
    """Per-account state carried from month to month."""

    mrr: FloatArray
    alive: BoolArray
    since_exp: FloatArray  # months since the last expansion (inf: none)


@dataclass(frozen=True)
class _Month:
    """One month's outcomes per account (amounts in currency units; days absolute)."""

    expanded: BoolArray
    exp_amount: FloatArray
    contracted: BoolArray
    con_amount: FloatArray
    churned: BoolArray
    churn_amount: FloatArray


class _Engine:
    """Hazards of one cohort (everything but the random draws and the treatment)."""

    def __init__(
        self,
        design: Design,
        rng: np.random.Generator,
        workshop_day: int,
        aux: np.random.Generator | None = None,
    ) -> None:
        d = design
        n = d.n_accounts
        self.d, self.n, self.w = d, n, workshop_day
        self.tier = rng.choice(3, size=n, p=(0.15, 0.35, 0.50)).astype(np.int8)
        self.region = rng.integers(0, len(SEGMENTS), n)
        opening = _opening_mrr(rng, self.tier, "JPY")
        if d.skew:  # a long right tail of account size
            opening = np.round(opening * rng.lognormal(0.0, 1.0, n) / 1000.0) * 1000.0 + 1000.0
        self.opening = opening
        self.created = workshop_day + _FIRST * _MONTH - rng.integers(1, 2200, n)
        tenure_years = (workshop_day - self.created) / 365.0
        self.young = np.log(tenure_years)
        self.months = np.arange(_FIRST, _LAST)
        level = rng.normal(0.0, 0.8, n)
        passing = np.empty((n, len(self.months)))
        passing[:, 0] = rng.normal(0.0, 0.6, n)
        innov = 0.6 * np.sqrt(1 - d.passing_ar**2)
        for t in range(1, len(self.months)):
            passing[:, t] = d.passing_ar * passing[:, t - 1] + rng.normal(0.0, innov, n)
        self.latent = level[:, None] + passing
        self.u = rng.normal(0.0, 1.0, n)
        noise = rng.normal(0.0, 7.0, self.latent.shape)
        self.size_z = np.zeros(n)
        for code in range(3):
            sel = self.tier == code
            if sel.any():
                self.size_z[sel] = _z(np.log(opening[sel]))
        if d.u_size_corr:  # U partly seen through size (the rest stays hidden)
            r = d.u_size_corr
            self.u = r * self.size_z + np.sqrt(1.0 - r * r) * self.u
        self.score = np.clip(
            60.0 + 15.0 * (self.latent + d.score_u * self.u[:, None]) + noise, 0, 100
        )
        aux = aux if aux is not None else np.random.default_rng(0)
        self.growth = aux.normal(0.0, 1.0, n) if d.growth_trait else np.zeros(n)
        # calendar month of each simulated month (for seasonality)
        self.calendar = np.array(
            [from_day(workshop_day + _MONTH * int(m) + 15).month for m in self.months]
        )
        self.effect_scale = (
            np.asarray(d.effect_by_segment, dtype=np.float64)[self.region]
            if d.effect_by_segment
            else np.ones(n)
        )
        self.exp_fraction = (
            (lambda g, k: np.minimum(0.05 * (1.0 + g.pareto(1.6, k)), 20.0))
            if d.skew
            else (lambda g, k: g.uniform(0.1, 0.4, k))
        )

    def col(self, month: int) -> int:
        return month - _FIRST

    def logits(
        self, month: int, since_exp: FloatArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        d, c = self.d, self.col(month)
        lat = self.latent[:, c]
        season = 0.0
        cal = self.calendar[c]
        if d.season:
            # March fiscal-year end: budgets spent (expansion) and contracts end (churn)
            season = d.season * (1.0 if cal in (3, 4) else -0.25)
        exp_ = (
            _EXP_LOGIT[self.tier]
            + 0.6 * lat
            + (d.hidden_outcome if d.hidden_expansion is None else d.hidden_expansion) * self.u
            + _REGION_EXP[self.region]
            + 0.25 * self.size_z
            + d.growth_trait * self.growth
            + season
        )
        if d.momentum:
            exp_ = exp_ + d.momentum * np.where(
                np.isfinite(since_exp), 0.5 ** (since_exp / 3.0), 0.0
            )
        churn = (
            _CHURN_LOGIT[self.tier]
            - 0.7 * lat
            - d.hidden_outcome * self.u
            + _REGION_CHURN[self.region]
            - 0.4 * self.young
            + d.churn_shift
            + (season if cal == 3 else 0.0)
        )
        con = _CON_LOGIT - 0.4 * lat + np.zeros(self.n)
        return exp_, churn, con

    def step(
        self,
        month: int,
        state: _State,
        boost: FloatArray,
        draws: FloatArray,
        rng: np.random.Generator,
    ) -> _Month:
        """Advance one month; ``boost`` = treatment multiplier of the effects per account;
        ``draws`` = uniforms (n × 3) for expansion, contraction, churn."""
        exp_l, churn_l, con_l = self.logits(month, state.since_exp)
        scale = boost * self.effect_scale
        p_exp = _expit(exp_l + self.d.expansion_effect * scale)
        p_churn = _expit(churn_l + self.d.churn_effect * scale)
        p_con = _expit(con_l)
        alive = state.alive
        expanded = alive & (draws[:, 0] < p_exp)
        contracted = alive & (draws[:, 1] < p_con)
        churned = alive & (draws[:, 2] < p_churn)
        exp_amount = np.where(
            expanded, np.maximum(np.round(self.opening * self.exp_fraction(rng, self.n)), 1.0), 0.0
        )
        mrr = state.mrr + exp_amount
        con_amount = np.where(
            contracted, np.maximum(np.round(mrr * rng.uniform(0.05, 0.2, self.n)), 1.0), 0.0
        )
        con_amount = np.minimum(con_amount, np.maximum(mrr - 1.0, 0.0))
        contracted &= con_amount > 0
        mrr = mrr - con_amount
        churn_amount = np.where(churned, mrr, 0.0)
        state.mrr = np.where(churned, 0.0, mrr)
        state.alive = alive & ~churned
        state.since_exp = np.where(expanded, 0.0, state.since_exp + 1.0)
        return _Month(expanded, exp_amount, contracted, con_amount, churned, churn_amount)


def _attend(rng: np.random.Generator, base: FloatArray, live: BoolArray, rate: float) -> BoolArray:
    out = np.zeros(len(base), dtype=bool)
    idx = np.flatnonzero(live)
    if len(idx):
        a = _intercept(base[idx], rate)
        out[idx] = rng.random(len(idx)) < _expit(a + base[idx])
    return out


def _selection(
    eng: _Engine, state: _State, exp_count: FloatArray, mrr_6m: FloatArray
) -> FloatArray:
    """Log-odds of attending this workshop (before the intercept), per design."""
    d, c0 = eng.d, eng.col(0)
    s = eng.score
    base = np.zeros(eng.n)
    if d.observed:
        # usage trend: slope of the observed score over the last six months (points/month)
        recent = s[:, c0 - 6 : c0]
        slope = (recent * (np.arange(6) - 2.5)).sum(axis=1) / 17.5
        smb = eng.tier == 2
        ent = eng.tier == 0
        region = np.array([1.2, 0.8, 0.0, 0.0, -0.8, -1.2])[eng.region]
        size = np.zeros(eng.n)
        for code in range(3):  # size within the plan, as CS sees it on the day
            sel = (eng.tier == code) & state.alive
            if sel.any():
                size[sel] = _z(np.log(state.mrr[sel]))
        base += d.observed * (
            region
            + 1.0 * ent
            + 0.8 * size**2 * np.sign(size)  # big accounts (MRR today) much likelier
            + 1.2 * smb * np.tanh(slope / 2.0)  # rising SMB accounts come, falling stay away
            - 0.8 * (eng.young < np.log(1.5))  # accounts younger than 18 months rarely come
            + 0.03 * (s[:, c0 - 1] - 60.0)
        )
    if d.hidden:
        base += d.hidden * eng.u
    if d.trend_attend:
        grown = np.log(np.maximum(state.mrr, 1.0)) - np.log(np.maximum(mrr_6m, 1.0))
        base += d.trend_attend * _z(np.where(state.alive, grown, 0.0))
    if d.size_attend:
        base += d.size_attend * _z(np.log(np.maximum(state.mrr, 1.0)))
    if d.tenure_attend:
        base += d.tenure_attend * _z(eng.young)
    if d.dip:
        drop = s[:, c0 - 3 : c0].mean(axis=1) - s[:, c0 - 6 : c0 - 3].mean(axis=1)
        base += -d.dip * _z(drop)
    if d.momentum_attend:
        base += d.momentum_attend * np.minimum(exp_count, 3.0)
    if d.poor_overlap:
        # Enterprise accounts in good health all come; nobody else does (almost)
        good = s[:, c0 - 3 : c0].mean(axis=1) > 62.0
        base += np.where((eng.tier == 0) & good, 9.0, -3.0)
    return base


def simulate_selection_cohort(
    design: Design,
    *,
    seed: int = 0,
    workshop_day: date | int = date(2025, 4, 1),
    truth_draws: int = 40,
) -> SelectionCohort:
    """Draw one cohort of ``design`` (see the module docstring); ``random_dates`` moves the
    workshop by a random number of months (0–11) after ``workshop_day``."""
    rng = np.random.default_rng(seed)
    w = to_day(workshop_day)
    if design.random_dates:
        w = to_day(from_day(w) + timedelta(days=30 * int(rng.integers(0, 12))))
    aux = np.random.default_rng([seed, 13])  # new designs' draws: old cohorts unchanged
    eng = _Engine(design, rng, w, aux)
    n = eng.n
    late = np.zeros(n, dtype=bool)
    born = np.zeros(n, dtype=np.int64)  # month a late account opens (the day before it)
    if design.late_share:
        late = aux.random(n) < design.late_share
        born = aux.integers(1, _LAST - 1, n)
        eng.created = np.where(late, w + _MONTH * born - 1, eng.created)
    state = _State(mrr=eng.opening.copy(), alive=~late, since_exp=np.full(n, np.inf))
    parts: list[tuple[IntArray, IntArray, int, FloatArray]] = []

    def record(month: int, out: _Month, r: np.random.Generator) -> None:
        start = w + _MONTH * month
        exp_day = start + r.integers(0, 27, n)
        con_day = exp_day + 1
        churn_day = np.maximum(con_day + 1, start + r.integers(0, _MONTH, n))
        churn_day = np.minimum(churn_day, start + _MONTH - 1)
        for mask, day, kind, amount in (
            (out.expanded, exp_day, EventKind.EXPANSION, out.exp_amount),
            (out.contracted, con_day, EventKind.CONTRACTION, -out.con_amount),
            (out.churned, churn_day, EventKind.CHURN, -out.churn_amount),
        ):
            idx = np.flatnonzero(mask)
            parts.append((idx, day[idx], int(kind), amount[idx]))

    everyone = np.arange(n, dtype=np.int64)
    parts.append((everyone, eng.created.astype(np.int64), int(EventKind.NEW), eng.opening))
    # other workshops: 90 days before (month −3) and 30 days after (month +1)
    boost = np.zeros(n)
    other: list[tuple[int, IntArray]] = []
    prior_att = np.zeros(n, dtype=bool)
    exp_count = np.zeros(n)
    mrr_6m = state.mrr.copy()
    for month in range(_FIRST, 0):
        if month == -6:
            mrr_6m = state.mrr.copy()
        if design.other_workshops and month == -3:
            prior_att = _attend(rng, 0.8 * _z(eng.score[:, eng.col(-4)]), state.alive, 0.15)
            boost = boost + prior_att
            other.append((w - 90, np.flatnonzero(prior_att).astype(np.int64)))
        out = eng.step(month, state, boost, rng.random((n, 3)), rng)
        record(month, out, rng)
        if month >= -6:
            exp_count += out.expanded
    live = state.alive & ~late
    sel = _selection(eng, state, exp_count, mrr_6m)
    if design.other_workshops:
        sel = sel + 1.5 * prior_att
    attending = _attend(rng, sel, live, design.attend_rate)
    later = np.zeros(n, dtype=bool)
    snapshot = _State(state.mrr.copy(), state.alive.copy(), state.since_exp.copy())
    post_draws = rng.random((_LAST, n, 3))
    post_seed = int(rng.integers(0, 2**31))
    for month in range(0, _LAST):
        if design.other_workshops and month == 1:
            later = _attend(
                rng, 1.5 * attending + 0.5 * _z(eng.score[:, eng.col(0)]), state.alive, 0.15
            )
            other.append((w + 30, np.flatnonzero(later).astype(np.int64)))
        opens = late & (born == month)
        state.alive = state.alive | opens
        b = boost + attending + (later if month >= 1 else 0.0)
        out = eng.step(month, state, b, post_draws[month], np.random.default_rng(post_seed + month))
        record(month, out, rng)

    truth = _attendee_truth(eng, snapshot, attending, boost, later, design, truth_draws, rng)
    churn_day = np.full(n, np.iinfo(np.int64).max)
    for idx, day, kind, _ in parts:
        if kind == EventKind.CHURN:
            np.minimum.at(churn_day, idx, day)
    score_day = w + _MONTH * eng.months + _MONTH - 1
    observed = (score_day[None, :] >= eng.created[:, None]) & (
        score_day[None, :] < churn_day[:, None]
    )
    if design.score_from is not None:
        observed &= (eng.months >= design.score_from)[None, :]
    score = eng.score
    if design.score_bump:  # the workshop itself lifts the attendees' later scores
        lift = np.outer(attending, eng.months >= 0) * design.score_bump
        score = np.clip(score + lift, 0.0, 100.0)
    rows, cols = np.nonzero(observed)
    health = HealthFrame.from_arrays(rows, score_day[cols], np.round(score[rows, cols], 1))
    events = EventFrame.from_arrays(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([np.full(len(p[0]), p[2]) for p in parts]),
        np.concatenate([p[3] for p in parts]),
        validate=False,
    )
    accounts = AccountFrame.from_arrays(
        eng.tier,
        ids=np.arange(1, n + 1, dtype=np.int64),
        created_day=eng.created,
        segment=eng.region,
        segments=SEGMENTS,
    )
    voice = (
        None
        if design.voice_u is None
        else _voice(eng, churn_day, design.voice_u, np.random.default_rng([seed, 7]))
    )
    return SelectionCohort(
        design=design,
        voice=voice,
        accounts=accounts,
        events=events,
        health=health,
        attending=np.flatnonzero(attending).astype(np.int64),
        workshop_day=w,
        other_workshops=tuple(other),
        attendee_truth=truth,
    )


def _voice(
    eng: _Engine, churn_day: IntArray, voice_u: float, rng: np.random.Generator
) -> VoiceFrame:
    """Quarterly relationship-NPS invitations to each account's main contact in the year
    before the workshop (and the two quarters after), drawn from a generator of their own
    so the rest of the cohort is unchanged. The contact's engagement is
    ``0.6 L + voice_u · U`` plus their own noise (SD 0.8): it sets whether they answer
    (about a third do), how many of two reminders it takes, the rare opt-out, and the score
    (``7 + 1.5 × engagement``, noise SD 1.8, 0–10) — a few noisy answers a year, not a copy
    of the health."""
    n, w = eng.n, eng.w
    rows: list[tuple[IntArray, ...]] = []
    opted = np.full(n, NEVER, dtype=np.int64)
    for quarter in (-4, -3, -2, -1, 0, 1):
        month = 3 * quarter
        sent_day = w + _MONTH * month + rng.integers(0, 20, n)
        live = (sent_day >= eng.created) & (sent_day < churn_day) & (opted == NEVER)
        lat = eng.latent[:, eng.col(min(month, _LAST - 1))]
        engage = 0.6 * lat + voice_u * eng.u + rng.normal(0.0, 0.8, n)
        answers = live & (rng.random(n) < _expit(-0.7 + 0.9 * engage))
        reminders = np.where(
            answers, np.minimum(rng.geometric(_expit(0.3 + 0.8 * engage)) - 1, 2), 2
        )
        answered_day = np.where(answers, sent_day + 3 * reminders + rng.integers(0, 3, n), NEVER)
        score = np.where(
            answers, np.clip(np.round(7.0 + 1.5 * engage + rng.normal(0.0, 1.8, n)), 0, 10), np.nan
        )
        leaves = live & ~answers & (rng.random(n) < _expit(-3.8 - 0.8 * engage))
        opt_day = np.where(leaves, sent_day + rng.integers(0, 7, n), NEVER)
        opted = np.where(leaves, opt_day, opted)
        idx = np.flatnonzero(live)
        rows.append(
            (idx, sent_day[idx], answered_day[idx], score[idx], opt_day[idx], reminders[idx])
        )
    return VoiceFrame.from_arrays(*(np.concatenate([r[i] for r in rows]) for i in range(6)))


def _attendee_truth(
    eng: _Engine,
    snapshot: _State,
    attending: BoolArray,
    boost: FloatArray,
    later: BoolArray,
    design: Design,
    draws: int,
    rng: np.random.Generator,
) -> AttendeeTruth:
    """Mean differences (attended − not) of the attendees' post-window outcomes over
    ``draws`` re-draws with common random numbers (module docstring)."""
    idx = np.flatnonzero(attending)
    k = len(CHECKPOINTS)
    sums = {key: np.zeros((len(idx), k)) for key in ("expanded", "lost", "exp", "churn")}
    ends = [c // _MONTH for c in CHECKPOINTS]
    for _ in range(draws):
        uniforms = rng.random((_LAST, eng.n, 3))
        seed = int(rng.integers(0, 2**31))
        results = []
        for treated in (True, False):
            st = _State(snapshot.mrr.copy(), snapshot.alive.copy(), snapshot.since_exp.copy())
            ever = np.zeros(eng.n, dtype=bool)
            exp_mrr = np.zeros(eng.n)
            churn_mrr = np.zeros(eng.n)
            cols = []
            for month in range(0, _LAST):
                b = boost + (attending if treated else 0.0) + (later if month >= 1 else 0.0)
                out = eng.step(month, st, b, uniforms[month], np.random.default_rng(seed + month))
                ever |= out.expanded
                exp_mrr += out.exp_amount
                churn_mrr += out.churn_amount
                if month + 1 in ends:
                    cols.append((ever.copy(), ~st.alive, exp_mrr.copy(), churn_mrr.copy()))
            results.append(cols)
        for j in range(k):
            t1, t0 = results[0][j], results[1][j]
            sums["expanded"][:, j] += (t1[0].astype(float) - t0[0])[idx]
            sums["lost"][:, j] += (t1[1].astype(float) - t0[1])[idx]
            sums["exp"][:, j] += (t1[2] - t0[2])[idx]
            sums["churn"][:, j] += (t1[3] - t0[3])[idx]
    return AttendeeTruth(
        account=idx.astype(np.int64),
        start_mrr=snapshot.mrr[idx],
        expanded=sums["expanded"] / draws,
        lost=sums["lost"] / draws,
        expansion_mrr=sums["exp"] / draws,
        churned_mrr=sums["churn"] / draws,
    )
