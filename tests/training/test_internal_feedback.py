"""Feedback surveys of internal (staff) workshops are employee surveys (issue 12, attack 8).

They used to be stored as customer surveys, so a manager downloaded employees' names and
comments in ``responses.csv``. Now the checkpoint survey of an internal workshop is created
with ``audience=employee``: hr only, under the eNPS anonymity rules; customer workshops are
unchanged.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import importlib.util
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.auth.services import AuthService
from app.clock import FrozenClock, SystemClock
from app.settings import REPO_ROOT, Settings
from surveys.tables import OutboxMessage, Survey
from tests.conftest import create_staff
from tests.training.test_report_api import fetch_pdf
from tests.training.workshop_data import to_csv
from training import jobs
from training.imports import import_accounts, import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService

ANSWER = re.compile(r"/r/([A-Za-z0-9_-]{20,64})")
COMMENTS = [
    "my manager ignores me and I am thinking about quitting",
    "useful examples",
    "too long",
    "great trainer",
    "slides were hard to read",
    "more practice please",
    "the health score exercise was eye opening",
    "lunch was cold",
    "the room was too small",
    "finally understood renewals",
    "would like a follow up session",
    "the trainer answered every question",
]


async def _workshop(settings: Settings, clock: FrozenClock, kind: str) -> int:
    held_on = clock.now().date() - dt.timedelta(days=1)
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(
            title=f"{kind} training",
            kind=kind,  # type: ignore[arg-type]
            held_on=held_on,
            costs=WorkshopCostsIn(facilitator=Decimal(100_000)),
            checkpoints=[0, 30],
        )
    )
    people = []
    for n, _ in enumerate(COMMENTS):
        row = {
            "email": f"{kind}{n}@example.com",
            "name": f"{kind.title()} Person {n}",
            "language": "en",
            "attendance": "attended",
        }
        if kind == "internal":
            row["team"] = "Enterprise CS" if n % 2 else "SMB CS"
        else:
            row["account_external_id"] = f"ACME-{n}"
        people.append(row)
    if kind == "customer":
        accounts = "external_id,name,tier,currency,mrr,started_on\n" + "".join(
            f"ACME-{n},Acme {n},SMB,JPY,10000,2024-01-01\n" for n in range(len(COMMENTS))
        )
        await import_accounts(accounts.encode(), clock.now())
    await import_participants(workshop.id, to_csv(people), clock.now())
    return workshop.id


async def _day_zero_survey(
    settings: Settings, clock: FrozenClock, client: Any, workshop_id: int
) -> int:
    """Run the due checkpoints and answer the day-0 survey as every participant."""
    await jobs.run_due_checkpoints(settings, clock, "test")
    survey = (
        await Survey.select()
        .where((Survey.workshop_id == workshop_id) & (Survey.checkpoint_days == 0))
        .first()
    )
    assert survey is not None
    bodies = await OutboxMessage.select(OutboxMessage.body).where(
        (OutboxMessage.survey == survey["id"]) & (OutboxMessage.kind == "invitation")
    )
    assert len(bodies) == len(COMMENTS)
    for n, row in enumerate(bodies):
        message = email.message_from_string(row["body"], policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        token = ANSWER.search(text)
        assert token
        answers = {"csat": 4, "recommend": (3 + n) % 11, "confidence": 3, "reason": COMMENTS[n]}
        saved = await client.post(f"/r/{token.group(1)}", json={"answers": answers})
        assert saved.status_code == 200, saved.text
    return int(survey["id"])


async def _headers(*roles: str) -> dict[str, dict[str, str]]:
    auth = AuthService(SystemClock())
    out = {}
    for role in roles:
        user = await create_staff(role)
        token = await auth.create_api_token(user.id, "test")
        out[role] = {"Authorization": f"Bearer {token.token}"}
    return out


async def test_internal_workshop_feedback_is_hr_only_and_anonymous(
    client: Any, settings: Settings, clock: FrozenClock
) -> None:
    workshop_id = await _workshop(settings, clock, "internal")
    survey_id = await _day_zero_survey(settings, clock, client, workshop_id)
    row = await Survey.select(Survey.audience).where(Survey.id == survey_id).first()
    assert row == {"audience": "employee"}
    who = await _headers("manager", "cs", "hr")
    # The attack: a manager downloads employees' names and comments.
    for role in ("manager", "cs"):
        for path in (
            f"/api/surveys/{survey_id}/responses.csv",
            f"/api/surveys/{survey_id}",
            f"/api/surveys/{survey_id}/analytics/comments",
            f"/api/surveys/{survey_id}/analytics/scores",
            f"/surveys/{survey_id}/results",
        ):
            response = await client.get(path, headers=who[role])
            assert response.status_code == 403, (role, path, response.status_code)
            assert "Person" not in response.text and "quitting" not in response.text
    # hr reads it, without names, emails or response ids.
    export = await client.get(f"/api/surveys/{survey_id}/responses.csv", headers=who["hr"])
    assert export.status_code == 200, export.text
    header = export.text.splitlines()[0]
    assert "email" not in header and "name" not in header.split(",")
    assert "Person" not in export.text and "@example.com" not in export.text
    scores = await client.get(f"/api/surveys/{survey_id}/analytics/scores", headers=who["hr"])
    assert scores.status_code == 200 and scores.json()["confidential"] is True


async def test_customer_workshop_feedback_stays_a_customer_survey(
    client: Any, settings: Settings, clock: FrozenClock
) -> None:
    workshop_id = await _workshop(settings, clock, "customer")
    survey_id = await _day_zero_survey(settings, clock, client, workshop_id)
    row = await Survey.select(Survey.audience).where(Survey.id == survey_id).first()
    assert row == {"audience": "customer"}
    who = await _headers("manager", "hr")
    export = await client.get(f"/api/surveys/{survey_id}/responses.csv", headers=who["manager"])
    assert export.status_code == 200 and "Customer Person 0" in export.text
    denied = await client.get(f"/api/surveys/{survey_id}/responses.csv", headers=who["hr"])
    assert denied.status_code == 403


async def test_migration_moves_existing_internal_workshop_surveys(
    client: Any, settings: Settings, clock: FrozenClock
) -> None:
    internal = await _workshop(settings, clock, "internal")
    customer = await _workshop(settings, clock, "customer")
    for workshop_id in (internal, customer):
        await Survey.insert(
            Survey(
                name="old day 0",
                kind="training_feedback",
                status="live",
                audience="customer",
                workshop_id=workshop_id,
                checkpoint_days=0,
            )
        )
    path = Path(REPO_ROOT) / "migrations" / "training" / "training_2026_11_30t08_50_00_000000.py"
    spec = importlib.util.spec_from_file_location("internal_audience_migration", path)
    assert spec and spec.loader
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.Survey._meta.db = Survey._meta.db
    await migration.internal_workshop_surveys_to_employee()
    rows = await Survey.select(Survey.workshop_id, Survey.audience).where(
        Survey.name == "old day 0"
    )
    assert {r["workshop_id"]: r["audience"] for r in rows} == {
        internal: "employee",
        customer: "customer",
    }


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


async def test_workshop_report_quotes_employees_only_to_hr(
    client: Any, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    """The workshop PDF is for managers, but employees' comments in it are hr's."""
    workshop_id = await _workshop(settings, clock, "internal")
    await _day_zero_survey(settings, clock, client, workshop_id)
    who = await _headers("manager", "cs", "hr")
    client.headers.update(who["hr"])
    pdf, _ = await fetch_pdf(client, f"/api/workshops/{workshop_id}/report.pdf?lang=en")
    hr_text = _pdf_text(pdf, tmp_path)
    quoted = [c for c in COMMENTS if c in hr_text]
    assert quoted, hr_text[:2000]  # hr reads the feedback (the group is over the floor)
    for role in ("manager", "cs"):
        client.headers.update(who[role])
        pdf, _ = await fetch_pdf(client, f"/api/workshops/{workshop_id}/report.pdf?lang=en")
        text = _pdf_text(pdf, tmp_path)
        assert "internal training" in text  # the report itself is theirs
        for comment in COMMENTS:
            assert comment not in text, (role, comment)
