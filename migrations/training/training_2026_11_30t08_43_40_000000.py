"""Composite unique constraints of account health: one usage row per account and month, one
score per account and day, one risk alert per score."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T08:43:40:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique (account, month), (account, scored_on) for health"

STATEMENTS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS training_account_usage_account_month "
    "ON training_account_usage (account, month)",
    "CREATE UNIQUE INDEX IF NOT EXISTS training_account_health_account_day "
    "ON training_account_health (account, scored_on)",
    "CREATE UNIQUE INDEX IF NOT EXISTS training_health_alert_account_day "
    "ON training_health_alert (account, scored_on)",
)
NAMES = (
    "training_account_usage_account_month",
    "training_account_health_account_day",
    "training_health_alert_account_day",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="training", description=DESCRIPTION)

    async def create_indexes():
        from training.tables import AccountHealth

        for statement in STATEMENTS:
            await AccountHealth.raw(statement)

    async def drop_indexes():
        from training.tables import AccountHealth

        for name in NAMES:
            await AccountHealth.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
