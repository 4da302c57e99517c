"""Keeps ``response_segment`` in step with answers: one row per answer and attribute.

Breakdowns by a recipient attribute then read one covering index instead of parsing the
JSON of every answer (1M answers: ~0.3 s instead of ~1.3 s on SQLite). The index is derived
data: :func:`sync_segments` brings a survey up to date incrementally from
``survey_response.updated_at``, re-reading a short overlap so a late commit is never missed;
the analytics tick calls it for every survey, and every breakdown calls it before reading.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from analytics.tables import ResponseSegment, SegmentSync
from app.db import db_datetime, is_postgres, write_transaction
from surveys.tables import Response

# Answers committed by another instance may carry an updated_at a little in the past.
OVERLAP = dt.timedelta(minutes=2)
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MAX_VALUE = 200


def segment_rows(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The index rows of one answer (pure: testable without a database)."""
    attributes = response["attributes"]
    if isinstance(attributes, str):
        attributes = json.loads(attributes or "{}")
    rows = []
    for dimension, value in (attributes or {}).items():
        if value is None or value == "" or len(dimension) > 40:
            continue
        rows.append(
            {
                "survey_id": response["survey"],
                "response_id": response["id"],
                "dimension": dimension,
                "value": str(value)[:MAX_VALUE],
                "nps_score": response["nps_score"],
                "sentiment_label": response["sentiment_label"],
                "sentiment_polarity": response["sentiment_polarity"],
            }
        )
    return rows


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (
        row["dimension"],
        row["value"],
        row["nps_score"],
        row["sentiment_label"],
        row["sentiment_polarity"],
    )


async def _changed(responses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answers whose index rows differ from what their answer says now."""
    stored: dict[int, set[tuple[Any, ...]]] = {}
    ids = [r["id"] for r in responses]
    for part in range(0, len(ids), 500):
        rows = await ResponseSegment.select(
            ResponseSegment.response_id,
            ResponseSegment.dimension,
            ResponseSegment.value,
            ResponseSegment.nps_score,
            ResponseSegment.sentiment_label,
            ResponseSegment.sentiment_polarity,
        ).where(ResponseSegment.response_id.is_in(ids[part : part + 500]))
        for row in rows:
            stored.setdefault(row["response_id"], set()).add(_key(row))
    return [
        r for r in responses if {_key(row) for row in segment_rows(r)} != stored.get(r["id"], set())
    ]


async def sync_segments(survey_id: int, batch: int = 5000) -> int:
    """Re-index every answer of the survey changed since the last sync; returns how many."""
    state = await SegmentSync.select().where(SegmentSync.survey_id == survey_id).first()
    since = db_datetime(state["synced_until"]) - OVERLAP if state else EPOCH
    changed = 0
    while True:
        responses = (
            await Response.select(
                Response.id,
                Response.survey,
                Response.attributes,
                Response.nps_score,
                Response.sentiment_label,
                Response.sentiment_polarity,
                Response.updated_at,
            )
            .where((Response.survey == survey_id) & (Response.updated_at >= since))
            .order_by(Response.updated_at)
            .order_by(Response.id)
            .limit(batch)
        )
        if not responses:
            break
        newest = max(db_datetime(r["updated_at"]) for r in responses)
        # The overlap re-reads recent answers every time; rewrite only those that changed,
        # so a breakdown on an idle survey stays a read.
        stale = await _changed(responses)
        ids = [r["id"] for r in stale]
        rows = [row for r in stale for row in segment_rows(r)]
        synced = db_datetime(state["synced_until"]) if state else None
        if not stale and synced is not None and newest <= synced:
            if len(responses) < batch or newest <= since:
                break
            since = newest
            continue
        async with write_transaction():
            if is_postgres():
                # Instances sync side by side: one at a time per survey, or rows double up.
                await SegmentSync.raw("SELECT pg_advisory_xact_lock(7211, {})", survey_id)
            if ids:
                await ResponseSegment.delete().where(ResponseSegment.response_id.is_in(ids))
            if rows:
                await ResponseSegment.insert(*[ResponseSegment(**row) for row in rows])
            if state:
                await SegmentSync.update({SegmentSync.synced_until: newest}).where(
                    SegmentSync.survey_id == survey_id
                )
            else:
                await SegmentSync.insert(
                    SegmentSync(survey_id=survey_id, synced_until=newest)
                ).on_conflict(
                    target=SegmentSync.survey_id,
                    action="DO UPDATE",
                    values=[SegmentSync.synced_until],
                )
                state = {"synced_until": newest}
        changed += len(stale)
        if len(responses) < batch or newest <= since:
            break
        since = newest
    return changed
