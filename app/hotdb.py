"""Persistent connections for the hot paths: respondent links and ``/health``.

Piccolo's SQLite engine opens a new connection (and a new thread) for every query outside a
transaction, and its transactions take several hops to that thread; that is fine for staff
pages and the tick, not for thousands of respondents answering at once. This module keeps:

* **SQLite**: a persistent read connection per serving thread (WAL lets it read while a
  write commits), and one **group-commit writer**: a single thread owns the write connection,
  drains the queue of pending writes, runs them in one transaction (one fsync) and only then
  resolves each caller's future. A write is never acknowledged before it is durable; one
  failing write rolls back to its own savepoint and fails alone. Writes of one kind (the
  answers) are written together, a few statements per batch rather than a few per write:
  every statement lets go of the interpreter lock while SQLite works, and each time the
  event loop takes it the writer waits for it back, which cost more CPU than the statements.
* **PostgreSQL**: a small asyncpg pool of its own next to Piccolo's (``VOC_DB_POOL_SIZE`` per
  worker, left to staff pages and the tick), with index-only plans and no reset round trip
  per batch (:data:`HOT_SETTINGS`), or a short-lived connection when the app runs without a
  pool (the test harness); concurrent answers are written together, one statement per round
  trip (:mod:`app.batches`).

Everything else keeps using Piccolo; :class:`HotDatabase` is only for statements whose ORM
round trips were the measured bottleneck.
"""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from concurrent.futures import Future
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from app.batches import Coalescer

T = TypeVar("T")

#: Seconds a write waits for another process (or Piccolo's connection) holding SQLite's lock.
BUSY_TIMEOUT = 30.0
#: Upper bound of writes in one transaction; more wait for the next (a short, bounded commit).
MAX_BATCH = 512
#: Under load (the last batch held several writes), the writer waits this long once for more
#: before it writes the next batch (PostgreSQL's ``commit_delay``, for the same reason): at
#: 64 connections batches grew from ~5 to ~15 answers and the writer's CPU per answer fell
#: from ~105 to ~65 µs, for 5 ms more latency while busy; a lone answer never waits.
GATHER_SECONDS = 0.005


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT,
        isolation_level=None,  # we say BEGIN/COMMIT ourselves
        check_same_thread=False,  # each connection is only used from its own one thread
        # The writer keeps Piccolo's converters (typed timestamps for any write's reads); the
        # readers skip them: a Python call per INTEGER and TIMESTAMPTZ column of every row
        # was a quarter of a link lookup, and the lookup converts its few timestamps itself.
        detect_types=0 if readonly else sqlite3.PARSE_DECLTYPES,
        cached_statements=512,  # batch statements differ by their number of rows
    )
    connection.row_factory = sqlite3.Row
    if readonly:
        connection.execute("PRAGMA query_only=ON")
    else:
        # FULL: the WAL is synced at each commit, so an acknowledged answer survives power loss.
        connection.execute("PRAGMA synchronous=FULL")
    return connection


@dataclass(slots=True)
class _Failed:
    error: BaseException


@dataclass(frozen=True, slots=True)
class Grouped:
    """A write that the batch runs together with the other writes of the same ``run``:
    ``run(connection, items)`` returns one result per item, in order (see
    :meth:`GroupCommit.write_grouped`)."""

    run: Callable[[sqlite3.Connection, Sequence[Any]], Sequence[Any]]
    item: Any


class _Turn:
    """A request for the writer to stand aside (see :meth:`GroupCommit.exclusive`)."""

    def __init__(self) -> None:
        self.granted: Future[None] = Future()
        self.finished = threading.Event()


_STOP = object()


