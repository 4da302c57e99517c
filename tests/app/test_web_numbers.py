"""Figures on staff pages: a missing figure is a dash, never Python's 'nan' or 'inf'."""

from __future__ import annotations

from decimal import Decimal

from app.web import number, pct


def test_missing_figures_read_as_a_dash() -> None:
    for value in (None, float("nan"), float("inf"), float("-inf"), Decimal("NaN")):
        assert number(value, 2) == "—", value
        assert pct(value) == "—", value  # type: ignore[arg-type]
    assert number(1234.5, 1) == "1,234.5" and number(Decimal("2.50"), 2) == "2.50"
    assert pct(0.125) == "12.5%" and number(0) == "0"
