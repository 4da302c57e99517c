"""The training app's only contact with the surveys app, kept in one small module.

* :func:`send_checkpoint_survey` creates (once) and sends a checkpoint's survey through the
  surveys service: the ``training_feedback`` reaction survey on day 0, ``training_followup``
  after. Participants agreed to the measurement plan when they signed up, so the contact
  frequency rule is not applied (``respect_contact_frequency=False``).
* :func:`survey_answers` reads the answers of a workshop's surveys from the surveys tables,
  read-only, for the Kirkpatrick levels 1 and 3.
* :func:`incentive_spend` is the incentive cost of a workshop's surveys (Phillips cost).

Each degrades to "not available" when the surveys app does not provide what it needs, so
the effectiveness figures never depend on it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

log = logging.getLogger("voc.training.surveys")

FEEDBACK_KIND = "training_feedback"
FOLLOWUP_KIND = "training_followup"


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    attributes: dict[str, str]


def survey_kind(offset_days: int) -> str:
    return FEEDBACK_KIND if offset_days == 0 else FOLLOWUP_KIND


def _service(settings: Any, clock: Any) -> Any | None:
    try:
        from surveys.services import SurveyService
    except ImportError:
        return None
    return SurveyService(settings, clock)


def checkpoint_title(
    workshop_title: str, offset_days: int, public_title: Mapping[str, str] | None = None
) -> dict[str, str]:
    """What participants see (subject, page) instead of the internal "(+7 days)" name, in
    each language the workshop's public title where it has one."""
    en, ja = participant_names(workshop_title, public_title)
    en, ja = en[:150], ja[:150]
    if offset_days == 0:
        return {"en": f"{en}: your feedback", "ja": f"{ja}：研修アンケート"}
    return {
        "en": f"{en}: {offset_days} days on",
        "ja": f"{ja}：研修{offset_days}日後のアンケート",
    }


