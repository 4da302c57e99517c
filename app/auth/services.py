"""Staff accounts, sessions, API tokens and sign-in rate limiting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.auth import throttle
from app.auth.passwords import hash_password, new_token, token_hash, verify_password
from app.auth.schemas import ROLES, ApiTokenCreated, Staff, StaffUserOut
from app.auth.tables import ApiToken, StaffSession, StaffUser
from app.clock import Clock

SESSION_LIFETIME = dt.timedelta(hours=12)
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
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def create_user(
        self, email: str, name: str, role: str, password: str, language: str = "en"
    ) -> StaffUserOut:
        email = email.strip().lower()
        if not EMAIL_RE.match(email):
            raise StaffInputError("email", f"not a valid email address: {email!r}")
        if role not in ROLES:
            raise StaffInputError("role", f"role must be one of {', '.join(ROLES)}")
        if len(password) < 10:
            raise StaffInputError("password", "password must have at least 10 characters")
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
        row = (
            await ApiToken.select(ApiToken.id, *ApiToken.user.all_columns())
            .where((ApiToken.token_hash == token_hash(token)) & (ApiToken.revoked == False))  # noqa: E712
            .first()
        )
        if not row or not row["user.is_active"]:
            return None
        await ApiToken.update({ApiToken.last_used_at: self.clock.now()}).where(
            ApiToken.id == row["id"]
        )
        user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
        return _staff(user, via_token=True)

    async def create_api_token(self, user_id: int, name: str) -> ApiTokenCreated:
        if not name.strip():
            raise StaffInputError("name", "a token needs a name")
        token = "voc_" + new_token(32)
        now = self.clock.now()
        row = ApiToken(
            user=user_id,
            name=name.strip()[:100],
            prefix=token[:12],
            token_hash=token_hash(token),
            created_at=now,
        )
        await row.save()
        return ApiTokenCreated(id=row.id, name=row.name, token=token, created_at=now)
