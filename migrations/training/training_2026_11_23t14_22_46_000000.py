"""Composite unique constraints Piccolo cannot declare on a table: one participant per
email per workshop, one checkpoint per offset per workshop (the tick relies on it)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-23T14:22:46:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique (workshop, email) and (workshop, offset_days)"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS training_participant_workshop_email "
    "ON training_participant (workshop, email)",
    "CREATE UNIQUE INDEX IF NOT EXISTS training_checkpoint_workshop_offset "
    "ON training_checkpoint (workshop, offset_days)",
    "CREATE INDEX IF NOT EXISTS training_account_event_account_day "
    "ON training_account_event (account, occurred_on)",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="training", description=DESCRIPTION)

    async def create_indexes():
        from training.tables import Checkpoint

        for statement in STATEMENTS:
            await Checkpoint.raw(statement)

    async def drop_indexes():
        from training.tables import Checkpoint

        for name in (
            "training_participant_workshop_email",
            "training_checkpoint_workshop_offset",
            "training_account_event_account_day",
        ):
            await Checkpoint.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
