"""Locale-aware formatting of report figures with Babel (one :class:`Fmt` per report language).

Units follow the analytics conventions: ``percent`` takes a value already in percent
(12.3 → "12.3%"), ``points`` formats NPS points or percentage-point differences with a sign.
Money is formatted with the currency's own minor unit (JPY none, EUR two decimals) unless
``places`` says otherwise. ``None`` (a figure that could not be computed) prints as an en dash.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
)

from app.i18n import LOCALES, locale_for

__all__ = ["LOCALES", "MISSING", "Fmt", "locale_for"]

#: What a missing figure prints as.
MISSING = "–"

Number = float | int | Decimal


def _missing(value: object) -> bool:
    if value is None:
        return True
    return isinstance(value, float) and (math.isnan(value) or math.isinf(value))


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places > 0 else "")


class Fmt:
    """Formatting functions bound to one language; templates call them as ``fmt.number(x)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LOCALES else "en"
        self.locale = Locale.parse(locale_for(self.lang))
        self.minus = self.locale.number_symbols["latn"].get("minusSign", "-")

    # numbers ---------------------------------------------------------------------------------
    def number(self, value: Number | None, places: int = 0) -> str:
        """Grouped decimal: ``1,234.5``."""
        if _missing(value):
            return MISSING
        assert value is not None
        return format_decimal(value, format=_pattern(places), locale=self.locale)

    def count(self, value: int | None) -> str:
        return self.number(value, 0)

    def signed(self, value: Number | None, places: int = 1) -> str:
        """A difference with an explicit sign: ``+3.2``, ``-1.0``, ``0.0``."""
        if value is None or _missing(value):
            return MISSING
        text = self.number(-value if value < 0 else value, places)
        rounded = round(float(value), places)
        if rounded > 0:
            return "+" + text
        if rounded < 0:
            return self.minus + text
        return text

    def percent(self, value: Number | None, places: int = 1, *, sign: bool = False) -> str:
        """``value`` is already in percent: ``percent(12.34)`` → ``12.3%``."""
        if _missing(value):
            return MISSING
        assert value is not None
        if sign:
            body = format_percent(
                abs(float(value)) / 100.0, format=_pattern(places) + "%", locale=self.locale
            )
            rounded = round(float(value), places)
            return ("+" if rounded > 0 else self.minus if rounded < 0 else "") + body
        pattern = _pattern(places) + "%"
        return format_percent(float(value) / 100.0, format=pattern, locale=self.locale)

    def share(self, value: Number | None, places: int = 1) -> str:
        """A fraction in [0, 1] as percent: ``share(0.123)`` → ``12.3%``."""
        if _missing(value):
            return MISSING
        assert value is not None
        return self.percent(float(value) * 100.0, places)

    def points(self, value: Number | None, places: int = 1) -> str:
        """A signed difference in (percentage) points, with the unit: ``+3.2 pts``."""
        if _missing(value):
            return MISSING
        unit = "ポイント" if self.lang == "ja" else "pts"
        return f"{self.signed(value, places)} {unit}"

    def ratio(self, value: Number | None, places: int = 2) -> str:
        """A benefit-cost ratio: ``2.92``."""
        return self.number(value, places)

    # money -----------------------------------------------------------------------------------
    def money_places(self, currency: str) -> int:
        return int(get_currency_precision(currency))

    def money(self, value: Number | None, currency: str, places: int | None = None) -> str:
        """``¥1,234,567`` / ``€1,234.50`` per locale, with the currency's minor unit."""
        if _missing(value):
            return MISSING
        assert value is not None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if places is None:
            return format_currency(amount, currency, locale=self.locale, currency_digits=True)
        pattern = self.locale.currency_formats["standard"].pattern
        return format_currency(
            amount,
            currency,
            format=pattern.replace("#,##0.00", _pattern(places)),
            locale=self.locale,
            currency_digits=False,
        )

    # intervals -------------------------------------------------------------------------------
    def interval(self, low: Number | None, high: Number | None, places: int = 1) -> str:
        """``[12.3, 45.6]`` style interval of plain numbers (en dash when unknown)."""
        if _missing(low) or _missing(high):
            return MISSING
        return f"{self.number(low, places)} – {self.number(high, places)}"

    def percent_interval(self, low: Number | None, high: Number | None, places: int = 1) -> str:
        if _missing(low) or _missing(high):
            return MISSING
        return f"{self.percent(low, places)} – {self.percent(high, places)}"

    def signed_interval(self, low: Number | None, high: Number | None, places: int = 1) -> str:
        if _missing(low) or _missing(high):
            return MISSING
        return f"{self.signed(low, places)} – {self.signed(high, places)}"

    def money_compact(self, value: Number | None, currency: str) -> str:
        """Large amounts shortened for headline cards (``¥13.7B``, ``￥137.3億``); exact below
        a million. The exact figure stays in the tables."""
        if _missing(value):
            return MISSING
        assert value is not None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if abs(amount) < 1_000_000:
            return self.money(amount, currency)
        text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=1)
        # a decimal after three or more whole digits (``￥1391.7万``) only lengthens the card
        whole = re.search(r"\d+", text)
        if whole is not None and len(whole.group()) >= 3:
            text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=0)
        return text

    def money_tick(self, value: Number, currency: str, largest: Number) -> str:
        """A money axis tick: short on an axis that reaches a million (``￥60万``, ``￥1.2M``)
        so every tick of one axis reads alike; exact on smaller axes."""
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        if abs(Decimal(str(largest))) < 1_000_000 or amount == 0:
            return self.money(amount, currency)
        text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=1)
        # a decimal after three or more whole digits (``￥1391.7万``) only lengthens the card
        whole = re.search(r"\d+", text)
        if whole is not None and len(whole.group()) >= 3:
            text = format_compact_currency(amount, currency, locale=self.locale, fraction_digits=0)
        return text

    def money_interval(
        self, low: Number | None, high: Number | None, currency: str, places: int | None = None
    ) -> str:
        if _missing(low) or _missing(high):
            return MISSING
        return f"{self.money(low, currency, places)} – {self.money(high, currency, places)}"

    def n(self, value: int | None) -> str:
        """Sample size label: ``n = 1,234``."""
        return f"n = {self.count(value)}"

    # dates -----------------------------------------------------------------------------------
    def date(self, value: dt.date | dt.datetime | None, style: str = "long") -> str:
        if value is None:
            return MISSING
        day = value.date() if isinstance(value, dt.datetime) else value
        return format_date(day, format=style, locale=self.locale)

    def datetime(self, value: dt.datetime | None) -> str:
        """``2026年12月1日 15:08（日本標準時）`` / ``December 1, 2026, 3:08 PM (Japan Standard
        Time)``: the long date a reader uses, minutes not seconds, and the zone by its name
        (Babel's medium form read ``2026/12/01 15:08:27`` with no zone at all)."""
        if value is None:
            return MISSING
        day = format_date(value.date(), format="long", locale=self.locale)
        time = format_time(value, format="short", tzinfo=value.tzinfo, locale=self.locale)
        if value.tzinfo is None:
            return f"{day} {time}"
        zone = format_datetime(value, "zzzz", tzinfo=value.tzinfo, locale=self.locale)
        if self.lang == "ja":
            return f"{day} {time}（{zone}）"
        return f"{day}, {time} ({zone})"

    def day_tick(self, day: int) -> str:
        """Short checkpoint label for chart axes: ``Day 0``, ``+30`` (``当日``, ``+30日``)."""
        if self.lang == "ja":
            return "当日" if day == 0 else f"+{day}日"
        return "Day 0" if day == 0 else f"+{day}"

    def day_label(self, day: int) -> str:
        """Checkpoint label: ``Day 0`` / ``+30 days`` (``当日`` / ``+30日``)."""
        if self.lang == "ja":
            return "当日" if day == 0 else f"+{day}日"
        return "Day 0" if day == 0 else f"+{day} days"
