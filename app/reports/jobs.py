"""Background report generation: start a job, poll its status and progress, fetch the PDF.

A job is identified by its report cache key, so asking twice for the same report (same data)
joins the running job instead of rendering twice, and a finished job's PDF is simply the cache
entry. Rendering runs in a one-thread pool by default (WeasyPrint is synchronous and not
documented as thread-safe; matplotlib is serialised by a lock anyway); the event loop only
keeps an ``asyncio.Task`` per job. Typical controller use::

    outcome = await jobs.get_or_start(key, build, inline_seconds=1.0)
    if isinstance(outcome, bytes): return the PDF
    else: answer 202 with outcome (a JobStatus) and let the client poll ``jobs.status(key)``

A report route uses :meth:`ReportJobs.get_or_start_report` instead: the job also *gathers*
the report's data (async database work, awaited on the event loop), then hands the
synchronous render to the pool, so the route answers within a second even when gathering is
what takes long. Such a job is found by its request (kind, subject, language, options): asking
again while it runs joins it. It has its own id (the ticket's key); when it finishes, the PDF
is reachable under that id too (a hard link to the data-keyed cache entry), so any instance
sharing the folder can serve the download.

State is per process (a report that is being rendered on another instance is rendered again
here); the PDFs themselves are shared through the cache folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import hashlib
import os
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import msgspec

from app.reports.cache import ReportCache
from app.reports.engine import ProgressFn

__all__ = ["BuildFn", "JobState", "JobStatus", "ReportJob", "ReportJobs"]

BuildFn = Callable[[ProgressFn], bytes]
#: Share of a gathered job's progress bar given to gathering the data.
GATHER_SHARE = 0.2


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
    #: For gathered jobs: the request it serves, the data-keyed cache key once gathered, the
    #: file name the data gave, and the exception (so an inline failure keeps its 4xx).
    request: str | None = None
    result_key: str | None = None
    filename: str | None = None
    exc: BaseException | None = None

    def snapshot(self) -> JobStatus:
        return JobStatus(
            key=self.key,
            state=self.state,
            progress=round(self.progress, 3),
            error=self.error,
            started_at=self.started_at,
            finished_at=self.finished_at,
        )


@dataclass(slots=True, frozen=True)
class ReportJob:
    """A gathered job as a route sees it: its id (for the ticket) and what it has so far."""

    id: str
    status: JobStatus
    pdf: bytes | None
    filename: str | None
    exc: BaseException | None


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
        self._requests: dict[str, str] = {}  # request key -> id of its running gathered job
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

    async def get_or_start_report(
        self,
        request: str,
        gather: Callable[[], Awaitable[Any]],
        key_of: Callable[[Any], str],
        render: Callable[[Any, ProgressFn], bytes],
        *,
        inline_seconds: float = 1.0,
        filename_of: Callable[[Any], str] | None = None,
    ) -> ReportJob:
        """Gather the data and render it, answering within ``inline_seconds`` either way.

        ``request`` names what is asked (kind, subject, language, options): while a job for it
        runs, asking again joins it. ``gather()`` is awaited on this event loop; ``key_of(view)``
        gives the data's cache key (a cached PDF skips the render); ``render(view, progress)``
        runs in the pool. The result has the PDF when it was ready in time.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + inline_seconds
        job_id = self._requests.get(request)
        job = self._jobs.get(job_id) if job_id else None
        if job is None or job.state not in (JobState.PENDING, JobState.RUNNING):
            job_id = hashlib.sha256(f"{request}\0{secrets.token_hex(16)}".encode()).hexdigest()
            job = _Job(key=job_id, request=request)
            self._jobs[job_id] = job
            self._requests[request] = job_id
            job.task = loop.create_task(self._run_report(job, gather, key_of, render, filename_of))
            self._forget_old()
        assert job.task is not None and job_id is not None
        if not job.task.done():
            await asyncio.wait({job.task}, timeout=max(0.0, deadline - loop.time()))
        pdf = None
        if job.state is JobState.DONE and job.result_key is not None:
            pdf = self.cache.get(job.result_key)
        return ReportJob(job_id, job.snapshot(), pdf, job.filename, job.exc)

    def filename(self, key: str) -> str | None:
        """The file name a gathered job's data gave (None when not known here)."""
        job = self._jobs.get(key)
        return job.filename if job is not None else None

    async def aclose(self) -> None:
        """Wait for running jobs and release the thread pool (call from the app lifespan)."""
        loop = asyncio.get_running_loop()
        # Only this loop's tasks can be awaited here (a test harness may serve requests from
        # another loop; those tasks end with it).
        tasks = [
            j.task
            for j in self._jobs.values()
            if j.task is not None and not j.task.done() and j.task.get_loop() is loop
        ]
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

    async def _run_report(
        self,
        job: _Job,
        gather: Callable[[], Awaitable[Any]],
        key_of: Callable[[Any], str],
        render: Callable[[Any, ProgressFn], bytes],
        filename_of: Callable[[Any], str] | None,
    ) -> None:
        job.state = JobState.RUNNING
        stage = "gathering the report's data"
        try:
            view = await gather()
            stage = "rendering the report"
            job.progress = GATHER_SHARE
            if filename_of is not None:
                job.filename = filename_of(view)
            key = key_of(view)
            if not self.cache.has(key):

                def work() -> None:
                    def progress(fraction: float) -> None:
                        share = GATHER_SHARE + (1 - GATHER_SHARE) * float(fraction)
                        job.progress = min(1.0, max(job.progress, share))

                    self.cache.put(key, render(view, progress))

                await asyncio.get_running_loop().run_in_executor(self._executor, work)
            self._alias(job.key, key)
            job.result_key = key
            job.progress = 1.0
            job.state = JobState.DONE
        except asyncio.CancelledError:
            job.state = JobState.FAILED
            job.error = f"Cancelled while {stage} (the service is shutting down): ask again"
            raise
        except Exception as exc:  # the job records the failure; pollers see it
            job.exc = exc
            job.state = JobState.FAILED
            detail = getattr(exc, "detail", None) or str(exc) or type(exc).__name__
            job.error = f"Failed while {stage}: {detail}"[:500]
        finally:
            job.finished_at = dt.datetime.now(dt.UTC)
            if job.request is not None and self._requests.get(job.request) == job.key:
                del self._requests[job.request]

    def _alias(self, job_id: str, key: str) -> None:
        """Make the finished PDF reachable under the job's id (the ticket's key)."""
        source, target = self.cache.path(key), self.cache.path(job_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".tmp-{secrets.token_hex(8)}.pdf")
        try:
            os.link(source, tmp)
        except OSError:  # no hard links on this file system: a copy
            self.cache.put(job_id, source.read_bytes())
            return
        os.replace(tmp, target)

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
