"""Shared helpers of the survey services: access rules, row mapping, JSON columns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import msgspec

from app.auth.audience import READ_ROLES, denial, may_manage, may_read
from app.auth.schemas import Staff
from app.errors import InputError, NotFound
from surveys.schemas import PublicTitle, Question, SurveySummary
from surveys.schemas import Survey as SurveyOut
from surveys.tables import Survey, SurveyVersion
from surveys.window import parse_weekdays

T = TypeVar("T")


class Forbidden(InputError):
    def __init__(self, detail: str) -> None:
        super().__init__(None, detail, 403)


def audience_of(kind: str) -> str:
    return "employee" if kind == "enps" else "customer"


def check_access(staff: Staff | None, audience: str, manage: bool) -> None:
    """``None`` is an internal caller (another package), which may do anything."""
    if staff is None or (may_manage if manage else may_read)(staff, audience):
        return
    raise Forbidden(denial(staff, audience, manage))


def visible_audiences(staff: Staff | None) -> list[str]:
    if staff is None or staff.role == "admin":
        return ["customer", "employee"]
    return [a for a, roles in READ_ROLES.items() if staff.role in roles]


def account_of(attributes: dict[str, Any]) -> str | None:
    """The customer account an answer belongs to: its name and id when both are known."""
    name = str(attributes.get("account_name") or attributes.get("account") or "").strip()
    ident = str(attributes.get("account_id") or attributes.get("account_external_id") or "")
    ident = ident.strip()
    if name and ident and ident != name:
        return f"{name} ({ident})"
    return name or ident or None


def load_json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str | bytes):
        return json.loads(value) if value else default
    return value


def decode_questions(value: Any) -> list[Question]:
    return msgspec.convert(load_json(value, []), list[Question])


def encode_questions(questions: Sequence[Question]) -> list[dict[str, Any]]:
    return msgspec.to_builtins(list(questions))  # type: ignore[no-any-return]


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def survey_row(survey_id: int) -> dict[str, Any]:
    row = await Survey.select().where(Survey.id == survey_id).first()
    if row is None:
        raise NotFound(f"survey {survey_id} not found")
    return row


async def version_questions(survey_id: int, number: int) -> list[Question]:
    row = (
        await SurveyVersion.select(SurveyVersion.questions)
        .where((SurveyVersion.survey == survey_id) & (SurveyVersion.number == number))
        .first()
    )
    return decode_questions(row["questions"]) if row else []


def survey_out(row: dict[str, Any], questions: list[Question]) -> SurveyOut:
    return SurveyOut(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        public_title=PublicTitle(en=row["public_title_en"], ja=row["public_title_ja"]),
        org_name=row["org_name"],
        sender_name=row["sender_name"],
        status=row["status"],
        audience=row["audience"],
        current_version=row["current_version"],
        questions=questions,
        timezone=row["timezone"],
        window_start_hour=row["window_start_hour"],
        window_end_hour=row["window_end_hour"],
        window_weekdays=sorted(parse_weekdays(row["window_weekdays"])),
        reminder_count=row["reminder_count"],
        reminder_interval_days=row["reminder_interval_days"],
        contact_frequency_days=row["contact_frequency_days"],
        holdout_share=row["holdout_share"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        closes_at=row["closes_at"],
        closed_at=row["closed_at"],
        workshop_id=row["workshop_id"],
        checkpoint_days=row["checkpoint_days"],
    )


def summary_out(row: dict[str, Any]) -> SurveySummary:
    return SurveySummary(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        status=row["status"],
        audience=row["audience"],
        current_version=row["current_version"],
        created_at=row["created_at"],
        closes_at=row["closes_at"],
    )


def ids_of(rows: Iterable[dict[str, Any]], key: str = "id") -> list[int]:
    return [int(r[key]) for r in rows]
