"""Derived data of the analytics package (never answers themselves)."""

from __future__ import annotations

from piccolo.columns import Boolean, Float, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class DetractorAlert(Table, tablename="detractor_alert"):
    """One alert per detractor answer: claimed and sent once, by email and optional webhook."""

    id: Serial
    response_id = Integer(unique=True, index=True)
    survey_id = Integer(index=True)
    owner_email = Varchar(length=254, null=True, default=None)
    status = Varchar(length=16, default="pending", index=True)
    """``pending`` → ``done`` (email queued, webhook called) or ``no_owner``."""
    webhook_status = Varchar(length=32, null=True, default=None)
    claimed_by = Varchar(length=64, null=True, default=None)
    claimed_at = Timestamptz(null=True, default=None)
    """When the current claim was taken; a claim older than the lease is taken over."""
    attempts = Integer(default=0)
    last_error = Varchar(length=200, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    done_at = Timestamptz(null=True, default=None)


class ResponseSegment(Table, tablename="response_segment"):
    """One row per answer and segmenting attribute, so breakdowns scan an index, not JSON.

    Derived from ``survey_response.attributes`` by :mod:`analytics.segments`; a covering index
    on (survey_id, dimension, value, nps_score, sentiment_label, sentiment_polarity) is created
    by the migration.
    """

    id: Serial
    survey_id = Integer()
    response_id = Integer(index=True)
    dimension = Varchar(length=40)
    value = Varchar(length=200)
    nps_score = Integer(null=True, default=None)
    sentiment_label = Varchar(length=16, null=True, default=None)
    sentiment_polarity = Float(null=True, default=None)


class SegmentSync(Table, tablename="segment_sync"):
    """How far ``response_segment`` is up to date for one survey."""

    id: Serial
    survey_id = Integer(unique=True)
    synced_until = Timestamptz()


class EnpsRelease(Table, tablename="enps_release"):
    """One release of an employee survey's figures: the answers every eNPS output renders from.

    Cut by :mod:`analytics.releases` only when at least ``VOC_MIN_GROUP_SIZE`` answers were
    added or changed since the previous release, or when the survey closes (``final``), so no
    two calls can differ by one answer. Unique on (survey_id, release_no) (migration), so two
    instances cutting at once persist one release.
    """

    id: Serial
    survey_id = Integer(index=True)
    release_no = Integer()
    cut_at = Timestamptz(default=TimestamptzNow())
    answers = Integer(default=0)
    """How many answers the release holds."""
    final = Boolean(default=False)
    fingerprint = Varchar(length=64)
    """SHA-256 of the frozen answers (same data state → same fingerprint on every instance)."""
    frozen = Text(default="[]")
    """JSON list of the frozen answer rows the figures are rendered from."""
    min_group_size = Integer(default=0)
    """The anonymity floor the release was cut under: a survey keeps the highest floor it was
    ever released under, so lowering ``VOC_MIN_GROUP_SIZE`` never re-exposes its answers."""
    comment_floor = Integer(default=0)
    """The comment floor the release was cut under (kept like ``min_group_size``)."""
    ledger = Text(default="")
    """JSON: the answers the release holds (id to content digest, at the cut) and the groups
    its figures and comment lists published, so later releases are audited against what a
    reader may have kept of this one (:func:`analytics.releases.history`)."""
