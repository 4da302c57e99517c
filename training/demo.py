"""Demo data of the training app, loaded once by ``voc demo`` / ``make run``.

660 simulated JPY accounts with a planted workshop effect (:mod:`training.simulate`), three
workshops — a customer workshop 120 days ago whose day-0, +7, +30 and +90 checkpoints are
already worked, an internal training 10 days ago, and a customer workshop in two weeks —
with participants and their measurement plans. Running it again adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterable
from decimal import Decimal

from app.clock import SystemClock
from app.settings import Settings
from training.imports import import_accounts, import_events, import_participants
from training.jobs import run_due_checkpoints
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService, today
from training.simulate import simulate_cohort
from training.tables import Workshop

log = logging.getLogger("voc.training.demo")

MARKER = "顧客オンボーディング・ワークショップ (Customer onboarding workshop)"


def _csv(rows: Iterable[dict[str, str]]) -> bytes:
    rows = list(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


async def load(settings: Settings) -> None:
    """Load the demo workshops (idempotent: nothing happens if they exist)."""
    if await Workshop.exists().where(Workshop.title == MARKER):
        return
    clock = SystemClock()
    now = clock.now()
    day = today(settings, clock)
    held_on = day - dt.timedelta(days=120)
    cohort = simulate_cohort(
        60, 600, seed=2026, workshop_day=held_on, expansion_effect=0.10, churn_effect=-0.05
    )
    await import_accounts(_csv(cohort.account_rows()), now)
    await import_events(_csv(cohort.event_rows()), now)
    service = WorkshopService(settings, clock)

    onboarding = await service.create(
        WorkshopCreate(
            title=MARKER,
            kind="customer",
            held_on=held_on,
            facilitator="Aiko Tanaka",
            objectives=["expansion_share", "logo_churn", "nrr"],
            currency="JPY",
            costs=WorkshopCostsIn(
                facilitator=Decimal(450_000),
                venue_catering=Decimal(180_000),
                materials=Decimal(40_000),
                tooling=Decimal(60_000),
                participant_hours=Decimal(180),
                loaded_hourly_rate=Decimal(6_500),
            ),
        )
    )
    people = []
    for n, index in enumerate(cohort.attending.tolist()):
        external = cohort.external_id(index)
        people.append(
            {
                "email": f"{external.lower()}@customer.example",
                "name": f"{cohort.names[index]} ご担当者",
                "language": "ja" if n % 3 else "en",
                "account_external_id": external,
                "attendance": "no_show" if n % 15 == 14 else "attended",
                "quiz_score": str(55 + (n * 7) % 45),
            }
        )
    await import_participants(onboarding.id, _csv(people), now)

    internal = await service.create(
        WorkshopCreate(
            title="CSチーム研修: ヘルススコア活用 (Health-score playbook training)",
            kind="internal",
            held_on=day - dt.timedelta(days=10),
            facilitator="Carlos CS Lead",
            objectives=["quiz_score", "behaviour"],
            costs=WorkshopCostsIn(
                facilitator=Decimal(200_000),
                participant_hours=Decimal(48),
                loaded_hourly_rate=Decimal(5_000),
            ),
            checkpoints=[0, 7, 30, 90],
        )
    )
    staff = [
        {
            "email": f"cs{n}@demo.voc",
            "name": f"CS member {n}",
            "language": "ja",
            "team": "Enterprise CS" if n % 2 else "SMB CS",
            "attendance": "attended",
            "quiz_score": str(60 + n * 4),
        }
        for n in range(1, 9)
    ]
    await import_participants(internal.id, _csv(staff), now)

    upcoming = await service.create(
        WorkshopCreate(
            title="Expansion playbook workshop",
            kind="customer",
            held_on=day + dt.timedelta(days=14),
            facilitator="Mika Sato",
            objectives=["expansion_share", "expansion_rate"],
            costs=WorkshopCostsIn(facilitator=Decimal(300_000), venue_catering=Decimal(90_000)),
        )
    )
    invited = [
        {
            "email": f"{cohort.external_id(i).lower()}@customer.example",
            "name": cohort.names[i],
            "account_external_id": cohort.external_id(i),
        }
        for i in cohort.candidates[:25].tolist()
    ]
    await import_participants(upcoming.id, _csv(invited), now)

    report = await run_due_checkpoints(settings, clock, "demo-loader")
    log.info("training demo: %s checkpoints worked", report.done)
    print(f"Training demo: 3 workshops, {cohort.accounts.n} accounts, {report.done} checkpoints")
