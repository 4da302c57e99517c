from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import REPO_ROOT, SettingsError, load_settings


class TestLoadSettings:
    def test_defaults(self, tmp_path: Path) -> None:
        settings = load_settings({"VOC_VAR_DIR": str(tmp_path)})
        assert settings.database_url == f"sqlite:///{tmp_path / 'voc.sqlite3'}"
        assert settings.min_group_size == 5
        assert settings.base_url == "http://127.0.0.1:8000"
        assert settings.smtp_host is None
        assert not settings.cookie_secure

    def test_secret_key_generated_once_into_var(self, tmp_path: Path) -> None:
        first = load_settings({"VOC_VAR_DIR": str(tmp_path)}).secret_key
        second = load_settings({"VOC_VAR_DIR": str(tmp_path)}).secret_key
        assert first == second and len(first) >= 32
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("VOC_SMTP_PORT", "abc"),
            ("VOC_SMTP_PORT", "70000"),
            ("VOC_MIN_GROUP_SIZE", "1"),
            ("VOC_DATABASE_URL", "mysql://x"),
            ("VOC_BASE_URL", "ftp://x"),
            ("VOC_TIMEZONE", "Mars/Olympus"),
            ("VOC_SMTP_TLS", "maybe"),
            ("VOC_SECRET_KEY", "short"),
            ("VOC_COOKIE_SECURE", "perhaps"),
        ],
    )
    def test_bad_value_names_the_variable(self, tmp_path: Path, name: str, value: str) -> None:
        with pytest.raises(SettingsError) as info:
            load_settings({"VOC_VAR_DIR": str(tmp_path), name: value})
        assert name in str(info.value)

    def test_bad_setting_refused_at_start_up(self, tmp_path: Path) -> None:
        env = {"VOC_VAR_DIR": str(tmp_path), "VOC_SMTP_PORT": "not-a-port", "PATH": "/usr/bin"}
        result = subprocess.run(
            [sys.executable, "-m", "app.cli", "serve", "--port", "8999"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert "VOC_SMTP_PORT" in lines[0]
