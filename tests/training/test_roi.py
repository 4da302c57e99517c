"""ROI and costs: the seed's worked examples and the conservative defaults."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from training.roi import (
    WorkshopCosts,
    bcr,
    money_places,
    roi_percent,
    round_money,
    workshop_roi,
)


def _eur_costs() -> WorkshopCosts:
    # 3,000 + 1,200 + 300 + 600 + 20 h × 150 + 1,500 = 9,600 EUR
    return WorkshopCosts(
        currency="EUR",
        facilitator=Decimal("3000"),
        venue_catering=Decimal("1200"),
        materials=Decimal("300"),
        tooling=Decimal("600"),
        participant_hours=Decimal("20"),
        loaded_hourly_rate=Decimal("150"),
        incentives=Decimal("1500"),
    )


class TestRoiPercent:
    def test_seed_upsell_example(self) -> None:
        # (28,000 − 9,600) / 9,600 × 100 = 191.666… → 191.67 %, "192 %" in the seed
        assert roi_percent(Decimal(28000), Decimal(9600)) == Decimal("191.67")
        assert roi_percent(Decimal(28000), Decimal(9600), places=0) == Decimal("192")

    def test_seed_jpy_example(self) -> None:
        # (64M − 20M) / 20M = 220 %
        assert roi_percent(Decimal(64_000_000), Decimal(20_000_000)) == Decimal("220.00")

    def test_bcr(self) -> None:
        assert bcr(Decimal(28000), Decimal(9600)) == Decimal("2.92")  # 2.9166…
        assert bcr(Decimal(64_000_000), Decimal(20_000_000)) == Decimal("3.20")

    def test_no_benefit_is_minus_100(self) -> None:
        assert roi_percent(Decimal(0), Decimal(9600)) == Decimal("-100.00")

    def test_cost_must_be_positive(self) -> None:
        with pytest.raises(ValueError):
            roi_percent(Decimal(1), Decimal(0))
        with pytest.raises(ValueError):
            bcr(Decimal(1), Decimal(-1))


class TestWorkshopCosts:
    def test_total_is_fully_loaded(self) -> None:
        costs = _eur_costs()
        assert costs.participants_time() == Decimal("3000")
        assert costs.total() == Decimal("9600")

    def test_rejects_floats_and_negatives(self) -> None:
        with pytest.raises(TypeError):
            WorkshopCosts(facilitator=1000.0)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            WorkshopCosts(materials=Decimal("-1"))


class TestMoney:
    def test_places(self) -> None:
        assert money_places("JPY") == 0
        assert money_places("EUR") == 2
        assert round_money(1234.565, "EUR") == Decimal("1234.57")
        assert round_money(1234.5, "JPY") == Decimal("1235")


class TestWorkshopRoi:
    def test_seed_example_through_the_monthly_benefit(self) -> None:
        # 8,000 churned MRR avoided + 20,000 expansion, one month → benefit 28,000 EUR
        roi = workshop_roi(
            _eur_costs(), churn_mrr_avoided=8000.0, expansion_mrr=20000.0, horizon_months=1
        )
        assert roi.benefit == Decimal("28000.00")
        assert roi.roi_percent == Decimal("191.67")
        assert roi.bcr == Decimal("2.92")
        assert roi.basis == "estimate"
        assert roi.roi_percent_ci is None  # no replicates given

    def test_first_year_benefit(self) -> None:
        # (1,000 + 1,333.33) × 12 = 27,999.96; ROI = 18,399.96 / 9,600 = 191.666…
        roi = workshop_roi(_eur_costs(), churn_mrr_avoided=1000.0, expansion_mrr=4000 / 3)
        assert roi.expansion_mrr_per_month == Decimal("1333.33")
        assert roi.benefit == Decimal("27999.96")
        assert roi.roi_percent == Decimal("191.67")

    def test_no_data_assumes_no_improvement(self) -> None:
        roi = workshop_roi(_eur_costs(), churn_mrr_avoided=None, expansion_mrr=float("nan"))
        assert roi.basis == "no_data"
        assert roi.benefit == Decimal(0)
        assert roi.roi_percent == Decimal("-100.00")
        assert roi.bcr == Decimal("0.00")
        assert roi.roi_percent_ci is None

    def test_negative_estimate_is_kept(self) -> None:
        roi = workshop_roi(_eur_costs(), churn_mrr_avoided=-100.0, expansion_mrr=0.0)
        assert roi.benefit == Decimal("-1200.00")
        assert roi.roi_percent == Decimal("-112.50")

    def test_normal_intervals_centred_on_the_estimate(self) -> None:
        # monthly benefit replicates 0, 1, …, 1000: SD (n − 1) = sqrt(1001 · 1002 / 12),
        # × 12 months, × 1.96 = 6,799.7 around the 6,000 benefit, rounded outwards to yen
        reps = np.column_stack([np.arange(1001.0), np.zeros(1001)])
        costs = WorkshopCosts(currency="JPY", facilitator=Decimal(6000))
        roi = workshop_roi(costs, churn_mrr_avoided=500.0, expansion_mrr=0.0, replicates=reps)
        half = 1.959963984540054 * 12 * math.sqrt(1001 * 1002 / 12)
        assert half == pytest.approx(6799.7, abs=0.05)
        assert roi.benefit == Decimal(6000)
        assert roi.benefit_ci == (Decimal(-800), Decimal(12800))
        assert roi.roi_percent_ci == (Decimal("-113.33"), Decimal("113.33"))
        assert roi.bcr_ci == (Decimal("-0.13"), Decimal("2.13"))
        assert roi.roi_percent == Decimal("0.00")

    def test_interval_holds_the_estimate_on_skewed_replicates(self) -> None:
        # replicates all far above the estimate: a percentile interval would exclude it
        reps = np.column_stack([np.linspace(900.0, 1000.0, 200), np.zeros(200)])
        costs = WorkshopCosts(currency="EUR", facilitator=Decimal(1000))
        roi = workshop_roi(costs, churn_mrr_avoided=10.0, expansion_mrr=0.0, replicates=reps)
        assert roi.benefit_ci is not None and roi.roi_percent_ci and roi.bcr_ci
        assert roi.benefit_ci[0] <= roi.benefit <= roi.benefit_ci[1]
        assert roi.roi_percent_ci[0] <= roi.roi_percent <= roi.roi_percent_ci[1]
        assert roi.bcr_ci[0] <= roi.bcr <= roi.bcr_ci[1]

    def test_rounding_never_pushes_the_interval_off_the_estimate(self) -> None:
        # no spread and sub-yen monthly amounts: the benefit is rounded per month first
        reps = np.full((50, 2), 0.4)
        costs = WorkshopCosts(currency="JPY", facilitator=Decimal(7))
        roi = workshop_roi(costs, churn_mrr_avoided=0.4, expansion_mrr=0.4, replicates=reps)
        assert roi.benefit == Decimal(0)
        assert roi.benefit_ci is not None and roi.roi_percent_ci and roi.bcr_ci
        assert roi.benefit_ci[0] <= Decimal(0) <= roi.benefit_ci[1]
        assert roi.roi_percent_ci[0] <= roi.roi_percent <= roi.roi_percent_ci[1]

    def test_needs_a_cost(self) -> None:
        with pytest.raises(ValueError, match="cost"):
            workshop_roi(WorkshopCosts(), churn_mrr_avoided=1.0, expansion_mrr=1.0)
