"""What a respondent's link can do: open the survey, answer (an upsert), unsubscribe."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from app.clock import Clock
from app.db import is_postgres, write_transaction
from app.hotdb import HotDatabase, SqliteHot
from app.names import survey_name
from app.settings import Settings
from surveys.questions import AnswerError, clean_answers, main_comment, main_score
from surveys.schemas import AnswerSaved, IncentiveGranted, Question
from surveys.scoring import Sentiment, score_comment, score_comment_soon
from surveys.services.answer_store import (
    INVITATION_SQL,
    NEEDS_ORM,
    Closed,
    NeedsOrm,
    PendingAnswer,
    Stored,
    StoreResult,
    find_invitation,
    store_answer,
)
from surveys.services.common import decode_questions, load_json
from surveys.services.incentives import IncentiveService, queue_thank_you
from surveys.services.outbox import cancel_pending_for_contact
from surveys.tables import Contact, Invitation, OutboxMessage, Response, Survey
from surveys.tokens import looks_like_token, token_hash

log = logging.getLogger("voc.surveys.respondent")

_WRITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def sqlite_writer() -> AsyncIterator[None]:
    """On SQLite, queue this process's writers in memory instead of in SQLite's busy loop.

    SQLite has one writer; contending connections poll with growing sleeps, which makes
    the tail latency of concurrent answers explode. PostgreSQL needs no such queue.
    """
    if is_postgres():
        yield
        return
    loop = asyncio.get_running_loop()
    lock = _WRITERS.get(loop)
    if lock is None:
        lock = _WRITERS[loop] = asyncio.Lock()
    async with lock:
        yield


_QUESTIONS: dict[str, list[Question]] = {}


def questions_of(row: Mapping[str, Any]) -> list[Question]:
    """The version's questions, decoded once per distinct text (versions rarely change)."""
    text = row["questions"]
    if not isinstance(text, str):
        return decode_questions(text)
    found = _QUESTIONS.get(text)
    if found is None:
        if len(_QUESTIONS) >= 256:
            _QUESTIONS.clear()
        found = _QUESTIONS[text] = decode_questions(text)
    return found


class LinkNotFound(Exception):
    """Unknown or malformed token (404)."""


class LinkExpired(Exception):
    """The survey has closed (410)."""

    def __init__(self, language: str) -> None:
        super().__init__("survey closed")
        self.language = language


class AnswersRejected(Exception):
    def __init__(self, errors: list[AnswerError], invite: Invite) -> None:
        super().__init__("; ".join(e.detail for e in errors))
        self.errors = errors
        self.invite = invite


def public_title(row: Mapping[str, Any]) -> str:
    """The title respondents see, in their language: the other language's, then the name."""
    first, second = (
        ("title_ja", "title_en") if row["language"] == "ja" else ("title_en", "title_ja")
    )
    return str(
        row.get(first) or row.get(second) or survey_name(row["survey_name"], row["language"])
    )


@dataclass(frozen=True, slots=True)
class Invite:
    invitation_id: int
    contact_id: int
    email: str
    name: str
    language: str
    survey_id: int
    survey_name: str
    """The public title in the respondent's language (the internal name when it has none)."""
    survey_kind: str
    version: int
    questions: list[Question]
    answers: dict[str, Any]
    answered_at: dt.datetime | None
    attributes: dict[str, Any]
    opted_out: bool
    questions_text: str | None = None
    """The version's questions as stored (JSON text): identifies the form's markup."""