def participant_names(
    workshop_title: str, public_title: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The workshop's name for English and Japanese participants: each language's public
    title, else the other language's, else the staff title."""
    titles = public_title or {}
    en = (titles.get("en") or "").strip()
    ja = (titles.get("ja") or "").strip()
    return en or ja or workshop_title, ja or en or workshop_title


async def send_checkpoint_survey(
    *,
    settings: Any,
    clock: Any,
    workshop_id: int,
    workshop_title: str,
    offset_days: int,
    survey_id: int | None,
    public_title: Mapping[str, str] | None = None,
    recipients: Sequence[Recipient],
    remember_survey: Any,
    audience: str = "customer",
) -> int | None:
    """Create the checkpoint's survey if ``survey_id`` is None, add the recipients, send.

    ``remember_survey(survey_id)`` is awaited right after creation so a crash between
    creating and sending resumes with the same survey. Adding the same recipient twice and
    sending twice are no-ops in the surveys service, so a resumed checkpoint never mails a
    participant twice. ``audience`` is ``employee`` for internal workshops: their feedback is
    employee feedback, read by hr only under the eNPS anonymity rules. Returns the survey id,
    or None when the surveys app is not available.
    """
    service = _service(settings, clock)
    if service is None:
        log.warning(
            "surveys app not available: checkpoint survey of workshop %s skipped", workshop_id
        )
        return None
    from surveys.schemas import RecipientIn

    if survey_id is None:
        suffix = "day 0" if offset_days == 0 else f"+{offset_days} days"
        name_en, name_ja = participant_names(workshop_title, public_title)
        survey = await service.create_from_template(
            survey_kind(offset_days),
            f"{workshop_title} ({suffix})",
            subject=name_en,
            subject_ja=name_ja,
            workshop_id=workshop_id,
            checkpoint_days=offset_days,
            reminder_count=1,
            audience=audience,
            public_title=checkpoint_title(workshop_title, offset_days, public_title),
        )
        survey_id = int(survey.id)
        await remember_survey(survey_id)
    if recipients:
        await service.add_recipients(
            survey_id,
            [
                RecipientIn(
                    email=r.email, name=r.name, language=r.language, attributes=r.attributes
                )
                for r in recipients
            ],
            respect_contact_frequency=False,
        )
    await service.send(survey_id)
    return survey_id


async def invitation_counts(survey_id: int, on_time_until: dt.datetime) -> tuple[int, int]:
    """(people invited to a checkpoint survey, of whom queued after ``on_time_until``)."""
    try:
        from surveys.tables import Invitation
    except ImportError:
        return 0, 0
    invited = await Invitation.count().where(Invitation.survey == survey_id)
    late = await Invitation.count().where(
        (Invitation.survey == survey_id) & (Invitation.queued_at > on_time_until)
    )
    return int(invited), int(late)


@dataclass(frozen=True)
class SurveyAnswers:
    survey_id: int
    checkpoint_days: int | None
    kind: str
    invited: int
    answers: list[dict[str, Any]]
    nps_scores: list[int]
    sentiments: list[float]
    waiting: int = 0
    """Answers not in any figure yet (an employee survey's answers since its last release)."""
    floor: int = 0
    """An employee survey's anonymity floor: the highest it was ever released under."""


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return {}
    return value or {}


async def survey_answers(
    workshop_id: int, release_floor: int | None = None, comment_floor: int | None = None
) -> list[SurveyAnswers] | None:
    """Answers of every survey of a workshop (None when the surveys tables are missing).

    With ``release_floor``, employees' surveys are read from their latest eNPS release
    (:mod:`analytics.releases`) instead of live, so a figure over them moves only in batches of
    at least that many answers, never by one colleague's answer between two calls.
    """
    try:
        from surveys.tables import Invitation, Response, Survey
    except ImportError:
        return None
    try:
        surveys = await Survey.select(
            Survey.id, Survey.kind, Survey.checkpoint_days, Survey.audience, Survey.status
        ).where(Survey.workshop_id == workshop_id)
    except Exception:  # the table may not be migrated yet
        log.warning("surveys tables unavailable", exc_info=True)
        return None
    result: list[SurveyAnswers] = []
    for survey in surveys:
        rows: list[dict[str, Any]]
        waiting = floor = 0
        if release_floor is not None and survey["audience"] == "employee":
            rows, waiting, floor = await _released_rows(
                survey["id"], release_floor, survey["status"] == "closed", comment_floor
            )
        else:
            rows = await Response.select(
                Response.answers, Response.nps_score, Response.sentiment_polarity
            ).where(Response.survey == survey["id"])
        invited = await Invitation.count().where(Invitation.survey == survey["id"])
        result.append(
            SurveyAnswers(
                survey_id=survey["id"],
                checkpoint_days=survey["checkpoint_days"],
                kind=survey["kind"],
                invited=invited,
                answers=[_json(r["answers"]) for r in rows],
                nps_scores=[r["nps_score"] for r in rows if r["nps_score"] is not None],
                sentiments=[
                    r["sentiment_polarity"] for r in rows if r["sentiment_polarity"] is not None
                ],
                waiting=waiting,
                floor=floor,
            )
        )
    return result


async def _released_rows(
    survey_id: int, floor: int, closed: bool, comment_floor: int | None = None
) -> tuple[list[dict[str, Any]], int, int]:
    """The answers of an employee survey's latest release, how many are waiting, and the
    survey's floor (never lower than one it was released under)."""
    from analytics.releases import released_answers

    # the same steps as the analytics service, so both cut the same releases
    release = await released_answers(survey_id, floor, closed, comment_floor)
    return release.rows, release.waiting, release.k


async def incentive_spend(workshop_id: int, currency: str) -> Decimal:
    """Incentives committed on the workshop's surveys, in ``currency``.

    Incentives in another currency are left out (there is no exchange-rate table); their
    amounts stay visible on each survey's incentive report.
    """
    from surveys.incentives import from_minor
    from surveys.tables import Incentive

    rows = await Incentive.select(Incentive.committed_minor, Incentive.currency).where(
        Incentive.survey.workshop_id == workshop_id
    )
    minor = sum(int(r["committed_minor"]) for r in rows if r["currency"] == currency.upper())
    return from_minor(minor, currency.upper())


def now_utc(clock: Any) -> dt.datetime:
    return clock.now().astimezone(dt.UTC)


@dataclass(frozen=True)
class VoiceRow:
    """One invitation to a customer relationship survey, as the effectiveness needs it."""

    account_external_id: str
    sent_on: dt.date
    answered_on: dt.date | None
    nps_score: int | None
    opted_out_on: dt.date | None
    reminders: int


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date() if text else None


async def customer_voice_rows() -> list[VoiceRow]:
    """Every sent invitation of a customer relationship survey (``customer_nps``, audience
    ``customer``) whose recipient carries an ``account_id`` (or ``account_external_id``)
    attribute, with its answer's NPS, opt-out and reminders (:mod:`training.voice`). Employee
    surveys are never read: eNPS answers are confidential. Empty when the surveys tables are
    missing."""
    try:
        from surveys.tables import Invitation
    except ImportError:
        return []
    try:
        rows = await Invitation.raw(
            "SELECT i.attributes AS attributes, i.sent_at AS sent_at, "
            "i.answered_at AS answered_at, i.opted_out_at AS opted_out_at, "
            "i.reminders_sent AS reminders, r.nps_score AS nps_score, "
            "r.submitted_at AS submitted_at "
            "FROM invitation i JOIN survey s ON s.id = i.survey "
            "LEFT JOIN survey_response r ON r.invitation = i.id "
            "WHERE s.kind = 'customer_nps' AND s.audience = 'customer' "
            "AND i.sent_at IS NOT NULL"
        )
    except Exception:  # the tables may not be migrated yet
        log.warning("surveys tables unavailable", exc_info=True)
        return []
    out: list[VoiceRow] = []
    for r in rows:
        attributes = _json(r["attributes"])
        ident = str(attributes.get("account_id") or attributes.get("account_external_id") or "")
        sent = _day(r["sent_at"])
        if not ident.strip() or sent is None:
            continue
        # the first answer's day: an edited answer keeps the day it was given
        answered = _day(r["answered_at"]) or _day(r["submitted_at"])
        out.append(
            VoiceRow(
                account_external_id=ident.strip(),
                sent_on=sent,
                answered_on=answered,
                nps_score=r["nps_score"],
                opted_out_on=_day(r["opted_out_at"]),
                reminders=int(r["reminders"] or 0),
            )
        )
    return out
