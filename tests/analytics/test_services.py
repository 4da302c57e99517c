from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from analytics.services import AnalyticsService
from app.errors import InputError
from app.settings import Settings
from tests.analytics.factories import add_response, make_survey


def mover_wilson(p: int, pa: int, d: int) -> tuple[float, float, float]:
    """NPS and its MOVER-Wilson interval by hand (see tests/analytics/test_scores.py)."""
    from tests.analytics.test_scores import mover_by_hand

    low, high = mover_by_hand(p, pa, d)
    return (p - d) / (p + pa + d) * 100, low, high


@pytest.mark.usefixtures("db")
class TestScores:
    async def test_nps_aggregated_in_sql_matches_hand_computation(self, settings: Settings) -> None:
        survey = await make_survey()
        scores = [10] * 7 + [9] * 3 + [8] * 4 + [7] + [6] * 2 + [3] * 2 + [0]
        for value in scores:
            await add_response(survey, value)
        await add_response(survey, None, comment="no score given")
        result = await AnalyticsService(settings).scores(survey)
        nps, low, high = mover_wilson(10, 5, 5)
        assert result.score.n == 20 and result.responses == 21
        assert (result.score.promoters, result.score.passives, result.score.detractors) == (
            10,
            5,
            5,
        )
        assert result.score.nps == pytest.approx(nps, abs=0.01) == 25.0
        assert result.score.ci_low == pytest.approx(low, abs=0.01)
        assert result.score.ci_high == pytest.approx(high, abs=0.01)

    async def test_csat_from_rating_questions(self, settings: Settings) -> None:
        questions = [
            {"key": "recommend", "type": "nps", "required": True, "text": {"en": "R", "ja": "R"}},
            {
                "key": "csat",
                "type": "rating",
                "scale": 5,
                "required": True,
                "text": {"en": "C", "ja": "C"},
            },
        ]
        survey = await make_survey("training_feedback", questions)
        for value in (5, 5, 4, 3, 2):
            await add_response(survey, 9, answers={"csat": value})
        result = await AnalyticsService(settings).scores(survey)
        csat = next(r for r in result.ratings if r.key == "csat")
        assert csat.metric == "csat" and csat.n == 5
        assert csat.value == pytest.approx(60.0)
        # Wilson interval for 3/5 by hand.
        z, n, p = 1.959963984540054, 5, 0.6
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        assert csat.ci_low == pytest.approx((centre - half) * 100, abs=0.01)
        assert csat.ci_high == pytest.approx((centre + half) * 100, abs=0.01)


@pytest.mark.usefixtures("db")
class TestBreakdown:
    async def test_customer_breakdown_by_attribute(self, settings: Settings) -> None:
        survey = await make_survey()
        for store, values in {"Kyoto": [10, 10, 9, 3], "Osaka": [6, 7], "Nara": [10]}.items():
            for value in values:
                await add_response(survey, value, attributes={"store": store})
        await add_response(survey, 8)
        result = await AnalyticsService(settings).breakdown(survey, "store")
        groups = {seg.group: seg.score for seg in result.segments}
        assert set(groups) == {"Kyoto", "Osaka", "Nara", "(not set)"}
        assert groups["Kyoto"].nps == 50.0 and groups["Kyoto"].n == 4
        assert groups["Osaka"].nps == -50.0
        assert result.hidden_count == 0

    async def test_enps_small_groups_hidden_and_not_recoverable(self, settings: Settings) -> None:
        """A group of 3 cannot be recovered by subtracting published groups from the total."""
        survey = await make_survey("enps")
        teams = {"Sales": [10] * 12 + [3] * 8, "Support": [9] * 6 + [5] * 6, "Legal": [0, 0, 1]}
        for team, values in teams.items():
            for value in values:
                await add_response(survey, value, attributes={"department": team})
        service = AnalyticsService(settings)
        result = await service.breakdown(survey, "department")
        published = {seg.group: seg.score for seg in result.segments}
        assert "Legal" not in published
        assert result.hidden_count >= 2 and result.hidden_label.startswith(
            "hidden to protect anonymity"
        )
        # The attack: total minus every published group.
        total = result.total
        remainder_n = total.n - sum(g.n for g in published.values())
        remainder_detractors = total.detractors - sum(g.detractors for g in published.values())
        assert remainder_n >= settings.min_group_size, "the remainder must hide more than Legal"
        assert remainder_n != 3 and remainder_detractors != 3

    async def test_enps_total_below_floor_is_suppressed(self, settings: Settings) -> None:
        survey = await make_survey("enps")
        for value in (10, 3, 9):
            await add_response(survey, value, attributes={"department": "Ops"})
        service = AnalyticsService(settings)
        scores = await service.scores(survey)
        assert scores.score.suppressed and scores.score.nps is None and scores.responses == 0
        breakdown = await service.breakdown(survey, "department")
        assert breakdown.segments == []

    async def test_bad_dimension_is_refused_harmlessly(self, settings: Settings) -> None:
        survey = await make_survey()
        await add_response(survey, 9, attributes={"store": "Kyoto"})
        with pytest.raises(InputError) as info:
            await AnalyticsService(settings).breakdown(survey, "store') OR 1=1 --")
        assert info.value.field == "by"


