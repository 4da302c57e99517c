"""Three real app processes on one PostgreSQL database: every piece of work happens once.

Three ``voc serve`` processes (uvicorn, loopback ports) tick every 0.3 s against one database
with work waiting: 240 survey invitations, a workshop with three checkpoints due and 30
detractor answers whose owners get an alert by email and webhook. A loopback aiosmtpd
server counts every email by Message-ID and a loopback webhook counts every alert: each
arrives exactly once, every checkpoint was claimed once and made one survey, and more than
one instance did the work.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from analytics.tables import DetractorAlert
from app.clock import FrozenClock
from app.settings import Settings
from surveys.schemas import RecipientIn
from surveys.services import SurveyService
from surveys.tables import OutboxMessage, Survey
from tests.analytics.factories import add_response, make_survey
from tests.conftest import USING_POSTGRES
from tests.reliability.support import AppProcess, app_env, start_all
from tests.smtp import SmtpServer, free_port, smtp_server
from tests.training.workshop_data import load_cohort, participant_rows, to_csv
from training.imports import import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService
from training.tables import Checkpoint

__all__ = ["smtp_server"]

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.slow,
    pytest.mark.skipif(not USING_POSTGRES, reason="several instances need PostgreSQL"),
]

INSTANCES = 3
RECIPIENTS = 240
DETRACTORS = 30


class Hooks(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        payload = json.loads(self.rfile.read(length))
        with Hooks.lock:
            Hooks.received.append(payload)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Hooks.received = []
    server = HTTPServer(("127.0.0.1", 0), Hooks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


async def _seed(settings: Settings) -> tuple[int, int]:
    now = dt.datetime.now(dt.UTC)
    clock = FrozenClock(now)
    service = SurveyService(settings, clock)
    survey = await service.create_from_template(
        "customer_nps",
        "Scale-out survey",
        window_start_hour=0,
        window_end_hour=24,
        window_weekdays=[0, 1, 2, 3, 4, 5, 6],
        reminder_count=0,
        holdout_share=0.0,
    )
    await service.add_recipients(
        survey.id,
        [
            RecipientIn(email=f"person{i}@scale.example", name=f"Person {i}", language="en")
            for i in range(RECIPIENTS)
        ],
        respect_contact_frequency=False,
    )
    await service.send(survey.id)

    alerts = await make_survey()
    for i in range(DETRACTORS):
        await add_response(
            alerts,
            i % 7,
            "Slow support",
            {"account_name": f"Account {i}", "owner_email": f"owner{i % 5}@scale.example"},
            submitted_at=now - dt.timedelta(hours=1),
        )

    # Three checkpoints due, all inside the 14-day late window (older ones are not asked).
    held_on = now.date() - dt.timedelta(days=12)
    cohort = await load_cohort(now, workshop_day=held_on, n_attend=20, n_candidates=80)
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(
            title="Scale-out workshop",
            kind="customer",
            held_on=held_on,
            costs=WorkshopCostsIn(facilitator=Decimal(100_000)),
            checkpoints=[0, 3, 7],
        )
    )
    await import_participants(workshop.id, to_csv(participant_rows(cohort)), now)
    return survey.id, workshop.id


async def _wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


async def test_three_instances_do_every_piece_of_work_once(
    db: None,
    settings: Settings,
    smtp_server: SmtpServer,
    webhook: str,
    tmp_path: Path,
) -> None:
    survey_id, workshop_id = await _seed(settings)
    processes = []
    for n in range(INSTANCES):
        port = free_port()
        env = app_env(
            settings.database_url,
            tmp_path / f"instance{n}",
            port,
            VOC_SMTP_HOST="127.0.0.1",
            VOC_SMTP_PORT=str(smtp_server.port),
            VOC_MAIL_FROM="surveys@scale.example",
            VOC_ALERT_WEBHOOK_URL=webhook,
            VOC_TICK_SECONDS="0.3",
            VOC_DB_POOL_SIZE="4",
        )
        processes.append(AppProcess(env, port, tmp_path / f"instance{n}.log"))
    try:
        start_all(processes)

        async def checkpoints_done() -> bool:
            rows = await Checkpoint.select(Checkpoint.status).where(
                (Checkpoint.workshop == workshop_id) & (Checkpoint.offset_days <= 30)
            )
            return len(rows) == 3 and all(r["status"] == "done" for r in rows)

        await _wait_for(checkpoints_done, 120, "the three due checkpoints")
        # Checkpoint invitations wait for the weekday sending window of real time; let the
        # clock "reach" it so they are sent now (reminders stay for later).
        await OutboxMessage.update({OutboxMessage.next_attempt_at: dt.datetime.now(dt.UTC)}).where(
            (OutboxMessage.status == "pending") & (OutboxMessage.kind != "reminder")
        )

        async def all_sent() -> bool:
            alerts = await DetractorAlert.count().where(DetractorAlert.status == "done")
            waiting = await OutboxMessage.count().where(
                OutboxMessage.status.is_in(["pending", "in_progress"])
                & (OutboxMessage.kind != "reminder")
            )
            return alerts == DETRACTORS and waiting == 0

        await _wait_for(all_sent, 120, "every email and alert")
        await asyncio.sleep(1.5)  # a few more ticks: nothing may go out twice afterwards
    finally:
        for process in processes:
            process.stop()
        logs = "\n".join(p.logs() for p in processes)

    errors = [line[:2000] for line in logs.splitlines() if '"level": "error"' in line]
    assert not errors, "\n".join(errors)

    # Every email exactly once, by Message-ID, and exactly the ones recorded as sent.
    received = Counter(str(m["Message-ID"]) for m in smtp_server.sink.messages)
    twice = {k: v for k, v in received.items() if v > 1}
    assert not twice, twice
    sent_rows = await OutboxMessage.select(
        OutboxMessage.message_id, OutboxMessage.kind, OutboxMessage.claimed_by
    ).where(OutboxMessage.status == "sent")
    assert set(received) == {r["message_id"] for r in sent_rows}
    kinds = Counter(r["kind"] for r in sent_rows)
    assert kinds["alert"] == DETRACTORS
    checkpoint_surveys = await Survey.select(Survey.id, Survey.checkpoint_days).where(
        Survey.workshop_id == workshop_id
    )
    assert sorted(s["checkpoint_days"] for s in checkpoint_surveys) == [0, 3, 7]
    assert kinds["invitation"] == RECIPIENTS + 3 * 20
    survey_messages = await OutboxMessage.count().where(
        (OutboxMessage.survey == survey_id) & (OutboxMessage.status == "sent")
    )
    assert survey_messages == RECIPIENTS

    # Every alert's webhook exactly once.
    hooks = Counter(h["response_id"] for h in Hooks.received)
    assert len(hooks) == DETRACTORS and set(hooks.values()) == {1}

    # Every checkpoint claimed once (one attempt), by some instance.
    checkpoints = await Checkpoint.select().where(
        (Checkpoint.workshop == workshop_id) & (Checkpoint.offset_days <= 30)
    )
    assert [c["attempts"] for c in checkpoints] == [1, 1, 1]

    # The work really was shared: claims came from more than one process.
    workers = {r["claimed_by"].split(":")[1] for r in sent_rows if r["claimed_by"]}
    workers |= {c["claimed_by"].split(":")[1] for c in checkpoints if c["claimed_by"]}
    assert len(workers) >= 2, workers


async def test_concurrent_segment_syncs_never_double_count(db: None) -> None:
    """Found by the test above: instances syncing the breakdown index at once raced."""
    from analytics.segments import sync_segments
    from analytics.tables import ResponseSegment

    survey = await make_survey()
    for i in range(40):
        await add_response(survey, i % 11, "", {"store": f"S{i % 4}", "tier": "gold"})
    for _ in range(3):
        await asyncio.gather(*(sync_segments(survey) for _ in range(4)))
        assert await ResponseSegment.count().where(ResponseSegment.survey_id == survey) == 80
