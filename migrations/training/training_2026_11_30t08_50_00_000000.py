"""Feedback surveys of internal (staff) workshops are employee surveys.

They were created with ``audience=customer``, so managers could download employees' names and
comments. From now on checkpoint surveys of internal workshops are created as ``employee``
(hr only, eNPS anonymity rules); this moves the existing ones.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T08:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "internal workshops' surveys are employee surveys"


class Survey(Table, tablename="survey"):
    pass


async def internal_workshop_surveys_to_employee() -> None:
    if not await Survey.table_exists():  # the surveys app is not installed
        return
    await Survey.raw(
        "UPDATE survey SET audience = 'employee' WHERE audience <> 'employee' "
        "AND workshop_id IN (SELECT id FROM training_workshop WHERE kind = 'internal')"
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="training", description=DESCRIPTION)
    manager.add_raw(internal_workshop_surveys_to_employee)
    return manager
