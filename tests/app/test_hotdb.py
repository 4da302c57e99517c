"""The respondent path's persistent connections: group commit, reads, assembly rules."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from app.hotdb import GroupCommit, Ping, SqliteHot, _Failed, _write_batch, batch_memo
from app.settings import REPO_ROOT


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "hot.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, value TEXT UNIQUE)")
    return path


def _stored(path: Path, value: str) -> bool:
    with sqlite3.connect(path) as connection:
        return bool(connection.execute("SELECT 1 FROM answer WHERE value = ?", (value,)).fetchone())


async def test_group_commit_acknowledges_each_write_only_once_it_is_committed(
    tmp_path: Path,
) -> None:
    path = _database(tmp_path)
    writer = GroupCommit(path)
    await writer.start()
    visible_at_ack: list[bool] = []

    async def answer(i: int) -> None:
        value = f"answer-{i}"
        await writer.write(
            lambda c: c.execute("INSERT INTO answer (value) VALUES (?)", (value,)).lastrowid
        )
        # Another connection sees it the moment the caller is told: committed, not pending.
        visible_at_ack.append(_stored(path, value))

    try:
        await asyncio.gather(*(answer(i) for i in range(200)))
    finally:
        await writer.close()
    assert visible_at_ack == [True] * 200
    assert writer.writes == 200
    # Concurrent writers share transactions (one fsync for many answers).
    assert writer.batches < 200


async def test_a_failing_write_fails_alone_and_its_batch_commits(tmp_path: Path) -> None:
    path = _database(tmp_path)
    writer = GroupCommit(path)
    await writer.start()

    def insert(value: str) -> object:
        return lambda c: c.execute("INSERT INTO answer (value) VALUES (?)", (value,))

    try:
        results = await asyncio.gather(
            writer.write(insert("a")),
            writer.write(insert("a")),  # unique violation: rolled back to its savepoint
            writer.write(insert("b")),
            return_exceptions=True,
        )
    finally:
        await writer.close()
    assert isinstance(results[1], sqlite3.IntegrityError)
    assert not isinstance(results[0], BaseException)
    assert not isinstance(results[2], BaseException)
    assert _stored(path, "a") and _stored(path, "b")


async def test_exclusive_turn_lets_another_connection_write_between_batches(
    tmp_path: Path,
) -> None:
    path = _database(tmp_path)
    writer = GroupCommit(path)
    await writer.start()
    try:
        await writer.write(lambda c: c.execute("INSERT INTO answer (value) VALUES ('x')"))
        async with writer.exclusive():
            # The writer holds no lock now: an ORM-style connection may write at once.
            with sqlite3.connect(path, timeout=0.1) as other:
                other.execute("INSERT INTO answer (value) VALUES ('orm')")
        await writer.write(lambda c: c.execute("INSERT INTO answer (value) VALUES ('y')"))
    finally:
        await writer.close()
    assert all(_stored(path, v) for v in ("x", "orm", "y"))


async def test_close_commits_what_is_queued_and_refuses_new_writes(tmp_path: Path) -> None:
    path = _database(tmp_path)
    writer = GroupCommit(path)
    await writer.start()
    pending = [
        asyncio.ensure_future(
            writer.write(
                lambda c, i=i: c.execute("INSERT INTO answer (value) VALUES (?)", (f"q{i}",))
            )
        )
        for i in range(20)
    ]
    await asyncio.sleep(0)
    await writer.close()
    await asyncio.gather(*pending)
    assert all(_stored(path, f"q{i}") for i in range(20))
    with pytest.raises(RuntimeError):
        await writer.write(lambda c: None)


async def test_reads_see_committed_writes(tmp_path: Path) -> None:
    path = _database(tmp_path)
    hot = SqliteHot(path)
    await hot.start()
    try:
        assert await hot.fetchone("SELECT value FROM answer WHERE value = ?", "r") is None
        await hot.writer.write(lambda c: c.execute("INSERT INTO answer (value) VALUES ('r')"))
        assert await hot.fetchone("SELECT value FROM answer WHERE value = ?", "r") == {"value": "r"}
        assert await hot.fetchone("SELECT 1 AS ok") == {"ok": 1}
    finally:
        await hot.close()


def test_the_answer_path_does_not_import_analytics() -> None:
    """surveys sits below analytics: the scorer is registered at assembly, not imported."""
    code = (
        "import sys, surveys.services.respondent, surveys.controllers; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'analytics'); "
        "assert not bad, bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_create_app_registers_the_comment_scorer(app: object) -> None:
    from analytics.sentiment import analyze
    from surveys.scoring import comment_scorer, score_comment

    assert comment_scorer() is analyze
    assert score_comment("Great support, thank you").label == "positive"
    assert score_comment("").label is None


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    env = {
        "VOC_DATABASE_URL": f"sqlite:///{tmp_path / 'voc.sqlite3'}",
        "VOC_SECRET_KEY": "k" * 40,
        "VOC_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--workers", "2"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "--workers 2 needs PostgreSQL" in result.stderr


def test_a_write_failing_half_way_leaves_nothing_and_the_rest_of_its_batch_commits(
    tmp_path: Path,
) -> None:
    """Batches run without a savepoint per write; a write that raises sends the batch round
    again with savepoints, so its own statements are undone and the others still commit."""
    path = _database(tmp_path)
    connection = sqlite3.connect(path, isolation_level=None)
    runs = {"a": 0, "b": 0}

    def insert(value: str) -> Callable[[sqlite3.Connection], object]:
        def work(c: sqlite3.Connection) -> object:
            runs[value] = runs.get(value, 0) + 1
            return c.execute("INSERT INTO answer (value) VALUES (?)", (value,)).lastrowid

        return work

    def half_way(c: sqlite3.Connection) -> object:
        c.execute("INSERT INTO answer (value) VALUES ('half')")
        raise ValueError("refused after its first statement")

    results = _write_batch(connection, works=[insert("a"), half_way, insert("b")])
    assert isinstance(results[1], _Failed) and isinstance(results[1].error, ValueError)
    assert not isinstance(results[0], _Failed) and not isinstance(results[2], _Failed)
    connection.close()
    assert _stored(path, "a") and _stored(path, "b") and not _stored(path, "half")
    assert runs["a"] == 2 and runs["b"] == 1  # "a" ran in the abandoned attempt too
    # Without a failure each write runs once, in one transaction.
    connection = sqlite3.connect(path, isolation_level=None)
    _write_batch(connection, works=[insert("c"), insert("d")])
    connection.close()
    assert runs["c"] == 1 and runs["d"] == 1 and _stored(path, "c") and _stored(path, "d")


def test_batch_memo_lives_for_one_transaction(tmp_path: Path) -> None:
    connection = sqlite3.connect(_database(tmp_path), isolation_level=None)
    seen: list[dict[object, object]] = []

    def remember(c: sqlite3.Connection) -> object:
        memo = batch_memo()
        memo.setdefault("reads", 0)
        memo["reads"] = int(memo["reads"]) + 1  # type: ignore[call-overload]
        seen.append(memo)
        return None

    _write_batch(connection, works=[remember, remember, remember])
    assert seen[0] is seen[1] is seen[2] and seen[0]["reads"] == 3
    _write_batch(connection, works=[remember])
    assert seen[3] is not seen[0] and seen[3]["reads"] == 1
    assert batch_memo() == {} and batch_memo() is not batch_memo()  # outside a batch
    connection.close()


async def test_health_ping_reuses_its_result_briefly(tmp_path: Path) -> None:
    hot = SqliteHot(_database(tmp_path))
    await hot.start()
    queries: list[str] = []
    real = hot.fetchone
    failing = False

    async def counted(sql: str, *params: object) -> dict[str, object] | None:
        queries.append(sql)
        if failing:
            raise sqlite3.OperationalError("database is gone")
        return await real(sql, *params)

    hot.fetchone = counted  # type: ignore[method-assign]
    ping = Ping(hot, max_age=0.2)
    try:
        assert all([await ping() for _ in range(50)]) and len(queries) == 1
        failing = True
        assert await ping()  # still the result of the last second
        await asyncio.sleep(0.25)
        assert not await ping() and len(queries) == 2  # the outage shows after max_age
        failing = False
        assert not await ping()
        await asyncio.sleep(0.25)
        assert await ping() and len(queries) == 3  # and so does the recovery
    finally:
        await hot.close()


async def test_grouped_writes_share_one_call_per_batch_and_a_bad_item_fails_alone(
    tmp_path: Path,
) -> None:
    """Answers are written together (a few statements per batch, not per answer); if the
    group's statement refuses one item, the batch is rerun one item per savepoint."""
    path = _database(tmp_path)
    writer = GroupCommit(path)
    calls: list[list[str]] = []

    def insert_all(c: sqlite3.Connection, values: Sequence[str]) -> list[int]:
        calls.append(list(values))
        c.executemany("INSERT INTO answer (value) VALUES (?)", [(v,) for v in values])
        return [len(v) for v in values]

    await writer.start()
    try:
        values = [f"g{i}" for i in range(30)] + ["g3"]  # the last one breaks the unique rule
        results = await asyncio.gather(
            *(writer.write_grouped(insert_all, v) for v in values), return_exceptions=True
        )
    finally:
        await writer.close()
    assert isinstance(results[-1], sqlite3.IntegrityError)
    assert results[:-1] == [len(v) for v in values[:-1]]
    assert all(_stored(path, f"g{i}") for i in range(30))
    # Together first (fewer calls than items), then one call per item for the failed batch.
    assert any(len(call) > 1 for call in calls)
    assert len([call for call in calls if len(call) == 1]) >= 2
