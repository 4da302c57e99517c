"""The respondent path's queries on persistent connections (raw driver, no ORM round trips).

Two statements carry nearly all respondent traffic: the link lookup (one indexed join, on a
read connection) and the answer's write. On SQLite the write is a function run by the
group-commit writer inside its batch transaction; on PostgreSQL it is one statement (CTEs)
in autocommit, so an answer costs one round trip. Answers to surveys with an incentive
return :data:`NEEDS_ORM` and take the ORM path (grants, budget, thank-you mail), which is
rare and keeps its rules in one place.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from app.db import db_datetime
from app.hotdb import HotDatabase, SqliteHot
from surveys.scoring import Sentiment

INVITATION_SQL = (
    "SELECT i.id AS id, i.language AS language, i.attributes AS attributes, "
    "i.answered_at AS answered_at, i.opted_out_at AS opted_out_at, "
    "c.id AS contact_id, c.email AS email, c.name AS name, "
    "c.opted_out_at AS contact_opted_out_at, s.id AS survey_id, "
    "s.name AS survey_name, s.public_title_en AS title_en, s.public_title_ja AS title_ja, "
    "s.kind AS survey_kind, s.status AS survey_status, "
    "s.closes_at AS closes_at, s.current_version AS current_version, "
    "v.questions AS questions, r.answers AS previous_answers, r.comment AS previous_comment "
    "FROM invitation i JOIN contact c ON c.id = i.contact "
    "JOIN survey s ON s.id = i.survey "
    "LEFT JOIN survey_version v ON v.survey = s.id AND v.number = s.current_version "
    "LEFT JOIN survey_response r ON r.invitation = i.id "
    "WHERE i.token_hash = ?"
)


async def find_invitation(hot: HotDatabase, hashed_token: str) -> dict[str, Any] | None:
    row = await hot.fetchone(INVITATION_SQL, hashed_token)
    if row is not None:
        for key in ("answered_at", "opted_out_at", "contact_opted_out_at", "closes_at"):
            if row[key] is not None:
                row[key] = db_datetime(row[key])
    return row


@dataclass(frozen=True, slots=True)
class PendingAnswer:
    """Everything the write needs, computed before it (validation, scores, sentiment)."""

    invitation_id: int
    survey_id: int
    version: int
    answers: dict[str, Any]
    nps_score: int | None
    comment: str
    language: str
    attributes: dict[str, Any]
    sentiment: Sentiment
    first: bool
    """No answer was recorded when the link was looked up: mark it answered, cancel reminders."""
    now: dt.datetime


@dataclass(frozen=True, slots=True)
class Stored:
    submitted_at: dt.datetime
    updated_at: dt.datetime


class Closed:
    """The survey closed between the lookup and the write."""


class NeedsOrm:
    """The survey has an incentive: the ORM path grants it in the same transaction."""


CLOSED = Closed()
NEEDS_ORM = NeedsOrm()
StoreResult = Stored | Closed | NeedsOrm

_COLUMNS = (
    "invitation, survey, version, answers, nps_score, comment, language, attributes, "
    "sentiment_polarity, sentiment_label, sentiment_version, submitted_at, updated_at"
)
# An unchanged comment keeps the sentiment it was stored with (scored once, on arrival).
_KEEP_SENTIMENT = ", ".join(
    f"{c} = CASE WHEN survey_response.comment = excluded.comment "
    f"THEN survey_response.{c} ELSE excluded.{c} END"
    for c in ("sentiment_polarity", "sentiment_label", "sentiment_version")
)
_ON_CONFLICT = (
    "ON CONFLICT (invitation) DO UPDATE SET version = excluded.version, "
    "answers = excluded.answers, nps_score = excluded.nps_score, language = excluded.language, "
    f"{_KEEP_SENTIMENT}, comment = excluded.comment, updated_at = excluded.updated_at "
    "RETURNING submitted_at, updated_at"
)
SQLITE_UPSERT = (
    f"INSERT INTO survey_response ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    + _ON_CONFLICT
)
MARK_ANSWERED = "UPDATE invitation SET answered_at = ? WHERE id = ? AND answered_at IS NULL"
# Reminders are pointless now; cancel them rather than filter them later.
CANCEL_REMINDERS = (
    "UPDATE outbox_message SET status = 'cancelled', body = '', alt_body = '' "
    "WHERE invitation = ? AND kind = 'reminder' AND status = 'pending'"
)

# PostgreSQL: the whole write in one statement. Every CTE sees the same snapshot; the
# upsert runs only while the survey is open and has no incentive, and the invitation and
# reminder updates only when the upsert did.
POSTGRES_STORE = f"""
WITH open_survey AS (
    SELECT id FROM survey
    WHERE id = $1 AND status <> 'closed' AND (closes_at IS NULL OR closes_at > $2)
), rewarded AS (
    SELECT EXISTS (SELECT 1 FROM incentive WHERE survey = $1) AS has
), saved AS (
    INSERT INTO survey_response ({_COLUMNS})
    SELECT $3, $1, $4, $5::json, $6, $7, $8, $9::json, $10, $11, $12, $2, $2
    FROM open_survey, rewarded WHERE NOT rewarded.has
    {_ON_CONFLICT}
), answered AS (
    UPDATE invitation SET answered_at = $2
    WHERE $13 AND id = $3 AND answered_at IS NULL AND EXISTS (SELECT 1 FROM saved)
), reminders AS (
    UPDATE outbox_message SET status = 'cancelled', body = '', alt_body = ''
    WHERE $13 AND invitation = $3 AND kind = 'reminder' AND status = 'pending'
      AND EXISTS (SELECT 1 FROM saved)
)
SELECT EXISTS (SELECT 1 FROM open_survey) AS open, (SELECT has FROM rewarded) AS rewarded,
       saved.submitted_at, saved.updated_at
