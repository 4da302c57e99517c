"""The results page of a survey: score with CI and trend, segments, drivers, themes, comments.

Reads through :class:`analytics.services.AnalyticsService` only, so every eNPS figure,
comment and theme on this page has passed the disclosure guard (:mod:`analytics.disclosure`):
withheld groups come back as ``hidden_count``/``hidden_label`` and are shown as "hidden to
protect anonymity", never with figures. eNPS results are for ``hr`` and ``admin``.
Charts are SVG from :mod:`app.reports.charts`, embedded as ``data:`` images.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.response import Template

from analytics import schemas as a
from analytics.access import check_survey_reader, survey_reader
from analytics.driver_items import driver_name, quoted_label
from analytics.services import SENTIMENT_LABELS, SPECIAL_DIMENSIONS, AnalyticsService
from app.auth.guards import can_read
from app.auth.schemas import Staff
from app.i18n import t
from app.reports import charts
from app.timefmt import period_label
from app.web import PAGE_EXCEPTION_HANDLERS, page, page_language
from surveys.pages import incentive_views
from surveys.services import SurveyService

#: Attributes that identify a person or account rather than a group.
_IDENTITY = re.compile(r"(^|_)(email|e_mail|メール|id|phone|電話|氏名|名前)$")


def breakdown_choices(attribute_names: list[str]) -> tuple[str, ...]:
    """Built-in dimensions, then the survey's own attribute columns (identity columns left out)."""
    return (
        *SPECIAL_DIMENSIONS,
        *(n for n in attribute_names if n not in SPECIAL_DIMENSIONS and not _IDENTITY.search(n)),
    )


def provide_analytics(request: Request[Any, Any, Any]) -> AnalyticsService:
    return AnalyticsService(request.app.state.settings)


def provide_surveys(request: Request[Any, Any, Any]) -> SurveyService:
    return SurveyService(request.app.state.settings, request.app.state.clock)


def _trend_chart(trend: a.Trend, lang: str) -> charts.Chart | None:
    points = [p for p in trend.points if not p.score.suppressed and p.score.nps is not None]
    if not points:
        return None
    granularity = t(f"results.{trend.granularity}", lang)

    def draw(width_mm: float, height_mm: float, max_ticks: int) -> charts.Chart:
        return charts.nps_trend_chart(
            [period_label(p.period, lang) for p in points],
            [p.score.nps for p in points],
            [p.score.ci_low for p in points],
            [p.score.ci_high for p in points],
            [p.score.low_n for p in points],
            label="NPS",
            low_n_label=t("results.low_n_marker", lang),
            alt=t("results.trend_alt", lang, g=granularity),
            width_mm=width_mm,
            height_mm=height_mm,
            max_ticks=max_ticks,
        )

    return draw(170, 60, 12).with_phone(draw(charts.PHONE_WIDTH_MM, 46, 4))


def _driver_chart(drivers: a.KeyDrivers, lang: str) -> charts.Chart | None:
    if not drivers.ok or drivers.importance_split is None or drivers.performance_split is None:
        return None
    points = [
        charts.MatrixPoint(
            label=d.label,
            importance=d.share_pct,
            performance=d.mean_rating,
            against=d.quadrant == "against score",
        )
        for d in drivers.drivers
    ]

    importance_split, performance_split = drivers.importance_split, drivers.performance_split

    def draw(width_mm: float, height_mm: float, compact: bool = False) -> charts.Chart:
        return charts.priority_matrix(
            points,
            importance_split,
            performance_split,
            x_label=t("results.importance", lang),
            y_label=t("results.performance", lang),
            quadrant_labels=(
                t("quadrant.fix_first", lang),
                t("quadrant.keep_up", lang),
                t("quadrant.monitor", lang),
                t("quadrant.low_priority", lang),
            ),
            alt=t("results.drivers", lang),
            width_mm=width_mm,
            height_mm=height_mm,
            compact=compact,
        )

    return draw(170, 90).with_phone(draw(charts.PHONE_WIDTH_MM, 66, compact=True))


