"""Workshop costs and ROI (Kirkpatrick level 4 results → Phillips level 5 ROI).

Definitions
-----------
* **Cost** (fully loaded, exact :class:`~decimal.Decimal`): facilitator + venue and
  catering + materials + tooling + participants' hours × loaded hourly rate + incentives
  spent + other (:meth:`WorkshopCosts.total`).
* **Monthly benefit** = churned MRR avoided + expansion MRR attributable, both per month and
  both from the difference-in-differences (DiD) estimates for the matched attending
  accounts: churned MRR avoided = −DiD(gross MRR churn rate) × the attendees' start MRR;
  expansion MRR attributable = DiD(expansion MRR rate) × the attendees' start MRR.
  Contraction is not counted (the Phillips "conservative" choice: only the two benefits
  the programme claims).
* **Benefit** = monthly benefit × benefit horizon in months (default 12: first-year
  benefits only, Phillips' rule for short programmes).
* **ROI %** = (benefit − cost) / cost × 100; **BCR** = benefit / cost.
* With no data (no matched accounts, checkpoint not measurable yet) the benefit is taken as
  0 ("assume no improvement"), so ROI = −100 % and BCR = 0. A negative estimate is kept as
  it is (it is not floored at 0) — rounding an unfavourable estimate up would overstate ROI.
* Confidence intervals: the normal interval **centred on the published estimate**,
  benefit ± z · SD of the benefit over the bootstrap replicates of the DiD (Efron &
  Tibshirani 1993, §13.3, the "standard" bootstrap interval); the replicates come from the
  Gaussian multiplier bootstrap of :mod:`training.effectiveness`, so this is the interval
  the influence functions give, without Monte-Carlo noise in its centre. ROI and BCR are
  monotone in the benefit (the cost is fixed), so their intervals are the benefit interval's
  ends put through the same formulas and the same rounding as the estimates: every
  published interval contains its estimate (a percentile interval of skewed or
  rounded replicates need not).

Money stays :class:`~decimal.Decimal` at the edges; floats are used only inside the
statistics and results are rounded to the currency's minor unit (0 for JPY) and ROI/BCR to
2 decimals (the seed's 28,000 / 9,600 EUR example gives 191.67 %, shown as "192 %").
"""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Final

import msgspec
import numpy as np
import numpy.typing as npt
from scipy import special

__all__ = [
    "RoiResult",
    "WorkshopCosts",
    "bcr",
    "money_places",
    "roi_percent",
    "round_money",
    "workshop_roi",
]

_ZERO_DECIMAL_CURRENCIES: Final = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD"})


def money_places(currency: str | None) -> int:
    """Decimal places of a currency's minor unit (0 for JPY, else 2)."""
    return 0 if (currency or "").upper() in _ZERO_DECIMAL_CURRENCIES else 2


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_money(value: Decimal | float, currency: str | None) -> Decimal:
    """Round an amount to the currency's minor unit (half-up)."""
    dec = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return _quantize(dec, money_places(currency))


class WorkshopCosts(msgspec.Struct, frozen=True, kw_only=True):
    """Fully loaded cost of one workshop, in one currency (all amounts exact Decimals)."""

    currency: str = "JPY"
    facilitator: Decimal = Decimal(0)
    venue_catering: Decimal = Decimal(0)
    materials: Decimal = Decimal(0)
    tooling: Decimal = Decimal(0)
    participant_hours: Decimal = Decimal(0)
    loaded_hourly_rate: Decimal = Decimal(0)
    incentives: Decimal = Decimal(0)
    other: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for name in (
            "facilitator",
            "venue_catering",
            "materials",
            "tooling",
            "participant_hours",
            "loaded_hourly_rate",
            "incentives",
            "other",
        ):
            value = getattr(self, name)
            if not isinstance(value, Decimal):
                raise TypeError(f"{name}: must be a Decimal, got {type(value).__name__}")
            if not value.is_finite() or value < 0:
                raise ValueError(f"{name}: must be a finite amount ≥ 0")

    def participants_time(self) -> Decimal:
        """Participants' hours × loaded hourly rate."""
        return self.participant_hours * self.loaded_hourly_rate

    def total(self) -> Decimal:
        """Fully loaded total cost."""
        return (
            self.facilitator
            + self.venue_catering
            + self.materials
            + self.tooling
            + self.participants_time()
            + self.incentives
            + self.other
        )


def roi_percent(benefit: Decimal, cost: Decimal, *, places: int = 2) -> Decimal:
    """ROI % = (benefit − cost) / cost × 100, rounded half-up to ``places`` decimals.

    >>> roi_percent(Decimal(28000), Decimal(9600))
    Decimal('191.67')
    """
    if cost <= 0:
        raise ValueError("cost: ROI needs a cost > 0")
    return _quantize((benefit - cost) / cost * 100, places)


def bcr(benefit: Decimal, cost: Decimal, *, places: int = 2) -> Decimal:
    """Benefit-cost ratio = benefit / cost, rounded half-up to ``places`` decimals."""
    if cost <= 0:
        raise ValueError("cost: BCR needs a cost > 0")
    return _quantize(benefit / cost, places)


