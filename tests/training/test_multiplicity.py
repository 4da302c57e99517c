"""Joint claims over a checkpoint's outcomes: the graphical procedure against Holm by hand,
Holm itself by hand, and the family-wise error rate by simulation under the null."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training.multiplicity import (
    PRIMARY,
    graphical_adjusted,
    holm_adjusted,
    look_alpha,
    outcome_graph,
)

ALL = (
    "logo_churn",
    "gross_mrr_churn",
    "contraction_rate",
    "expansion_share",
    "expansion_rate",
    "expansion_mrr_per_account",
    "nrr",
    "grr",
    "health",
)


def test_holm_by_hand() -> None:
    # sorted 0.01, 0.03, 0.04 -> 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, max(0.06, 1 x 0.04) = 0.06
    adjusted = holm_adjusted({"a": 0.04, "b": 0.01, "c": 0.03})
    assert adjusted == pytest.approx({"a": 0.06, "b": 0.03, "c": 0.06})
    assert holm_adjusted({"a": 0.6, "b": 0.9}) == pytest.approx({"a": 1.0, "b": 1.0})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=9))
def test_a_complete_graph_with_equal_weights_is_holm(ps: list[float]) -> None:
    p = {str(i): v for i, v in enumerate(ps)}
    m = len(p)
    weights = {k: 1.0 / m for k in p}
    transitions = {k: {j: 1.0 / (m - 1) for j in p if j != k} for k in p}
    adjusted = graphical_adjusted(p, weights, transitions)
    expected = holm_adjusted(p)
    assert adjusted == pytest.approx(expected, abs=1e-12)


def test_the_product_graph_by_hand() -> None:
    weights, transitions = outcome_graph(ALL)
    assert {k for k, v in weights.items() if v > 0} == set(PRIMARY)
    assert all(weights[k] == pytest.approx(0.2) for k in PRIMARY)
    assert transitions["logo_churn"] == {"gross_mrr_churn": 1.0}
    assert transitions["grr"] == {"contraction_rate": 1.0}
    assert transitions["expansion_share"] == {
        "expansion_rate": 0.5,
        "expansion_mrr_per_account": 0.5,
    }
    # an outcome restating nothing passes its level to the other primaries
    quarters = {"logo_churn": 0.25, "expansion_share": 0.25, "grr": 0.25, "health": 0.25}
    assert transitions["nrr"] == pytest.approx(quarters)
    p = dict.fromkeys(ALL, 0.5) | {"logo_churn": 0.004, "gross_mrr_churn": 0.03}
    adjusted = graphical_adjusted(p, weights, transitions)
    # logo churn: 0.004 / 0.2 = 0.02, claimed; its 0.2 goes to gross MRR churn: 0.03 / 0.2
    assert adjusted["logo_churn"] == pytest.approx(0.02)
    assert adjusted["gross_mrr_churn"] == pytest.approx(0.15)
    # the restating outcomes of expansion get nothing until expansion is claimed
    p = dict.fromkeys(ALL, 0.9) | {"expansion_rate": 0.001, "expansion_share": 0.008}
    adjusted = graphical_adjusted(p, weights, transitions)
    assert adjusted["expansion_share"] == pytest.approx(0.04)  # 0.008 / 0.2
    # then 0.001 / (0.2 / 2) = 0.01, but never below the step that opened it
    assert adjusted["expansion_rate"] == pytest.approx(0.04)
    # without health scores the four other primaries share the level
    weights, _ = outcome_graph([k for k in ALL if k != "health"])
    assert weights["logo_churn"] == pytest.approx(0.25)


def test_family_wise_error_under_the_null_by_simulation() -> None:
    """Nine independent null p-values, 4,000 draws: the share of draws with any adjusted
    p-value <= 0.05 stays at or under 5 % (binomial noise allowed: 4,000 draws give a SD of
    0.34 points), where nine unadjusted tests would claim something in 37 %."""
    rng = np.random.default_rng(13)
    weights, transitions = outcome_graph(ALL)
    draws = rng.uniform(size=(4000, len(ALL)))
    any_claim = 0
    raw_claim = 0
    for row in draws:
        p = dict(zip(ALL, row.tolist(), strict=True))
        adjusted = graphical_adjusted(p, weights, transitions)
        any_claim += min(adjusted.values()) <= 0.05
        raw_claim += float(row.min()) <= 0.05
    assert any_claim / len(draws) <= 0.05 + 3 * 0.0035
    assert raw_claim / len(draws) > 0.3


def test_each_checkpoint_claims_at_its_share_of_alpha() -> None:
    """Pocock-type α-spending over the plan, by hand: f(t) = 0.05 ln(1 + (e − 1) t).
    Default plan +7/+30/+90/+180: f(7/180) = 0.05 ln(1.066822) = 0.0032342,
    f(30/180) = 0.05 ln(1.286380) = 0.0125916, f(90/180) = 0.05 ln(1.859141) = 0.0310057;
    the looks get f(t) − f(previous), summing to 0.05 over the plan."""
    default = [look_alpha(k, None, 0.05) for k in (7, 30, 90, 180)]
    assert default == pytest.approx([0.0032342, 0.0093574, 0.0184141, 0.0189943], abs=1e-6)
    assert sum(default) == pytest.approx(0.05)
    # day 0 is no look; a plan of +30/+90/+180 only
    assert look_alpha(30, (0, 30, 90, 180), 0.05) == pytest.approx(0.0125916, abs=1e-6)
    assert look_alpha(0, None, 0.05) == 0.0
    # a single look spends everything; a checkpoint outside the plan still gets a share
    assert look_alpha(90, (90,), 0.05) == pytest.approx(0.05)
    assert 0 < look_alpha(365, None, 0.05) < 0.05
    # over any plan the shares add up to alpha (a union bound across repeated looks)
    for plan in ((7, 30, 90, 180), (14, 60, 365), (1, 2, 3)):
        assert sum(look_alpha(k, plan, 0.05) for k in plan) == pytest.approx(0.05)


def test_the_estimator_judges_each_checkpoint_at_its_share() -> None:
    """evaluate_workshop passes its plan to every checkpoint: each verdict's claims are
    made at that checkpoint's share of 5 % (stored as ``claim_alpha``), and an outcome is
    claimed exactly when its adjusted p-value is within it."""
    import msgspec

    from training.effectiveness import evaluate_workshop
    from training.simulate_selection import DESIGNS, simulate_selection_cohort

    design = msgspec.structs.replace(
        next(d for d in DESIGNS if d.name == "strong effect"), n_accounts=1500
    )
    cohort = simulate_selection_cohort(design, seed=4, truth_draws=1)
    plan = (7, 30, 90, 180)
    effects = evaluate_workshop(
        cohort.accounts,
        cohort.events,
        cohort.attending,
        cohort.workshop_day,
        plan,
        health=cohort.health,
        n_boot=20,
    )
    claimed = 0
    for eff in effects:
        assert eff.claim_alpha == pytest.approx(look_alpha(eff.checkpoint_days, plan, 0.05))
        for e in (*eff.estimates, eff.health):
            if e is None or e.p_holm is None:
                continue
            supported = eff.support == "supported"
            assert e.detectable == (supported and e.p_holm <= eff.claim_alpha), e.metric
            claimed += e.detectable
    assert claimed > 0  # a strong effect is still claimed somewhere


def test_bracketed_interval_uses_the_imbens_manski_critical_value() -> None:
    """C solves Φ(C + Δ/σ) − Φ(−C) = 0.95 (Imbens & Manski 2004): 1.95996 at Δ = 0,
    1.68148 at Δ = σ (scipy brentq on the same equation gives 1.6814774), 1.64485 for a
    wide gap; the interval runs from the lower estimate − C σ to the upper + C σ."""
    from scipy import optimize, stats

    from training.effectiveness import _combine, _imbens_manski

    assert _imbens_manski(0.0, 1.0, 0.95, None) == pytest.approx(1.959964, abs=1e-6)
    by_hand = optimize.brentq(lambda c: stats.norm.cdf(c + 1) - stats.norm.cdf(-c) - 0.95, 1, 3)
    assert _imbens_manski(1.0, 1.0, 0.95, None) == pytest.approx(by_hand, abs=1e-6)
    assert _imbens_manski(50.0, 1.0, 0.95, None) == pytest.approx(1.644854, abs=1e-6)
    # two designs 10 apart, each with SE 1 (influence contributions of one account each)
    mid, se_mid, half, differ = _combine(0.0, 10.0, np.array([1.0]), np.array([1.0]), 1.96)
    assert mid == 5.0 and se_mid == pytest.approx(1.0) and differ
    c = _imbens_manski(10.0, 1.0, 0.95, None)
    assert half == pytest.approx(5.0 + c)  # reaches 0 − C and 10 + C
