"""NPS over time: period keys, a trend with intervals per period, and before/after an action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import msgspec

from analytics.scores import LOW_N, NpsCounts, NpsDifference, compare_nps, nps_from_counts

__all__ = [
    "Granularity",
    "TrendPoint",
    "before_after",
    "bucket_key",
    "nps_trend",
]

Granularity = Literal["week", "month"]


def bucket_key(when: dt.date | dt.datetime, granularity: Granularity) -> str:
    """Period key of a date: ISO week ``"2026-W47"`` (ISO year, Monday start) or ``"2026-11"``.

    Keys of one granularity sort chronologically as strings. A timezone-aware datetime is
    bucketed by its own local date; convert it to the reporting timezone first.
    """
    day = when.date() if isinstance(when, dt.datetime) else when
    if granularity == "week":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    raise ValueError(f"granularity must be 'week' or 'month', got {granularity!r}")


class TrendPoint(msgspec.Struct, frozen=True, kw_only=True):
    """NPS of one period (see :class:`analytics.scores.NpsScore` for the interval)."""

    period: str
    n: int
    promoters: int
    passives: int
    detractors: int
    nps: float | None
    ci_low: float | None
    ci_high: float | None
    low_n: bool


def nps_trend(
    rows: Iterable[tuple[str, int, int, int]],
    confidence: float = 0.95,
    *,
    min_n: int = LOW_N,
) -> list[TrendPoint]:
    """One point per period from rows of (period_key, promoters, passives, detractors).

    Rows with the same key are added together; the result is sorted by key. Periods with
    no answers get ``nps=None``. Periods missing from the input are not invented.
    """
    totals: dict[str, list[int]] = {}
    for key, p, pa, d in rows:
        acc = totals.setdefault(str(key), [0, 0, 0])
        acc[0] += int(p)
        acc[1] += int(pa)
        acc[2] += int(d)
    out: list[TrendPoint] = []
    for key in sorted(totals):
        p, pa, d = totals[key]
        s = nps_from_counts(p, pa, d, confidence, min_n=min_n)
        out.append(
            TrendPoint(
                period=key,
                n=s.n,
                promoters=p,
                passives=pa,
                detractors=d,
                nps=s.nps,
                ci_low=s.ci_low,
                ci_high=s.ci_high,
                low_n=s.low_n,
            )
        )
    return out


def before_after(
    counts_before: NpsCounts, counts_after: NpsCounts, confidence: float = 0.95
) -> NpsDifference:
    """Did NPS change after a dated action? ``difference`` = after − before, in points.

    Both arguments are (promoters, passives, detractors) or an ``NpsScore``; the two periods
    must hold different respondents (independent samples). See
    :func:`analytics.scores.compare_nps`.
    """
    return compare_nps(counts_before, counts_after, confidence)
