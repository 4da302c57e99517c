"""PDF downloads of the training app: one workshop's effectiveness report and the portfolio.

``GET /api/workshops/{id}/report.pdf?lang=ja|en`` and ``GET /api/workshops/report.pdf``
(``manager`` and up). The view is filled by :mod:`training.reporting` from the same service
calls as the JSON API; :func:`app.reports.http.serve_report` returns the PDF inline when it
is cached or ready within a second, else 202 with a background job to poll. The cache key
hashes the view, so a report is rebuilt exactly when its data changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter

from analytics.services import AnalyticsService
from app.auth.audience import may_read, workshop_audience
from app.auth.guards import can_read
from app.auth.schemas import Staff
from app.reports.engine import ProgressFn
from app.reports.http import pick_report_language, report_filename, serve_report
from app.timefmt import zone_of
from training.report import (
    PortfolioReportView,
    WorkshopReportView,
    build_portfolio_report,
    build_workshop_report,
)
from training.reporting import portfolio_report_view, workshop_report_view
from training.services import EffectivenessService, WorkshopService, today


def _generated_at(request: Request[Any, Any, Any]) -> dt.datetime:
    """Now in the organisation's zone: the report's "as of" date is that zone's, and a
    creation time in UTC read as the day before it in Tokyo mornings."""
    now: dt.datetime = request.app.state.clock.now()
    return now.astimezone(zone_of(request.app.state.settings.timezone, "UTC"))


class WorkshopReportController(Controller):
    path = "/api/workshops"
    tags = ["workshops", "reports"]
    guards = [can_read]

    @get("/{workshop_id:int}/report.pdf", operation_id="workshopReportPdf")
    async def workshop_report(
        self,
        request: Request[Any, Any, Any],
        workshop_id: int,
        staff: Staff,
        lang: str | None = None,
    ) -> Response[Any]:
        """The workshop effectiveness report as PDF (``?lang=ja|en``, default the user's
        language); 202 with a job to poll when it takes over a second."""
        settings, clock = request.app.state.settings, request.app.state.clock
        language = pick_report_language(request, lang)
        # Comments are quoted for readers of the workshop's surveys only: employees' feedback
        # on an internal training is hr's, customers' feedback is cs's and managers'.
        workshop = await WorkshopService(settings, clock).get(workshop_id)
        audience = workshop_audience(workshop.kind)
        quote_comments = may_read(staff, audience)
        day = today(settings, clock)
        generated_at = _generated_at(request)

        def gather() -> Awaitable[WorkshopReportView]:
            return workshop_report_view(
                WorkshopService(settings, clock),
                EffectivenessService(settings, clock),
                AnalyticsService(settings),
                workshop_id,
                language,
                quote_comments=quote_comments,
            )

        def build(view: WorkshopReportView, lang: str, progress: ProgressFn) -> bytes:
            return build_workshop_report(view, lang, generated_at=generated_at, progress=progress)

        # Workshop effectiveness is for every reader role (managers download it); a report
        # that may quote comments, only for readers of the workshop's surveys.
        return await serve_report(
            request,
            "workshop",
            f"{workshop_id}:quotes={int(quote_comments)}",
            language,
            gather,
            build,
            report_filename("workshop", workshop.title, day, language),
            audience=audience if quote_comments else None,
            filename_of=lambda view: report_filename("workshop", view.workshop_name, day, language),
        )

    @get("/report.pdf", operation_id="workshopPortfolioReportPdf")
    async def portfolio_report(
        self,
        request: Request[Any, Any, Any],
        lang: str | None = None,
        currency: str | None = Parameter(default=None, pattern=r"^[A-Z]{3}$"),
    ) -> Response[Any]:
        """All workshops of one currency ranked by ROI with CIs, and the spend, as PDF."""
        settings, clock = request.app.state.settings, request.app.state.clock
        language = pick_report_language(request, lang)
        day = today(settings, clock)
        generated_at = _generated_at(request)

        def gather() -> Awaitable[PortfolioReportView]:
            return portfolio_report_view(
                WorkshopService(settings, clock),
                EffectivenessService(settings, clock),
                language,
                currency,
            )

        def build(view: PortfolioReportView, lang: str, progress: ProgressFn) -> bytes:
            return build_portfolio_report(view, lang, generated_at=generated_at, progress=progress)

        def filename(code: str) -> str:
            return report_filename("portfolio", f"workshops-{code}", day, language)

        # Workshop effectiveness is for every reader role (managers download it).
        return await serve_report(
            request,
            "portfolio",
            currency or "*",
            language,
            gather,
            build,
            filename(currency or "all"),
            audience=None,
            filename_of=lambda view: filename(view.currency),
        )
