"""Fills the workshop and portfolio report views from the training API's own service calls.

Every figure comes from the results ``GET /api/workshops/{id}/effectiveness``,
``…/kirkpatrick`` and ``GET /api/workshops/portfolio`` return (the same
:class:`~training.services.EffectivenessService` methods, the same stored checkpoint
snapshots), and the reaction survey's scores from the analytics service behind
``GET /api/surveys/{id}/analytics/scores`` — so the PDF and the API cannot disagree.

A few figures the API does not carry are *derived* from what it does carry, never assumed:

* the 95 % bands around each group's share in the timeline chart (Wilson intervals from the
  post-window counts; the comparison group uses Kish's effective n); NRR's bands are the
  estimator's own group intervals (``DidEstimate.attending_post_low`` …);
* the interval of the mean quiz score (normal approximation from the API's mean, sd, n);
* the interval of the share applying the workshop (Wilson from the API's share and n).

Anything not measured yet is left empty (``None``, status "pending" / "not_measured"), and
the templates print it as such. A ROI whose basis is ``"no_data"`` (the API's conservative
"assume no improvement" value, −100 %) is *not* shown as a result: the report says the ROI
is not measurable yet.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Literal

from babel.numbers import get_currency_name

from analytics.report import QuotedComment, ThemeSummary
from analytics.services import AnalyticsService
from analytics.themes import ThemeInput, find_themes
from app.amounts import money_text
from app.errors import NotFound
from app.i18n import has, t
from training import schemas
from training.effectiveness import CheckpointEffect, DidEstimate
from training.report import (
    BalanceRow,
    BehaviourPoint,
    BehaviourSeries,
    CheckpointValue,
    CostLine,
    KirkpatrickRow,
    Methodology,
    MetricTimeline,
    PortfolioReportView,
    PortfolioWorkshop,
    ReactionSection,
    RoiFigures,
    ScoreWithCi,
    SentimentSummary,
    WorkshopReportView,
)
from training.roi import RoiResult
from training.services import EffectivenessService, WorkshopService, today

__all__ = [
    "TIMELINE_METRICS",
    "covariate_label",
    "portfolio_report_view",
    "workshop_report_view",
]

#: The timeline chart's metrics: (metric key, which way is better).
TIMELINE_METRICS: tuple[tuple[str, Literal["lower", "higher"]], ...] = (
    ("logo_churn", "lower"),
    ("expansion_share", "higher"),
    ("nrr", "higher"),
)
#: Level 4 rows, in this order (the API's ``level4_results`` keys).
RESULT_METRICS = ("logo_churn", "gross_mrr_churn", "expansion_share", "expansion_rate", "nrr")
#: Rate metrics whose group values get Wilson bands: metric → (events, accounts) fields.
_COUNTS = {"logo_churn": "accounts_lost", "expansion_share": "accounts_expanded"}
MAX_COMMENTS = 1000
Z95 = 1.959963984540054

_TEXT: dict[str, dict[str, str]] = {
    "nps": {"en": "Reaction NPS (day 0)", "ja": "反応NPS（当日）"},
    "csat": {"en": "CSAT (share 4–5 of 5)", "ja": "CSAT（5段階で4・5の割合）"},
    "confidence": {
        "en": "Confident to apply (share 4–5 of 5)",
        "ja": "実践できる自信（5段階で4・5の割合）",
    },
    "sentiment": {"en": "Mean comment sentiment (−1…1)", "ja": "コメントの平均感情（−1〜1）"},
    "quiz": {"en": "Quiz score", "ja": "理解度テストの得点"},
    "quiz_note": {
        "en": "Mean of attended participants; interval: normal approximation.",
        "ja": "出席者の平均。区間は正規近似。",
    },
    "behaviour": {
        "en": "Applying it weekly or daily",
        "ja": "毎週・毎日実践している割合",
    },
    "behaviour_note": {
        "en": "Share of follow-up respondents; interval: Wilson.",
        "ja": "フォローアップ回答者に占める割合。区間はWilson法。",
    },
    "did": {"en": "{label}: difference-in-differences", "ja": "{label}：差の差"},
    "roi": {"en": "ROI", "ja": "ROI"},
    "bcr": {"en": "Benefit-cost ratio (BCR)", "ja": "費用便益比（BCR）"},
    "roi_pending": {
        "en": "No checkpoint with outcome data yet; the API assumes no improvement.",
        "ja": "成果データのある測定時点がまだありません（APIは改善なしと仮定）。",
    },
    "no_cost": {
        "en": "No cost recorded: ROI needs the workshop's costs.",
        "ja": "費用が未登録のためROIを計算できません。",
    },
    "reaction_pending": {
        "en": "The day-0 survey has not been sent yet.",
        "ja": "当日アンケートはまだ送信されていません。",
    },
    "no_answers": {"en": "No answers yet.", "ja": "まだ回答がありません。"},
    "surveys_unavailable": {
        "en": "The surveys app is not available.",
        "ja": "アンケート機能が利用できません。",
    },
    "participant_time": {
        "en": "{hours} h × {rate}",
        "ja": "{hours}時間 × {rate}",
    },
    "bands": {
        "en": "Shaded bands are 95% intervals: around each group's share of accounts, Wilson "
        "intervals (the comparison group with its effective sample size); around NRR, the "
        "estimator's normal interval of each group's NRR. The effect's interval is the API's "
        "(influence-function standard error, including the estimated propensity score).",
        "ja": "網掛けの帯は95%区間です。"
        "アカウントの割合にはWilson区間（比較群は有効サンプル数で計算）、"
        "NRRには推定量による各群のNRRの正規区間を用いています。"
        "効果の区間はAPIの区間です（傾向スコアの推定を含む影響関数による標準誤差）。",
    },
    "no_effect": {
        "en": "No checkpoint with outcome data has been reached yet: sample sizes and balance "
        "are reported once the first checkpoint after the workshop is measured.",
        "ja": "成果データのある測定時点にまだ到達していません。サンプルサイズとバランスは研修後の"
        "最初の測定時点で報告されます。",
    },
    "attendees_after": {
        "en": "Attendee means are those of the attendees with a comparable account.",
        "ja": "参加者平均は比較できるアカウントがある参加者の平均です。",
    },
    "portfolio": {"en": "Workshop portfolio", "ja": "研修ポートフォリオ"},
    "other_currencies": {
        "en": "Workshops in {currencies} are in their own report (?currency=).",
        "ja": "{currencies}建ての研修は別のレポートです（?currency=）。",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    texts = _TEXT[key]
    text = texts.get(lang, texts["en"])
    return text.format(**values) if values else text


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def wilson(share_percent: float | None, n: float) -> tuple[float | None, float | None]:
    """95 % Wilson interval, in percent, of a share given in percent over ``n`` (may be a
    non-integer effective sample size). ``(None, None)`` without data."""
    if share_percent is None or not math.isfinite(share_percent) or n <= 0:
        return None, None
    p = min(max(share_percent / 100.0, 0.0), 1.0)
    z2 = Z95 * Z95
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denom
    half = Z95 / denom * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    return 100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half)


# ------------------------------------------------------------------------------ workshop


def _measured(outcome: schemas.CheckpointOutcome) -> CheckpointEffect | None:
    effect = outcome.effect
    return effect if effect is not None and effect.status == "ok" else None


def _estimate(effect: CheckpointEffect, metric: str) -> DidEstimate | None:
    try:
        return effect.estimate(metric)
    except KeyError:
        return None


def _timeline_point(outcome: schemas.CheckpointOutcome, metric: str) -> CheckpointValue:
    day = outcome.offset_days
    effect = _measured(outcome)
    est = _estimate(effect, metric) if effect else None
    if effect is None or est is None or est.did is None:
        return CheckpointValue(day=day, reached=False)
    att_low = att_high = cmp_low = cmp_high = None
    field = _COUNTS.get(metric)
    if field is not None:
        if effect.attending_post is not None:
            att_low, att_high = wilson(est.attending_post, effect.attending_post.accounts)
        cmp_low, cmp_high = wilson(est.comparison_post, effect.comparison_effective_n)
    else:  # NRR and other ratios: the estimator's own interval of each group's value
        att_low, att_high = _finite(est.attending_post_low), _finite(est.attending_post_high)
        cmp_low, cmp_high = _finite(est.comparison_post_low), _finite(est.comparison_post_high)
    return CheckpointValue(
        day=day,
        attendees=_finite(est.attending_post),
        attendees_low=att_low,
        attendees_high=att_high,
        comparison=_finite(est.comparison_post),
        comparison_low=cmp_low,
        comparison_high=cmp_high,
        did=_finite(est.did),
        did_low=_finite(est.ci_low),
        did_high=_finite(est.ci_high),
        n_attendees=effect.n_attending,
        n_comparison=effect.n_comparison,
        attendees_pre=_finite(est.attending_pre),
        comparison_pre=_finite(est.comparison_pre),
    )


def _roi_figures(roi: RoiResult | None, checkpoint_day: int | None) -> RoiFigures | None:
    if roi is None or roi.basis != "estimate" or checkpoint_day is None:
        return None
    return RoiFigures(
        currency=roi.currency,
        horizon_months=roi.horizon_months,
        cost=roi.cost,
        benefit=roi.benefit,
        roi_percent=roi.roi_percent,
        bcr=roi.bcr,
        checkpoint_day=checkpoint_day,
        churn_mrr_avoided_per_month=roi.churn_mrr_avoided_per_month,
        expansion_mrr_per_month=roi.expansion_mrr_per_month,
        benefit_ci=roi.benefit_ci,
        roi_percent_ci=roi.roi_percent_ci,
        bcr_ci=roi.bcr_ci,
        ci_level=roi.ci_level,
    )


def _reaction_status(
    level: schemas.ReactionLevel,
) -> Literal["pending", "not_measured", "hidden"]:
    if level.status == "hidden":
        return "hidden"
    return "pending" if level.status == "no_survey" else "not_measured"


def _reaction_note(level: schemas.ReactionLevel, lang: str, floor: int) -> str:
    if level.status == "hidden":
        return t("report.kp.hidden_note", lang, min=floor)
    key = {"no_survey": "reaction_pending", "surveys_unavailable": "surveys_unavailable"}.get(
        level.status, "no_answers"
    )
    return _t(key, lang)


def _kirkpatrick_rows(
    kp: schemas.Kirkpatrick,
    day0: ReactionScores,
    roi: RoiFigures | None,
    has_cost: bool,
    pending_followups: bool,
    n_attending: int | None,
    lang: str,
    floor: int,
) -> list[KirkpatrickRow]:
    """Rows L1–L5 from the Kirkpatrick API result; ``n_attending``: the matched attending
    accounts behind the level-4 estimates; ``floor``: the anonymity floor an internal
    workshop's hidden figures were held back by."""
    rows: list[KirkpatrickRow] = []
    l1 = kp.level1_reaction
    if l1.nps is not None:
        rows.append(
            KirkpatrickRow(
                level=1,
                measure=_t("nps", lang),
                value=l1.nps,
                ci_low=day0.nps.ci_low if day0.nps else None,
                ci_high=day0.nps.ci_high if day0.nps else None,
                unit="nps",
                n=day0.nps.n if day0.nps else None,
                checkpoint_day=0,
            )
        )
    else:
        rows.append(
            KirkpatrickRow(
                level=1,
                measure=_t("nps", lang),
                status=_reaction_status(l1),
                checkpoint_day=0,
                note=_reaction_note(l1, lang, floor),
            )
        )
    if l1.csat_percent is not None:
        rows.append(
            KirkpatrickRow(
                level=1,
                measure=_t("csat", lang),
                value=l1.csat_percent,
                ci_low=day0.csat.ci_low if day0.csat else None,
                ci_high=day0.csat.ci_high if day0.csat else None,
                unit="pct",
                n=day0.csat.n if day0.csat else None,
                checkpoint_day=0,
            )
        )
    if l1.mean_sentiment is not None:
        rows.append(
            KirkpatrickRow(
                level=1,
                measure=_t("sentiment", lang),
                value=l1.mean_sentiment,
                unit="score",
                n=day0.sentiment.n if day0.sentiment else None,
                checkpoint_day=0,
            )
        )

    l2 = kp.level2_learning
    if l2.n and l2.mean is not None:
        half = Z95 * l2.sd / math.sqrt(l2.n) if l2.sd is not None and l2.n > 1 else None
        rows.append(
            KirkpatrickRow(
                level=2,
                measure=_t("quiz", lang),
                value=l2.mean,
                ci_low=l2.mean - half if half is not None else None,
                ci_high=l2.mean + half if half is not None else None,
                unit="score",
                n=l2.n,
                note=_t("quiz_note", lang),
            )
        )
    elif l2.status == "hidden":
        rows.append(
            KirkpatrickRow(
                level=2,
                measure=_t("quiz", lang),
                status="hidden",
                note=t("report.kp.hidden_note", lang, min=floor),
            )
        )
    else:
        rows.append(KirkpatrickRow(level=2, measure=_t("quiz", lang), status="not_measured"))

    measured3 = [p for p in kp.level3_behaviour if p.mean_score is not None and p.responses]
    if measured3:
        last = max(measured3, key=lambda p: p.offset_days)
        low, high = wilson(last.mean_score, last.responses)
        rows.append(
            KirkpatrickRow(
                level=3,
                measure=_t("behaviour", lang),
                value=last.mean_score,
                ci_low=low,
                ci_high=high,
                unit="pct",
                n=last.responses,
                checkpoint_day=last.offset_days,
                note=_t("behaviour_note", lang),
            )
        )
    elif any(p.status == "hidden" for p in kp.level3_behaviour):
        rows.append(
            KirkpatrickRow(
                level=3,
                measure=_t("behaviour", lang),
                status="hidden",
                note=t("report.kp.hidden_note", lang, min=floor),
            )
        )
    else:
        rows.append(
            KirkpatrickRow(
                level=3,
                measure=_t("behaviour", lang),
                status="pending" if pending_followups else "not_measured",
            )
        )

    l4 = kp.level4_results
    by_metric = {e.metric: e for e in l4.estimates}
    for metric in RESULT_METRICS:
        est = by_metric.get(metric)
        if est is None:
            continue
        label = est.label_ja if lang == "ja" else est.label_en[:1].upper() + est.label_en[1:]
        measure = _t("did", lang, label=label)
        if est.did is None:
            rows.append(
                KirkpatrickRow(
                    level=4, measure=measure, status="pending", checkpoint_day=l4.offset_days
                )
            )
            continue
        rows.append(
            KirkpatrickRow(
                level=4,
                measure=measure,
                value=est.did,
                ci_low=est.ci_low,
                ci_high=est.ci_high,
                unit="pts",
                n=n_attending,
                checkpoint_day=l4.offset_days,
                note=est.verdict_ja if lang == "ja" else est.verdict_en,
            )
        )
    if not by_metric:
        rows.append(
            KirkpatrickRow(
                level=4,
                measure=_t("did", lang, label="NRR"),
                status="pending",
                checkpoint_day=l4.offset_days,
            )
        )

    if roi is not None:
        rows.append(
            KirkpatrickRow(
                level=5,
                measure=_t("roi", lang),
                value=roi.roi_percent,
                ci_low=roi.roi_percent_ci[0] if roi.roi_percent_ci else None,
                ci_high=roi.roi_percent_ci[1] if roi.roi_percent_ci else None,
                unit="pct",
                checkpoint_day=roi.checkpoint_day,
            )
        )
        rows.append(
            KirkpatrickRow(
                level=5,
                measure=_t("bcr", lang),
                value=roi.bcr,
                ci_low=roi.bcr_ci[0] if roi.bcr_ci else None,
                ci_high=roi.bcr_ci[1] if roi.bcr_ci else None,
                unit="ratio",
                checkpoint_day=roi.checkpoint_day,
            )
        )
    else:
        rows.append(
            KirkpatrickRow(
                level=5,
                measure=_t("roi", lang),
                status="pending" if has_cost else "not_measured",
                note=_t("roi_pending" if has_cost else "no_cost", lang),
            )
        )
    return rows


