from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

from app.text import check_lines

Role = Literal["admin", "hr", "cs", "manager"]
ROLES: tuple[str, ...] = ("admin", "hr", "cs", "manager")


class Staff(msgspec.Struct, frozen=True):
    """The signed-in staff member, as handlers see them."""

    id: int
    email: str
    name: str
    role: str
    language: str
    csrf_token: str | None = None
    via_token: bool = False


class SignIn(msgspec.Struct, forbid_unknown_fields=True):
    email: str
    password: str


class StaffUserCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: str
    name: str
    role: Role
    password: str
    language: Literal["en", "ja"] = "en"

    def __post_init__(self) -> None:
        check_lines(self, ("email", "name"))


class StaffUserOut(msgspec.Struct):
    id: int
    email: str
    name: str
    role: str
    language: str
    is_active: bool


class ApiTokenCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``name`` labels the token. Scripts without a session also send ``email`` and
    ``password`` (no CSRF cookie needed); a signed-in user sends only the name."""

    name: str
    email: str | None = None
    password: str | None = msgspec.field(default=None)
    expires_at: dt.datetime | None = None
    """ISO 8601 with a time zone; default: now + ``VOC_API_TOKEN_DAYS`` (90) days."""

    def __post_init__(self) -> None:
        check_lines(self, ("name",))


class ApiTokenCreated(msgspec.Struct):
    id: int
    name: str
    token: str
    """Shown once; only its hash is stored."""
    created_at: dt.datetime
    expires_at: dt.datetime


class ApiTokenOut(msgspec.Struct):
    """A token as listed: never the secret, only its first characters."""

    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime
    status: Literal["active", "expired", "revoked"]


class UserPatch(msgspec.Struct, forbid_unknown_fields=True):
    active: bool | None = None
    role: Role | None = None


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    current_password: str
    new_password: str


class PasswordResetFinish(msgspec.Struct, forbid_unknown_fields=True):
    token: str
    new_password: str
