"""The checkpoint tick: due claiming, catch-up, concurrency, restarts and retries."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from app.clock import FrozenClock
from app.settings import Settings
from tests.training.workshop_data import load_cohort, participant_rows, to_csv
from training import jobs
from training.imports import import_accounts, import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import EffectivenessService, WorkshopService
from training.surveys_link import Recipient
from training.tables import Checkpoint


class FakeSurveys:
    """Stands in for the surveys service: records what each checkpoint would send."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, int, tuple[str, ...]]] = []
        self.next_id = 1000

    async def __call__(
        self,
        *,
        workshop_id: int,
        offset_days: int,
        survey_id: int | None,
        recipients: Sequence[Recipient],
        remember_survey: Any,
        **_: Any,
    ) -> int:
        if survey_id is None:
            self.next_id += 1
            survey_id = self.next_id
            await remember_survey(survey_id)
        await asyncio.sleep(0)  # let a concurrent tick interleave here
        self.sent.append((workshop_id, offset_days, tuple(r.email for r in recipients)))
        return survey_id


@pytest.fixture
def surveys(monkeypatch: pytest.MonkeyPatch) -> FakeSurveys:
    fake = FakeSurveys()
    monkeypatch.setattr(jobs, "send_checkpoint_survey", fake)
    return fake


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[int, int]]:
    counts: Counter[tuple[int, int]] = Counter()
    original = EffectivenessService.compute_and_store

    async def counting(self: EffectivenessService, workshop_id: int, cid: int, k: int) -> None:
        counts[(workshop_id, k)] += 1
        await original(self, workshop_id, cid, k)

    monkeypatch.setattr(EffectivenessService, "compute_and_store", counting)
    return counts


async def _workshop(
    settings: Settings, clock: FrozenClock, days_ago: int, cohort: Any = None, **extra: Any
) -> int:
    held_on = clock.now().date() - dt.timedelta(days=days_ago)
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(
            title=f"Workshop {days_ago} days ago",
            kind="customer",
            held_on=held_on,
            costs=WorkshopCostsIn(facilitator=Decimal(100_000)),
            **extra,
        )
    )
    if cohort is not None:
        rows = participant_rows(cohort)
        rows[0]["attendance"] = "no_show"
        await import_participants(workshop.id, to_csv(rows), clock.now())
    else:  # a checkpoint never runs with nobody to ask, so give it two people
        await _two_participants(workshop.id, clock)
    return workshop.id


async def _two_participants(workshop_id: int, clock: FrozenClock) -> None:
    account = b"external_id,name,tier,mrr\nACC-1,Acme,smb,1000\n"
    await import_accounts(account, clock.now())
    people = [
        {"email": f"p{i}@example.com", "account_external_id": "ACC-1", "attendance": "attended"}
        for i in (1, 2)
    ]
    await import_participants(workshop_id, to_csv(people), clock.now())


async def _statuses(workshop_id: int) -> dict[int, tuple[str, int]]:
    rows = await Checkpoint.select().where(Checkpoint.workshop == workshop_id)
    return {r["offset_days"]: (r["status"], r["attempts"]) for r in rows}


