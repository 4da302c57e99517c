"""The negative-control correction of the churn comparison (:mod:`training.negative_control`),
checked against hand computation on a simulated cohort."""

from __future__ import annotations

import math

import msgspec
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from training.causal import weight_accounts
from training.metrics import aggregate_window, mrr_at
from training.negative_control import NC_END, NC_START, churn_bias, counterfactual_share
from training.simulate_selection import DESIGNS, simulate_selection_cohort


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_counterfactual_share_by_hand() -> None:
    # 12 % over 6 months is a monthly hazard of 1 - 0.88^(1/6); shift it by 0.5 on the logit
    monthly = 1.0 - 0.88 ** (1.0 / 6.0)
    shifted = _expit(_logit(monthly) + 0.5)
    expected = 1.0 - (1.0 - shifted) ** 6
    got = counterfactual_share(np.array([0.12]), 6.0, np.array([0.5]))
    assert got[0] == pytest.approx(expected, rel=1e-12)


@given(
    share=st.floats(0.0, 0.95),
    months=st.floats(0.2, 12.0),
    delta=st.floats(-3.0, 3.0),
)
def test_counterfactual_share_moves_with_the_shift(
    share: float, months: float, delta: float
) -> None:
    base = counterfactual_share(np.array([share]), months, np.array([0.0]))[0]
    moved = counterfactual_share(np.array([share]), months, np.array([delta]))[0]
    assert base == pytest.approx(share, abs=1e-9)
    assert 0.0 <= moved <= 1.0
    if share > 0:
        assert (moved - share) * delta >= -1e-12  # a healthier shift never raises churn


def test_churn_bias_by_hand() -> None:
    """The bias is the comparison accounts' churn with its monthly hazard shifted by minus
    the difference in the logit of the monthly upsell hazard a year before (½ added to
    each group's counts), minus their churn: recomputed here from the raw windows."""
    design = next(d for d in DESIGNS if d.name == "hidden health, no trace")
    cohort = simulate_selection_cohort(
        msgspec.structs.replace(design, n_accounts=800), seed=3, truth_draws=1
    )
    w, k = cohort.workshop_day, 90
    sample = weight_accounts(
        cohort.accounts,
        mrr_at(cohort.accounts, cohort.events, w),
        cohort.attending,
        w,
        health=cohort.health,
        events=cohort.events,
    )
    control = aggregate_window(cohort.accounts, cohort.events, w - NC_START, w - NC_END)
    post = aggregate_window(cohort.accounts, cohort.events, w, w + k)
    att, cmp_, wt = sample.attending, sample.comparison, sample.comparison_weight

    def monthly_logit(upsold: float, present: float) -> float:
        share = (upsold + 0.5) / (present + 1.0)
        return _logit(1.0 - (1.0 - share) ** (1.0 / 6.0))

    p_att = control.present[att]
    p_cmp = control.present[cmp_]
    delta = monthly_logit(
        float((control.expanded[att] & p_att).sum()), float(p_att.sum())
    ) - monthly_logit(float(wt @ (control.expanded[cmp_] & p_cmp)), float(wt @ p_cmp))
    churn = float(wt @ (post.lost[cmp_] & post.present[cmp_])) / float(wt @ post.present[cmp_])
    monthly = 1.0 - (1.0 - churn) ** (1.0 / 3.0)
    expected = 1.0 - (1.0 - _expit(_logit(monthly) - delta)) ** 3 - churn

    def sums(agg: object, idx: np.ndarray) -> np.ndarray:
        from training.metrics import window_values

        return window_values(agg, idx)  # type: ignore[arg-type]

    result = churn_bias(
        sample, sums(control, att), sums(control, cmp_), sums(post, att), sums(post, cmp_), k
    )
    assert result is not None
    value, influence = result
    assert delta > 0  # the hidden trait: attendees upsold more a year before
    assert value[0] == pytest.approx(expected, rel=1e-9)
    assert value[0] < 0  # so their churn without the workshop was lower
    assert influence.shape == (sample.n_rows, 2)
    # an influence function is centred (up to the propensity model's tiny ridge)
    assert abs(float(influence[:, 0].mean())) < 0.01 * float(influence[:, 0].std())
    # no history a year before the workshop: no correction
    empty = np.zeros_like(sums(control, att))
    assert (
        churn_bias(sample, empty, sums(control, cmp_), sums(post, att), sums(post, cmp_), k) is None
    )
