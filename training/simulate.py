"""Synthetic workshop cohorts with a known (planted) effect, for tests, benchmarks and demos.

Generative model (all randomness from one seed)
-----------------------------------------------
* ``n_attend`` attending and ``n_candidates`` non-attending accounts, all paying on the
  workshop day. **Selection into attendance depends on tier and past behaviour**, so a
  naive attendee-vs-rest comparison is biased and matching matters:

  - tier mix: candidates 10 % Enterprise / 30 % Mid-market / 60 % SMB, attendees
    30 / 45 / 25 %;
  - pre-period expansion (in the 180 days before the workshop) has base probability
    35 / 25 / 15 % by tier, × 1.5 for attendees; pre-period contraction 10 / 12 / 15 %.

* Opening MRR is log-normal by tier, in line with the seed's tiers (JPY per month:
  Enterprise ≥ 5M JPY/yr, median 900k/month; Mid-market 1–5M/yr, median 220k; SMB < 1M/yr,
  median 35k). EUR amounts are JPY / 160. Amounts are whole currency units.
* Accounts are created 200–720 days before the workshop (a ``new`` event carries the
  opening MRR). Before the look-back period, "filler" seat changes (an expansion and a later
  contraction of the same small amount) bring the event count up to ``n_events``.
* Post period ``[workshop, workshop + horizon_days)``:

  - expansion with probability base 25 / 18 / 10 % by tier + 10 pts if the account
    expanded in the pre-period, **+ expansion_effect for attendees**;
  - contraction with probability 8 / 10 / 12 %;
  - churn with probability base 4 / 8 / 14 % + 3 pts if it contracted in the pre-period,
    **+ churn_effect for attendees** (probabilities clipped to [0, 1]); a churn comes after
    the account's other post-period events, so it ends the window at MRR 0.

  Here outcomes depend on tier and the pre-period *outcome* itself, and attendees are selected
  on it: a world where only matching on the past outcome works and the pre-period trends of
  the two groups differ (the placebo test of :mod:`training.effectiveness` flags it). The
  calibration of the estimator uses :func:`simulate_health_cohort` instead, where a hidden
  health drives both. At the ``horizon_days`` checkpoint the expected difference in
  "share with expansion" is the planted expansion effect and the expected difference in
  logo churn the planted churn effect (:attr:`SimulatedCohort.expected_expansion_effect`
  and :attr:`SimulatedCohort.expected_churn_effect` give the exact values after clipping,
  averaged over the attendees).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import msgspec
import numpy as np
import numpy.typing as npt

from training.causal import HealthFrame
from training.metrics import (
    KIND_NAMES,
    TIER_NAMES,
    AccountFrame,
    EventFrame,
    EventKind,
    from_day,
    to_day,
)

__all__ = [
    "HEALTH_SCENARIOS",
    "SEGMENTS",
    "HealthCohort",
    "HealthScenario",
    "SimulatedCohort",
    "simulate_cohort",
    "simulate_health_cohort",
]

SEGMENTS: Final[tuple[str, ...]] = (
    "Manufacturing",
    "Retail",
    "IT",
    "Finance",
    "Healthcare",
    "Logistics",
)
_OWNERS: Final[dict[str, tuple[str, ...]]] = {
    "JPY": ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺"),
    "EUR": ("Anna Müller", "Jonas Schmidt", "Lea Fischer", "Lucas Weber", "Marie Wagner"),
}
_NAME_PARTS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "JPY": (
        ("さくら", "みらい", "あおば", "ひかり", "つばさ", "やまと", "はやて", "みなと"),
        ("商事", "工業", "システム", "物産", "製作所", "ホールディングス"),
    ),
    "EUR": (
        ("Alpen", "Nord", "Rhein", "Sonnen", "Hansa", "Berg", "Stern", "Linden"),
        ("GmbH", "AG", "Systems", "Logistik", "Handel", "Technik"),
    ),
}

_CAND_TIER_P: Final = (0.10, 0.30, 0.60)
_ATT_TIER_P: Final = (0.30, 0.45, 0.25)
_PRE_EXP_P: Final = np.array([0.35, 0.25, 0.15])
_PRE_EXP_ATT_FACTOR: Final = 1.5
_PRE_CON_P: Final = np.array([0.10, 0.12, 0.15])
_POST_EXP_P: Final = np.array([0.25, 0.18, 0.10])
_POST_EXP_PRE_BONUS: Final = 0.10
_POST_CON_P: Final = np.array([0.08, 0.10, 0.12])
_POST_CHURN_P: Final = np.array([0.04, 0.08, 0.14])
_POST_CHURN_PRE_BONUS: Final = 0.03
# monthly MRR in JPY: (median, sigma, floor, cap) per tier
_MRR_JPY: Final = (
    (900_000.0, 0.5, 420_000.0, 20_000_000.0),
    (220_000.0, 0.4, 84_000.0, 416_000.0),
    (35_000.0, 0.6, 3_000.0, 83_000.0),
)
_EUR_PER_JPY: Final = 1.0 / 160.0


@dataclass(frozen=True, eq=False)
class SimulatedCohort:
    """A generated cohort: frames, attending indices, the truth, and CSV export."""

    accounts: AccountFrame
    events: EventFrame
    attending: npt.NDArray[np.int64]
    workshop_day: int
    currency: str
    horizon_days: int
    expansion_effect: float
    churn_effect: float
    expected_expansion_effect: float
    expected_churn_effect: float
    names: tuple[str, ...]
    owners: tuple[str, ...]

    @property
    def workshop_date(self) -> date:
        """The workshop date."""
        return from_day(self.workshop_day)

    @property
    def candidates(self) -> npt.NDArray[np.int64]:
        """Indices of the non-attending accounts."""
        mask = np.ones(self.accounts.n, dtype=bool)
        mask[self.attending] = False
        return np.flatnonzero(mask).astype(np.int64)

    def external_id(self, index: int) -> str:
        """The external id used in the CSV files for an account index."""
        return f"ACC-{int(self.accounts.ids[index]):06d}"

    def account_rows(self) -> Iterator[dict[str, str]]:
        """accounts.csv rows: external_id, name, tier, segment, owner, currency, mrr.

        ``mrr`` is the current MRR (after every generated event).
        """
        acc = self.accounts
        current = np.bincount(self.events.account, weights=self.events.delta, minlength=acc.n)
        places = 0 if self.currency == "JPY" else 2
        for i in range(acc.n):
            yield {
                "external_id": self.external_id(i),
                "name": self.names[i],
                "tier": TIER_NAMES[int(acc.tier[i])],
                "segment": acc.segments[int(acc.segment[i])],
                "owner": self.owners[i],
                "currency": self.currency,
                "mrr": f"{current[i]:.{places}f}",
            }

    def event_rows(self) -> Iterator[dict[str, str]]:
        """events.csv rows, by account then date: external_event_id, account_external_id,
        date, kind, mrr_delta, source."""
        return _event_rows(self.events, self.external_id, self.currency)

    def write_csv(self, directory: str | Path) -> tuple[Path, Path]:
        """Write ``accounts.csv`` and ``events.csv`` (UTF-8) into ``directory``."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = (folder / "accounts.csv", folder / "events.csv")
        for path, rows, fields in (
            (
                paths[0],
                self.account_rows(),
                ("external_id", "name", "tier", "segment", "owner", "currency", "mrr"),
            ),
            (
                paths[1],
                self.event_rows(),
                (
                    "external_event_id",
                    "account_external_id",
                    "date",
                    "kind",
                    "mrr_delta",
                    "source",
                ),
            ),
        ):
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=fields)
                writer.writeheader()
                writer.writerows(rows)
        return paths


