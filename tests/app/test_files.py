"""Data files are owner-only: database, backups, secret key and outbox 0600, folders 0700.

The finding: ``var/voc.sqlite3``, backups and outbox ``.eml`` files (holding respondents'
personal links) were world-readable. These tests run the real CLI (``voc migrate``,
``voc backup``) and the real app lifespan in a folder made with a permissive umask, as an
older version would have left it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.files import secure_var_dir
from app.mail import FileTransport
from app.settings import REPO_ROOT, load_settings
from tests.conftest import USING_POSTGRES

pytestmark = pytest.mark.skipif(USING_POSTGRES, reason="the SQLite file lives in the var folder")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _cli(var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOC_")}
    env.update({"VOC_VAR_DIR": str(var_dir), "PYTHONPATH": str(REPO_ROOT)})
    # The shell's usual umask 022 would make world-readable files without the fix.
    return subprocess.run(
        ["sh", "-c", 'umask 022; exec "$0" -m app.cli "$@"', sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_migrate_and_backup_write_owner_only_files(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    result = _cli(var_dir, "migrate")
    assert result.returncode == 0, result.stderr
    assert mode(var_dir) == 0o700
    assert mode(var_dir / "secret_key") == 0o600
    assert mode(var_dir / "voc.sqlite3") == 0o600
    backup = _cli(var_dir, "backup")
    assert backup.returncode == 0, backup.stderr
    (written,) = (var_dir / "backups").iterdir()
    assert mode(var_dir / "backups") == 0o700 and mode(written) == 0o600


def test_start_up_tightens_what_an_older_version_left(tmp_path: Path, loose_umask: None) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir(mode=0o755)
    (var_dir / "secret_key").write_text("k" * 48)
    database = var_dir / "voc.sqlite3"
    database.write_bytes(b"")
    (var_dir / "voc.sqlite3-wal").write_bytes(b"")
    outbox = var_dir / "outbox"
    outbox.mkdir(mode=0o755)
    (outbox / "old.eml").write_text("To: r@example.com\n\nhttps://x/r/secret-token\n")
    for path in (var_dir / "secret_key", database, outbox / "old.eml"):
        path.chmod(0o644)
    settings = load_settings({"VOC_VAR_DIR": str(var_dir)})
    secure_var_dir(settings)
    assert mode(var_dir) == 0o700 and mode(outbox) == 0o700
    for path in (var_dir / "secret_key", database, var_dir / "voc.sqlite3-wal", outbox / "old.eml"):
        assert mode(path) == 0o600, path


async def test_outbox_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    from app.files import private_umask

    previous = os.umask(0o022)
    try:
        private_umask()
        async with FileTransport(folder) as transport:
            await transport.send("a@x.example", "b@x.example", b"Subject: s\r\n\r\nlink", "<m1@x>")
    finally:
        os.umask(previous)
    (written,) = folder.iterdir()
    assert mode(folder) == 0o700 and mode(written) == 0o600
    shutil.rmtree(folder)
