"""Issue 18 (1): checkpoint surveys reach people. A checkpoint never completes with nobody to
ask; participants uploaded later are invited to every due checkpoint still inside the late
window (VOC_CHECKPOINT_LATE_DAYS, 14 days), and the rest count as missed. Real surveys service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from app.clock import FrozenClock
from app.settings import Settings
from surveys.tables import Invitation, Survey
from tests.training.workshop_data import load_cohort, participant_rows, to_csv
from training import jobs
from training.imports import import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService
from training.tables import Checkpoint


async def _invited(survey_id: int | None) -> int:
    if survey_id is None:
        return 0
    return int(await Invitation.count().where(Invitation.survey == survey_id))


async def test_past_workshop_waits_for_participants_and_invites_late_ones(
    db: None, settings: Settings, clock: FrozenClock
) -> None:
    held_on = clock.now().date() - dt.timedelta(days=40)
    cohort = await load_cohort(clock.now(), workshop_day=held_on, n_attend=36, n_candidates=120)
    service = WorkshopService(settings, clock)
    workshop = await service.create(
        WorkshopCreate(
            title="Onboarding 40 days ago",
            kind="customer",
            held_on=held_on,
            costs=WorkshopCostsIn(facilitator=Decimal(100_000)),
        )
    )
    # The tick runs before anyone is uploaded: nothing completes, no empty survey goes live.
    report = await jobs.run_due_checkpoints(settings, clock, "w")
    assert (report.done, report.waiting) == (0, 3)
    assert await Survey.count().where(Survey.workshop_id == workshop.id) == 0
    listed = {c.offset_days: c for c in await service.checkpoints(workshop.id)}
    assert [k for k, c in listed.items() if c.waiting_for_participants] == [0, 7, 30]
    assert all(c.status == "pending" for c in listed.values())
    # Ticks while waiting do not spin on the same checkpoints.
    assert (await jobs.run_due_checkpoints(settings, clock, "w")).claimed == 0

    rows = participant_rows(cohort)
    rows[0]["attendance"] = "no_show"
    await import_participants(workshop.id, to_csv(rows[:30]), clock.now())
    report = await jobs.run_due_checkpoints(settings, clock, "w")
    assert report.done == 3
    listed = {c.offset_days: c for c in await service.checkpoints(workshop.id)}
    # +30 is 10 days overdue: inside the window, so its 29 people are asked, all late.
    assert (listed[30].invited, listed[30].invited_late, listed[30].missed) == (29, 29, 0)
    assert await _invited(listed[30].survey_id) == 29
    # Day 0 and +7 are 40 and 33 days overdue: nobody is asked, everybody is missed.
    for k in (0, 7):
        assert (listed[k].survey_id, listed[k].invited, listed[k].missed) == (None, 0, 29)
    assert not any(c.waiting_for_participants for c in listed.values())

    # Three more people a day later are invited to +30 only, and nobody twice.
    clock.advance(days=1)
    await import_participants(workshop.id, to_csv(rows[30:33]), clock.now())
    await jobs.run_due_checkpoints(settings, clock, "w")
    listed = {c.offset_days: c for c in await service.checkpoints(workshop.id)}
    assert await _invited(listed[30].survey_id) == 32
    assert (listed[30].invited, listed[30].missed) == (32, 0)
    assert (listed[0].missed, listed[7].missed) == (32, 32)

    # After the window closes, newcomers are counted as missed, not asked.
    clock.advance(days=10)
    await import_participants(workshop.id, to_csv(rows[33:35]), clock.now())
    await jobs.run_due_checkpoints(settings, clock, "w")
    listed = {c.offset_days: c for c in await service.checkpoints(workshop.id)}
    assert (listed[30].invited, listed[30].missed) == (32, 2)
    statuses = {r["offset_days"]: r["status"] for r in await Checkpoint.select()}
    assert statuses == {0: "done", 7: "done", 30: "done", 90: "pending", 180: "pending"}


async def test_a_workshop_nobody_attended_never_completes_a_checkpoint(
    db: None, settings: Settings, clock: FrozenClock
) -> None:
    service = WorkshopService(settings, clock)
    workshop = await service.create(
        WorkshopCreate(
            title="Empty room",
            kind="customer",
            held_on=clock.now().date() - dt.timedelta(days=3),
            checkpoints=[0],
        )
    )
    for _ in range(3):
        await jobs.run_due_checkpoints(settings, clock, "w")
        clock.advance(hours=7)
    (checkpoint,) = await service.checkpoints(workshop.id)
    assert checkpoint.status == "pending" and checkpoint.survey_id is None
    assert checkpoint.waiting_for_participants and checkpoint.attempts == 0


async def test_workshop_page_shows_waiting_late_and_missed(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    client = await staff_client("cs")
    held_on = (clock.now().date() - dt.timedelta(days=40)).isoformat()
    form = {
        "title": "Past workshop",
        "kind": "customer",
        "held_on": held_on,
        "currency": "JPY",
        "checkpoints": "0, 7, 30, 90, 180",
        "_csrf": client.headers["x-csrf-token"],
    }
    created = await client.post("/workshops/new", data=form, follow_redirects=False)
    assert created.status_code == 303
    # Created in the past: the user is sent to the participants upload first.
    assert created.headers["location"].endswith("#participants")
    page = (await client.get(created.headers["location"].split("#")[0])).text
    assert "data-needs-participants" in page
    workshop_id = int(created.headers["location"].split("/")[2].split("?")[0].split("#")[0])
    await client.app.state.ticker.tick()
    page = (await client.get(f"/workshops/{workshop_id}")).text
    assert page.count("data-waiting") == 3

    cohort = await load_cohort(
        clock.now(), workshop_day=dt.date.fromisoformat(held_on), n_attend=12, n_candidates=60
    )
    csv = to_csv(participant_rows(cohort))
    response = await client.post(
        f"/api/workshops/{workshop_id}/participants.csv",
        content=csv,
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    await client.app.state.ticker.tick()
    page = (await client.get(f"/workshops/{workshop_id}")).text
    assert "data-waiting" not in page
    assert page.count('data-missed="12"') == 2  # day 0 and +7
    assert 'data-late="12"' in page  # +30
