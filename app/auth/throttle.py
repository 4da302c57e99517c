"""Sign-in throttling that holds under any parallelism, on SQLite and PostgreSQL.

Each attempt *reserves* a slot before the password is checked: inside one write transaction
that serialises every attempt on the same keys (SQLite: ``BEGIN IMMEDIATE`` takes the file's
write lock, across processes; PostgreSQL: a transaction-scoped advisory lock per key, across
instances), the recent rows of each key are counted and, if every key is under its limit, one
row per key is written. Only then is the password hashed and compared; a successful attempt
deletes its own rows, a failed one leaves them. So N parallel requests can never evaluate more
passwords than the free slots, and a request beyond them answers 429 without touching argon2.

Keys and limits (all per :data:`WINDOW`):

* ``pair`` — the account from one client address: :data:`PER_CLIENT` failures;
* ``account`` — the account from addresses it has never signed in from, together:
  :data:`PER_ACCOUNT` failures. Addresses the account signed in from during the last
  :data:`FAMILIAR_FOR` are exempt from this one key, so an attacker elsewhere who exhausts it
  cannot lock the real user out from their usual office or home;
* ``address`` — one client address across all accounts: :data:`PER_ADDRESS` failures
  (password spraying).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.auth.passwords import new_token
from app.auth.tables import KnownSignInAddress, SignInFailure
from app.clock import Clock
from app.db import is_postgres, write_transaction

WINDOW = dt.timedelta(minutes=15)
PER_CLIENT = 5
PER_ACCOUNT = 5
PER_ADDRESS = 20
FAMILIAR_FOR = dt.timedelta(days=90)


class SignInThrottled(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many failed sign-ins; try again later")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Reservation:
    """The slots one attempt holds; released on success, kept as failures otherwise."""

    attempt: str
    email: str
    address: str


def _keys(email: str, address: str) -> dict[str, str]:
    return {
        "pair": f"account:{email}|address:{address}",
        "account": f"account:{email}",
        "address": f"address:{address}",
    }


async def _familiar(email: str, address: str, now: dt.datetime) -> bool:
    return await KnownSignInAddress.exists().where(
        (KnownSignInAddress.user.email == email)
        & (KnownSignInAddress.address == address)
        & (KnownSignInAddress.last_success_at >= now - FAMILIAR_FOR)
    )


async def reserve(email: str, address: str, clock: Clock) -> Reservation:
    """Take one slot on every key of this attempt, or raise :class:`SignInThrottled`."""
    keys = _keys(email, address[:64])
    limits = {
        keys["pair"]: PER_CLIENT,
        keys["account"]: PER_ACCOUNT,
        keys["address"]: PER_ADDRESS,
    }

    async def exempt(now: dt.datetime) -> set[str]:
        return {keys["account"]} if await _familiar(email, address[:64], now) else set()

    attempt = await reserve_slots(limits, clock, exempt)
    return Reservation(attempt, email, address[:64])


async def reserve_slots(
    limits: dict[str, int],
    clock: Clock,
    exempt: Callable[[dt.datetime], Awaitable[set[str]]] | None = None,
) -> str:
    """Atomically check ``key: limit`` (failures per :data:`WINDOW`) and take one slot on each
    key; returns the attempt id that :func:`release` frees. Keys in ``exempt(now)`` are
    written but not checked."""
    attempt = new_token(16)[:32]
    async with write_transaction():
        if is_postgres():
            # Sorted, so two attempts sharing keys always lock them in the same order.
            for key in sorted(limits):
                await SignInFailure.raw("SELECT pg_advisory_xact_lock(hashtext({}))", key)
        now = clock.now()
        skip = await exempt(now) if exempt else set()
        since = now - WINDOW
        wait = 0
        for key, limit in limits.items():
            if key in skip:
                continue
            rows = (
                await SignInFailure.select(SignInFailure.failed_at)
                .where((SignInFailure.key == key) & (SignInFailure.failed_at >= since))
                .order_by(SignInFailure.failed_at)
                .limit(limit)
            )
            if len(rows) >= limit:
                oldest = rows[0]["failed_at"]
                wait = max(wait, math.ceil((oldest + WINDOW - now).total_seconds()))
        if wait:
            raise SignInThrottled(max(1, wait))
        await SignInFailure.insert(
            *(SignInFailure(key=key, failed_at=now, attempt=attempt) for key in limits)
        )
    return attempt


async def release(attempt: str) -> None:
    """The attempt succeeded: its slots are not failures."""
    await SignInFailure.delete().where(SignInFailure.attempt == attempt)


async def succeeded(reservation: Reservation, user_id: int, clock: Clock) -> None:
    """The password was right: free this attempt's slots and remember the address."""
    await release(reservation.attempt)
    now = clock.now()
    updated = (
        await KnownSignInAddress.update({KnownSignInAddress.last_success_at: now})
        .where(
            (KnownSignInAddress.user == user_id)
            & (KnownSignInAddress.address == reservation.address)
        )
        .returning(KnownSignInAddress.id)
    )
    if not updated:
        await KnownSignInAddress.insert(
            KnownSignInAddress(user=user_id, address=reservation.address, last_success_at=now)
        )


async def forget_old(clock: Clock) -> None:
    """Drop rows no window can count any more (called by the retention tick)."""
    now = clock.now()
    await SignInFailure.delete().where(SignInFailure.failed_at < now - WINDOW)
    await KnownSignInAddress.delete().where(KnownSignInAddress.last_success_at < now - FAMILIAR_FOR)


async def housekeeping_job(state: Any) -> None:
    """Tick job: at most hourly, drop attempt rows and familiar addresses no rule reads any more
    (sign-in failures are personal data too: who tried from where)."""
    now = state.clock.now()
    last = state.get("sign_in_housekeeping_last_run")
    if last is not None and now - last < dt.timedelta(hours=1):
        return
    state["sign_in_housekeeping_last_run"] = now
    await forget_old(state.clock)
