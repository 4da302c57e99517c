"""Data lifecycle: backup/restore, retention of old answers, erasure of a person."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from analytics.tables import ResponseSegment
from app.cli import main as voc
from app.clock import FrozenClock
from app.lifecycle import (
    ANONYMISED_DOMAIN,
    apply_retention,
    erase_person,
    pg_dump_command,
    scrub_attributes,
)
from app.main import create_app
from app.settings import Settings
from surveys.services import LinkNotFound, RespondentService, SurveyService
from surveys.tables import Contact, Invitation, OutboxMessage, Response
from tests.conftest import PG_URL, TEST_SECRET, USING_POSTGRES
from tests.reliability.support import answer_for, seed_respondents
from training.tables import Participant, Workshop


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path) -> None:
    monkeypatch.setenv("VOC_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("VOC_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("VOC_SECRET_KEY", TEST_SECRET)


async def _answer(settings: Settings, clock: FrozenClock, token: str, i: int) -> None:
    await RespondentService(settings, clock).submit(token, answer_for(i)["answers"])


async def _aggregates(survey_id: int) -> tuple[int, float, dict[str, int]]:
    rows = await Response.select(Response.nps_score).where(Response.survey == survey_id)
    scores = [r["nps_score"] for r in rows]
    segments = await ResponseSegment.select(ResponseSegment.value).where(
        (ResponseSegment.survey_id == survey_id) & (ResponseSegment.dimension == "store")
    )
    by_store: dict[str, int] = {}
    for s in segments:
        by_store[s["value"]] = by_store.get(s["value"], 0) + 1
    return len(scores), sum(scores) / len(scores), by_store


async def _everything_as_text() -> str:
    """Every row of every table that can hold a respondent's identity, as one string."""
    parts = []
    for table in (Contact, Invitation, Response, OutboxMessage, Participant):
        parts.append(json.dumps(await table.select(), default=str, ensure_ascii=False))
    return "\n".join(parts)


class TestScrubAttributes:
    def test_group_attributes_stay_and_personal_ones_go(self) -> None:
        kept = scrub_attributes(
            {
                "store": "Kyoto",
                "team": "Aiko Tanaka",
                "participant_id": "p-7",
                "account_name": "aiko@example.jp's shop",
                "owner_email": "owner@example.com",
                "tier": "gold",
            },
            "aiko@example.jp",
            "Aiko Tanaka",
        )
        assert kept == {"store": "Kyoto", "tier": "gold", "owner_email": "owner@example.com"}

    def test_json_text_and_garbage(self) -> None:
        assert scrub_attributes('{"store": "Osaka"}') == {"store": "Osaka"}
        assert scrub_attributes("not json") == {}
        assert scrub_attributes(None) == {}


