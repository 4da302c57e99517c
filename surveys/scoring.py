"""The comment scorer the answer path calls: registered at assembly, never imported here.

``surveys`` sits below ``analytics`` in the dependency order, so it cannot import the
sentiment analyzers; ``app.main.create_app`` registers ``analytics.sentiment.analyze`` (any
callable returning an object with ``polarity``, ``label`` and ``analyzer_version``). Without
a scorer, answers are stored unscored and ``voc rescore`` scores them later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("voc.surveys.scoring")

CommentScorer = Callable[[str], Any]

_scorer: list[CommentScorer] = []


@dataclass(frozen=True, slots=True)
class Sentiment:
    polarity: float | None = None
    label: str | None = None
    version: str | None = None


def register_comment_scorer(scorer: CommentScorer | None) -> None:
    """Use ``scorer`` for every comment from now on (``None`` turns scoring off)."""
    _scorer[:] = [scorer] if scorer is not None else []


def comment_scorer() -> CommentScorer | None:
    return _scorer[0] if _scorer else None


def score_comment(comment: str) -> Sentiment:
    """The comment's sentiment; an empty comment, no scorer or a scorer bug gives none."""
    if not comment or not _scorer:
        return Sentiment()
    try:
        result = _scorer[0](comment)
    except Exception:  # a scoring bug must never lose an answer
        log.exception("sentiment analysis failed")
        return Sentiment()
    return Sentiment(float(result.polarity), str(result.label), str(result.analyzer_version))
