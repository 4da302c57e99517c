"""Piccolo tables of the training app.

Money is stored exactly as integers in the currency's minor unit (``*_minor`` columns:
yen for JPY, cents for EUR; see :func:`training.money.to_minor`), never as floats. The
services convert to :class:`~decimal.Decimal` at the edges.

Composite unique constraints (Piccolo has none) are created by raw SQL in the migrations:
``training_participant (workshop, email)`` and ``training_checkpoint (workshop, offset_days)``.
"""

from __future__ import annotations

from decimal import Decimal

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Real,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Account(Table, tablename="training_account"):
    """A customer account from the CRM; ``mrr_minor`` is its current MRR."""

    id: Serial
    external_id = Varchar(length=200, unique=True, index=True)
    name = Varchar(length=300)
    tier = Varchar(length=20)
    segment = Varchar(length=100, default="")
    owner = Varchar(length=254, default="")
    currency = Varchar(length=3, default="JPY")
    mrr_minor = BigInt(default=0)
    created_on = Date(null=True, default=None)
    imported_at = Timestamptz(default=TimestamptzNow())


class AccountEvent(Table, tablename="training_account_event"):
    """A change of an account's MRR: new, expansion, contraction, churn or reactivation."""

    id: Serial
    external_event_id = Varchar(length=200, unique=True, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    occurred_on = Date()
    kind = Varchar(length=16)
    mrr_delta_minor = BigInt(default=0)
    source = Varchar(length=100, default="")
    imported_at = Timestamptz(default=TimestamptzNow())


class Workshop(Table, tablename="training_workshop"):
    """A customer-facing CS workshop or an internal staff training, with its full cost."""

    id: Serial
    title = Varchar(length=300)
    """What staff call it (pages, reports)."""
    public_title_en = Varchar(length=200, default="")
    """What participants read in English (mail subject, survey page); ``title`` when empty."""
    public_title_ja = Varchar(length=200, default="")
    """The same in Japanese; ``title`` when empty."""
    kind = Varchar(length=16)
    held_on = Date()
    facilitator = Varchar(length=200, default="")
    objectives = JSON(default=[])
    currency = Varchar(length=3, default="JPY")
    facilitator_cost_minor = BigInt(default=0)
    venue_catering_minor = BigInt(default=0)
    materials_minor = BigInt(default=0)
    tooling_minor = BigInt(default=0)
    participant_hours = Numeric(digits=(12, 2), default=Decimal("0"))
    loaded_hourly_rate_minor = BigInt(default=0)
    incentives_minor = BigInt(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Participant(Table, tablename="training_participant"):
    """A person invited to a workshop: linked to an account (customer) or a team (internal)."""

    id: Serial
    workshop = ForeignKey(references=Workshop, on_delete=OnDelete.cascade, index=True)
    email = Varchar(length=254)
    name = Varchar(length=200, default="")
    language = Varchar(length=5, default="en")
    account = ForeignKey(references=Account, null=True, on_delete=OnDelete.set_null, index=True)
    team = Varchar(length=100, null=True, default=None)
    attendance = Varchar(length=12, default="invited")
    quiz_score = Real(null=True, default=None)
    imported_at = Timestamptz(default=TimestamptzNow())


class Checkpoint(Table, tablename="training_checkpoint"):
    """One measurement of a workshop (day 0, +7, …): a durable row worked by the tick.

    ``pending → in_progress → done | failed``; ``outcome`` is the effectiveness snapshot
    (a JSON-encoded :class:`training.effectiveness.CheckpointEffect`) and
    ``outcome_fingerprint`` the state of the data it was computed from.
    """

    id: Serial
    workshop = ForeignKey(references=Workshop, on_delete=OnDelete.cascade, index=True)
    offset_days = Integer()
    due_at = Timestamptz(index=True)
    status = Varchar(length=12, default="pending", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None)
    claimed_by = Varchar(length=100, null=True, default=None)
    claimed_at = Timestamptz(null=True, default=None)
    survey_id = Integer(null=True, default=None)
    survey_sent_at = Timestamptz(null=True, default=None)
    outcome = JSON(null=True, default=None)
    outcome_fingerprint = Varchar(length=200, null=True, default=None)
    outcome_computed_at = Timestamptz(null=True, default=None)
    last_error = Text(null=True, default=None)
    completed_at = Timestamptz(null=True, default=None)


class HealthDefinition(Table, tablename="training_health_definition"):
    """One version of the account health definition (seed 004, appendix A): components,
    weights and Green/Yellow/Red thresholds, as a JSON-encoded
    :class:`training.health.HealthDefinitionSpec`. Versions are never edited, only added."""

    id: Serial
    version = Integer(unique=True)
    definition = JSON()
    created_by = Varchar(length=254, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class AccountUsage(Table, tablename="training_account_usage"):
    """One month of an account's usage (the inputs of its computed health score).

    Unique (account, month) by the migration; ``month`` is ``YYYY-MM``.
    """

    id: Serial
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    month = Varchar(length=7)
    login_days = Integer()
    events_held = Integer()
    support_contacts = Integer()
    webinar_attended = Boolean()
    participants = Integer()
    key_people = Integer()
    renewal_date = Date(null=True, default=None)
    imported_at = Timestamptz(default=TimestamptzNow())


class AccountHealth(Table, tablename="training_account_health"):
    """An account's health score on a day: computed from usage (``source`` "usage", with the
    definition version) or imported precomputed (``source`` "imported", version null).

    Unique (account, scored_on) by the migration. ``band`` is Green, Yellow or Red.
    """

    id: Serial
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    scored_on = Date()
    score = Real()
    band = Varchar(length=8)
    definition_version = Integer(null=True, default=None)
    source = Varchar(length=12, default="usage")
    components = JSON(default={})
    imported_at = Timestamptz(default=TimestamptzNow())


class HealthAlert(Table, tablename="training_health_alert"):
    """A risk trigger fired for one account score (unique (account, scored_on) by the
    migration, so each score alerts at most once): a drop of at least the definition's
    points month over month, or entering Red. The email goes through the outbox."""

    id: Serial
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    scored_on = Date()
    reason = Varchar(length=40)
    score = Real()
    previous_score = Real(null=True, default=None)
    owner_email = Varchar(length=254, null=True, default=None)
    status = Varchar(length=12, default="queued")
    """``queued`` (email in the outbox) or ``no_owner`` (no owner address on the account)."""
    created_at = Timestamptz(default=TimestamptzNow())
