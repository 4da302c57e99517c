"""``voc user …``: the credential lifecycle from the command line, through the real CLI."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

from app.auth.tables import ApiToken, StaffSession, StaffUser
from surveys.tables import OutboxMessage
from tests.conftest import TEST_SECRET, create_staff

NEW_PASSWORD = "Quiet-Harbour-Lantern-58"


def voc(database_url: str, var_dir: Path, *args: str, password: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOC_")}
    env.update(
        {
            "VOC_DATABASE_URL": database_url,
            "VOC_VAR_DIR": str(var_dir),
            "VOC_SECRET_KEY": TEST_SECRET,
            "VOC_USER_PASSWORD": password,
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "user", *args],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


async def test_tokens_deactivation_password_and_reset(
    database_url: str, db: None, tmp_path: Path
) -> None:
    user = await create_staff("cs", "ops@example.com")
    run = lambda *a, **k: voc(database_url, tmp_path, *a, **k)  # noqa: E731
    assert "ops@example.com\tcs\tactive" in run("list")
    made = run("token-create", "--email", user.email, "--name", "etl", "--expires",
               "2027-06-01T00:00:00+00:00").splitlines()  # fmt: skip
    secret = made[-1]
    assert secret.startswith("voc_") and "expires 2027-06-01T00:00:00+00:00" in made[0]
    listed = run("tokens", "--email", user.email)
    assert "etl" in listed and "active" in listed and secret not in listed
    token_id = (await ApiToken.select(ApiToken.id).first() or {})["id"]
    assert f"token {token_id} revoked" in run("token-revoke", "--email", user.email, "--id",
                                              str(token_id))  # fmt: skip
    assert "revoked" in run("tokens", "--email", user.email)
    assert "inactive" in run("deactivate", "--email", user.email)
    row = await StaffUser.select(StaffUser.is_active).where(StaffUser.id == user.id).first()
    assert row is not None and row["is_active"] is False
    assert "now active" in run("activate", "--email", user.email)
    await StaffSession.insert(
        StaffSession(
            token_hash="x" * 64,
            user=user.id,
            csrf_token="c",
            expires_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
        )
    )
    assert "sessions ended" in run("password", "--email", user.email, password=NEW_PASSWORD)
    assert await StaffSession.count().where(StaffSession.user == user.id) == 0
    assert "reset link queued" in run("reset", "--email", user.email)
    mails = await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.kind)
    assert mails == [{"to_address": user.email, "kind": "staff"}]
