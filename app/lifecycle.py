"""Data lifecycle: backups and restores, retention of old answers, erasure of a person.

* **Backup / restore.** SQLite: the online backup API (:meth:`sqlite3.Connection.backup`)
  copies a consistent snapshot while the service keeps running. PostgreSQL: ``pg_dump
  --format=custom`` and ``pg_restore --clean``; :func:`pg_dump_command` builds the command
  (password passed in the environment, never on the command line).
* **Retention** (``VOC_RETENTION_DAYS``, run by the tick at most hourly, or ``voc retention``):
  an answer untouched for N days is *anonymised*: its invitation moves to a placeholder
  contact of its own, its link stops working, identifying attributes are dropped and the
  email rows keep no address. Scores, answers, comments, segments and counts stay, so every
  aggregate is unchanged. ``voc retention --delete`` deletes such answers instead.
* **Erasure** (``voc erase --email``): a respondent's identity goes everywhere it is stored
  (contact, invitations, answers' free text and attributes, queued emails, workshop
  participants), while the answers stay counted in every score.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from app.clock import Clock
from app.db import is_postgres, sqlite_path, write_transaction

log = logging.getLogger("voc.lifecycle")

ANONYMISED_DOMAIN = "anonymised.invalid"
ERASED_DOMAIN = "erased.invalid"
#: Attribute keys that name a person rather than a group; dropped on anonymisation.
PERSONAL_ATTRIBUTES = frozenset({"participant_id", "email", "name"})
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
RETENTION_EVERY = dt.timedelta(hours=1)
BATCH = 500


# --------------------------------------------------------------------------- backup/restore


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    command: list[str] | None = None
    """The ``pg_dump``/``pg_restore`` command (PostgreSQL), without any password."""
    ran: bool = True


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite database, taken with the online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=1024)
            # A self-contained file: no WAL beside it to lose when it is copied away.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    _check_sqlite(partial)
    os.chmod(partial, 0o600)  # personal data: owner-only, whatever the umask
    os.replace(partial, target)
    return target


def _check_sqlite(path: Path) -> None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {
                r[0]
                for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{path} is not a SQLite database: {exc}") from None
    if not result or result[0] != "ok":
        raise ValueError(f"{path} failed the integrity check: {result}")
    if "survey_response" not in tables or "staff_user" not in tables:
        raise ValueError(f"{path} is not a voc database (no survey_response/staff_user tables)")


def restore_sqlite(backup: Path, target: Path) -> Path:
    """Replace the database at ``target`` with ``backup``, page by page, under its lock.

    The backup is checked first, so a bad file never overwrites good data. Instances still
    running see the restored data on their next query; stop them first if the restore goes
    back in time past messages they have sent since.
    """
    _check_sqlite(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as src:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst, pages=1024)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    return target


def _pg_env(database_url: str) -> tuple[dict[str, str], str]:
    parsed = urlparse(database_url)
    env = dict(os.environ)
    if parsed.hostname:
        env["PGHOST"] = parsed.hostname
    if parsed.port:
        env["PGPORT"] = str(parsed.port)
    if parsed.username:
        env["PGUSER"] = unquote(parsed.username)
    if parsed.password:
        env["PGPASSWORD"] = unquote(parsed.password)
    database = parsed.path.lstrip("/") or "postgres"
    env["PGDATABASE"] = database
    return env, database


def pg_dump_command(target: Path) -> list[str]:
    return ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]


def pg_restore_command(backup: Path, database: str) -> list[str]:
    return [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--dbname",
        database,
        str(backup),
    ]


def default_backup_path(var_dir: Path, postgres: bool, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return var_dir / "backups" / f"voc-{stamp}.{'dump' if postgres else 'sqlite3'}"


def backup(database_url: str, target: Path, run: bool = True) -> BackupResult:
    """Back up the configured database to ``target`` (PostgreSQL only when ``pg_dump`` runs)."""
    if database_url.startswith("sqlite"):
        return BackupResult(backup_sqlite(sqlite_path(database_url), target))
    command = pg_dump_command(target)
    if not run or shutil.which("pg_dump") is None:
        return BackupResult(target, command, ran=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    env, _ = _pg_env(database_url)
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return BackupResult(target, command)


def restore(database_url: str, source: Path, run: bool = True) -> BackupResult:
    """Restore ``source`` into the configured database."""
    if not source.exists():
        raise ValueError(f"no backup at {source}")
    if database_url.startswith("sqlite"):
        return BackupResult(restore_sqlite(source, sqlite_path(database_url)))
    env, database = _pg_env(database_url)
    command = pg_restore_command(source, database)
    if not run or shutil.which("pg_restore") is None:
        return BackupResult(source, command, ran=False)
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return BackupResult(source, command)


# --------------------------------------------------------------------------- scrubbing


def _load(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str | bytes):
        try:
            return json.loads(value or "null") or default
        except ValueError:
            return default
    return value


def scrub_attributes(attributes: Any, *identities: str) -> dict[str, Any]:
    """Recipient attributes without what names one person (pure).

    Group attributes (store, team, tier, region, account …) stay, so breakdowns still count
    the answer; person keys, address-like values and values equal to the person's email or
    name go.
    """
    known = {i.strip().lower() for i in identities if i and i.strip()}
    kept: dict[str, Any] = {}
    for key, value in (_load(attributes, {}) or {}).items():
        text = str(value).strip()
        if key in PERSONAL_ATTRIBUTES or key == "owner_email":
            if key == "owner_email" and text.lower() not in known:
                kept[key] = value  # the account owner is staff, not the respondent
            continue
        if text.lower() in known or _EMAIL_LIKE.search(text):
            continue
        kept[key] = value
    return kept


async def _reindex_segments(response_ids: list[int]) -> None:
    """Bring the analytics segment index in line with scrubbed attributes."""
    if not response_ids:
        return
    try:
        from analytics.releases import scrub_released
        from analytics.segments import segment_rows
        from analytics.tables import ResponseSegment
    except ImportError:  # pragma: no cover - analytics not installed
        return
    await scrub_released(response_ids)  # eNPS releases keep a frozen copy of answers
    from surveys.tables import Response

    rows = await Response.select(
        Response.id,
        Response.survey,
        Response.attributes,
        Response.nps_score,
        Response.sentiment_label,
        Response.sentiment_polarity,
    ).where(Response.id.is_in(response_ids))
    await ResponseSegment.delete().where(ResponseSegment.response_id.is_in(response_ids))
    segments = [ResponseSegment(**s) for r in rows for s in segment_rows(r)]
    if segments:
        await ResponseSegment.insert(*segments)


# --------------------------------------------------------------------------- retention


@dataclass
class RetentionReport:
    cutoff: dt.datetime
    anonymised: int = 0
    deleted: int = 0
    contacts_removed: int = 0


_CANDIDATES = (
    "SELECT i.id AS invitation, i.contact AS contact, i.attributes AS attributes, "
    "c.email AS email, c.name AS name, c.language AS language, "
    "c.opted_out_at AS opted_out_at, r.id AS response "
    "FROM invitation i JOIN contact c ON c.id = i.contact "
    "JOIN survey s ON s.id = i.survey "
    "LEFT JOIN survey_response r ON r.invitation = i.id "
    "WHERE c.email NOT LIKE {} AND c.email NOT LIKE {} AND ("
    "(r.id IS NOT NULL AND r.updated_at < {}) OR "
    "(r.id IS NULL AND s.status = 'closed' AND COALESCE(s.closed_at, i.created_at) < {})) "
    "ORDER BY i.id LIMIT {}"
)


async def _retention_batch(cutoff: dt.datetime, delete: bool, report: RetentionReport) -> int:
    from surveys.tables import Contact, Invitation, OutboxMessage, Response, UnsubscribeLink

    lock = " FOR UPDATE OF i SKIP LOCKED" if is_postgres() else ""
    async with write_transaction():
        rows = await Invitation.raw(
            _CANDIDATES + lock,
            f"%@{ANONYMISED_DOMAIN}",
            f"%@{ERASED_DOMAIN}",
            cutoff,
            cutoff,
            BATCH,
        )
        if not rows:
            return 0
        answered: list[int] = []
        for row in rows:
            placeholder = f"anon-{row['invitation']}@{ANONYMISED_DOMAIN}"
            await Contact.insert(
                Contact(
                    email=placeholder,
                    name="",
                    language=row["language"] or "en",
                    opted_out_at=row["opted_out_at"],
                )
            ).on_conflict(target=Contact.email, action="DO NOTHING")
            holder = await Contact.select(Contact.id).where(Contact.email == placeholder).first()
            assert holder is not None
            attributes = scrub_attributes(row["attributes"], row["email"], row["name"])
            await Invitation.update(
                {
                    Invitation.contact: holder["id"],
                    Invitation.token_hash: None,
                    Invitation.attributes: json.dumps(attributes),
                }
            ).where(Invitation.id == row["invitation"])
            await UnsubscribeLink.delete().where(UnsubscribeLink.invitation == row["invitation"])
            await OutboxMessage.update(
                {
                    OutboxMessage.to_address: placeholder,
                    OutboxMessage.subject: "",
                    OutboxMessage.body: "",
                    OutboxMessage.alt_body: "",
                }
            ).where(OutboxMessage.invitation == row["invitation"])
            await OutboxMessage.update({OutboxMessage.status: "cancelled"}).where(
                (OutboxMessage.invitation == row["invitation"])
                & (OutboxMessage.status == "pending")
            )
            if row["response"] is not None:
                answered.append(int(row["response"]))
                if delete:
                    await Response.delete().where(Response.id == row["response"])
                    report.deleted += 1
                else:
                    await Response.update({Response.attributes: json.dumps(attributes)}).where(
                        Response.id == row["response"]
                    )
                    report.anonymised += 1
            else:
                report.anonymised += 1
        if delete:
            await _forget_derived(answered)
        else:
            await _reindex_segments(answered)
        # A person with no invitation left is forgotten, unless they opted out: the opt-out
        # must keep suppressing their address.
        contacts = sorted({int(r["contact"]) for r in rows})
        gone = await Contact.raw(
            "DELETE FROM contact WHERE id IN ("
            + ", ".join("{}" for _ in contacts)
            + ") AND opted_out_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM invitation WHERE invitation.contact = contact.id) "
            "RETURNING id",
            *contacts,
        )
        report.contacts_removed += len(gone)
        return len(rows)


async def _forget_derived(response_ids: list[int]) -> None:
    if not response_ids:
        return
    try:
        from analytics.releases import scrub_released
        from analytics.tables import DetractorAlert, ResponseSegment
    except ImportError:  # pragma: no cover
        return
    await scrub_released(response_ids)  # eNPS releases keep a frozen copy of answers
    await ResponseSegment.delete().where(ResponseSegment.response_id.is_in(response_ids))
    await DetractorAlert.delete().where(DetractorAlert.response_id.is_in(response_ids))


async def apply_retention(
    days: int, clock: Clock, delete: bool = False, max_batches: int = 10_000
) -> RetentionReport:
    """Anonymise (or delete) answers untouched for ``days`` days; idempotent and resumable.

    Also anonymises invitations of surveys closed more than ``days`` ago that were never
    answered. Each batch is one transaction; on PostgreSQL the rows are claimed with
    ``SKIP LOCKED`` so several instances may run it at once.
    """
    if days <= 0:
        raise ValueError("retention needs a positive number of days")
    report = RetentionReport(cutoff=clock.now() - dt.timedelta(days=days))
    for _ in range(max_batches):
        if not await _retention_batch(report.cutoff, delete, report):
            break
    if report.anonymised or report.deleted:
        log.info(
            "retention: %d anonymised, %d deleted, %d contacts removed (older than %s)",
            report.anonymised,
            report.deleted,
            report.contacts_removed,
            report.cutoff.date().isoformat(),
        )
    return report


async def retention_job(state: Any) -> None:
    """Tick job: apply ``VOC_RETENTION_DAYS`` at most once an hour per instance."""
    days = state.settings.retention_days
    if not days:
        return
    now = state.clock.now()
    last = state.get("retention_last_run")
    if last is not None and now - last < RETENTION_EVERY:
        return
    state["retention_last_run"] = now
    await apply_retention(days, state.clock)


# --------------------------------------------------------------------------- erasure


@dataclass
class ErasureReport:
    email: str
    contacts: int = 0
    invitations: int = 0
    responses: int = 0
    messages: int = 0
    participants: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.contacts or self.participants)


async def _text_keys(survey_id: int, version: int) -> set[str]:
    from surveys.services.common import version_questions

    try:
        questions = await version_questions(survey_id, version)
    except Exception:  # a missing version must not stop an erasure
        return set()
    return {q.key for q in questions if q.type == "text"}


async def erase_person(email: str, clock: Clock) -> ErasureReport:
    """Remove a respondent's identity everywhere; their answers stay counted, unnamed.

    Their contact row keeps its id (so every count that joins it is unchanged) but gets a
    placeholder address, no name and an opt-out; their links stop working; free text they
    wrote and attributes naming them are removed; queued emails to them are cancelled and
    sent ones keep no address. Staff accounts are not touched.
    """
    from surveys.tables import Contact, Invitation, OutboxMessage, Response, UnsubscribeLink

    address = email.strip().lower()
    report = ErasureReport(email=address)
    if not address:
        return report
    now = clock.now()
    async with write_transaction():
        contact = await Contact.select().where(Contact.email == address).first()
        touched: list[int] = []
        if contact is not None:
            report.contacts = 1
            placeholder = f"erased-{contact['id']}@{ERASED_DOMAIN}"
            invitations = await Invitation.select(Invitation.id, Invitation.attributes).where(
                Invitation.contact == contact["id"]
            )
            ids = [i["id"] for i in invitations]
            report.invitations = len(ids)
            for invitation in invitations:
                await Invitation.update(
                    {
                        Invitation.token_hash: None,
                        Invitation.attributes: json.dumps(
                            scrub_attributes(invitation["attributes"], address, contact["name"])
                        ),
                    }
                ).where(Invitation.id == invitation["id"])
            if ids:
                await UnsubscribeLink.delete().where(UnsubscribeLink.invitation.is_in(ids))
                await OutboxMessage.update({OutboxMessage.status: "cancelled"}).where(
                    OutboxMessage.invitation.is_in(ids)
                    & OutboxMessage.status.is_in(["pending", "in_progress"])
                )
                report.messages = await OutboxMessage.count().where(
                    OutboxMessage.invitation.is_in(ids)
                )
                await OutboxMessage.update(
                    {
                        OutboxMessage.to_address: placeholder,
                        OutboxMessage.subject: "",
                        OutboxMessage.body: "",
                        OutboxMessage.alt_body: "",
                    }
                ).where(OutboxMessage.invitation.is_in(ids))
                responses = await Response.select(
                    Response.id,
                    Response.survey,
                    Response.version,
                    Response.answers,
                    Response.attributes,
                ).where(Response.invitation.is_in(ids))
                for response in responses:
                    text_keys = await _text_keys(response["survey"], response["version"])
                    answers = {
                        k: ("" if k in text_keys and isinstance(v, str) else v)
                        for k, v in (_load(response["answers"], {}) or {}).items()
                    }
                    await Response.update(
                        {
                            Response.comment: "",
                            Response.answers: json.dumps(answers),
                            Response.attributes: json.dumps(
                                scrub_attributes(response["attributes"], address, contact["name"])
                            ),
                        }
                    ).where(Response.id == response["id"])
                    touched.append(response["id"])
                report.responses = len(responses)
            await Contact.update(
                {
                    Contact.email: placeholder,
                    Contact.name: "",
                    Contact.timezone: None,
                    Contact.opted_out_at: contact["opted_out_at"] or now,
                }
            ).where(Contact.id == contact["id"])
        # Alert emails queued about this person's answers carry their words and attributes.
        if touched:
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "cancelled",
                    OutboxMessage.body: "",
                    OutboxMessage.alt_body: "",
                }
            ).where(
                OutboxMessage.dedupe_key.is_in([f"alert:{r}" for r in touched])
                & (OutboxMessage.status == "pending")
            )
        await _reindex_segments(touched)
        report.participants = await _erase_participants(address)
        await _erase_sign_in_failures(address)
    log.info(
        "erased a person: %d invitation(s), %d answer(s), %d message(s), %d participant row(s)",
        report.invitations,
        report.responses,
        report.messages,
        report.participants,
    )
    return report


async def _erase_participants(address: str) -> int:
    try:
        from training.tables import Participant
    except ImportError:  # pragma: no cover
        return 0
    from surveys.tables import Contact

    rows = await Participant.select(Participant.id).where(Participant.email == address)
    for row in rows:
        placeholder = f"erased-p{row['id']}@{ERASED_DOMAIN}"
        await Participant.update({Participant.email: placeholder, Participant.name: ""}).where(
            Participant.id == row["id"]
        )
        # Later checkpoint surveys skip the placeholder: an opted-out contact is never mailed.
        await Contact.insert(
            Contact(email=placeholder, name="", opted_out_at=dt.datetime.now(dt.UTC))
        ).on_conflict(target=Contact.email, action="DO NOTHING")
    return len(rows)


async def _erase_sign_in_failures(address: str) -> None:
    from app.auth.tables import SignInFailure

    await SignInFailure.delete().where(
        (SignInFailure.key == f"account:{address}")
        | SignInFailure.key.like(f"account:{address}|address:%")
    )
