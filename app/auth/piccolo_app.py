from pathlib import Path

from piccolo.conf.apps import AppConfig

from app.auth.tables import (
    ApiToken,
    KnownSignInAddress,
    PasswordReset,
    SignInFailure,
    StaffSession,
    StaffUser,
)

APP_CONFIG = AppConfig(
    app_name="staff",
    migrations_folder_path=Path(__file__).resolve().parents[2] / "migrations" / "staff",
    table_classes=[
        StaffUser,
        StaffSession,
        ApiToken,
        SignInFailure,
        KnownSignInAddress,
        PasswordReset,
    ],
    migration_dependencies=[],
    commands=[],
)
