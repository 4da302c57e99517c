"""Sensitivity to a hidden confounder: E-values, bounding factor and the widened intervals,
checked against hand computation and a brute-force search over binary confounders."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training.effectiveness import NO_EFFECT_EN, format_verdict
from training.metrics import METRICS
from training.sensitivity import (
    MODEST_CONFOUNDER_RR,
    bias_factor,
    e_value,
    risk_difference_bounds,
    sensitivity_p,
    standardised_bounds,
)

CHURN = next(d for d in METRICS if d.key == "logo_churn")


def test_e_value_by_hand() -> None:
    # VanderWeele & Ding 2017: RR + sqrt(RR (RR - 1)); RR 2 -> 2 + sqrt 2; 1/RR below 1
    assert e_value(2.0) == pytest.approx(2.0 + math.sqrt(2.0))
    assert e_value(0.5) == pytest.approx(2.0 + math.sqrt(2.0))
    assert e_value(1.0) == pytest.approx(1.0)
    assert e_value(3.9) == pytest.approx(3.9 + math.sqrt(3.9 * 2.9))  # their worked example
    assert e_value(0.0) is None and e_value(None) is None


def test_bias_factor_is_the_worst_binary_confounder() -> None:
    """Ding & VanderWeele 2016: a binary U with RR_UD = RR_UY = G biases the risk ratio by at
    most G^2 / (2G - 1). Search the prevalences of U among attendees (p1) and the others (p0)
    with p1 / p0 <= G: the bias (1 + (G - 1) p1) / (1 + (G - 1) p0) never exceeds it, and
    comes within 0.1 % of it."""
    for strength in (1.25, 1.5, 2.0, 3.0):
        p0 = np.linspace(1e-4, 1.0, 4001)
        p1 = np.minimum(strength * p0, 1.0)
        bias = (1 + (strength - 1) * p1) / (1 + (strength - 1) * p0)
        assert bias.max() <= bias_factor(strength) + 1e-12
        assert bias.max() == pytest.approx(bias_factor(strength), rel=1e-3)
    assert bias_factor(1.5) == pytest.approx(1.125)


@given(st.floats(1.0001, 50.0))
def test_the_e_value_is_the_strength_whose_bias_factor_is_the_risk_ratio(rr: float) -> None:
    assert bias_factor(e_value(rr) or 0.0) == pytest.approx(rr, rel=1e-9)


def test_risk_difference_bounds_by_hand() -> None:
    # baseline 10 pts, CI -4 to -1: RR 0.6 and 0.9; divided / multiplied by B = 1.125
    low, high = risk_difference_bounds(10.0, -4.0, -1.0, 1.5) or (0.0, 0.0)
    assert low == pytest.approx(10 * (0.6 / 1.125 - 1))  # -4.667
    assert high == pytest.approx(10 * (0.9 * 1.125 - 1))  # +0.125
    # a noisy interval reaching below -baseline keeps its own end
    low, high = risk_difference_bounds(3.0, -5.0, 1.0, 1.5) or (0.0, 0.0)
    assert low == -5.0 and high == pytest.approx(3 * (4 / 3 * 1.125 - 1))
    assert risk_difference_bounds(0.0, -1.0, 1.0) is None


def test_standardised_bounds_by_hand() -> None:
    # SD 8 points: the shift is 8 ln(1.125) / 0.91 = 1.0355 points on each side
    low, high = standardised_bounds(8.0, 1.0, 3.0, 1.5) or (0.0, 0.0)
    assert low == pytest.approx(1.0 - 8 * math.log(1.125) / 0.91)
    assert high == pytest.approx(3.0 + 8 * math.log(1.125) / 0.91)


@settings(max_examples=300)
@given(
    baseline=st.floats(0.5, 60.0),
    centre=st.floats(-40.0, 40.0),
    half=st.floats(0.01, 20.0),
)
def test_robust_exactly_when_the_interval_end_has_an_e_value_above_the_strength(
    baseline: float, centre: float, half: float
) -> None:
    low, high = centre - half, centre + half
    bounds = risk_difference_bounds(baseline, low, high)
    assert bounds is not None
    assert bounds[0] <= low and bounds[1] >= high  # never narrower
    robust = not (bounds[0] <= 0.0 <= bounds[1])
    if low <= 0.0 <= high:
        assert not robust
        return
    near = low if low > 0 else high
    e_near = e_value(max(baseline + near, 1e-12) / baseline) or 1.0
    if abs(e_near - MODEST_CONFOUNDER_RR) > 1e-6:
        assert robust == (e_near >= MODEST_CONFOUNDER_RR)


def test_verdict_wording() -> None:
    en, ja = format_verdict(CHURN, -0.6, (-1.1, -0.1), robust=False)
    assert en.startswith("logo churn \u22120.6 pts (95% CI \u22121.1 to \u22120.1)")
    assert "not conclusive" in en and "1.5" in en
    assert "結論は出せません" in ja and "1.5" in ja
    en, _ = format_verdict(CHURN, -3.0, (-5.5, -0.4), robust=True)
    assert "not conclusive" not in en
    en, _ = format_verdict(CHURN, -0.2, (-1.0, 0.6), robust=False)
    assert en == NO_EFFECT_EN
    # robust on its own, but not once the checkpoint's nine outcomes are judged together
    en, ja = format_verdict(CHURN, -3.0, (-5.5, -0.4), robust=True, joint=False, family_size=9)
    assert "judged together with the other 8 outcomes" in en and "(Holm)" in en
    assert "他の8指標と合わせて判定すると" in ja
    en, _ = format_verdict(CHURN, -3.0, (-5.5, -0.4), robust=True, joint=True, family_size=9)
    assert "not conclusive" not in en


def test_no_churned_attendee_is_not_a_proven_reduction() -> None:
    """0 of 147 attendees churned: the influence function gives their share no variance at
    all; the attendees' part of the SE is then the Agresti–Coull one, by hand:
    ñ = 147 + 1.96² = 150.8415, p̃ = 1.9207 / ñ = 0.012734, p̃ (1 − p̃) / ñ = 8.334e-5."""
    from training.effectiveness import _rare_event_se

    z = 1.959963984540054
    if_att = np.zeros(400)  # 147 attendees with no churn, 253 comparison rows
    se = _rare_event_se(0.003, if_att, 0.0, 147, z)
    assert se == pytest.approx(math.sqrt(0.003**2 + 8.3342e-5), rel=1e-4)
    # with many churned attendees the influence function's own variance already exceeds it
    share, n = 0.3, 400
    own = np.r_[np.full(120, 0.7), np.full(280, -0.3)] / (n / n)  # (x - p) / (n1 / n), n1 = n
    assert _rare_event_se(0.05, own, share, n, z) == pytest.approx(0.05)


def test_sensitivity_p_by_hand() -> None:
    """Risk scale: baseline 10 pts, estimate −4 ± 1 (SE): with B = 1.125 the upper end
    clears 0 while it stays below −10 (1 − 1/1.125) = −1.1111, so the margin is
    4 − 1.1111 = 2.8889 SEs and p = erfc(2.8889 / √2) = 0.003866. Standardised: SD 8 points,
    estimate 3 ± 0.8: shift 8 ln 1.125 / 0.91 = 1.0355, margin (3 − 1.0355) / 0.8."""
    p = sensitivity_p(-4.0, 1.0, baseline=10.0)
    assert p == pytest.approx(math.erfc((4 - 10 * (1 - 1 / 1.125)) / math.sqrt(2)))
    assert p == pytest.approx(0.003866, abs=2e-6)
    # above 0 the lower end must clear b (B - 1) = 1.25
    assert sensitivity_p(4.0, 1.0, baseline=10.0) == pytest.approx(math.erfc(2.75 / math.sqrt(2)))
    shift = 8 * math.log(1.125) / 0.91
    p = sensitivity_p(3.0, 0.8, sd=8.0)
    assert p == pytest.approx(math.erfc((3 - shift) / 0.8 / math.sqrt(2)))
    # a bias-aware widening comes off the margin; no baseline or SD: the plain p-value
    assert sensitivity_p(3.0, 0.8, extra=0.5, sd=8.0) == pytest.approx(
        math.erfc((2.5 - shift) / 0.8 / math.sqrt(2))
    )
    assert sensitivity_p(2.0, 1.0) == pytest.approx(math.erfc(2 / math.sqrt(2)))
    assert sensitivity_p(0.5, 1.0, baseline=10.0) == 1.0  # inside the bias: no evidence
    assert sensitivity_p(1.0, float("nan")) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    baseline=st.one_of(st.none(), st.floats(0.5, 60.0)),
    sd=st.floats(0.5, 40.0),
    estimate=st.floats(-30.0, 30.0),
    se=st.floats(0.05, 8.0),
    extra=st.floats(0.0, 3.0),
)
def test_sensitivity_p_is_where_the_widened_interval_starts_to_exclude_0(
    baseline: float | None, sd: float, estimate: float, se: float, extra: float
) -> None:
    """Brute force: widen the interval ``estimate ± (z se + extra)`` with the product's own
    bounds at 400 levels and find where it first excludes 0; the closed form agrees."""
    from scipy.stats import norm

    alphas = np.linspace(1e-4, 0.9999, 400)

    def excludes(alpha: float) -> bool:
        z = float(norm.ppf(1 - alpha / 2))
        low, high = estimate - z * se - extra, estimate + z * se + extra
        bounds = (
            risk_difference_bounds(baseline, low, high)
            if baseline is not None
            else standardised_bounds(sd, low, high)
        )
        assert bounds is not None
        return not (bounds[0] <= 0.0 <= bounds[1])

    p = sensitivity_p(
        estimate, se, extra=extra, baseline=baseline, sd=None if baseline is not None else sd
    )
    assert p is not None
    for alpha in alphas:
        if abs(alpha - p) > 2e-3:  # away from the boundary the two must agree exactly
            assert excludes(float(alpha)) == (p <= alpha), (alpha, p)


def test_change_sd_is_the_linearised_change_by_brute_force() -> None:
    """NRR, GRR and expansion MRR per account are ratios of sums; the SD their sensitivity
    analysis standardises by is the weighted SD of each comparison account's linearised
    change. Brute force: an account's linearised value is Σw times the derivative of the
    weighted metric with respect to its own weight (numerical, 1e-7), independent of the
    delta-method code."""
    from types import SimpleNamespace

    from training.effectiveness import _change_sd, _metric_fn
    from training.metrics import N_SUMS

    rng = np.random.default_rng(4)
    n = 60
    start = rng.lognormal(10, 0.6, n)
    exp = np.where(rng.uniform(size=n) < 0.3, start * rng.uniform(0.1, 0.5, n), 0.0)
    con = np.where(rng.uniform(size=n) < 0.1, start * 0.1, 0.0)
    churned = (rng.uniform(size=n) < 0.08).astype(float)

    def window(scale: float) -> np.ndarray:
        s = start * scale
        return np.column_stack(
            [np.ones(n), s, exp * scale, con, churned * s, churned, exp > 0]
        ).astype(float)

    values = np.hstack([window(1.0), window(1.05)[:, :N_SUMS]])
    weights = rng.uniform(0.2, 3.0, n)
    sample = SimpleNamespace(comparison_weight=weights)
    got = _change_sd(sample, values)  # type: ignore[arg-type]

    def metric(w: np.ndarray) -> np.ndarray:
        return _metric_fn((w @ values) / w.sum())

    base = metric(weights)
    eps = 1e-7
    lin = np.empty((n, base.shape[0]))
    for i in range(n):
        bumped = weights.copy()
        bumped[i] += eps
        lin[i] = (metric(bumped) - base) / eps * weights.sum()
    m = base.shape[0] // 2
    change = lin[:, m:] - lin[:, :m]
    expected = np.sqrt(weights @ (change**2) / weights.sum())
    finite = np.isfinite(expected)
    assert got[finite] == pytest.approx(expected[finite], rel=1e-3, abs=1e-6)
    keys = [d.key for d in METRICS]
    for key in ("nrr", "grr", "expansion_mrr_per_account"):
        assert expected[keys.index(key)] > 1e-5  # the continuous outcomes do vary
