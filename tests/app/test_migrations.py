from __future__ import annotations

import os
import subprocess
import sys

from app.db import all_table_classes
from app.settings import REPO_ROOT
from tests.conftest import TEST_SECRET


class TestMigrations:
    async def test_every_table_exists_after_migrating(self, database_url: str, db: None) -> None:
        for table in all_table_classes():
            assert await table.table_exists(), f"{table._meta.tablename} was not migrated"

    async def test_nothing_left_unmigrated(self, database_url: str, tmp_path: object) -> None:
        env = {
            **os.environ,
            "VOC_DATABASE_URL": database_url,
            "VOC_SECRET_KEY": TEST_SECRET,
            "PICCOLO_CONF": "piccolo_conf",
        }
        for app_name in ("staff", "surveys", "training", "analytics"):
            result = subprocess.run(
                [sys.executable, "-m", "piccolo.main", "migrations", "check", app_name],
                cwd=REPO_ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stderr
            assert "❌" not in result.stdout, result.stdout

    async def test_migrations_match_tables(self, tmp_path: object) -> None:
        """The committed migrations describe the tables exactly: --auto finds no changes."""
        env = {**os.environ, "VOC_SECRET_KEY": TEST_SECRET, "PICCOLO_CONF": "piccolo_conf"}
        env["VOC_DATABASE_URL"] = f"sqlite:///{tmp_path}/check.sqlite3"
        for app_name in ("staff", "surveys", "training", "analytics"):
            result = subprocess.run(
                [sys.executable, "-m", "piccolo.main", "migrations", "new", app_name, "--auto"],
                cwd="/tmp",
                env={**env, "PYTHONPATH": str(REPO_ROOT)},
                capture_output=True,
                text=True,
                check=False,
                input="n\n",
            )
            assert "No changes detected" in result.stdout + result.stderr, (
                f"{app_name} tables differ from its migrations:\n{result.stdout}{result.stderr}"
            )
