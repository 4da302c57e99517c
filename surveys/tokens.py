"""Respondent link tokens: 192 random bits in the link, only a SHA-256 hash in the database."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_BYTES = 24
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    """A URL-safe random token of 192 bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def looks_like_token(value: str) -> bool:
    """Cheap shape check so garbage never reaches the database."""
    return bool(_TOKEN_RE.match(value))
