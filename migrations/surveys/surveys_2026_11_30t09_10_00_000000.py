"""Invitations queued before unsubscribe tokens existed keep their old ``/u/`` links working.

Their mails already sent carry ``/u/<answer token>``; those people must still be able to opt
out. Every invitation that has a link token at this point is marked ``legacy_opt_out``; new
invitations never are, so for them ``/u/`` accepts only the separate unsubscribe token.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T09:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "mark invitations whose sent mails carry the answer token in /u/"


class Invitation(Table, tablename="invitation"):
    pass


async def mark_legacy_invitations() -> None:
    await Invitation.raw(
        "UPDATE invitation SET legacy_opt_out = {} WHERE token_hash IS NOT NULL", True
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)
    manager.add_raw(mark_legacy_invitations)
    return manager
