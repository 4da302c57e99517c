"""Trend keys, per-period NPS and before/after comparisons."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.scores import compare_nps
from analytics.trends import before_after, bucket_key, nps_trend
from tests.analytics.test_scores import mover_by_hand


class TestBucketKey:
    def test_iso_week(self) -> None:
        # 2026-01-01 is a Thursday, so ISO week 1 of 2026 starts on Monday 2025-12-29;
        # Monday 2026-11-23 is 47 weeks later: week 48.
        assert bucket_key(dt.date(2026, 11, 23), "week") == "2026-W48"
        assert bucket_key(dt.date(2025, 12, 29), "week") == "2026-W01"
        assert bucket_key(dt.date(2026, 1, 4), "week") == "2026-W01"  # Sunday
        assert bucket_key(dt.date(2026, 1, 5), "week") == "2026-W02"
        # 2021-01-01 (a Friday) belongs to the last ISO week of 2020
        assert bucket_key(dt.date(2021, 1, 1), "week") == "2020-W53"

    def test_month_and_datetime(self) -> None:
        assert bucket_key(dt.date(2026, 11, 30), "month") == "2026-11"
        when = dt.datetime(2026, 3, 2, 23, 59, tzinfo=dt.UTC)
        assert bucket_key(when, "month") == "2026-03"
        assert bucket_key(when, "week") == "2026-W10"

    def test_keys_sort_chronologically(self) -> None:
        days = [dt.date(2025, 12, 1) + dt.timedelta(days=7 * i) for i in range(20)]
        keys = [bucket_key(d, "week") for d in days]
        assert keys == sorted(keys)

    def test_bad_granularity(self) -> None:
        with pytest.raises(ValueError):
            bucket_key(dt.date(2026, 1, 1), "year")  # type: ignore[arg-type]


class TestNpsTrend:
    def test_points_sorted_merged_and_empty(self) -> None:
        rows = [
            ("2026-02", 10, 5, 5),
            ("2026-01", 3, 1, 1),
            ("2026-02", 0, 0, 0),
            ("2026-01", 2, 0, 3),
            ("2026-03", 0, 0, 0),
        ]
        points = nps_trend(rows)
        assert [p.period for p in points] == ["2026-01", "2026-02", "2026-03"]
        jan = points[0]
        assert (jan.n, jan.promoters, jan.passives, jan.detractors) == (10, 5, 1, 4)
        assert jan.nps == pytest.approx(10.0)
        assert jan.low_n
        feb = points[1]
        # same by-hand MOVER-Wilson numbers as for 10/5/5 in test_scores
        assert feb.ci_low == pytest.approx(mover_by_hand(10, 5, 5)[0])
        assert feb.ci_high == pytest.approx(mover_by_hand(10, 5, 5)[1])
        assert points[2].nps is None and points[2].n == 0


class TestBeforeAfter:
    def test_is_compare_nps_after_minus_before(self) -> None:
        before, after = (120, 80, 100), (160, 80, 60)
        d = before_after(before, after)
        assert d == compare_nps(before, after)
        assert d.difference == pytest.approx(100 * (160 - 60) / 300 - 100 * (120 - 100) / 300)
        assert d.significant

    def test_small_change_is_noise(self) -> None:
        d = before_after((15, 15, 10), (17, 14, 9))
        assert d.difference == pytest.approx(7.5)
        assert not d.significant and d.message and "noise" in d.message
