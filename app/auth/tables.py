from __future__ import annotations

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class StaffUser(Table, tablename="staff_user"):
    id: Serial
    email = Varchar(length=254, unique=True, index=True)
    name = Varchar(length=200)
    role = Varchar(length=16)
    language = Varchar(length=5, default="en")
    password_hash = Varchar(length=255)
    is_active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class StaffSession(Table, tablename="staff_session"):
    """A signed-in browser; only a hash of the cookie value is stored."""

    id: Serial
    token_hash = Varchar(length=64, unique=True, index=True)
    user = ForeignKey(references=StaffUser)
    csrf_token = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class ApiToken(Table, tablename="api_token"):
    """A hashed bearer token for integrations; the clear token is shown once."""

    id: Serial
    user = ForeignKey(references=StaffUser)
    name = Varchar(length=100)
    prefix = Varchar(length=12)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)
    """Past this moment the token answers 401; null only for tokens made before expiry existed."""
    revoked = Boolean(default=False)


class SignInFailure(Table, tablename="sign_in_failure"):
    """One row per sign-in attempt and throttling key, written *before* the password is checked.

    A row reserves one of the key's slots in the window; a successful attempt deletes its
    own rows (by ``attempt``), so what stays are the failures.
    """

    id: Serial
    key = Varchar(length=300, index=True)
    failed_at = Timestamptz(default=TimestamptzNow(), index=True)
    attempt = Varchar(length=32, default="", index=True)


class KnownSignInAddress(Table, tablename="known_sign_in_address"):
    """A client address an account has signed in from; exempt from the account-wide limit."""

    id: Serial
    user = ForeignKey(references=StaffUser)
    address = Varchar(length=64, index=True)
    last_success_at = Timestamptz(default=TimestamptzNow())


class PasswordReset(Table, tablename="password_reset"):
    """A one-time password reset link an admin sent; only a hash of its token is stored."""

    id: Serial
    user = ForeignKey(references=StaffUser)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
