"""Scores and intervals, checked against arithmetic written out here (not against the code)."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.scores import (
    NpsScore,
    ces_from_counts,
    ces_from_scores,
    compare_nps,
    compare_proportions,
    csat_from_counts,
    csat_from_scores,
    nps_from_counts,
    nps_from_scores,
    wilson_interval,
)

Z95 = 1.959963984540054  # standard-normal 97.5 % quantile


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2.0))


def wilson_by_hand(s: int, n: int, z: float = Z95) -> tuple[float, float]:
    p = s / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def mover_by_hand(p: int, pa: int, d: int, z: float = Z95) -> tuple[float, float]:
    """NPS interval in points, written out: Wilson limits per share, MOVER for pP − pD."""
    n = p + pa + d
    pp, pd = p / n, d / n
    lp, up = wilson_by_hand(p, n, z)
    ld, ud = wilson_by_hand(d, n, z)
    both = pp * (1 - pp) * pd * (1 - pd)
    r = -pp * pd / math.sqrt(both) if both else 0.0
    low = pp - pd - math.sqrt((pp - lp) ** 2 + (ud - pd) ** 2 - 2 * r * (pp - lp) * (ud - pd))
    high = pp - pd + math.sqrt((up - pp) ** 2 + (pd - ld) ** 2 - 2 * r * (up - pp) * (pd - ld))
    return 100 * max(-1.0, low), 100 * min(1.0, high)


class TestNps:
    def test_mover_wilson_by_hand_10_5_5(self) -> None:
        s = nps_from_counts(10, 5, 5)
        # point estimate: (10 - 5) / 20 = 25 points
        assert s.n == 20
        assert s.nps == pytest.approx(25.0)
        assert s.promoter_share == pytest.approx(0.5)
        assert s.passive_share == pytest.approx(0.25)
        assert s.detractor_share == pytest.approx(0.25)
        low, high = mover_by_hand(10, 5, 5)
        assert s.ci_low == pytest.approx(low, abs=1e-9)
        assert s.ci_high == pytest.approx(high, abs=1e-9)
        assert s.margin == pytest.approx((high - low) / 2, abs=1e-9)
        # Wilson(10/20) = [0.29930, 0.70070], Wilson(5/20) = [0.11186, 0.46870],
        # r = −0.125 / sqrt(0.25 · 0.1875) = −0.57735:
        # low  = 0.25 − sqrt(0.20070² + 0.21870² + 2 · 0.57735 · 0.20070 · 0.21870) = −0.12255
        # high = 0.25 + sqrt(0.20070² + 0.13814² + 2 · 0.57735 · 0.20070 · 0.13814) = 0.55229
        assert s.ci_low == pytest.approx(-12.255, abs=1e-3)
        assert s.ci_high == pytest.approx(55.229, abs=1e-3)
        assert s.low_n is True and s.message

    @pytest.mark.parametrize(
        ("counts", "nps"),
        [((0, 0, 1), -100), ((1, 0, 0), 100), ((0, 1, 0), 0), ((0, 1, 2), -66.67)],
    )
    def test_tiny_groups_contain_their_score(
        self, counts: tuple[int, int, int], nps: float
    ) -> None:
        # The adjusted-Wald interval of a lone detractor was [−98.5, 48.5] around −100.
        s = nps_from_counts(*counts)
        assert s.nps == pytest.approx(nps, abs=0.01)
        assert s.ci_low is not None and s.ci_high is not None
        assert s.ci_low <= s.nps <= s.ci_high
        assert (s.ci_low, s.ci_high) == pytest.approx(mover_by_hand(*counts))

    @settings(max_examples=400, deadline=None)
    @given(
        st.integers(0, 60),
        st.integers(0, 60),
        st.integers(0, 60),
        st.sampled_from([0.8, 0.95, 0.99]),
    )
    def test_interval_always_contains_the_score(
        self, p: int, pa: int, d: int, confidence: float
    ) -> None:
        s = nps_from_counts(p, pa, d, confidence)
        if s.n == 0:
            return
        assert s.ci_low is not None and s.ci_high is not None and s.nps is not None
        assert -100 <= s.ci_low <= s.nps <= s.ci_high <= 100

    @pytest.mark.parametrize("n", [5, 10, 30])
    def test_exact_coverage_near_95(self, n: int) -> None:
        """Coverage of the true NPS, enumerated over every multinomial outcome (no sampling)."""
        from scipy import stats

        coverage = []
        for true_p in (0.1, 0.3, 0.5, 0.7):
            for true_d in (0.05, 0.2, 0.4):
                if true_p + true_d > 0.95:
                    continue
                truth = 100 * (true_p - true_d)
                hit = 0.0
                for p in range(n + 1):
                    for d in range(n + 1 - p):
                        s = nps_from_counts(p, n - p - d, d)
                        assert s.ci_low is not None and s.ci_high is not None
                        if s.ci_low <= truth <= s.ci_high:
                            hit += stats.multinomial.pmf(
                                [p, n - p - d, d], n, [true_p, 1 - true_p - true_d, true_d]
                            )
                coverage.append(hit)
        assert 0.94 <= float(np.mean(coverage)) <= 0.975, coverage
        assert min(coverage) >= 0.87, coverage

    def test_interval_is_clipped_to_100(self) -> None:
        s = nps_from_counts(5, 0, 0)
        assert s.nps == 100.0
        assert s.ci_high == 100.0
        assert s.ci_low == pytest.approx(mover_by_hand(5, 0, 0)[0])
        # Wilson(5/5) lower limit 0.56552, Wilson(0/5) upper limit z²/(5 + z²) = 0.43448,
        # r = 0: low = 1 − sqrt(0.43448² + 0.43448²) = 0.38555
        assert s.ci_low == pytest.approx(38.555, abs=1e-3)

    def test_confidence_level_changes_z(self) -> None:
        s = nps_from_counts(40, 30, 30, confidence=0.90)
        z90 = 1.6448536269514722
        low, high = mover_by_hand(40, 30, 30, z90)
        assert s.margin == pytest.approx((high - low) / 2)
        assert s.ci_low == pytest.approx(low)
        assert s.low_n is False and s.message is None

    def test_no_answers(self) -> None:
        s = nps_from_counts(0, 0, 0)
        assert s.n == 0 and s.nps is None and s.ci_low is None and s.ci_high is None
        assert s.message

    def test_from_scores_bands(self) -> None:
        scores = [0, 6, 7, 8, 9, 10, 10, float("nan")]
        s = nps_from_scores(scores)
        assert (s.promoters, s.passives, s.detractors) == (3, 2, 2)
        assert s.nps == pytest.approx(100 * (3 - 2) / 7)
        assert nps_from_scores([]).nps is None

    def test_rejects_off_scale(self) -> None:
        with pytest.raises(ValueError):
            nps_from_scores([11])
        with pytest.raises(ValueError):
            nps_from_scores([7.5])
        with pytest.raises(ValueError):
            nps_from_counts(-1, 0, 0)


class TestWilson:
    def test_by_hand_8_of_10(self) -> None:
        low, high = wilson_interval(8, 10)
        p, n, z = 0.8, 10, Z95
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        assert low == pytest.approx(centre - half)
        assert high == pytest.approx(centre + half)
        # published value for 8/10 (e.g. Newcombe 1998 style tables): 0.490–0.943
        assert low == pytest.approx(0.4902, abs=1e-4)
        assert high == pytest.approx(0.9433, abs=1e-4)

    def test_extremes(self) -> None:
        low, high = wilson_interval(0, 20)
        assert low == 0.0
        assert high == pytest.approx(Z95**2 / (20 + Z95**2))
        low, high = wilson_interval(20, 20)
        assert high == 1.0
        with pytest.raises(ValueError):
            wilson_interval(0, 0)
        with pytest.raises(ValueError):
            wilson_interval(3, 2)


class TestCsat:
    def test_counts(self) -> None:
        c = csat_from_counts(8, 10)
        assert c.csat == pytest.approx(80.0)
        assert c.ci_low == pytest.approx(49.02, abs=0.01)
        assert c.ci_high == pytest.approx(94.33, abs=0.01)

    def test_scores_share_of_4_and_5(self) -> None:
        c = csat_from_scores([1, 2, 3, 4, 5, 5, 4, 4])
        assert (c.satisfied, c.n) == (5, 8)
        assert c.csat == pytest.approx(62.5)

    def test_empty(self) -> None:
        c = csat_from_scores([])
        assert c.n == 0 and c.csat is None and c.message


class TestCes:
    def test_mean_t_interval_and_easy_share(self) -> None:
        answers = [7, 6, 6, 5, 5, 4, 3, 7, 2, 6, 5, 7]
        s = ces_from_scores(answers)
        mean = statistics.fmean(answers)
        sd = statistics.stdev(answers)
        t_975_df11 = 2.200985160082949
        half = t_975_df11 * sd / math.sqrt(len(answers))
        assert s.mean == pytest.approx(mean)
        assert s.sd == pytest.approx(sd)
        assert s.ci_low == pytest.approx(mean - half)
        assert s.ci_high == pytest.approx(mean + half)
        # default: 7 = very easy, easy = top 3 boxes 5–7
        assert s.easy_values == [5, 6, 7]
        easy = sum(a >= 5 for a in answers)
        assert s.easy_count == easy
        low, high = wilson_interval(easy, len(answers))
        assert s.easy == pytest.approx(100 * easy / len(answers))
        assert (s.easy_ci_low, s.easy_ci_high) == pytest.approx((100 * low, 100 * high))

    def test_direction_and_scale(self) -> None:
        s = ces_from_scores([1, 1, 2, 5, 4], scale_max=5, higher_is_easier=False)
        assert s.easy_values == [1, 2]
        assert s.easy_count == 3
        s = ces_from_counts([0, 0, 1, 1, 2], easy_boxes=1)  # 5-point scale, 5 = easy
        assert s.scale_max == 5 and s.easy_values == [5] and s.easy_count == 2

    def test_small_inputs(self) -> None:
        assert ces_from_scores([]).mean is None
        one = ces_from_scores([4])
        assert one.mean == 4 and one.ci_low is None and one.message
        with pytest.raises(ValueError):
            ces_from_scores([8])


class TestCompareNps:
    def test_by_hand(self) -> None:
        a, b = (10, 5, 5), (30, 10, 10)
        d = compare_nps(a, b)
        # points: a = 25, b = (30 - 10) / 50 = 40 → +15
        assert d.nps_a == pytest.approx(25.0)
        assert d.nps_b == pytest.approx(40.0)
        assert d.difference == pytest.approx(15.0)
        # z test on the adjusted-Wald estimates of each side (Rocks 2016)
        pa_p, pa_d, na = 10.75 / 23, 5.75 / 23, 23
        pb_p, pb_d, nb = 30.75 / 53, 10.75 / 53, 53
        adj_a, adj_b = pa_p - pa_d, pb_p - pb_d
        var_a = (pa_p + pa_d - adj_a**2) / na
        var_b = (pb_p + pb_d - adj_b**2) / nb
        se = math.sqrt(var_a + var_b)
        z = (adj_b - adj_a) / se
        assert d.z == pytest.approx(z)
        assert d.p_value == pytest.approx(normal_two_sided_p(z))
        # interval: Newcombe's square-and-add of the two sides' MOVER-Wilson limits
        la, ua = mover_by_hand(*a)
        lb, ub = mover_by_hand(*b)
        assert d.ci_low == pytest.approx(15 - math.sqrt((40 - lb) ** 2 + (ua - 25) ** 2))
        assert d.ci_high == pytest.approx(15 + math.sqrt((ub - 40) ** 2 + (25 - la) ** 2))
        assert d.significant is False  # 15 points on 20 vs 50 answers is noise
        assert d.ci_low is not None and d.ci_low < 0 < (d.ci_high or 0)

    def test_lone_answers_difference_contains_itself(self) -> None:
        d = compare_nps((0, 0, 1), (1, 0, 0))
        assert d.difference == 200
        assert d.ci_low is not None and d.ci_high is not None
        assert d.ci_low <= 200 <= d.ci_high

    def test_large_samples_significant_and_accepts_scores(self) -> None:
        a = nps_from_counts(400, 300, 300)
        b = nps_from_counts(500, 300, 200)
        d = compare_nps(a, b)
        assert isinstance(a, NpsScore)
        assert d.difference == pytest.approx(20.0)
        assert d.significant is True
        assert d.p_value is not None and d.p_value < 0.001
        assert d.ci_low is not None and d.ci_low > 0

    def test_empty_side(self) -> None:
        d = compare_nps((0, 0, 0), (1, 1, 1))
        assert d.difference is None and d.significant is False and d.message


class TestCompareProportions:
    def test_newcombe_published_example(self) -> None:
        # Newcombe (1998), example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339
        d = compare_proportions((48, 80), (56, 70))
        assert d.difference == pytest.approx(100 * (56 / 70 - 48 / 80))
        assert d.ci_low == pytest.approx(5.24, abs=0.01)
        assert d.ci_high == pytest.approx(33.39, abs=0.01)

    def test_pooled_z_by_hand(self) -> None:
        d = compare_proportions((48, 80), (56, 70))
        pooled = (48 + 56) / 150
        se0 = math.sqrt(pooled * (1 - pooled) * (1 / 80 + 1 / 70))
        z = (56 / 70 - 48 / 80) / se0
        assert d.z == pytest.approx(z)
        assert d.p_value == pytest.approx(normal_two_sided_p(z))
        assert d.significant is True

    def test_degenerate(self) -> None:
        d = compare_proportions((0, 10), (0, 12))
        assert d.difference == 0 and d.p_value == 1.0 and d.significant is False
        assert compare_proportions((0, 0), (1, 2)).difference is None


def test_nps_from_scores_matches_counts_on_random_data() -> None:
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 11, size=500)
    s = nps_from_scores(scores)
    assert s.nps == pytest.approx(100 * (np.mean(scores >= 9) - np.mean(scores <= 6)))
