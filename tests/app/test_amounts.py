"""Amounts on pages and in emails: ￥390,000 for a Japanese reader, 390,000 JPY in English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.amounts import money_text


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (390000, "JPY", "￥390,000"),
        (Decimal("14456028"), "JPY", "￥14,456,028"),
        ("3000", "JPY", "￥3,000"),  # services hand amounts over as text
        ("1,234.5", "EUR", "€1,234.50"),
        (Decimal("86.4"), "jpy", "￥86"),
        (-1520885, "JPY", "-￥1,520,885"),
    ],
)
def test_japanese_amounts_are_written_with_the_currency_sign(
    value: object, currency: str, expected: str
) -> None:
    assert money_text(value, currency, "ja") == expected  # type: ignore[arg-type]


def test_english_keeps_the_figure_and_the_code() -> None:
    assert money_text(390000, "JPY", "en") == "390,000 JPY"
    assert money_text("1234.5", "EUR", "en") == "1,234.50 EUR"
    assert money_text(Decimal("86.4"), "JPY", "en") == "86 JPY"


def test_a_gain_carries_a_plus_and_missing_amounts_are_a_dash() -> None:
    assert money_text(1200, "JPY", "ja", sign=True) == "+￥1,200"
    assert money_text(0.2, "JPY", "ja", sign=True) == "￥0"  # rounds to nothing: no sign
    assert money_text(1200, "JPY", "en", sign=True) == "+1,200 JPY"
    for missing in (None, "", "n/a", float("nan"), float("inf"), Decimal("NaN")):
        assert money_text(missing, "JPY", "ja") == "—"  # type: ignore[arg-type]
        assert money_text(missing, "JPY", "en") == "—"  # type: ignore[arg-type]


def test_a_currency_in_a_label_is_named_in_japanese() -> None:
    from app.amounts import currency_name

    assert currency_name("JPY", "ja") == "日本円"
    assert currency_name("eur", "ja") == "ユーロ"
    assert currency_name("JPY", "en") == "JPY"
    assert currency_name("XYZ", "ja") == "XYZ"  # a code Babel does not know stays a code
