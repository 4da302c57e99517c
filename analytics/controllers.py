"""JSON endpoints for scores, segments, sentiment, themes, key drivers, trends and praise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import Provide
from litestar.params import Parameter

from analytics import schemas as s
from analytics.access import survey_audience, survey_reader
from analytics.report import build_survey_report
from analytics.reporting import survey_report_view
from analytics.services import AnalyticsService
from app.auth.guards import can_read
from app.auth.schemas import Staff
from app.reports.http import pick_report_language, report_filename, serve_report
from app.timefmt import zone_of


def provide_analytics(request: Request[Any, Any, Any]) -> AnalyticsService:
    return AnalyticsService(request.app.state.settings)


class AnalyticsController(Controller):
    path = "/api/surveys/{survey_id:int}/analytics"
    tags = ["analytics"]
    # Role per audience on every route: hr never reads customer results, cs/manager no eNPS.
    guards = [can_read, survey_reader]
    dependencies = {"analytics": Provide(provide_analytics, sync_to_thread=False)}

    @get("/scores", operation_id="surveyScores")
    async def scores(
        self,
        survey_id: int,
        analytics: AnalyticsService,
        staff: Staff,
        since: dt.date | None = None,
        until: dt.date | None = None,
        version: int | None = None,
    ) -> s.SurveyScores:
        """NPS/eNPS with n and 95% CI, plus CSAT/CES and sentiment counts."""
        return await analytics.scores(survey_id, since, until, version)

    @get("/breakdown", operation_id="surveyBreakdown")
    async def breakdown(
        self,
        survey_id: int,
        analytics: AnalyticsService,
        staff: Staff,
        by: str = Parameter(description="attribute name, version, language, month or week"),
        since: dt.date | None = None,
        until: dt.date | None = None,
        version: int | None = None,
    ) -> s.Breakdown:
        """Scores per segment; small eNPS groups are hidden."""
        return await analytics.breakdown(survey_id, by, since, until, version)

    @get("/compare", operation_id="surveyCompare")
    async def compare(
        self, survey_id: int, analytics: AnalyticsService, staff: Staff, by: str, a: str, b: str
    ) -> s.Comparison:
        """Whether two segments or periods differ significantly (B − A)."""
        return await analytics.compare(survey_id, by, a, b)

    @get("/trend", operation_id="surveyTrend")
    async def trend(
        self,
        survey_id: int,
        analytics: AnalyticsService,
        staff: Staff,
        granularity: str = "month",
        action_date: dt.date | None = None,
    ) -> s.Trend:
        """NPS by week or month with CIs, and before/after a dated action."""
        return await analytics.trend(survey_id, granularity, action_date)

    @get("/sentiment", operation_id="surveySentiment")
    async def sentiment(
        self, survey_id: int, analytics: AnalyticsService, staff: Staff, by: str = "language"
    ) -> s.SentimentBreakdown:
        """Comment sentiment by segment."""
        return await analytics.sentiment(survey_id, by)

    @get("/comments", operation_id="surveyComments")
    async def comments(
        self,
        survey_id: int,
        analytics: AnalyticsService,
        staff: Staff,
        sentiment: str | None = None,
        theme: str | None = None,
        by: str | None = None,
        group: str | None = None,
        limit: int = Parameter(default=200, ge=1, le=1000),
    ) -> s.CommentList:
        """Comments filterable by sentiment, theme and segment."""
        return await analytics.comments(survey_id, sentiment, theme, by, group, limit)

    @get("/themes", operation_id="surveyThemes")
    async def themes(
        self,
        survey_id: int,
        analytics: AnalyticsService,
        staff: Staff,
        top: int = Parameter(default=15, ge=1, le=50),
        lang: str | None = None,
    ) -> s.Themes:
        """Themes in the comments, named in ``?lang=`` (default: the staff member's language)."""
        return await analytics.themes(survey_id, top, lang or staff.language)

    @get("/drivers", operation_id="surveyKeyDrivers")
    async def drivers(
        self, survey_id: int, analytics: AnalyticsService, staff: Staff
    ) -> s.KeyDrivers:
        """Key drivers: relative weights with bootstrap CIs, Shapley shares, priority matrix."""
        return await analytics.drivers(survey_id)

    @get("/report.pdf", operation_id="surveyReportPdf")
    async def report(
        self,
        request: Request[Any, Any, Any],
        survey_id: int,
        analytics: AnalyticsService,
        staff: Staff,
        lang: str | None = None,
    ) -> Response[Any]:
        """The survey's PDF report (``?lang=ja|en``); 202 with a job to poll when slow."""
        language = pick_report_language(request, lang)
        info = await analytics.survey(survey_id)

        # created "now" in the organisation's zone, like the report's dates
        generated_at = request.app.state.clock.now().astimezone(
            zone_of(request.app.state.settings.timezone, "UTC")
        )

        def build(view: Any, lang: str, progress: Any) -> bytes:
            return build_survey_report(view, lang, generated_at=generated_at, progress=progress)

        today = request.app.state.clock.now().date()
        return await serve_report(
            request,
            "survey",
            str(survey_id),
            language,
            lambda: survey_report_view(analytics, survey_id, lang=language),
            build,
            report_filename("survey", info.name, today, language),
            audience=survey_audience(info),
            filename_of=lambda view: report_filename("survey", view.survey_name, today, language),
        )

    @get("/praise", operation_id="surveyPraise")
    async def praise(
        self, survey_id: int, analytics: AnalyticsService, staff: Staff, by: str | None = None
    ) -> s.Praise:
        """The most positive comments per team or store, for recognition."""
        return await analytics.praise(survey_id, by)
