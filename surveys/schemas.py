"""msgspec structs per operation of the surveys package."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from app.text import check_line, check_lines, check_text

KINDS: tuple[str, ...] = ("customer_nps", "enps", "training_feedback", "training_followup")
QUESTION_TYPES: tuple[str, ...] = ("nps", "rating", "single", "multi", "text")
Kind = Literal["customer_nps", "enps", "training_feedback", "training_followup"]
QuestionType = Literal["nps", "rating", "single", "multi", "text"]
Language = Literal["en", "ja"]

Hour = Annotated[int, Meta(ge=0, le=24)]
Weekday = Annotated[int, Meta(ge=0, le=6)]
ReminderCount = Annotated[int, Meta(ge=0, le=3)]
IntervalDays = Annotated[int, Meta(ge=1, le=60)]
FrequencyDays = Annotated[int, Meta(ge=0, le=365)]
Share = Annotated[float, Meta(ge=0.0, le=0.5)]
Name = Annotated[str, Meta(min_length=1, max_length=200)]


class LocalText(msgspec.Struct, forbid_unknown_fields=True):
    en: Annotated[str, Meta(max_length=2000)]
    ja: Annotated[str, Meta(max_length=2000)]

    def __post_init__(self) -> None:
        check_text(self.en, "text.en")
        check_text(self.ja, "text.ja")


class PublicTitle(msgspec.Struct, forbid_unknown_fields=True):
    """What respondents see as the survey's title; an empty language falls back to the other,
    then to the internal name."""

    en: Annotated[str, Meta(max_length=200)] = ""
    ja: Annotated[str, Meta(max_length=200)] = ""

    def __post_init__(self) -> None:
        check_line(self.en, "public_title.en")
        check_line(self.ja, "public_title.ja")


class Option(msgspec.Struct, forbid_unknown_fields=True):
    key: str
    text: LocalText

    def __post_init__(self) -> None:
        check_line(self.key, "options.key")


class Question(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """One question; ``key`` stays the same across versions so answers compare."""

    key: str
    type: QuestionType
    text: LocalText
    required: bool = False
    labels: dict[str, LocalText] | None = None
    """``min``/``max`` end labels of nps and rating scales."""
    scale: int = 5
    """Rating questions: 5 or 7 points."""
    options: list[Option] | None = None
    max_length: int = 5000

    def __post_init__(self) -> None:
        check_line(self.key, "questions.key")


class SurveyCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Create a survey from the template of its kind; ``questions`` replaces the template."""

    name: Name
    """Internal name, seen by staff only."""
    kind: Kind
    public_title: PublicTitle | None = None
    """The title in the email subject and on the survey page (default: ``name``)."""
    org_name: Annotated[str, Meta(max_length=200)] = ""
    """Organisation named in the emails (default ``VOC_ORG_NAME``)."""
    sender_name: Annotated[str, Meta(max_length=200)] = ""
    """Display name of the sender (default: that of ``VOC_MAIL_FROM``)."""
    subject: Annotated[str, Meta(max_length=200)] | None = None
    """Company, product or workshop named in the template questions."""
    subject_ja: Annotated[str, Meta(max_length=200)] | None = None
    """The same as named in the Japanese questions (default: ``subject``)."""
    drivers: list[str] | None = None
    """Customer NPS driver ratings (default support, product, price, onboarding)."""
    questions: list[Question] | None = None
    timezone: str | None = None
    window_start_hour: Hour = 9
    window_end_hour: Hour = 18
    window_weekdays: list[Weekday] = msgspec.field(default_factory=lambda: [0, 1, 2, 3, 4])
    reminder_count: ReminderCount = 2
    reminder_interval_days: IntervalDays = 3
    contact_frequency_days: FrequencyDays = 30
    holdout_share: Share = 0.1
    closes_at: dt.datetime | None = None
    workshop_id: int | None = None
    checkpoint_days: int | None = None
    audience: Literal["customer", "employee"] | None = None
    """Who answers: ``employee`` surveys (eNPS, feedback on internal trainings) are for ``hr``
    and follow the eNPS anonymity rules. Default by kind: eNPS is always ``employee``."""

    def __post_init__(self) -> None:
        lines = ("name", "subject", "subject_ja", "drivers", "timezone", "org_name", "sender_name")
        check_lines(self, lines)


class SurveyUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present change; new questions on a live survey make a new version."""

    name: Name | UnsetType = UNSET
    public_title: PublicTitle | UnsetType = UNSET
    org_name: Annotated[str, Meta(max_length=200)] | UnsetType = UNSET
    sender_name: Annotated[str, Meta(max_length=200)] | UnsetType = UNSET
    questions: list[Question] | UnsetType = UNSET
    timezone: str | UnsetType = UNSET
    window_start_hour: Hour | UnsetType = UNSET
    window_end_hour: Hour | UnsetType = UNSET
    window_weekdays: list[Weekday] | UnsetType = UNSET
    reminder_count: ReminderCount | UnsetType = UNSET
    reminder_interval_days: IntervalDays | UnsetType = UNSET
    contact_frequency_days: FrequencyDays | UnsetType = UNSET
    holdout_share: Share | UnsetType = UNSET
    closes_at: dt.datetime | UnsetType | None = UNSET

    def __post_init__(self) -> None:
        check_lines(self, ("name", "timezone", "org_name", "sender_name"))


class Survey(msgspec.Struct):
    id: int
    name: str
    kind: str
    public_title: PublicTitle
    org_name: str
    sender_name: str
    status: str
    audience: str
    current_version: int
    questions: list[Question]
    timezone: str
    window_start_hour: int
    window_end_hour: int
    window_weekdays: list[int]
    reminder_count: int
    reminder_interval_days: int
    contact_frequency_days: int
    holdout_share: float
    created_at: dt.datetime
    sent_at: dt.datetime | None
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    workshop_id: int | None
    checkpoint_days: int | None


class SurveySummary(msgspec.Struct):
    id: int
    name: str
    kind: str
    status: str
    audience: str
    current_version: int
    created_at: dt.datetime
    closes_at: dt.datetime | None


class RecipientIn(msgspec.Struct, forbid_unknown_fields=True):
    """One recipient; ``attributes`` keys come from ``ATTRIBUTE_COLUMNS``."""

    email: str
    name: str = ""
    language: str = "en"
    timezone: str | None = None
    attributes: dict[str, str] = msgspec.field(default_factory=dict)


class RecipientsIn(msgspec.Struct, forbid_unknown_fields=True):
    recipients: list[RecipientIn]
    respect_contact_frequency: bool = True


class RowError(msgspec.Struct):
    """One bad row of an upload: 1-based row number (the header is row 1 in a CSV)."""

    row: int
    column: str | None
    reason: str
    value: str | None = None


class Skipped(msgspec.Struct):
    email: str
    reason: Literal["opted_out", "contact_frequency", "already_invited"]


class ImportReport(msgspec.Struct):
    received: int
    invited: int
    queued: int
    skipped: list[Skipped]


class SendRequest(msgspec.Struct, forbid_unknown_fields=True):
    at: dt.datetime | None = None
    """Send at this time instead of now (the sending window still applies)."""


class Progress(msgspec.Struct):
    survey_id: int
    status: str
    invitations: int
    not_queued: int
    queued: int
    sent: int
    failed: int
    bounced: int
    answered: int
    opted_out: int
    response_rate: float | None
    """answered / delivered (sent + answered-before-bounce excluded), None before sending."""


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    """A respondent's answers keyed by question key (JSON alternative to the form)."""

    answers: dict[str, Any]


class IncentiveGranted(msgspec.Struct):
    """The thank-you an answer earned (``code`` is None while the code pool is empty)."""

    name: str
    description: str
    code: str | None
    status: str


class CustomerResponse(msgspec.Struct):
    """One customer's answer with who gave it, for the owner following up a detractor."""

    id: int
    survey_id: int
    survey_name: str
    customer_name: str
    customer_email: str
    account: str | None
    owner_email: str | None
    nps_score: int | None
    comment: str
    answers: dict[str, Any]
    attributes: dict[str, Any]
    language: str
    submitted_at: dt.datetime


class SurveyForm(msgspec.Struct):
    """GET /r/{token} as JSON: what to answer, and this link's earlier answer (editable
    until the survey closes). A GET never stores anything."""

    title: str
    language: str
    version: int
    questions: list[Question]
    answers: dict[str, Any]
    answered_at: dt.datetime | None


class AnswerSaved(msgspec.Struct):
    status: Literal["saved"]
    version: int
    nps_score: int | None
    submitted_at: dt.datetime
    updated_at: dt.datetime
    incentive: IncentiveGranted | None = None


class Unsubscribed(msgspec.Struct):
    status: Literal["unsubscribed"]
