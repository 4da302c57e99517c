"""Times as people read them: in the organisation's (or the survey's) zone, with the zone named.

Stored times are UTC; pages show them through the ``local_time``/``local_date`` template
filters, e.g. ``{{ survey.created_at | local_time(survey.timezone) }}`` → ``2026-11-30 17:15 JST``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from babel.dates import format_date

from app.i18n import locale_for


def zone_of(name: str | None, default_zone: str) -> dt.tzinfo:
    for candidate in (name, default_zone):
        if candidate:
            try:
                return zoneinfo.ZoneInfo(candidate)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return dt.UTC


def local_time(
    value: dt.datetime | str | None,
    zone: str | None = None,
    *,
    default_zone: str = "UTC",
    with_time: bool = True,
    lang: str | None = None,
    page_lang: str | None = None,
) -> str:
    """``value`` in ``zone`` (else ``default_zone``); with a time, the zone's abbreviation.

    A date for a respondent (``lang`` given) reads as people write it in that language
    (``2026年8月2日``, ``2 August 2026``); staff tables keep ISO dates that sort.
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(zone_of(zone, default_zone))
    if not with_time:
        if lang is not None:
            return format_date(local.date(), "long", locale=locale_for(lang))
        return numeric_date(local.date(), page_lang)
    zone_name = local.tzname() or local.strftime("%z")
    return f"{numeric_date(local.date(), page_lang)} {local:%H:%M} {zone_name}"


def numeric_date(day: dt.date | None, page_lang: str | None = None) -> str:
    """A date in a staff table: ``2026/11/30`` on a Japanese page (the way dates are written
    there), ISO ``2026-11-30`` otherwise; both sort as text."""
    if day is None:
        return "—"
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.strftime("%Y/%m/%d" if page_lang == "ja" else "%Y-%m-%d")


def period_label(period: str | None, page_lang: str | None = None) -> str:
    """A trend period key (``2026-11``, ISO week ``2026-W47``) as a reader of the page writes
    it: ``2026年11月`` / ``2026年 第47週`` in Japanese; English keeps the key."""
    if not period:
        return "—"
    if page_lang != "ja":
        return period
    year, _, rest = period.partition("-")
    if rest.startswith("W") and rest[1:].isdigit():
        return f"{year}年 第{int(rest[1:])}週"
    if rest.isdigit():
        return f"{year}年{int(rest)}月"
    return period
