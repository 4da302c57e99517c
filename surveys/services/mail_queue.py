"""Queue one ready-made email in the outbox (sent by the next tick), once per dedupe key."""

from __future__ import annotations

import datetime as dt

from surveys.tables import OutboxMessage


async def queue_message(
    *,
    dedupe_key: str,
    kind: str,
    to: str,
    subject: str,
    raw: str,
    message_id: str,
    now: dt.datetime,
    survey: int | None = None,
    invitation: int | None = None,
) -> None:
    """Insert a pending message; a second call with the same key adds nothing."""
    await OutboxMessage.insert(
        OutboxMessage(
            dedupe_key=dedupe_key[:100],
            survey=survey,
            invitation=invitation,
            kind=kind,
            to_address=to,
            subject=subject[:300],
            body=raw,
            message_id=message_id,
            status="pending",
            not_before=now,
            next_attempt_at=now,
            created_at=now,
        )
    ).on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