class ReactionScores:
    """The day-0 survey's scores as the analytics API returns them (None without a survey)."""

    def __init__(self) -> None:
        self.nps: ScoreWithCi | None = None
        self.csat: ScoreWithCi | None = None
        self.others: list[ScoreWithCi] = []
        self.sentiment: SentimentSummary | None = None


async def _day0_scores(
    analytics: AnalyticsService, survey_id: int | None, lang: str
) -> ReactionScores:
    out = ReactionScores()
    if survey_id is None:
        return out
    scores = await analytics.scores(survey_id)
    if scores.score.n and not scores.score.suppressed:
        out.nps = ScoreWithCi(
            label="NPS",
            value=scores.score.nps,
            ci_low=scores.score.ci_low,
            ci_high=scores.score.ci_high,
            n=scores.score.n,
            unit="nps",
        )
    for rating in scores.ratings:
        if rating.metric != "csat" or not rating.n:
            continue
        label = (
            "CSAT"
            if rating.key == "csat"
            else _t(rating.key, lang)
            if rating.key in _TEXT
            else rating.key
        )
        score = ScoreWithCi(
            label=label,
            value=rating.value,
            ci_low=rating.ci_low,
            ci_high=rating.ci_high,
            n=rating.n,
            unit="pct",
        )
        if rating.key == "csat":
            out.csat = score
        else:
            out.others.append(score)
    counts = scores.sentiment_counts
    n = sum(counts.values())
    if n:
        out.sentiment = SentimentSummary(
            n=n,
            positive=counts.get("positive", 0),
            neutral=counts.get("neutral", 0),
            negative=counts.get("negative", 0),
            mean=scores.mean_sentiment,
        )
    return out


