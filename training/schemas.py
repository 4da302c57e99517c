"""msgspec structs per operation of the training API (never Piccolo rows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from app.text import check_lines
from training.effectiveness import CheckpointEffect, DidEstimate
from training.health import HealthDefinitionSpec
from training.roi import RoiResult

WorkshopKind = Literal["customer", "internal"]
Attendance = Literal["invited", "attended", "no_show"]
CheckpointStatus = Literal["pending", "in_progress", "done", "failed"]
EventKindName = Literal["new", "expansion", "contraction", "churn", "reactivation"]

DEFAULT_CHECKPOINTS: tuple[int, ...] = (0, 7, 30, 90, 180)
NonNegative = Decimal  # msgspec has no bounds for Decimal: the service checks ≥ 0
Currency = Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}$")]
OffsetDays = Annotated[int, msgspec.Meta(ge=0, le=3650)]


# ----------------------------------------------------------------------------- imports


class ImportProblem(msgspec.Struct, frozen=True):
    """One bad cell: ``row`` is the spreadsheet row (header = 1) or the 1-based list item."""

    row: int
    column: str
    reason: str


class ImportResult(msgspec.Struct):
    """What an import changed; importing the same data twice gives ``created = updated = 0``."""

    total: int
    created: int
    updated: int
    unchanged: int


class AccountIn(msgspec.Struct, forbid_unknown_fields=True):
    external_id: str
    name: str
    tier: str
    mrr: Decimal
    """Current MRR in ``currency`` (major units, e.g. ``"1234.50"``)."""
    segment: str = ""
    owner: str = ""
    currency: str = "JPY"
    created_on: dt.date | None = None
    health_score: float | None = None
    """Optional precomputed health score 0–100, stored as the account's score on
    ``health_scored_on`` (default: the import day)."""
    health_scored_on: dt.date | None = None


class AccountsImport(msgspec.Struct, forbid_unknown_fields=True):
    accounts: list[AccountIn]


class AccountEventIn(msgspec.Struct, forbid_unknown_fields=True):
    external_event_id: str
    account_external_id: str
    date: dt.date
    kind: str
    mrr_delta: Decimal
    """Signed change of MRR: ≥ 0 for new/expansion/reactivation, ≤ 0 for contraction/churn."""
    source: str = ""


class AccountEventsImport(msgspec.Struct, forbid_unknown_fields=True):
    events: list[AccountEventIn]


class Account(msgspec.Struct):
    id: int
    external_id: str
    name: str
    tier: str
    segment: str
    owner: str
    currency: str
    mrr: Decimal
    created_on: dt.date | None


class AccountEvent(msgspec.Struct):
    id: int
    external_event_id: str
    account_external_id: str
    date: dt.date
    kind: str
    mrr_delta: Decimal
    currency: str
    source: str


class AccountPage(msgspec.Struct):
    total: int
    items: list[Account]


# ----------------------------------------------------------------------------- workshops


class WorkshopCostsIn(msgspec.Struct, forbid_unknown_fields=True):
    """Fully loaded cost inputs (Phillips), in the workshop's currency."""

    facilitator: NonNegative = Decimal(0)
    venue_catering: NonNegative = Decimal(0)
    materials: NonNegative = Decimal(0)
    tooling: NonNegative = Decimal(0)
    participant_hours: NonNegative = Decimal(0)
    """Total hours participants spent (e.g. 40 people × 3 h = 120)."""
    loaded_hourly_rate: NonNegative = Decimal(0)
    """Salary + benefits + overhead per participant hour."""
    incentives: NonNegative = Decimal(0)
    """Incentives spent outside the survey system (survey incentives are added automatically)."""


class WorkshopCosts(msgspec.Struct):
    currency: str
    facilitator: Decimal
    venue_catering: Decimal
    materials: Decimal
    tooling: Decimal
    participant_hours: Decimal
    loaded_hourly_rate: Decimal
    participants_time: Decimal
    """participant_hours × loaded_hourly_rate."""
    incentives: Decimal
    """Entered incentives plus those spent on the workshop's surveys."""
    total: Decimal


