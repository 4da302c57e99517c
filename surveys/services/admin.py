"""Survey administration: create, edit (versions), recipients, send, progress, close, export."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

import msgspec

from app.auth.schemas import Staff
from app.clock import Clock
from app.db import db_datetime, is_postgres, write_transaction
from app.errors import Conflict, InputError, NotFound
from app.settings import Settings
from surveys.questions import QuestionError, template_questions, validate_questions
from surveys.recipients import RecipientsRejected, parse_csv, validate_recipients
from surveys.schemas import (
    CustomerResponse,
    ImportReport,
    Progress,
    PublicTitle,
    Question,
    RecipientIn,
    RowError,
    Skipped,
    SurveyCreate,
    SurveySummary,
    SurveyUpdate,
)
from surveys.schemas import Survey as SurveyOut
from surveys.services.common import (
    account_of,
    audience_of,
    check_access,
    chunks,
    decode_questions,
    encode_questions,
    load_json,
    summary_out,
    survey_out,
    survey_row,
    version_questions,
    visible_audiences,
)
from surveys.services.outbox import OutboxService, mail_of
from surveys.tables import Contact, Invitation, OutboxMessage, Response, Survey, SurveyVersion
from surveys.window import format_weekdays, is_known_timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in a text cell (numbers pass unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def in_holdout(seed: str, email: str, share: float) -> bool:
    """Deterministic, uniform assignment to the no-incentive holdout group."""
    digest = hashlib.sha256(f"{seed}:{email}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def _one_line(text: str) -> str:
    """Titles and names go into mail headers: one line, single spaces."""
    return " ".join(text.split())


def _check_window(start: int, end: int, weekdays: Sequence[int]) -> None:
    if start >= end:
        raise InputError("window_end_hour", "the sending window must end after it starts")
    if not weekdays:
        raise InputError("window_weekdays", "allow at least one weekday")


class SurveyService:
    """Everything staff (or another package) can do with surveys, without HTTP.

    ``staff=None`` means an internal caller (for example the training package creating
    workshop checkpoint surveys), which is not subject to role checks.
    """

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock

    # ------------------------------------------------------------------ surveys

    async def create(self, data: SurveyCreate, staff: Staff | None = None) -> SurveyOut:
        """Create a draft survey from its kind's template (or the given questions)."""
        audience = audience_of(data.kind) if data.kind == "enps" else data.audience
        audience = audience or audience_of(data.kind)
        check_access(staff, audience, manage=True)
        try:
            questions = (
                validate_questions(data.questions)
                if data.questions is not None
                else template_questions(data.kind, data.subject, data.drivers, data.subject_ja)
            )
        except QuestionError as exc:
            raise InputError(exc.field, exc.detail) from None
        timezone = data.timezone or self.settings.timezone
        if not is_known_timezone(timezone):
            raise InputError("timezone", f"unknown time zone {timezone!r}")
        _check_window(data.window_start_hour, data.window_end_hour, data.window_weekdays)
        now = self.clock.now()
        if data.closes_at is not None and data.closes_at.tzinfo is None:
            raise InputError("closes_at", "give a time zone (for example 2026-12-01T09:00:00Z)")
        async with write_transaction():
            title = data.public_title or PublicTitle()
            survey = Survey(
                name=data.name.strip(),
                public_title_en=_one_line(title.en),
                public_title_ja=_one_line(title.ja),
                org_name=_one_line(data.org_name),
                sender_name=_one_line(data.sender_name),
                kind=data.kind,
                status="draft",
                audience=audience,
                current_version=1,
                timezone=timezone,
                window_start_hour=data.window_start_hour,
                window_end_hour=data.window_end_hour,
                window_weekdays=format_weekdays(data.window_weekdays),
                reminder_count=data.reminder_count,
                reminder_interval_days=data.reminder_interval_days,
                contact_frequency_days=data.contact_frequency_days,
                holdout_share=data.holdout_share,
                holdout_seed=hashlib.sha256(
                    f"{now.isoformat()}{random.random()}".encode()
                ).hexdigest()[:16],
                workshop_id=data.workshop_id,
                checkpoint_days=data.checkpoint_days,
                created_by=staff.id if staff else None,
                created_at=now,
                closes_at=data.closes_at,
            )
            await survey.save()
            await SurveyVersion(
                survey=survey.id, number=1, questions=encode_questions(questions), created_at=now
            ).save()
        return await self.get(survey.id)

    async def create_from_template(
        self,
        kind: str,
        name: str,
        *,
        subject: str | None = None,
        staff: Staff | None = None,
        **options: Any,
    ) -> SurveyOut:
        """Shortcut for other packages: ``create(SurveyCreate(name=…, kind=…, **options))``."""
        data = msgspec.convert(
            {"name": name, "kind": kind, "subject": subject, **options}, SurveyCreate
        )
        return await self.create(data, staff)

    async def list_surveys(self, staff: Staff | None = None) -> list[SurveySummary]:
        """Surveys the caller may see, newest first."""
        rows = (
            await Survey.select()
            .where(Survey.audience.is_in(visible_audiences(staff)))
            .order_by(Survey.id, ascending=False)
        )
        return [summary_out(r) for r in rows]

    async def get(self, survey_id: int, staff: Staff | None = None) -> SurveyOut:
        row = await survey_row(survey_id)
        check_access(staff, row["audience"], manage=False)
        return survey_out(row, await version_questions(survey_id, row["current_version"]))

    async def customer_response(
        self, survey_id: int, response_id: int, staff: Staff | None = None
    ) -> CustomerResponse:
        """One answer of a customer survey with the customer's identity (for follow-up).

        Employee surveys have none to give: their answers are confidential (404).
        """
        survey = await survey_row(survey_id)
        check_access(staff, survey["audience"], manage=False)
        if survey["audience"] != "customer" or survey["kind"] == "enps":
            raise NotFound("no such answer")
        row = (
            await Response.select(
                Response.id,
                Response.nps_score,
                Response.comment,
                Response.answers,
                Response.attributes,
                Response.language,
                Response.submitted_at,
                Response.invitation._.contact._.name.as_alias("customer_name"),
                Response.invitation._.contact._.email.as_alias("customer_email"),
            )
            .where((Response.id == response_id) & (Response.survey == survey_id))
            .first()
        )
        if row is None:
            raise NotFound("no such answer")
        attributes = load_json(row["attributes"], {})
        return CustomerResponse(
            id=row["id"],
            survey_id=survey_id,
            survey_name=survey["name"],
            customer_name=row["customer_name"] or "",
            customer_email=row["customer_email"] or "",
            account=account_of(attributes),
            owner_email=next(
                (str(attributes[k]) for k in ("owner_email", "owner") if attributes.get(k)), None
            ),
            nps_score=row["nps_score"],
            comment=row["comment"] or "",
            answers=load_json(row["answers"], {}),
            attributes=attributes,
            language=row["language"],
            submitted_at=row["submitted_at"],
        )

    async def update(
        self, survey_id: int, data: SurveyUpdate, staff: Staff | None = None
    ) -> SurveyOut:
        """Change settings; new questions on a sent survey become a new version."""
        row = await survey_row(survey_id)
        check_access(staff, row["audience"], manage=True)
        if row["status"] == "closed":
            raise Conflict("status", "a closed survey cannot be edited; clone it instead")
        values: dict[Any, Any] = {}
        simple = {
            "name": Survey.name,
            "reminder_count": Survey.reminder_count,
            "reminder_interval_days": Survey.reminder_interval_days,
            "contact_frequency_days": Survey.contact_frequency_days,
            "holdout_share": Survey.holdout_share,
            "window_start_hour": Survey.window_start_hour,
            "window_end_hour": Survey.window_end_hour,
        }
        for name, column in simple.items():
            value = getattr(data, name)
            if value is not msgspec.UNSET:
                values[column] = value.strip() if isinstance(value, str) else value
        if data.public_title is not msgspec.UNSET:
            values[Survey.public_title_en] = _one_line(data.public_title.en)
            values[Survey.public_title_ja] = _one_line(data.public_title.ja)
        for column, text in (
            (Survey.org_name, data.org_name),
            (Survey.sender_name, data.sender_name),
        ):
            if text is not msgspec.UNSET:
                values[column] = _one_line(text)
        if data.window_weekdays is not msgspec.UNSET:
            values[Survey.window_weekdays] = format_weekdays(data.window_weekdays)
        if data.timezone is not msgspec.UNSET:
            if not is_known_timezone(data.timezone):
                raise InputError("timezone", f"unknown time zone {data.timezone!r}")
            values[Survey.timezone] = data.timezone
        if data.closes_at is not msgspec.UNSET:
            if data.closes_at is not None and data.closes_at.tzinfo is None:
                raise InputError("closes_at", "give a time zone")
            values[Survey.closes_at] = data.closes_at
        _check_window(
            values.get(Survey.window_start_hour, row["window_start_hour"]),
            values.get(Survey.window_end_hour, row["window_end_hour"]),
            sorted(set(values.get(Survey.window_weekdays, row["window_weekdays"]))),
        )
        new_questions: list[Question] | None = None
        if data.questions is not msgspec.UNSET:
            try:
                new_questions = validate_questions(data.questions)
            except QuestionError as exc:
                raise InputError(exc.field, exc.detail) from None
        now = self.clock.now()
        async with write_transaction():
            if new_questions is not None:
                current = await version_questions(survey_id, row["current_version"])
                if current != new_questions:
                    answered = await Response.exists().where(Response.survey == survey_id)
                    if row["status"] == "draft" and not answered:
                        await SurveyVersion.update(
                            {SurveyVersion.questions: encode_questions(new_questions)}
                        ).where(
                            (SurveyVersion.survey == survey_id)
                            & (SurveyVersion.number == row["current_version"])
                        )
                    else:
                        number = row["current_version"] + 1
                        await SurveyVersion(
                            survey=survey_id,
                            number=number,
                            questions=encode_questions(new_questions),
                            created_at=now,
                        ).save()
                        values[Survey.current_version] = number
            if values:
                await Survey.update(values).where(Survey.id == survey_id)
        return await self.get(survey_id)

    async def close(self, survey_id: int, staff: Staff | None = None) -> SurveyOut:
        """Close now: links answer 410 and queued emails are cancelled."""
        row = await survey_row(survey_id)
        check_access(staff, row["audience"], manage=True)
        await self._close([survey_id])
        return await self.get(survey_id)

    async def reopen(self, survey_id: int, staff: Staff | None = None) -> SurveyOut:
        """Open a closed survey again: its links take answers again (a closing date already
        past is cleared, or the tick would close it at once). Reminders cancelled by the
        close stay cancelled; send again to queue invitations for new recipients."""
        row = await survey_row(survey_id)
        check_access(staff, row["audience"], manage=True)
        if row["status"] != "closed":
            raise Conflict("status", "only a closed survey can be reopened")
        values: dict[Any, Any] = {Survey.status: "live", Survey.closed_at: None}
        closes_at = row["closes_at"]
        if closes_at is not None and db_datetime(closes_at) <= self.clock.now():
            values[Survey.closes_at] = None
        await Survey.update(values).where((Survey.id == survey_id) & (Survey.status == "closed"))
        return await self.get(survey_id)

    async def _close(self, survey_ids: list[int]) -> None:
        now = self.clock.now()
        async with write_transaction():
            await Survey.update({Survey.status: "closed", Survey.closed_at: now}).where(
                Survey.id.is_in(survey_ids) & (Survey.status != "closed")
            )
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "cancelled",
                    OutboxMessage.body: "",
                    OutboxMessage.alt_body: "",
                }
            ).where(OutboxMessage.survey.is_in(survey_ids) & (OutboxMessage.status == "pending"))

    async def close_due(self) -> int:
        """Close live surveys whose ``closes_at`` has passed (tick job)."""
        rows = await Survey.select(Survey.id).where(
            (Survey.status == "live")
            & Survey.closes_at.is_not_null()
            & (Survey.closes_at <= self.clock.now())
        )
        if rows:
            await self._close([r["id"] for r in rows])
        return len(rows)

    async def clone(self, survey_id: int, staff: Staff | None = None) -> SurveyOut:
        """A new draft with the same settings and current questions, without recipients."""
        source = await self.get(survey_id, staff)
        check_access(staff, source.audience, manage=True)
        data = SurveyCreate(
            name=f"{source.name} (copy)"[:200],
            kind=source.kind,  # type: ignore[arg-type]
            audience=source.audience,  # type: ignore[arg-type]
            public_title=source.public_title,
            org_name=source.org_name,
            sender_name=source.sender_name,
            questions=source.questions,
            timezone=source.timezone,
            window_start_hour=source.window_start_hour,
            window_end_hour=source.window_end_hour,
            window_weekdays=source.window_weekdays,
            reminder_count=source.reminder_count,
            reminder_interval_days=source.reminder_interval_days,
            contact_frequency_days=source.contact_frequency_days,
            holdout_share=source.holdout_share,
            workshop_id=source.workshop_id,
            checkpoint_days=source.checkpoint_days,
        )
        return await self.create(data, staff)

    # ------------------------------------------------------------------ recipients

    async def import_csv(
        self,
        survey_id: int,
        data: bytes,
        staff: Staff | None = None,
        respect_contact_frequency: bool = True,
    ) -> ImportReport:
        """Parse a recipients CSV; raises :class:`RecipientsRejected` naming every bad row."""
        row = await survey_row(survey_id)
        check_access(staff, row["audience"], manage=True)
        recipients = parse_csv(data)
        return await self.add_recipients(
            survey_id, recipients, respect_contact_frequency, staff, _validated=True
        )

    async def add_recipients(
        self,
        survey_id: int,
        recipients: Sequence[RecipientIn],
        respect_contact_frequency: bool = True,
        staff: Staff | None = None,
        _validated: bool = False,
    ) -> ImportReport:
        """Invite people to a survey; on a live survey their emails are queued at once.

        Opted-out people, people already invited to this survey and (when
        ``respect_contact_frequency``) people invited to any survey within the survey's
        contact-frequency days are skipped and reported. Any bad row rejects the whole list
        (:class:`RecipientsRejected`).
        """
        survey = await survey_row(survey_id)
        check_access(staff, survey["audience"], manage=True)
        if survey["status"] == "closed":
            raise Conflict("status", "the survey is closed")
        cleaned = list(recipients) if _validated else validate_recipients(recipients)
        if not cleaned:
            raise RecipientsRejected([RowError(row=0, column=None, reason="no recipients")])
        now = self.clock.now()
        skipped: list[Skipped] = []
        invited_ids: list[int] = []
        async with write_transaction():
            contacts = await self._upsert_contacts(cleaned, now)
            contact_ids = [c["id"] for c in contacts.values()]
            already: set[int] = set()
            recent: set[int] = set()
            for chunk in chunks(contact_ids, 500):
                rows = await Invitation.select(
                    Invitation.contact, Invitation.survey, Invitation.created_at
                ).where(Invitation.contact.is_in(list(chunk)))
                days = survey["contact_frequency_days"]
                for r in rows:
                    if r["survey"] == survey_id:
                        already.add(r["contact"])
                    elif days and r["created_at"] > now - dt.timedelta(days=days):
                        recent.add(r["contact"])
            new_invitations: list[Invitation] = []
            for recipient in cleaned:
                contact = contacts[recipient.email]
                if contact["opted_out_at"] is not None:
                    skipped.append(Skipped(email=recipient.email, reason="opted_out"))
                elif contact["id"] in already:
                    skipped.append(Skipped(email=recipient.email, reason="already_invited"))
                elif respect_contact_frequency and contact["id"] in recent:
                    skipped.append(Skipped(email=recipient.email, reason="contact_frequency"))
                else:
                    new_invitations.append(
                        Invitation(
                            survey=survey_id,
                            contact=contact["id"],
                            attributes=dict(recipient.attributes),
                            language=recipient.language,
                            status="new",
                            holdout=in_holdout(
                                survey["holdout_seed"], recipient.email, survey["holdout_share"]
                            ),
                            created_at=now,
                        )
                    )
            for part in chunks(new_invitations, 200):
                inserted = (
                    await Invitation.insert(*part)
                    .on_conflict(action="DO NOTHING")
                    .returning(Invitation.id)
                )
                invited_ids.extend(r["id"] for r in inserted)
            queued = 0
            if survey["status"] == "live" and invited_ids:
                queued = await self._queue(survey, invited_ids, None)
        return ImportReport(
            received=len(cleaned), invited=len(invited_ids), queued=queued, skipped=skipped
        )

    async def _upsert_contacts(
        self, recipients: list[RecipientIn], now: dt.datetime
    ) -> dict[str, dict[str, Any]]:
        contacts: dict[str, dict[str, Any]] = {}
        for part in chunks(recipients, 200):
            rows = [
                Contact(
                    email=r.email,
                    name=r.name,
                    language=r.language,
                    timezone=r.timezone,
                    created_at=now,
                )
                for r in part
            ]
            returned = (
                await Contact.insert(*rows)
                .on_conflict(
                    target=Contact.email,
                    action="DO UPDATE",
                    values=[Contact.name, Contact.language, Contact.timezone],
                )
                .returning(Contact.id, Contact.email, Contact.opted_out_at)
            )
            for r in returned:
                contacts[r["email"]] = r
        return contacts

    async def _queue(
        self, survey: dict[str, Any], invitation_ids: list[int], at: dt.datetime | None
    ) -> int:
        questions = await version_questions(survey["id"], survey["current_version"])
        survey = {**survey, "_mail": mail_of(survey, questions, self.settings)}
        return await OutboxService(self.settings, self.clock).queue_invitations(
            survey, invitation_ids, at
        )

    # ------------------------------------------------------------------ sending

    async def send(
        self, survey_id: int, at: dt.datetime | None = None, staff: Staff | None = None
    ) -> Progress:
        """Make the survey live and queue every not-yet-queued invitation (now or at ``at``)."""
        survey = await survey_row(survey_id)
        check_access(staff, survey["audience"], manage=True)
        if survey["status"] == "closed":
            raise Conflict("status", "the survey is closed")
        if at is not None and at.tzinfo is None:
            raise InputError("at", "give a time zone (for example 2026-12-01T09:00:00Z)")
        if not await Invitation.exists().where(Invitation.survey == survey_id):
            # A live survey with nobody to ask counts as running and reaches no one.
            raise Conflict("recipients", "add recipients before sending: the survey has none")
        now = self.clock.now()
        async with write_transaction():
            await Survey.update({Survey.status: "live", Survey.sent_at: now}).where(
                (Survey.id == survey_id) & (Survey.status == "draft")
            )
            survey["status"] = "live"
            pending = await Invitation.select(Invitation.id).where(
                (Invitation.survey == survey_id) & (Invitation.status == "new")
            )
            if pending:
                await self._queue(survey, [r["id"] for r in pending], at)
        return await self.progress(survey_id)

    async def attribute_names(self, survey_id: int, staff: Staff | None = None) -> list[str]:
        """The attribute columns this survey's recipients came with (for breakdowns)."""
        row = await survey_row(survey_id)
        check_access(staff, row["audience"], manage=False)
        if is_postgres():
            sql = (
                "SELECT DISTINCT jsonb_object_keys(attributes::jsonb) AS name "
                "FROM invitation WHERE survey = {}"
            )
        else:
            sql = (
                "SELECT DISTINCT j.key AS name FROM invitation, json_each(invitation.attributes) j "
                "WHERE invitation.survey = {}"
            )
        rows = await Invitation.raw(sql, survey_id)
        return sorted(str(r["name"]) for r in rows)

    async def progress(self, survey_id: int, staff: Staff | None = None) -> Progress:
        """Counts of invitations by delivery state, answers and opt-outs."""
        survey = await survey_row(survey_id)
        check_access(staff, survey["audience"], manage=False)
        rows = await Invitation.raw(
            "SELECT i.status AS status, COUNT(*) AS n, "
            "SUM(CASE WHEN i.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered, "
            "SUM(CASE WHEN c.opted_out_at IS NOT NULL OR i.opted_out_at IS NOT NULL "
            "THEN 1 ELSE 0 END) AS opted_out "
            "FROM invitation i JOIN contact c ON c.id = i.contact "
            "WHERE i.survey = {} GROUP BY i.status",
            survey_id,
        )
        by_status: Counter[str] = Counter()
        answered = opted_out = 0
        for r in rows:
            by_status[r["status"]] += int(r["n"])
            answered += int(r["answered"] or 0)
            opted_out += int(r["opted_out"] or 0)
        sent = by_status["sent"]
        return Progress(
            survey_id=survey_id,
            status=survey["status"],
            invitations=sum(by_status.values()),
            not_queued=by_status["new"],
            queued=by_status["queued"],
            sent=sent,
            failed=by_status["failed"],
            bounced=by_status["bounced"],
            answered=answered,
            opted_out=opted_out,
            response_rate=round(answered / sent, 4) if sent else None,
        )

    # ------------------------------------------------------------------ export

    async def export_csv(self, survey_id: int, staff: Staff | None = None) -> str:
        """Answers as CSV (formula-safe); eNPS answers leave through the disclosure guard."""
        survey = await survey_row(survey_id)
        check_access(staff, survey["audience"], manage=False)
        anonymous = survey["kind"] == "enps" or survey["audience"] == "employee"
        if anonymous:
            # employee answers leave only through the disclosure guard (k-anonymous rows)
            from surveys import guard_hooks

            return await guard_hooks.confidential_export(self.settings, survey_id)
        versions = (
            await SurveyVersion.select(SurveyVersion.questions)
            .where(SurveyVersion.survey == survey_id)
            .order_by(SurveyVersion.number)
        )
        keys: list[str] = []
        for version in versions:
            for question in decode_questions(version["questions"]):
                if question.key not in keys:
                    keys.append(question.key)
        rows = (
            await Response.select(
                Response.id,
                Response.version,
                Response.answers,
                Response.nps_score,
                Response.comment,
                Response.language,
                Response.attributes,
                Response.sentiment_polarity,
                Response.sentiment_label,
                Response.submitted_at,
                Response.updated_at,
                Response.invitation._.contact._.email.as_alias("email"),
                Response.invitation._.contact._.name.as_alias("name"),
            )
            .where(Response.survey == survey_id)
            .order_by(Response.id)
        )
        records = [
            {
                **r,
                "answers": load_json(r["answers"], {}),
                "attributes": load_json(r["attributes"], {}),
            }
            for r in rows
        ]
        attribute_keys = sorted({k for r in records for k in r["attributes"]})
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        identity = ["response_id", "email", "name", "submitted_at"]
        header = [
            *identity,
            "version",
            "language",
            "nps_score",
            *keys,
            "sentiment_label",
            "sentiment_polarity",
            *attribute_keys,
        ]
        writer.writerow(header)
        for r in records:
            ident = [r["id"], r["email"], r["name"], r["submitted_at"].isoformat()]
            answers = [
                ";".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (r["answers"].get(k) for k in keys)
            ]
            writer.writerow(
                [
                    csv_safe(c)
                    for c in [
                        *ident,
                        r["version"],
                        r["language"],
                        "" if r["nps_score"] is None else r["nps_score"],
                        *answers,
                        r["sentiment_label"] or "",
                        "" if r["sentiment_polarity"] is None else r["sentiment_polarity"],
                        *(r["attributes"].get(k, "") for k in attribute_keys),
                    ]
                ]
            )
        return buffer.getvalue()