class TestRetention:
    async def test_old_answers_are_anonymised_and_every_aggregate_stays(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        survey_id, tokens = await seed_respondents(8)
        old_moment = clock.now() - dt.timedelta(days=400)
        now = clock.now()
        clock.set(old_moment)
        for i in range(5):
            await _answer(settings, clock, tokens[i], i)
        clock.set(now)
        for i in range(5, 7):
            await _answer(settings, clock, tokens[i], i)
        # One old respondent also has a recent invitation elsewhere: the contact must stay.
        other_id, _ = await seed_respondents(1, "Other survey")
        first = (
            await Invitation.select(Invitation.contact)
            .where(Invitation.token_hash.is_not_null() & (Invitation.survey == survey_id))
            .order_by(Invitation.id)
            .first()
        )
        assert first is not None
        keeper = await Contact.select().where(Contact.id == first["contact"]).first()
        assert keeper is not None
        await Invitation.update({Invitation.contact: keeper["id"]}).where(
            Invitation.survey == other_id
        )
        from analytics.segments import sync_segments

        await sync_segments(survey_id)
        before = await _aggregates(survey_id)
        progress_before = await SurveyService(settings, clock).progress(survey_id)
        old_emails = {
            r["email"]
            for r in await Invitation.select(Invitation.contact.email.as_alias("email"))
            .where(Invitation.survey == survey_id)
            .order_by(Invitation.id)
            .limit(5)
        }

        report = await apply_retention(365, clock)

        assert (report.anonymised, report.deleted) == (5, 0)
        assert report.contacts_removed == 4  # the fifth person still has another invitation
        assert await _aggregates(survey_id) == before
        progress_after = await SurveyService(settings, clock).progress(survey_id)
        assert progress_after == progress_before
        # Old links are dead, new ones still edit their answer.
        for token in tokens[:5]:
            with pytest.raises(LinkNotFound):
                await RespondentService(settings, clock).open(token)
        await _answer(settings, clock, tokens[5], 10)
        export = await SurveyService(settings, clock).export_csv(survey_id)
        assert not any(email in export for email in old_emails)
        assert export.count(f"@{ANONYMISED_DOMAIN}") == 5
        assert await Contact.exists().where(Contact.id == keeper["id"])
        # Idempotent: a second run finds nothing to do.
        assert (await apply_retention(365, clock)).anonymised == 0

    async def test_delete_mode_removes_old_answers(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        _, tokens = await seed_respondents(4)
        clock.set(clock.now() - dt.timedelta(days=100))
        await _answer(settings, clock, tokens[0], 1)
        clock.advance(days=100)
        await _answer(settings, clock, tokens[1], 9)
        report = await apply_retention(30, clock, delete=True)
        assert report.deleted == 1
        scores = [r["nps_score"] for r in await Response.select(Response.nps_score)]
        assert scores == [9]

    async def test_the_tick_applies_the_setting_at_most_hourly(
        self, settings: Settings, clock: FrozenClock, tmp_path: Path
    ) -> None:
        from tests.conftest import make_settings

        configured = make_settings(settings.database_url, tmp_path, VOC_RETENTION_DAYS="30")
        assert configured.retention_days == 30
        app = create_app(configured, clock)
        survey_id, tokens = await seed_respondents(3)
        clock.set(clock.now() - dt.timedelta(days=60))
        await _answer(configured, clock, tokens[0], 3)
        clock.advance(days=60)
        await app.state.ticker.tick()
        contact = await Invitation.select(Invitation.contact.email.as_alias("email")).where(
            Invitation.token_hash.is_null() & (Invitation.survey == survey_id)
        )
        assert [c["email"].endswith(ANONYMISED_DOMAIN) for c in contact] == [True]
        ran_at = clock.now()
        clock.set(ran_at - dt.timedelta(days=40))  # another old answer appears …
        await _answer(configured, clock, tokens[1], 4)
        clock.set(ran_at + dt.timedelta(minutes=10))  # … but the tick ran under an hour ago
        await app.state.ticker.tick()
        assert await Invitation.count().where(Invitation.token_hash.is_null()) == 1
        clock.set(ran_at + dt.timedelta(minutes=61))
        await app.state.ticker.tick()
        assert await Invitation.count().where(Invitation.token_hash.is_null()) == 2


class TestErasure:
    async def test_identity_goes_everywhere_and_the_answers_stay_counted(
        self, db: None, settings: Settings, clock: FrozenClock, cli_env: None
    ) -> None:
        email, name = "aiko.tanaka@example.jp", "Aiko Tanaka"
        survey_id, tokens = await seed_respondents(6)
        second_id, second_tokens = await seed_respondents(1, "Second survey")
        target = (
            await Invitation.select(Invitation.id, Invitation.contact)
            .where(Invitation.survey == survey_id)
            .order_by(Invitation.id)
            .first()
        )
        assert target is not None
        await Contact.update({Contact.email: email, Contact.name: name}).where(
            Contact.id == target["contact"]
        )
        await Invitation.update(
            {
                Invitation.attributes: json.dumps(
                    {"store": "Store 0", "participant_id": "p-42", "team": name}
                )
            }
        ).where(Invitation.id == target["id"])
        await Invitation.update({Invitation.contact: target["contact"]}).where(
            Invitation.survey == second_id
        )
        for i, token in enumerate(tokens):
            reason = f"I am {name}, write to {email}" if i == 0 else "Fine service"
            await RespondentService(settings, clock).submit(
                token, {"recommend": i, "reason": reason, "driver_support": 3}
            )
        second_invitation = (
            await Invitation.select(Invitation.id).where(Invitation.survey == second_id).first()
        )
        assert second_invitation is not None
        await OutboxMessage.insert(
            OutboxMessage(
                dedupe_key="reminder:test:1",
                survey=second_id,
                invitation=second_invitation["id"],
                kind="reminder",
                sequence=1,
                to_address=email,
                subject=f"Hello {name}",
                body=f"To: {name} <{email}>",
                message_id="<r1@voc.example>",
                status="pending",
            )
        )
        workshop = Workshop(title="Onboarding", kind="customer", held_on=clock.now().date())
        await workshop.save()
        await Participant(
            workshop=workshop.id, email=email, name=name, attendance="attended"
        ).save()
        from analytics.segments import sync_segments

        await sync_segments(survey_id)
        before = await _aggregates(survey_id)
        assert email in await _everything_as_text()

        # Through the command line, as an operator would (its own event loop, in a thread).
        await asyncio.to_thread(voc, ["erase", "--email", email.upper()])

        text = await _everything_as_text()
        assert email not in text and name not in text and "p-42" not in text
        assert await _aggregates(survey_id) == before
        message = await OutboxMessage.select().where(OutboxMessage.dedupe_key == "reminder:test:1")
        assert message[0]["status"] == "cancelled"
        with pytest.raises(LinkNotFound):
            await RespondentService(settings, clock).open(tokens[0])
        with pytest.raises(LinkNotFound):
            await RespondentService(settings, clock).open(second_tokens[0])
        participant = await Participant.select().first()
        assert participant is not None and participant["attendance"] == "attended"
        # Everyone else's words are untouched.
        comments = [r["comment"] for r in await Response.select(Response.comment)]
        assert comments.count("") == 1 and len(comments) == 6
        # A second erasure finds nobody.
        assert not (await erase_person(email, clock)).found


class TestBackup:
    @pytest.mark.skipif(USING_POSTGRES, reason="SQLite online backup")
    async def test_sqlite_backup_and_restore(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        cli_env: None,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        survey_id, tokens = await seed_respondents(5)
        for i, token in enumerate(tokens[:3]):
            await _answer(settings, clock, token, i)
        target = tmp_path / "backups" / "snapshot.sqlite3"

        # Taken while another connection holds an open write transaction (an app mid-write).
        live = sqlite3.connect(settings.sqlite_path, timeout=30)
        live.execute("BEGIN")
        live.execute("UPDATE survey SET name = 'in flight' WHERE id = ?", (survey_id,))
        backup_task = asyncio.create_task(asyncio.to_thread(voc, ["backup", str(target)]))
        await asyncio.sleep(0.3)
        live.rollback()
        live.close()
        await backup_task
        assert "backup written" in capsys.readouterr().out
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT COUNT(*) FROM survey_response").fetchone() == (3,)
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)

        await Response.delete().where(Response.id > 0)
        await _answer(settings, clock, tokens[4], 9)
        await asyncio.to_thread(voc, ["restore", str(target)])
        assert await Response.count() == 3

        bad = tmp_path / "not-a-backup.sqlite3"
        bad.write_bytes(b"garbage" * 100)
        with pytest.raises(SystemExit, match="restore refused"):
            await asyncio.to_thread(voc, ["restore", str(bad)])
        assert await Response.count() == 3

    @pytest.mark.skipif(not USING_POSTGRES, reason="PostgreSQL pg_dump path")
    async def test_postgres_backup_prints_and_runs_pg_dump(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        cli_env: None,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        import asyncpg

        survey_id, tokens = await seed_respondents(4)
        for i, token in enumerate(tokens[:2]):
            await _answer(settings, clock, token, i)
        dump = tmp_path / "voc.dump"
        await asyncio.to_thread(voc, ["backup", str(dump), "--print"])
        printed = capsys.readouterr().out
        assert " ".join(pg_dump_command(dump)) in printed
        if shutil.which("pg_dump") is None:
            pytest.skip("pg_dump is not installed")
        await asyncio.to_thread(voc, ["backup", str(dump)])
        assert dump.stat().st_size > 0

        scratch = f"voc_restore_{survey_id}_{tmp_path.name[-6:]}".lower().replace("-", "_")
        admin = await asyncpg.connect(PG_URL)
        try:
            await admin.execute(f'CREATE DATABASE "{scratch}"')
            scratch_url = urlunparse(urlparse(settings.database_url)._replace(path=f"/{scratch}"))
            from app.lifecycle import restore

            await asyncio.to_thread(restore, scratch_url, dump)
            restored = await asyncpg.connect(scratch_url)
            try:
                assert await restored.fetchval("SELECT COUNT(*) FROM survey_response") == 2
            finally:
                await restored.close()
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            await admin.close()
