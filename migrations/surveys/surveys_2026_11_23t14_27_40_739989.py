"""Composite indexes: outbox claims, contact frequency, one invitation per person and
survey, and the analytics queries on answers.

Piccolo's table definitions cannot express multi-column indexes, so they are raw SQL here
(valid on SQLite and PostgreSQL alike).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from surveys.tables import Survey

ID = "2026-11-23T14:27:40:739989"
VERSION = "1.38.0"
DESCRIPTION = "composite indexes"

INDEXES = (
    ("outbox_message_due", "outbox_message", "status, next_attempt_at", ""),
    ("invitation_contact_created", "invitation", "contact, created_at", ""),
    ("invitation_survey_contact", "invitation", "survey, contact", "UNIQUE "),
    ("survey_response_survey_submitted", "survey_response", "survey, submitted_at", ""),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def create() -> None:
        for name, table, columns, unique in INDEXES:
            await Survey.raw(f'CREATE {unique}INDEX IF NOT EXISTS {name} ON "{table}" ({columns})')

    async def drop() -> None:
        for name, *_ in INDEXES:
            await Survey.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
