"""Report cache: a PDF is stored under a key that hashes its input data, so it stays valid
until the data (or the templates) change.

The key covers the report kind, the language, the renderer fingerprint (templates + version)
and the msgspec JSON encoding of the view model. Views must therefore hold data only, not the
time of generation (builders take ``generated_at`` separately). Files live in
``<var_dir>/reports/<key[:2]>/<key>.pdf`` and are written atomically (temp file + rename), so
concurrent instances sharing a folder never read half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from app.reports.engine import renderer_fingerprint

__all__ = ["ReportCache", "report_key"]

_encoder = msgspec.json.Encoder(order="deterministic")


def report_key(kind: str, lang: str, view: Any) -> str:
    """SHA-256 hex key of (kind, lang, renderer fingerprint, view data)."""
    digest = hashlib.sha256()
    digest.update(f"{kind}\0{lang}\0{renderer_fingerprint()}\0".encode())
    digest.update(_encoder.encode(view))
    return digest.hexdigest()


class ReportCache:
    """PDFs on disk keyed by :func:`report_key`; ``root`` is normally ``var_dir / "reports"``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def for_settings(cls, settings: Any) -> ReportCache:
        return cls(Path(settings.var_dir) / "reports")

    key = staticmethod(report_key)

    def path(self, key: str) -> Path:
        if len(key) < 8 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError("not a report cache key")
        return self.root / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, pdf: bytes) -> Path:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pdf)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def get_or_build(self, key: str, build: Callable[[], bytes]) -> bytes:
        cached = self.get(key)
        if cached is not None:
            return cached
        pdf = build()
        self.put(key, pdf)
        return pdf

    def prune(self, keep: int = 500) -> int:
        """Delete all but the ``keep`` most recently written PDFs; returns how many went."""
        files = sorted(self.root.glob("*/*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
        return max(0, len(files) - keep)
