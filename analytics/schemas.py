"""What the analytics API returns: msgspec structs, one per question asked of the data."""

from __future__ import annotations

import datetime as dt

import msgspec


class Score(msgspec.Struct, kw_only=True):
    """NPS (or eNPS) with n and a 95% MOVER-Wilson score interval, in points (−100..100)."""

    metric: str
    n: int
    promoters: int
    passives: int
    detractors: int
    nps: float | None
    ci_low: float | None
    ci_high: float | None
    margin: float | None
    low_n: bool
    suppressed: bool = False
    message: str | None = None


class RatingScore(msgspec.Struct, kw_only=True):
    """CSAT (share of 4–5) or CES (mean effort and share of easy answers) of one question."""

    key: str
    metric: str
    n: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    mean: float | None = None
    message: str | None = None


class FiguresRelease(msgspec.Struct, kw_only=True):
    """Which release of an employee survey's answers every figure comes from.

    Figures move only when ``every`` new or changed answers are waiting (the anonymity floor,
    or the comment floor once the survey has comments), closed or not; ``final``: closed with
    nothing waiting; ``number`` 0: nothing released yet.
    """

    number: int
    released_at: dt.datetime | None
    answers_waiting: int
    every: int
    final: bool


class SurveyScores(msgspec.Struct, kw_only=True):
    survey_id: int
    kind: str
    confidential: bool
    responses: int
    score: Score
    ratings: list[RatingScore]
    mean_sentiment: float | None
    sentiment_counts: dict[str, int]
    release: FiguresRelease | None = None


class Segment(msgspec.Struct, kw_only=True):
    group: str
    score: Score
    mean_sentiment: float | None
    sentiment_counts: dict[str, int]


class Breakdown(msgspec.Struct, kw_only=True):
    """Scores per group; confidential surveys hide groups below the anonymity floor."""

    survey_id: int
    by: str
    segments: list[Segment]
    total: Score
    hidden_count: int
    hidden_label: str | None
    min_group_size: int | None
    message: str | None = None


class Comparison(msgspec.Struct, kw_only=True):
    """B − A in NPS points with a 95% interval and a two-sided test."""

    by: str
    a: str
    b: str
    score_a: Score
    score_b: Score
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    significant: bool
    message: str | None = None


class TrendPoint(msgspec.Struct, kw_only=True):
    period: str
    score: Score


class Trend(msgspec.Struct, kw_only=True):
    survey_id: int
    granularity: str
    points: list[TrendPoint]
    hidden_count: int
    action_date: dt.date | None = None
    before_after: Comparison | None = None


class Comment(msgspec.Struct, kw_only=True):
    """A comment as staff may see it.

    Confidential (eNPS) comments carry no response id, time, exact score or language: only
    the text, the score class (promoter/passive/detractor, where the guard allows it) and the
    sentiment, in an order that does not follow submission.
    """

    text: str
    response_id: int | None = None
    nps_score: int | None = None
    score_class: str | None = None
    sentiment_label: str | None = None
    sentiment_polarity: float | None = None
    language: str | None = None
    submitted_at: dt.datetime | None = None
    group: str | None = None
    themes: list[str] = []


class CommentList(msgspec.Struct, kw_only=True):
    survey_id: int
    total: int
    comments: list[Comment]
    message: str | None = None


class ThemeOut(msgspec.Struct, kw_only=True):
    phrase: str
    count: int
    share: float
    mean_sentiment: float
    mean_score: float | None
    nps: float | None
    examples: list[str]
    trend: dict[str, int]


class Themes(msgspec.Struct, kw_only=True):
    survey_id: int
    comments: int
    themes: list[ThemeOut]
    message: str | None = None


class DriverOut(msgspec.Struct, kw_only=True):
    key: str
    label: str
    share_pct: float
    ci_low: float | None
    ci_high: float | None
    shapley_share_pct: float | None
    raw_weight: float
    correlation: float
    mean_rating: float
    rank: int
    rank_shapley: int | None
    quadrant: str
    favourable_pct: float | None = None
    """Performance as a share: % of the analysed answers in the scale's top two boxes
    (4–5 of 5, 6–7 of 7)."""


class KeyDrivers(msgspec.Struct, kw_only=True):
    """Relative weights (Johnson 2000) with bootstrap CIs, and exact Shapley shares of R².

    ``outcome`` is what the drivers explain: ``score`` (the 0–10 answer) or, on employee
    surveys, ``class`` (each answer's part of the eNPS: promoter +100, passive 0, detractor
    −100; see ``analytics.disclosure.driver_outcome``).
    """

    outcome: str = "score"
    survey_id: int
    ok: bool
    n: int
    r2: float | None
    drivers: list[DriverOut]
    ranking_settled: bool
    importance_split: float | None
    performance_split: float | None
    messages: list[str]


class SentimentSegment(msgspec.Struct, kw_only=True):
    group: str
    n: int
    mean_polarity: float | None
    positive: int
    neutral: int
    negative: int


class SentimentBreakdown(msgspec.Struct, kw_only=True):
    survey_id: int
    by: str
    segments: list[SentimentSegment]
    hidden_count: int


class PraiseGroup(msgspec.Struct, kw_only=True):
    group: str
    comments: list[Comment]


class Praise(msgspec.Struct, kw_only=True):
    survey_id: int
    by: str | None
    groups: list[PraiseGroup]
    message: str | None = None
