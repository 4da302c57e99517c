"""Fills the survey report's view model from the same queries the JSON API answers with.

Every figure comes from :class:`AnalyticsService` (one SQL aggregate, then the package's
statistics), so the PDF and the API cannot disagree. Confidential surveys pass through the
same suppression; hidden groups never reach the view.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from analytics.anonymity import BreakdownResult, BreakdownRow, suppress_breakdown
from analytics.disclosure import NOT_SET, DisclosurePlan
from analytics.driver_items import driver_name, quoted_label
from analytics.drivers import KeyDriverResult
from analytics.report import (
    BreakdownSection,
    IncentiveSummary,
    QuotedComment,
    SurveyReportView,
    ThemeSummary,
)
from analytics.scores import nps_from_counts
from analytics.segments import sync_segments
from analytics.services import SPECIAL_DIMENSIONS, AnalyticsService
from analytics.tables import ResponseSegment
from analytics.trends import nps_trend
from app.db import db_datetime
from app.i18n import localise
from surveys.tables import Response

# Attributes that identify a person or are not meaningful segments.
NOT_A_SEGMENT = re.compile(r"(email|name|owner|phone|id)$")
MAX_BREAKDOWNS = 4


def released_dimensions(plan: DisclosurePlan) -> list[str]:
    """An employee survey's attributes worth a breakdown, from its release (never live).

    Chosen from live answers, the report's sections moved between two releases: the first
    two answers carrying a new team put a "team" section in the PDF, saying that colleagues
    of a new team had just answered while every figure stood still.
    """
    sizes = []
    for dim, groups in plan.cells.items():
        if dim in SPECIAL_DIMENSIONS or NOT_A_SEGMENT.search(dim):
            continue
        values = {value: members for value, members in groups.items() if value != NOT_SET}
        if 1 < len(values) <= 60:
            sizes.append((-sum(len(m) for m in values.values()), dim))
    return [dim for _, dim in sorted(sizes)][:MAX_BREAKDOWNS]


async def report_dimensions(survey_id: int) -> list[str]:
    """The attributes worth a breakdown: the most common ones, identifiers excluded.

    The segment index is brought up to date first, as the breakdown API does, so a report
    asked for before the analytics tick shows the same groups as the API. (Employee surveys:
    :func:`released_dimensions`.)
    """
    await sync_segments(survey_id)
    rows = await ResponseSegment.raw(
        "SELECT dimension, COUNT(DISTINCT value) AS groups, COUNT(*) AS n "
        "FROM response_segment WHERE survey_id = {} GROUP BY dimension ORDER BY n DESC",
        survey_id,
    )
    return [
        r["dimension"]
        for r in rows
        if not NOT_A_SEGMENT.search(r["dimension"]) and 1 < int(r["groups"]) <= 60
    ][:MAX_BREAKDOWNS]


def _relabel(result: KeyDriverResult, labels: dict[str, str], lang: str) -> KeyDriverResult:
    """Drivers by their question text, and the analysis's notes in ``lang`` naming them so
    (a Japanese PDF printed 'Everyone is in the same group (promoters) …' in English)."""
    import msgspec

    drivers = [msgspec.structs.replace(d, name=labels.get(d.name, d.name)) for d in result.drivers]
    names = {driver_name(key): quoted_label(label, lang) for key, label in labels.items()}
    messages = [localise(m.replace("driver_", ""), lang, names) for m in result.messages]
    return msgspec.structs.replace(result, drivers=drivers, messages=messages)


async def incentive_summaries(survey_id: int, settings: Any = None) -> list[IncentiveSummary]:
    """The survey's incentives as the report shows them (same figures as the incentive API)."""
    from decimal import Decimal

    from surveys.services.incentives import IncentiveService

    out = []
    for item in await IncentiveService(None, settings).list(survey_id):
        measured = item.uplift
        has_holdout = measured.invited_holdout > 0
        out.append(
            IncentiveSummary(
                name=item.name,
                currency=item.currency,
                budget=Decimal(item.budget),
                committed_cost=Decimal(item.committed_cost),
                answers=measured.answered_incentivised,
                cost_per_answer=Decimal(item.cost_per_answer) if item.cost_per_answer else None,
                invited_incentivised=measured.invited_incentivised,
                responded_incentivised=measured.answered_incentivised,
                rate_incentivised=measured.rate_incentivised,
                invited_holdout=measured.invited_holdout if has_holdout else None,
                responded_holdout=measured.answered_holdout if has_holdout else None,
                rate_holdout=measured.rate_holdout,
                uplift_pp=measured.uplift_pp,
                uplift_ci_low=measured.uplift_ci_low,
                uplift_ci_high=measured.uplift_ci_high,
                incremental_cost_per_answer=Decimal(item.incremental_cost_per_added_answer)
                if item.incremental_cost_per_added_answer
                else None,
                budget_exhausted=item.exhausted,
            )
        )
    return out