def _event_rows(
    ev: EventFrame, external_id: Callable[[int], str], currency: str
) -> Iterator[dict[str, str]]:
    order = np.lexsort((ev.kind, ev.day, ev.account))
    places = 0 if currency == "JPY" else 2
    for n, j in enumerate(order.tolist(), start=1):
        kind = int(ev.kind[j])
        yield {
            "external_event_id": f"EV-{n:08d}",
            "account_external_id": external_id(int(ev.account[j])),
            "date": from_day(int(ev.day[j])).isoformat(),
            "kind": KIND_NAMES[kind],
            "mrr_delta": f"{ev.delta[j]:.{places}f}",
            "source": "crm" if kind in (EventKind.EXPANSION, EventKind.CONTRACTION) else "billing",
        }


def _opening_mrr(
    rng: np.random.Generator, tier: npt.NDArray[np.int8], currency: str
) -> npt.NDArray[np.float64]:
    mrr = np.empty(len(tier), dtype=np.float64)
    for code, (median, sigma, floor, cap) in enumerate(_MRR_JPY):
        sel = tier == code
        draws = rng.lognormal(np.log(median), sigma, int(sel.sum()))
        mrr[sel] = np.clip(draws, floor, cap)
    if currency == "EUR":
        mrr = np.maximum(np.round(mrr * _EUR_PER_JPY / 10.0) * 10.0, 10.0)
    else:
        mrr = np.round(mrr / 1000.0) * 1000.0
    return mrr


