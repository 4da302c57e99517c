"""Workshop and portfolio effectiveness reports as PDF: view-model structs and builders.

The service layer fills the views from the database and the pure effectiveness results
(``training.effectiveness.CheckpointEffect`` / ``training.roi.RoiResult``) and calls
``build_workshop_report(view, lang)`` or ``build_portfolio_report(view, lang)``. Builders
format and draw only; every figure printed is a field of the view, so it matches the API.

Units: rate metrics (churn, expansion, NRR, GRR) are **percent** (12.5 means 12.5 %); their
differences-in-differences are **percentage points**; money is ``Decimal`` in ``currency``
(JPY without minor unit, EUR with two decimals); ROI is percent; BCR a plain ratio.

Aggregates only: a workshop with thousands of participants is summarised (counts, rates,
intervals, five chosen comments), never listed person by person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import msgspec

from analytics.report import QuotedComment, ThemeSummary, sentiment_color
from app.reports import charts
from app.reports.engine import ProgressFn, render_pdf, sub_progress
from app.reports.fmt import Fmt
from app.reports.i18n import translator

__all__ = [
    "BalanceRow",
    "BehaviourPoint",
    "BehaviourSeries",
    "CheckpointValue",
    "CostLine",
    "KirkpatrickRow",
    "Methodology",
    "MetricTimeline",
    "PortfolioReportView",
    "PortfolioWorkshop",
    "ReactionSection",
    "RoiFigures",
    "ScoreWithCi",
    "SentimentSummary",
    "WorkshopReportView",
    "build_portfolio_report",
    "build_workshop_report",
    "pick_comments",
    "portfolio_report_context",
    "verdict_of",
    "workshop_report_context",
]

CHECKPOINT_DAYS = (0, 7, 30, 90, 180)
#: Charts show at most this many workshops (the tables list all of them).
MAX_CHART_ROWS = 15


# ---------------------------------------------------------------------------------------------
# View models
# ---------------------------------------------------------------------------------------------


class CheckpointValue(msgspec.Struct, frozen=True, kw_only=True):
    """One metric at one checkpoint (post window ``[workshop, workshop + day)``).

    ``attendees``/``comparison``: the metric for each group in the post window, with 95 %
    intervals (``*_low``/``*_high``) for the chart bands; ``did`` the difference-in-
    differences estimate with its interval. ``reached`` False: the checkpoint lies in the
    future (or day 0), nothing is measurable yet.
    """

    day: int
    reached: bool = True
    attendees: float | None = None
    attendees_low: float | None = None
    attendees_high: float | None = None
    comparison: float | None = None
    comparison_low: float | None = None
    comparison_high: float | None = None
    did: float | None = None
    did_low: float | None = None
    did_high: float | None = None
    n_attendees: int = 0
    n_comparison: int = 0
    attendees_pre: float | None = None
    """The same metric in the pre window of equal length, so a reader can check the DiD."""
    comparison_pre: float | None = None


class MetricTimeline(msgspec.Struct, frozen=True, kw_only=True):
    """A metric over the checkpoints. ``metric`` is a key of ``training.metrics.METRICS``
    (``logo_churn``, ``expansion_share``, ``expansion_rate``, ``nrr``, ``grr``, …) or
    ``expansion``; ``label`` overrides the built-in label."""

    metric: str
    better: Literal["lower", "higher"]
    points: list[CheckpointValue]
    label: str | None = None
    unit: Literal["pct"] = "pct"


class RoiFigures(msgspec.Struct, frozen=True, kw_only=True):
    """ROI of the workshop (mirrors ``training.roi.RoiResult``).

    benefit = (churned MRR avoided + expansion MRR attributable) per month × horizon months;
    ROI % = (benefit − cost) / cost × 100; BCR = benefit / cost. Intervals at ``ci_level``.
    ``checkpoint_day``: the checkpoint whose DiD estimates the benefit comes from.
    """

    currency: str
    horizon_months: int
    cost: Decimal
    benefit: Decimal
    roi_percent: Decimal
    bcr: Decimal
    checkpoint_day: int
    churn_mrr_avoided_per_month: Decimal = Decimal(0)
    expansion_mrr_per_month: Decimal = Decimal(0)
    benefit_ci: tuple[Decimal, Decimal] | None = None
    roi_percent_ci: tuple[Decimal, Decimal] | None = None
    bcr_ci: tuple[Decimal, Decimal] | None = None
    ci_level: float = 0.95


class KirkpatrickRow(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the Kirkpatrick table (level 1 reaction … 5 ROI).

    ``unit`` says how ``value`` prints: "nps" (points), "pct" (percent), "pts" (signed
    percentage points), "score" (two decimals), "money" (in the report currency), "ratio".
    ``status``: "measured", "pending" (checkpoint not reached), "not_measured" or "hidden"
    (an internal workshop's figure over fewer answers than the anonymity floor).
    """

    level: int
    measure: str
    value: float | Decimal | None = None
    ci_low: float | Decimal | None = None
    ci_high: float | Decimal | None = None
    unit: Literal["nps", "pct", "pts", "score", "money", "ratio"] = "score"
    n: int | None = None
    checkpoint_day: int | None = None
    status: Literal["measured", "pending", "not_measured", "hidden"] = "measured"
    note: str | None = None