FROM (SELECT 1) AS one LEFT JOIN saved ON true
"""


def _is_closed(status: str, closes_at: Any, now: dt.datetime) -> bool:
    return status == "closed" or (closes_at is not None and db_datetime(closes_at) <= now)


def _sqlite_store(answer: PendingAnswer, connection: sqlite3.Connection) -> StoreResult:
    survey = connection.execute(
        "SELECT status, closes_at FROM survey WHERE id = ?", (answer.survey_id,)
    ).fetchone()
    if survey is None or _is_closed(survey["status"], survey["closes_at"], answer.now):
        return CLOSED
    if connection.execute(
        "SELECT 1 FROM incentive WHERE survey = ? LIMIT 1", (answer.survey_id,)
    ).fetchone():
        return NEEDS_ORM
    saved = connection.execute(
        SQLITE_UPSERT,
        (
            answer.invitation_id,
            answer.survey_id,
            answer.version,
            json.dumps(answer.answers, ensure_ascii=False),
            answer.nps_score,
            answer.comment,
            answer.language,
            json.dumps(answer.attributes, ensure_ascii=False),
            answer.sentiment.polarity,
            answer.sentiment.label,
            answer.sentiment.version,
            answer.now,
            answer.now,
        ),
    ).fetchone()
    if answer.first:
        connection.execute(MARK_ANSWERED, (answer.now, answer.invitation_id))
        connection.execute(CANCEL_REMINDERS, (answer.invitation_id,))
    return Stored(db_datetime(saved[0]), db_datetime(saved[1]))


async def store_answer(hot: HotDatabase, answer: PendingAnswer) -> StoreResult:
    """Write ``answer``; returns only once it is committed (durable)."""
    if isinstance(hot, SqliteHot):
        return await hot.writer.write(lambda connection: _sqlite_store(answer, connection))
    async with hot.connection() as connection:
        row = await connection.fetchrow(
            POSTGRES_STORE,
            answer.survey_id,
            answer.now,
            answer.invitation_id,
            answer.version,
            json.dumps(answer.answers, ensure_ascii=False),
            answer.nps_score,
            answer.comment,
            answer.language,
            json.dumps(answer.attributes, ensure_ascii=False),
            answer.sentiment.polarity,
            answer.sentiment.label,
            answer.sentiment.version,
            answer.first,
        )
    if not row["open"]:
        return CLOSED
    if row["rewarded"]:
        return NEEDS_ORM
    return Stored(db_datetime(row["submitted_at"]), db_datetime(row["updated_at"]))
