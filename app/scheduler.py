"""One in-process clock: an APScheduler interval job that runs every domain's tick."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger("voc.scheduler")

TickJob = Callable[[Any], Awaitable[None]]


class Ticker:
    """Runs each job in turn; one failing job never stops the others or the next tick."""

    def __init__(self, jobs: Sequence[tuple[str, TickJob]], state: Any) -> None:
        self.jobs = list(jobs)
        self.state = state
        self._lock = asyncio.Lock()
        self.ticks = 0

    async def tick(self) -> None:
        # Work is claimed from rows, so skipping an overlapping tick loses nothing.
        if self._lock.locked():
            return
        async with self._lock:
            self.ticks += 1
            for name, job in self.jobs:
                try:
                    await job(self.state)
                except asyncio.CancelledError:
                    # Shutdown cut this tick short. Nothing is lost: claimed rows are
                    # released when their lease runs out, and the next instance resumes.
                    log.info("tick interrupted by shutdown during %s", name)
                    return
                except Exception:
                    log.exception("tick job %s failed", name)

    async def drain(self) -> None:
        """Wait (at most 30 s) for a tick in progress to finish before the pool closes."""
        try:
            async with asyncio.timeout(30):
                await self._lock.acquire()
        except TimeoutError:
            log.warning("a tick was still running 30 s into shutdown")
            return
        self._lock.release()


def build_scheduler(ticker: Ticker, every_seconds: float) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        ticker.tick,
        "interval",
        seconds=every_seconds,
        id="voc-tick",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    return scheduler
