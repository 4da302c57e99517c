"""Scheduled analytics work: the segment index, detractor alerts (once each), re-scoring."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import socket
import urllib.request
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from analytics.segments import sync_segments
from analytics.tables import DetractorAlert
from app.db import is_postgres, write_transaction
from app.names import survey_name as display_name
from app.text import one_line
from surveys.services.common import account_of
from surveys.services.mail_queue import queue_message
from surveys.tables import Response, Survey

log = logging.getLogger("voc.analytics.jobs")

# Older detractor answers (imports, demo history) do not page anyone.
ALERT_LOOKBACK = dt.timedelta(days=14)
# A claim not finished within the lease (the instance died) is taken over by the next tick.
ALERT_LEASE = dt.timedelta(minutes=10)
# An alert that fails this often is set aside as ``failed`` (its error kept) for a person.
ALERT_MAX_ATTEMPTS = 5
OWNER_KEYS = ("owner_email", "owner", "account_owner", "store_owner", "team_owner")


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def sync_all_segments(state: Any) -> None:
    """Keep the breakdown index current so reads find little left to do."""
    surveys = await Survey.select(Survey.id).where(Survey.status != "draft")
    for survey in surveys:
        await sync_segments(survey["id"])


def owner_of(attributes: dict[str, Any]) -> str | None:
    """The account, store or team owner's address from the recipient's attributes."""
    for key in OWNER_KEYS:
        value = str(attributes.get(key) or "").strip()
        if "@" in value and " " not in value:
            return value.lower()
    return None


def alert_email(
    sender: str, owner: str, survey_name: str, response: dict[str, Any], link: str
) -> tuple[str, str, str]:
    """(subject, message id, RFC 5322 text) of one detractor alert, in English and Japanese.

    It says who answered (name, email, account) so the owner can call back, and links to
    that one answer (a staff page behind sign-in, for roles that read customer surveys).
    """
    attributes = response["attributes"]
    account = account_of(attributes)
    customer = str(response.get("customer_name") or "").strip()
    who = customer or account or attributes.get("store") or attributes.get("team") or "a customer"
    # Attributes stored before the text rule existed may hold line breaks: never in a header.
    who = one_line(str(who))[:200]
    if account and customer:
        who = one_line(f"{customer} ({account})")[:200]
    email_address = one_line(str(response.get("customer_email") or "")) or "—"
    identity = (
        f"Customer / お客様: {customer or '—'}\n"
        f"Email / メール: {email_address}\n"
        f"Account / アカウント: {account or '—'}\n"
    )
    subject = f"Detractor alert / 批判者アラート: {who} scored {response['nps_score']}/10"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = owner
    message["Subject"] = subject
    message_id = make_msgid(domain=sender.split("@", 1)[1])
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    details = "\n".join(f"  {k}: {v}" for k, v in sorted(attributes.items()) if v)
    comment = response["comment"] or "(no comment)"
    name_en, name_ja = display_name(survey_name, "en"), display_name(survey_name, "ja")
    message.set_content(
        f'{who} answered {response["nps_score"]}/10 on "{name_en}".\n'
        f"{who} が「{name_ja}」で {response['nps_score']}/10 と回答しました。\n\n"
        f"{identity}\n"
        f"Comment / コメント:\n{comment}\n\n"
        f"Details / 詳細:\n{details}\n\n"
        f"Follow up within 48 hours / 48時間以内にフォローしてください: {link}\n"
    )
    return subject, message_id, message.as_string()


def _post_webhook(url: str, payload: dict[str, Any]) -> str:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False, default=str).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:
            return str(reply.status)
    except Exception as exc:  # a broken webhook must not stop the email alert
        return f"error: {type(exc).__name__}"[:32]


async def _create_alerts(now: dt.datetime) -> None:
    rows = await Response.raw(
        "SELECT r.id, r.survey FROM survey_response r JOIN survey s ON s.id = r.survey "
        "LEFT JOIN detractor_alert a ON a.response_id = r.id "
        "WHERE a.id IS NULL AND r.nps_score IS NOT NULL AND r.nps_score <= 6 "
        "AND s.audience = 'customer' AND s.kind <> 'enps' AND r.submitted_at >= {}",
        now - ALERT_LOOKBACK,
    )
    if rows:
        await DetractorAlert.insert(
            *[DetractorAlert(response_id=r["id"], survey_id=r["survey"]) for r in rows]
        ).on_conflict(target=DetractorAlert.response_id, action="DO NOTHING")


async def _claim(worker: str, now: dt.datetime, limit: int = 200) -> list[dict[str, Any]]:
    lock = " FOR UPDATE SKIP LOCKED" if is_postgres() else ""
    async with write_transaction():
        return await DetractorAlert.raw(
            "UPDATE detractor_alert SET status = 'in_progress', claimed_by = {}, claimed_at = {} "
            "WHERE id IN (SELECT id FROM detractor_alert WHERE status = 'pending' "
            "OR (status = 'in_progress' AND (claimed_at IS NULL OR claimed_at < {})) "
            f"ORDER BY id LIMIT {int(limit)}{lock}) "
            "RETURNING id, response_id, survey_id, attempts",
            worker,
            now,
            now - ALERT_LEASE,
        )


async def _alert_failed(alert: dict[str, Any], exc: Exception) -> None:
    """One alert's error is recorded on that alert; the others of the batch carry on."""
    attempts = int(alert.get("attempts") or 0) + 1
    log.exception("detractor alert %s failed (attempt %d)", alert["id"], attempts, exc_info=exc)
    await DetractorAlert.update(
        {
            DetractorAlert.status: "failed" if attempts >= ALERT_MAX_ATTEMPTS else "pending",
            DetractorAlert.attempts: attempts,
            DetractorAlert.last_error: f"{type(exc).__name__}: {exc}"[:200],
            DetractorAlert.claimed_by: None,
        }
    ).where(DetractorAlert.id == alert["id"])