def simulate_cohort(
    n_attend: int = 2000,
    n_candidates: int = 20000,
    *,
    seed: int = 0,
    expansion_effect: float = 0.08,
    churn_effect: float = -0.04,
    horizon_days: int = 180,
    lookback_days: int = 180,
    workshop_day: date | int = date(2025, 4, 1),
    currency: str = "JPY",
    n_events: int | None = None,
) -> SimulatedCohort:
    """Generate a cohort (see the module docstring).

    Effects are additive on probabilities over ``horizon_days`` (e.g. +0.08 = +8 pts
    expansion probability, −0.04 = −4 pts churn probability for attendees). ``n_events``
    (optional) pads the history with seat-change events up to that many events in total.
    """
    if currency not in ("JPY", "EUR"):
        raise ValueError("currency must be JPY or EUR")
    if n_attend < 0 or n_candidates < 0:
        raise ValueError("n_attend and n_candidates must be ≥ 0")
    rng = np.random.default_rng(seed)
    w = to_day(workshop_day)
    n = n_attend + n_candidates
    attending_mask = np.zeros(n, dtype=bool)
    attending_mask[rng.permutation(n)[:n_attend]] = True
    att = attending_mask

    tier = np.empty(n, dtype=np.int8)
    tier[att] = rng.choice(3, size=n_attend, p=_ATT_TIER_P)
    tier[~att] = rng.choice(3, size=n_candidates, p=_CAND_TIER_P)
    segment = rng.integers(0, len(SEGMENTS), n).astype(np.int16)
    p_pre_exp = _PRE_EXP_P[tier] * np.where(att, _PRE_EXP_ATT_FACTOR, 1.0)
    pre_exp = rng.random(n) < p_pre_exp
    pre_con = rng.random(n) < _PRE_CON_P[tier]
    opening = _opening_mrr(rng, tier, currency)
    created = w - rng.integers(lookback_days + 30, max(lookback_days + 31, 720), n)

    acc_parts: list[npt.NDArray[np.int64]] = []
    day_parts: list[npt.NDArray[np.int64]] = []
    kind_parts: list[npt.NDArray[np.int64]] = []
    delta_parts: list[npt.NDArray[np.float64]] = []

    def add(
        idx: npt.NDArray[np.int64], day: npt.ArrayLike, kind: int, delta: npt.ArrayLike
    ) -> None:
        acc_parts.append(idx)
        day_parts.append(np.broadcast_to(np.asarray(day, dtype=np.int64), idx.shape))
        kind_parts.append(np.full(len(idx), kind, dtype=np.int64))
        delta_parts.append(np.broadcast_to(np.asarray(delta, dtype=np.float64), idx.shape))

    everyone = np.arange(n, dtype=np.int64)
    add(everyone, created, EventKind.NEW, opening)
    mrr = opening.copy()

    # pre period [w - lookback, w)
    idx = np.flatnonzero(pre_exp)
    amount = np.maximum(np.round(mrr[idx] * rng.uniform(0.1, 0.4, len(idx))), 1.0)
    add(idx, w - rng.integers(1, lookback_days + 1, len(idx)), EventKind.EXPANSION, amount)
    mrr[idx] += amount
    idx = np.flatnonzero(pre_con)
    amount = np.maximum(np.round(mrr[idx] * rng.uniform(0.05, 0.25, len(idx))), 1.0)
    add(idx, w - rng.integers(1, lookback_days + 1, len(idx)), EventKind.CONTRACTION, -amount)
    mrr[idx] -= amount

    # post period [w, w + horizon)
    p_exp = np.clip(
        _POST_EXP_P[tier] + _POST_EXP_PRE_BONUS * pre_exp + np.where(att, expansion_effect, 0.0),
        0.0,
        1.0,
    )
    p_exp_base = np.clip(_POST_EXP_P[tier] + _POST_EXP_PRE_BONUS * pre_exp, 0.0, 1.0)
    p_churn = np.clip(
        _POST_CHURN_P[tier] + _POST_CHURN_PRE_BONUS * pre_con + np.where(att, churn_effect, 0.0),
        0.0,
        1.0,
    )
    p_churn_base = np.clip(_POST_CHURN_P[tier] + _POST_CHURN_PRE_BONUS * pre_con, 0.0, 1.0)
    last = w + max(horizon_days, 2) - 1
    post_exp = rng.random(n) < p_exp
    post_con = rng.random(n) < _POST_CON_P[tier]
    churns = rng.random(n) < p_churn
    exp_day = rng.integers(w, last, n)
    con_day = rng.integers(w, last, n)
    churn_day = np.maximum(rng.integers(w, last + 1, n), w)
    churn_day = np.where(post_exp, np.maximum(churn_day, exp_day + 1), churn_day)
    churn_day = np.where(post_con, np.maximum(churn_day, con_day + 1), churn_day)
    churn_day = np.minimum(churn_day, last)
    idx = np.flatnonzero(post_exp)
    amount = np.maximum(np.round(mrr[idx] * rng.uniform(0.1, 0.5, len(idx))), 1.0)
    add(idx, exp_day[idx], EventKind.EXPANSION, amount)
    mrr[idx] += amount
    idx = np.flatnonzero(post_con)
    amount = np.maximum(np.round(mrr[idx] * rng.uniform(0.05, 0.3, len(idx))), 1.0)
    add(idx, con_day[idx], EventKind.CONTRACTION, -amount)
    mrr[idx] -= amount
    idx = np.flatnonzero(churns)
    add(idx, churn_day[idx], EventKind.CHURN, -mrr[idx])

    # history filler: expansion + later contraction of the same amount, before the look-back
    base_count = sum(len(a) for a in acc_parts)
    if n_events is not None and n_events > base_count and n > 0:
        pairs = (n_events - base_count) // 2
        who = rng.integers(0, n, pairs)
        first = created[who] + 1
        span = (w - lookback_days - 1) - first
        d1 = first + (rng.random(pairs) * span * 0.8).astype(np.int64)
        d2 = d1 + 1 + (rng.random(pairs) * (w - lookback_days - 1 - d1 - 1)).astype(np.int64)
        amount = np.maximum(np.round(opening[who] * rng.uniform(0.01, 0.05, pairs)), 2.0)
        add(who, d1, EventKind.EXPANSION, amount)
        if (n_events - base_count) % 2 and pairs:
            # odd target: split the first pair's contraction in two (same day, same total)
            amount = amount.copy()
            amount[0] -= 1.0
            add(who[:1], d2[:1], EventKind.CONTRACTION, -np.ones(1))
        add(who, d2, EventKind.CONTRACTION, -amount)

    events = EventFrame.from_arrays(
        np.concatenate(acc_parts),
        np.concatenate(day_parts),
        np.concatenate(kind_parts),
        np.concatenate(delta_parts),
        validate=False,
    )
    accounts = AccountFrame.from_arrays(
        tier,
        ids=np.arange(1, n + 1, dtype=np.int64),
        created_day=created,
        segment=segment,
        segments=SEGMENTS,
    )
    attending = np.flatnonzero(att).astype(np.int64)
    first_parts, second_parts = _NAME_PARTS[currency]
    pick1 = rng.integers(0, len(first_parts), n)
    pick2 = rng.integers(0, len(second_parts), n)
    sep = "" if currency == "JPY" else " "
    names = tuple(
        f"{first_parts[a]}{sep}{second_parts[b]} {i + 1:05d}"
        for i, (a, b) in enumerate(zip(pick1.tolist(), pick2.tolist(), strict=True))
    )
    owner_list = _OWNERS[currency]
    owners = tuple(owner_list[k] for k in rng.integers(0, len(owner_list), n).tolist())
    return SimulatedCohort(
        accounts=accounts,
        events=events,
        attending=attending,
        workshop_day=w,
        currency=currency,
        horizon_days=horizon_days,
        expansion_effect=expansion_effect,
        churn_effect=churn_effect,
        expected_expansion_effect=float((p_exp - p_exp_base)[att].mean()) if n_attend else 0.0,
        expected_churn_effect=float((p_churn - p_churn_base)[att].mean()) if n_attend else 0.0,
        names=names,
        owners=owners,
    )