class SurveyResultsPage(Controller):
    path = "/surveys/{survey_id:int}/results"
    include_in_schema = False
    guards = [can_read, survey_reader]
    exception_handlers = PAGE_EXCEPTION_HANDLERS
    dependencies = {
        "analytics": Provide(provide_analytics, sync_to_thread=False),
        "surveys": Provide(provide_surveys, sync_to_thread=False),
    }

    @get("/")
    async def results(
        self,
        request: Request[Any, Any, Any],
        survey_id: int,
        staff: Staff,
        analytics: AnalyticsService,
        surveys: SurveyService,
    ) -> Template:
        survey = await surveys.get(survey_id, staff)
        info = await check_survey_reader(request.app.state.settings, survey_id, staff)
        lang = page_language(request, staff)
        query = request.query_params
        by_choices = breakdown_choices(await surveys.attribute_names(survey_id, staff))
        by = query.get("by") or "language"
        if by not in by_choices:
            by = "language"
        granularity = query.get("granularity") or "month"
        if granularity not in {"month", "week"}:
            granularity = "month"
        sentiment = query.get("sentiment") or None
        if sentiment not in SENTIMENT_LABELS:
            sentiment = None
        theme = (query.get("theme") or "").strip()[:100] or None

        scores = await analytics.scores(survey_id)
        trend = await analytics.trend(survey_id, granularity)
        breakdown = await analytics.breakdown(survey_id, by)
        drivers = await analytics.drivers(survey_id)
        # Questions and drivers by their text in the page language, not the English label.
        question_text = {q.key: getattr(q.text, lang) or q.text.en for q in survey.questions}
        drivers = msgspec.structs.replace(
            drivers,
            drivers=[
                msgspec.structs.replace(d, label=question_text.get(d.key, d.label))
                for d in drivers.drivers
            ],
        )
        themes = await analytics.themes(survey_id, 15, lang)
        comments = await analytics.comments(survey_id, sentiment, theme, None, None, 100)
        praise_by = by if by not in SPECIAL_DIMENSIONS else None
        praise = await analytics.praise(survey_id, praise_by)
        trend_chart = await asyncio.to_thread(_trend_chart, trend, lang)
        driver_chart = await asyncio.to_thread(_driver_chart, drivers, lang)
        return page(
            request,
            "staff/survey_results.html",
            staff,
            survey=survey,
            info=info,
            scores=scores,
            trend=trend,
            trend_chart=trend_chart,
            breakdown=breakdown,
            drivers=drivers,
            driver_chart=driver_chart,
            question_text=question_text,
            # driver messages name drivers by key ("effort"): show the question text instead
            # (every rating: a note may name an item the analysis left out)
            driver_names={
                driver_name(q.key): quoted_label(question_text[q.key], lang)
                for q in survey.questions
                if q.type == "rating"
            },
            themes=themes,
            comments=comments,
            praise=praise,
            by=by,
            by_choices=by_choices,
            granularity=granularity,
            sentiment=sentiment,
            theme=theme,
            sentiment_labels=SENTIMENT_LABELS,
            min_group_size=analytics.min_size,
            comment_floor=analytics.comment_floor,
            incentives=await incentive_views(
                request.app.state.clock, survey_id, request.app.state.settings
            ),
        )


class CustomerResponsePage(Controller):
    """One customer's answer with their identity, the target of a detractor alert's link.

    Customer surveys only (employee answers are confidential: 404), for roles that read
    customer results.
    """

    path = "/surveys/{survey_id:int}/responses/{response_id:int}"
    include_in_schema = False
    guards = [can_read, survey_reader]
    exception_handlers = PAGE_EXCEPTION_HANDLERS
    dependencies = {"surveys": Provide(provide_surveys, sync_to_thread=False)}

    @get("/")
    async def response_page(
        self,
        request: Request[Any, Any, Any],
        survey_id: int,
        response_id: int,
        staff: Staff,
        surveys: SurveyService,
    ) -> Template:
        survey = await surveys.get(survey_id, staff)
        answer = await surveys.customer_response(survey_id, response_id, staff)
        return page(request, "staff/survey_response.html", staff, survey=survey, answer=answer)


__all__ = ["CustomerResponsePage", "SurveyResultsPage"]