class ScoreWithCi(msgspec.Struct, frozen=True, kw_only=True):
    """A reaction score (NPS, CSAT %, CES mean) with its interval and n."""

    label: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    unit: Literal["nps", "pct", "score"] = "nps"


class SentimentSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Comment sentiment counts (scored once per comment, −1…1)."""

    n: int
    positive: int
    neutral: int
    negative: int
    mean: float | None


class BehaviourPoint(msgspec.Struct, frozen=True, kw_only=True):
    day: int
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int = 0


class BehaviourSeries(msgspec.Struct, frozen=True, kw_only=True):
    """A follow-up measure over the checkpoints, e.g. "% applying step 3" (unit "pct")."""

    label: str
    points: list[BehaviourPoint]
    unit: Literal["pct", "score"] = "pct"


class ReactionSection(msgspec.Struct, frozen=True, kw_only=True):
    """Level 1 and 3: the reaction survey and the follow-ups.

    ``comments``: candidate comments (any number; five are chosen by :func:`pick_comments`
    to show both praise and problems). ``themes``: top themes of the comments.
    """

    score: ScoreWithCi | None = None
    other_scores: list[ScoreWithCi] = msgspec.field(default_factory=list)
    sentiment: SentimentSummary | None = None
    themes: list[ThemeSummary] = msgspec.field(default_factory=list)
    comments: list[QuotedComment] = msgspec.field(default_factory=list)
    behaviour: list[BehaviourSeries] = msgspec.field(default_factory=list)


class CostLine(msgspec.Struct, frozen=True, kw_only=True):
    """A fully loaded cost item; ``label`` overrides the category's built-in label."""

    category: Literal[
        "facilitator",
        "venue_catering",
        "materials",
        "tooling",
        "participant_time",
        "incentives",
        "other",
    ]
    amount: Decimal
    label: str | None = None
    note: str | None = None


class BalanceRow(msgspec.Struct, frozen=True, kw_only=True):
    """Covariate balance: means and standardised mean differences before/after matching."""

    covariate: str
    attendees_mean: float
    comparison_mean_before: float
    comparison_mean_after: float
    smd_before: float | None
    smd_after: float | None


class Methodology(msgspec.Struct, frozen=True, kw_only=True):
    """How the comparison was made. ``matching_method`` None prints the standard method text."""

    n_attending: int
    n_comparison: int
    n_comparison_effective: float | None = None
    n_unmatched: int = 0
    n_candidates: int = 0
    n_boot: int = 1000
    ci_level: float = 0.95
    matching_method: str | None = None
    balance: list[BalanceRow] = msgspec.field(default_factory=list)
    notices: list[str] = msgspec.field(default_factory=list)
    support: str = "supported"
    """"unsupported": the data cannot support a verdict (``support_reasons`` say why)."""
    support_reasons: list[str] = msgspec.field(default_factory=list)
    diagnostics: list[str] = msgspec.field(default_factory=list)
    """Overlap, placebo, E-values and the health-score effect, one line each."""


