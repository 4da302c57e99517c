"""Rows written straight into the tables, for analytics tests that need many answers fast."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from surveys.tables import Contact, Invitation, Response, Survey, SurveyVersion

_counter = itertools.count(1)

DRIVER_QUESTIONS = [
    {
        "key": "recommend",
        "type": "nps",
        "required": True,
        "text": {"en": "Recommend?", "ja": "推奨"},
    },
    {"key": "reason", "type": "text", "required": False, "text": {"en": "Why?", "ja": "理由"}},
    *[
        {
            "key": f"driver_{name}",
            "type": "rating",
            "scale": 5,
            "required": False,
            "text": {"en": name.title(), "ja": name},
        }
        for name in ("support", "product", "price")
    ],
]


async def make_survey(
    kind: str = "customer_nps", questions: list[dict[str, Any]] | None = None
) -> int:
    audience = "employee" if kind == "enps" else "customer"
    survey = Survey(name=f"{kind} survey", kind=kind, status="live", audience=audience)
    await survey.save()
    await SurveyVersion(survey=survey.id, number=1, questions=questions or DRIVER_QUESTIONS).save()
    return int(survey.id)


async def add_response(
    survey_id: int,
    score: int | None,
    comment: str = "",
    attributes: dict[str, Any] | None = None,
    submitted_at: dt.datetime | None = None,
    answers: dict[str, Any] | None = None,
    sentiment: tuple[float, str] | None = None,
    language: str = "en",
    version: int = 1,
) -> int:
    n = next(_counter)
    contact = Contact(email=f"person{n}@example.com", name=f"Person {n}")
    await contact.save()
    invitation = Invitation(
        survey=survey_id, contact=contact.id, attributes=attributes or {}, status="sent"
    )
    await invitation.save()
    polarity, label = sentiment if sentiment else (None, None)
    response = Response(
        invitation=invitation.id,
        survey=survey_id,
        version=version,
        answers={"recommend": score, **(answers or {})},
        nps_score=score,
        comment=comment,
        language=language,
        attributes=attributes or {},
        sentiment_polarity=polarity,
        sentiment_label=label,
        sentiment_version="test" if sentiment else None,
        submitted_at=submitted_at or dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC),
    )
    await response.save()
    return int(response.id)
