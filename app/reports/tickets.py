"""Report job tickets: what a background report renders and who may poll and download it.

A slow report answers 202 with a ticket instead of the bare cache key. The ticket is signed
with the app's secret (HMAC-SHA256) and says which cached PDF it opens, its file name, the
audience of its subject (``customer``, ``employee`` or None for reports any reader may see),
the staff member who asked and when. Status and download re-check it on every call: the
caller must be the one who asked (or an admin) and their role *now* must still read that
audience (:mod:`app.auth.audience`), so a ticket started by hr for an eNPS report answers 404
to cs or a manager, and 403 to the same hr user once demoted. Tickets are stateless, so any
app instance sharing the report folder serves them; they expire after ``TICKET_HOURS``.
They are secrets in a URL, so the access log redacts them (:func:`app.logs.redact`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import re

import msgspec

from app.auth.audience import may_read
from app.auth.schemas import Staff

__all__ = ["TICKET_HOURS", "ReportTicket", "TicketRefused", "issue_ticket", "open_ticket"]

TICKET_HOURS = 24
_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,1500}\.[A-Za-z0-9_-]{43}")


class ReportTicket(msgspec.Struct, frozen=True, array_like=True):
    """What one report job renders (``key``: the report cache key) and for whom."""

    key: str
    kind: str
    filename: str
    audience: str | None
    staff_id: int
    issued_at: int  # unix seconds


class TicketRefused(Exception):
    """Not a valid ticket for this caller. ``status`` 404 hides the job, 403 names the rule."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    key = hashlib.sha256(b"voc report ticket\0" + secret.encode()).digest()
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())


def issue_ticket(secret: str, ticket: ReportTicket) -> str:
    payload = _b64(msgspec.json.encode(ticket))
    return f"{payload}.{_mac(secret, payload)}"


def open_ticket(secret: str, text: str, staff: Staff, now: dt.datetime) -> ReportTicket:
    """The ticket if ``staff`` may use it now; else :class:`TicketRefused`."""
    if not _SHAPE.fullmatch(text):
        raise TicketRefused(404, "no such report")
    payload, mac = text.split(".")
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        raise TicketRefused(404, "no such report")
    try:
        ticket = msgspec.json.decode(_unb64(payload), type=ReportTicket)
    except (msgspec.DecodeError, msgspec.ValidationError, binascii.Error, ValueError):
        raise TicketRefused(404, "no such report") from None
    if now.timestamp() - ticket.issued_at > TICKET_HOURS * 3600:
        raise TicketRefused(404, "this report link has expired: ask for the report again")
    # Someone else's job does not exist for the caller (no hint that it does).
    if ticket.staff_id != staff.id and staff.role != "admin":
        raise TicketRefused(404, "no such report")
    if ticket.audience is not None and not may_read(staff, ticket.audience):
        raise TicketRefused(403, f"the role {staff.role} may not read this report")
    return ticket