# --------------------------------------------------------------------------- health-driven


class HealthScenario(msgspec.Struct, frozen=True, kw_only=True):
    """One calibration scenario of :func:`simulate_health_cohort`.

    ``selection``: log-odds of attending per standard deviation of the hidden health;
    ``attend_rate``: expected share of live accounts that attend; effects are the planted
    changes for attendees after the workshop: additive on the 90-day expansion and churn
    probabilities, and a shift of the hidden health in score points.
    """

    name: str
    selection: float = 1.0
    attend_rate: float = 0.15
    expansion_effect: float = 0.0
    churn_effect: float = 0.0
    health_effect: float = 0.0


#: The calibration scenarios (BENCHMARKS.md, "Workshop estimator calibration").
HEALTH_SCENARIOS: Final[tuple[HealthScenario, ...]] = (
    HealthScenario(name="no effect"),
    HealthScenario(name="positive", expansion_effect=0.12, churn_effect=-0.03, health_effect=4.0),
    HealthScenario(name="negative", expansion_effect=-0.06, churn_effect=0.03, health_effect=-3.0),
    HealthScenario(
        name="strong selection",
        selection=2.0,
        expansion_effect=0.10,
        churn_effect=-0.02,
        health_effect=3.0,
    ),
    HealthScenario(
        name="weak overlap",
        selection=3.0,
        attend_rate=0.25,
        expansion_effect=0.10,
        churn_effect=-0.02,
        health_effect=3.0,
    ),
)

