"""Exact money at the edges: Decimal amounts ⇄ integers in the currency's minor unit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import list_currencies

from training.roi import money_places

__all__ = ["from_minor", "is_currency", "money_places", "parse_amount", "to_minor"]


def is_currency(code: str) -> bool:
    """An ISO 4217 code CLDR knows (not ``XYZ``, nor ``XXX``/``XTS``, which name no money)."""
    return code.upper() in list_currencies() and code.upper() not in {"XXX", "XTS"}


def to_minor(amount: Decimal, currency: str) -> int:
    """``Decimal('1234.50')`` EUR → 123450; raises ``ValueError`` on extra decimals."""
    if not amount.is_finite():
        raise ValueError("is not a finite amount")
    scaled = amount.scaleb(money_places(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"has more decimals than {currency} allows ({money_places(currency)})")
    return int(scaled)


def from_minor(value: int, currency: str) -> Decimal:
    """123450 EUR cents → ``Decimal('1234.50')``; 5000 JPY → ``Decimal('5000')``."""
    places = money_places(currency)
    return Decimal(int(value)).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def parse_amount(text: str) -> Decimal:
    """A CSV amount: ``1,234.50``, ``¥1,200``, ``−300``, ``-300``; raises ``ValueError``."""
    cleaned = (
        text.strip()
        .replace(",", "")
        .replace("\u2212", "-")
        .replace("¥", "")
        .replace("￥", "")
        .replace("€", "")
        .replace(" ", "")
    )
    if not cleaned:
        raise ValueError("is empty")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"is not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"is not a number: {text!r}")
    return value