async def survey_report_view(
    service: AnalyticsService,
    survey_id: int,
    incentives: list[IncentiveSummary] | None = None,
    lang: str | None = None,
) -> SurveyReportView:
    info = await service.survey(survey_id)
    if incentives is None:
        incentives = await incentive_summaries(survey_id, service.settings)
    scores = await service.scores(survey_id)
    min_size = service.min_size if info.confidential else 1  # the survey's own floor
    score = scores.score
    nps = nps_from_counts(score.promoters, score.passives, score.detractors)

    trend = await service.trend(survey_id, "month")
    points = nps_trend(
        [(p.period, p.score.promoters, p.score.passives, p.score.detractors) for p in trend.points]
    )

    sections: list[BreakdownSection] = []
    if not score.suppressed:
        dimensions = (
            released_dimensions((await service.enps_data(survey_id)).plan)
            if info.confidential
            else await report_dimensions(survey_id)
        )
        for dimension in dimensions:
            breakdown = await service.breakdown(survey_id, dimension)
            rows = [
                BreakdownRow(
                    group=seg.group,
                    n=seg.score.n,
                    promoters=seg.score.promoters,
                    passives=seg.score.passives,
                    detractors=seg.score.detractors,
                )
                for seg in breakdown.segments
                if seg.score.n > 0
            ]
            total = BreakdownRow(
                group="total",
                n=score.n,
                promoters=score.promoters,
                passives=score.passives,
                detractors=score.detractors,
            )
            # The API already withheld the small groups; the report re-checks the published
            # rows and carries only the count of hidden ones, never their names.
            checked: BreakdownResult = suppress_breakdown(rows, 1, total=total)
            checked = BreakdownResult(
                min_size=min_size,
                rows=checked.rows,
                hidden_count=breakdown.hidden_count,
                hidden_groups=[],
                hidden_combined=None,
                total=checked.total,
                message=breakdown.hidden_label,
            )
            sections.append(BreakdownSection(dimension=dimension, result=checked))

    drivers: KeyDriverResult | None = None
    if not score.suppressed:
        result, labels, _ = await service.driver_analysis(survey_id, lang=lang or "en")
        drivers = _relabel(result, labels, lang or "en") if result is not None else None

    themes = [
        ThemeSummary(
            phrase=theme.phrase,
            count=theme.count,
            mean_sentiment=theme.mean_sentiment,
            mean_score=theme.mean_score,
            examples=theme.examples,
        )
        for theme in (await service.themes(survey_id, lang=lang)).themes
    ]
    praise_groups = (await service.praise(survey_id, None, per_group=6)).groups
    praise = [
        QuotedComment(
            text=comment.text,
            score=comment.nps_score,
            sentiment=comment.sentiment_polarity,
            attribution=None if info.confidential else comment.group,
            answered_on=None if comment.submitted_at is None else comment.submitted_at.date(),
        )
        for group in praise_groups
        for comment in group.comments
    ]
    if info.confidential:  # the released answers' period, like every other eNPS figure
        days = [a.day for a in (await service.enps_data(survey_id)).answers.values()]
        first_last = [
            {
                "first": dt.datetime.combine(min(days), dt.time(), dt.UTC),
                "last": dt.datetime.combine(max(days), dt.time(), dt.UTC),
            }
            for _ in days[:1]
        ]
    else:
        first_last = await Response.raw(
            "SELECT MIN(submitted_at) AS first, MAX(submitted_at) AS last "
            "FROM survey_response WHERE survey = {}",
            survey_id,
        )
    period_start = period_end = None
    if first_last and first_last[0]["first"]:
        period_start = db_datetime(first_last[0]["first"]).date()
        period_end = db_datetime(first_last[0]["last"]).date()
        if info.confidential:
            # whole months: the day of the last eNPS answer would say when someone answered
            period_start = period_start.replace(day=1)
            period_end = (period_end.replace(day=28) + dt.timedelta(days=4)).replace(
                day=1
            ) - dt.timedelta(days=1)
    return SurveyReportView(
        survey_name=info.name,
        kind="enps" if info.confidential else "nps",
        period_start=period_start,
        period_end=period_end,
        nps=nps,
        trend=points,
        breakdowns=sections,
        drivers=drivers,
        themes=themes,
        praise=praise,
        incentives=incentives or [],
        min_group_size=service.min_size,
    )
