"""The respondent path's raw-driver store under concurrency, on SQLite and PostgreSQL.

On SQLite answers go through the group-commit writer; on PostgreSQL concurrent answers and
link lookups share statements (app.batches). Either way: one row per invitation, each answer
acknowledged only once another connection can read it, and one answer's failure or closed
survey never touches the others of its batch.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from piccolo.engine.postgres import PostgresEngine

from app.db import current_engine, sqlite_path
from app.hotdb import HotDatabase, PostgresHot, make_hot
from app.settings import Settings
from surveys.scoring import Sentiment
from surveys.services.answer_store import (
    CLOSED,
    INVITATIONS_SQL,
    NEEDS_ORM,
    PendingAnswer,
    Stored,
    find_invitation,
    store_answer,
)
from surveys.tables import Incentive, Invitation, OutboxMessage, Response, Survey
from surveys.tokens import token_hash
from tests.conftest import USING_POSTGRES
from tests.reliability.support import seed_respondents

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
async def hot(db: None, settings: Settings) -> AsyncIterator[HotDatabase]:
    database = make_hot(
        current_engine(), None if USING_POSTGRES else sqlite_path(settings.database_url)
    )
    await database.start()
    try:
        yield database
    finally:
        await database.close()


def pending(row: dict[str, Any], score: int, comment: str = "Helpful support") -> PendingAnswer:
    return PendingAnswer(
        invitation_id=row["id"],
        survey_id=row["survey_id"],
        version=row["current_version"],
        answers={"recommend": score, "reason": comment},
        nps_score=score,
        comment=comment,
        language=row["language"],
        attributes={},
        sentiment=Sentiment(0.4, "positive", "test-1"),
        first=row["answered_at"] is None,
        now=NOW,
    )


async def links(hot: HotDatabase, n: int, name: str) -> list[dict[str, Any]]:
    _, tokens = await seed_respondents(n, name)
    rows = await asyncio.gather(*(find_invitation(hot, token_hash(t)) for t in tokens))
    assert all(row is not None for row in rows)
    return [row for row in rows if row is not None]


async def test_a_burst_of_answers_is_stored_once_per_link_and_readable_when_acknowledged(
    hot: HotDatabase,
) -> None:
    rows = await links(hot, 40, "Burst")
    visible: list[bool] = []

    async def answer(row: dict[str, Any], score: int) -> None:
        result = await store_answer(hot, pending(row, score))
        assert isinstance(result, Stored)
        # Another connection reads it the moment the respondent is told it is saved.
        visible.append(await Response.exists().where(Response.invitation == row["id"]))

    # Every link answered twice at once (two tabs): the second is an edit, never a second row.
    await asyncio.gather(*(answer(row, i % 11) for i, row in enumerate(rows + rows)))
    assert visible == [True] * 80
    assert await Response.count().where(Response.survey == rows[0]["survey_id"]) == 40
    answered = await Invitation.count().where(
        (Invitation.survey == rows[0]["survey_id"]) & Invitation.answered_at.is_not_null()
    )
    assert answered == 40
    if isinstance(hot, PostgresHot):
        writer = hot._coalescers["answers"]
        assert writer.items == 80 and writer.batches < 80  # shared statements


async def test_closed_and_rewarded_surveys_in_the_same_batch_store_nothing_of_theirs(
    hot: HotDatabase,
) -> None:
    open_rows, closed_rows, rewarded_rows = [
        await links(hot, 5, name) for name in ("Open", "Closed", "Rewarded")
    ]
    await Survey.update({Survey.status: "closed"}).where(Survey.id == closed_rows[0]["survey_id"])
    await Incentive(
        survey=rewarded_rows[0]["survey_id"],
        kind="points",
        name="Points",
        currency="JPY",
        budget_minor=1000,
        unit_cost_minor=10,
        expected_cost_minor=10,
    ).save()
    results = await asyncio.gather(
        *(store_answer(hot, pending(row, 9)) for row in open_rows + closed_rows + rewarded_rows)
    )
    assert all(isinstance(r, Stored) for r in results[:5])
    assert results[5:10] == [CLOSED] * 5
    assert results[10:] == [NEEDS_ORM] * 5
    for rows, expected in ((open_rows, 5), (closed_rows, 0), (rewarded_rows, 0)):
        assert await Response.count().where(Response.survey == rows[0]["survey_id"]) == expected


@pytest.mark.skipif(not USING_POSTGRES, reason="SQLite stores NUL characters")
async def test_an_answer_postgresql_refuses_fails_alone(hot: HotDatabase) -> None:
    rows = await links(hot, 12, "Refused")
    results = await asyncio.gather(
        *(
            store_answer(hot, pending(row, 5, "bad \x00 text" if i == 6 else "fine"))
            for i, row in enumerate(rows)
        ),
        return_exceptions=True,
    )
    assert type(results[6]).__name__ == "CharacterNotInRepertoireError"
    assert all(isinstance(r, Stored) for i, r in enumerate(results) if i != 6)
    assert await Response.count().where(Response.survey == rows[0]["survey_id"]) == 11


async def test_unknown_links_among_known_ones_are_not_found(hot: HotDatabase) -> None:
    _, tokens = await seed_respondents(3, "Lookups")
    found = await asyncio.gather(
        *(find_invitation(hot, token_hash(t)) for t in [tokens[0], "x" * 43, tokens[2]])
    )
    assert found[1] is None
    assert found[0] is not None and found[2] is not None
    assert found[0]["id"] != found[2]["id"]


async def test_a_batch_marks_each_link_answered_at_its_own_time_and_cancels_only_its_reminders(
    hot: HotDatabase,
) -> None:
    """The answers of one batch share statements; each keeps its own time, its link alone is
    marked answered and only its pending reminders are cancelled; an edit keeps the first
    submission time."""
    rows = await links(hot, 6, "Batch")
    for row in rows:
        for kind, status in (
            ("reminder", "pending"),
            ("reminder", "sent"),
            ("invitation", "pending"),
        ):
            await OutboxMessage(
                dedupe_key=f"{row['id']}-{kind}-{status}",
                survey=row["survey_id"],
                invitation=row["id"],
                kind=kind,
                to_address="someone@example.com",
                body="personal link",
                message_id=f"<{row['id']}-{kind}-{status}@test>",
                status=status,
            ).save()
    answering = rows[:4]

    def at(i: int) -> dt.datetime:
        return NOW + dt.timedelta(seconds=i)

    results = await asyncio.gather(
        *(
            store_answer(hot, dataclasses.replace(pending(row, 7), now=at(i)))
            for i, row in enumerate(answering)
        )
    )
    assert [r.submitted_at for r in results if isinstance(r, Stored)] == [at(i) for i in range(4)]
    assert [r.updated_at for r in results if isinstance(r, Stored)] == [at(i) for i in range(4)]
    for i, row in enumerate(rows):
        invitation = (
            await Invitation.select(Invitation.answered_at)
            .where(Invitation.id == row["id"])
            .first()
        )
        assert invitation is not None
        assert invitation["answered_at"] == (at(i) if i < 4 else None)
        messages = await OutboxMessage.select(
            OutboxMessage.kind, OutboxMessage.status, OutboxMessage.body
        ).where(OutboxMessage.invitation == row["id"])
        pending_reminders = [
            m for m in messages if m["kind"] == "reminder" and m["status"] == "pending"
        ]
        assert len(pending_reminders) == (0 if i < 4 else 1)
        assert sum(m["status"] == "cancelled" for m in messages) == (1 if i < 4 else 0)
        assert all(m["body"] == "" for m in messages if m["status"] == "cancelled")
        assert any(m["kind"] == "invitation" and m["status"] == "pending" for m in messages)
    # An edit later: the submission time stays the first one, the update time moves.
    edited = await store_answer(
        hot, dataclasses.replace(pending(rows[0], 3), now=at(60), first=False)
    )
    assert isinstance(edited, Stored)
    assert (edited.submitted_at, edited.updated_at) == (at(0), at(60))
    stored = (
        await Response.select(Response.nps_score)
        .where(Response.invitation == rows[0]["id"])
        .first()
    )
    assert stored is not None and stored["nps_score"] == 3


@pytest.mark.skipif(not USING_POSTGRES, reason="PostgreSQL's planner")
@pytest.mark.parametrize("pooled", [False, True], ids=["connection per call", "pool"])
async def test_a_batch_of_links_is_looked_up_by_index_not_by_scanning_the_tables(
    db: None, pooled: bool
) -> None:
    """For 64 links the planner's default was hash joins over whole tables (contact,
    invitation, survey_response), a cost that grows with every answer stored."""
    engine = current_engine()
    assert isinstance(engine, PostgresEngine)
    _, tokens = await seed_respondents(64, "Plan")
    if pooled:
        await engine.start_connection_pool(min_size=1, max_size=2)
    database = make_hot(engine, None)
    await database.start()
    try:
        assert isinstance(database, PostgresHot) and (database._pool is not None) == pooled
        for _ in range(2):  # the same pooled connection again: its settings were kept
            async with database.connection() as connection:
                plan = await connection.fetch(
                    "EXPLAIN " + INVITATIONS_SQL, [token_hash(t) for t in tokens]
                )
            assert "Seq Scan" not in "\n".join(row[0] for row in plan)
        rows = await asyncio.gather(*(find_invitation(database, token_hash(t)) for t in tokens))
        assert all(row is not None for row in rows)
    finally:
        await database.close()
        if pooled:
            await engine.close_connection_pool()
