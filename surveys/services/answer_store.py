"""The respondent path's queries on persistent connections (raw driver, no ORM round trips).

Two statements carry nearly all respondent traffic: the link lookup (one indexed join, on a
read connection) and the answer's write. On SQLite the write is a function run by the
group-commit writer inside its batch transaction; on PostgreSQL the answers that arrive
together are written by one statement (CTEs over arrays) in autocommit, so a burst of answers
costs one round trip and one commit, not one each. Answers to surveys with an incentive
return :data:`NEEDS_ORM` and take the ORM path (grants, budget, thank-you mail), which is
rare and keeps its rules in one place.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from app.batches import BatchItemError, Coalescer
from app.db import db_datetime
from app.hotdb import HotDatabase, PostgresHot, SqliteHot, batch_memo
from surveys.scoring import Sentiment

INVITATION_SQL = (
    "SELECT i.id AS id, i.language AS language, i.attributes AS attributes, "
    "i.answered_at AS answered_at, i.opted_out_at AS opted_out_at, "
    "c.id AS contact_id, c.email AS email, c.name AS name, "
    "c.opted_out_at AS contact_opted_out_at, s.id AS survey_id, "
    "s.name AS survey_name, s.public_title_en AS title_en, s.public_title_ja AS title_ja, "
    "s.org_name AS org_name, s.sender_name AS sender_name, "
    "s.kind AS survey_kind, s.status AS survey_status, "
    "s.closes_at AS closes_at, s.current_version AS current_version, "
    "v.questions AS questions, r.answers AS previous_answers, r.comment AS previous_comment "
    "FROM invitation i JOIN contact c ON c.id = i.contact "
    "JOIN survey s ON s.id = i.survey "
    "LEFT JOIN survey_version v ON v.survey = s.id AND v.number = s.current_version "
    "LEFT JOIN survey_response r ON r.invitation = i.id "
    "WHERE i.token_hash = ?"
)


# PostgreSQL: the links opened at the same moment, looked up together (see app.batches).
INVITATIONS_SQL = INVITATION_SQL.replace(
    " FROM invitation i ", ", i.token_hash AS token_hash FROM invitation i "
).replace("WHERE i.token_hash = ?", "WHERE i.token_hash = ANY($1::varchar[])")


async def find_invitation(hot: HotDatabase, hashed_token: str) -> dict[str, Any] | None:
    if isinstance(hot, PostgresHot):
        lookup: Coalescer[str, dict[str, Any] | None] = hot.coalescer(
            "invitations", lambda hashes: _find_invitations(hot, hashes)
        )
        row = await lookup(hashed_token)
    else:
        row = await hot.fetchone(INVITATION_SQL, hashed_token)
    if row is not None:
        for key in ("answered_at", "opted_out_at", "contact_opted_out_at", "closes_at"):
            if row[key] is not None:
                row[key] = db_datetime(row[key])
    return row


async def _find_invitations(hot: PostgresHot, hashes: Sequence[str]) -> list[dict[str, Any] | None]:
    async with hot.connection() as connection:
        rows = await connection.fetch(INVITATIONS_SQL, list(set(hashes)))
    found = {row["token_hash"]: row for row in rows}
    # A dict per caller: two requests for one link must not share (and edit) one row.
    return [dict(found[h]) if h in found else None for h in hashes]


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
    f"{_KEEP_SENTIMENT}, comment = excluded.comment, updated_at = excluded.updated_at"
)
# PostgreSQL: the writes of every answer waiting at that moment in one statement (see
# app.batches). Every CTE sees the same snapshot; an answer is upserted only while its survey
# is open (at the answer's own time) and has no incentive, and its invitation and reminders
# are updated only when the upsert was. Rows are inserted in invitation order so two batches
# that share an invitation (two tabs on two workers) take their row locks in the same order.
POSTGRES_STORE_MANY = f"""
WITH input AS (
    SELECT * FROM unnest(
        $1::int[], $2::int[], $3::int[], $4::text[], $5::smallint[], $6::text[], $7::text[],
        $8::text[], $9::float8[], $10::text[], $11::text[], $12::bool[], $13::timestamptz[]
    ) AS t(invitation, survey, version, answers, nps_score, comment, language, attributes,
           polarity, label, analyzer, first, now)
), target AS (
    SELECT input.invitation, input.first, input.now,
           COALESCE(s.status <> 'closed' AND (s.closes_at IS NULL OR s.closes_at > input.now),
                    false) AS open,
           EXISTS (SELECT 1 FROM incentive WHERE incentive.survey = input.survey) AS rewarded
    FROM input LEFT JOIN survey s ON s.id = input.survey
), saved AS (
    INSERT INTO survey_response ({_COLUMNS})
    SELECT input.invitation, input.survey, input.version, input.answers::json,
           input.nps_score, input.comment, input.language, input.attributes::json,
           input.polarity, input.label, input.analyzer, input.now, input.now
    FROM input JOIN target USING (invitation)
    WHERE target.open AND NOT target.rewarded
    ORDER BY input.invitation
    {_ON_CONFLICT} RETURNING invitation, submitted_at, updated_at
), answered AS (
    UPDATE invitation SET answered_at = target.now
    FROM target JOIN saved USING (invitation)
    WHERE invitation.id = target.invitation AND target.first AND invitation.answered_at IS NULL
), reminders AS (
    UPDATE outbox_message SET status = 'cancelled', body = '', alt_body = ''
    WHERE invitation IN (SELECT invitation FROM target JOIN saved USING (invitation)
                         WHERE target.first)
      AND kind = 'reminder' AND status = 'pending'
)
SELECT target.invitation, target.open, target.rewarded, saved.submitted_at, saved.updated_at
FROM target LEFT JOIN saved USING (invitation)
"""


def _is_closed(status: str, closes_at: Any, now: dt.datetime) -> bool:
    return status == "closed" or (closes_at is not None and db_datetime(closes_at) <= now)


_SURVEY_STATE = (
    "SELECT status, closes_at, EXISTS (SELECT 1 FROM incentive WHERE survey = s.id) "
    "FROM survey s WHERE s.id = ?"
)


def _survey_state(connection: sqlite3.Connection, survey_id: int) -> tuple[Any, bool]:
    """(status and closing time or None, has an incentive) of the survey, read once per batch:
    answers never change either, and the writer holds the write lock for the batch."""
    memo = batch_memo()
    state: tuple[Any, bool] | None = memo.get(("survey", survey_id))
    if state is None:
        survey = connection.execute(_SURVEY_STATE, (survey_id,)).fetchone()
        opening = None if survey is None else (survey[0], survey[1])
        state = (opening, bool(survey[2])) if survey is not None else (None, False)
        memo[("survey", survey_id)] = state
    return state


def _sqlite_row(answer: PendingAnswer) -> tuple[Any, ...]:
    """The answer's values for the upsert, made before it is queued (not in the writer)."""
    return (
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
    )