async def detractor_alerts(state: Any) -> None:
    """Tell the owner of the account, store or team about each new detractor, exactly once.

    Alerts are rows claimed atomically (``SKIP LOCKED`` on PostgreSQL), and the email goes
    through the outbox under a unique key, so several instances never alert twice.
    Employee surveys never alert: naming an unhappy employee to their manager breaks the
    confidentiality eNPS promises.
    """
    settings, clock = state.settings, state.clock
    now = clock.now()
    await _create_alerts(now)
    worker = _worker()
    for alert in await _claim(worker, now):
        try:
            await _alert_one(alert, settings, now)
        except Exception as exc:
            await _alert_failed(alert, exc)


async def _alert_one(alert: dict[str, Any], settings: Any, now: dt.datetime) -> None:
    response = (
        await Response.select(
            Response.id,
            Response.nps_score,
            Response.comment,
            Response.attributes,
            Response.survey.name.as_alias("survey_name"),
            Response.invitation._.contact._.name.as_alias("customer_name"),
            Response.invitation._.contact._.email.as_alias("customer_email"),
        )
        .where(Response.id == alert["response_id"])
        .first()
    )
    if response is None:
        await DetractorAlert.update({DetractorAlert.status: "gone"}).where(
            DetractorAlert.id == alert["id"]
        )
        return
    attributes = response["attributes"]
    if isinstance(attributes, str):
        attributes = json.loads(attributes or "{}")
    response["attributes"] = attributes or {}
    owner = owner_of(response["attributes"])
    link = f"{settings.base_url}/surveys/{alert['survey_id']}/responses/{response['id']}"
    webhook_status = None
    if settings.alert_webhook_url:
        payload = {
            "event": "detractor",
            "survey_id": alert["survey_id"],
            "survey_name": response["survey_name"],
            "response_id": response["id"],
            "score": response["nps_score"],
            "comment": response["comment"],
            "attributes": response["attributes"],
            "customer_name": response["customer_name"],
            "customer_email": response["customer_email"],
            "account": account_of(response["attributes"]),
            "owner_email": owner,
            "link": link,
        }
        webhook_status = await asyncio.to_thread(_post_webhook, settings.alert_webhook_url, payload)
    async with write_transaction():
        if owner:
            subject, message_id, body = alert_email(
                settings.mail_from, owner, response["survey_name"], response, link
            )
            await queue_message(
                dedupe_key=f"alert:{response['id']}",
                kind="alert",
                to=owner,
                subject=subject,
                raw=body,
                message_id=message_id,
                now=now,
                survey=alert["survey_id"],
            )
        await DetractorAlert.update(
            {
                DetractorAlert.status: "done" if owner else "no_owner",
                DetractorAlert.owner_email: owner,
                DetractorAlert.webhook_status: webhook_status,
                DetractorAlert.done_at: now,
            }
        ).where(DetractorAlert.id == alert["id"])


async def rescore(batch: int = 500) -> tuple[int, int]:
    """Re-score comments made by an older analyzer version; returns (checked, changed)."""
    from analytics.sentiment import analyze

    checked = changed = 0
    last_id = 0
    while True:
        rows = (
            await Response.select(Response.id, Response.comment, Response.sentiment_version)
            .where((Response.id > last_id) & (Response.comment != ""))
            .order_by(Response.id)
            .limit(batch)
        )
        if not rows:
            return checked, changed
        for row in rows:
            checked += 1
            result = analyze(row["comment"])
            if result.analyzer_version != row["sentiment_version"]:
                changed += 1
                await Response.update(
                    {
                        Response.sentiment_polarity: result.polarity,
                        Response.sentiment_label: result.label,
                        Response.sentiment_version: result.analyzer_version,
                    }
                ).where(Response.id == row["id"])
        last_id = rows[-1]["id"]


async def rescore_cli() -> None:
    from app.db import bind_engine, make_engine
    from app.settings import load_settings

    bind_engine(make_engine(load_settings().database_url))
    checked, changed = await rescore()
    print(f"rescored {changed} of {checked} comments with the current analyzers")