class PublicTitle(msgspec.Struct, forbid_unknown_fields=True):
    """What participants read as the workshop's name in each language (mail subject, survey
    page, question wording); an empty language falls back to ``title``."""

    en: Annotated[str, msgspec.Meta(max_length=200)] = ""
    ja: Annotated[str, msgspec.Meta(max_length=200)] = ""

    def __post_init__(self) -> None:
        check_lines(self, ("en", "ja"), "public_title.")


class WorkshopCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    """What staff call the workshop (pages, reports)."""
    kind: WorkshopKind
    held_on: dt.date
    public_title: PublicTitle = msgspec.field(default_factory=PublicTitle)
    facilitator: str = ""
    objectives: list[str] = msgspec.field(default_factory=list)
    """KPI keys the workshop means to move, e.g. ``["logo_churn", "expansion_share"]``."""
    currency: Currency = "JPY"
    costs: WorkshopCostsIn = msgspec.field(default_factory=WorkshopCostsIn)
    checkpoints: list[OffsetDays] = msgspec.field(default_factory=lambda: list(DEFAULT_CHECKPOINTS))
    """Measurement plan in days after the workshop (default 0, 7, 30, 90, 180)."""

    def __post_init__(self) -> None:
        check_lines(self, ("title", "facilitator", "objectives"))


class WorkshopUpdate(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=300)] | UnsetType = UNSET
    public_title: PublicTitle | UnsetType = UNSET
    """Applies to checkpoint surveys created from then on; sent ones keep their title."""
    kind: WorkshopKind | UnsetType = UNSET
    held_on: dt.date | UnsetType = UNSET
    facilitator: str | UnsetType = UNSET
    objectives: list[str] | UnsetType = UNSET
    currency: Currency | UnsetType = UNSET
    costs: WorkshopCostsIn | UnsetType = UNSET
    checkpoints: list[OffsetDays] | UnsetType = UNSET
    """New measurement plan: pending checkpoints are added or removed; worked ones stay."""

    def __post_init__(self) -> None:
        check_lines(self, ("title", "facilitator", "objectives"))


class Checkpoint(msgspec.Struct):
    id: int
    offset_days: int
    due_at: dt.datetime
    status: str
    attempts: int
    survey_id: int | None
    survey_sent_at: dt.datetime | None
    completed_at: dt.datetime | None
    outcome_computed_at: dt.datetime | None
    last_error: str | None
    waiting_for_participants: bool = False
    """Due, but nobody to ask yet: it runs as soon as participants are uploaded."""
    late_until: dt.datetime | None = None
    """The survey may still go out until then (``VOC_CHECKPOINT_LATE_DAYS`` after due)."""
    invited: int = 0
    """People invited to this checkpoint's survey."""
    invited_late: int = 0
    """Of them, invited more than a day after the checkpoint was due."""
    missed: int = 0
    """Participants never asked: they arrived after the late window closed."""


class ParticipantCounts(msgspec.Struct):
    total: int
    attended: int
    no_show: int
    invited: int
    accounts_attending: int


class Workshop(msgspec.Struct):
    id: int
    title: str
    public_title: PublicTitle
    kind: str
    held_on: dt.date
    facilitator: str
    objectives: list[str]
    currency: str
    costs: WorkshopCosts
    participants: ParticipantCounts
    checkpoints: list[Checkpoint]
    created_at: dt.datetime
    updated_at: dt.datetime


class ParticipantIn(msgspec.Struct, forbid_unknown_fields=True):
    email: str
    name: str = ""
    language: str = "en"
    account_external_id: str | None = None
    team: str | None = None
    attendance: str | None = None
    """invited, attended or no_show; not stated: attended once the workshop has taken place,
    invited before."""
    quiz_score: float | None = None


class ParticipantsImport(msgspec.Struct, forbid_unknown_fields=True):
    participants: list[ParticipantIn]


class Participant(msgspec.Struct):
    id: int
    email: str
    name: str
    language: str
    account_external_id: str | None
    team: str | None
    attendance: str
    quiz_score: float | None


# ----------------------------------------------------------------------------- effectiveness


class CheckpointOutcome(msgspec.Struct):
    """Effectiveness at one checkpoint; ``effect`` is ``None`` until the checkpoint is worked."""

    checkpoint_id: int
    offset_days: int
    status: str
    due_at: dt.datetime
    computed_at: dt.datetime | None
    method: str
    effect: CheckpointEffect | None


