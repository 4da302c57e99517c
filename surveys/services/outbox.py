"""The outbox: queueing survey emails and delivering them from the scheduler's tick.

Queueing happens inside the caller's transaction (with the invitation rows it belongs to).
Delivery claims due rows atomically — ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, one
``UPDATE … RETURNING`` under SQLite's write lock — so any number of app instances can tick
side by side without sending a message twice. A claim that outlives ``STALE_CLAIM`` (the
instance died) is released for another instance to pick up.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.clock import Clock
from app.db import is_postgres, write_transaction
from app.mail import (
    MailTransport,
    PermanentMailError,
    TemporaryMailError,
    make_transport,
)
from app.settings import Settings
from surveys.emails import SurveyMail, compose, incentive_label, new_message_id, survey_mail
from surveys.incentives import still_offered
from surveys.schemas import Question
from surveys.services.common import chunks
from surveys.services.incentives import IncentiveService
from surveys.services.mail_queue import queue_message
from surveys.tables import Incentive, Invitation, OutboxMessage, UnsubscribeLink
from surveys.tokens import new_token, token_hash
from surveys.window import next_window_start, parse_weekdays, zone

log = logging.getLogger("voc.surveys.outbox")

STALE_CLAIM = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 8
BATCH = 100
MAX_PER_TICK = 20_000
INSERT_CHUNK = 200


async def _offered_incentives(ids: set[int]) -> set[int]:
    """Which of these incentives still fit their budget (a mail may still mention them)."""
    if not ids:
        return set()
    rows = await Incentive.select(
        Incentive.id,
        Incentive.active,
        Incentive.committed_minor,
        Incentive.expected_cost_minor,
        Incentive.budget_minor,
    ).where(Incentive.id.is_in(sorted(ids)))
    return {r["id"] for r in rows if still_offered(r)}


def mail_of(
    survey: dict[str, Any], questions: Sequence[Question], settings: Settings
) -> SurveyMail:
    """Title, organisation, sender and main question of a survey row's emails."""
    return survey_mail(
        name=survey["name"],
        public_title_en=survey.get("public_title_en") or "",
        public_title_ja=survey.get("public_title_ja") or "",
        org_name=survey.get("org_name") or "",
        sender_name=survey.get("sender_name") or "",
        questions=questions,
        settings=settings,
    )


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each temporary failure, at most 6 hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def window_for(survey: dict[str, Any], contact_timezone: str | None, default_tz: str) -> Any:
    tz = zone(contact_timezone or survey.get("timezone"), default_tz)
    weekdays = parse_weekdays(survey.get("window_weekdays") or "")
    start, end = survey.get("window_start_hour", 0), survey.get("window_end_hour", 24)

    def place(moment: dt.datetime) -> dt.datetime:
        return next_window_start(moment, tz, start, end, weekdays)

    return place


@dataclass
class DeliveryStats:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    bounced: int = 0
    cancelled: int = 0
    deferred: int = 0
    released: int = 0
    errors: list[str] = field(default_factory=list)


