"""Incentive money and measurement: pure functions, no database.

Money is exact: amounts are integers in the currency's minor unit (JPY has none, EUR has
cents), converted from ``Decimal`` with half-up rounding only where a computed amount (a
percentage of an order) must become money.

Cost model per grant:
- fixed kinds (fixed-amount coupon, gift card, points, donation): the unit cost;
- percent-off coupon: ``percent × expected order value × expected redemption rate`` until the
  code's redemption is imported, then the discount actually given (``percent × order value``).

Measurement against the randomised no-incentive holdout:
- response rate of each group and the difference (Newcombe interval, pooled z test);
- cost per answer = committed cost / incentivised answers;
- answers the incentive added = incentivised answers − holdout rate × incentivised invited;
- incremental cost per added answer = committed cost / answers added (None unless positive);
- the score difference between incentivised and holdout respondents (a bias check).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import msgspec
from babel.numbers import get_currency_precision, list_currencies

KINDS = ("percent_coupon", "fixed_coupon", "gift_card", "points", "donation")


class MoneyError(ValueError):
    pass


#: ISO 4217 codes that name no money ("no currency", "testing").
NOT_MONEY = frozenset({"XXX", "XTS"})


def is_currency(code: str) -> bool:
    """An ISO 4217 currency code that CLDR knows (Babel's precision table alone would give
    any unknown code 2 decimals, so ``XYZ`` looked valid)."""
    return code.upper() in list_currencies() and code.upper() not in NOT_MONEY


def minor_digits(currency: str) -> int:
    """Digits after the decimal point: JPY 0, EUR 2."""
    if not is_currency(currency):
        raise MoneyError(f"unknown currency {currency!r}: use an ISO 4217 code such as JPY or EUR")
    try:
        return int(get_currency_precision(currency.upper()))
    except Exception as exc:  # pragma: no cover - babel raises different errors per version
        raise MoneyError(f"unknown currency {currency!r}") from exc


def to_minor(amount: Decimal | int | str, currency: str) -> int:
    """An exact amount in minor units; more decimals than the currency has is an error."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise MoneyError(f"not an amount: {amount!r}") from None
    if not value.is_finite():
        raise MoneyError(f"not an amount: {amount!r}")
    scaled = value.scaleb(minor_digits(currency))
    if scaled != scaled.to_integral_value():
        raise MoneyError(f"{amount} has more decimals than {currency.upper()} allows")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    digits = minor_digits(currency)
    return (Decimal(minor).scaleb(-digits)).quantize(Decimal(1).scaleb(-digits))


