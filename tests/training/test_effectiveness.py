"""Metric definitions, DiD, bootstrap and verdicts of training.effectiveness.

Expected values are computed by hand (in the comments) or independently in the test, never
taken from the code under test.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from training.causal import HealthFrame, Overlap, WeightedSample
from training.effectiveness import (
    CANNOT_SUPPORT_EN,
    NO_EFFECT_EN,
    NO_EFFECT_JA,
    NOT_MEASURABLE_EN,
    CheckpointEffect,
    evaluate_checkpoint,
    evaluate_workshop,
    format_verdict,
)
from training.metrics import (
    METRICS,
    AccountFrame,
    EventFrame,
    EventKind,
    MetricDef,
    aggregate_window,
    from_day,
    mrr_at,
    to_day,
    window_metrics,
)
from training.roi import WorkshopCosts
from training.simulate import (
    HEALTH_SCENARIOS,
    HealthCohort,
    HealthScenario,
    simulate_health_cohort,
)


def _metric(key: str) -> MetricDef:
    return next(d for d in METRICS if d.key == key)


class TestFrames:
    def test_days_round_trip(self) -> None:
        assert to_day(date(1970, 1, 1)) == 0
        assert to_day(date(1970, 1, 31)) == 30
        assert from_day(to_day(date(2025, 4, 1))) == date(2025, 4, 1)
        assert to_day(123) == 123

    def test_account_rows(self) -> None:
        frame = AccountFrame.from_rows(
            [
                (501, "Enterprise", "IT", date(2024, 1, 1), None),
                (502, "mid-market", "Retail", None, Decimal("1200.50")),
                (503, "SMB", None, 19000, 0),
            ]
        )
        assert frame.n == 3
        assert frame.tier.tolist() == [0, 1, 2]
        assert frame.ids.tolist() == [501, 502, 503]
        assert frame.opening_mrr.tolist() == [0.0, 1200.5, 0.0]
        assert frame.created_day[0] == to_day(date(2024, 1, 1))
        assert frame.segments[frame.segment[1]] == "Retail"
        assert frame.indices_of([503, 501]).tolist() == [2, 0]
        with pytest.raises(ValueError, match="unknown account id"):
            frame.indices_of([999])

    def test_account_rows_reject_bad_tier_and_duplicates(self) -> None:
        with pytest.raises(ValueError, match="row 0: tier"):
            AccountFrame.from_rows([(1, "Gold", None, None, None)])
        with pytest.raises(ValueError, match="duplicate"):
            AccountFrame.from_rows([(1, "SMB", None, None, None), (1, "SMB", None, None, None)])

    def test_event_rows_by_id_and_validation(self) -> None:
        accounts = AccountFrame.from_rows(
            [(10, "SMB", None, None, None), (20, "SMB", None, None, None)]
        )
        events = EventFrame.from_rows(
            [
                (20, date(2025, 1, 1), "new", 100),
                (20, date(2025, 2, 1), "Expansion", Decimal("25.5")),
                (10, 20000, EventKind.NEW, 50.0),
            ],
            account_index=accounts.index_by_id,
        )
        assert events.account.tolist() == [1, 1, 0]
        assert events.kind.tolist() == [0, 1, 0]
        assert events.delta.tolist() == [100.0, 25.5, 50.0]
        with pytest.raises(ValueError, match="row 0: churn needs a negative"):
            EventFrame.from_rows([(0, 1, "churn", 10)])
        with pytest.raises(ValueError, match="row 0: expansion needs a positive"):
            EventFrame.from_rows([(0, 1, "expansion", -10)])
        with pytest.raises(ValueError, match="row 1: kind"):
            EventFrame.from_rows([(0, 1, "new", 10), (0, 2, "upgrade", 5)])
        with pytest.raises(ValueError, match="unknown account"):
            EventFrame.from_rows([(99, 1, "new", 10)], account_index=accounts.index_by_id)

    def test_mrr_at_counts_events_before_the_day_and_opening(self) -> None:
        accounts = AccountFrame.from_arrays([2, 2], created_day=[5, 50], opening_mrr=[0, 70])
        events = EventFrame.from_arrays([0, 0, 0], [5, 10, 20], [0, 1, 2], [100, 30, -40])
        # day 10: only the new event (day 5) is before; the expansion on day 10 is not
        assert mrr_at(accounts, events, 10).tolist() == [100.0, 0.0]
        assert mrr_at(accounts, events, 11).tolist() == [130.0, 0.0]
        # account 1 was created on day 50 with opening MRR 70
        assert mrr_at(accounts, events, 51).tolist() == [90.0, 70.0]


def _tiny_window_frames() -> tuple[AccountFrame, EventFrame]:
    """Seven accounts; window [100, 130). See TestWindowMetrics for the hand computation."""
    accounts = AccountFrame.from_arrays(
        [2] * 7,
        created_day=[10, 20, 30, 40, 115, 50, 60],
        opening_mrr=[0, 0, 0, 0, 0, 0, 100],
    )
    rows = [
        (0, 10, "new", 1000),
        (0, 110, "expansion", 200),
        (1, 20, "new", 500),
        (1, 105, "contraction", -100),
        (2, 30, "new", 300),
        (2, 120, "churn", -300),
        (3, 40, "new", 200),
        (3, 101, "churn", -200),
        (3, 125, "reactivation", 250),
        (4, 115, "new", 800),  # created inside the window: not in the population
        (5, 50, "new", 400),
        (5, 90, "churn", -400),  # gone before the window: not in the population
        (6, 100, "contraction", -20),  # on the start day: inside
        (6, 130, "expansion", 50),  # on the end day: outside
    ]
    return accounts, EventFrame.from_rows(rows)


class TestWindowMetrics:
    """Population: accounts 0, 1, 2, 3, 6 (5 accounts).

    start MRR 1000 + 500 + 300 + 200 + 100 = 2100; expansion 200 + 250 (reactivation) = 450;
    contraction 100 + 20 = 120; churned 300 + 200 = 500; lost: account 2 only (account 3
    came back); expanded: accounts 0 and 3.
    """

    def test_per_account_aggregates(self) -> None:
        accounts, events = _tiny_window_frames()
        agg = aggregate_window(accounts, events, 100, 130)
        assert agg.present.tolist() == [True, True, True, True, False, False, True]
        assert agg.start_mrr.tolist() == [1000, 500, 300, 200, 0, 0, 100]
        assert agg.expansion.tolist() == [200, 0, 0, 250, 0, 0, 0]
        assert agg.contraction.tolist() == [0, 100, 0, 0, 0, 0, 20]
        assert agg.churned.tolist() == [0, 0, 300, 200, 0, 0, 0]
        assert agg.end_mrr.tolist() == [1200, 400, 0, 250, 0, 0, 80]
        assert agg.lost.tolist() == [False, False, True, False, False, False, False]
        assert agg.expanded.tolist() == [True, False, False, True, False, False, False]

    def test_metrics_by_hand(self) -> None:
        accounts, events = _tiny_window_frames()
        m = window_metrics(aggregate_window(accounts, events, 100, 130))
        assert m.accounts == 5
        assert m.start_mrr == 2100
        assert m.expansion_mrr == 450
        assert m.contraction_mrr == 120
        assert m.churned_mrr == 500
        assert m.nrr == pytest.approx(100 * 1930 / 2100)  # 91.90 %
        assert m.grr == pytest.approx(100 * 1480 / 2100)  # 70.48 %
        assert m.logo_churn == pytest.approx(20.0)  # 1 of 5
        assert m.gross_mrr_churn == pytest.approx(100 * 500 / 2100)
        assert m.contraction_rate == pytest.approx(100 * 120 / 2100)
        assert m.expansion_share == pytest.approx(40.0)  # 2 of 5
        assert m.expansion_rate == pytest.approx(100 * 450 / 2100)
        assert m.expansion_mrr_per_account == pytest.approx(90.0)
        assert m.start == date(1970, 4, 11) and m.end == date(1970, 5, 11)

    def test_weighted_metrics_by_hand(self) -> None:
        accounts, events = _tiny_window_frames()
        agg = aggregate_window(accounts, events, 100, 130)
        # account 0 counted twice: start 3100, expansion 650, contraction 120, churned 500
        m = window_metrics(agg, idx=[0, 1, 2, 3, 6], weights=[2, 1, 1, 1, 1])
        assert m.accounts == 6
        assert m.nrr == pytest.approx(100 * 3130 / 3100)
        assert m.logo_churn == pytest.approx(100 / 6)
        assert m.expansion_share == pytest.approx(300 / 6)

    def test_empty_population_is_not_measurable(self) -> None:
        accounts, events = _tiny_window_frames()
        m = window_metrics(aggregate_window(accounts, events, 100, 130), idx=[4, 5])
        assert m.accounts == 0
        assert m.nrr is None and m.logo_churn is None and m.expansion_share is None


def _did_frames() -> tuple[AccountFrame, EventFrame]:
    """Attendees 0, 1 and comparison accounts 2, 3, 4, workshop day 200.

    Pre window [170, 200), post window [200, 230). The tests give the comparison accounts
    equal weights 2/3 (a hand-made weighted sample) so the arithmetic can be checked by hand.
    """
    accounts = AccountFrame.from_arrays([2] * 5)
    rows = [
        (0, 0, "new", 100),
        (0, 175, "expansion", 50),
        (0, 210, "expansion", 30),
        (1, 0, "new", 200),
        (1, 220, "churn", -200),
        (2, 0, "new", 100),
        (2, 180, "contraction", -10),
        (2, 230, "expansion", 1000),  # after the post window
        (3, 0, "new", 100),
        (3, 205, "churn", -100),
        (4, 0, "new", 100),
        (4, 190, "expansion", 20),
        (4, 229, "expansion", 12),  # last day inside the post window
    ]
    return accounts, EventFrame.from_rows(rows)


class TestDifferenceInDifferences:
    """By hand (comparison weights are 2/3 each, which cancel in every ratio):

    attending pre:  start 300, expansion 50            → NRR 350/300, expanded 1/2, lost 0
    attending post: start 350, expansion 30, churn 200 → NRR 180/350, expanded 1/2, lost 1/2
    comparison pre: start 300, expansion 20, contr. 10 → NRR 310/300, expanded 1/3, lost 0
    comparison post: start 310, expansion 12, churn 100 → NRR 222/310, expanded 1/3, lost 1/3
    """

    def _effect(self, **kwargs: Any) -> CheckpointEffect:
        accounts, events = _did_frames()
        sample = WeightedSample(
            workshop_day=200,
            attending=np.array([0, 1]),
            comparison=np.array([2, 3, 4]),
            comparison_weight=np.full(3, 2 / 3),
            unmatched=np.empty(0, dtype=np.int64),
            ineligible=np.empty(0, dtype=np.int64),
            n_candidates=3,
            balance=(),
            overlap=Overlap(
                attendees=2,
                without_support=0,
                share_without_support=0.0,
                caliper=0.0,
                propensity_attendees_median=None,
                propensity_comparison_median=None,
            ),
            fit=None,
        )
        return evaluate_checkpoint(
            accounts, events, [0, 1], 200, 30, sample=sample, n_boot=200, seed=1, **kwargs
        )

    def test_point_estimates_by_hand(self) -> None:
        eff = self._effect()
        assert eff.status == "ok"
        assert (eff.n_attending, eff.n_comparison, eff.n_strata) == (2, 3, 0)
        nrr = eff.estimate("nrr")
        assert nrr.attending_pre == pytest.approx(100 * 350 / 300)
        assert nrr.attending_post == pytest.approx(100 * 180 / 350)
        assert nrr.comparison_pre == pytest.approx(100 * 310 / 300)
        assert nrr.comparison_post == pytest.approx(100 * 222 / 310)
        expected = 100 * ((180 / 350 - 350 / 300) - (222 / 310 - 310 / 300))  # −33.52 pts
        assert nrr.did == pytest.approx(expected)
        # churn: post-window risk difference among accounts alive on the workshop day
        churn = eff.estimate("logo_churn")
        assert churn.design == "post"
        assert churn.did == pytest.approx(100 * (1 / 2 - 1 / 3))
        assert eff.estimate("gross_mrr_churn").did == pytest.approx(100 * (200 / 350 - 100 / 310))
        assert eff.estimate("expansion_share").did == pytest.approx(0.0)
        # expansion MRR per account: (15 − 25) − (4 − 20/3)
        assert eff.estimate("expansion_mrr_per_account").did == pytest.approx(-10 + 8 / 3)
        assert eff.estimate("grr").did == pytest.approx(
            100 * ((150 / 350 - 300 / 300) - (210 / 310 - 290 / 300))
        )
        # weighted comparison group: weights 2/3 sum to the 2 attendees
        assert eff.comparison_post is not None and eff.comparison_post.accounts == pytest.approx(2)
        assert eff.post_window == (from_day(200), from_day(230))
        assert eff.pre_window == (from_day(170), from_day(200))

    def test_small_groups_warn_and_withhold_the_verdict(self) -> None:
        eff = self._effect()
        codes = [n.code for n in eff.notices]
        assert codes.count("small_sample") == 2
        assert eff.support == "unsupported"
        assert [r.code for r in eff.support_reasons] == ["few_attendees"]
        assert all(e.verdict_en == CANNOT_SUPPORT_EN for e in eff.estimates)
        assert all(not e.detectable for e in eff.estimates)

    def test_standard_error_of_the_risk_difference(self) -> None:
        # fixed weights (no fitted score): IF variance = p1(1−p1)/n1 + Σw²(y−p0)²/(Σw)²
        eff = self._effect()
        churn = eff.estimate("logo_churn")
        var_att = (0.5 * 0.5) / 2
        var_cmp = (2 / 3) ** 2 * ((1 - 1 / 3) ** 2 + 2 * (1 / 3) ** 2) / 2**2
        assert churn.se == pytest.approx(100 * math.sqrt(var_att + var_cmp))

    def test_monthly_benefit_from_did(self) -> None:
        eff = self._effect()
        # churned MRR avoided = −(post-window gross MRR churn difference) × start MRR (350)
        gross = 200 / 350 - 100 / 310
        assert eff.churn_mrr_avoided_per_month == pytest.approx(-gross * 350)
        exp_rate = (30 / 350 - 50 / 300) - (12 / 310 - 20 / 300)
        assert eff.expansion_mrr_per_month == pytest.approx(exp_rate * 350)


class TestVerdict:
    def test_positive_effect(self) -> None:
        en, ja = format_verdict(_metric("expansion_share"), 6.1, (1.2, 11.0))
        assert en == "expansion +6.1 pts (95% CI 1.2–11.0)"
        assert ja == "拡大したアカウントの割合 +6.1ポイント（95%信頼区間 1.2〜11.0）"

    def test_negative_effect_uses_to(self) -> None:
        en, ja = format_verdict(_metric("logo_churn"), -3.0, (-5.5, -0.4))
        assert en == "logo churn −3.0 pts (95% CI −5.5 to −0.4)"
        assert ja == "ロゴチャーン率 −3.0ポイント（95%信頼区間 −5.5〜−0.4）"

    def test_interval_covering_zero(self) -> None:
        assert format_verdict(_metric("nrr"), 2.0, (-0.5, 4.5)) == (NO_EFFECT_EN, NO_EFFECT_JA)
        assert format_verdict(_metric("nrr"), 2.0, None) == (NO_EFFECT_EN, NO_EFFECT_JA)

    def test_money_metric(self) -> None:
        en, ja = format_verdict(
            _metric("expansion_mrr_per_account"), 12345.4, (1000.2, 23000.0), currency="JPY"
        )
        assert en == "expansion MRR per account +12,345 JPY (95% CI 1,000–23,000)"
        # a Japanese reader writes the amount with the yen sign, never "12,345 JPY"
        assert "+￥12,345（95%信頼区間 ￥1,000〜￥23,000）" in ja and "JPY" not in ja

    def test_not_measurable(self) -> None:
        assert format_verdict(_metric("nrr"), None, None)[0] == NOT_MEASURABLE_EN


SCENARIO = HealthScenario(
    name="test", expansion_effect=0.10, churn_effect=-0.04, health_effect=5.0, selection=1.5
)


@pytest.fixture(scope="module")
def cohort() -> HealthCohort:
    """20,000 accounts, healthier ones attend; +10 pts expansion, −4 pts churn, +5 health."""
    return simulate_health_cohort(SCENARIO, 20_000, seed=11)


def _evaluate(cohort: HealthCohort, k: int = 90, **kwargs: Any) -> CheckpointEffect:
    return evaluate_checkpoint(
        cohort.accounts,
        cohort.events,
        cohort.attending,
        cohort.workshop_day,
        k,
        health=cohort.health,
        **kwargs,
    )


class TestCheckpoints:
    def test_planted_effect_recovered(self, cohort: HealthCohort) -> None:
        eff = _evaluate(cohort, seed=5)
        assert eff.status == "ok" and eff.support == "supported"
        assert eff.n_attending == len(cohort.attending) - eff.n_unmatched
        assert eff.n_comparison > 10_000
        exp = eff.estimate("expansion_share")
        churn = eff.estimate("logo_churn")
        assert exp.ci_low is not None and exp.ci_high is not None
        assert churn.ci_low is not None and churn.ci_high is not None
        assert exp.ci_low < cohort.true_expansion * 100 < exp.ci_high
        assert churn.ci_low < cohort.true_churn * 100 < churn.ci_high
        assert exp.detectable and churn.detectable
        assert exp.verdict_en.startswith("expansion +")
        assert churn.verdict_en.startswith("logo churn −")
        # the naive comparison is far off; the estimate is not
        naive = cohort.naive_expansion * 100
        assert (
            abs(exp.did - cohort.true_expansion * 100)
            < abs(naive - cohort.true_expansion * 100) / 2
        )  # type: ignore[operator]
        assert eff.roi is None
        assert not [n for n in eff.notices if n.code == "small_sample"]

    def test_health_is_an_early_outcome(self, cohort: HealthCohort) -> None:
        eff = _evaluate(cohort, k=30, seed=5)
        assert eff.health is not None and eff.health.unit == "points"
        assert eff.health.ci_low is not None and eff.health.ci_high is not None
        assert eff.health.ci_low > 0  # +5 points planted
        assert eff.health.did == pytest.approx(5.0, abs=2.5)
        assert eff.health.e_value is not None and eff.health.e_value > 1

    def test_weighting_balances_the_covariates(self, cohort: HealthCohort) -> None:
        eff = _evaluate(cohort, n_boot=50)
        by_name = {b.covariate: b for b in eff.balance}
        # healthier accounts attend: imbalanced before weighting, balanced after
        assert (by_name["health"].smd_before or 0) > 0.5
        for name in ("health", "health_3m_mean", "health_trend_90d", "log_mrr", "tier:SMB"):
            assert abs(by_name[name].smd_after or 0) < 0.1, name
        assert "pre_expanded" not in by_name  # never the pre-period outcome
        assert eff.overlap is not None and eff.overlap.share_without_support < 0.05

    def test_diagnostics(self, cohort: HealthCohort) -> None:
        eff = _evaluate(cohort, n_boot=50)
        assert [p.metric for p in eff.placebo] == ["expansion_share"]
        assert eff.placebo[0].design == "placebo"
        exp = eff.estimate("expansion_share")
        assert exp.e_value is not None and exp.e_value_ci is not None
        assert exp.e_value > exp.e_value_ci >= 1.0

    def test_no_effect_cohort_covers_zero(self) -> None:
        cohort = simulate_health_cohort(HEALTH_SCENARIOS[0], 20_000, seed=12)
        eff = _evaluate(cohort, seed=6)
        for key in ("expansion_share", "logo_churn", "nrr"):
            est = eff.estimate(key)
            assert est.ci_low is not None and est.ci_high is not None
            assert est.ci_low <= 0.0 <= est.ci_high, key
            assert est.verdict_en == NO_EFFECT_EN
            assert est.verdict_ja == NO_EFFECT_JA

    def test_poor_overlap_withholds_the_verdict(self, cohort: HealthCohort) -> None:
        # only the least healthy accounts as candidates: most attendees have no comparable one
        health = cohort.health
        w = cohort.workshop_day
        latest = np.full(cohort.accounts.n, np.nan)
        sel = health.day < w
        latest[health.account[sel]] = health.score[sel]  # days ascend: last one wins
        candidates = np.flatnonzero(latest < np.nanquantile(latest, 0.2))
        eff = _evaluate(cohort, candidates=candidates, n_boot=50)
        assert eff.overlap is not None and eff.overlap.share_without_support > 0.10
        assert eff.support == "unsupported"
        assert "poor_overlap" in [r.code for r in eff.support_reasons]
        assert all(e.verdict_en == CANNOT_SUPPORT_EN for e in eff.estimates)

    def test_checkpoint_zero_is_not_measurable(self, cohort: HealthCohort) -> None:
        effects = evaluate_workshop(
            cohort.accounts,
            cohort.events,
            cohort.attending,
            cohort.workshop_day,
            (0, 30),
            health=cohort.health,
            n_boot=50,
        )
        day0, day30 = effects
        assert day0.status == "not_measurable"
        assert all(e.verdict_en == NOT_MEASURABLE_EN and e.did is None for e in day0.estimates)
        assert day0.n_attending == day30.n_attending > 0  # sample sizes are still reported
        assert day30.status == "ok" and day30.checkpoint_days == 30

    def test_checkpoint_not_reached(self, cohort: HealthCohort) -> None:
        eff = _evaluate(cohort, as_of=cohort.workshop_day + 89, n_boot=50)
        assert eff.status == "not_measurable"
        assert "not reached" in eff.reason

    def test_no_data_assumes_no_improvement(self, cohort: HealthCohort) -> None:
        costs = WorkshopCosts(currency="JPY", facilitator=Decimal(300_000))
        eff = evaluate_checkpoint(
            cohort.accounts, cohort.events, [], cohort.workshop_day, 90, costs=costs
        )
        assert eff.status == "no_data"
        assert all(e.verdict_en == NO_EFFECT_EN for e in eff.estimates)
        assert eff.roi is not None
        assert eff.roi.roi_percent == Decimal("-100.00")
        assert eff.roi.benefit == 0 and eff.roi.basis == "no_data"

    def test_roi_carries_an_interval(self, cohort: HealthCohort) -> None:
        costs = WorkshopCosts(currency="JPY", facilitator=Decimal(50_000_000))
        eff = _evaluate(cohort, costs=costs, n_boot=300)
        roi = eff.roi
        assert roi is not None and roi.basis == "estimate"
        assert eff.churn_mrr_avoided_per_month is not None
        assert eff.expansion_mrr_per_month is not None
        monthly = round(eff.churn_mrr_avoided_per_month) + round(eff.expansion_mrr_per_month)
        assert roi.benefit == Decimal(monthly * 12)
        expected_roi = (Decimal(monthly * 12) - 50_000_000) / 50_000_000 * 100
        assert roi.roi_percent == expected_roi.quantize(Decimal("0.01"))
        assert roi.roi_percent_ci is not None
        assert roi.roi_percent_ci[0] < roi.roi_percent < roi.roi_percent_ci[1]

    def test_excluded_accounts_are_not_comparisons(self, cohort: HealthCohort) -> None:
        alive = mrr_at(cohort.accounts, cohort.events, cohort.workshop_day) > 0
        alive[cohort.attending] = False
        candidates = np.flatnonzero(alive)
        eff = _evaluate(cohort, k=30, excluded=candidates[:5000], n_boot=20)
        assert eff.n_candidates == len(candidates) - 5000

    def test_result_encodes_to_json(self, cohort: HealthCohort) -> None:
        import msgspec

        eff = _evaluate(cohort, k=30, n_boot=20)
        decoded = msgspec.json.decode(msgspec.json.encode(eff))
        assert decoded["checkpoint_days"] == 30
        assert len(decoded["estimates"]) == len(METRICS)
        assert msgspec.json.decode(msgspec.json.encode(eff), type=CheckpointEffect) == eff


def test_health_scored_only_after_the_workshop_is_not_a_covariate() -> None:
    cohort = simulate_health_cohort(HEALTH_SCENARIOS[1], 3000, seed=4)
    h = cohort.health
    after = h.day >= cohort.workshop_day
    late = HealthFrame.from_arrays(h.account[after], h.day[after], h.score[after])
    eff = evaluate_checkpoint(
        cohort.accounts, cohort.events, cohort.attending, cohort.workshop_day, 90, health=late
    )
    assert "health_not_before" in [n.code for n in eff.notices]
    names = {b.covariate for b in eff.balance}
    assert "health" not in names and "log_mrr" in names  # nothing to balance on
    assert all(math.isfinite(b.attending_before) for b in eff.balance)  # stores as JSON
