"""Account and event frames, and the revenue-retention metrics of one time window.

Pure computation: numpy arrays in, numbers out. No database, no HTTP.

Data model
----------
* Days are integers: days since 1970-01-01 (:func:`to_day`, :func:`from_day`).
* :class:`AccountFrame` holds one row per account (position = *account index*): the
  database id, tier code, segment code, creation day and an optional opening MRR.
* :class:`EventFrame` holds one row per account event: account index, day, kind code and
  MRR delta (major currency units, float64). Kinds and the sign of their delta:

  ============  =====  =====================================================
  kind          delta  meaning
  ============  =====  =====================================================
  new           ≥ 0    account starts paying; the delta is the opening MRR
  expansion     ≥ 0    upsell / cross-sell
  contraction   ≤ 0    downgrade (MRR stays above 0)
  churn         ≤ 0    account leaves; the delta is minus its MRR (MRR → 0)
  reactivation  ≥ 0    a churned account comes back
  ============  =====  =====================================================

* **MRR of an account at day d** = its opening MRR (if created before d) + the sum of the
  deltas of its events dated *before* d. An event on day d changes MRR from day d + 1 on
  in this sense: it falls inside any window ``[start, end)`` with ``start ≤ d < end``.

Metric definitions (window ``[start, end)``)
--------------------------------------------
The population of a window is the accounts that **existed at its start**: MRR at ``start``
> 0. Accounts created (or re-activated from 0) during the window are excluded, so new
business never inflates retention. For those accounts, over events dated in the window:

* start MRR = Σ MRR at ``start``;
* expansion MRR = Σ deltas of expansion, reactivation and (stray) new events — a
  churn-and-return inside the window counts its churned MRR as churn *and* its returning
  MRR as expansion, so the identity end MRR = start + expansion − contraction − churned
  holds for every account;
* contraction MRR = −Σ deltas of contraction events; churned MRR = −Σ deltas of churn events;
* an account is **lost** when its MRR at ``end`` is 0 (it churned and did not come back
  within the window); it **expanded** when it had at least one expansion (or reactivation)
  event with a positive delta in the window.

Then, with every sum taken over the window's population (and, for a weighted comparison
group, every term multiplied by the account's weight):

* **NRR** = (start MRR + expansion − contraction − churned MRR) / start MRR;
* **GRR** = (start MRR − contraction − churned MRR) / start MRR (excludes expansion);
* **logo churn** = accounts lost / accounts at start;
* **gross MRR churn** = churned MRR / start MRR;
* **contraction rate** = contraction MRR / start MRR;
* **expansion rate** = expansion MRR / start MRR (so NRR = 1 + expansion rate − contraction
  rate − gross MRR churn);
* **share of accounts with expansion** = accounts expanded / accounts at start;
* **expansion MRR** (sum) and **expansion MRR per account** = expansion MRR / accounts at
  start.

All ratio metrics are *ratios of sums* (not means of per-account ratios), so large accounts
weigh by their MRR, exactly as in a revenue report. Rates are reported in percent; an
empty population gives ``None`` ("not measurable"), never a division by zero. All amounts
are in one currency: the caller converts or filters before building the frames.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import IntEnum
from functools import cached_property
from typing import Final

import msgspec
import numpy as np
import numpy.typing as npt

__all__ = [
    "KIND_NAMES",
    "METRICS",
    "N_SUMS",
    "SUM_COLUMNS",
    "TIER_NAMES",
    "AccountFrame",
    "EventFrame",
    "EventKind",
    "MetricDef",
    "Tier",
    "WindowAggregates",
    "WindowMetrics",
    "aggregate_window",
    "from_day",
    "metrics_from_sums",
    "mrr_at",
    "parse_kind",
    "parse_tier",
    "to_day",
    "window_metrics",
    "window_values",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
#: created_day of an account whose creation date is unknown: it existed "forever".
UNKNOWN_CREATED: Final = int(np.iinfo(np.int32).min)


def to_day(value: date | int) -> int:
    """Days since 1970-01-01 of a date (ints pass through unchanged)."""
    if isinstance(value, date):
        return value.toordinal() - _EPOCH_ORDINAL
    return int(value)


def from_day(day: int) -> date:
    """The date of a day number (inverse of :func:`to_day`)."""
    return date.fromordinal(int(day) + _EPOCH_ORDINAL)


class Tier(IntEnum):
    """Account tiers (seed 004): Enterprise ≥ 5M JPY/yr, Mid-market 1–5M, SMB < 1M."""

    ENTERPRISE = 0
    MID_MARKET = 1
    SMB = 2


TIER_NAMES: Final[tuple[str, ...]] = ("Enterprise", "Mid-market", "SMB")
_TIER_ALIASES: Final[dict[str, int]] = {
    "enterprise": 0,
    "ent": 0,
    "mid-market": 1,
    "mid market": 1,
    "midmarket": 1,
    "mid_market": 1,
    "mid": 1,
    "smb": 2,
    "small": 2,
}


def parse_tier(value: str | int) -> int:
    """Tier code of a tier name (case-insensitive, common spellings) or code."""
    if isinstance(value, int | np.integer):
        code = int(value)
        if code not in (0, 1, 2):
            raise ValueError(f"tier: unknown tier code {code}")
        return code
    try:
        return _TIER_ALIASES[value.strip().lower()]
    except KeyError:
        raise ValueError(f"tier: unknown tier {value!r} (Enterprise, Mid-market, SMB)") from None


class EventKind(IntEnum):
    """Account event kinds (codes stored in :attr:`EventFrame.kind`)."""

    NEW = 0
    EXPANSION = 1
    CONTRACTION = 2
    CHURN = 3
    REACTIVATION = 4


KIND_NAMES: Final[tuple[str, ...]] = ("new", "expansion", "contraction", "churn", "reactivation")
_N_KINDS: Final = len(KIND_NAMES)
_POSITIVE_KINDS: Final = (EventKind.NEW, EventKind.EXPANSION, EventKind.REACTIVATION)


def parse_kind(value: str | int) -> int:
    """Kind code of an event kind name (case-insensitive) or code."""
    if isinstance(value, int | np.integer):
        code = int(value)
        if not 0 <= code < _N_KINDS:
            raise ValueError(f"kind: unknown event kind code {code}")
        return code
    try:
        return KIND_NAMES.index(value.strip().lower())
    except ValueError:
        raise ValueError(f"kind: unknown event kind {value!r} ({', '.join(KIND_NAMES)})") from None


def _as_float(value: float | int | Decimal | str) -> float:
    return float(value)


@dataclass(frozen=True, eq=False)
class AccountFrame:
    """Accounts as parallel numpy arrays; the row position is the *account index*.

    ``ids``: database/external ids (int64); ``tier``: :class:`Tier` codes (int8);
    ``segment``: codes into ``segments`` (int16); ``created_day``: creation day (int32,
    :data:`UNKNOWN_CREATED` if unknown); ``opening_mrr``: MRR at creation when it is not
    carried by a ``new`` event (float64, usually 0).
    """

    ids: IntArray
    tier: npt.NDArray[np.int8]
    created_day: npt.NDArray[np.int32]
    opening_mrr: FloatArray
    segment: npt.NDArray[np.int16]
    segments: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("tier", "created_day", "opening_mrr", "segment"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"AccountFrame.{name}: length {len(getattr(self, name))} != {n}")
        if n and (self.tier.min() < 0 or self.tier.max() > 2):
            raise ValueError("AccountFrame.tier: codes must be 0 (Enterprise), 1, or 2 (SMB)")

    @property
    def n(self) -> int:
        """Number of accounts."""
        return len(self.ids)

    @classmethod
    def from_arrays(
        cls,
        tier: npt.ArrayLike,
        *,
        ids: npt.ArrayLike | None = None,
        created_day: npt.ArrayLike | None = None,
        opening_mrr: npt.ArrayLike | None = None,
        segment: npt.ArrayLike | None = None,
        segments: Sequence[str] = (),
    ) -> AccountFrame:
        """Build from arrays (missing ones default to: ids 0..n-1, unknown creation,
        no opening MRR, segment 0)."""
        tier_a = np.asarray(tier, dtype=np.int8)
        n = len(tier_a)
        return cls(
            ids=np.arange(n, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64),
            tier=tier_a,
            created_day=(
                np.full(n, UNKNOWN_CREATED, dtype=np.int32)
                if created_day is None
                else np.asarray(created_day, dtype=np.int32)
            ),
            opening_mrr=(
                np.zeros(n) if opening_mrr is None else np.asarray(opening_mrr, dtype=np.float64)
            ),
            segment=(
                np.zeros(n, dtype=np.int16)
                if segment is None
                else np.asarray(segment, dtype=np.int16)
            ),
            segments=tuple(segments),
        )

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[
            tuple[int, str | int, str | None, date | int | None, float | int | Decimal | None]
        ],
    ) -> AccountFrame:
        """Build from ``(account_id, tier, segment, created, opening_mrr)`` rows.

        ``tier`` is a name ("Enterprise", "Mid-market", "SMB") or code; ``segment`` a free
        label (or None); ``created`` a date, a day number or None (unknown);
        ``opening_mrr`` the MRR at creation if no ``new`` event carries it (None → 0).
        Account indices follow row order.
        """
        ids: list[int] = []
        tiers: list[int] = []
        seg_codes: list[int] = []
        created: list[int] = []
        opening: list[float] = []
        vocab: dict[str, int] = {}
        for pos, (account_id, tier, segment, created_on, mrr) in enumerate(rows):
            try:
                tiers.append(parse_tier(tier))
            except ValueError as exc:
                raise ValueError(f"accounts row {pos}: {exc}") from None
            ids.append(int(account_id))
            label = segment or ""
            seg_codes.append(vocab.setdefault(label, len(vocab)))
            created.append(UNKNOWN_CREATED if created_on is None else to_day(created_on))
            value = 0.0 if mrr is None else _as_float(mrr)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"accounts row {pos}: opening_mrr must be ≥ 0, got {mrr!r}")
            opening.append(value)
        if len(set(ids)) != len(ids):
            raise ValueError("accounts: duplicate account ids")
        return cls(
            ids=np.asarray(ids, dtype=np.int64),
            tier=np.asarray(tiers, dtype=np.int8),
            created_day=np.asarray(created, dtype=np.int32),
            opening_mrr=np.asarray(opening, dtype=np.float64),
            segment=np.asarray(seg_codes, dtype=np.int16),
            segments=tuple(vocab),
        )

    @cached_property
    def index_by_id(self) -> dict[int, int]:
        """Mapping account id → account index."""
        return {int(account_id): pos for pos, account_id in enumerate(self.ids.tolist())}

    def indices_of(self, account_ids: Iterable[int], *, strict: bool = True) -> IntArray:
        """Account indices of database ids (unknown ids raise, or are skipped if not strict)."""
        mapping = self.index_by_id
        out: list[int] = []
        for account_id in account_ids:
            pos = mapping.get(int(account_id))
            if pos is None:
                if strict:
                    raise ValueError(f"unknown account id {account_id}")
                continue
            out.append(pos)
        return np.asarray(out, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class EventFrame:
    """Account events as parallel numpy arrays (any order).

    ``account``: account index (int32, position in the :class:`AccountFrame`); ``day``:
    days since epoch (int32); ``kind``: :class:`EventKind` code (int8); ``delta``: MRR
    change in major currency units (float64).
    """

    account: npt.NDArray[np.int32]
    day: npt.NDArray[np.int32]
    kind: npt.NDArray[np.int8]
    delta: FloatArray = field(repr=False)

    def __post_init__(self) -> None:
        n = len(self.account)
        for name in ("day", "kind", "delta"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"EventFrame.{name}: length {len(getattr(self, name))} != {n}")

    @property
    def n(self) -> int:
        """Number of events."""
        return len(self.account)

    @classmethod
    def from_arrays(
        cls,
        account: npt.ArrayLike,
        day: npt.ArrayLike,
        kind: npt.ArrayLike,
        delta: npt.ArrayLike,
        *,
        validate: bool = True,
    ) -> EventFrame:
        """Build from arrays; with ``validate`` check kinds and delta signs."""
        frame = cls(
            account=np.asarray(account, dtype=np.int32),
            day=np.asarray(day, dtype=np.int32),
            kind=np.asarray(kind, dtype=np.int8),
            delta=np.asarray(delta, dtype=np.float64),
        )
        if validate:
            frame.validate()
        return frame

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[int, date | int, str | int, float | int | Decimal]],
        *,
        account_index: Mapping[int, int] | None = None,
    ) -> EventFrame:
        """Build from ``(account, date, kind, mrr_delta)`` rows.

        ``account`` is the account index, or an account id when ``account_index`` (e.g.
        :attr:`AccountFrame.index_by_id`) is given; ``date`` a date or day number;
        ``kind`` a name ("new", "expansion", …) or code. Raises ``ValueError`` naming the
        row for an unknown account or kind, or a delta of the wrong sign.
        """
        accounts: list[int] = []
        days: list[int] = []
        kinds: list[int] = []
        deltas: list[float] = []
        for pos, (account, on, kind, delta) in enumerate(rows):
            if account_index is not None:
                mapped = account_index.get(int(account))
                if mapped is None:
                    raise ValueError(f"events row {pos}: unknown account {account}")
                account = mapped
            try:
                code = parse_kind(kind)
            except ValueError as exc:
                raise ValueError(f"events row {pos}: {exc}") from None
            value = _as_float(delta)
            _check_sign(code, value, f"events row {pos}")
            accounts.append(int(account))
            days.append(to_day(on))
            kinds.append(code)
            deltas.append(value)
        return cls.from_arrays(accounts, days, kinds, deltas, validate=False)

    def validate(self) -> None:
        """Raise ``ValueError`` for unknown kinds, non-finite deltas or wrong signs."""
        if self.n == 0:
            return
        if self.kind.min() < 0 or self.kind.max() >= _N_KINDS:
            raise ValueError("EventFrame.kind: unknown kind code")
        if self.account.min() < 0:
            raise ValueError("EventFrame.account: negative account index")
        if not np.isfinite(self.delta).all():
            raise ValueError("EventFrame.delta: non-finite MRR delta")
        negative_kinds = (self.kind == EventKind.CONTRACTION) | (self.kind == EventKind.CHURN)
        if (self.delta[negative_kinds] > 0).any():
            raise ValueError("EventFrame.delta: contraction/churn deltas must be ≤ 0")
        if (self.delta[~negative_kinds] < 0).any():
            raise ValueError("EventFrame.delta: new/expansion/reactivation deltas must be ≥ 0")


def _check_sign(kind: int, delta: float, where: str) -> None:
    if not math.isfinite(delta):
        raise ValueError(f"{where}: mrr_delta is not a number")
    if kind in (EventKind.CONTRACTION, EventKind.CHURN):
        if delta > 0:
            raise ValueError(f"{where}: {KIND_NAMES[kind]} needs a negative mrr_delta")
    elif delta < 0:
        raise ValueError(f"{where}: {KIND_NAMES[kind]} needs a positive mrr_delta")


def _weighted_counts(
    idx: npt.NDArray[np.integer], weights: FloatArray, minlength: int
) -> FloatArray:
    """``np.bincount`` with weights, typed as float64 and cut to ``minlength``."""
    out = np.bincount(idx, weights=weights, minlength=minlength)
    return np.asarray(out[:minlength], dtype=np.float64)


def mrr_at(accounts: AccountFrame, events: EventFrame, day: int) -> FloatArray:
    """MRR of every account at ``day``: opening MRR (if created before ``day``) plus the sum of
    deltas of events dated before ``day``."""
    n = accounts.n
    before = events.day < day
    mrr = _weighted_counts(events.account[before], events.delta[before], n)
    opened = accounts.created_day < day
    mrr += np.where(opened, accounts.opening_mrr, 0.0)
    return mrr


@dataclass(frozen=True, eq=False)
class WindowAggregates:
    """Per-account aggregates of one window ``[start, end)`` (arrays over all accounts).

    For accounts not present at ``start`` (MRR ≤ 0) every flow is 0 and ``present`` is False.
    """

    start: int
    end: int
    present: BoolArray
    start_mrr: FloatArray
    expansion: FloatArray
    contraction: FloatArray
    churned: FloatArray
    end_mrr: FloatArray
    lost: BoolArray
    expanded: BoolArray


# Tolerance below which an MRR counts as zero (float sums of deltas are not exact).
_ZERO_MRR: Final = 1e-6


def aggregate_window(
    accounts: AccountFrame, events: EventFrame, start: int, end: int
) -> WindowAggregates:
    """Aggregate events per account over ``[start, end)`` (see the module docstring)."""
    if end < start:
        raise ValueError(f"window end {end} is before its start {start}")
    n = accounts.n
    start_mrr = mrr_at(accounts, events, start)
    present = start_mrr > _ZERO_MRR
    day = events.day
    inside = (day >= start) & (day < end)
    acc = events.account[inside].astype(np.int64)
    kind = events.kind[inside]
    delta = events.delta[inside]
    by_kind = _weighted_counts(acc * _N_KINDS + kind, delta, n * _N_KINDS).reshape(n, _N_KINDS)
    expansion = (
        by_kind[:, EventKind.NEW]
        + by_kind[:, EventKind.EXPANSION]
        + by_kind[:, EventKind.REACTIVATION]
    )
    contraction = -by_kind[:, EventKind.CONTRACTION]
    churned = -by_kind[:, EventKind.CHURN]
    positive = (delta > 0) & np.isin(kind, np.asarray(_POSITIVE_KINDS, dtype=np.int8))
    expanded = np.bincount(acc[positive], minlength=n)[:n] > 0
    start_mrr = np.where(present, start_mrr, 0.0)
    expansion = np.where(present, expansion, 0.0)
    contraction = np.where(present, contraction, 0.0)
    churned = np.where(present, churned, 0.0)
    end_mrr = start_mrr + expansion - contraction - churned
    lost = present & (end_mrr <= _ZERO_MRR + 1e-9 * start_mrr)
    return WindowAggregates(
        start=start,
        end=end,
        present=present,
        start_mrr=start_mrr,
        expansion=expansion,
        contraction=contraction,
        churned=churned,
        end_mrr=end_mrr,
        lost=lost,
        expanded=expanded & present,
    )


#: Columns of a per-account value row / a sums row, in order.
SUM_COLUMNS: Final[tuple[str, ...]] = (
    "accounts",
    "start_mrr",
    "expansion_mrr",
    "contraction_mrr",
    "churned_mrr",
    "accounts_lost",
    "accounts_expanded",
)
N_SUMS: Final = len(SUM_COLUMNS)


def window_values(agg: WindowAggregates, idx: npt.ArrayLike) -> FloatArray:
    """Per-account value matrix (len(idx) × :data:`N_SUMS`) in :data:`SUM_COLUMNS` order."""
    i = np.asarray(idx, dtype=np.int64)
    out = np.empty((len(i), N_SUMS), dtype=np.float64)
    out[:, 0] = agg.present[i]
    out[:, 1] = agg.start_mrr[i]
    out[:, 2] = agg.expansion[i]
    out[:, 3] = agg.contraction[i]
    out[:, 4] = agg.churned[i]
    out[:, 5] = agg.lost[i]
    out[:, 6] = agg.expanded[i]
    return out


class MetricDef(msgspec.Struct, frozen=True):
    """A reported metric: key, labels, unit ("pct" rates, "money"), and which way is better."""

    key: str
    label_en: str
    label_ja: str
    unit: str
    better: str


#: Metrics computed by :func:`metrics_from_sums`, in column order.
METRICS: Final[tuple[MetricDef, ...]] = (
    MetricDef("logo_churn", "logo churn", "ロゴチャーン率", "pct", "lower"),
    MetricDef("gross_mrr_churn", "gross MRR churn", "グロスMRRチャーン率", "pct", "lower"),
    MetricDef("contraction_rate", "contraction", "縮小率", "pct", "lower"),
    MetricDef("expansion_share", "expansion", "拡大したアカウントの割合", "pct", "higher"),
    MetricDef("expansion_rate", "expansion MRR rate", "拡大MRR率", "pct", "higher"),
    MetricDef(
        "expansion_mrr_per_account",
        "expansion MRR per account",
        "アカウントあたり拡大MRR",
        "money",
        "higher",
    ),
    MetricDef("nrr", "NRR", "NRR", "pct", "higher"),
    MetricDef("grr", "GRR", "GRR", "pct", "higher"),
)


def metrics_from_sums(sums: npt.NDArray[np.float64]) -> FloatArray:
    """Metrics (last axis in :data:`METRICS` order) from sums (last axis :data:`SUM_COLUMNS`).

    Rates are fractions (not percent); NaN where the population is empty.
    """
    s = np.asarray(sums, dtype=np.float64)
    accounts = s[..., 0]
    start = s[..., 1]
    exp = s[..., 2]
    con = s[..., 3]
    churn = s[..., 4]
    lost = s[..., 5]
    expanded = s[..., 6]
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_n = np.where(accounts > 0, 1.0 / np.where(accounts > 0, accounts, 1.0), np.nan)
        inv_m = np.where(start > 0, 1.0 / np.where(start > 0, start, 1.0), np.nan)
    out = np.empty((*s.shape[:-1], len(METRICS)), dtype=np.float64)
    out[..., 0] = lost * inv_n
    out[..., 1] = churn * inv_m
    out[..., 2] = con * inv_m
    out[..., 3] = expanded * inv_n
    out[..., 4] = exp * inv_m
    out[..., 5] = exp * inv_n
    out[..., 6] = (start + exp - con - churn) * inv_m
    out[..., 7] = (start - con - churn) * inv_m
    return out


class WindowMetrics(msgspec.Struct, frozen=True):
    """Metrics of one group over one window. Rates in percent; ``None`` = not measurable.

    ``accounts`` and the other counts are weighted sums for a weighted comparison group.
    """

    start: date
    end: date
    accounts: float
    start_mrr: float
    expansion_mrr: float
    contraction_mrr: float
    churned_mrr: float
    accounts_lost: float
    accounts_expanded: float
    logo_churn: float | None
    gross_mrr_churn: float | None
    contraction_rate: float | None
    expansion_share: float | None
    expansion_rate: float | None
    expansion_mrr_per_account: float | None
    nrr: float | None
    grr: float | None


def _clean(value: float, scale: float = 1.0) -> float | None:
    return None if not math.isfinite(value) else float(value) * scale


def summarize_sums(sums: npt.ArrayLike, start: int, end: int) -> WindowMetrics:
    """:class:`WindowMetrics` from one sums row (:data:`SUM_COLUMNS` order)."""
    s = np.asarray(sums, dtype=np.float64)
    m = metrics_from_sums(s)
    values = {
        d.key: _clean(float(m[i]), 100.0 if d.unit == "pct" else 1.0) for i, d in enumerate(METRICS)
    }
    return WindowMetrics(
        start=from_day(start),
        end=from_day(end),
        accounts=float(s[0]),
        start_mrr=float(s[1]),
        expansion_mrr=float(s[2]),
        contraction_mrr=float(s[3]),
        churned_mrr=float(s[4]),
        accounts_lost=float(s[5]),
        accounts_expanded=float(s[6]),
        **values,
    )


def window_metrics(
    agg: WindowAggregates,
    idx: npt.ArrayLike | None = None,
    weights: npt.ArrayLike | None = None,
) -> WindowMetrics:
    """Metrics of the accounts ``idx`` (default: all) over the aggregated window, optionally
    weighted (each account's contribution to every sum multiplied by its weight)."""
    i = np.arange(len(agg.present)) if idx is None else np.asarray(idx, dtype=np.int64)
    values = window_values(agg, i)
    if weights is None:
        sums = values.sum(axis=0)
    else:
        sums = np.asarray(weights, dtype=np.float64) @ values
    return summarize_sums(sums, agg.start, agg.end)