class GroupCommit:
    """One writer thread, one write connection; many writes per transaction.

    A thread rather than an asyncio task: callers in any event loop (uvicorn's, a test
    client's portal) can queue a write; each is told through its own loop.
    """

    def __init__(self, path: Path, max_batch: int = MAX_BATCH) -> None:
        self.path = path
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closing = False
        self.batches = 0
        self.writes = 0

    async def start(self) -> None:
        ready: Future[sqlite3.Connection] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="voc-sqlite-writer", daemon=True
        )
        self._thread.start()
        await asyncio.wrap_future(ready)

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._closing

    async def write(self, work: Callable[[sqlite3.Connection], T] | Grouped) -> T:
        """Run ``work(connection)`` in the next batch; returns once that batch is committed.

        ``work`` touches nothing but the connection: it may run twice (see
        :func:`_write_batch`)."""
        if not self.running:
            raise RuntimeError("the writer is not running")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put((work, future))
        return await future

    async def write_grouped(
        self, run: Callable[[sqlite3.Connection, Sequence[Any]], Sequence[T]], item: Any
    ) -> T:
        """Write ``item`` in the next batch together with every other queued item of ``run``
        (one call ``run(connection, items)`` per batch, so a handful of statements carry the
        whole batch); returns ``item``'s result once the batch is committed. If ``run``
        raises, the batch is rerun with one savepoint and one ``run`` call per write, so only
        the failing item fails. ``run`` touches nothing but the connection."""
        return await self.write(Grouped(run, item))  # type: ignore[arg-type]

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """The writer commits what it has and waits: the caller may write through Piccolo.

        Rare writes that need the ORM (an answer that earns an incentive) queue here instead
        of in SQLite's busy loop, so they never poll against the writer's open transaction.
        """
        if not self.running:
            yield
            return
        turn = _Turn()
        self._queue.put(turn)
        try:
            await asyncio.wrap_future(turn.granted)
            yield
        finally:
            turn.finished.set()

    def _run(self, ready: Future[sqlite3.Connection]) -> None:
        try:
            connection = _connect(self.path, readonly=False)
        except BaseException as exc:
            ready.set_exception(exc)
            return
        ready.set_result(connection)
        carry: Any = None
        busy = 0
        try:
            while True:
                item = carry if carry is not None else self._queue.get()
                carry = None
                if item is _STOP:
                    return
                if isinstance(item, _Turn):
                    if item.granted.set_running_or_notify_cancel():
                        item.granted.set_result(None)
                        item.finished.wait()
                    continue
                batch = [item]
                carry = self._gather(batch, busy > 1)
                busy = len(batch)
                self._commit(connection, batch)
        finally:
            connection.close()

    def _gather(self, batch: list[Any], busy: bool) -> Any:
        """Add what is queued to ``batch``; returns a turn or stop request met on the way.

        When the previous batch held several writes (answers are arriving together), wait
        :data:`GATHER_SECONDS` once for more: a larger batch costs the event loop fewer
        hand-offs of the interpreter lock per answer. A lone write never waits."""
        waited = not busy or GATHER_SECONDS <= 0
        while len(batch) < self.max_batch:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                if waited:
                    return None
                waited = True
                time.sleep(GATHER_SECONDS)
                continue
            if more is _STOP or isinstance(more, _Turn):
                return more
            batch.append(more)
        return None

    def _commit(
        self,
        connection: sqlite3.Connection,
        batch: list[tuple[Work, asyncio.Future[Any]]],
    ) -> None:
        # A caller that gave up (cancelled) before its turn is not written.
        live = [(work, future) for work, future in batch if not future.cancelled()]
        try:
            results = _write_batch(connection, works=[work for work, _ in live])
        except Exception as exc:  # the commit itself failed: nothing of the batch is stored
            results = [_Failed(exc)] * len(live)
        else:
            self.batches += 1
            self.writes += len(live)
        # One wake-up per event loop per batch (not one per write): the callers are told
        # together, after the commit.
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]] = {}
        for (_, future), result in zip(live, results, strict=True):
            by_loop.setdefault(future.get_loop(), []).append((future, result))
        for loop, outcomes in by_loop.items():
            try:
                loop.call_soon_threadsafe(_settle, outcomes)
            except RuntimeError:  # that loop is closed: nobody is waiting there any more
                continue

    async def close(self) -> None:
        """Commit everything queued, then close the connection."""
        if self._thread is None or self._closing:
            return
        self._closing = True
        self._queue.put(_STOP)
        await asyncio.to_thread(self._thread.join)


def _settle(outcomes: list[tuple[asyncio.Future[Any], Any]]) -> None:
    for future, result in outcomes:
        if future.done():
            continue
        if isinstance(result, _Failed):
            future.set_exception(result.error)
        else:
            future.set_result(result)


class _WriteFailed(Exception):
    """A write of an unguarded batch raised: rerun the batch with one savepoint per write."""


_BATCH = threading.local()


def batch_memo() -> dict[Any, Any]:
    """Facts the writes of one transaction may share, read once per batch (a survey's state
    while many of its answers are written). The writer holds SQLite's write lock for the
    whole batch, so nothing outside changes them meanwhile; only facts the writes themselves
    never change belong here. Outside a batch: a fresh dict on each call."""
    memo: dict[Any, Any] | None = getattr(_BATCH, "memo", None)
    return memo if memo is not None else {}