async def _comments(
    analytics: AnalyticsService, surveys: dict[int, int], lang: str
) -> tuple[list[QuotedComment], list[ThemeSummary]]:
    """Comments of the workshop's surveys (day 0 and follow-ups, as the comments API shows
    them) and their top themes (:func:`analytics.themes.find_themes`)."""
    quoted: list[QuotedComment] = []
    inputs: list[ThemeInput] = []
    texts: dict[int, str] = {}
    for day, survey_id in sorted(surveys.items()):
        listing = await analytics.comments(survey_id, limit=MAX_COMMENTS)
        when = "当日" if day == 0 and lang == "ja" else "Day 0" if day == 0 else None
        if when is None:
            when = f"+{day}日" if lang == "ja" else f"+{day} days"
        for c in listing.comments:
            quoted.append(
                QuotedComment(
                    text=c.text,
                    score=c.nps_score,
                    sentiment=c.sentiment_polarity,
                    attribution=when,
                    answered_on=None if c.submitted_at is None else c.submitted_at.date(),
                )
            )
            # confidential (employee) comments carry no id: number them locally
            key = c.response_id if c.response_id is not None else -len(texts) - 1
            texts[key] = c.text
            inputs.append(
                ThemeInput(
                    id=key,
                    text=c.text,
                    polarity=c.sentiment_polarity or 0.0,
                    score=c.nps_score,
                    language=c.language,
                )
            )
    confidential = any(k < 0 for k in texts)
    themes = [
        ThemeSummary(
            phrase=theme.phrase,
            count=theme.count,
            mean_sentiment=round(theme.mean_sentiment, 3),
            mean_score=None if theme.mean_score is None else round(theme.mean_score, 2),
            examples=[texts[i] for i in theme.example_ids if i in texts],  # type: ignore[index]
        )
        # employee comments come without ids: their themes follow the eNPS floor
        for theme in find_themes(
            inputs,
            top_n=6,
            min_count=analytics.min_size if confidential else None,
            reader=lang,
            label_floor=analytics.min_size if confidential else 1,
        )
    ]
    return quoted, themes