class RespondentService:
    """The respondent's link. ``hot`` (the app's persistent connections) makes it fast; without
    it (scripts, other packages) the same rules run through Piccolo."""

    def __init__(self, settings: Settings, clock: Clock, hot: HotDatabase | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.hot = hot

    async def _invitation(self, token: str) -> dict[str, Any]:
        """The invitation behind a token with its contact, survey, questions and answer."""
        if not looks_like_token(token):
            raise LinkNotFound(token)
        if self.hot is not None:
            found = await find_invitation(self.hot, token_hash(token))
            if found is None:
                raise LinkNotFound(token)
            return found
        rows = await Invitation.raw(INVITATION_SQL.replace("?", "{}"), token_hash(token))
        if not rows:
            raise LinkNotFound(token)
        return dict(rows[0])

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
        return self._invite(row, questions_of(row), load_json(row["previous_answers"], {}))

    @staticmethod
    def _invite(
        row: Mapping[str, Any],
        questions: list[Question],
        answers: dict[str, Any],
        attributes: dict[str, Any] | None = None,
    ) -> Invite:
        return Invite(
            invitation_id=row["id"],
            contact_id=row["contact_id"],
            email=row["email"],
            name=row["name"],
            language=row["language"],
            survey_id=row["survey_id"],
            survey_name=public_title(row),
            survey_kind=row["survey_kind"],
            version=row["current_version"],
            questions=questions,
            answers=answers,
            answered_at=row["answered_at"],
            attributes=load_json(row["attributes"], {}) if attributes is None else attributes,
            opted_out=bool(row["contact_opted_out_at"] or row["opted_out_at"]),
            questions_text=text if isinstance(text := row["questions"], str) else None,
        )

    async def submit(self, token: str, raw: Mapping[str, Any]) -> tuple[Invite, AnswerSaved]:
        """Validate and store the one answer of this invitation (insert or update).

        Lookup, validation and sentiment scoring run before the write and outside any lock.
        The write is one short transaction: re-check that the survey is still open, upsert
        keyed by the invitation (a unique constraint, so two tabs or a retry never make two
        rows; an unchanged comment keeps its sentiment), mark the invitation answered and
        cancel its pending reminders. It returns only once the answer is committed.
        """
        row = await self._invitation(token)
        if self._is_closed(row):
            raise LinkExpired(row["language"])
        version = row["current_version"]
        questions = questions_of(row)
        answers, errors = clean_answers(questions, raw)
        if errors:
            raise AnswersRejected(errors, self._invite(row, questions, {}))
        comment = main_comment(questions, answers)
        attributes = load_json(row["attributes"], {})
        unchanged = row["previous_comment"] is not None and row["previous_comment"] == comment
        pending = PendingAnswer(
            invitation_id=row["id"],
            survey_id=row["survey_id"],
            version=version,
            answers=answers,
            nps_score=main_score(questions, answers),
            comment=comment,
            language=row["language"],
            attributes=attributes,
            # Scored here, before the write; an unchanged comment keeps its stored score.
            sentiment=Sentiment() if unchanged else await score_comment_soon(comment),
            first=row["answered_at"] is None,
            now=self.clock.now(),
        )
        grant: IncentiveGranted | None = None
        result: StoreResult = NEEDS_ORM
        if self.hot is not None:
            result = await store_answer(self.hot, pending)
        if isinstance(result, NeedsOrm):
            stored, grant = await self._store_with_orm(row, pending, unchanged)
        elif isinstance(result, Closed):
            raise LinkExpired(row["language"])
        else:
            stored = result
        return self._invite(row, questions, answers, attributes), AnswerSaved(
            status="saved",
            version=version,
            nps_score=pending.nps_score,
            submitted_at=stored.submitted_at,
            updated_at=stored.updated_at,
            incentive=grant,
        )

    @asynccontextmanager
    async def _writer(self) -> AsyncIterator[None]:
        if isinstance(self.hot, SqliteHot):
            async with self.hot.writer.exclusive():
                yield
        else:
            async with sqlite_writer():
                yield

    async def _store_with_orm(
        self, row: dict[str, Any], answer: PendingAnswer, unchanged: bool
    ) -> tuple[Stored, IncentiveGranted | None]:
        """The write through Piccolo, with the incentive grant in the same transaction."""
        now = answer.now
        async with self._writer(), write_transaction():
            survey = (
                await Survey.select(Survey.status, Survey.closes_at)
                .where(Survey.id == row["survey_id"])
                .first()
            )
            if survey is None or self._is_closed(
                {"survey_status": survey["status"], "closes_at": survey["closes_at"]}
            ):
                raise LinkExpired(row["language"])
            existing = (
                await Response.select(
                    Response.comment,
                    Response.sentiment_polarity,
                    Response.sentiment_label,
                    Response.sentiment_version,
                )
                .where(Response.invitation == row["id"])
                .first()
            )
            sentiment = answer.sentiment
            if existing is not None and existing["comment"] == answer.comment:
                sentiment = Sentiment(
                    existing["sentiment_polarity"],
                    existing["sentiment_label"],
                    existing["sentiment_version"],
                )
            elif unchanged:  # the comment changed since the lookup: score it after all
                sentiment = score_comment(answer.comment)
            returned = (
                await Response.insert(
                    Response(
                        invitation=answer.invitation_id,
                        survey=answer.survey_id,
                        version=answer.version,
                        answers=answer.answers,
                        nps_score=answer.nps_score,
                        comment=answer.comment,
                        language=answer.language,
                        attributes=answer.attributes,
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
            if answer.first:
                await Invitation.update({Invitation.answered_at: now}).where(
                    (Invitation.id == row["id"]) & Invitation.answered_at.is_null()
                )
                # Reminders are pointless now; cancel them rather than filter them later.
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "cancelled",
                        OutboxMessage.body: "",
                        OutboxMessage.alt_body: "",
                    }
                ).where(
                    (OutboxMessage.invitation == row["id"])
                    & (OutboxMessage.kind == "reminder")
                    & (OutboxMessage.status == "pending")
                )
            grant = await IncentiveService(self.clock).grant_in_transaction(
                row["id"], row["survey_id"], row["language"]
            )
            if grant is not None and answer.first:
                await queue_thank_you(self.settings, row, grant, now)
        saved = returned[0] if returned else {"submitted_at": now, "updated_at": now}
        return Stored(saved["submitted_at"], saved["updated_at"]), grant

    async def _opt_out_invitation(self, token: str) -> dict[str, Any]:
        """The invitation behind an unsubscribe token (never an answer token).

        Mails queued before unsubscribe tokens existed carry the answer token in their
        ``/u/`` link; those keep working for exactly those invitations (``legacy_opt_out``),
        so nobody loses the way out of a mail already sent.
        """
        if not looks_like_token(token):
            raise LinkNotFound(token)
        hashed = token_hash(token)
        select = (
            "SELECT i.id AS id, i.language AS language, c.id AS contact_id, "
            "c.email AS email, c.opted_out_at AS contact_opted_out_at "
            "FROM invitation i JOIN contact c ON c.id = i.contact "
        )
        rows = await Invitation.raw(
            select + "JOIN unsubscribe_link u ON u.invitation = i.id WHERE u.token_hash = {}",
            hashed,
        )
        if not rows:
            rows = await Invitation.raw(
                select + "WHERE i.token_hash = {} AND i.legacy_opt_out = {}",
                hashed,
                True,
            )
        if not rows:
            raise LinkNotFound(token)
        return dict(rows[0])

    async def unsubscribe_target(self, token: str) -> dict[str, Any]:
        """Who a link would unsubscribe (works after close too: opt-outs always count)."""
        row = await self._opt_out_invitation(token)
        return {
            "email": row["email"],
            "language": row["language"],
            "opted_out": bool(row["contact_opted_out_at"]),
        }

    async def unsubscribe(self, token: str) -> dict[str, Any]:
        """Opt the person out of every survey and cancel their queued emails (idempotent)."""
        row = await self._opt_out_invitation(token)
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
