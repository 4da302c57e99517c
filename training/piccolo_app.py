from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="training",
    migrations_folder_path=Path(__file__).resolve().parent.parent / "migrations" / "training",
    table_classes=table_finder(modules=["training.tables"], exclude_imported=True),
    migration_dependencies=["app.auth.piccolo_app"],
    commands=[],
)