class EvolutionPoint(msgspec.Struct):
    offset_days: int
    status: str
    n_attending: int | None
    n_comparison: int | None
    estimates: list[DidEstimate]


class Effectiveness(msgspec.Struct):
    workshop_id: int
    method: str
    checkpoints: list[CheckpointOutcome]
    evolution: list[EvolutionPoint]


class ReactionLevel(msgspec.Struct):
    """Kirkpatrick L1 from the day-0 survey; ``status`` explains missing figures ("hidden":
    an internal workshop's figure over fewer answers than the anonymity floor)."""

    status: str
    responses: int
    csat_percent: float | None = None
    nps: float | None = None
    mean_sentiment: float | None = None
    note: str = ""


class LearningLevel(msgspec.Struct):
    """Kirkpatrick L2: quiz scores of attended participants.

    An internal workshop's scores are employees': no ``min``/``max`` (one person's score),
    and ``mean``/``sd`` only from the anonymity floor of scores on (else ``status`` "hidden").
    """

    n: int
    mean: float | None
    sd: float | None
    min: float | None
    max: float | None
    status: str = "ok"
    note: str = ""


class BehaviourPoint(msgspec.Struct):
    offset_days: int
    survey_id: int | None
    status: str
    responses: int
    mean_score: float | None = None
    note: str = ""


class ResultsLevel(msgspec.Struct):
    """Kirkpatrick L4: DiD estimates at the latest measured checkpoint."""

    offset_days: int | None
    status: str
    estimates: list[DidEstimate]


class Kirkpatrick(msgspec.Struct):
    workshop_id: int
    level1_reaction: ReactionLevel
    level2_learning: LearningLevel
    level3_behaviour: list[BehaviourPoint]
    level4_results: ResultsLevel
    level5_roi: RoiResult | None
    benefit_horizon_months: int


class PortfolioRow(msgspec.Struct):
    workshop_id: int
    title: str
    kind: str
    held_on: dt.date
    currency: str
    cost_total: Decimal
    participants: int
    attended: int
    latest_checkpoint_days: int | None
    latest_checkpoint_status: str | None
    roi_basis: str | None
    roi_percent: Decimal | None
    roi_percent_ci: tuple[Decimal, Decimal] | None
    bcr: Decimal | None
    bcr_ci: tuple[Decimal, Decimal] | None


class TickReport(msgspec.Struct):
    claimed: int
    done: int
    failed: int
    retried: int
    waiting: int = 0
    """Due checkpoints put back because the workshop has no participants yet."""


# ----------------------------------------------------------------------------- health


class UsageIn(msgspec.Struct, forbid_unknown_fields=True):
    """One month of an account's usage (the inputs of the seed 004 health score)."""

    account_external_id: str
    month: str
    """``YYYY-MM``."""
    login_days: int
    events_held: int
    support_contacts: int
    webinar_attended: int
    """1 attended a webinar / study session this month, 0 did not."""
    participants: int
    key_people: int
    renewal_date: dt.date | None = None


class UsageImport(msgspec.Struct, forbid_unknown_fields=True):
    usage: list[UsageIn]


class HealthDefinitionOut(msgspec.Struct):
    """The health definition in force and its version."""

    version: int
    definition: HealthDefinitionSpec


class HealthScore(msgspec.Struct):
    """One score of an account: ``source`` "usage" (computed, with its definition version)
    or "imported" (precomputed elsewhere; no version)."""

    scored_on: dt.date
    score: float
    band: str
    definition_version: int | None
    source: str
    components: dict[str, dict[str, float | str | None]]


class HealthSummary(msgspec.Struct):
    """Seed 004's health KPIs: Green ratio (percent of scored accounts) and Red→Green
    conversions; ``alerts`` = risk triggers fired so far."""

    scored_accounts: int
    green: int
    yellow: int
    red: int
    green_ratio: float | None
    red_to_green: int
    alerts: int


class HealthAlertOut(msgspec.Struct):
    """A fired risk trigger: the score, the previous one and why (``drop``, ``entered_red``)."""

    id: int
    account_id: int
    account_name: str
    scored_on: dt.date
    reasons: list[str]
    score: float
    previous_score: float | None
    owner_email: str | None
    status: str