class WorkshopReportView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the workshop report shows; data only (no generation time).

    ``participants``: people who attended; ``accounts``: their accounts.
    ``latest_checkpoint_day``: the last checkpoint reached (None before day +7).
    """

    workshop_name: str
    workshop_date: dt.date
    currency: str
    participants: int
    accounts: int
    methodology: Methodology
    as_of: dt.date | None = None
    organisation: str | None = None
    facilitator: str | None = None
    latest_checkpoint_day: int | None = None
    roi: RoiFigures | None = None
    timelines: list[MetricTimeline] = msgspec.field(default_factory=list)
    kirkpatrick: list[KirkpatrickRow] = msgspec.field(default_factory=list)
    reaction: ReactionSection | None = None
    costs: list[CostLine] = msgspec.field(default_factory=list)
    horizon_months: int = 12


class PortfolioWorkshop(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    workshop_date: dt.date
    participants: int
    accounts: int
    cost: Decimal
    incentive_cost: Decimal = Decimal(0)
    benefit: Decimal | None = None
    roi_percent: Decimal | None = None
    roi_percent_ci: tuple[Decimal, Decimal] | None = None
    bcr: Decimal | None = None
    latest_checkpoint_day: int | None = None


class PortfolioReportView(msgspec.Struct, frozen=True, kw_only=True):
    """Workshops of one period, all in ``currency``; ranked by ROI in the report."""

    title: str
    currency: str
    workshops: list[PortfolioWorkshop]
    organisation: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    horizon_months: int = 12


# ---------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------

Verdict = Literal["paid_off", "not_paid_off", "inconclusive", "not_measurable", "unsupported"]


def verdict_of(roi_percent_ci: tuple[Decimal, Decimal] | None, has_roi: bool = True) -> Verdict:
    """Paid off when the whole ROI interval is above 0, not when it is below 0."""
    if not has_roi or roi_percent_ci is None:
        return "not_measurable"
    low, high = roi_percent_ci
    if low > 0:
        return "paid_off"
    if high < 0:
        return "not_paid_off"
    return "inconclusive"


def pick_comments(comments: list[QuotedComment], k: int = 5) -> list[tuple[QuotedComment, str]]:
    """Choose ``k`` comments showing both praise and problems: ``(comment, "praise"|"problem")``.

    Comments with a sentiment > 0 are praise, < 0 problems (most extreme first; ties: the
    longer, more specific comment first). Praise and problems alternate, starting with
    praise, so both sides appear whenever both exist; a short side is filled from the other.
    Comments without sentiment are used last. Blank comments and exact duplicates are skipped.
    """
    seen: set[str] = set()
    unique: list[QuotedComment] = []
    for c in comments:
        key = " ".join(c.text.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            unique.append(c)
    praise = sorted(
        (c for c in unique if c.sentiment is not None and c.sentiment > 0),
        key=lambda c: (-(c.sentiment or 0), -len(c.text)),
    )
    problems = sorted(
        (c for c in unique if c.sentiment is not None and c.sentiment < 0),
        key=lambda c: ((c.sentiment or 0), -len(c.text)),
    )
    rest = [c for c in unique if c.sentiment is None or c.sentiment == 0]
    out: list[tuple[QuotedComment, str]] = []
    i = j = 0
    while len(out) < k and (i < len(praise) or j < len(problems)):
        if i < len(praise) and (len(out) % 2 == 0 or j >= len(problems)):
            out.append((praise[i], "praise"))
            i += 1
        elif j < len(problems):
            out.append((problems[j], "problem"))
            j += 1
    for c in rest:
        if len(out) >= k:
            break
        out.append((c, ""))
    return out


def _metric_label(t: Any, timeline: MetricTimeline) -> str:
    if timeline.label:
        return timeline.label
    key = f"report.metric.{timeline.metric}"
    text = t(key)
    return timeline.metric if text == key else text


def _money_cell(fmt: Fmt, value: Decimal | None, currency: str) -> str:
    return fmt.money(value, currency)


def _kp_value(fmt: Fmt, row: KirkpatrickRow, currency: str) -> tuple[str, str]:
    """(value, interval) texts of a Kirkpatrick row."""
    unit = row.unit
    lo, hi, v = row.ci_low, row.ci_high, row.value
    if unit == "pct":
        return fmt.percent(v), fmt.percent_interval(lo, hi)
    if unit == "pts":
        return fmt.points(v), fmt.signed_interval(lo, hi)
    if unit == "nps":
        return fmt.number(v, 1), fmt.interval(lo, hi, 1)
    if unit == "money":
        return fmt.money(v, currency), fmt.money_interval(lo, hi, currency)
    if unit == "ratio":
        return fmt.ratio(v), fmt.interval(lo, hi, 2)
    return fmt.number(v, 2), fmt.interval(lo, hi, 2)


def _score_texts(fmt: Fmt, s: ScoreWithCi) -> tuple[str, str]:
    if s.unit == "pct":
        return fmt.percent(s.value), fmt.percent_interval(s.ci_low, s.ci_high)
    if s.unit == "nps":
        return fmt.number(s.value, 1), fmt.interval(s.ci_low, s.ci_high, 1)
    return fmt.number(s.value, 2), fmt.interval(s.ci_low, s.ci_high, 2)


# ---------------------------------------------------------------------------------------------
# Workshop report
# ---------------------------------------------------------------------------------------------


def workshop_report_context(
    view: WorkshopReportView, lang: str, *, generated_at: dt.datetime | None = None
) -> dict[str, Any]:
    """Template context (charts included) for ``workshop.html``; exposed for tests."""
    fmt = Fmt(lang)
    t = translator(fmt.lang)
    cur = view.currency
    roi = view.roi
    verdict = verdict_of(roi.roi_percent_ci if roi else None, roi is not None)
    roi_text = fmt.percent(roi.roi_percent, 1) if roi else None
    roi_ci_text = (
        fmt.percent_interval(roi.roi_percent_ci[0], roi.roi_percent_ci[1], 1)
        if roi and roi.roi_percent_ci
        else None
    )
    verdict_text = t(f"report.verdict.{verdict}_text", roi=roi_text or "", ci=roi_ci_text or "–")
    if view.methodology.support == "unsupported":
        # no confident number when the comparison cannot be trusted (issue 13)
        verdict = "unsupported"
        reasons = " ".join(view.methodology.support_reasons)
        verdict_text = t("report.verdict.unsupported_text", reasons=reasons)
        roi = None

    # Timeline chart: one panel per metric, attendees vs comparison with bands.
    days = sorted({p.day for tl in view.timelines for p in tl.points}) or list(CHECKPOINT_DAYS)
    day_labels = [fmt.day_tick(d) for d in days]
    panels = []
    timeline_rows = []
    for tl in view.timelines:
        by_day = {p.day: p for p in tl.points}
        pts = [by_day.get(d) for d in days]

        def col(name: str, pts: list[CheckpointValue | None] = pts) -> list[float | None]:
            return [getattr(p, name) if p is not None and p.reached else None for p in pts]

        label = _metric_label(t, tl)
        panels.append(
            (
                label,
                tl.unit,
                [
                    charts.Band(
                        t("report.ws.attendees"),
                        col("attendees"),
                        col("attendees_low"),
                        col("attendees_high"),
                        color=charts.PALETTE["primary"],
                    ),
                    charts.Band(
                        t("report.ws.comparison"),
                        col("comparison"),
                        col("comparison_low"),
                        col("comparison_high"),
                        color=charts.PALETTE["comparison"],
                        dashed=True,
                    ),
                ],
            )
        )
        timeline_rows.append({"label": label, "timeline": tl, "points": tl.points})
    timeline_chart = (
        charts.timeline_chart(
            days,
            day_labels,
            panels,
            alt=t("report.ws.timeline_lead"),
            band_label=t("report.ws.band_legend"),
        )
        if panels
        else None
    )

    # Reaction
    reaction = view.reaction
    behaviour_chart = None
    chosen: list[tuple[QuotedComment, str]] = []
    themes: list[ThemeSummary] = []
    if reaction is not None:
        if reaction.behaviour:
            b_days = sorted({p.day for s in reaction.behaviour for p in s.points})
            series = []
            for s in reaction.behaviour:
                by_day_b = {p.day: p for p in s.points}
                series.append(
                    charts.Band(
                        s.label,
                        [by_day_b[d].value if d in by_day_b else None for d in b_days],
                        [by_day_b[d].ci_low if d in by_day_b else None for d in b_days],
                        [by_day_b[d].ci_high if d in by_day_b else None for d in b_days],
                    )
                )
            behaviour_chart = charts.behaviour_chart(
                b_days,
                [fmt.day_tick(d) for d in b_days],
                series,
                y_label="%" if reaction.behaviour[0].unit == "pct" else "",
                unit=reaction.behaviour[0].unit,
                alt=t("report.ws.behaviour_caption"),
            )
        chosen = pick_comments(reaction.comments, 5)
        themes = sorted(reaction.themes, key=lambda th: (-th.count, th.phrase))[:6]
    theme_chart = (
        charts.hbar_chart(
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
            width_mm=174,
        )
        if themes
        else None
    )

    total_cost = sum((c.amount for c in view.costs), Decimal(0))
    cost_rows = [
        {
            "label": c.label or t(f"report.cost.{c.category}"),
            "line": c,
            "share": (float(c.amount / total_cost * 100) if total_cost else None),
        }
        for c in view.costs
    ]
    kirkpatrick = [
        {"row": r, "texts": _kp_value(fmt, r, cur)}
        for r in sorted(view.kirkpatrick, key=lambda r: r.level)
    ]
    colon = "：" if fmt.lang == "ja" else ": "  # a label's colon is full-width in Japanese
    subtitle_bits = [
        view.organisation,
        f"{t('report.ws.date')}{colon}{fmt.date(view.workshop_date)}",
    ]
    if view.facilitator:
        subtitle_bits.append(f"{t('report.ws.facilitator')}{colon}{view.facilitator}")
    return {
        "title": view.workshop_name,
        "subtitle": " · ".join(b for b in subtitle_bits if b),
        "generated_at": generated_at or dt.datetime.now(dt.UTC),
        "view": view,
        "cur": cur,
        "roi": roi,
        "verdict": verdict,
        "verdict_text": verdict_text,
        "roi_text": roi_text,
        "roi_ci_text": roi_ci_text,
        "timeline_chart": timeline_chart,
        "timeline_rows": timeline_rows,
        "days": days,
        "reaction": reaction,
        "behaviour_chart": behaviour_chart,
        "chosen": chosen,
        "themes": themes,
        "theme_chart": theme_chart,
        "score_texts": lambda s: _score_texts(fmt, s),
        "cost_rows": cost_rows,
        "total_cost": total_cost,
        "kirkpatrick": kirkpatrick,
        "m": view.methodology,
        "sentiment_class": lambda v: (
            "" if v is None else "pos" if v >= 0.1 else "neg" if v <= -0.1 else ""
        ),
    }


def build_workshop_report(
    view: WorkshopReportView,
    lang: str,
    *,
    generated_at: dt.datetime | None = None,
    progress: ProgressFn | None = None,
) -> bytes:
    """The workshop effectiveness report as PDF bytes (``lang`` "en" or "ja")."""
    context = workshop_report_context(view, lang, generated_at=generated_at)
    if progress:
        progress(0.3)
    return render_pdf("workshop.html", context, lang, progress=sub_progress(progress, 0.3, 1.0))


# ---------------------------------------------------------------------------------------------
# Portfolio report
# ---------------------------------------------------------------------------------------------


def pooled_roi_interval(
    measured: list[PortfolioWorkshop],
) -> tuple[Decimal, Decimal] | None:
    """95 % interval of the pooled ROI (ΣB − ΣC) / ΣC of independently measured workshops.

    Each workshop's benefit interval is its ROI interval mapped back (B = C·(1 + ROI/100)),
    and the sum's limits are recovered from them (MOVER, as for NPS): ΣB − sqrt(Σ(B − low)²)
    and ΣB + sqrt(Σ(high − B)²). It contains the pooled ROI and is None when any measured
    workshop has no interval.
    """
    if not measured or any(w.roi_percent_ci is None or w.benefit is None for w in measured):
        return None
    cost = sum((w.cost for w in measured), Decimal(0))
    if cost <= 0:
        return None
    benefit = sum((w.benefit or Decimal(0) for w in measured), Decimal(0))
    below = above = 0.0
    for w in measured:
        assert w.roi_percent_ci is not None and w.benefit is not None
        low = w.cost * (1 + w.roi_percent_ci[0] / 100)
        high = w.cost * (1 + w.roi_percent_ci[1] / 100)
        below += float(max(Decimal(0), w.benefit - low)) ** 2
        above += float(max(Decimal(0), high - w.benefit)) ** 2
    low_b = float(benefit) - below**0.5
    high_b = float(benefit) + above**0.5
    to_roi = 100.0 / float(cost)
    return (
        Decimal(str(round((low_b - float(cost)) * to_roi, 1))),
        Decimal(str(round((high_b - float(cost)) * to_roi, 1))),
    )


def _rank_key(w: PortfolioWorkshop) -> tuple[int, Decimal, str]:
    return (0 if w.roi_percent is not None else 1, -(w.roi_percent or Decimal(0)), w.name)


def portfolio_report_context(
    view: PortfolioReportView, lang: str, *, generated_at: dt.datetime | None = None
) -> dict[str, Any]:
    fmt = Fmt(lang)
    t = translator(fmt.lang)
    ranked = sorted(view.workshops, key=_rank_key)
    measured = [w for w in ranked if w.roi_percent is not None]
    unmeasured = [w for w in ranked if w.roi_percent is None]
    rows = [
        {
            "w": w,
            "rank": i + 1,
            "verdict": verdict_of(w.roi_percent_ci, True),
        }
        for i, w in enumerate(measured)
    ]
    roi_chart = (
        charts.interval_chart(
            [
                charts.HBar(
                    label=w.name,
                    value=float(w.roi_percent or 0),
                    low=float(w.roi_percent_ci[0]) if w.roi_percent_ci else None,
                    high=float(w.roi_percent_ci[1]) if w.roi_percent_ci else None,
                    color=charts.PALETTE["positive"]
                    if verdict_of(w.roi_percent_ci) == "paid_off"
                    else charts.PALETTE["negative"]
                    if verdict_of(w.roi_percent_ci) == "not_paid_off"
                    else charts.PALETTE["primary"],
                )
                for w in measured[:MAX_CHART_ROWS]
            ],
            alt=t("report.pf.ranking_caption"),
        )
        if measured
        else None
    )
    by_cost = sorted(view.workshops, key=lambda w: (-w.cost, w.name))
    spend_chart = (
        charts.hbar_chart(
            [
                charts.HBar(
                    label=w.name,
                    value=float(w.cost),
                    annotation=fmt.money(w.cost, view.currency),
                    color=charts.PALETTE["primary"],
                )
                for w in by_cost[:MAX_CHART_ROWS]
            ],
            alt=t("report.pf.spend_caption"),
            tick_format=lambda v: fmt.money_tick(v, view.currency, by_cost[0].cost),
        )
        if by_cost
        else None
    )
    total_spend = sum((w.cost for w in view.workshops), Decimal(0))
    total_incentives = sum((w.incentive_cost for w in view.workshops), Decimal(0))
    # The headline (cost, benefit, ROI, its interval, paid off) is on one set of workshops:
    # the measured ones. Total spend over all workshops is printed apart and labelled so.
    measured_cost = sum((w.cost for w in measured), Decimal(0))
    total_benefit = sum((w.benefit or Decimal(0) for w in measured), Decimal(0))
    portfolio_roi = (total_benefit - measured_cost) / measured_cost * 100 if measured_cost else None
    portfolio_roi_ci = pooled_roi_interval(measured)
    period = None
    if view.period_start and view.period_end:
        period = t(
            "report.period", start=fmt.date(view.period_start), end=fmt.date(view.period_end)
        )
    return {
        "title": view.title,
        "subtitle": " · ".join(x for x in (view.organisation, period) if x) or None,
        "generated_at": generated_at or dt.datetime.now(dt.UTC),
        "view": view,
        "cur": view.currency,
        "rows": rows,
        "unmeasured": unmeasured,
        "roi_chart": roi_chart,
        "spend_chart": spend_chart,
        "by_cost": by_cost,
        "total_spend": total_spend,
        "total_incentives": total_incentives,
        "total_benefit": total_benefit,
        "portfolio_roi": portfolio_roi,
        "portfolio_roi_ci": portfolio_roi_ci,
        "measured_cost": measured_cost,
        "unmeasured_cost": total_spend - measured_cost,
        "paid_off": sum(1 for r in rows if r["verdict"] == "paid_off"),
        "chart_limit": MAX_CHART_ROWS,
    }


def build_portfolio_report(
    view: PortfolioReportView,
    lang: str,
    *,
    generated_at: dt.datetime | None = None,
    progress: ProgressFn | None = None,
) -> bytes:
    """Workshops ranked by ROI with intervals, and the spend, as PDF bytes."""
    context = portfolio_report_context(view, lang, generated_at=generated_at)
    if progress:
        progress(0.3)
    return render_pdf("portfolio.html", context, lang, progress=sub_progress(progress, 0.3, 1.0))
