from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T09:54:37:000000"
VERSION = "1.38.0"
DESCRIPTION = "one eNPS release per (survey, release number)"


class EnpsRelease(Table, tablename="enps_release"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="analytics", description=DESCRIPTION)

    async def create_index() -> None:
        # Two instances cutting the same release at once: the second insert fails and reads
        # the first one's release instead. Piccolo cannot declare composite unique indexes.
        await EnpsRelease.raw(
            "CREATE UNIQUE INDEX enps_release_survey_no ON enps_release (survey_id, release_no)"
        )

    async def drop_index() -> None:
        await EnpsRelease.raw("DROP INDEX enps_release_survey_no")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