def _behaviour(kp: schemas.Kirkpatrick, lang: str) -> list[BehaviourSeries]:
    points = []
    for p in kp.level3_behaviour:
        if p.mean_score is None or not p.responses:
            continue
        low, high = wilson(p.mean_score, p.responses)
        points.append(
            BehaviourPoint(
                day=p.offset_days, value=p.mean_score, ci_low=low, ci_high=high, n=p.responses
            )
        )
    return (
        [BehaviourSeries(label=_t("behaviour", lang), points=points, unit="pct")] if points else []
    )


def _costs(costs: schemas.WorkshopCosts, lang: str) -> list[CostLine]:
    cur = costs.currency
    rate = money_text(costs.loaded_hourly_rate, cur, lang)
    return [
        CostLine(category="facilitator", amount=costs.facilitator),
        CostLine(category="venue_catering", amount=costs.venue_catering),
        CostLine(category="materials", amount=costs.materials),
        CostLine(category="tooling", amount=costs.tooling),
        CostLine(
            category="participant_time",
            amount=costs.participants_time,
            note=_t("participant_time", lang, hours=costs.participant_hours, rate=rate),
        ),
        CostLine(category="incentives", amount=costs.incentives),
    ]


def _diagnostics(effect: CheckpointEffect, lang: str) -> list[str]:
    """One line per diagnostic of the estimator, in the report's language."""
    ja = lang == "ja"
    lines: list[str] = []
    o = effect.overlap
    if o is not None:
        share = o.share_without_support * 100
        lines.append(
            f"重なり：参加アカウント{o.attendees}件中{o.without_support}件（{share:.0f}%）に比較できる"
            "アカウントがありません。"
            if ja
            else f"Overlap: {o.without_support} of {o.attendees} attending accounts ({share:.0f}%) "
            "had no comparable account."
        )
    failed = any(r.code == "placebo_failed" for r in effect.support_reasons)
    for p in effect.placebo:
        ci = (
            f"[{p.ci_low:.1f}, {p.ci_high:.1f}]"
            if p.ci_low is not None and p.ci_high is not None
            else "–"
        )
        did = "–" if p.did is None else f"{p.did:+.1f}"
        if ja:
            verdict = "不合格" if failed else "合格"
            lines.append(f"研修前のプラセボ検定（{p.label_ja}）：{did}ポイント {ci}、{verdict}。")
        else:
            verdict = "failed" if failed else "passed"
            lines.append(f"Placebo before the workshop ({p.label_en}): {did} pts {ci}, {verdict}.")
    if effect.health is not None and effect.health.did is not None:
        h = effect.health
        ci = (
            f"[{h.ci_low:.1f}, {h.ci_high:.1f}]"
            if h.ci_low is not None and h.ci_high is not None
            else "–"
        )
        lines.append(
            f"ヘルススコアへの効果：{h.did:+.1f}ポイント {ci}（n = {h.n}）。"
            if ja
            else f"Health-score effect: {h.did:+.1f} points {ci} (n = {h.n})."
        )
    headline = [e for e in effect.estimates if e.metric in _SENSITIVITY_SHOWN]
    for e in (*headline, *((effect.health,) if effect.health else ())):
        if e.e_value is None:
            continue
        label = e.label_ja if ja else e.label_en
        eci = "–" if e.e_value_ci is None else f"{e.e_value_ci:.2f}"
        lines.append(
            f"E値（{label}）：{e.e_value:.2f}（区間の端：{eci}）。"
            if ja
            else f"E-value ({label}): {e.e_value:.2f} (interval end: {eci})."
        )
    for e in headline:
        if e.sensitivity_low is None or e.sensitivity_high is None:
            continue
        rr = f"{e.sensitivity_rr or 0:g}"
        lo, hi = f"{e.sensitivity_low:+.1f}", f"{e.sensitivity_high:+.1f}"
        if e.baseline is None and e.outcome_sd is not None:
            # a continuous outcome (NRR, GRR, expansion MRR per account): standardised bound
            label = e.label_ja if ja else e.label_en
            robust = t("diag.robust", lang) if e.robust else t("diag.not_robust", lang)
            if e.unit == "pts":
                sd = f"{e.outcome_sd:,.1f}"
                lo, hi = f"{e.sensitivity_low:+,.1f}", f"{e.sensitivity_high:+,.1f}"
            else:  # money, in the reader's way of writing amounts
                cur = effect.currency
                sd = money_text(e.outcome_sd, cur, lang)
                lo = money_text(e.sensitivity_low, cur, lang, sign=True)
                hi = money_text(e.sensitivity_high, cur, lang, sign=True)
            line = t("diag.sensitivity_sd", lang, rr=rr, sd=sd, metric=label, lo=lo, hi=hi)
            lines.append(f"{line}{'。' if ja else '; '}{robust}{'。' if ja else '.'}")
            continue
        if ja:
            holds = "効果は残ります" if e.robust else "その要因で効果を説明できてしまいます"
            lines.append(
                f"感度分析（{e.label_ja}）：参加と結果の両方にリスク比{rr}で関わる隠れた要因を"
                f"見込むと{lo}〜{hi}ポイント。{holds}。"
            )
        else:
            holds = "the effect holds" if e.robust else "such a factor could explain the effect"
            lines.append(
                f"Sensitivity ({e.label_en}): allowing for a hidden factor with risk ratio {rr} "
                f"with both attending and the outcome, {lo} to {hi} pts; {holds}."
            )
    if effect.support == "supported":
        for e in headline:
            if e.p_holm is None or e.p_sensitivity is None:
                continue
            line = t(
                "diag.joint",
                lang,
                m=e.family_size,
                metric=e.label_ja if ja else e.label_en,
                p=f"{e.p_sensitivity:.3f}",
                padj=f"{e.p_holm:.3f}",
                level=_look_level(effect.claim_alpha, effect.ci_level),
                total=_look_level(None, effect.ci_level),
            )
            verdict = t("diag.claimed", lang) if e.detectable else t("diag.not_claimed", lang)
            lines.append(f"{line}{'：' if ja else ': '}{verdict}{'。' if ja else '.'}")
    return lines


