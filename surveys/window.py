"""The sending window: weekdays and hours in the recipient's time zone (pure functions)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=256)
def zone(name: str | None, fallback: str = "Asia/Tokyo") -> zoneinfo.ZoneInfo:
    for candidate in (name, fallback):
        if candidate:
            try:
                return zoneinfo.ZoneInfo(candidate)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo("UTC")


def is_known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_weekdays(value: str) -> frozenset[int]:
    return frozenset(int(ch) for ch in value if ch.isdigit() and int(ch) <= 6)


def format_weekdays(days: Iterable[int]) -> str:
    return "".join(str(d) for d in sorted(set(days)))


def next_window_start(
    moment: dt.datetime,
    tz: zoneinfo.ZoneInfo,
    start_hour: int,
    end_hour: int,
    weekdays: frozenset[int],
) -> dt.datetime:
    """``moment`` if it lies inside the window, else the window's next opening (UTC).

    The window is ``[start_hour, end_hour)`` local time on the given weekdays (Monday = 0);
    ``end_hour`` 24 means midnight. An empty weekday set or an empty hour range means no
    restriction.
    """
    if not weekdays or start_hour >= end_hour:
        return moment
    local = moment.astimezone(tz)
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        opens = dt.datetime.combine(day, dt.time(start_hour), tzinfo=tz)
        closes = (
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
            if end_hour == 24
            else dt.datetime.combine(day, dt.time(end_hour), tzinfo=tz)
        )
        if local < opens:
            return opens.astimezone(dt.UTC)
        if local < closes:
            return moment
    return moment
