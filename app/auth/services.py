"""Staff accounts, sessions, API tokens and sign-in rate limiting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from app.auth import throttle
from app.auth.passwords import hash_password, new_token, token_hash, verify_password
from app.auth.policy import password_problem
from app.auth.schemas import ROLES, ApiTokenCreated, ApiTokenOut, Staff, StaffUserOut
from app.auth.tables import ApiToken, PasswordReset, StaffSession, StaffUser
from app.clock import Clock

SESSION_LIFETIME = dt.timedelta(hours=12)
DEFAULT_TOKEN_LIFETIME = dt.timedelta(days=90)
MAX_TOKEN_LIFETIME = dt.timedelta(days=730)
RESET_LIFETIME = dt.timedelta(hours=24)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SignInRejected(Exception):
    """Wrong email or password (deliberately not saying which)."""


class StaffInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class SignedIn:
    session_token: str
    staff: Staff


def _staff(row: dict, csrf: str | None = None, via_token: bool = False) -> Staff:
    return Staff(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=row["role"],
        language=row["language"],
        csrf_token=csrf,
        via_token=via_token,
    )


class AuthService:
    def __init__(self, clock: Clock, token_lifetime: dt.timedelta = DEFAULT_TOKEN_LIFETIME) -> None:
        self.clock = clock
        self.token_lifetime = token_lifetime

    async def create_user(
        self, email: str, name: str, role: str, password: str, language: str = "en"
    ) -> StaffUserOut:
        email = email.strip().lower()
        if not EMAIL_RE.match(email):
            raise StaffInputError("email", f"not a valid email address: {email!r}")
        if role not in ROLES:
            raise StaffInputError("role", f"role must be one of {', '.join(ROLES)}")
        if problem := password_problem(password, email, name):
            raise StaffInputError("password", problem)
        if language not in {"en", "ja"}:
            raise StaffInputError("language", "language must be en or ja")
        if await StaffUser.exists().where(StaffUser.email == email):
            raise StaffInputError("email", f"a staff account for {email} already exists")
        user = StaffUser(
            email=email,
            name=name.strip() or email,
            role=role,
            language=language,
            password_hash=hash_password(password),
        )
        await user.save()
        return StaffUserOut(
            id=user.id, email=email, name=user.name, role=role, language=language, is_active=True
        )

    async def list_users(self) -> list[StaffUserOut]:
        rows = await StaffUser.select().order_by(StaffUser.email)
        return [
            StaffUserOut(
                id=r["id"],
                email=r["email"],
                name=r["name"],
                role=r["role"],
                language=r["language"],
                is_active=r["is_active"],
            )
            for r in rows
        ]

    async def set_role(self, user_id: int, role: str) -> None:
        if role not in ROLES:
            raise StaffInputError("role", f"role must be one of {', '.join(ROLES)}")
        await StaffUser.update({StaffUser.role: role}).where(StaffUser.id == user_id)

    async def sign_in(self, email: str, password: str, address: str) -> SignedIn:
        email = email.strip().lower()[:254]
        reservation = await throttle.reserve(email, address, self.clock)
        row = await StaffUser.select().where(StaffUser.email == email).first()
        ok = verify_password(row["password_hash"] if row else None, password)
        if not row or not ok or not row["is_active"]:
            raise SignInRejected()
        await throttle.succeeded(reservation, row["id"], self.clock)
        token, csrf = new_token(32), new_token(24)
        now = self.clock.now()
        await StaffSession.insert(
            StaffSession(
                token_hash=token_hash(token),
                user=row["id"],
                csrf_token=csrf,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
        return SignedIn(session_token=token, staff=_staff(row, csrf))

    async def sign_out(self, session_token: str) -> None:
        await StaffSession.delete().where(StaffSession.token_hash == token_hash(session_token))

    async def from_session(self, session_token: str) -> Staff | None:
        row = (
            await StaffSession.select(
                StaffSession.csrf_token,
                StaffSession.expires_at,
                *StaffSession.user.all_columns(),
            )
            .where(StaffSession.token_hash == token_hash(session_token))
            .first()
        )
        if not row or row["expires_at"] < self.clock.now() or not row["user.is_active"]:
            return None
        user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
        return _staff(user, row["csrf_token"])

    async def from_api_token(self, token: str) -> Staff | None:
        now = self.clock.now()
        row = (
            await ApiToken.select(
                ApiToken.id, ApiToken.created_at, ApiToken.expires_at, *ApiToken.user.all_columns()
            )
            .where((ApiToken.token_hash == token_hash(token)) & (ApiToken.revoked == False))  # noqa: E712
            .first()
        )
        if not row or not row["user.is_active"]:
            return None
        # Tokens made before expiry existed live the default lifetime from their creation.
        expires_at = row["expires_at"] or row["created_at"] + DEFAULT_TOKEN_LIFETIME
        if expires_at <= now:
            return None
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
        user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
        return _staff(user, via_token=True)

    async def create_api_token(
        self, user_id: int, name: str, expires_at: dt.datetime | None = None
    ) -> ApiTokenCreated:
        if not name.strip():
            raise StaffInputError("name", "a token needs a name")
        now = self.clock.now()
        if expires_at is None:
            expires_at = now + self.token_lifetime
        if expires_at.tzinfo is None:
            raise StaffInputError(
                "expires_at", "expires_at needs a time zone, e.g. 2027-03-01T00:00:00Z"
            )
        if expires_at <= now:
            raise StaffInputError("expires_at", "expires_at must be in the future")
        if expires_at > now + MAX_TOKEN_LIFETIME:
            raise StaffInputError("expires_at", "a token may live at most 730 days")
        token = "voc_" + new_token(32)
        row = ApiToken(
            user=user_id,
            name=name.strip()[:100],
            prefix=token[:12],
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
        await row.save()
        return ApiTokenCreated(
            id=row.id, name=row.name, token=token, created_at=now, expires_at=expires_at
        )

    async def list_api_tokens(self, user_id: int) -> list[ApiTokenOut]:
        """The user's tokens, newest first; never the secret, only its first characters."""
        rows = (
            await ApiToken.select()
            .where(ApiToken.user == user_id)
            .order_by(ApiToken.id, ascending=False)
        )
        now = self.clock.now()
        out = []
        for r in rows:
            expires_at = r["expires_at"] or r["created_at"] + DEFAULT_TOKEN_LIFETIME
            status: Literal["active", "expired", "revoked"] = (
                "revoked" if r["revoked"] else "expired" if expires_at <= now else "active"
            )
            out.append(
                ApiTokenOut(
                    id=r["id"],
                    name=r["name"],
                    prefix=r["prefix"],
                    created_at=r["created_at"],
                    last_used_at=r["last_used_at"],
                    expires_at=expires_at,
                    status=status,
                )
            )
        return out

    async def revoke_api_token(self, user_id: int | None, token_id: int) -> bool:
        """Revoke one token (of ``user_id``; any user's when None); False if there is none."""
        where: Any = ApiToken.id == token_id
        if user_id is not None:
            where = where & (ApiToken.user == user_id)
        changed = (
            await ApiToken.update({ApiToken.revoked: True}).where(where).returning(ApiToken.id)
        )
        return bool(changed)

    async def set_active(self, user_id: int, active: bool, by: int) -> StaffUserOut:
        """Deactivate (sessions end, tokens stop at once) or reactivate a staff account."""
        if not active and user_id == by:
            raise StaffInputError("active", "you cannot deactivate your own account")
        updated = (
            await StaffUser.update({StaffUser.is_active: active})
            .where(StaffUser.id == user_id)
            .returning(StaffUser.id)
        )
        if not updated:
            raise LookupError(user_id)
        if not active:
            await StaffSession.delete().where(StaffSession.user == user_id)
        return await self.get_user(user_id)

    async def get_user(self, user_id: int) -> StaffUserOut:
        r = await StaffUser.select().where(StaffUser.id == user_id).first()
        if r is None:
            raise LookupError(user_id)
        return StaffUserOut(
            id=r["id"],
            email=r["email"],
            name=r["name"],
            role=r["role"],
            language=r["language"],
            is_active=r["is_active"],
        )

    async def change_password(
        self, user_id: int, current: str, new: str, keep_session: str | None
    ) -> None:
        """Change one's own password; every other session of the account ends."""
        row = await StaffUser.select().where(StaffUser.id == user_id).first()
        if row is None:
            raise LookupError(user_id)
        # A stolen session must not become a password-guessing oracle: 5 wrong per window.
        attempt = await throttle.reserve_slots(
            {f"password-change:{user_id}": throttle.PER_CLIENT}, self.clock
        )
        if not verify_password(row["password_hash"], current):
            raise StaffInputError("current_password", "the current password is wrong")
        await throttle.release(attempt)
        await self._set_password(row, new)
        others: Any = StaffSession.user == user_id
        if keep_session:
            others = others & (StaffSession.token_hash != token_hash(keep_session))
        await StaffSession.delete().where(others)

    async def set_password(self, user_id: int, new: str) -> None:
        """An operator sets the password (``voc user password``); every session ends."""
        row = await StaffUser.select().where(StaffUser.id == user_id).first()
        if row is None:
            raise LookupError(user_id)
        await self._set_password(row, new)
        await StaffSession.delete().where(StaffSession.user == user_id)

    async def _set_password(self, row: dict, new: str) -> None:
        if problem := password_problem(new, row["email"], row["name"]):
            raise StaffInputError("new_password", problem)
        if verify_password(row["password_hash"], new):
            raise StaffInputError("new_password", "choose a password you have not used here")
        await StaffUser.update({StaffUser.password_hash: hash_password(new)}).where(
            StaffUser.id == row["id"]
        )

    async def start_password_reset(self, user_id: int) -> tuple[StaffUserOut, str]:
        """A one-time reset token for ``user_id`` (earlier unused ones stop working)."""
        user = await self.get_user(user_id)
        if not user.is_active:
            raise StaffInputError("active", "reactivate the account before resetting its password")
        now = self.clock.now()
        await PasswordReset.update({PasswordReset.used_at: now}).where(
            (PasswordReset.user == user_id) & PasswordReset.used_at.is_null()
        )
        token = new_token(32)
        await PasswordReset.insert(
            PasswordReset(
                user=user_id,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + RESET_LIFETIME,
            )
        )
        return user, token

    async def reset_valid(self, token: str) -> bool:
        now = self.clock.now()
        return await PasswordReset.exists().where(
            (PasswordReset.token_hash == token_hash(token))
            & PasswordReset.used_at.is_null()
            & (PasswordReset.expires_at > now)
            & (PasswordReset.user.is_active == True)  # noqa: E712
        )

    async def finish_password_reset(self, token: str, new: str) -> None:
        """Set a new password with a reset link: once, before it expires; all sessions end."""
        now = self.clock.now()
        # Claim the link first, so two parallel submissions cannot both use it.
        claimed = (
            await PasswordReset.update({PasswordReset.used_at: now})
            .where(
                (PasswordReset.token_hash == token_hash(token))
                & PasswordReset.used_at.is_null()
                & (PasswordReset.expires_at > now)
            )
            .returning(PasswordReset.id, PasswordReset.user)
        )
        if not claimed:
            raise StaffInputError("token", "this reset link is invalid, used or expired")
        row = await StaffUser.select().where(StaffUser.id == claimed[0]["user"]).first()
        if row is None or not row["is_active"]:
            raise StaffInputError("token", "this reset link is invalid, used or expired")
        try:
            await self._set_password(row, new)
        except StaffInputError:
            # A refused password does not spend the link.
            await PasswordReset.update({PasswordReset.used_at: None}).where(
                PasswordReset.id == claimed[0]["id"]
            )
            raise
        await StaffSession.delete().where(StaffSession.user == row["id"])