Work = Callable[[sqlite3.Connection], Any] | Grouped


def _write_batch(connection: sqlite3.Connection, *, works: Sequence[Work]) -> list[Any]:
    """Run ``works`` in one transaction and commit; a failing write fails alone.

    Writes almost never fail, so the batch first runs without a savepoint per write (each
    statement costs a hand-over of the interpreter lock between this thread and the event
    loop). If a write raises, that attempt is rolled back whole and the batch runs again
    with one savepoint per write, so the failing write is rolled back alone and the others
    commit.
    """
    try:
        return _run_batch(connection, works, isolate=False)
    except _WriteFailed:
        return _run_batch(connection, works, isolate=True)


def _run_one(connection: sqlite3.Connection, work: Work) -> Any:
    if isinstance(work, Grouped):
        return work.run(connection, [work.item])[0]
    return work(connection)


def _run_together(connection: sqlite3.Connection, works: Sequence[Work]) -> list[Any]:
    """Every write of the batch, the grouped ones in one ``run`` call per kind."""
    results: list[Any] = [None] * len(works)
    groups: dict[Any, list[int]] = {}
    for index, work in enumerate(works):
        if isinstance(work, Grouped):
            groups.setdefault(work.run, []).append(index)
        else:
            results[index] = work(connection)
    for run, indexes in groups.items():
        outcomes = run(connection, [works[i].item for i in indexes])  # type: ignore[union-attr]
        for index, outcome in zip(indexes, outcomes, strict=True):
            results[index] = outcome
    return results


def _run_batch(connection: sqlite3.Connection, works: Sequence[Work], isolate: bool) -> list[Any]:
    connection.execute("BEGIN IMMEDIATE")
    _BATCH.memo = {}
    results: list[Any] = []
    committing = False
    try:
        if not isolate:
            results = _run_together(connection, works)
        else:
            for work in works:
                connection.execute("SAVEPOINT one_write")
                try:
                    results.append(_run_one(connection, work))
                except Exception as exc:
                    connection.execute("ROLLBACK TO one_write")
                    results.append(_Failed(exc))
                connection.execute("RELEASE one_write")
        committing = True
        connection.execute("COMMIT")
    except Exception as exc:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        if not isolate and not committing:  # a write raised, not the commit
            raise _WriteFailed() from exc
        raise
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    finally:
        _BATCH.memo = None
    return results


