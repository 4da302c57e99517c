"""Piccolo tables of the surveys app.

Columns other packages read directly (the analytics package aggregates in SQL):
``survey_response.nps_score``, ``.attributes`` (JSON object of the recipient's upload
attributes), ``.submitted_at``, ``.comment``, ``.sentiment_polarity``, ``.sentiment_label``,
``.sentiment_version``, ``.language``, ``.version``, ``.answers`` (JSON object keyed by the
questions' stable keys).
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    Serial,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Survey(Table, tablename="survey"):
    """A survey: its kind, audience, delivery rules and the version its questions are at."""

    id: Serial
    name = Varchar(length=200)
    """Internal name, seen by staff only."""
    public_title_en = Varchar(length=200, default="")
    """The title respondents see (email subject, survey page); ``name`` when empty."""
    public_title_ja = Varchar(length=200, default="")
    org_name = Varchar(length=200, default="")
    """The organisation named in the emails; ``VOC_ORG_NAME`` when empty."""
    sender_name = Varchar(length=200, default="")
    """Display name of the sender; that of ``VOC_MAIL_FROM`` when empty."""
    kind = Varchar(length=32, index=True)
    """``customer_nps``, ``enps``, ``training_feedback`` or ``training_followup``."""
    status = Varchar(length=16, default="draft", index=True)
    """``draft`` → ``live`` (sent) → ``closed``."""
    audience = Varchar(length=16, default="customer")
    """``customer`` (managed by cs) or ``employee`` (managed by hr; eNPS)."""
    current_version = Integer(default=1)
    timezone = Varchar(length=64, default="Asia/Tokyo")
    """Default time zone of recipients without their own, for the sending window."""
    window_start_hour = SmallInt(default=9)
    window_end_hour = SmallInt(default=18)
    window_weekdays = Varchar(length=16, default="01234")
    """Allowed weekdays as digits, Monday = 0."""
    reminder_count = SmallInt(default=2)
    reminder_interval_days = SmallInt(default=3)
    contact_frequency_days = SmallInt(default=30)
    holdout_share = Float(default=0.1)
    holdout_seed = Varchar(length=32, default="")
    workshop_id = Integer(null=True, default=None, index=True)
    checkpoint_days = Integer(null=True, default=None)
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    closes_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class SurveyVersion(Table, tablename="survey_version"):
    """The questions of one version of a survey (JSON, stable keys, texts in en and ja)."""

    id: Serial
    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, index=True)
    number = Integer(default=1)
    questions = JSON(default=[])
    created_at = Timestamptz(default=TimestamptzNow())


class Contact(Table, tablename="contact"):
    """A person across surveys: one email, one opt-out that every survey honours."""

    id: Serial
    email = Varchar(length=254, unique=True, index=True)
    name = Varchar(length=200, default="")
    language = Varchar(length=5, default="en")
    timezone = Varchar(length=64, null=True, default=None)
    opted_out_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Invitation(Table, tablename="invitation"):
    """One person invited to one survey; the link token is stored only as a hash."""

    id: Serial
    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, index=True)
    contact = ForeignKey(references=Contact, on_delete=OnDelete.cascade, index=True)
    attributes = JSON(default={})
    language = Varchar(length=5, default="en")
    token_hash = Varchar(length=64, null=True, default=None, unique=True, index=True)
    status = Varchar(length=16, default="new", index=True)
    """``new`` (not queued yet), ``queued``, ``sent``, ``failed`` or ``bounced``."""
    holdout = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    queued_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)
    opted_out_at = Timestamptz(null=True, default=None)
    bounced_at = Timestamptz(null=True, default=None)
    reminders_sent = SmallInt(default=0)
    next_reminder_at = Timestamptz(null=True, default=None)
    legacy_opt_out = Boolean(default=False)
    """Queued before unsubscribe tokens existed: mails already sent carry the answer token in
    their ``/u/`` link, which keeps working for this invitation only."""


class UnsubscribeLink(Table, tablename="unsubscribe_link"):
    """A random opt-out token for one invitation's mails, stored only as a hash.

    Separate from the answer token so the ``List-Unsubscribe`` header, which mail systems read
    and act on, never opens or edits the answers. One per queued invitation (shared by its
    reminders) and one per thank-you mail; every one of them stays valid.
    """

    id: Serial
    invitation = ForeignKey(references=Invitation, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class OutboxMessage(Table, tablename="outbox_message"):
    """One email to send; a row state machine that survives crashes and restarts.

    ``pending`` → ``in_progress`` (claimed by one instance) → ``sent`` | ``failed`` |
    ``bounced`` | ``cancelled``. The rendered message (``body``) and its Message-ID are fixed
    when queued, so a retry sends the same bytes; ``body`` is cleared once the message is done
    so personal links do not linger in the database.
    """

    id: Serial
    dedupe_key = Varchar(length=100, unique=True)
    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, null=True, index=True)
    invitation = ForeignKey(
        references=Invitation, on_delete=OnDelete.cascade, null=True, index=True
    )
    kind = Varchar(length=16)
    """``invitation``, ``reminder``, ``thank_you`` or ``alert``."""
    sequence = SmallInt(default=0)
    """0 for the invitation, n for the n-th reminder."""
    to_address = Varchar(length=254)
    subject = Varchar(length=300, default="")
    body = Text(default="")
    alt_body = Text(default="")
    """The same message without the incentive, sent if its budget ran out before sending."""
    incentive_id = Integer(null=True, default=None)
    message_id = Varchar(length=200)
    status = Varchar(length=16, default="pending", index=True)
    attempts = SmallInt(default=0)
    not_before = Timestamptz(default=TimestamptzNow())
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    claimed_by = Varchar(length=64, null=True, default=None)
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    last_error = Varchar(length=500, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Response(Table, tablename="survey_response"):
    """The one answer of one invitation (an upsert keyed by ``invitation``)."""

    id: Serial
    invitation = ForeignKey(references=Invitation, on_delete=OnDelete.cascade, unique=True)
    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, index=True)
    version = Integer(default=1)
    answers = JSON(default={})
    nps_score = SmallInt(null=True, default=None)
    comment = Text(default="")
    language = Varchar(length=5, default="en")
    attributes = JSON(default={})
    sentiment_polarity = Float(null=True, default=None)
    sentiment_label = Varchar(length=16, null=True, default=None)
    sentiment_version = Varchar(length=64, null=True, default=None)
    submitted_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class Incentive(Table, tablename="incentive"):
    """A thank-you offered for answering one survey, with its cost model and budget.

    Money is in the currency's minor unit (JPY has none). ``committed_minor`` is the cost of
    every grant so far — expected cost until a code's redemption is imported, then actual —
    and is raised only by a conditional update, so it never passes ``budget_minor``.
    """

    id: Serial
    survey = ForeignKey(references=Survey, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    """``percent_coupon``, ``fixed_coupon``, ``gift_card``, ``points`` or ``donation``."""
    name = Varchar(length=200)
    description_en = Varchar(length=300, default="")
    description_ja = Varchar(length=300, default="")
    currency = Varchar(length=3)
    budget_minor = BigInt()
    unit_cost_minor = BigInt(null=True, default=None)
    percent = Varchar(length=12, null=True, default=None)
    """Percent off as a decimal string (exact), for percent-off coupons."""
    expected_order_value_minor = BigInt(null=True, default=None)
    expected_redemption_rate = Varchar(length=12, null=True, default=None)
    expected_cost_minor = BigInt()
    code_source = Varchar(length=12, default="generated")
    """``generated`` or ``pool`` (codes uploaded beforehand)."""
    committed_minor = BigInt(default=0)
    active = Boolean(default=True)
    exhausted_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class IncentiveCode(Table, tablename="incentive_code"):
    """An uploaded code waiting in the pool, or handed out to one grant."""

    id: Serial
    incentive = ForeignKey(references=Incentive, on_delete=OnDelete.cascade, index=True)
    code = Varchar(length=64, unique=True)
    grant_id = Integer(null=True, default=None, index=True)
    assigned_at = Timestamptz(null=True, default=None)


class IncentiveGrant(Table, tablename="incentive_grant"):
    """The one thank-you an invitation earned by answering."""

    id: Serial
    incentive = ForeignKey(references=Incentive, on_delete=OnDelete.cascade, index=True)
    invitation = ForeignKey(references=Invitation, on_delete=OnDelete.cascade, unique=True)
    code = Varchar(length=64, null=True, default=None, index=True)
    status = Varchar(length=16, default="issued")
    """``issued`` or ``awaiting_code`` (the pool was empty)."""
    expected_cost_minor = BigInt()
    actual_cost_minor = BigInt(null=True, default=None)
    order_value_minor = BigInt(null=True, default=None)
    redeemed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
