"""Files the service writes are its own: owner-only permissions (0600 files, 0700 folders).

The SQLite database, its WAL, backups, the secret key, cached PDF reports and outbox ``.eml``
files (which hold respondents' personal links) must not be readable by other accounts on the
machine. The process umask is set to 077 at start-up, so everything created from then on —
including files SQLite and WeasyPrint create on their own — is private; files and folders made
by an earlier version are tightened by :func:`secure_var_dir` on every start.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_umask() -> None:
    """Every file and folder this process creates from now on is owner-only."""
    os.umask(0o077)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> None:
    """Make an existing file 0600 (a missing one is fine)."""
    _chmod(path, PRIVATE_FILE)


def _chmod(path: Path, mode: int) -> None:
    try:
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)
    except FileNotFoundError:
        pass
    except PermissionError:  # not ours (a shared mount): leave it, nothing better to do
        pass


def secure_var_dir(settings: Any) -> None:
    """Tighten the data folder and what is in it: database, key, backups, outbox, reports."""
    var_dir = Path(settings.var_dir)
    private_dir(var_dir)
    private_file(var_dir / "secret_key")
    if settings.is_sqlite:
        database = Path(settings.sqlite_path)
        if database.parent.resolve() == var_dir.resolve():
            private_dir(database.parent)
        for suffix in ("", "-wal", "-shm", "-journal"):
            private_file(database.with_name(database.name + suffix))
    for folder in (var_dir / "backups", var_dir / "reports", Path(settings.outbox_dir)):
        if folder.is_dir():
            private_dir(folder)
            for entry in folder.rglob("*"):
                (private_dir if entry.is_dir() else private_file)(entry)
