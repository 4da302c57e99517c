"""Shared fixtures: a schema built once from the committed migrations, a fresh database per test.

SQLite: the migrated template file is copied for each test (a copy is cheaper and more
isolating than a rollback, because the app under test opens its own connections).
PostgreSQL (``VOC_TEST_DATABASE_URL=postgres://…``): one database is migrated per session and
every table is emptied (its sequences restarted) before each test.

CI runs the suite twice: all of it on SQLite, then ``pytest --backend-only`` on PostgreSQL,
which keeps only the tests whose outcome can depend on the backend (tests/backends.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest
from anyio.from_thread import start_blocking_portal
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.clock import FrozenClock
from app.db import all_table_classes, bind_engine, make_engine
from app.settings import REPO_ROOT, Settings, load_settings
from tests.backends import (  # noqa: F401  (hooks: ``pytest --backend-only``)
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_terminal_summary,
)

PG_URL = os.environ.get("VOC_TEST_DATABASE_URL", "")
USING_POSTGRES = PG_URL.startswith("postgres")
TEST_SECRET = "test-secret-key-" + "x" * 32
# A Tuesday, 10:00 in Tokyo: inside the default sending window.
START = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


def run_migrations(database_url: str, var_dir: Path) -> None:
    env = {**os.environ, "VOC_DATABASE_URL": database_url, "VOC_VAR_DIR": str(var_dir)}
    env["VOC_SECRET_KEY"] = TEST_SECRET
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrations failed:\n{result.stdout}\n{result.stderr}")


def _with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("template")
    if USING_POSTGRES:
        import asyncpg

        name = f"voc_test_{secrets.token_hex(4)}"

        async def admin(sql: str) -> None:
            connection = await asyncpg.connect(_with_database(PG_URL, "postgres"))
            try:
                await connection.execute(sql)
            finally:
                await connection.close()

        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
        url = _with_database(PG_URL, name)
        run_migrations(url, folder)
        yield url
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        url = f"sqlite:///{folder / 'template.sqlite3'}"
        run_migrations(url, folder)
        yield url


def make_settings(database_url: str, var_dir: Path, **overrides: str) -> Settings:
    env = {
        "VOC_DATABASE_URL": database_url,
        "VOC_VAR_DIR": str(var_dir),
        "VOC_SECRET_KEY": TEST_SECRET,
        "VOC_BASE_URL": "https://testserver.local",
        "VOC_OUTBOX_DIR": str(var_dir / "outbox"),
        "VOC_TIMEZONE": "Asia/Tokyo",
        # Tests drive the tick themselves; the background one must not race them.
        "VOC_TICK_SECONDS": "3600",
        # Litestar's test client serves requests from a portal thread with its own event loop,
        # so a pool made in one loop cannot serve the other: connect per query instead.
        "VOC_DB_POOL_SIZE": "0",
        **overrides,
    }
    return load_settings(env)


def _children_first(tables: list[Any]) -> list[Any]:
    """The tables ordered so that each comes before every table its foreign keys refer to."""
    ordered: list[Any] = []

    def visit(table: Any, path: tuple[Any, ...]) -> None:
        if table in ordered or table in path:
            return
        for referrer in tables:
            if any(
                fk._foreign_key_meta.resolved_references is table
                for fk in referrer._meta.foreign_key_columns
            ):
                visit(referrer, (*path, table))
        ordered.append(table)

    for table in tables:
        visit(table, ())
    return ordered


@pytest.fixture(scope="session")
def emptying_sql(database_template: str) -> str:
    """One round trip that leaves the PostgreSQL test database as TRUNCATE … RESTART IDENTITY
    would: every table empty, every sequence its columns own back at its start.

    DELETE is used because TRUNCATE makes new files for 29 tables each time (about 0.3 s a
    test against a few milliseconds for tables holding one test's rows).
    """
    if not USING_POSTGRES:
        return ""
    import asyncpg

    tables = _children_first(all_table_classes())
    names = [t._meta.tablename for t in tables]

    async def owned_sequences() -> list[Any]:
        connection = await asyncpg.connect(database_template)
        try:
            return await connection.fetch(  # type: ignore[no-any-return]
                "SELECT s.oid::regclass::text AS name, q.seqstart AS start"
                " FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid"
                " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
                " AND d.deptype IN ('a', 'i')"
                " JOIN pg_class t ON t.oid = d.refobjid"
                " WHERE s.relkind = 'S' AND t.relname = ANY($1::text[])",
                names,
            )
        finally:
            await connection.close()

    sequences = asyncio.run(owned_sequences())
    deletes = " ".join(f'DELETE FROM "{name}";' for name in names)
    restarts = ", ".join(f"setval('{row['name']}', {row['start']}, false)" for row in sequences)
    return f"{deletes} SELECT {restarts or 1};"


@pytest.fixture
async def database_url(database_template: str, emptying_sql: str, tmp_path: Path) -> str:
    if USING_POSTGRES:
        import asyncpg

        connection = await asyncpg.connect(database_template)
        try:
            await connection.execute(emptying_sql)
        finally:
            await connection.close()
        return database_template
    source = Path(urlparse(database_template).path.removeprefix("/"))
    if database_template.startswith("sqlite:////"):
        source = Path("/" + str(source).lstrip("/"))
    target = tmp_path / "voc.sqlite3"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(database_url, tmp_path)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def db(settings: Settings) -> None:
    """Bind the tables to this test's database, for tests that use services directly."""
    bind_engine(make_engine(settings.database_url))


@pytest.fixture
def app(settings: Settings, clock: FrozenClock) -> Litestar:
    from app.main import create_app

    return create_app(settings, clock)


class LoopClient(AsyncTestClient[Litestar]):
    """Litestar's async client, but the app's lifespan runs in the test's own event loop.

    AsyncTestClient runs the lifespan in a portal thread; a PostgreSQL pool or scheduler
    started there would belong to another loop than the requests.

    Requests are served from one portal thread whose event loop lives as long as the client
    (as a server's does): without it each request got a fresh loop that was closed with the
    response, cancelling the work a route left running (a report job gathering its data).
    """

    async def __aenter__(self) -> LoopClient:
        self._lifespan = self.app.state.lifespan(self.app)
        await self._lifespan.__aenter__()
        self._portal_context = start_blocking_portal(
            backend=self.backend, backend_options=dict(self.backend_options or {})
        )
        self.blocking_portal = self._portal_context.__enter__()
        return self

    async def __aexit__(self, *args: Any) -> None:
        try:
            await self._lifespan.__aexit__(None, None, None)
        finally:
            del self.blocking_portal
            self._portal_context.__exit__(None, None, None)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with LoopClient(app=app, base_url="https://testserver.local") as test_client:
        yield test_client


async def create_staff(role: str, email: str | None = None, language: str = "en") -> Any:
    from app.auth.services import AuthService
    from app.clock import SystemClock

    return await AuthService(SystemClock()).create_user(
        email or f"{role}@example.com", f"{role.title()} User", role, PASSWORD, language
    )


def csrf_cookie(client: AsyncTestClient[Litestar]) -> str:
    """The CSRF cookie (``__Host-voc_csrf`` on https, as the tests' base URL is)."""
    return client.cookies.get("__Host-voc_csrf") or client.cookies.get("voc_csrf") or ""


async def sign_in(client: AsyncTestClient[Litestar], role: str, email: str | None = None) -> Any:
    """Create a staff member with ``role`` and sign the client in; returns the staff row."""
    user = await create_staff(role, email)
    await client.get("/sign-in")  # a page view mints the CSRF cookie
    client.headers["x-csrf-token"] = csrf_cookie(client)
    response = await client.post(
        "/api/auth/sign-in", json={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    # Signing in rotates the CSRF token (it is bound to the new session).
    client.headers["x-csrf-token"] = csrf_cookie(client)
    return user


@pytest.fixture
def staff_client(client: AsyncTestClient[Litestar]) -> Any:
    """``await staff_client("cs")`` signs the client in as a new staff member."""

    async def _sign(role: str, email: str | None = None) -> AsyncTestClient[Litestar]:
        await sign_in(client, role, email)
        return client

    return _sign