_H_SCALE: Final = 15.0  # score points per SD of hidden health
_H_NOISE: Final = 7.0  # SD of a monthly score around the hidden health (reliability ≈ 0.82)
_H_PERSISTENT: Final = 0.8  # SD of the account's lasting health level
_H_AR: Final = 0.8  # month-to-month persistence of the passing part
_H_PASSING: Final = 0.6  # SD of the passing part
_EXP_LOGIT: Final = np.array([-1.0, -1.4, -1.9])  # per tier, per 90-day window
_EXP_HEALTH: Final = 0.8
_CHURN_LOGIT: Final = np.array([-3.6, -3.0, -2.6])
_CHURN_HEALTH: Final = -1.0
_CON_LOGIT: Final = -2.5
_CON_HEALTH: Final = -0.5
_ATT_TIER: Final = np.array([0.5, 0.2, 0.0])
_WINDOW: Final = 90
_PRE_WINDOWS: Final = 4


@dataclass(frozen=True, eq=False)
class HealthCohort:
    """A cohort where a hidden health drives attendance, expansion and churn.

    ``true_*`` are the planted effects on the attendees (averaged over the attendees alive
    on the workshop day, after clipping probabilities): expansion share and logo churn in
    the 90-day post window (fractions), health change in score points. ``naive_*`` are the
    attendees-vs-everyone-else post-window differences of the realised data.
    """

    accounts: AccountFrame
    events: EventFrame
    health: HealthFrame
    attending: npt.NDArray[np.int64]
    workshop_day: int
    scenario: HealthScenario
    true_expansion: float
    true_churn: float
    true_health: float
    naive_expansion: float
    naive_churn: float

    @property
    def workshop_date(self) -> date:
        """The workshop date."""
        return from_day(self.workshop_day)

    def external_id(self, index: int) -> str:
        """The external id used in CSV files for an account index."""
        return f"ACC-{int(self.accounts.ids[index]):06d}"

    def account_rows(self) -> Iterator[dict[str, str]]:
        """accounts.csv rows: external_id, name, tier, segment, owner (an address),
        currency, mrr (current), created_on."""
        first, second = _NAME_PARTS["JPY"]
        return dated_account_rows(
            self.accounts,
            self.events,
            self.external_id,
            lambda i: f"{first[i % len(first)]}{second[i % len(second)]} {i + 1:05d}",
        )

    def event_rows(self) -> Iterator[dict[str, str]]:
        """events.csv rows (see :meth:`SimulatedCohort.event_rows`)."""
        return _event_rows(self.events, self.external_id, "JPY")

    def health_rows(self) -> Iterator[dict[str, str]]:
        """Health-score CSV rows: account_external_id, date, health_score."""
        return health_score_rows(self.health, self.external_id)


