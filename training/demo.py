"""Demo data of the training app, loaded once by ``voc demo`` / ``make run``.

900 simulated JPY accounts where a hidden health drives attendance, expansion and churn
(:func:`training.simulate.simulate_health_cohort`), with monthly health scores (so the
accounts page shows a Green ratio and Red→Green conversions), three months of usage for three
accounts whose health collapses last month (a risk trigger alerting their owners), and three
workshops — a customer workshop 120 days ago with a planted effect on expansion, churn and
the health score (+6 points), whose day-0, +7, +30 and +90 checkpoints are already worked, an
internal training 10 days ago, and a customer workshop in two weeks — with participants and
their measurement plans. Running it again adds nothing.
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
from training.health_services import import_health_scores, import_usage
from training.imports import import_accounts, import_events, import_participants
from training.jobs import run_due_checkpoints
from training.schemas import PublicTitle, WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService, today
from training.simulate import HealthCohort, HealthScenario, simulate_health_cohort
from training.tables import Workshop

log = logging.getLogger("voc.training.demo")

MARKER = "顧客オンボーディング・ワークショップ"
#: The marker's name before the workshops had per-language public titles: a var directory made
#: then has the demo already.
EARLIER_MARKERS = ("顧客オンボーディング・ワークショップ (Customer onboarding workshop)",)


def _csv(rows: Iterable[dict[str, str]]) -> bytes:
    rows = list(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


DEMO_SCENARIO = HealthScenario(
    name="demo",
    selection=1.2,
    attend_rate=0.10,
    expansion_effect=0.10,
    churn_effect=-0.03,
    health_effect=6.0,
)


def _candidates(cohort: HealthCohort) -> list[int]:
    attending = set(cohort.attending.tolist())
    return [i for i in range(cohort.accounts.n) if i not in attending]


def _usage_rows(cohort: HealthCohort, day: dt.date) -> list[dict[str, str]]:
    """Three months of usage for three accounts that were doing well and collapsed last
    month: their computed scores fall by more than 15 points and into Red (a risk trigger)."""
    months = []
    first = day.replace(day=1)
    for _ in range(3):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first.strftime("%Y-%m"))
    months.reverse()
    rows = []
    for i in _candidates(cohort)[:3]:
        for n, month in enumerate(months):
            bad = n == len(months) - 1
            rows.append(
                {
                    "account_external_id": cohort.external_id(i),
                    "month": month,
                    "login_days": "2" if bad else "14",
                    "events_held": "0" if bad else "5",
                    "support_contacts": "0" if bad else "2",
                    "webinar_attended": "0" if bad else "1",
                    "participants": str(40 if bad else 120 + 10 * n),
                    "key_people": "1" if bad else "3",
                    "renewal_date": (day + dt.timedelta(days=60)).isoformat(),
                }
            )
    return rows


#: Day-0 reaction answers of the onboarding workshop: (CSAT 1–5, recommend 0–10, confidence
#: 1–5, comment). Mostly pleased, some not: the reaction is not the result.
REACTIONS = [
    (5, 10, 4, "具体的な手順がわかりやすかったです。"),
    (4, 9, 4, "Clear playbook, we will try the health check next week."),
    (5, 9, 5, ""),
    (4, 8, 3, "事例がもう少し欲しかったです。"),
    (3, 6, 3, "Too fast for a new admin."),
    (5, 10, 5, "すぐに社内で共有します。"),
    (4, 8, 4, ""),
    (2, 4, 2, "自社の業種に合わない内容が多かった。"),
]


async def _history(settings: Settings, workshop_id: int, held_on: dt.date) -> None:
    """Work the onboarding checkpoints as they fell due, so each survey went out on time
    (the late window would count them missed today), and let attendees answer day 0."""
    from app.clock import FrozenClock
    from surveys.demo import _tokens
    from surveys.services.respondent import RespondentService
    from training.services import due_at
    from training.tables import Checkpoint

    for offset in (0, 7, 30, 90):
        when = due_at(settings, held_on, offset) + dt.timedelta(hours=1)
        await run_due_checkpoints(settings, FrozenClock(when), "demo-loader")
        if offset != 0:
            continue
        row = (
            await Checkpoint.select(Checkpoint.survey_id)
            .where((Checkpoint.workshop == workshop_id) & (Checkpoint.offset_days == 0))
            .first()
        )
        if row is None or row["survey_id"] is None:
            continue
        tokens = sorted((await _tokens(row["survey_id"])).items())
        for i, (_, token) in enumerate(tokens[: 3 * len(REACTIONS)]):
            csat, recommend, confidence, reason = REACTIONS[i % len(REACTIONS)]
            answers = {"csat": str(csat), "recommend": str(recommend),
                       "confidence": str(confidence)}  # fmt: skip
            if reason:
                answers["reason"] = reason
            answered = FrozenClock(when + dt.timedelta(hours=2 + i))
            await RespondentService(settings, answered).submit(token, answers)


async def load(settings: Settings) -> None:
    """Load the demo workshops (idempotent: nothing happens if they exist)."""
    if await Workshop.exists().where(Workshop.title.is_in([MARKER, *EARLIER_MARKERS])):
        return
    clock = SystemClock()
    now = clock.now()
    day = today(settings, clock)
    held_on = day - dt.timedelta(days=120)
    cohort = simulate_health_cohort(DEMO_SCENARIO, 900, seed=2026, workshop_day=held_on)
    account_rows = list(cohort.account_rows())
    names = {r["external_id"]: r["name"] for r in account_rows}
    await import_accounts(_csv(account_rows), now, settings)
    await import_events(_csv(cohort.event_rows()), now)
    await import_health_scores(_csv(cohort.health_rows()), now, settings)
    await import_usage(_csv(_usage_rows(cohort, day)), now, settings)
    service = WorkshopService(settings, clock)

    onboarding = await service.create(
        WorkshopCreate(
            title=MARKER,
            # participants read it in their own language (mail subject, survey page)
            public_title=PublicTitle(en="Customer onboarding workshop", ja=MARKER),
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
                "name": f"{names[external]} ご担当者",
                "language": "ja" if n % 3 else "en",
                "account_external_id": external,
                "attendance": "no_show" if n % 15 == 14 else "attended",
                "quiz_score": str(55 + (n * 7) % 45),
            }
        )
    await import_participants(onboarding.id, _csv(people), now)
    await _history(settings, onboarding.id, held_on)

    internal = await service.create(
        WorkshopCreate(
            title="CSチーム研修：ヘルススコア活用",
            public_title=PublicTitle(
                en="CS team training: the health-score playbook",
                ja="CSチーム研修：ヘルススコア活用",
            ),
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
            title="アップセル推進ワークショップ",
            public_title=PublicTitle(
                en="Expansion playbook workshop", ja="アップセル推進ワークショップ"
            ),
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
            "name": names[cohort.external_id(i)],
            "account_external_id": cohort.external_id(i),
        }
        for i in _candidates(cohort)[:25]
    ]
    await import_participants(upcoming.id, _csv(invited), now)

    report = await run_due_checkpoints(settings, clock, "demo-loader")
    log.info("training demo: %s checkpoints worked", report.done)
    print(
        f"Training demo: 3 workshops, {cohort.accounts.n} accounts with health scores, "
        f"{report.done} checkpoints"
    )