@pytest.mark.usefixtures("db")
class TestCompareAndTrend:
    async def test_compare_two_segments(self, settings: Settings) -> None:
        survey = await make_survey()
        for value in [10] * 30 + [3] * 10:
            await add_response(survey, value, attributes={"store": "A"})
        for value in [10] * 10 + [3] * 30:
            await add_response(survey, value, attributes={"store": "B"})
        result = await AnalyticsService(settings).compare(survey, "store", "A", "B")
        assert result.difference == -100.0 or result.difference == pytest.approx(-100.0)
        assert result.significant and result.p_value is not None and result.p_value < 0.001

    async def test_monthly_trend_and_before_after(self, settings: Settings) -> None:
        survey = await make_survey()
        october = dt.datetime(2026, 10, 5, tzinfo=dt.UTC)
        november = dt.datetime(2026, 11, 5, tzinfo=dt.UTC)
        for value in [10, 6, 6, 6]:
            await add_response(survey, value, submitted_at=october)
        for value in [10, 10, 10, 6]:
            await add_response(survey, value, submitted_at=november)
        result = await AnalyticsService(settings).trend(
            survey, "month", action_date=dt.date(2026, 11, 1)
        )
        assert [(p.period, p.score.nps) for p in result.points] == [
            ("2026-10", -50.0),
            ("2026-11", 50.0),
        ]
        assert result.before_after is not None
        assert result.before_after.difference == 100.0

    async def test_weekly_trend_uses_iso_weeks(self, settings: Settings) -> None:
        survey = await make_survey()
        await add_response(survey, 10, submitted_at=dt.datetime(2026, 11, 16, tzinfo=dt.UTC))
        await add_response(survey, 0, submitted_at=dt.datetime(2026, 11, 22, tzinfo=dt.UTC))
        await add_response(survey, 9, submitted_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
        result = await AnalyticsService(settings).trend(survey, "week")
        assert [(p.period, p.score.n) for p in result.points] == [("2026-W47", 2), ("2026-W48", 1)]


@pytest.mark.usefixtures("db")
class TestComments:
    async def test_enps_comments_need_ten_people(self, settings: Settings) -> None:
        survey = await make_survey("enps")
        for i in range(8):
            await add_response(survey, 9, comment=f"fine {i}", sentiment=(0.5, "positive"))
        service = AnalyticsService(settings)
        hidden = await service.comments(survey)
        assert hidden.comments == [] and "10" in (hidden.message or "")
        # five more: a new release (figures move only by at least the group floor of answers)
        for i in range(5):
            await add_response(survey, 3, comment=f"bad {i}", sentiment=(-0.5, "negative"))
        shown = await service.comments(survey, sentiment="negative")
        assert shown.total == 5 and all(c.sentiment_label == "negative" for c in shown.comments)

    async def test_praise_per_store(self, settings: Settings) -> None:
        survey = await make_survey()
        await add_response(
            survey, 10, "Kenji was wonderful", {"store": "Kyoto"}, sentiment=(0.9, "positive")
        )
        await add_response(survey, 9, "nice", {"store": "Kyoto"}, sentiment=(0.3, "positive"))
        await add_response(survey, 2, "awful", {"store": "Kyoto"}, sentiment=(-0.9, "negative"))
        await add_response(
            survey, 10, "great staff", {"store": "Osaka"}, sentiment=(0.7, "positive")
        )
        result = await AnalyticsService(settings).praise(survey, "store")
        by_store = {g.group: [c.text for c in g.comments] for g in result.groups}
        assert by_store == {"Kyoto": ["Kenji was wonderful", "nice"], "Osaka": ["great staff"]}


@pytest.mark.usefixtures("db")
class TestDrivers:
    async def test_planted_driver_ranks_first(self, settings: Settings) -> None:
        survey = await make_survey()
        rng = np.random.default_rng(7)
        for _ in range(150):
            support, product, price = rng.integers(1, 6, size=3)
            score = int(np.clip(round(2 * support - 1 + 0.3 * product + rng.normal(0, 1)), 0, 10))
            await add_response(
                survey,
                score,
                answers={
                    "driver_support": int(support),
                    "driver_product": int(product),
                    "driver_price": int(price),
                },
            )
        result = await AnalyticsService(settings).drivers(survey, n_boot=50)
        assert result.ok and result.n == 150
        assert result.drivers[0].key == "driver_support"
        assert sum(d.share_pct for d in result.drivers) == pytest.approx(100, abs=0.1)
        price = next(d for d in result.drivers if d.key == "driver_price")
        assert price.share_pct < 5


@pytest.mark.usefixtures("db")
class TestSegmentIndex:
    async def test_edits_and_late_commits_reach_the_breakdown(self, settings: Settings) -> None:
        from surveys.tables import Response

        survey = await make_survey()
        first = await add_response(survey, 10, attributes={"store": "Kyoto"})
        service = AnalyticsService(settings)
        assert [
            (s.group, s.score.n) for s in (await service.breakdown(survey, "store")).segments
        ] == [("Kyoto", 1)]
        watermark = (await Response.select(Response.updated_at).where(Response.id == first))[0][
            "updated_at"
        ]
        # An edit moves the answer to another store and score.
        await Response.update(
            {
                Response.attributes: {"store": "Osaka"},
                Response.nps_score: 3,
                Response.updated_at: watermark + dt.timedelta(seconds=5),
            }
        ).where(Response.id == first)
        # An answer committed late, stamped a minute before the index's watermark.
        await add_response(survey, 9, attributes={"store": "Nara"})
        late = await add_response(survey, 8, attributes={"store": "Nara"})
        await Response.update({Response.updated_at: watermark - dt.timedelta(minutes=1)}).where(
            Response.id == late
        )
        groups = {s.group: s.score for s in (await service.breakdown(survey, "store")).segments}
        assert set(groups) == {"Osaka", "Nara"}
        assert groups["Osaka"].detractors == 1 and groups["Nara"].n == 2
        # Asking again on an idle survey changes nothing.
        again = {s.group: s.score.n for s in (await service.breakdown(survey, "store")).segments}
        assert again == {"Osaka": 1, "Nara": 2}

    async def test_a_stale_index_falls_back_to_the_answers(self, settings: Settings) -> None:
        from surveys.tables import Response

        survey = await make_survey()
        first = await add_response(survey, 10, attributes={"store": "Kyoto"})
        service = AnalyticsService(settings)
        await service.breakdown(survey, "store")
        # Changed behind the index's back, stamped long before its watermark.
        await Response.update(
            {
                Response.attributes: {"store": "Osaka"},
                Response.nps_score: 3,
                Response.updated_at: dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
            }
        ).where(Response.id == first)
        # The derived index may lag, but a breakdown never fails or shows a negative count.
        await add_response(survey, 2, attributes={})
        result = await service.breakdown(survey, "store")
        assert result.total.n == 2
        assert all(
            min(s.score.promoters, s.score.passives, s.score.detractors) >= 0
            for s in result.segments
        )
        assert sum(s.score.n for s in result.segments) == 2
