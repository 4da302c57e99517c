"""Database engine construction and binding; the rest of the code uses Piccolo tables."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

APPS = (
    "app.auth.piccolo_app",
    "surveys.piccolo_app",
    "training.piccolo_app",
    "analytics.piccolo_app",
)


def make_engine(database_url: str) -> Engine:
    """``SQLiteEngine`` for ``sqlite:///path``, ``PostgresEngine`` for ``postgres://``."""
    parsed = urlparse(database_url)
    if parsed.scheme == "sqlite":
        path = Path(parsed.path.removeprefix("/"))
        if database_url.startswith("sqlite:////"):
            path = Path("/" + str(path).lstrip("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # A generous busy timeout: answers arrive concurrently and SQLite has one writer.
        return SQLiteEngine(path=str(path), timeout=30)
    return PostgresEngine(config={"dsn": database_url})


def sqlite_path(database_url: str) -> Path:
    parsed = urlparse(database_url)
    path = parsed.path.removeprefix("/")
    if database_url.startswith("sqlite:////"):
        path = "/" + path.lstrip("/")
    return Path(path)


def prepare_sqlite_file(database_url: str) -> None:
    """WAL lets readers run while one writer commits; it is a property of the file."""
    path = sqlite_path(database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def all_table_classes() -> list[Any]:
    from importlib import import_module

    tables: list[Any] = []
    for module_name in APPS:
        config = import_module(module_name).APP_CONFIG
        tables.extend(config.table_classes)
    return tables


def bind_engine(engine: Engine) -> None:
    """Point every table at ``engine`` (tests switch databases; the app binds once)."""
    for table in all_table_classes():
        table._meta.db = engine


def current_engine() -> Engine:
    from app.auth.tables import StaffUser

    return StaffUser._meta.db


def is_postgres(engine: Engine | None = None) -> bool:
    return (engine or current_engine()).engine_type == "postgres"


@asynccontextmanager
async def write_transaction() -> AsyncIterator[Any]:
    """A transaction that takes the write lock up front on SQLite (no upgrade deadlocks)."""
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate) as txn:
            yield txn
    else:
        async with engine.transaction() as txn:
            yield txn


async def ping() -> bool:
    from app.auth.tables import StaffUser

    try:
        rows = await StaffUser.raw("SELECT 1 AS ok")
    except Exception:
        return False
    return bool(rows)


def db_datetime(value: Any) -> dt.datetime:
    """A timestamp read by raw SQL: SQLite returns ISO text, PostgreSQL a datetime (UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value  # type: ignore[no-any-return]