_ROW = "(" + ", ".join("?" * 13) + ")"


@functools.lru_cache(maxsize=64)
def _sqlite_batch_sql(rows: int, first: int) -> tuple[str, str, str, str]:
    """The four statements that write ``rows`` answers, ``first`` of them first answers: the
    upsert, marking the links answered, cancelling their reminders (pointless now; cancelled
    rather than filtered later), and the stored submission times."""
    ids = ", ".join("?" * rows)
    firsts = ", ".join("?" * first)
    return (
        f"INSERT INTO survey_response ({_COLUMNS}) VALUES {', '.join([_ROW] * rows)} "
        + _ON_CONFLICT,
        "UPDATE invitation SET answered_at = CASE id "
        + " ".join(["WHEN ? THEN ?"] * first)
        + f" END WHERE id IN ({firsts}) AND answered_at IS NULL",
        "UPDATE outbox_message SET status = 'cancelled', body = '', alt_body = '' "
        f"WHERE invitation IN ({firsts}) AND kind = 'reminder' AND status = 'pending'",
        # One row for the batch (each row fetched is another hand-off of the interpreter lock).
        "SELECT json_group_array(json_array(invitation, submitted_at)) "
        f"FROM survey_response WHERE invitation IN ({ids})",
    )


SqliteItem = tuple[PendingAnswer, tuple[Any, ...]]


