from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T14:31:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for segment breakdowns and their sync"


class ResponseSegment(Table, tablename="response_segment"):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="analytics", description=DESCRIPTION)

    async def create_index() -> None:
        # Breakdowns read only this index; Piccolo cannot declare composite indexes.
        await ResponseSegment.raw(
            "CREATE INDEX response_segment_cover ON response_segment "
            "(survey_id, dimension, value, nps_score, sentiment_label, sentiment_polarity)"
        )
        # The segment sync reads answers changed since its watermark.
        await ResponseSegment.raw(
            "CREATE INDEX survey_response_survey_updated ON survey_response (survey, updated_at)"
        )

    async def drop_index() -> None:
        await ResponseSegment.raw("DROP INDEX response_segment_cover")
        await ResponseSegment.raw("DROP INDEX survey_response_survey_updated")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