class SqliteHot:
    """Read connections and the group-commit writer of one SQLite file.

    Reads run on the calling thread, on a persistent read connection of that thread (WAL:
    they never wait for the writer). A respondent's lookup is one indexed join served from
    the page cache in tens of microseconds; handing it to a thread and back costs more than
    that (a wake-up and two GIL hand-offs, milliseconds on a busy machine), so the hot reads
    stay on the event loop. The writer is the one that waits for the disk (fsync), and it
    does so in its own thread, once per batch.
    """

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.writer = GroupCommit(path)

    async def start(self) -> None:
        self._reader()  # fail at start-up, not on the first respondent, if the file is bad
        await self.writer.start()

    async def close(self) -> None:
        await self.writer.close()
        with self._lock:
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()

    def _reader(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = _connect(self.path, readonly=True)
            with self._lock:
                self._opened.append(connection)
        return connection

    async def fetchone(self, sql: str, *params: Any) -> dict[str, Any] | None:
        """One row as a dict; values as SQLite stores them (timestamps are ISO text)."""
        row = self._reader().execute(sql, params).fetchone()
        return dict(row) if row is not None else None


def _numbered(sql: str) -> str:
    """``?`` placeholders to asyncpg's ``$1, $2, …``."""
    parts = sql.split("?")
    return "".join(f"{part}${i}" if i < len(parts) else part for i, part in enumerate(parts, 1))


#: Session settings of the respondent path's own connections (PostgreSQL): index lookups,
#: never a sequential scan. Its statements find rows by unique keys, a few to a few hundred
#: at a time; for a batch of 64 links the planner otherwise chose hash joins over full scans
#: of the contact, invitation and survey_response tables, a cost that grows with every
#: answer stored (measured under load: ~22 full scans of survey_response a second). Staff
#: pages, reports and the tick keep Piccolo's pool and the server's defaults.
HOT_SETTINGS = {"enable_seqscan": "off"}
#: Connections of the respondent path per worker: a lookup batch, a write batch and a
#: health check can be in flight at once.
HOT_POOL_SIZE = 3


async def _keep_session(connection: Any) -> None:
    """Nothing to reset between batches: the hot statements run in autocommit and change
    no session state. (asyncpg's default reset is a round trip of four statements per
    release, i.e. per batch.)"""
    return None


class PostgresHot:
    """The respondent path's own small asyncpg pool (:data:`HOT_SETTINGS`) when the app
    runs with a pool, or one connection per call when the pool is off (the test harness)."""

    kind = "postgres"

    def __init__(self, engine: PostgresEngine) -> None:
        self.engine = engine
        self._sql: dict[str, str] = {}
        self._coalescers: dict[str, Coalescer[Any, Any]] = {}
        self._pool: Any = None

    def _connect_args(self) -> dict[str, Any]:
        config = dict(self.engine.config)
        config["server_settings"] = {**config.get("server_settings", {}), **HOT_SETTINGS}
        return config

    async def start(self) -> None:
        if getattr(self.engine, "pool", None) is None:
            return
        import asyncpg

        self._pool = await asyncpg.create_pool(
            **self._connect_args(),
            min_size=1,
            max_size=HOT_POOL_SIZE,
            reset=_keep_session,
        )

    async def close(self) -> None:
        """Let batches in flight or queued be written before the pool closes."""
        for coalescer in self._coalescers.values():
            await coalescer.drain()
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    def coalescer(
        self,
        name: str,
        run: Callable[[Sequence[T]], Awaitable[Sequence[Any]]],
        *,
        key: Callable[[T], Hashable] | None = None,
    ) -> Coalescer[T, Any]:
        """The batcher called ``name``, made on first use: concurrent calls share one
        statement per round trip (see app.batches)."""
        found = self._coalescers.get(name)
        if found is None:
            found = self._coalescers[name] = Coalescer(run, key=key)
        return found

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        pool = self._pool
        if pool is not None:
            async with pool.acquire() as connection:
                yield connection
            return
        import asyncpg

        connection = await asyncpg.connect(**self._connect_args())
        try:
            yield connection
        finally:
            await connection.close()

    def sql(self, text: str) -> str:
        found = self._sql.get(text)
        if found is None:
            found = self._sql[text] = _numbered(text)
        return found

    async def fetchone(self, sql: str, *params: Any) -> dict[str, Any] | None:
        async with self.connection() as connection:
            row = await connection.fetchrow(self.sql(sql), *params)
        return dict(row) if row is not None else None


HotDatabase = SqliteHot | PostgresHot


def make_hot(engine: Engine, sqlite_file: Path | None) -> HotDatabase:
    if isinstance(engine, PostgresEngine):
        return PostgresHot(engine)
    if sqlite_file is None:
        raise ValueError("a SQLite engine needs its file path")
    return SqliteHot(sqlite_file)


#: Seconds a health check's database result is reused by the checks after it.
PING_MAX_AGE = 1.0


class Ping:
    """The database part of ``/health``: ``SELECT 1``, its result reused for
    :data:`PING_MAX_AGE` seconds, and one round trip in flight at a time.

    A balancer probing every few seconds gets a fresh round trip each time; a burst of
    checks (or a load test of ``/health``) costs one query per second instead of one per
    request, so an outage or a recovery shows within a second. While a round trip is in
    flight, the checks that arrive wait for it rather than start their own.
    """

    def __init__(self, hot: HotDatabase, max_age: float = PING_MAX_AGE) -> None:
        self.hot = hot
        self.max_age = max_age
        self._inflight: asyncio.Future[bool] | None = None
        self._last: tuple[asyncio.AbstractEventLoop, float, bool] | None = None

    async def __call__(self) -> bool:
        loop = asyncio.get_running_loop()
        last = self._last
        if last is not None and last[0] is loop and loop.time() - last[1] < self.max_age:
            return last[2]
        if isinstance(self.hot, SqliteHot):  # a call on this thread's connection: no sharing
            ok = await self._ping()
            self._last = (loop, loop.time(), ok)
            return ok
        inflight = self._inflight
        if inflight is None or inflight.get_loop() is not loop:
            inflight = self._inflight = asyncio.ensure_future(self._ping())
            inflight.add_done_callback(self._clear)
        return await asyncio.shield(inflight)

    def _clear(self, future: asyncio.Future[bool]) -> None:
        if self._inflight is future:
            self._inflight = None
        if not future.cancelled() and future.exception() is None:
            self._last = (future.get_loop(), future.get_loop().time(), future.result())

    async def _ping(self) -> bool:
        try:
            row = await self.hot.fetchone("SELECT 1 AS ok")
        except Exception:
            return False
        return row is not None