class RoiResult(msgspec.Struct, frozen=True, kw_only=True):
    """ROI of one workshop at one checkpoint (money in ``currency``; see module docstring).

    ``basis`` is ``"estimate"`` (from the DiD) or ``"no_data"`` (benefit assumed 0).
    Intervals are normal intervals centred on the estimate with the bootstrap replicates' SD
    at ``ci_level`` (module docstring); ``None`` without replicates. Each contains its
    estimate: ``ci[0] ≤ estimate ≤ ci[1]``.
    """

    currency: str
    basis: str
    horizon_months: int
    cost: Decimal
    churn_mrr_avoided_per_month: Decimal
    expansion_mrr_per_month: Decimal
    benefit: Decimal
    roi_percent: Decimal
    bcr: Decimal
    benefit_ci: tuple[Decimal, Decimal] | None = None
    roi_percent_ci: tuple[Decimal, Decimal] | None = None
    bcr_ci: tuple[Decimal, Decimal] | None = None
    ci_level: float = 0.95
    note_en: str = ""
    note_ja: str = ""


def _half_width(values: npt.NDArray[np.float64], level: float) -> float | None:
    """z · SD of the replicates (``None`` when too few are finite)."""
    finite = values[np.isfinite(values)]
    if len(finite) < max(10, len(values) // 2):
        return None
    z = float(special.ndtri(0.5 + level / 2.0))
    return z * float(finite.std(ddof=1))


def workshop_roi(
    costs: WorkshopCosts,
    *,
    churn_mrr_avoided: float | None,
    expansion_mrr: float | None,
    replicates: npt.ArrayLike | None = None,
    horizon_months: int = 12,
    ci_level: float = 0.95,
) -> RoiResult:
    """ROI from monthly benefit estimates (floats, in ``costs.currency``).

    ``churn_mrr_avoided`` / ``expansion_mrr``: per-month MRR estimates (``None`` or NaN =
    no data → benefit 0). ``replicates``: array (n_boot × 2) of the same two quantities per
    bootstrap replicate, for the intervals.
    """
    if horizon_months < 1:
        raise ValueError("horizon_months must be ≥ 1")
    cost = costs.total()
    if cost <= 0:
        raise ValueError("costs: the total cost must be > 0 to compute ROI")
    currency = costs.currency
    no_data = (
        churn_mrr_avoided is None
        or expansion_mrr is None
        or not math.isfinite(churn_mrr_avoided)
        or not math.isfinite(expansion_mrr)
    )
    if no_data:
        churn_m = Decimal(0)
        exp_m = Decimal(0)
    else:
        assert churn_mrr_avoided is not None and expansion_mrr is not None
        churn_m = round_money(churn_mrr_avoided, currency)
        exp_m = round_money(expansion_mrr, currency)
    benefit = round_money((churn_m + exp_m) * horizon_months, currency)
    benefit_ci = roi_ci = bcr_ci = None
    if not no_data and replicates is not None:
        reps = np.asarray(replicates, dtype=np.float64).reshape(-1, 2)
        half = _half_width(reps.sum(axis=1) * horizon_months, ci_level)
        if half is not None:
            # round the ends outwards so the rounded interval still holds the rounded benefit
            places = money_places(currency)
            low = Decimal(repr(float(benefit) - half)).quantize(
                Decimal(1).scaleb(-places), rounding=ROUND_FLOOR
            )
            high = Decimal(repr(float(benefit) + half)).quantize(
                Decimal(1).scaleb(-places), rounding=ROUND_CEILING
            )
            low, high = min(low, benefit), max(high, benefit)
            benefit_ci = (low, high)
            roi_ci = (roi_percent(low, cost), roi_percent(high, cost))
            bcr_ci = (bcr(low, cost), bcr(high, cost))
    if no_data:
        note_en = "No measurable data yet: benefit assumed 0 (no improvement), so ROI is −100 %."
        note_ja = "測定できるデータがまだないため、効果を0（改善なし）とみなし、ROIは−100%です。"
    else:
        note_en = (
            f"First {horizon_months} months of benefit: churned MRR avoided plus expansion MRR "
            "attributable to the workshop (difference-in-differences against matched "
            "non-attending accounts)."
        )
        note_ja = (
            f"効果は最初の{horizon_months}か月分：回避できたチャーンMRRと研修に起因する拡大MRR"
            "（参加しなかった類似アカウントとの差の差分析による推定）。"
        )
    return RoiResult(
        currency=currency,
        basis="no_data" if no_data else "estimate",
        horizon_months=horizon_months,
        cost=cost,
        churn_mrr_avoided_per_month=churn_m,
        expansion_mrr_per_month=exp_m,
        benefit=benefit,
        roi_percent=roi_percent(benefit, cost),
        bcr=bcr(benefit, cost),
        benefit_ci=benefit_ci,
        roi_percent_ci=roi_ci,
        bcr_ci=bcr_ci,
        ci_level=ci_level,
        note_en=note_en,
        note_ja=note_ja,
    )
