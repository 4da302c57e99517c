"""The static files (stylesheet, script, icon) from memory, with a validator (a lane).

Every respondent page pulls ``/static/app.css`` and the icon: a phone that opens its link,
answers and sees the thank-you page asks for them again each time. Served from memory with
a strong ETag (a hash of the content) and ``Cache-Control: public, max-age=600``: within ten
minutes the browser does not ask at all, later it revalidates and gets ``304 Not Modified``
without a body. A file changed on disk is read again (its size and mtime are checked on each
request), so a deploy is visible at once to anyone revalidating.

Only the files present at start-up with a known type take this lane (the names are a fixed
set, so no path a client sends can reach another file); anything else, HEAD included, is
served by Litestar's static router as before.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

from litestar import Litestar
from litestar.types import Scope

from app.front import Reply, content_headers

PREFIX = "/static/"
CACHE_CONTROL = b"public, max-age=600"
TYPES = {
    ".css": b"text/css; charset=utf-8",
    ".js": b"text/javascript; charset=utf-8",
    ".svg": b"image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class _Loaded:
    stamp: tuple[int, int]
    etag: bytes
    ok: Reply
    not_modified: Reply


def _matches(header: bytes, etag: bytes) -> bool:
    """``If-None-Match`` names this version (weak comparison, lists and ``*`` allowed)."""
    for candidate in header.split(b","):
        candidate = candidate.strip().removeprefix(b"W/")
        if candidate in (etag, b"*"):
            return True
    return False


class StaticLane:
    """``GET /static/{name}`` for the files of ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = (
            {p.name for p in folder.iterdir() if p.is_file() and p.suffix in TYPES}
            if folder.is_dir()
            else set()
        )
        self._loaded: dict[str, _Loaded] = {}

    def _load(self, name: str) -> _Loaded | None:
        path = self.folder / name
        try:
            status = os.stat(path)
        except OSError:
            return None
        stamp = (status.st_mtime_ns, status.st_size)
        loaded = self._loaded.get(name)
        if loaded is not None and loaded.stamp == stamp:
            return loaded
        try:
            body = path.read_bytes()
        except OSError:
            return None
        etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode() + b'"'
        modified = formatdate(status.st_mtime, usegmt=True).encode()
        validators = [(b"cache-control", CACHE_CONTROL), (b"etag", etag)]
        ok = Reply(
            200,
            content_headers([*validators, (b"last-modified", modified)], TYPES[path.suffix], body),
            body,
        )
        loaded = self._loaded[name] = _Loaded(stamp, etag, ok, Reply(304, validators, b""))
        return loaded

    async def __call__(self, scope: Scope, app: Litestar) -> Reply | None:
        name = scope["path"][len(PREFIX) :]
        if name not in self.names:
            return None
        loaded = self._load(name)
        if loaded is None:
            return None
        for key, value in scope["headers"]:
            if key == b"if-none-match" and _matches(value, loaded.etag):
                return loaded.not_modified
        return loaded.ok
