"""Download helpers for controllers: a safe ``Content-Disposition`` for a report PDF."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import quote

__all__ = ["attachment_header", "report_filename"]


def report_filename(kind: str, name: str, when: dt.date, lang: str) -> str:
    """``workshop-onboarding-excellence-2026-11-24-en.pdf`` style file name (may hold
    Japanese characters; :func:`attachment_header` encodes it)."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")[:60] or "report"
    return f"{kind}-{text}-{when.isoformat()}-{lang}.pdf"


def attachment_header(filename: str) -> str:
    """RFC 6266 ``attachment`` with an ASCII fallback and the UTF-8 name (RFC 5987)."""
    ascii_name = (
        unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "report.pdf"
    )
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name)
    ascii_name = re.sub(r"-{2,}", "-", ascii_name).strip("-") or "report.pdf"
    if not ascii_name.endswith(".pdf"):
        ascii_name += ".pdf"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