def _sqlite_store_many(
    connection: sqlite3.Connection, items: Sequence[SqliteItem]
) -> list[StoreResult | dict[int, str]]:
    """Write a batch's answers with four statements (run by the group-commit writer).

    Answers to a closed survey get :data:`CLOSED`, to a rewarded one :data:`NEEDS_ORM`; the
    rest are upserted together and get the stored submission times (converted by the caller,
    outside the writer). The same link twice in a batch (two tabs) is written in two rounds,
    in arrival order."""
    results: list[StoreResult | dict[int, str]] = [CLOSED] * len(items)
    pending: list[int] = []
    for index, (answer, _) in enumerate(items):
        opening, rewarded = _survey_state(connection, answer.survey_id)
        if opening is None or _is_closed(opening[0], opening[1], answer.now):
            continue
        if rewarded:
            results[index] = NEEDS_ORM
            continue
        pending.append(index)
    while pending:
        round_: list[int] = []
        later: list[int] = []
        seen: set[int] = set()
        for index in pending:
            invitation = items[index][0].invitation_id
            (later if invitation in seen else round_).append(index)
            seen.add(invitation)
        firsts = [items[i][0] for i in round_ if items[i][0].first]
        upsert, answered, reminders, submitted = _sqlite_batch_sql(len(round_), len(firsts))
        connection.execute(upsert, [value for i in round_ for value in items[i][1]])
        if firsts:
            ids: list[Any] = [a.invitation_id for a in firsts]
            pairs: list[Any] = [v for a in firsts for v in (a.invitation_id, a.now)]
            connection.execute(answered, pairs + ids)
            connection.execute(reminders, ids)
        times = dict(json.loads(connection.execute(submitted, list(seen)).fetchone()[0]))
        for index in round_:
            results[index] = times
        pending = later
    return results


async def store_answer(hot: HotDatabase, answer: PendingAnswer) -> StoreResult:
    """Write ``answer``; returns only once it is committed (durable)."""
    if isinstance(hot, SqliteHot):
        result = await hot.writer.write_grouped(_sqlite_store_many, (answer, _sqlite_row(answer)))
        if isinstance(result, dict):  # stored: the submission time as SQLite returned it
            return Stored(db_datetime(result[answer.invitation_id]), answer.now)
        return result  # type: ignore[no-any-return]
    store: Coalescer[PendingAnswer, StoreResult] = hot.coalescer(
        "answers",
        lambda answers: _postgres_store_many(hot, answers),
        key=lambda answer: answer.invitation_id,
    )
    return await store(answer)


def _columns(answers: Sequence[PendingAnswer]) -> list[list[Any]]:
    return [
        [a.invitation_id for a in answers],
        [a.survey_id for a in answers],
        [a.version for a in answers],
        [json.dumps(a.answers, ensure_ascii=False) for a in answers],
        [a.nps_score for a in answers],
        [a.comment for a in answers],
        [a.language for a in answers],
        [json.dumps(a.attributes, ensure_ascii=False) for a in answers],
        [a.sentiment.polarity for a in answers],
        [a.sentiment.label for a in answers],
        [a.sentiment.version for a in answers],
        [a.first for a in answers],
        [a.now for a in answers],
    ]


def _outcome(row: Any) -> StoreResult:
    if not row["open"]:
        return CLOSED
    if row["rewarded"]:
        return NEEDS_ORM
    return Stored(db_datetime(row["submitted_at"]), db_datetime(row["updated_at"]))


async def _postgres_store_many(
    hot: PostgresHot, answers: Sequence[PendingAnswer]
) -> list[StoreResult | BatchItemError]:
    """One statement (autocommit) for the batch; if PostgreSQL refuses it (one answer's text
    it cannot store, a deadlock with another worker's batch), each answer on its own."""
    async with hot.connection() as connection:
        try:
            rows = await connection.fetch(POSTGRES_STORE_MANY, *_columns(answers))
        except asyncpg.PostgresError as exc:
            if len(answers) == 1 or isinstance(exc, _OUTAGE):
                raise
        else:
            found = {row["invitation"]: row for row in rows}
            return [_outcome(found[answer.invitation_id]) for answer in answers]
        results: list[StoreResult | BatchItemError] = []
        for answer in answers:
            try:
                rows = await connection.fetch(POSTGRES_STORE_MANY, *_columns([answer]))
            except asyncpg.PostgresError as exc:
                if isinstance(exc, _OUTAGE):
                    raise
                results.append(BatchItemError(exc))
            else:
                results.append(_outcome(rows[0]))
        return results


# Errors of the server or the connection, not of one answer: retrying one by one won't help.
_OUTAGE = (asyncpg.PostgresConnectionError, asyncpg.exceptions.OperatorInterventionError)
