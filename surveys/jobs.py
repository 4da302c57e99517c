"""Scheduled work of the surveys package, run by the scheduler's tick (``app.scheduler``)."""

from __future__ import annotations

import logging
from typing import Any

from surveys.services import OutboxService, SurveyService

log = logging.getLogger("voc.surveys.jobs")


async def close_due_surveys(state: Any) -> None:
    """Close live surveys whose closing time has passed."""
    closed = await SurveyService(state.settings, state.clock).close_due()
    if closed:
        log.info("closed %d survey(s)", closed)


async def send_outbox(state: Any) -> None:
    """Claim due outbox messages (invitations and reminders) and send them."""
    stats = await OutboxService(state.settings, state.clock).deliver_due()
    if stats.claimed:
        log.info(
            "outbox: %d sent, %d retried, %d bounced, %d failed, %d cancelled, %d deferred",
            stats.sent,
            stats.retried,
            stats.bounced,
            stats.failed,
            stats.cancelled,
            stats.deferred,
        )
