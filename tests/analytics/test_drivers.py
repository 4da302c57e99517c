"""Key-driver analysis, checked against independent implementations written here."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from analytics.drivers import (
    AGAINST,
    FIX_FIRST,
    KEEP_UP,
    LOW_PRIORITY,
    MONITOR,
    key_drivers,
    relative_weights,
    shapley_r2,
)


def johnson_data_matrix(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson (2000) as in the paper, on data matrices rather than correlation matrices.

    Standardise X and y to unit-length centred columns; X = P Δ Qᵀ (SVD); Z = P Qᵀ is the
    orthonormal counterpart closest to X. Λ* = ZᵀX regresses X on Z, β = Zᵀy regresses y on
    Z; the raw weight of X_j is Σ_k Λ*_kj² β_k².
    """
    xs = X - X.mean(axis=0)
    xs = xs / np.linalg.norm(xs, axis=0)
    ys = y - y.mean()
    ys = ys / np.linalg.norm(ys)
    p_mat, _delta, qt = np.linalg.svd(xs, full_matrices=False)
    z = p_mat @ qt
    lam_star = z.T @ xs  # (k, j)
    beta = z.T @ ys
    return np.asarray((lam_star**2 * (beta**2)[:, None]).sum(axis=0))


def r2_lstsq(X: np.ndarray, y: np.ndarray, cols: tuple[int, ...]) -> float:
    if not cols:
        return 0.0
    a = np.column_stack([np.ones(len(y)), X[:, list(cols)]])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    resid = y - a @ coef
    tss = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float(resid @ resid) / tss