def _look_level(claim_alpha: float | None, ci_level: float) -> str:
    """The level a checkpoint claims at (its share of 1 − ``ci_level``), e.g. "0.0184"."""
    level = 1.0 - ci_level if claim_alpha is None else claim_alpha
    return f"{level:.3g}"


#: Outcomes whose sensitivity analysis and joint judgement the report lists.
_SENSITIVITY_SHOWN = ("logo_churn", "expansion_share", "nrr", "grr", "expansion_mrr_per_account")


def covariate_label(name: str, lang: str) -> str:
    """A balance-table covariate (``tier:Enterprise``, ``log_mrr``, …) in the reader's words;
    an unknown name is shown as it is."""
    if name.startswith("segment:"):
        return t("covariate.segment", lang, name=name.partition(":")[2])
    key = "covariate." + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return t(key, lang) if has(key, lang) else name


def _methodology(effect: CheckpointEffect | None, lang: str) -> Methodology:
    if effect is None:
        return Methodology(n_attending=0, n_comparison=0, notices=[_t("no_effect", lang)])
    notices = [n.ja if lang == "ja" else n.en for n in effect.notices]
    notices.append(_t("bands", lang))
    if effect.balance:
        notices.append(_t("attendees_after", lang))
    return Methodology(
        n_attending=effect.n_attending,
        n_comparison=effect.n_comparison,
        n_comparison_effective=effect.comparison_effective_n,
        n_unmatched=effect.n_unmatched,
        n_candidates=effect.n_candidates,
        n_boot=effect.n_boot,
        ci_level=effect.ci_level,
        matching_method=None,  # the template's method text, in the report's language
        support=effect.support,
        support_reasons=[r.ja if lang == "ja" else r.en for r in effect.support_reasons],
        diagnostics=_diagnostics(effect, lang),
        balance=[
            BalanceRow(
                covariate=covariate_label(b.covariate, lang),
                attendees_mean=b.attending_after,
                comparison_mean_before=b.comparison_before,
                comparison_mean_after=b.comparison_after,
                smd_before=b.smd_before,
                smd_after=b.smd_after,
            )
            for b in effect.balance
        ],
        notices=notices,
    )


