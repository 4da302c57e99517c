"""The outbox: sending window, retries with backoff, bounces, claims, stale claims, files."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.clock import FrozenClock
from app.settings import Settings
from surveys.schemas import RecipientIn, SurveyCreate
from surveys.services import OutboxService, SurveyService
from surveys.tables import Invitation, OutboxMessage
from tests.smtp import SmtpServer

PEOPLE = [RecipientIn(email=f"p{i}@example.com", name=f"P{i}", language="en") for i in range(6)]


async def sent_survey(
    settings: Settings, clock: FrozenClock, people: list[RecipientIn] = PEOPLE, **fields: Any
) -> int:
    service = SurveyService(settings, clock)
    survey = await service.create(SurveyCreate(name="Outbox", kind="customer_nps", **fields))
    await service.add_recipients(survey.id, people)
    await service.send(survey.id)
    return survey.id


async def statuses(kind: str = "invitation") -> dict[str, str]:
    rows = await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.status).where(
        OutboxMessage.kind == kind
    )
    return {r["to_address"]: r["status"] for r in rows}


class TestWindowAndFiles:
    async def test_file_transport_writes_eml(
        self, settings: Settings, clock: FrozenClock, db: None
    ) -> None:
        await sent_survey(settings, clock)
        stats = await OutboxService(settings, clock).deliver_due()
        assert stats.sent == 6
        files = sorted(Path(settings.outbox_dir).glob("*.eml"))
        assert len(files) == 6
        assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in files[0].read_bytes()
        # A sent message keeps no personal link in the database.
        rows = await OutboxMessage.select(OutboxMessage.body).where(OutboxMessage.status == "sent")
        assert rows and all(r["body"] == "" for r in rows)

    async def test_queued_outside_the_window_waits_for_it(
        self, settings: Settings, clock: FrozenClock, db: None
    ) -> None:
        clock.set(dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC))  # Friday 19:00 Tokyo
        people = [
            RecipientIn(email="tokyo@example.jp", language="ja"),
            RecipientIn(email="ny@example.com", timezone="America/New_York"),  # Fri 05:00
        ]
        await sent_survey(settings, clock, people)
        outbox = OutboxService(settings, clock)
        assert (await outbox.deliver_due()).sent == 0
        clock.set(dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC))  # Friday 09:00 New York
        await outbox.deliver_due()
        assert await statuses() == {"tokyo@example.jp": "pending", "ny@example.com": "sent"}
        clock.set(dt.datetime(2026, 11, 30, 0, 0, tzinfo=dt.UTC))  # Monday 09:00 Tokyo
        await outbox.deliver_due()
        assert await statuses() == {"tokyo@example.jp": "sent", "ny@example.com": "sent"}

    async def test_scheduled_send(self, settings: Settings, clock: FrozenClock, db: None) -> None:
        service = SurveyService(settings, clock)
        survey = await service.create(SurveyCreate(name="Later", kind="customer_nps"))
        await service.add_recipients(survey.id, PEOPLE[:2])
        await service.send(survey.id, at=clock.now() + dt.timedelta(days=1))
        outbox = OutboxService(settings, clock)
        assert (await outbox.deliver_due()).sent == 0
        clock.advance(days=1)
        assert (await outbox.deliver_due()).sent == 2


class TestSmtpFailures:
    async def test_temporary_failure_retries_with_backoff(
        self, smtp_settings: Settings, smtp_server: SmtpServer, clock: FrozenClock, db: None
    ) -> None:
        smtp_server.sink.reject["p1@example.com"] = 451
        await sent_survey(smtp_settings, clock)
        outbox = OutboxService(smtp_settings, clock)
        stats = await outbox.deliver_due()
        assert (stats.sent, stats.retried) == (5, 1)
        row = (
            await OutboxMessage.select()
            .where(OutboxMessage.to_address == "p1@example.com")
            .where(OutboxMessage.kind == "invitation")
            .first()
        )
        assert row is not None
        assert row["status"] == "pending" and row["attempts"] == 1 and "451" in row["last_error"]
        assert row["next_attempt_at"] == clock.now() + dt.timedelta(minutes=1)
        assert (await outbox.deliver_due()).sent == 0  # not due yet
        del smtp_server.sink.reject["p1@example.com"]
        clock.advance(minutes=1)
        assert (await outbox.deliver_due()).sent == 1
        ids = [m["Message-ID"] for m in smtp_server.sink.to("p1@example.com")]
        assert len(ids) == 1 and ids[0] == row["message_id"]

    async def test_permanent_failure_bounces_and_stops_reminders(
        self, smtp_settings: Settings, smtp_server: SmtpServer, clock: FrozenClock, db: None
    ) -> None:
        smtp_server.sink.reject["p2@example.com"] = 550
        survey_id = await sent_survey(smtp_settings, clock)
        outbox = OutboxService(smtp_settings, clock)
        stats = await outbox.deliver_due()
        assert (stats.sent, stats.bounced) == (5, 1)
        invitation = (
            await Invitation.select().where(Invitation.contact.email == "p2@example.com").first()
        )
        assert invitation is not None
        assert invitation["status"] == "bounced" and invitation["bounced_at"] == clock.now()
        assert (await statuses("reminder"))["p2@example.com"] == "cancelled"
        progress = await SurveyService(smtp_settings, clock).progress(survey_id)
        assert (progress.sent, progress.bounced) == (5, 1)

    async def test_gives_up_after_max_attempts(
        self, smtp_settings: Settings, smtp_server: SmtpServer, clock: FrozenClock, db: None
    ) -> None:
        smtp_server.sink.reject["p0@example.com"] = 452
        always = {"window_start_hour": 0, "window_end_hour": 24, "window_weekdays": list(range(7))}
        await sent_survey(smtp_settings, clock, PEOPLE[:1], **always)
        outbox = OutboxService(smtp_settings, clock)
        for _ in range(10):
            await outbox.deliver_due()
            clock.advance(hours=7)
        assert (await statuses())["p0@example.com"] == "failed"
        invitation = await Invitation.select(Invitation.status).first()
        assert invitation is not None and invitation["status"] == "failed"


class TestClaims:
    async def test_concurrent_workers_never_send_twice(
        self, smtp_settings: Settings, smtp_server: SmtpServer, clock: FrozenClock, db: None
    ) -> None:
        people = [RecipientIn(email=f"c{i}@example.com") for i in range(60)]
        await sent_survey(smtp_settings, clock, people, reminder_count=0)
        workers = [OutboxService(smtp_settings, clock) for _ in range(4)]
        results = await asyncio.gather(*[w.deliver_due() for w in workers])
        assert sum(r.sent for r in results) == 60
        addresses = [rcpt for _, rcpts in smtp_server.sink.envelopes for rcpt in rcpts]
        assert sorted(addresses) == sorted(p.email for p in people)

    async def test_stale_claims_are_released(
        self, settings: Settings, clock: FrozenClock, db: None
    ) -> None:
        await sent_survey(settings, clock, PEOPLE[:3], reminder_count=0)
        crashed = OutboxService(settings, clock)
        claimed = await crashed.claim()
        assert len(claimed) == 3
        other = OutboxService(settings, clock)
        assert (await other.deliver_due()).sent == 0  # still claimed by the crashed worker
        clock.advance(minutes=11)
        assert (await other.deliver_due()).sent == 3


@pytest.mark.parametrize("count", [0, 1, 3])
async def test_reminders_planned_per_survey_setting(
    count: int, settings: Settings, clock: FrozenClock, db: None
) -> None:
    await sent_survey(settings, clock, PEOPLE[:1], reminder_count=count, reminder_interval_days=2)
    rows = await OutboxMessage.select(OutboxMessage.sequence, OutboxMessage.next_attempt_at).where(
        OutboxMessage.kind == "reminder"
    )
    assert sorted(r["sequence"] for r in rows) == list(range(1, count + 1))
