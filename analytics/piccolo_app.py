from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="analytics",
    migrations_folder_path=Path(__file__).resolve().parent.parent / "migrations" / "analytics",
    table_classes=table_finder(modules=["analytics.tables"], exclude_imported=True),
    migration_dependencies=["surveys.piccolo_app"],
    commands=[],
)