def _worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class OutboxService:
    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        transport_factory: Callable[[Settings], MailTransport] = make_transport,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.transport_factory = transport_factory
        self.worker = _worker_id()

    # ------------------------------------------------------------------ queueing

    async def queue_invitations(
        self, survey: dict[str, Any], invitation_ids: Sequence[int], at: dt.datetime | None
    ) -> int:
        """Give each ``new`` invitation a token and queue its email and reminders.

        Runs inside the caller's write transaction. Returns how many were queued; invitations
        already queued (a concurrent ``send``) are left alone.
        """
        now = self.clock.now()
        base = max(now, at) if at else now
        queued = 0
        offered = await IncentiveService(self.clock).is_offered(survey["id"])
        survey = {**survey, "_incentive": offered}
        for chunk in chunks(list(invitation_ids), 500):
            claimed = await Invitation.raw(
                "UPDATE invitation SET status = 'queued', queued_at = {} "
                f"WHERE status = 'new' AND id IN ({', '.join('{}' for _ in chunk)}) "
                "RETURNING id",
                now,
                *chunk,
            )
            ids = [r["id"] for r in claimed]
            if not ids:
                continue
            rows = await Invitation.select(
                Invitation.id,
                Invitation.language,
                Invitation.holdout,
                Invitation.contact.email.as_alias("email"),
                Invitation.contact.name.as_alias("name"),
                Invitation.contact.timezone.as_alias("contact_timezone"),
            ).where(Invitation.id.is_in(ids))
            messages: list[OutboxMessage] = []
            tokens: list[tuple[int, str, dt.datetime | None]] = []
            opt_outs: list[UnsubscribeLink] = []
            for row in rows:
                token_row, opt_out, planned = self._invitation_messages(survey, row, base, now)
                tokens.append(token_row)
                opt_outs.append(opt_out)
                messages.extend(planned)
            await self._set_tokens(tokens)
            for links in chunks(opt_outs, INSERT_CHUNK):
                await UnsubscribeLink.insert(*links)
            for part in chunks(messages, INSERT_CHUNK):
                await OutboxMessage.insert(*part).on_conflict(action="DO NOTHING")
            queued += len(ids)
        return queued

    async def _set_tokens(self, tokens: list[tuple[int, str, dt.datetime | None]]) -> None:
        """Store token hashes and first reminder times, 200 invitations per statement."""
        cast = "::timestamptz" if is_postgres() else ""
        for part in chunks(tokens, 200):
            hashes = " ".join("WHEN {} THEN {}" for _ in part)
            reminders = " ".join(f"WHEN {{}} THEN {{}}{cast}" for _ in part)
            ids = ", ".join("{}" for _ in part)
            args: list[Any] = []
            for invitation_id, hashed, _ in part:
                args += [invitation_id, hashed]
            for invitation_id, _, reminder in part:
                args += [invitation_id, reminder]
            args += [i for i, _, _ in part]
            await Invitation.raw(
                f"UPDATE invitation SET token_hash = CASE id {hashes} END, "
                f"next_reminder_at = CASE id {reminders} END WHERE id IN ({ids})",
                *args,
            )

    def _invitation_messages(
        self, survey: dict[str, Any], row: dict[str, Any], base: dt.datetime, now: dt.datetime
    ) -> tuple[tuple[int, str, dt.datetime | None], UnsubscribeLink, list[OutboxMessage]]:
        token = new_token()
        unsubscribe_token = new_token()
        place = window_for(survey, row["contact_timezone"], self.settings.timezone)
        first = place(base)
        mail_survey: SurveyMail = survey["_mail"]
        messages = []
        reminder_times = [
            place(first + dt.timedelta(days=survey["reminder_interval_days"] * k))
            for k in range(1, survey["reminder_count"] + 1)
        ]
        # The holdout is offered nothing; everyone else sees the thank-you while the budget
        # lasts. The variant without it is kept for when the budget runs out before sending.
        incentive = None if row.get("holdout") else survey.get("_incentive")
        for sequence, when in enumerate([first, *reminder_times]):
            kind = "invitation" if sequence == 0 else "reminder"
            message_id = new_message_id(mail_survey.mail_from)
            variants = [incentive, None] if incentive else [None]
            composed = [
                compose(
                    kind=kind,
                    language=row["language"],
                    survey=mail_survey,
                    to_email=row["email"],
                    to_name=row["name"],
                    base_url=self.settings.base_url,
                    token=token,
                    unsubscribe_token=unsubscribe_token,
                    now=when,
                    message_id=message_id,
                    incentive_name=incentive_label(variant, row["language"]) if variant else None,
                )
                for variant in variants
            ]
            mail = composed[0]
            messages.append(
                OutboxMessage(
                    dedupe_key=f"{kind}:{row['id']}:{sequence}",
                    survey=survey["id"],
                    invitation=row["id"],
                    kind=kind,
                    sequence=sequence,
                    to_address=row["email"],
                    subject=mail.subject[:300],
                    body=mail.raw,
                    alt_body=composed[1].raw if incentive else "",
                    incentive_id=incentive["id"] if incentive else None,
                    message_id=mail.message_id,
                    status="pending",
                    not_before=when,
                    next_attempt_at=when,
                    created_at=now,
                )
            )
        first_reminder = reminder_times[0] if reminder_times else None
        opt_out = UnsubscribeLink(
            invitation=row["id"], token_hash=token_hash(unsubscribe_token), created_at=now
        )
        return (row["id"], token_hash(token), first_reminder), opt_out, messages

    # ------------------------------------------------------------------ delivery

    async def release_stale(self) -> int:
        cutoff = self.clock.now() - STALE_CLAIM
        rows = await OutboxMessage.raw(
            "UPDATE outbox_message SET status = 'pending', claimed_by = NULL "
            "WHERE status = 'in_progress' AND claimed_at < {} RETURNING id",
            cutoff,
        )
        if rows:
            log.warning("released %d stale outbox claims", len(rows))
        return len(rows)

    async def claim(self, limit: int = BATCH) -> list[dict[str, Any]]:
        """Atomically take up to ``limit`` due messages for this worker."""
        now = self.clock.now()
        lock = " FOR UPDATE SKIP LOCKED" if is_postgres() else ""
        sql = (
            "UPDATE outbox_message SET status = 'in_progress', claimed_by = {}, claimed_at = {} "
            "WHERE id IN (SELECT id FROM outbox_message "
            "WHERE status = 'pending' AND next_attempt_at <= {} "
            f"ORDER BY next_attempt_at, id LIMIT {{}}{lock}) "
            "RETURNING id, invitation, kind, sequence, to_address, body, alt_body, incentive_id, "
            "message_id, attempts"
        )
        async with write_transaction():
            rows = await OutboxMessage.raw(sql, self.worker, now, now, limit)
        rows.sort(key=lambda r: r["id"])
        return rows

    async def _gates(self, invitation_ids: list[int]) -> dict[int, dict[str, Any]]:
        if not invitation_ids:
            return {}
        rows = await Invitation.select(
            Invitation.id,
            Invitation.status,
            Invitation.answered_at,
            Invitation.sent_at,
            Invitation.opted_out_at,
            Invitation.contact.opted_out_at.as_alias("contact_opted_out_at"),
            Invitation.contact.timezone.as_alias("contact_timezone"),
            Invitation.survey.status.as_alias("survey_status"),
            Invitation.survey.closes_at.as_alias("closes_at"),
            Invitation.survey.reminder_count.as_alias("reminder_count"),
            Invitation.survey.reminder_interval_days.as_alias("reminder_interval_days"),
            Invitation.survey.timezone.as_alias("timezone"),
            Invitation.survey.window_start_hour.as_alias("window_start_hour"),
            Invitation.survey.window_end_hour.as_alias("window_end_hour"),
            Invitation.survey.window_weekdays.as_alias("window_weekdays"),
        ).where(Invitation.id.is_in(invitation_ids))
        return {r["id"]: r for r in rows}

    def _decide(self, message: dict[str, Any], gate: dict[str, Any] | None) -> tuple[str, Any]:
        """``("send", None)``, ``("cancel", reason)`` or ``("defer", when)``."""
        if gate is None:
            return ("send", None) if message["invitation"] is None else ("cancel", "no invitation")
        now = self.clock.now()
        if gate["contact_opted_out_at"] or gate["opted_out_at"]:
            return "cancel", "opted out"
        if gate["survey_status"] == "closed" or (gate["closes_at"] and gate["closes_at"] <= now):
            return "cancel", "survey closed"
        if gate["status"] in ("bounced", "failed"):
            return "cancel", f"invitation {gate['status']}"
        if message["kind"] == "reminder":
            if gate["answered_at"] is not None:
                return "cancel", "answered"
            if message["sequence"] > gate["reminder_count"]:
                return "cancel", "reminder no longer planned"
            place = window_for(gate, gate["contact_timezone"], self.settings.timezone)
            if gate["sent_at"] is None:
                return "defer", place(now + dt.timedelta(hours=1))
            due = gate["sent_at"] + dt.timedelta(
                days=gate["reminder_interval_days"] * message["sequence"]
            )
            if due > now:
                return "defer", place(due)
        return "send", None

    async def deliver_due(self, max_messages: int = MAX_PER_TICK) -> DeliveryStats:
        """Send every due message over one transport connection; record each outcome."""
        stats = DeliveryStats()
        await self.release_stale()
        async with self.transport_factory(self.settings) as transport:
            while stats.claimed < max_messages:
                batch = await self.claim(min(BATCH, max_messages - stats.claimed))
                if not batch:
                    break
                stats.claimed += len(batch)
                connection_lost = await self._deliver_batch(transport, batch, stats)
                if connection_lost:
                    break
        return stats

    async def _deliver_batch(
        self, transport: MailTransport, batch: list[dict[str, Any]], stats: DeliveryStats
    ) -> bool:
        gates = await self._gates(sorted({m["invitation"] for m in batch if m["invitation"]}))
        offered = await _offered_incentives({m["incentive_id"] for m in batch if m["incentive_id"]})
        sent: list[dict[str, Any]] = []
        cancelled: list[int] = []
        deferred: list[tuple[int, dt.datetime]] = []
        retry: list[tuple[dict[str, Any], str]] = []
        bounced: list[tuple[dict[str, Any], str]] = []
        released: list[int] = []
        connection_lost = False
        sender = self.settings.mail_from
        for message in batch:
            if connection_lost:
                released.append(message["id"])
                continue
            try:
                gate = gates.get(message["invitation"]) if message["invitation"] else None
                action, detail = self._decide(message, gate)
                if action == "cancel":
                    cancelled.append(message["id"])
                    continue
                if action == "defer":
                    deferred.append((message["id"], detail))
                    continue
                body = message["body"]
                if message["incentive_id"] and message["incentive_id"] not in offered:
                    body = message["alt_body"] or body
                await transport.send(
                    sender,
                    message["to_address"],
                    body.encode("ascii", "surrogateescape"),
                    message["message_id"],
                )
            except PermanentMailError as exc:
                bounced.append((message, exc.detail))
            except TemporaryMailError as exc:
                retry.append((message, exc.detail))
                if exc.connection:
                    connection_lost = True
                    stats.errors.append(exc.detail)
            except Exception as exc:
                # One broken message (bad stored bytes, a bug) is retried with back-off and
                # finally marked failed; it never holds the rest of the batch.
                log.exception("outbox message %s could not be sent", message["id"])
                retry.append((message, f"error: {type(exc).__name__}: {exc}"[:200]))
            else:
                sent.append(message)
        await self._record(sent, cancelled, deferred, retry, bounced, released, gates)
        stats.sent += len(sent)
        stats.cancelled += len(cancelled)
        stats.deferred += len(deferred)
        stats.bounced += len(bounced)
        stats.released += len(released)
        for message, _ in retry:
            if message["attempts"] + 1 >= MAX_ATTEMPTS:
                stats.failed += 1
            else:
                stats.retried += 1
        return connection_lost

    async def _record(
        self,
        sent: list[dict[str, Any]],
        cancelled: list[int],
        deferred: list[tuple[int, dt.datetime]],
        retry: list[tuple[dict[str, Any], str]],
        bounced: list[tuple[dict[str, Any], str]],
        released: list[int],
        gates: dict[int, dict[str, Any]],
    ) -> None:
        now = self.clock.now()
        mine = OutboxMessage.claimed_by == self.worker
        async with write_transaction():
            if sent:
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "sent",
                        OutboxMessage.sent_at: now,
                        OutboxMessage.body: "",
                        OutboxMessage.alt_body: "",
                        OutboxMessage.attempts: OutboxMessage.attempts + 1,
                        OutboxMessage.last_error: None,
                    }
                ).where(OutboxMessage.id.is_in([m["id"] for m in sent]) & mine)
                first = [m["invitation"] for m in sent if m["kind"] == "invitation"]
                if first:
                    await Invitation.update(
                        {Invitation.status: "sent", Invitation.sent_at: now}
                    ).where(Invitation.id.is_in(first) & Invitation.status.is_in(["queued"]))
                for message in sent:
                    if message["kind"] != "reminder":
                        continue
                    gate = gates.get(message["invitation"]) or {}
                    more = message["sequence"] < gate.get("reminder_count", 0)
                    interval = dt.timedelta(days=gate.get("reminder_interval_days", 3))
                    await Invitation.update(
                        {
                            Invitation.reminders_sent: message["sequence"],
                            Invitation.next_reminder_at: now + interval if more else None,
                        }
                    ).where(Invitation.id == message["invitation"])
            if cancelled:
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "cancelled",
                        OutboxMessage.body: "",
                        OutboxMessage.alt_body: "",
                    }
                ).where(OutboxMessage.id.is_in(cancelled) & mine)
            for message_id, when in deferred:
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "pending",
                        OutboxMessage.next_attempt_at: when,
                        OutboxMessage.claimed_by: None,
                    }
                ).where((OutboxMessage.id == message_id) & mine)
            if released:
                await OutboxMessage.update(
                    {OutboxMessage.status: "pending", OutboxMessage.claimed_by: None}
                ).where(OutboxMessage.id.is_in(released) & mine)
            for message, error in retry:
                attempts = message["attempts"] + 1
                retry_gate = gates.get(message["invitation"]) if message["invitation"] else None
                if attempts >= MAX_ATTEMPTS:
                    await OutboxMessage.update(
                        {
                            OutboxMessage.status: "failed",
                            OutboxMessage.attempts: attempts,
                            OutboxMessage.last_error: error[:500],
                            OutboxMessage.body: "",
                            OutboxMessage.alt_body: "",
                        }
                    ).where((OutboxMessage.id == message["id"]) & mine)
                    if message["kind"] == "invitation" and message["invitation"]:
                        await Invitation.update({Invitation.status: "failed"}).where(
                            Invitation.id == message["invitation"]
                        )
                    continue
                when = now + backoff(attempts)
                if retry_gate is not None:
                    place = window_for(
                        retry_gate, retry_gate["contact_timezone"], self.settings.timezone
                    )
                    when = place(when)
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "pending",
                        OutboxMessage.attempts: attempts,
                        OutboxMessage.next_attempt_at: when,
                        OutboxMessage.last_error: error[:500],
                        OutboxMessage.claimed_by: None,
                    }
                ).where((OutboxMessage.id == message["id"]) & mine)
            for message, error in bounced:
                await OutboxMessage.update(
                    {
                        OutboxMessage.status: "bounced",
                        OutboxMessage.attempts: message["attempts"] + 1,
                        OutboxMessage.last_error: error[:500],
                        OutboxMessage.body: "",
                        OutboxMessage.alt_body: "",
                    }
                ).where((OutboxMessage.id == message["id"]) & mine)
                if message["invitation"]:
                    await Invitation.update(
                        {Invitation.status: "bounced", Invitation.bounced_at: now}
                    ).where(Invitation.id == message["invitation"])
                    await OutboxMessage.update(
                        {
                            OutboxMessage.status: "cancelled",
                            OutboxMessage.body: "",
                            OutboxMessage.alt_body: "",
                        }
                    ).where(
                        (OutboxMessage.invitation == message["invitation"])
                        & (OutboxMessage.status == "pending")
                    )


async def cancel_pending_for_contact(contact_id: int) -> None:
    """Stop every queued email to a person (inside the caller's transaction)."""
    invitations = Invitation.select(Invitation.id).where(Invitation.contact == contact_id)
    await OutboxMessage.update(
        {OutboxMessage.status: "cancelled", OutboxMessage.body: "", OutboxMessage.alt_body: ""}
    ).where((OutboxMessage.status == "pending") & OutboxMessage.invitation.is_in(invitations))


async def queue_staff_mail(
    *, dedupe_key: str, to: str, subject: str, raw: str, message_id: str, now: dt.datetime
) -> None:
    """Queue a ready-made staff email (a password-reset link) for the next outbox tick."""
    await queue_message(
        dedupe_key=dedupe_key,
        kind="staff",
        to=to,
        subject=subject,
        raw=raw,
        message_id=message_id,
        now=now,
    )