def shapley_brute_force(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Shapley values of R² by running a regression on every subset (no caching tricks)."""
    p = X.shape[1]
    phi = np.zeros(p)
    for j in range(p):
        others = [k for k in range(p) if k != j]
        for size in range(p):
            w = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for s in itertools.combinations(others, size):
                with_j = tuple(sorted((*s, j)))
                phi[j] += w * (r2_lstsq(X, y, with_j) - r2_lstsq(X, y, s))
    return phi


def correlated_data(n: int, p: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    X = 0.6 * common + rng.normal(size=(n, p))
    coef = np.linspace(1.0, 0.1, p)
    y = X @ coef + rng.normal(scale=1.5, size=n)
    return X, y


def ratings(
    n: int, coef: list[float], seed: int, noise: float = 1.5
) -> tuple[np.ndarray, np.ndarray]:
    """1–5 driver ratings and a 0–10 score driven by them."""
    rng = np.random.default_rng(seed)
    X = rng.integers(1, 6, size=(n, len(coef))).astype(float)
    latent = X @ np.array(coef) + rng.normal(scale=noise, size=n)
    latent = (latent - latent.mean()) / latent.std()
    y = np.clip(np.round(7 + 2 * latent), 0, 10)
    return X, y


class TestRelativeWeights:
    def test_matches_data_matrix_formulation(self) -> None:
        X, y = correlated_data(800, 5, seed=1)
        np.testing.assert_allclose(relative_weights(X, y), johnson_data_matrix(X, y), atol=1e-10)

    def test_sum_is_r2(self) -> None:
        X, y = correlated_data(500, 6, seed=2)
        assert relative_weights(X, y).sum() == pytest.approx(r2_lstsq(X, y, tuple(range(6))))

    def test_two_predictors_equal_shapley(self) -> None:
        # For p = 2 relative weights and the Shapley/LMG decomposition coincide exactly
        # (both equal the average of each predictor's two marginal R² contributions);
        # checked to rounding error.
        for seed in range(4):
            X, y = correlated_data(300, 2, seed=seed)
            np.testing.assert_allclose(relative_weights(X, y), shapley_r2(X, y), atol=1e-10)

    def test_rejects_nan(self) -> None:
        X, y = correlated_data(50, 2, seed=0)
        X[0, 0] = np.nan
        with pytest.raises(ValueError):
            relative_weights(X, y)


class TestShapley:
    def test_matches_brute_force_subset_regressions(self) -> None:
        X, y = correlated_data(400, 5, seed=3)
        np.testing.assert_allclose(shapley_r2(X, y), shapley_brute_force(X, y), atol=1e-10)

    def test_sums_to_r2(self) -> None:
        X, y = correlated_data(400, 7, seed=4)
        assert shapley_r2(X, y).sum() == pytest.approx(r2_lstsq(X, y, tuple(range(7))))

    def test_identical_drivers_get_equal_shares(self) -> None:
        X, y = correlated_data(400, 3, seed=5)
        X = np.column_stack([X, X[:, 0]])
        phi = shapley_r2(X, y)
        assert phi[0] == pytest.approx(phi[3], abs=1e-10)
        assert phi.sum() == pytest.approx(r2_lstsq(X, y, (0, 1, 2)))
        np.testing.assert_allclose(phi, shapley_brute_force(X, y), atol=1e-8)

    def test_unrelated_driver_gets_about_zero(self) -> None:
        rng = np.random.default_rng(6)
        n = 5000
        X = rng.normal(size=(n, 4))
        y = X[:, 0] + 0.5 * X[:, 1] + 0.3 * X[:, 2] + rng.normal(size=n)  # column 3 unrelated
        phi = shapley_r2(X, y)
        assert phi[3] / phi.sum() < 0.005
        rw = relative_weights(X, y)
        assert rw[3] / rw.sum() < 0.005

    def test_twelve_drivers(self) -> None:
        X, y = correlated_data(600, 12, seed=7)
        phi = shapley_r2(X, y)
        assert phi.sum() == pytest.approx(r2_lstsq(X, y, tuple(range(12))))
        assert np.all(phi >= 0)

    def test_more_than_twelve_refused(self) -> None:
        X, y = correlated_data(600, 13, seed=7)
        with pytest.raises(ValueError):
            shapley_r2(X, y)


class TestKeyDrivers:
    def test_result_structure_and_ranking(self) -> None:
        X, y = ratings(3000, [1.0, 0.5, 0.2, 0.0], seed=8)
        names = ["support", "price", "speed", "colour"]
        res = key_drivers(X, y, names, n_boot=100, seed=1)
        assert res.ok and res.n == 3000 and res.n_rows_dropped == 0
        assert [d.name for d in res.drivers] == names
        assert [d.rank for d in res.drivers] == [1, 2, 3, 4]
        assert sum(d.share_pct for d in res.drivers) == pytest.approx(100.0)
        assert sum(d.raw_weight for d in res.drivers) == pytest.approx(res.r2)
        assert res.r2 == pytest.approx(r2_lstsq(X, y, (0, 1, 2, 3)))
        for d in res.drivers:
            assert d.ci_low is not None and d.ci_high is not None
            assert d.ci_low <= d.share_pct <= d.ci_high
            assert d.shapley_share_pct is not None
            assert d.mean_rating == pytest.approx(X[:, names.index(d.name)].mean())
        assert sum(d.shapley_share_pct or 0 for d in res.drivers) == pytest.approx(100.0)
        assert res.n_boot == 100
        # "speed" (0.2) and "colour" (0.0) are well separated at n = 3000
        assert res.ranking_settled

    def test_bootstrap_interval_is_plausible(self) -> None:
        # the bootstrap SD of a share should match the spread over independent samples
        X, y = ratings(2000, [1.0, 0.6], seed=9)
        res = key_drivers(X, y, ["a", "b"], n_boot=300, seed=2)
        width = res.drivers[0].ci_high - res.drivers[0].ci_low  # type: ignore[operator]
        shares = []
        for seed in range(40):
            Xs, ys = ratings(2000, [1.0, 0.6], seed=100 + seed)
            w = relative_weights(Xs, ys)
            shares.append(100 * w[0] / w.sum())
        expected_width = 2 * 1.96 * float(np.std(shares, ddof=1))
        assert 0.6 * expected_width < width < 1.6 * expected_width

    def test_reproducible_with_seed(self) -> None:
        X, y = ratings(500, [1.0, 0.5, 0.2], seed=10)
        a = key_drivers(X, y, ["a", "b", "c"], n_boot=50, seed=3)
        b = key_drivers(X, y, ["a", "b", "c"], n_boot=50, seed=3)
        assert a == b

    def test_overlapping_drivers_named(self) -> None:
        X, y = ratings(400, [0.8, 0.8, 0.1], seed=11)
        res = key_drivers(X, y, ["support", "price", "speed"], n_boot=200, seed=4)
        assert not res.ranking_settled
        text = " ".join(res.messages)
        assert "cannot be told apart: their intervals overlap" in text
        assert "support" in text and "price" in text

    def test_priority_quadrants(self) -> None:
        rng = np.random.default_rng(12)
        n = 4000
        # important & low rated, important & high rated, minor & high rated, minor & low rated
        lo = rng.integers(1, 4, size=n)  # 1–3
        hi = rng.integers(3, 6, size=n)  # 3–5
        X = np.column_stack(
            [lo, hi, rng.integers(3, 6, size=n), rng.integers(1, 4, size=n)]
        ).astype(float)
        y = np.clip(
            np.round(
                2 * X[:, 0] + 2 * X[:, 1] + 0.2 * X[:, 2] + 0.2 * X[:, 3] - 5 + rng.normal(size=n)
            ),
            0,
            10,
        )
        res = key_drivers(X, y, ["wait", "staff", "parking", "music"], n_boot=0)
        quadrant = {d.name: d.quadrant for d in res.drivers}
        assert quadrant == {
            "wait": FIX_FIRST,
            "staff": KEEP_UP,
            "parking": MONITOR,
            "music": LOW_PRIORITY,
        }
        assert res.importance_split == pytest.approx(25.0)
        assert any("Fix first: wait" in m for m in res.messages)
        assert not res.ranking_settled  # no bootstrap, no claim

    def test_negative_driver_is_never_fix_first(self) -> None:
        """Issue 18 (8): a driver correlating about −0.85 with the score is not a lever."""
        rng = np.random.default_rng(21)
        n = 600
        effort = rng.integers(1, 6, size=n).astype(float)  # 5 = "a lot of effort"
        staff = rng.integers(1, 6, size=n).astype(float)
        # low mean rating on purpose: unsigned, it was "important and under-performing"
        effort = np.where(rng.random(n) < 0.5, np.minimum(effort, 2), effort)
        y = np.clip(np.round(11 - 2 * effort + 0.3 * staff + rng.normal(0, 0.6, n)), 0, 10)
        res = key_drivers(np.column_stack([effort, staff]), y, ["effort", "staff"], n_boot=0)
        by_name = {d.name: d for d in res.drivers}
        assert by_name["effort"].correlation < -0.8
        assert by_name["effort"].share_pct > 50
        assert by_name["effort"].mean_rating < by_name["staff"].mean_rating
        assert by_name["effort"].quadrant == AGAINST
        assert by_name["staff"].quadrant in (KEEP_UP, MONITOR, FIX_FIRST, LOW_PRIORITY)
        assert not any("Fix first: effort" in m for m in res.messages)
        assert any("effort goes down when the score goes up" in m for m in res.messages)

    def test_every_interval_holds_its_share_on_small_skewed_samples(self) -> None:
        """Issue 18 (2): with 12 answers a tiny share's resamples all lie above it (and a
        dominant share's below it); the published interval still contains the share."""
        stretched = 0
        for seed in range(60):
            rng = np.random.default_rng(seed)
            X = rng.integers(1, 6, size=(12, 3)).astype(float)
            y = np.clip(np.round(2 * X[:, 0] + rng.normal(0, 1, 12)), 0, 10)
            res = key_drivers(X, y, ["a", "b", "c"], n_boot=200, seed=seed)
            for d in res.drivers:
                assert d.ci_low is not None and d.ci_high is not None
                assert d.ci_low <= d.share_pct <= d.ci_high, (seed, d)
                stretched += d.share_pct in (d.ci_low, d.ci_high)
        assert stretched >= 3  # the skewed case is really exercised (seeds 11, 37, 43, 49)

    def test_constant_driver_dropped_with_message(self) -> None:
        X, y = ratings(300, [1.0, 0.5, 0.3], seed=13)
        X[:, 1] = 4.0
        res = key_drivers(X, y, ["a", "b", "c"], n_boot=20)
        assert res.ok
        assert [d.name for d in res.drivers if d.name == "b"] == []
        assert [(d.name, d.reason) for d in res.dropped] == [("b", "everyone rated it 4")]
        assert any("Everyone rated b 4" in m for m in res.messages)
        assert sum(d.share_pct for d in res.drivers) == pytest.approx(100.0)

    def test_missing_values_listwise_with_count(self) -> None:
        X, y = ratings(300, [1.0, 0.5, 0.3], seed=14)
        X[:7, 0] = np.nan
        X[5:10, 2] = np.nan  # rows 5–6 overlap: 10 rows in all
        y[20] = np.nan
        res = key_drivers(X, y, ["a", "b", "c"], n_boot=20)
        assert res.ok and res.n == 289 and res.n_rows_dropped == 11
        assert any("11 of 300 answers" in m and "listwise" in m for m in res.messages)
        keep = ~np.isnan(X).any(axis=1) & ~np.isnan(y)
        assert res.r2 == pytest.approx(r2_lstsq(X[keep], y[keep], (0, 1, 2)))

    def test_driver_with_no_answers(self) -> None:
        X, y = ratings(200, [1.0, 0.5], seed=15)
        X = np.column_stack([X, np.full(200, np.nan)])
        res = key_drivers(X, y, ["a", "b", "new"], n_boot=10)
        assert res.ok and res.n == 200 and res.n_rows_dropped == 0
        assert [d.name for d in res.dropped] == ["new"]
        assert any("new has no answers" in m for m in res.messages)

    def test_small_n_warns_but_computes(self) -> None:
        X, y = ratings(25, [1.0, 0.5, 0.3], seed=16)
        res = key_drivers(X, y, ["a", "b", "c"], n_boot=50)
        assert res.ok and res.n == 25
        assert any("Only 25 complete answers" in m and "recommended" in m for m in res.messages)

    def test_too_few_rows_is_a_message_not_an_exception(self) -> None:
        X, y = ratings(4, [1.0, 0.5, 0.3], seed=17)
        res = key_drivers(X, y, ["a", "b", "c"])
        assert not res.ok and res.drivers == []
        assert any("too few" in m for m in res.messages)

    def test_constant_score(self) -> None:
        X, _ = ratings(100, [1.0, 0.5], seed=18)
        res = key_drivers(X, np.full(100, 9.0), ["a", "b"])
        assert not res.ok and any("same score" in m for m in res.messages)

    def test_constant_group_is_named_not_a_score(self) -> None:
        """eNPS drivers explain each answer's class (+100/0/−100): everyone a promoter is one
        group, not "the same score (100)", a score nobody can give."""
        X, _ = ratings(40, [1.0, 0.5], seed=18)
        groups = {100.0: "promoters", 0.0: "passives", -100.0: "detractors"}
        for outcome, name in groups.items():
            res = key_drivers(X, np.full(40, outcome), ["a", "b"], outcome_groups=groups)
            assert not res.ok and res.messages == [
                f"Everyone is in the same group ({name}), so there is nothing to explain."
            ]

    def test_methods_disagree_message(self) -> None:
        # strongly collinear drivers of similar importance; for this seed relative weights
        # rank a > c > b and Shapley c > a > b (found by trying seeds, checked below)
        rng = np.random.default_rng(8)
        n = 100
        X = 1.5 * rng.normal(size=(n, 1)) + rng.normal(size=(n, 4))
        y = X @ np.array([0.5, 0.45, 0.4, 0.1]) + 2 * rng.normal(size=n)
        assert list(np.argsort(-relative_weights(X, y))) != list(np.argsort(-shapley_r2(X, y)))
        res = key_drivers(X, y, ["a", "b", "c", "d"], n_boot=0)
        assert any(d.rank != d.rank_shapley for d in res.drivers)
        assert any(
            "Relative weights and Shapley order a and c differently" in m for m in res.messages
        )
