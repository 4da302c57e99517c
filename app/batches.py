"""Concurrent calls folded into one database round trip (PostgreSQL group commit).

Under load, dozens of respondents answer within the same millisecond. Sent one by one, each
answer costs PostgreSQL a statement of its own: a protocol round trip, executor start-up, a
commit and its WAL flush, and foreign-key checks that lock the survey's row again and again
from as many concurrent backends. A :class:`Coalescer` lets the first caller send its item
at once and collects everyone who arrives while that round trip is in flight into the next
one, so the batch size follows the load: one item when it is quiet (no added wait), tens
under a burst. Each caller gets its own result or its own exception; nothing is acknowledged
before its batch statement has returned (autocommit: committed).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Most items in one statement: bounds its size and the time its locks are held.
MAX_BATCH = 256


class BatchItemError(Exception):
    """Wraps the error of one item of a batch so the runner can return it as a result."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(slots=True)
class _Lane(Generic[T, R]):
    """The queue and the running flusher of one event loop."""

    waiting: list[tuple[T, asyncio.Future[R]]] = field(default_factory=list)
    flusher: asyncio.Task[None] | None = None


class Coalescer(Generic[T, R]):
    """Run ``run(items)`` for whatever callers are waiting, one batch in flight at a time.

    ``run`` returns one result per item, in order; a result may be a :class:`BatchItemError`
    to fail that item alone. If ``run`` raises, every item of that batch fails with it.
    ``key`` keeps two items with the same key out of one batch (the later one waits for the
    next), for statements that must not touch the same row twice.
    """

    def __init__(
        self,
        run: Callable[[Sequence[T]], Awaitable[Sequence[R | BatchItemError]]],
        *,
        key: Callable[[T], Hashable] | None = None,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self.run = run
        self.key = key
        self.max_batch = max_batch
        # One lane per event loop: the server has one, a test harness may run several.
        self._lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Lane[T, R]] = (
            weakref.WeakKeyDictionary()
        )
        self.batches = 0
        self.items = 0

    async def __call__(self, item: T) -> R:
        loop = asyncio.get_running_loop()
        lane = self._lanes.get(loop)
        if lane is None:
            lane = self._lanes[loop] = _Lane()
        future: asyncio.Future[R] = loop.create_future()
        lane.waiting.append((item, future))
        if lane.flusher is None:
            # A task of its own: a caller that goes away (client disconnect) cannot cancel
            # the statement that carries the others' answers.
            lane.flusher = loop.create_task(self._flush(lane))
        return await future

    def _take(self, lane: _Lane[T, R]) -> list[tuple[T, asyncio.Future[R]]]:
        if self.key is None:
            batch = lane.waiting[: self.max_batch]
            del lane.waiting[: self.max_batch]
            return batch
        batch, later, keys = [], [], set()
        for entry in lane.waiting:
            key = self.key(entry[0])
            if len(batch) >= self.max_batch or key in keys:
                later.append(entry)
            else:
                keys.add(key)
                batch.append(entry)
        lane.waiting = later
        return batch

    async def _flush(self, lane: _Lane[T, R]) -> None:
        try:
            while lane.waiting:
                batch = self._take(lane)
                try:
                    results = await self.run([item for item, _ in batch])
                except BaseException as exc:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    if not isinstance(exc, Exception):
                        raise
                    continue
                self.batches += 1
                self.items += len(batch)
                for (_, future), result in zip(batch, results, strict=True):
                    if future.done():
                        continue
                    if isinstance(result, BatchItemError):
                        future.set_exception(result.error)
                    else:
                        future.set_result(result)
        finally:
            lane.flusher = None
            for _, future in lane.waiting:  # only when the flusher itself was cancelled
                if not future.done():
                    future.set_exception(RuntimeError("the batch writer stopped"))
            lane.waiting.clear()

    async def drain(self) -> None:
        """Wait until everything queued in this loop has been written."""
        lane = self._lanes.get(asyncio.get_running_loop())
        while lane is not None and lane.flusher is not None:
            await asyncio.shield(lane.flusher)