async def workshop_report_view(
    workshops: WorkshopService,
    effectiveness: EffectivenessService,
    analytics: AnalyticsService,
    workshop_id: int,
    lang: str = "en",
    *,
    quote_comments: bool = True,
) -> WorkshopReportView:
    """The workshop report's view, from the calls behind the workshop, effectiveness,
    Kirkpatrick and survey-scores endpoints. ``lang`` picks the labels and notices.

    Comments and themes are quoted only with ``quote_comments``: the reader may read the
    workshop's surveys (employee feedback for an internal workshop, customer otherwise).
    """
    workshop = await workshops.get(workshop_id)
    result = await effectiveness.effectiveness(workshop_id)
    kp = await effectiveness.kirkpatrick(workshop_id)
    outcomes = result.checkpoints
    latest = EffectivenessService.latest(outcomes)
    latest_effect = _measured(latest) if latest else None
    latest_day = latest.offset_days if latest and latest_effect else None
    roi = _roi_figures(kp.level5_roi, latest_day)

    timelines = [
        MetricTimeline(
            metric=metric, better=better, points=[_timeline_point(o, metric) for o in outcomes]
        )
        for metric, better in TIMELINE_METRICS
    ]

    surveys = {c.offset_days: c.survey_id for c in workshop.checkpoints if c.survey_id}
    day0 = await _day0_scores(analytics, surveys.get(0), lang)
    comments, themes = await _comments(analytics, surveys, lang)
    if not quote_comments:
        comments, themes = [], []
    behaviour = _behaviour(kp, lang)
    reaction = None
    if surveys:
        reaction = ReactionSection(
            score=day0.nps,
            other_scores=[s for s in (day0.csat, *day0.others) if s is not None],
            sentiment=day0.sentiment,
            themes=themes,
            comments=comments,
            behaviour=behaviour,
        )
    has_cost = workshop.costs.total > 0
    pending_followups = any(
        c.offset_days > 0 and c.status == "pending" for c in workshop.checkpoints
    )
    return WorkshopReportView(
        workshop_name=workshop.title,
        workshop_date=workshop.held_on,
        currency=workshop.currency,
        participants=workshop.participants.attended,
        accounts=workshop.participants.accounts_attending,
        methodology=_methodology(latest_effect, lang),
        as_of=today(effectiveness.settings, effectiveness.clock),
        facilitator=workshop.facilitator or None,
        latest_checkpoint_day=latest_day,
        roi=roi,
        timelines=timelines,
        kirkpatrick=_kirkpatrick_rows(
            kp,
            day0,
            roi,
            has_cost,
            pending_followups,
            latest_effect.n_attending if latest_effect else None,
            lang,
            effectiveness.settings.min_group_size,
        ),
        reaction=reaction,
        costs=_costs(workshop.costs, lang),
        horizon_months=kp.benefit_horizon_months,
    )


