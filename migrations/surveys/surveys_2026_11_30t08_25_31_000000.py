"""Queued mails get unsubscribe links of their own instead of the answer token.

Mails rendered before unsubscribe tokens existed carry ``/u/<answer token>`` in their
``List-Unsubscribe`` header and body. Every such mail still waiting in the outbox gets a new
random unsubscribe token (one per invitation, hash stored in ``unsubscribe_link``) written into
its header and into both base64 body parts, so nothing sent from now on hands the answer
token to a mail system. Mails already sent keep working: ``/u/<answer token>`` is still
accepted for invitations that have no unsubscribe link (see ``RespondentService``).
"""

import base64
import datetime as dt
import hashlib
import re
import secrets

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

ID = "2026-11-30T08:25:31:000000"
VERSION = "1.38.0"
DESCRIPTION = "separate unsubscribe tokens for mails still in the outbox"

_LINK = re.compile(r"/u/([A-Za-z0-9_-]{20,64})")
_BASE64_PART = re.compile(r"(Content-Transfer-Encoding: base64\r\n\r\n)([A-Za-z0-9+/=\r\n]+)")


class OutboxMessage(Table, tablename="outbox_message"):
    invitation = Integer(null=True)
    status = Varchar(length=16)
    body = Text()
    alt_body = Text()


class Invitation(Table, tablename="invitation"):
    token_hash = Varchar(length=64, null=True)


class UnsubscribeLink(Table, tablename="unsubscribe_link"):
    invitation = Integer()
    token_hash = Varchar(length=64)
    created_at = Timestamptz()


def relink(raw: str, old: str, new: str) -> str:
    """``raw`` with every ``/u/<old>`` made ``/u/<new>``: headers and base64 body parts."""
    if not raw:
        return raw

    def part(match: re.Match[str]) -> str:
        text = base64.b64decode(match.group(2)).decode("utf-8")
        text = text.replace(f"/u/{old}", f"/u/{new}")
        encoded = base64.encodebytes(text.encode("utf-8")).decode("ascii")
        return match.group(1) + encoded.replace("\n", "\r\n")

    head, sep, body = raw.partition("\r\n\r\n")
    return head.replace(f"/u/{old}", f"/u/{new}") + sep + _BASE64_PART.sub(part, body)


async def relink_pending_mail() -> int:
    """Give every pending mail with an old-style link a new unsubscribe token; returns count."""
    rows = await OutboxMessage.select(
        OutboxMessage.id, OutboxMessage.invitation, OutboxMessage.body, OutboxMessage.alt_body
    ).where((OutboxMessage.status == "pending") & OutboxMessage.invitation.is_not_null())
    fresh: dict[tuple[int, str], str] = {}
    answer_hashes: dict[int, str | None] = {}
    changed = 0
    for row in rows:
        found = _LINK.search(row["body"].partition("\r\n\r\n")[0])
        if found is None:
            continue
        old = found.group(1)
        if row["invitation"] not in answer_hashes:
            invitation = (
                await Invitation.select(Invitation.token_hash)
                .where(Invitation.id == row["invitation"])
                .first()
            )
            answer_hashes[row["invitation"]] = invitation["token_hash"] if invitation else None
        # Only links that carry the answer token; a mail with its own token is left alone.
        if hashlib.sha256(old.encode()).hexdigest() != answer_hashes[row["invitation"]]:
            continue
        key = (row["invitation"], old)
        if key not in fresh:
            fresh[key] = secrets.token_urlsafe(24)
            await UnsubscribeLink.insert(
                UnsubscribeLink(
                    invitation=row["invitation"],
                    token_hash=hashlib.sha256(fresh[key].encode()).hexdigest(),
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        await OutboxMessage.update(
            {
                OutboxMessage.body: relink(row["body"], old, fresh[key]),
                OutboxMessage.alt_body: relink(row["alt_body"], old, fresh[key]),
            }
        ).where(OutboxMessage.id == row["id"])
        changed += 1
    return changed


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run() -> None:
        await relink_pending_mail()

    manager.add_raw(run)
    return manager