def dated_account_rows(
    accounts: AccountFrame,
    events: EventFrame,
    external_id: Callable[[int], str],
    name: Callable[[int], str],
) -> Iterator[dict[str, str]]:
    """accounts.csv rows in JPY with a creation date: external_id, name, tier, segment, owner
    (an address), currency, mrr (current, after every event), created_on."""
    current = np.bincount(events.account, weights=events.delta, minlength=accounts.n)
    for i in range(accounts.n):
        yield {
            "external_id": external_id(i),
            "name": name(i),
            "tier": TIER_NAMES[int(accounts.tier[i])],
            "segment": accounts.segments[int(accounts.segment[i])],
            "owner": f"csm{i % 6 + 1}@example.com",
            "currency": "JPY",
            "mrr": f"{current[i]:.0f}",
            "created_on": from_day(int(accounts.created_day[i])).isoformat(),
        }


def health_score_rows(
    health: HealthFrame, external_id: Callable[[int], str]
) -> Iterator[dict[str, str]]:
    """Health-score CSV rows: account_external_id, date, health_score."""
    for j in range(health.n):
        yield {
            "account_external_id": external_id(int(health.account[j])),
            "date": from_day(int(health.day[j])).isoformat(),
            "health_score": f"{health.score[j]:.1f}",
        }


