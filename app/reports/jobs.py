"""Background report generation: start a job, poll its status and progress, fetch the PDF.

A job is identified by its report cache key, so asking twice for the same report (same data)
joins the running job instead of rendering twice, and a finished job's PDF is simply the cache
entry. Rendering runs in a one-thread pool by default (WeasyPrint is synchronous and not
documented as thread-safe; matplotlib is serialised by a lock anyway); the event loop only
keeps an ``asyncio.Task`` per job. Typical controller use::

    outcome = await jobs.get_or_start(key, build, inline_seconds=1.0)
    if isinstance(outcome, bytes): return the PDF
    else: answer 202 with outcome (a JobStatus) and let the client poll ``jobs.status(key)``

State is per process (a report that is being rendered on another instance is rendered again
here); the PDFs themselves are shared through the cache folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

import msgspec

from app.reports.cache import ReportCache
from app.reports.engine import ProgressFn

__all__ = ["BuildFn", "JobState", "JobStatus", "ReportJobs"]

BuildFn = Callable[[ProgressFn], bytes]


class JobState(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobStatus(msgspec.Struct, frozen=True, kw_only=True):
    """What a client polls: ``progress`` is a fraction in [0, 1]."""

    key: str
    state: JobState
    progress: float
    error: str | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


@dataclass(slots=True)
class _Job:
    key: str
    state: JobState = JobState.PENDING
    progress: float = 0.0
    error: str | None = None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None
    task: asyncio.Task[None] | None = None

    def snapshot(self) -> JobStatus:
        return JobStatus(
            key=self.key,
            state=self.state,
            progress=round(self.progress, 3),
            error=self.error,
            started_at=self.started_at,
            finished_at=self.finished_at,
        )


class ReportJobs:
    """Registry of background report renders for one process."""

    def __init__(
        self,
        cache: ReportCache,
        *,
        executor: Executor | None = None,
        max_workers: int = 1,
        keep_finished: int = 256,
    ) -> None:
        self.cache = cache
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="voc-report"
        )
        self._jobs: dict[str, _Job] = {}
        self._keep_finished = keep_finished

    def start(self, key: str, build: BuildFn) -> JobStatus:
        """Start rendering ``key`` with ``build(progress)`` unless it is cached or running.

        Must be called from a running event loop.
        """
        job = self._jobs.get(key)
        if job is not None and job.state in (JobState.PENDING, JobState.RUNNING):
            return job.snapshot()
        if self.cache.has(key):
            return self._done_status(key)
        job = _Job(key=key)
        self._jobs[key] = job
        job.task = asyncio.get_running_loop().create_task(self._run(job, build))
        self._forget_old()
        return job.snapshot()

    def status(self, key: str) -> JobStatus | None:
        job = self._jobs.get(key)
        if job is not None:
            return job.snapshot()
        if self.cache.has(key):
            return self._done_status(key)
        return None

    def result(self, key: str) -> bytes | None:
        """The finished PDF, or None while it is not ready."""
        return self.cache.get(key)

    async def wait(self, key: str, within: float | None = None) -> JobStatus | None:
        """Wait for a job to finish (at most ``within`` seconds); returns its status."""
        job = self._jobs.get(key)
        if job is not None and job.task is not None and not job.task.done():
            await asyncio.wait({job.task}, timeout=within)
        return self.status(key)

    async def get_or_start(
        self, key: str, build: BuildFn, *, inline_seconds: float = 1.0
    ) -> bytes | JobStatus:
        """The PDF if cached or ready within ``inline_seconds``; else the running job's status."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        self.start(key, build)
        status = await self.wait(key, within=inline_seconds)
        if status is not None and status.state is JobState.DONE:
            pdf = self.cache.get(key)
            if pdf is not None:
                return pdf
        assert status is not None
        return status

    async def aclose(self) -> None:
        """Wait for running jobs and release the thread pool (call from the app lifespan)."""
        tasks = [j.task for j in self._jobs.values() if j.task is not None and not j.task.done()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._own_executor:
            self._executor.shutdown(wait=True)

    # internals ------------------------------------------------------------------------------
    def _done_status(self, key: str) -> JobStatus:
        return JobStatus(key=key, state=JobState.DONE, progress=1.0)

    async def _run(self, job: _Job, build: BuildFn) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, self._work, job, build)
        except Exception as exc:  # the job records the failure; nothing else awaits the task
            job.state = JobState.FAILED
            job.error = f"{type(exc).__name__}: {exc}"[:500]
        finally:
            job.finished_at = dt.datetime.now(dt.UTC)

    def _work(self, job: _Job, build: BuildFn) -> None:
        job.state = JobState.RUNNING

        def progress(fraction: float) -> None:
            job.progress = min(1.0, max(job.progress, float(fraction)))

        pdf = build(progress)
        self.cache.put(job.key, pdf)
        job.progress = 1.0
        job.state = JobState.DONE

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state in (JobState.DONE, JobState.FAILED)]
        for key in finished[: max(0, len(finished) - self._keep_finished)]:
            del self._jobs[key]
