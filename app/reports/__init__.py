"""PDF reports: rendering engine, charts, locale formatting, caching and background jobs.

Public API::

    render_pdf(template_name, context, lang) -> bytes
    ReportCache(root).key(kind, lang, view) / get / put / get_or_build
    ReportJobs(cache).start(key, build) -> JobStatus; status(key); result(key); wait(key)
    report_filename(kind, name, date, lang) / attachment_header(filename)
    warm_up()  # load fonts and caches before the first report
"""

from __future__ import annotations

from app.reports.cache import ReportCache, report_key
from app.reports.download import attachment_header, report_filename
from app.reports.engine import RenderedReport, render_pdf, render_report, warm_up
from app.reports.fmt import Fmt
from app.reports.jobs import JobState, JobStatus, ReportJobs

__all__ = [
    "Fmt",
    "JobState",
    "JobStatus",
    "RenderedReport",
    "ReportCache",
    "ReportJobs",
    "attachment_header",
    "render_pdf",
    "render_report",
    "report_filename",
    "report_key",
    "warm_up",
]