# ------------------------------------------------------------------------------ portfolio


async def portfolio_report_view(
    workshops: WorkshopService,
    effectiveness: EffectivenessService,
    lang: str = "en",
    currency: str | None = None,
) -> PortfolioReportView:
    """The portfolio report's view from ``GET /api/workshops/portfolio``'s rows, in one
    currency (``currency``, else the one most workshops use); ROI only where it was
    estimated from outcome data."""
    rows = await effectiveness.portfolio()
    currencies = Counter(r.currency for r in rows)
    if currency is None:
        currency = min(currencies, key=lambda c: (-currencies[c], c)) if currencies else "JPY"
    elif rows and currency not in currencies:
        raise NotFound(f"no workshop is in {currency}")
    items: list[PortfolioWorkshop] = []
    for row in rows:
        if row.currency != currency:
            continue
        workshop = await workshops.get(row.workshop_id)
        outcomes = await effectiveness.outcomes(row.workshop_id)
        latest = EffectivenessService.latest(outcomes)
        effect = _measured(latest) if latest else None
        roi = effect.roi if effect and effect.roi and effect.roi.basis == "estimate" else None
        estimated = roi is not None and row.roi_basis == "estimate"
        items.append(
            PortfolioWorkshop(
                name=row.title,
                workshop_date=row.held_on,
                participants=row.attended,
                accounts=workshop.participants.accounts_attending,
                cost=row.cost_total,
                incentive_cost=workshop.costs.incentives,
                benefit=roi.benefit if roi is not None and estimated else None,
                roi_percent=row.roi_percent if estimated else None,
                roi_percent_ci=row.roi_percent_ci if estimated else None,
                bcr=row.bcr if estimated else None,
                latest_checkpoint_day=row.latest_checkpoint_days if effect else None,
            )
        )
    others = sorted(c for c in currencies if c != currency)
    if lang == "ja":  # 研修ポートフォリオ（日本円建て）: the currency by its Japanese name
        title = _t("portfolio", lang) + f"（{get_currency_name(currency, locale='ja_JP')}建て）"
    else:
        title = _t("portfolio", lang) + f" ({currency})"
    dates = [w.workshop_date for w in items]
    return PortfolioReportView(
        title=title,
        currency=currency,
        workshops=items,
        organisation=_t("other_currencies", lang, currencies=", ".join(others)) if others else None,
        period_start=min(dates) if dates else None,
        period_end=max(dates) if dates else None,
        horizon_months=effectiveness.settings.benefit_horizon_months,
    )
