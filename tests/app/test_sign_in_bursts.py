"""Sign-in throttling against real ``voc serve`` processes, with truly parallel requests.

Litestar's test client serialises requests, so these bursts go over loopback HTTP to uvicorn
(two instances on one database: the limit holds across instances too), on SQLite and on
PostgreSQL (whichever ``VOC_TEST_DATABASE_URL`` selects).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.auth.tables import SignInFailure
from app.auth.throttle import PER_ACCOUNT, PER_CLIENT
from tests.conftest import PASSWORD, create_staff
from tests.reliability.support import AppProcess, app_env, start_all
from tests.smtp import free_port

pytestmark = pytest.mark.slow

WRONG = "not the right password"


def _serve(database_url: str, var_dir: Path, trust_loopback: bool) -> Iterator[list[str]]:
    processes = []
    for i in range(2):
        port = free_port()
        env = app_env(database_url, var_dir, port)
        env.pop("FORWARDED_ALLOW_IPS", None)
        if trust_loopback:
            env["VOC_FORWARDED_ALLOW_IPS"] = "127.0.0.1"
        processes.append(AppProcess(env, port, var_dir / f"app{i}.log"))
    try:
        start_all(processes)
        yield [p.url for p in processes]
    finally:
        for process in processes:
            process.stop()


@pytest.fixture
def servers(database_url: str, db: None, tmp_path: Path) -> Iterator[list[str]]:
    """Two app instances on the test database, trusting no proxy (the default)."""
    yield from _serve(database_url, tmp_path, trust_loopback=False)


@pytest.fixture
def proxied_servers(database_url: str, db: None, tmp_path: Path) -> Iterator[list[str]]:
    """Two app instances behind a "balancer" on loopback whose X-Forwarded-For they trust."""
    yield from _serve(database_url, tmp_path, trust_loopback=True)


async def _burst(
    urls: list[str], email: str, passwords: list[str], forwarded_for: str | None = None
) -> list[httpx.Response]:
    """Every password in parallel, one connection each, spread over the instances."""
    async with httpx.AsyncClient(
        timeout=60, limits=httpx.Limits(max_connections=len(passwords))
    ) as client:
        page = await client.get(f"{urls[0]}/sign-in")  # staff pages mint the CSRF cookie
        csrf = page.cookies["voc_csrf"]
        headers = {"x-csrf-token": csrf}
        if forwarded_for:
            headers["x-forwarded-for"] = forwarded_for
        start = asyncio.Event()

        async def one(i: int, password: str) -> httpx.Response:
            await start.wait()
            return await client.post(
                f"{urls[i % len(urls)]}/api/auth/sign-in",
                json={"email": email, "password": password},
                headers=headers,
            )

        tasks = [asyncio.create_task(one(i, p)) for i, p in enumerate(passwords)]
        await asyncio.sleep(0)
        start.set()
        return list(await asyncio.gather(*tasks))


async def test_sixty_parallel_wrong_passwords_evaluate_five(servers: list[str]) -> None:
    user = await create_staff("admin")
    replies = await _burst(servers, user.email, [WRONG] * 60)
    statuses = Counter(r.status_code for r in replies)
    assert statuses == {401: PER_CLIENT, 429: 60 - PER_CLIENT}, statuses
    throttled = [r for r in replies if r.status_code == 429]
    assert all(int(r.headers["retry-after"]) > 0 for r in throttled)
    assert all(r.json()["status"] == 429 for r in throttled)


async def test_the_real_password_inside_a_burst_gets_no_extra_guess(servers: list[str]) -> None:
    user = await create_staff("cs")
    passwords = [WRONG] * 50
    passwords[46] = PASSWORD
    replies = await _burst(servers, user.email, passwords)
    statuses = Counter(r.status_code for r in replies)
    # Exactly five wrong passwords were evaluated; the right one only if it held a slot.
    assert statuses[401] == PER_CLIENT, statuses
    assert statuses[200] <= 1 and statuses[429] == 50 - PER_CLIENT - statuses[200]
    if replies[46].status_code == 429:
        assert statuses[200] == 0
    again = await _burst(servers, user.email, [PASSWORD])
    assert again[0].status_code == 429


async def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(servers: list[str]) -> None:
    user = await create_staff("hr")
    first = await _burst(servers, user.email, [WRONG] * 6, forwarded_for="198.51.100.1")
    assert Counter(r.status_code for r in first) == {401: 5, 429: 1}
    # A client that changes the header is still the same loopback peer: still throttled.
    other = await _burst(servers, user.email, [WRONG], forwarded_for="198.51.100.2")
    assert other[0].status_code == 429
    keys = {r["key"] for r in await SignInFailure.select(SignInFailure.key)}
    assert "address:127.0.0.1" in keys and not any("198.51.100" in k for k in keys)


async def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(
    proxied_servers: list[str],
) -> None:
    servers = proxied_servers
    user = await create_staff("admin")
    home = "192.0.2.10"
    ok = await _burst(servers, user.email, [PASSWORD], forwarded_for=home)
    assert ok[0].status_code == 200
    # The attacker bursts from one address, then from many others (a botnet).
    attack = await _burst(servers, user.email, [WRONG] * 30, forwarded_for="203.0.113.7")
    assert Counter(r.status_code for r in attack) == {401: PER_CLIENT, 429: 30 - PER_CLIENT}
    spread = await asyncio.gather(
        *(
            _burst(servers, user.email, [WRONG] * 3, forwarded_for=f"203.0.113.{100 + i}")
            for i in range(10)
        )
    )
    evaluated = sum(r.status_code == 401 for replies in spread for r in replies)
    # Addresses the account never signed in from share one account-wide budget, already spent.
    assert evaluated == 0, evaluated
    assert PER_ACCOUNT == PER_CLIENT
    # The real user, from the address they sign in from, is not locked out ...
    mine = await _burst(servers, user.email, [PASSWORD], forwarded_for=home)
    assert mine[0].status_code == 200
    # ... and is still limited there like anyone else.
    typos = await _burst(servers, user.email, [WRONG] * 7, forwarded_for=home)
    assert Counter(r.status_code for r in typos) == {401: PER_CLIENT, 429: 2}
