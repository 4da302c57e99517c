"""Serving reports over HTTP: inline when quick, otherwise a background job to poll.

A background job is reached through a signed ticket bound to the person who asked and to the
audience of what it renders (:mod:`app.reports.tickets`), never through the bare cache key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.exceptions import NotAuthorizedException, NotFoundException, PermissionDeniedException

from app.auth.guards import authenticate, can_read
from app.auth.schemas import Staff
from app.reports.cache import ReportCache, report_key
from app.reports.download import attachment_header, report_filename
from app.reports.engine import ProgressFn
from app.reports.jobs import JobState, JobStatus, ReportJobs
from app.reports.tickets import ReportTicket, TicketRefused, issue_ticket, open_ticket

#: How long a report route waits for its job (data and render) before answering 202. A little
#: under the promised second: sign-in, guards and the subject's lookup come before it.
INLINE_SECONDS = 0.9


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


def job_response(status: JobStatus, ticket: str) -> Response[Any]:
    return Response(
        {
            "status": status.state.value,
            "progress": status.progress,
            "key": ticket,
            "poll": f"/api/reports/jobs/{ticket}",
            "download": f"/api/reports/{ticket}/report.pdf",
        },
        status_code=202,
        headers={"Location": f"/api/reports/jobs/{ticket}", "Retry-After": "1"},
    )


async def _staff(request: Request[Any, Any, Any]) -> Staff:
    staff = await authenticate(request)
    if staff is None:
        raise NotAuthorizedException("Sign in or send a bearer token")
    return staff


async def _open(request: Request[Any, Any, Any], text: str) -> ReportTicket:
    """The caller's own ticket, re-checked against their role now."""
    staff = await _staff(request)
    now = request.app.state.clock.now()
    try:
        return open_ticket(request.app.state.settings.secret_key, text, staff, now)
    except TicketRefused as refused:
        if refused.status == 403:
            raise PermissionDeniedException(refused.detail) from None
        raise NotFoundException(refused.detail) from None


async def serve_report(
    request: Request[Any, Any, Any],
    kind: str,
    subject: str,
    lang: str,
    gather: Callable[[], Awaitable[Any]],
    build: Callable[[Any, str, ProgressFn], bytes],
    filename: str,
    *,
    audience: str | None,
    filename_of: Callable[[Any], str] | None = None,
) -> Response[Any]:
    """The PDF if cached or ready within a second; else 202 with a job to poll.

    ``gather()`` builds the report's view (its database work is part of the job, so the
    second counts from here whatever it costs); ``subject`` names what is asked with every
    option the view depends on (requests for the same subject join one running job).
    ``filename`` is the download's name, or ``filename_of(view)`` once the data is known.
    ``audience`` is the audience of the report's subject (``customer``/``employee``), or None
    when every reader role may see it; the job's ticket carries it so polls re-check it.
    A failure within the second answers as it would have inline (a 404 stays a 404).
    """
    jobs = report_jobs(request.app.state)
    outcome = await jobs.get_or_start_report(
        f"{kind}\0{subject}\0{lang}",
        gather,
        lambda view: report_key(kind, lang, view),
        lambda view, progress: build(view, lang, progress),
        inline_seconds=INLINE_SECONDS,
        filename_of=filename_of,
    )
    if outcome.pdf is not None:
        return pdf_response(outcome.pdf, outcome.filename or filename)
    if outcome.status.state is JobState.FAILED:
        if outcome.exc is not None:
            raise outcome.exc
        raise RuntimeError(outcome.status.error or "the report failed")
    staff = await _staff(request)
    ticket = ReportTicket(
        key=outcome.id,
        kind=kind,
        filename=outcome.filename or filename,
        audience=audience,
        staff_id=staff.id,
        issued_at=int(request.app.state.clock.now().timestamp()),
    )
    return job_response(outcome.status, issue_ticket(request.app.state.settings.secret_key, ticket))


class ReportJobController(Controller):
    path = "/api/reports"
    tags = ["reports"]
    guards = [can_read]

    @get("/jobs/{key:str}", operation_id="reportJobStatus")
    async def status(self, request: Request[Any, Any, Any], key: str) -> JobStatus:
        """Progress of a report being generated in the background (``key``: the job's ticket)."""
        ticket = await _open(request, key)
        status = report_jobs(request.app.state).status(ticket.key)
        if status is None:
            raise NotFoundException("no such report")
        return msgspec.structs.replace(status, key=key)

    @get("/{key:str}/report.pdf", operation_id="reportDownload")
    async def download(self, request: Request[Any, Any, Any], key: str) -> Response[bytes]:
        """A finished report (``key``: the job's ticket)."""
        ticket = await _open(request, key)
        jobs = report_jobs(request.app.state)
        pdf = jobs.result(ticket.key)
        if pdf is None:
            raise NotFoundException("the report is not ready or has expired")
        return pdf_response(pdf, jobs.filename(ticket.key) or ticket.filename)


__all__ = [
    "ReportJobController",
    "pdf_response",
    "pick_report_language",
    "report_filename",
    "report_jobs",
    "serve_report",
]
