"""Serving reports over HTTP: inline when quick, otherwise a background job to poll."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.exceptions import NotFoundException

from app.auth.guards import can_read
from app.reports.cache import ReportCache, report_key
from app.reports.download import attachment_header, report_filename
from app.reports.engine import ProgressFn
from app.reports.jobs import JobStatus, ReportJobs

INLINE_SECONDS = 1.0


def report_jobs(state: Any) -> ReportJobs:
    jobs: ReportJobs | None = getattr(state, "report_jobs", None)
    if jobs is None:
        jobs = ReportJobs(ReportCache.for_settings(state.settings))
        state.report_jobs = jobs
    return jobs


def pick_report_language(request: Request[Any, Any, Any], lang: str | None) -> str:
    """``?lang=ja|en``, else the signed-in user's language."""
    if lang in {"en", "ja"}:
        return lang
    staff = request.scope.get("state", {}).get("staff")
    return getattr(staff, "language", None) or "en"


def pdf_response(pdf: bytes, filename: str) -> Response[bytes]:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": attachment_header(filename),
            "Cache-Control": "private, no-store",
        },
    )


def job_response(status: JobStatus) -> Response[Any]:
    return Response(
        {
            "status": status.state.value,
            "progress": status.progress,
            "key": status.key,
            "poll": f"/api/reports/jobs/{status.key}",
            "download": f"/api/reports/{status.key}/report.pdf",
        },
        status_code=202,
        headers={"Location": f"/api/reports/jobs/{status.key}", "Retry-After": "1"},
    )


async def serve_report(
    request: Request[Any, Any, Any],
    kind: str,
    view: Any,
    lang: str,
    build: Callable[[Any, str, ProgressFn], bytes],
    filename: str,
) -> Response[Any]:
    """The PDF if cached or ready within a second; else 202 with a job to poll."""
    jobs = report_jobs(request.app.state)
    key = report_key(kind, lang, view)
    outcome = await jobs.get_or_start(
        key, lambda progress: build(view, lang, progress), inline_seconds=INLINE_SECONDS
    )
    if isinstance(outcome, bytes):
        return pdf_response(outcome, filename)
    if outcome.state.value == "failed":
        raise RuntimeError(f"report rendering failed: {outcome.error}")
    return job_response(outcome)


class ReportJobController(Controller):
    path = "/api/reports"
    tags = ["reports"]
    guards = [can_read]

    @get("/jobs/{key:str}", operation_id="reportJobStatus")
    async def status(self, request: Request[Any, Any, Any], key: str) -> JobStatus:
        """Progress of a report being generated in the background."""
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise NotFoundException("no such report")
        status = report_jobs(request.app.state).status(key)
        if status is None:
            raise NotFoundException("no such report")
        return status

    @get("/{key:str}/report.pdf", operation_id="reportDownload")
    async def download(self, request: Request[Any, Any, Any], key: str) -> Response[bytes]:
        """A finished report from the cache."""
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise NotFoundException("no such report")
        pdf = report_jobs(request.app.state).result(key)
        if pdf is None:
            raise NotFoundException("the report is not ready or has expired")
        return pdf_response(pdf, f"voc-report-{key[:12]}.pdf")


__all__ = [
    "ReportJobController",
    "pdf_response",
    "pick_report_language",
    "report_filename",
    "report_jobs",
    "serve_report",
]