def _attendance_intercept(base: npt.NDArray[np.float64], rate: float) -> float:
    """The intercept a with mean(expit(a + base)) = rate (bisection; the mean is monotone)."""
    lo, hi = -30.0, 30.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if float(np.mean(1.0 / (1.0 + np.exp(-(mid + base))))) < rate:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _expit(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def simulate_health_cohort(
    scenario: HealthScenario,
    n_accounts: int = 3000,
    *,
    seed: int = 0,
    workshop_day: date | int = date(2025, 4, 1),
) -> HealthCohort:
    """A cohort with hidden health (the calibration model of the workshop estimator).

    * Hidden health per account and month (months −12 … +2 around the workshop, 30 days
      each): a lasting level (SD 0.8) plus an AR(1) passing part (persistence 0.8, SD 0.6).
    * **Observed health score** each month, dated on the month's last day: 60 + 15 × hidden
      health + noise (SD 7 points), clipped to 0–100. It is a noisy view: the estimator never
      sees the hidden health.
    * **Attendance** among accounts alive on the workshop day: log-odds = a + selection ×
      (hidden health over the 3 months before) + tier bonus, with a set so the expected
      share is ``attend_rate``: healthier accounts attend more (selection bias).
    * Per 90-day window (four before the workshop, one after): expansion, contraction and
      churn with logistic probabilities in the window's mean hidden health (healthier:
      more expansion, less churn), by tier; churn comes last in its window and the account
      stays gone. After the workshop, attendees' hidden health moves by
      ``health_effect`` points and their expansion/churn probabilities by the planted
      effects.
    """
    rng = np.random.default_rng(seed)
    w = to_day(workshop_day)
    n = n_accounts
    tier = rng.choice(3, size=n, p=_CAND_TIER_P).astype(np.int8)
    opening = _opening_mrr(rng, tier, "JPY")
    created = w - _WINDOW * _PRE_WINDOWS - rng.integers(30, 900, n)

    months = np.arange(-3 * _PRE_WINDOWS, 3)  # month t covers [w + 30t, w + 30t + 30)
    level = rng.normal(0.0, _H_PERSISTENT, n)
    passing = np.empty((n, len(months)))
    passing[:, 0] = rng.normal(0.0, _H_PASSING, n)
    innovation = _H_PASSING * np.sqrt(1 - _H_AR**2)
    for t in range(1, len(months)):
        passing[:, t] = _H_AR * passing[:, t - 1] + rng.normal(0.0, innovation, n)
    hidden = level[:, None] + passing  # SD ≈ 1
    post_month = months >= 0

    # attendance, decided among the accounts alive at the workshop (known after the pre loop)
    pre_health = hidden[:, (months >= -3) & (months < 0)].mean(axis=1)
    att_base = scenario.selection * pre_health + _ATT_TIER[tier]

    acc_parts: list[npt.NDArray[np.int64]] = []
    day_parts: list[npt.NDArray[np.int64]] = []
    kind_parts: list[npt.NDArray[np.int64]] = []
    delta_parts: list[npt.NDArray[np.float64]] = []

    def add(
        idx: npt.NDArray[np.int64], day: npt.ArrayLike, kind: int, delta: npt.ArrayLike
    ) -> None:
        acc_parts.append(idx)
        day_parts.append(np.broadcast_to(np.asarray(day, dtype=np.int64), idx.shape))
        kind_parts.append(np.full(len(idx), kind, dtype=np.int64))
        delta_parts.append(np.broadcast_to(np.asarray(delta, dtype=np.float64), idx.shape))

    add(np.arange(n, dtype=np.int64), created, EventKind.NEW, opening)
    mrr = opening.copy()
    alive = np.ones(n, dtype=bool)
    attending = np.zeros(n, dtype=bool)
    shift = scenario.health_effect / _H_SCALE
    truth: dict[str, float] = {}
    naive: dict[str, float] = {}
    for j in range(-_PRE_WINDOWS, 1):
        start = w + _WINDOW * j
        if j == 0:
            live = np.flatnonzero(alive)
            a = _attendance_intercept(att_base[live], scenario.attend_rate)
            attending[live] = rng.random(len(live)) < _expit(a + att_base[live])
            hidden[:, post_month] += np.where(attending, shift, 0.0)[:, None]
        in_window = (months >= 3 * j) & (months < 3 * j + 3)
        h_bar = hidden[:, in_window].mean(axis=1)
        p_exp = _expit(_EXP_LOGIT[tier] + _EXP_HEALTH * h_bar)
        p_churn = _expit(_CHURN_LOGIT[tier] + _CHURN_HEALTH * h_bar)
        p_con = _expit(_CON_LOGIT + _CON_HEALTH * h_bar)
        if j == 0:
            cf_bar = h_bar - np.where(attending, shift, 0.0)
            cf_exp = _expit(_EXP_LOGIT[tier] + _EXP_HEALTH * cf_bar)
            cf_churn = _expit(_CHURN_LOGIT[tier] + _CHURN_HEALTH * cf_bar)
            p_exp = np.clip(p_exp + np.where(attending, scenario.expansion_effect, 0.0), 0, 1)
            p_churn = np.clip(p_churn + np.where(attending, scenario.churn_effect, 0.0), 0, 1)
            sel = attending & alive
            truth["expansion"] = float((p_exp - cf_exp)[sel].mean()) if sel.any() else 0.0
            truth["churn"] = float((p_churn - cf_churn)[sel].mean()) if sel.any() else 0.0
        exp_ = alive & (rng.random(n) < p_exp)
        con = alive & (rng.random(n) < p_con)
        churn = alive & (rng.random(n) < p_churn)
        exp_day = start + rng.integers(0, _WINDOW - 1, n)
        con_day = start + rng.integers(0, _WINDOW - 1, n)
        churn_day = np.maximum(
            np.maximum(exp_day, con_day) + 1, start + rng.integers(0, _WINDOW, n)
        )
        churn_day = np.minimum(churn_day, start + _WINDOW - 1)
        idx = np.flatnonzero(exp_)
        amount = np.maximum(np.round(mrr[idx] * rng.uniform(0.1, 0.4, len(idx))), 1.0)
        add(idx, exp_day[idx], EventKind.EXPANSION, amount)
        mrr[idx] += amount
        idx = np.flatnonzero(con)
        amount = np.maximum(np.round(mrr[idx] * rng.uniform(0.05, 0.25, len(idx))), 1.0)
        add(idx, con_day[idx], EventKind.CONTRACTION, -amount)
        mrr[idx] -= amount
        idx = np.flatnonzero(churn)
        add(idx, churn_day[idx], EventKind.CHURN, -mrr[idx])
        mrr[idx] = 0.0
        if j == 0:
            live_att = attending & alive
            live_rest = ~attending & alive
            naive["expansion"] = float(exp_[live_att].mean() - exp_[live_rest].mean())
            naive["churn"] = float(churn[live_att].mean() - churn[live_rest].mean())
        alive &= ~churn

    # observed monthly scores (hidden health + noise), only while the account is a customer
    score = np.clip(60.0 + _H_SCALE * hidden + rng.normal(0.0, _H_NOISE, hidden.shape), 0, 100)
    score_day = w + 30 * months + 29
    churn_of = np.full(n, np.iinfo(np.int64).max)
    churn_ev = np.concatenate(kind_parts) == EventKind.CHURN
    np.minimum.at(
        churn_of, np.concatenate(acc_parts)[churn_ev], np.concatenate(day_parts)[churn_ev]
    )
    observed = (score_day[None, :] >= created[:, None]) & (score_day[None, :] < churn_of[:, None])
    observed &= score_day[None, :] < w + 90  # the data runs to the end of the post window
    rows, cols = np.nonzero(observed)
    health = HealthFrame.from_arrays(rows, score_day[cols], np.round(score[rows, cols], 1))
    live_att = attending  # attendees are alive at the workshop by construction
    true_health = scenario.health_effect if live_att.any() else 0.0

    events = EventFrame.from_arrays(
        np.concatenate(acc_parts),
        np.concatenate(day_parts),
        np.concatenate(kind_parts),
        np.concatenate(delta_parts),
        validate=False,
    )
    accounts = AccountFrame.from_arrays(
        tier,
        ids=np.arange(1, n + 1, dtype=np.int64),
        created_day=created,
        segment=rng.integers(0, len(SEGMENTS), n),
        segments=SEGMENTS,
    )
    return HealthCohort(
        accounts=accounts,
        events=events,
        health=health,
        attending=np.flatnonzero(attending).astype(np.int64),
        workshop_day=w,
        scenario=scenario,
        true_expansion=truth["expansion"],
        true_churn=truth["churn"],
        true_health=float(true_health),
        naive_expansion=naive["expansion"],
        naive_churn=naive["churn"],
    )
