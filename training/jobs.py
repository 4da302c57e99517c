"""The checkpoint tick: claims due checkpoints and works each exactly once.

A checkpoint row goes ``pending → in_progress → done`` (or back to ``pending`` with a
back-off after an error, and ``failed`` after :data:`MAX_ATTEMPTS`). Claiming is one atomic
step: on PostgreSQL an ``UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)``, so any
number of app instances can tick side by side; on SQLite a write transaction taken up
front (SQLite has one writer). Working a checkpoint:

1. sends its survey to the participants (all but no-shows) through the surveys service —
   the survey id is stored as soon as the survey exists, so a crash mid-way resumes with
   the same survey, and the surveys service never invites one address twice to a survey;
2. computes its effectiveness from the current data and stores the snapshot;
3. marks it ``done`` — only if this worker still holds the claim.

State lives only in rows: a restart loses nothing (an ``in_progress`` claim older than
:data:`LEASE` is taken over), and a late tick catches up on every overdue checkpoint, in
due order, each once. Time comes only from the injected clock.

A checkpoint never completes with nobody to ask: with no participants (other than no-shows)
it goes back to ``pending`` and is looked at again after :data:`WAIT_FOR_PARTICIPANTS`, or
at once when participants are uploaded (the import wakes the workshop's due checkpoints).
Its survey goes out only until ``VOC_CHECKPOINT_LATE_DAYS`` after it was due; participants
added later within that window are invited to every such checkpoint (adding and sending are
idempotent, so people already asked are not asked again), and after it they count as missed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from typing import Any

from app.clock import Clock
from app.db import db_datetime, is_postgres, write_transaction
from app.settings import Settings
from training.schemas import TickReport
from training.services import EffectivenessService
from training.surveys_link import Recipient, send_checkpoint_survey
from training.tables import Checkpoint, Participant, Workshop

log = logging.getLogger("voc.training.jobs")

LEASE = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_PER_TICK = 50
WAIT_FOR_PARTICIPANTS = dt.timedelta(hours=6)
WORKER_ID = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

_CLAIM_PG = (
    "UPDATE training_checkpoint SET status = 'in_progress', claimed_by = {}, claimed_at = {}, "
    "attempts = attempts + 1 WHERE id = ("
    "SELECT id FROM training_checkpoint WHERE "
    "(status = 'pending' AND due_at <= {} AND (next_attempt_at IS NULL OR next_attempt_at <= {})) "
    "OR (status = 'in_progress' AND claimed_at < {}) "
    "ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id"
)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2**attempts, 240))


async def claim_one(now: dt.datetime, worker: str) -> int | None:
    """Claim the most overdue checkpoint for ``worker``; None when nothing is due."""
    stale = now - LEASE
    if is_postgres():
        rows = await Checkpoint.raw(_CLAIM_PG, worker, now, now, now, stale)
        return int(rows[0]["id"]) if rows else None
    due = (
        (Checkpoint.status == "pending")
        & (Checkpoint.due_at <= now)
        & (Checkpoint.next_attempt_at.is_null() | (Checkpoint.next_attempt_at <= now))
    ) | ((Checkpoint.status == "in_progress") & (Checkpoint.claimed_at < stale))
    async with write_transaction():
        row = (
            await Checkpoint.select(Checkpoint.id)
            .where(due)
            .order_by(Checkpoint.due_at)
            .order_by(Checkpoint.id)
            .first()
        )
        if row is None:
            return None
        await Checkpoint.update(
            {
                Checkpoint.status: "in_progress",
                Checkpoint.claimed_by: worker,
                Checkpoint.claimed_at: now,
                Checkpoint.attempts: Checkpoint.attempts + 1,
            }
        ).where(Checkpoint.id == row["id"])
        return int(row["id"])


async def _recipients(workshop_id: int) -> list[Recipient]:
    rows = await (
        Participant.select(
            Participant.email,
            Participant.name,
            Participant.language,
            Participant.team,
            Participant.account.external_id,
        )
        .where((Participant.workshop == workshop_id) & (Participant.attendance != "no_show"))
        .order_by(Participant.id)
    )
    return [
        Recipient(
            email=r["email"],
            name=r["name"],
            language=r["language"],
            attributes={
                k: v
                for k, v in (
                    ("workshop", str(workshop_id)),
                    ("account_id", r["account.external_id"]),
                    ("team", r["team"]),
                )
                if v
            },
        )
        for r in rows
    ]


async def work_checkpoint(checkpoint_id: int, settings: Settings, clock: Clock, worker: str) -> str:
    """Work one claimed checkpoint; returns ``done``, ``retry`` or ``failed``."""
    row = await Checkpoint.select().where(Checkpoint.id == checkpoint_id).first()
    if row is None:  # the workshop was deleted meanwhile
        return "done"
    mine = (Checkpoint.id == checkpoint_id) & (Checkpoint.claimed_by == worker)
    try:
        workshop = await Workshop.select().where(Workshop.id == row["workshop"]).first()
        if workshop is None:
            return "done"
        recipients = await _recipients(workshop["id"])
        if not recipients:
            await Checkpoint.update(
                {
                    Checkpoint.status: "pending",
                    Checkpoint.attempts: 0,
                    Checkpoint.claimed_by: None,
                    Checkpoint.next_attempt_at: clock.now() + WAIT_FOR_PARTICIPANTS,
                    Checkpoint.last_error: None,
                }
            ).where(mine & (Checkpoint.status == "in_progress"))
            return "waiting"
        late_until = db_datetime(row["due_at"]) + dt.timedelta(days=settings.checkpoint_late_days)
        sent_at = row["survey_sent_at"]
        newcomers = sent_at is None or await Participant.exists().where(
            (Participant.workshop == workshop["id"]) & (Participant.imported_at > sent_at)
        )
        if clock.now() <= late_until and newcomers:

            async def remember(survey_id: int) -> None:
                await Checkpoint.update({Checkpoint.survey_id: survey_id}).where(mine)

            survey_id = await send_checkpoint_survey(
                settings=settings,
                clock=clock,
                workshop_id=workshop["id"],
                workshop_title=workshop["title"],
                public_title={
                    "en": workshop.get("public_title_en") or "",
                    "ja": workshop.get("public_title_ja") or "",
                },
                offset_days=row["offset_days"],
                survey_id=row["survey_id"],
                recipients=recipients,
                remember_survey=remember,
                audience="employee" if workshop["kind"] == "internal" else "customer",
            )
            if survey_id is not None and row["survey_sent_at"] is None:
                await Checkpoint.update(
                    {Checkpoint.survey_id: survey_id, Checkpoint.survey_sent_at: clock.now()}
                ).where(mine)
        await EffectivenessService(settings, clock).compute_and_store(
            workshop["id"], checkpoint_id, row["offset_days"]
        )
        await Checkpoint.update(
            {
                Checkpoint.status: "done",
                Checkpoint.completed_at: clock.now(),
                Checkpoint.last_error: None,
                Checkpoint.next_attempt_at: None,
            }
        ).where(mine & (Checkpoint.status == "in_progress"))
        return "done"
    except Exception as exc:
        log.exception("checkpoint %s failed (attempt %s)", checkpoint_id, row["attempts"])
        failed = row["attempts"] >= MAX_ATTEMPTS
        await Checkpoint.update(
            {
                Checkpoint.status: "failed" if failed else "pending",
                Checkpoint.next_attempt_at: None
                if failed
                else clock.now() + backoff(row["attempts"]),
                Checkpoint.last_error: f"{type(exc).__name__}: {exc}"[:2000],
                Checkpoint.claimed_by: None,
            }
        ).where(mine)
        return "failed" if failed else "retry"


async def run_due_checkpoints(
    settings: Settings, clock: Clock, worker: str = WORKER_ID, limit: int = MAX_PER_TICK
) -> TickReport:
    """Claim and work due checkpoints until none is due (at most ``limit`` per call)."""
    report = TickReport(claimed=0, done=0, failed=0, retried=0)
    for _ in range(limit):
        checkpoint_id = await claim_one(clock.now(), worker)
        if checkpoint_id is None:
            break
        report.claimed += 1
        outcome = await work_checkpoint(checkpoint_id, settings, clock, worker)
        if outcome == "done":
            report.done += 1
        elif outcome == "waiting":
            report.waiting += 1
        elif outcome == "failed":
            report.failed += 1
        else:
            report.retried += 1
    return report


async def tick(state: Any) -> None:
    """The scheduler's entry point (``TICK_JOBS`` in :mod:`training.routes`)."""
    worker = state.get("training_worker")
    if worker is None:  # one id per app instance, so two instances never share a claim
        worker = state["training_worker"] = f"{WORKER_ID}:{uuid.uuid4().hex[:6]}"
    report = await run_due_checkpoints(state.settings, state.clock, worker)
    if report.claimed:
        log.info(
            "checkpoints: %s claimed, %s done, %s retried, %s failed",
            report.claimed,
            report.done,
            report.retried,
            report.failed,
        )
