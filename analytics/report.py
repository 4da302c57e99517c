"""Survey report (NPS or eNPS) as PDF: view-model structs and :func:`build_survey_report`.

The service layer fills a :class:`SurveyReportView` from the database with the pure analytics
results (``NpsScore``, ``TrendPoint``, ``BreakdownResult``, ``KeyDriverResult``) and calls
``build_survey_report(view, lang)``. The builder only formats and draws; it computes nothing
that the API does not also show (per-group NPS comes from the same ``nps_from_counts``).

Confidentiality: breakdowns are printed from ``BreakdownResult.rows`` and ``total`` only. The
names in ``hidden_groups`` are never printed, charted or put in a legend; the report says
"hidden: N groups" instead. The pooled row of hidden groups is not shown either. As a second
line of defence the builder refuses a published row smaller than ``min_size``, and drops any
quoted comment whose ``attribution`` names a hidden group.

Free-text fields (names, phrases, comments) are printed literally (HTML-escaped).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import msgspec

from analytics.anonymity import BreakdownResult, BreakdownRow
from analytics.drivers import KeyDriverResult
from analytics.scores import NpsScore, nps_from_counts
from analytics.trends import TrendPoint
from app.i18n import attribute_name, attribute_value, localise
from app.names import survey_name
from app.reports import charts
from app.reports.engine import ProgressFn, render_pdf, sub_progress
from app.reports.fmt import Fmt
from app.reports.i18n import translator
from app.timefmt import period_label

__all__ = [
    "BreakdownSection",
    "IncentiveSummary",
    "QuotedComment",
    "SurveyReportView",
    "ThemeSummary",
    "build_survey_report",
    "sentiment_color",
    "survey_report_context",
]


class ThemeSummary(msgspec.Struct, frozen=True, kw_only=True):
    """One theme found in the comments (see :mod:`analytics.themes`).

    ``mean_sentiment`` in [−1, 1]; ``mean_score`` the mean 0–10 score of the answers that
    mention it (None for reaction surveys without one); ``examples`` up to three comment texts.
    """

    phrase: str
    count: int
    mean_sentiment: float | None = None
    mean_score: float | None = None
    examples: list[str] = msgspec.field(default_factory=list)


class QuotedComment(msgspec.Struct, frozen=True, kw_only=True):
    """A comment to quote. ``attribution`` (e.g. a store) is printed under the quote; leave it
    None where it could identify a person (eNPS). ``sentiment`` in [−1, 1], ``score`` 0–10."""

    text: str
    score: int | None = None
    sentiment: float | None = None
    attribution: str | None = None
    answered_on: dt.date | None = None


class BreakdownSection(msgspec.Struct, frozen=True, kw_only=True):
    """One breakdown dimension (e.g. "Department") with its suppressed result."""

    dimension: str
    result: BreakdownResult


class IncentiveSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Cost and measured effect of one incentive.

    Rates and the uplift are in percent / percentage points; the uplift and its interval are
    incentivised − holdout (``analytics.scores.compare_proportions(holdout, incentivised)``).
    ``incremental_cost_per_answer`` = committed cost / answers added by the incentive
    (None when the uplift is not positive). ``holdout`` figures are None without a holdout.
    """

    name: str
    currency: str
    budget: Decimal
    committed_cost: Decimal
    answers: int
    cost_per_answer: Decimal | None
    invited_incentivised: int
    responded_incentivised: int
    rate_incentivised: float | None
    invited_holdout: int | None = None
    responded_holdout: int | None = None
    rate_holdout: float | None = None
    uplift_pp: float | None = None
    uplift_ci_low: float | None = None
    uplift_ci_high: float | None = None
    incremental_cost_per_answer: Decimal | None = None
    budget_exhausted: bool = False