def round_minor(value: Decimal) -> int:
    """A computed amount in minor units, rounded half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected_unit_cost(
    kind: str,
    *,
    unit_cost_minor: int | None = None,
    percent: Decimal | None = None,
    expected_order_value_minor: int | None = None,
    expected_redemption_rate: Decimal | None = None,
) -> int:
    """What one grant is expected to cost, in minor units."""
    if kind not in KINDS:
        raise MoneyError(f"kind must be one of {', '.join(KINDS)}")
    if kind == "percent_coupon":
        if percent is None or expected_order_value_minor is None:
            raise MoneyError("a percent-off coupon needs percent and expected order value")
        rate = Decimal(1) if expected_redemption_rate is None else expected_redemption_rate
        return round_minor(percent / 100 * expected_order_value_minor * rate)
    if unit_cost_minor is None:
        raise MoneyError(f"a {kind.replace('_', ' ')} needs a unit cost")
    return unit_cost_minor


def redeemed_cost(
    kind: str,
    order_value_minor: int,
    *,
    unit_cost_minor: int | None = None,
    percent: Decimal | None = None,
) -> int:
    """The discount actually given when a code is redeemed, in minor units."""
    if kind == "percent_coupon":
        assert percent is not None
        return round_minor(percent / 100 * order_value_minor)
    if kind == "fixed_coupon":
        # A fixed coupon cannot give away more than the order it is used on.
        return min(unit_cost_minor or 0, order_value_minor)
    return unit_cost_minor or 0


def still_offered(incentive: Mapping[str, Any]) -> bool:
    """Whether mail may still mention an incentive: active, and the next grant fits the budget.

    The same rule the grant's conditional update enforces (``committed + cost <= budget``).
    """
    committed = int(incentive["committed_minor"])
    cost = int(incentive["expected_cost_minor"])
    budget = int(incentive["budget_minor"])
    return bool(incentive["active"]) and committed + cost <= budget


class Uplift(msgspec.Struct, kw_only=True):
    """What the incentive bought, measured against the holdout (rates in %, uplift in pts)."""

    invited_incentivised: int
    answered_incentivised: int
    invited_holdout: int
    answered_holdout: int
    rate_incentivised: float | None
    rate_holdout: float | None
    uplift_pp: float | None
    uplift_ci_low: float | None
    uplift_ci_high: float | None
    p_value: float | None
    significant: bool
    committed_cost_minor: int
    cost_per_answer_minor: int | None
    answers_added: float | None
    incremental_cost_per_added_answer_minor: int | None
    mean_score_incentivised: float | None
    mean_score_holdout: float | None
    score_difference: float | None
    score_difference_ci_low: float | None
    score_difference_ci_high: float | None
    message: str | None = None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _welch_interval(
    a: Sequence[float], b: Sequence[float], z: float = 1.959963984540054
) -> tuple[float | None, float | None, float | None]:
    """mean(a) − mean(b) with a normal-approximation interval (Welch variance)."""
    if len(a) < 2 or len(b) < 2:
        mean_a, mean_b = _mean(a), _mean(b)
        diff = None if mean_a is None or mean_b is None else mean_a - mean_b
        return diff, None, None
    mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
    var_a = sum((x - mean_a) ** 2 for x in a) / (len(a) - 1)
    var_b = sum((x - mean_b) ** 2 for x in b) / (len(b) - 1)
    se = math.sqrt(var_a / len(a) + var_b / len(b))
    diff = mean_a - mean_b
    return diff, diff - z * se, diff + z * se


def uplift(
    invited_incentivised: int,
    answered_incentivised: int,
    invited_holdout: int,
    answered_holdout: int,
    committed_cost_minor: int,
    scores_incentivised: Sequence[float] = (),
    scores_holdout: Sequence[float] = (),
) -> Uplift:
    # Imported here: surveys sits below analytics, and the answer path imports this module.
    from analytics.scores import compare_proportions

    rate_inc = answered_incentivised / invited_incentivised if invited_incentivised else None
    rate_hold = answered_holdout / invited_holdout if invited_holdout else None
    diff = compare_proportions(
        (answered_holdout, invited_holdout), (answered_incentivised, invited_incentivised)
    )
    cost_per_answer = (
        round_minor(Decimal(committed_cost_minor) / answered_incentivised)
        if answered_incentivised
        else None
    )
    added = None
    incremental = None
    message = None
    if rate_hold is not None:
        added = answered_incentivised - rate_hold * invited_incentivised
        if added > 0:
            incremental = round_minor(Decimal(committed_cost_minor) / Decimal(str(added)))
        else:
            message = "the incentive added no answers over the holdout"
    else:
        message = "no holdout: the uplift cannot be measured"
    score_diff, score_low, score_high = _welch_interval(
        list(scores_incentivised), list(scores_holdout)
    )
    return Uplift(
        invited_incentivised=invited_incentivised,
        answered_incentivised=answered_incentivised,
        invited_holdout=invited_holdout,
        answered_holdout=answered_holdout,
        rate_incentivised=None if rate_inc is None else round(rate_inc * 100, 2),
        rate_holdout=None if rate_hold is None else round(rate_hold * 100, 2),
        uplift_pp=None if diff.difference is None else round(diff.difference, 2),
        uplift_ci_low=None if diff.ci_low is None else round(diff.ci_low, 2),
        uplift_ci_high=None if diff.ci_high is None else round(diff.ci_high, 2),
        p_value=None if diff.p_value is None else round(diff.p_value, 4),
        significant=diff.significant,
        committed_cost_minor=committed_cost_minor,
        cost_per_answer_minor=cost_per_answer,
        answers_added=None if added is None else round(added, 2),
        incremental_cost_per_added_answer_minor=incremental,
        mean_score_incentivised=_round(_mean(list(scores_incentivised))),
        mean_score_holdout=_round(_mean(list(scores_holdout))),
        score_difference=_round(score_diff),
        score_difference_ci_low=_round(score_low),
        score_difference_ci_high=_round(score_high),
        message=message,
    )


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)