class TestTick:
    async def test_late_tick_catches_up_each_overdue_checkpoint_once(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        surveys: FakeSurveys,
        computed: Counter[tuple[int, int]],
    ) -> None:
        held_on = clock.now().date() - dt.timedelta(days=40)
        cohort = await load_cohort(clock.now(), workshop_day=held_on, n_attend=30, n_candidates=150)
        workshop_id = await _workshop(settings, clock, 40, cohort)
        report = await jobs.run_due_checkpoints(settings, clock, "w1")
        assert (report.claimed, report.done) == (3, 3)
        assert await _statuses(workshop_id) == {
            0: ("done", 1),
            7: ("done", 1),
            30: ("done", 1),
            90: ("pending", 0),
            180: ("pending", 0),
        }
        # Surveys went out to everyone but the no-show, only for the checkpoint still inside
        # the 14-day late window: asking "how was the workshop today?" 40 days later is not
        # a day-0 measurement. Day 0 and +7 were measured on accounts, not asked.
        assert [k for _, k, _ in surveys.sent] == [30]
        assert all(len(emails) == 29 for _, _, emails in surveys.sent)
        assert (await jobs.run_due_checkpoints(settings, clock, "w1")).claimed == 0
        rows = await Checkpoint.select().where(Checkpoint.workshop == workshop_id)
        for row in rows:
            if row["status"] == "done":
                assert row["outcome"] is not None
                assert (row["survey_id"] is not None) == (row["offset_days"] == 30)
        # The +90 checkpoint is due at 18:00 Tokyo on day 90.
        clock.advance(days=50)
        assert (await jobs.run_due_checkpoints(settings, clock, "w1")).claimed == 0
        clock.advance(hours=8)
        report = await jobs.run_due_checkpoints(settings, clock, "w1")
        assert report.claimed == 1
        assert set(computed.values()) == {1}

    async def test_two_concurrent_ticks_never_work_a_checkpoint_twice(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        surveys: FakeSurveys,
        computed: Counter[tuple[int, int]],
    ) -> None:
        # every checkpoint here is still inside the late window, so each sends a survey
        settings = dataclasses.replace(settings, checkpoint_late_days=60)
        ids = [
            await _workshop(settings, clock, days, checkpoints=[0, 1, 2, 3, 5, 7, 10])
            for days in (20, 30, 40)
        ]
        reports = await asyncio.gather(
            jobs.run_due_checkpoints(settings, clock, "instance-a"),
            jobs.run_due_checkpoints(settings, clock, "instance-b"),
            jobs.run_due_checkpoints(settings, clock, "instance-c"),
        )
        assert sum(r.done for r in reports) == 21
        assert len(surveys.sent) == 21
        assert len({(w, k) for w, k, _ in surveys.sent}) == 21
        assert set(computed.values()) == {1} and len(computed) == 21
        for workshop_id in ids:
            assert set((await _statuses(workshop_id)).values()) == {("done", 1)}

    async def test_a_crashed_claim_is_taken_over_after_the_lease(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        surveys: FakeSurveys,
        computed: Counter[tuple[int, int]],
    ) -> None:
        workshop_id = await _workshop(settings, clock, 3)
        # An instance claims day 0 and dies before working it.
        claimed = await jobs.claim_one(clock.now(), "dead-instance")
        assert claimed is not None
        report = await jobs.run_due_checkpoints(settings, clock, "survivor")
        assert report.claimed == 0  # still leased to the dead instance
        clock.advance(minutes=16)
        report = await jobs.run_due_checkpoints(settings, clock, "survivor")
        assert report.done == 1
        assert await _statuses(workshop_id) == {
            0: ("done", 2),
            7: ("pending", 0),
            30: ("pending", 0),
            90: ("pending", 0),
            180: ("pending", 0),
        }
        assert len(surveys.sent) == 1

    async def test_a_failed_step_is_retried_with_backoff_and_keeps_its_survey(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        surveys: FakeSurveys,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        workshop_id = await _workshop(settings, clock, 1, checkpoints=[0])
        calls = 0
        original = EffectivenessService.compute_and_store

        async def flaky(self: EffectivenessService, *args: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise RuntimeError("database hiccup")
            await original(self, *args)

        monkeypatch.setattr(EffectivenessService, "compute_and_store", flaky)
        report = await jobs.run_due_checkpoints(settings, clock, "w")
        assert (report.claimed, report.retried) == (1, 1)
        row = await Checkpoint.select().where(Checkpoint.workshop == workshop_id).first()
        assert row is not None and row["status"] == "pending"
        assert "database hiccup" in row["last_error"]
        survey_id = row["survey_id"]
        assert survey_id is not None
        assert (await jobs.run_due_checkpoints(settings, clock, "w")).claimed == 0  # back-off
        clock.advance(minutes=3)
        assert (await jobs.run_due_checkpoints(settings, clock, "w")).done == 1
        row = await Checkpoint.select().where(Checkpoint.workshop == workshop_id).first()
        assert row is not None and row["status"] == "done" and row["survey_id"] == survey_id
        assert len(surveys.sent) == 1  # the survey was not sent again
        assert row["last_error"] is None

    async def test_gives_up_after_max_attempts(
        self,
        db: None,
        settings: Settings,
        clock: FrozenClock,
        surveys: FakeSurveys,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        workshop_id = await _workshop(settings, clock, 1, checkpoints=[0])

        async def broken(self: EffectivenessService, *args: Any) -> None:
            raise RuntimeError("always broken")

        monkeypatch.setattr(EffectivenessService, "compute_and_store", broken)
        for _ in range(jobs.MAX_ATTEMPTS):
            await jobs.run_due_checkpoints(settings, clock, "w")
            clock.advance(hours=5)
        assert await _statuses(workshop_id) == {0: ("failed", jobs.MAX_ATTEMPTS)}
        assert (await jobs.run_due_checkpoints(settings, clock, "w")).claimed == 0


class TestSchedulerWiring:
    async def test_the_app_tick_runs_the_training_job(
        self, client: Any, settings: Settings, clock: FrozenClock, surveys: FakeSurveys
    ) -> None:
        app = client.app
        assert "training.checkpoints" in [name for name, _ in app.state.ticker.jobs]
        workshop_id = await _workshop(settings, clock, 10)
        await app.state.ticker.tick()
        statuses = await _statuses(workshop_id)
        assert statuses[0] == ("done", 1) and statuses[7] == ("done", 1)
        assert statuses[30] == ("pending", 0)