class SurveyReportView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the survey report shows; data only (no generation time), so it can be hashed
    into the report cache key.

    ``kind`` "enps" switches labels to eNPS. ``nps`` is the overall score over the period;
    ``trend`` the per-period points (``analytics.trends.nps_trend``); ``breakdowns`` the
    suppressed breakdowns (``analytics.anonymity.suppress_breakdown``); ``drivers`` the
    key-driver result or None; ``praise`` the comments to quote as praise (the builder prints
    them in the given order, at most ``max_praise``).
    """

    survey_name: str
    kind: Literal["nps", "enps"] = "nps"
    organisation: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    invited: int | None = None
    nps: NpsScore
    trend: list[TrendPoint] = msgspec.field(default_factory=list)
    breakdowns: list[BreakdownSection] = msgspec.field(default_factory=list)
    drivers: KeyDriverResult | None = None
    themes: list[ThemeSummary] = msgspec.field(default_factory=list)
    praise: list[QuotedComment] = msgspec.field(default_factory=list)
    incentives: list[IncentiveSummary] = msgspec.field(default_factory=list)
    min_group_size: int = 5
    max_praise: int = 6
    max_themes: int = 10


def sentiment_color(value: float | None) -> str:
    """Bar colour for a mean sentiment in [−1, 1]."""
    if value is None:
        return charts.PALETTE["neutral"]
    if value >= 0.1:
        return charts.PALETTE["positive"]
    if value <= -0.1:
        return charts.PALETTE["negative"]
    return charts.PALETTE["neutral"]


def _check_breakdown(section: BreakdownSection) -> None:
    result = section.result
    for row in result.rows:
        if 0 < row.n < result.min_size:
            raise ValueError(
                f"breakdown {section.dimension!r} publishes a group below the minimum size; "
                "pass the output of analytics.anonymity.suppress_breakdown"
            )


def _group_rows(rows: list[BreakdownRow]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        score = nps_from_counts(row.promoters, row.passives, row.detractors)
        out.append({"row": row, "score": score})
    return out


def survey_report_context(
    view: SurveyReportView, lang: str, *, generated_at: dt.datetime | None = None
) -> dict[str, Any]:
    """Template context (charts included) for ``survey.html``; exposed for tests."""
    fmt = Fmt(lang)
    t = translator(fmt.lang)
    score_label = t("report.enps") if view.kind == "enps" else t("report.nps")
    for section in view.breakdowns:
        _check_breakdown(section)
    hidden_names = {
        name.casefold() for s in view.breakdowns for name in s.result.hidden_groups if name
    }

    # Trend
    trend_chart = None
    if len([p for p in view.trend if p.nps is not None]) >= 2:
        trend_chart = charts.nps_trend_chart(
            [period_label(p.period, fmt.lang) for p in view.trend],
            [p.nps for p in view.trend],
            [p.ci_low for p in view.trend],
            [p.ci_high for p in view.trend],
            [p.low_n for p in view.trend],
            label=score_label,
            low_n_label=t("report.low_n"),
            alt=t("report.survey.trend_caption", score=score_label),
        )

    # Breakdowns: published rows only.
    breakdowns = []
    for section in view.breakdowns:
        groups = _group_rows(section.result.rows)
        total = _group_rows([section.result.total])[0] if section.result.total else None
        # the attribute's name and an account tier in the report's language (店舗,
        # ミッドマーケット); other values as the customer typed them
        dimension = attribute_name(section.dimension, fmt.lang)
        for g in groups:
            g["label"] = attribute_value(
                section.dimension, localise(g["row"].group, fmt.lang), fmt.lang
            )
        bars = [
            charts.HBar(
                label=g["label"],
                value=g["score"].nps,
                low=g["score"].ci_low,
                high=g["score"].ci_high,
                annotation=f"{fmt.number(g['score'].nps, 1)}  ({fmt.n(g['row'].n)})",
            )
            for g in groups
            if g["score"].nps is not None
        ]
        chart = (
            charts.hbar_chart(
                bars,
                alt=t(
                    "report.survey.breakdown_caption",
                    score=score_label,
                    dimension=dimension,
                    min=section.result.min_size,
                ),
                zero_line=True,
                x_limits=(-100, 100),
            )
            if bars
            else None
        )
        breakdowns.append(
            {
                "section": section,
                "dimension": dimension,
                "groups": groups,
                "total": total,
                "chart": chart,
            }
        )

    # Key drivers
    driver_chart = None
    drivers = view.drivers if view.drivers is not None and view.drivers.ok else None
    if drivers is not None and drivers.drivers:
        driver_chart = charts.priority_matrix(
            [
                charts.MatrixPoint(d.name, d.share_pct, d.mean_rating, d.correlation < 0)
                for d in drivers.drivers
            ],
            drivers.importance_split or 100.0 / len(drivers.drivers),
            drivers.performance_split
            or sum(d.mean_rating for d in drivers.drivers) / len(drivers.drivers),
            x_label=t("report.survey.importance"),
            y_label=t("report.survey.performance"),
            quadrant_labels=(
                t("report.quadrant.fix first"),
                t("report.quadrant.keep up"),
                t("report.quadrant.monitor"),
                t("report.quadrant.low priority"),
            ),
            alt=t("report.survey.drivers"),
        )

    # Themes
    themes = sorted(view.themes, key=lambda th: (-th.count, th.phrase))[: view.max_themes]
    theme_chart = None
    if themes:
        theme_chart = charts.hbar_chart(
            [
                charts.HBar(
                    label=th.phrase,
                    value=th.count,
                    color=sentiment_color(th.mean_sentiment),
                    annotation=fmt.count(th.count),
                )
                for th in themes
            ],
            alt=t("report.survey.themes_caption"),
        )

    praise = [
        c for c in view.praise if not (c.attribution and c.attribution.casefold() in hidden_names)
    ][: view.max_praise]

    nps = view.nps
    response_rate = 100.0 * nps.n / view.invited if view.invited and view.invited > 0 else None
    period = None
    if view.period_start and view.period_end:
        period = t(
            "report.period", start=fmt.date(view.period_start), end=fmt.date(view.period_end)
        )
    title = survey_name(view.survey_name, lang)
    subtitle = " · ".join(x for x in (view.organisation, period) if x) or None
    return {
        "title": title,
        "subtitle": subtitle,
        "generated_at": generated_at or dt.datetime.now(dt.UTC),
        "view": view,
        "score_label": score_label,
        "nps": nps,
        "response_rate": response_rate,
        "trend_chart": trend_chart,
        "breakdowns": breakdowns,
        "drivers": drivers,
        "driver_messages": view.drivers.messages if view.drivers is not None else [],
        "driver_chart": driver_chart,
        "themes": themes,
        "theme_chart": theme_chart,
        "praise": praise,
        "incentives": view.incentives,
        "sentiment_class": _sentiment_class,
    }


def _sentiment_class(value: float | None) -> str:
    if value is None:
        return ""
    return "pos" if value >= 0.1 else "neg" if value <= -0.1 else ""


def build_survey_report(
    view: SurveyReportView,
    lang: str,
    *,
    generated_at: dt.datetime | None = None,
    progress: ProgressFn | None = None,
) -> bytes:
    """The survey report as PDF bytes (``lang`` "en" or "ja")."""
    context = survey_report_context(view, lang, generated_at=generated_at)
    if progress:
        progress(0.3)
    return render_pdf("survey.html", context, lang, progress=sub_progress(progress, 0.3, 1.0))
