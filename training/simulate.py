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

  Outcomes depend on tier and pre-period behaviour only, so CEM on those covariates
  identifies the effect. At the ``horizon_days`` checkpoint the expected difference in
  "share with expansion" is the planted expansion effect and the expected difference in
  logo churn the planted churn effect (:attr:`SimulatedCohort.expected_expansion_effect`
  and :attr:`SimulatedCohort.expected_churn_effect` give the exact values after clipping,
  averaged over the attendees).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from training.metrics import (
    KIND_NAMES,
    TIER_NAMES,
    AccountFrame,
    EventFrame,
    EventKind,
    from_day,
    to_day,
)

__all__ = ["SEGMENTS", "SimulatedCohort", "simulate_cohort"]

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
        ev = self.events
        order = np.lexsort((ev.kind, ev.day, ev.account))
        places = 0 if self.currency == "JPY" else 2
        for n, j in enumerate(order.tolist(), start=1):
            kind = int(ev.kind[j])
            yield {
                "external_event_id": f"EV-{n:08d}",
                "account_external_id": self.external_id(int(ev.account[j])),
                "date": from_day(int(ev.day[j])).isoformat(),
                "kind": KIND_NAMES[kind],
                "mrr_delta": f"{ev.delta[j]:.{places}f}",
                "source": "crm"
                if kind in (EventKind.EXPANSION, EventKind.CONTRACTION)
                else "billing",
            }

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
