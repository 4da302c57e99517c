"""Amounts of money as people read them: ``￥390,000`` on a Japanese page, email or verdict.

One helper for every place a page, email or service message shows money (incentive budgets,
cost per answer, MRR, workshop costs, ROI benefit). Japanese goes through Babel's
``format_currency`` for ``ja_JP`` (the way the PDF reports write it); English pages keep the
figure followed by the ISO code (``390,000 JPY``), as they always have.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_precision,
)

from app.i18n import locale_for

__all__ = ["currency_name", "money_text"]

#: What a missing amount reads as on a page (like other missing page figures).
MISSING = "—"


def _amount(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        if isinstance(value, str):
            value = value.replace(",", "").strip()
            if not value:
                return None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def money_text(
    value: Decimal | float | int | str | None,
    currency: str | None,
    lang: str,
    places: int | None = None,
    *,
    sign: bool = False,
) -> str:
    """``value`` in ``currency`` for a reader of ``lang``; ``places`` defaults to the
    currency's minor unit (JPY none, EUR two). ``sign`` writes a plus on a gain
    (``+￥1,200``), as differences are shown."""
    amount = _amount(value)
    if amount is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    code = (currency or "").strip().upper()
    if places is None:
        places = int(get_currency_precision(code)) if code else 0
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    plus = "+" if sign and round(amount, places) > 0 else ""
    if lang == "ja" and code:
        return plus + format_currency(
            amount,
            code,
            format="¤" + pattern,
            locale=locale_for("ja"),
            currency_digits=False,
        )
    return f"{plus}{format_decimal(amount, format=pattern, locale='en_GB')} {code}".rstrip()


def currency_name(currency: str | None, lang: str) -> str:
    """A currency in a label: its Japanese name on a Japanese page (``日本円``, ``ユーロ``),
    the ISO code in English (``JPY``), as English pages always showed it."""
    code = (currency or "").strip().upper()
    if lang == "ja" and code:
        try:
            return str(get_currency_name(code, locale=locale_for("ja")))
        except (ValueError, LookupError):
            return code
    return code
