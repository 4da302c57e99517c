"""Propensity score, ATT weights, influence functions, overlap, E-values and health history.

Expected values are computed by hand or independently (closed forms, a refitting bootstrap),
never taken from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from training.balance import balance_table, standardized_mean_difference
from training.causal import (
    HealthFrame,
    e_value,
    fit_propensity,
    group_means,
    health_at,
    health_change,
    weight_accounts,
)
from training.metrics import AccountFrame


class TestPropensity:
    def test_binary_covariate_reproduces_group_shares(self) -> None:
        # MLE with one binary covariate: e(x) = share treated within each x group
        x = np.r_[np.zeros(600), np.ones(400)]
        d = np.r_[np.ones(60), np.zeros(540), np.ones(200), np.zeros(200)]
        fit = fit_propensity(x[:, None], d)
        assert fit.converged
        assert fit.score[0] == pytest.approx(0.10, rel=0.01)
        assert fit.score[-1] == pytest.approx(0.50, rel=0.01)

    def test_constant_covariates_give_equal_weights(self) -> None:
        accounts = AccountFrame.from_arrays([2] * 10)
        mrr = np.full(10, 100.0)
        sample = weight_accounts(accounts, mrr, [0, 1, 2], 500)
        np.testing.assert_allclose(sample.comparison_weight, np.full(7, 3 / 7))
        assert sample.comparison_effective_n == pytest.approx(7.0)


def _synthetic(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = rng.uniform(-2.0, 2.0, n)
    d = (rng.random(n) < 1 / (1 + np.exp(-(-1.0 + 1.2 * x)))).astype(float)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-0.5 + 0.8 * x + 0.5 * d)))).astype(float)
    return x, d, y


def _att(x: np.ndarray, d: np.ndarray, y: np.ndarray) -> float:
    # the product's model for a lone size covariate: log MRR and its square (curvature)
    fit = fit_propensity(np.column_stack([x, (x - x.mean()) ** 2]), d)
    e = fit.score[d == 0]
    w = e / (1 - e)
    return float(y[d == 1].mean() - w @ y[d == 0] / w.sum())


class TestInfluenceFunction:
    def test_standard_error_matches_a_refitting_bootstrap(self) -> None:
        rng = np.random.default_rng(1)
        x, d, y = _synthetic(1500, rng)
        accounts = AccountFrame.from_arrays([2] * len(x))
        treated = np.flatnonzero(d == 1)
        # the covariate enters as log(1 + MRR)
        sample = weight_accounts(accounts, np.exp(x + 5), treated, 10)
        x = np.log1p(np.exp(x + 5))
        assert len(sample.unmatched) == 0
        means = group_means(sample, y[sample.attending][:, None], y[sample.comparison][:, None])
        infl = means.if_attending[:, 0] - means.if_comparison[:, 0]
        se_if = math.sqrt(float(infl @ infl)) / sample.n_rows
        # independent: nonparametric bootstrap that refits the propensity score each time
        reps = []
        for _ in range(300):
            i = rng.integers(0, len(x), len(x))
            reps.append(_att(x[i], d[i], y[i]))
        se_boot = float(np.std(reps))
        assert se_if == pytest.approx(se_boot, rel=0.15)
        point = float(means.attending[0] - means.comparison[0])
        assert point == pytest.approx(_att(x, d, y), abs=1e-6)

    def test_fixed_weights_give_the_weighted_mean_variance(self) -> None:
        accounts = AccountFrame.from_arrays([2] * 6)
        sample = weight_accounts(accounts, np.full(6, 50.0), [0, 1], 100)
        y_att = np.array([[1.0], [0.0]])
        y_cmp = np.array([[1.0], [0.0], [0.0], [0.0]])
        means = group_means(sample, y_att, y_cmp)
        assert means.attending[0] == 0.5 and means.comparison[0] == 0.25
        infl = means.if_attending[:, 0] - means.if_comparison[:, 0]
        # var = p1(1-p1)/n1 + p0(1-p0)/n0 with equal weights
        assert float(infl @ infl) / 36 == pytest.approx(0.25 / 2 + 0.1875 / 4)


class TestOverlap:
    def test_attendees_outside_the_candidates_range_are_reported(self) -> None:
        rng = np.random.default_rng(3)
        n = 400
        mrr = np.exp(rng.normal(5, 1, n))
        att = np.flatnonzero(mrr > np.quantile(mrr, 0.8))  # the top fifth attend
        mrr[att[:10]] *= 1e6  # ten attendees far beyond every candidate
        accounts = AccountFrame.from_arrays([2] * n)
        sample = weight_accounts(accounts, mrr, att, 10)
        assert sample.overlap.without_support >= 10
        assert set(att[:10].tolist()) <= set(sample.unmatched.tolist())
        assert sample.overlap.share_without_support == pytest.approx(
            sample.overlap.without_support / len(att)
        )
        assert len(sample.attending) + len(sample.unmatched) == len(att)


class TestEValue:
    def test_published_example(self) -> None:
        # VanderWeele & Ding (2017): RR 3.9 → E-value 7.26; lower limit 1.8 → 3.0
        assert e_value(3.9) == pytest.approx(7.26, abs=0.01)
        assert e_value(1.8) == pytest.approx(3.0, abs=0.01)

    def test_protective_and_null(self) -> None:
        assert e_value(0.5) == pytest.approx(2 + math.sqrt(2))
        assert e_value(1.0) == 1.0
        assert e_value(None) is None and e_value(0.0) is None


class TestHealthHistory:
    def _frame(self) -> HealthFrame:
        # account 0: 50 on day 10, 70 on day 40; account 1: 80 on day 5; account 2: none
        return HealthFrame.from_arrays([0, 0, 1], [10, 40, 5], [50.0, 70.0, 80.0])

    def test_latest_before_a_day(self) -> None:
        score, when = health_at(self._frame(), 3, 40)
        assert score[0] == 50.0 and when[0] == 10  # day 40 itself is not "before"
        assert score[1] == 80.0
        assert math.isnan(score[2])
        score, _ = health_at(self._frame(), 3, 41)
        assert score[0] == 70.0

    def test_old_scores_do_not_describe_the_day(self) -> None:
        score, _ = health_at(self._frame(), 3, 100)
        assert score[0] == 70.0  # 60 days old
        assert math.isnan(score[1])  # 95 days old

    def test_change_over_a_window(self) -> None:
        change = health_change(self._frame(), 3, 20, 50)
        assert change[0] == pytest.approx(20.0)  # 70 (day 40) − 50 (day 10)
        assert math.isnan(change[1])  # nothing scored in the window

    def test_rejects_scores_outside_0_100(self) -> None:
        with pytest.raises(ValueError, match="0–100"):
            HealthFrame.from_arrays([0], [1], [101.0])


class TestBalance:
    def test_smd_formula(self) -> None:
        assert standardized_mean_difference(1.0, 0.0, 1.0, 1.0) == 1.0
        assert standardized_mean_difference(1.0, 1.0, 0.0, 0.0) == 0.0
        assert standardized_mean_difference(1.0, 0.0, 0.0, 0.0) is None

    def test_weighted_balance_by_hand(self) -> None:
        att = np.array([[1.0], [3.0]])
        cmp_ = np.array([[0.0], [2.0], [4.0]])
        row = balance_table(["x"], att, cmp_, att, cmp_, np.array([0.0, 1.0, 1.0]))[0]
        # before: means 2 vs 2; after: weighted comparison mean (2 + 4) / 2 = 3
        assert row.smd_before == 0.0
        pooled = math.sqrt((1.0 + 8 / 3) / 2)
        assert row.smd_after == pytest.approx((2 - 3) / pooled)

    def test_missing_values_are_left_out(self) -> None:
        att = np.array([[1.0], [np.nan]])
        cmp_ = np.array([[1.0], [1.0]])
        row = balance_table(["x"], att, cmp_, att, cmp_, np.ones(2))[0]
        assert row.attending_before == 1.0
