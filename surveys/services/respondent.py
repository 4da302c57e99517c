"""What a respondent's link can do: open the survey, answer (an upsert), unsubscribe."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.clock import Clock
from app.db import write_transaction
from app.settings import Settings
from surveys.questions import AnswerError, clean_answers, main_comment, main_score
from surveys.schemas import AnswerSaved, Question
from surveys.services.common import load_json, version_questions
from surveys.services.outbox import cancel_pending_for_contact
from surveys.tables import Contact, Invitation, OutboxMessage, Response
from surveys.tokens import looks_like_token, token_hash

log = logging.getLogger("voc.surveys.respondent")

_analyze: Callable[[str], Any] | None
try:  # the analytics package scores each comment once, on arrival
    from analytics.sentiment import analyze as _analyze
except ImportError:  # pragma: no cover - analytics not installed
    _analyze = None


class LinkNotFound(Exception):
    """Unknown or malformed token (404)."""


class LinkExpired(Exception):
    """The survey has closed (410)."""

    def __init__(self, language: str) -> None:
        super().__init__("survey closed")
        self.language = language


class AnswersRejected(Exception):
    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__("; ".join(e.detail for e in errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Sentiment:
    polarity: float | None = None
    label: str | None = None
    version: str | None = None


def score_sentiment(comment: str) -> Sentiment:
    if not comment or _analyze is None:
        return Sentiment()
    try:
        result = _analyze(comment)
    except Exception:  # a scoring bug must never lose an answer
        log.exception("sentiment analysis failed")
        return Sentiment()
    return Sentiment(float(result.polarity), str(result.label), str(result.analyzer_version))


@dataclass(frozen=True, slots=True)
class Invite:
    invitation_id: int
    contact_id: int
    email: str
    name: str
    language: str
    survey_id: int
    survey_name: str
    survey_kind: str
    version: int
    questions: list[Question]
    answers: dict[str, Any]
    answered_at: dt.datetime | None
    attributes: dict[str, Any]
    opted_out: bool


class RespondentService:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock

    async def _invitation(self, token: str) -> dict[str, Any]:
        if not looks_like_token(token):
            raise LinkNotFound(token)
        row = (
            await Invitation.select(
                Invitation.id,
                Invitation.language,
                Invitation.attributes,
                Invitation.answered_at,
                Invitation.opted_out_at,
                Invitation.contact.id.as_alias("contact_id"),
                Invitation.contact.email.as_alias("email"),
                Invitation.contact.name.as_alias("name"),
                Invitation.contact.opted_out_at.as_alias("contact_opted_out_at"),
                Invitation.survey.id.as_alias("survey_id"),
                Invitation.survey.name.as_alias("survey_name"),
                Invitation.survey.kind.as_alias("survey_kind"),
                Invitation.survey.status.as_alias("survey_status"),
                Invitation.survey.closes_at.as_alias("closes_at"),
                Invitation.survey.current_version.as_alias("current_version"),
            )
            .where(Invitation.token_hash == token_hash(token))
            .first()
        )
        if row is None:
            raise LinkNotFound(token)
        return row

    def _is_closed(self, row: Mapping[str, Any]) -> bool:
        closes_at = row["closes_at"]
        return row["survey_status"] == "closed" or (
            closes_at is not None and closes_at <= self.clock.now()
        )

    async def open(self, token: str) -> Invite:
        """The survey behind a link, with the earlier answer if any. Never writes."""
        row = await self._invitation(token)
        if self._is_closed(row):
            raise LinkExpired(row["language"])
        answers: dict[str, Any] = {}
        version = row["current_version"]
        if row["answered_at"] is not None:
            response = (
                await Response.select(Response.answers)
                .where(Response.invitation == row["id"])
                .first()
            )
            if response:
                answers = load_json(response["answers"], {})
        return Invite(
            invitation_id=row["id"],
            contact_id=row["contact_id"],
            email=row["email"],
            name=row["name"],
            language=row["language"],
            survey_id=row["survey_id"],
            survey_name=row["survey_name"],
            survey_kind=row["survey_kind"],
            version=version,
            questions=await version_questions(row["survey_id"], version),
            answers=answers,
            answered_at=row["answered_at"],
            attributes=load_json(row["attributes"], {}),
            opted_out=bool(row["contact_opted_out_at"] or row["opted_out_at"]),
        )

    async def submit(self, token: str, raw: Mapping[str, Any]) -> tuple[Invite, AnswerSaved]:
        """Validate and store the one answer of this invitation (insert or update)."""
        invite = await self.open(token)
        answers, errors = clean_answers(invite.questions, raw)
        if errors:
            raise AnswersRejected(errors)
        comment = main_comment(invite.questions, answers)
        score = main_score(invite.questions, answers)
        existing = (
            await Response.select(
                Response.comment,
                Response.sentiment_polarity,
                Response.sentiment_label,
                Response.sentiment_version,
            )
            .where(Response.invitation == invite.invitation_id)
            .first()
        )
        if existing is not None and existing["comment"] == comment:
            sentiment = Sentiment(
                existing["sentiment_polarity"],
                existing["sentiment_label"],
                existing["sentiment_version"],
            )
        else:
            sentiment = score_sentiment(comment)
        now = self.clock.now()
        async with write_transaction():
            # Re-checked under the write lock: a survey closing now wins over a late answer.
            row = await self._invitation(token)
            if self._is_closed(row):
                raise LinkExpired(row["language"])
            returned = (
                await Response.insert(
                    Response(
                        invitation=invite.invitation_id,
                        survey=invite.survey_id,
                        version=invite.version,
                        answers=answers,
                        nps_score=score,
                        comment=comment,
                        language=invite.language,
                        attributes=invite.attributes,
                        sentiment_polarity=sentiment.polarity,
                        sentiment_label=sentiment.label,
                        sentiment_version=sentiment.version,
                        submitted_at=now,
                        updated_at=now,
                    )
                )
                .on_conflict(
                    target=Response.invitation,
                    action="DO UPDATE",
                    values=[
                        Response.version,
                        Response.answers,
                        Response.nps_score,
                        Response.comment,
                        Response.language,
                        Response.sentiment_polarity,
                        Response.sentiment_label,
                        Response.sentiment_version,
                        Response.updated_at,
                    ],
                )
                .returning(Response.submitted_at, Response.updated_at)
            )
            await Invitation.update({Invitation.answered_at: now}).where(
                (Invitation.id == invite.invitation_id) & Invitation.answered_at.is_null()
            )
            # Reminders are pointless now; cancel them rather than filter them at send time.
            await OutboxMessage.update(
                {OutboxMessage.status: "cancelled", OutboxMessage.body: ""}
            ).where(
                (OutboxMessage.invitation == invite.invitation_id)
                & (OutboxMessage.kind == "reminder")
                & (OutboxMessage.status == "pending")
            )
        saved = returned[0] if returned else {"submitted_at": now, "updated_at": now}
        return invite, AnswerSaved(
            status="saved",
            version=invite.version,
            nps_score=score,
            submitted_at=saved["submitted_at"],
            updated_at=saved["updated_at"],
        )

    async def unsubscribe_target(self, token: str) -> dict[str, Any]:
        """Who a link would unsubscribe (works after close too: opt-outs always count)."""
        row = await self._invitation(token)
        return {
            "email": row["email"],
            "language": row["language"],
            "opted_out": bool(row["contact_opted_out_at"]),
        }

    async def unsubscribe(self, token: str) -> dict[str, Any]:
        """Opt the person out of every survey and cancel their queued emails (idempotent)."""
        row = await self._invitation(token)
        now = self.clock.now()
        async with write_transaction():
            await Contact.update({Contact.opted_out_at: now}).where(
                (Contact.id == row["contact_id"]) & Contact.opted_out_at.is_null()
            )
            await Invitation.update({Invitation.opted_out_at: now}).where(
                (Invitation.id == row["id"]) & Invitation.opted_out_at.is_null()
            )
            await cancel_pending_for_contact(row["contact_id"])
        return {"email": row["email"], "language": row["language"], "opted_out": True}
