"""Who may read a survey's analysed results: the same role/audience rule as the survey itself.

Every analytics route and results page carries :func:`survey_reader` as a guard, so a route
added later without it fails ``tests/analytics/test_access.py`` (which walks the app's route
table). Customer results are for ``cs``/``manager``, employee (eNPS) results for ``hr``;
``admin`` reads both (:mod:`app.auth.audience`).
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from analytics.services import AnalyticsService, SurveyInfo
from app.auth.audience import denial, effective_audience, may_read
from app.auth.guards import authenticate
from app.auth.schemas import Staff


def survey_audience(info: SurveyInfo) -> str:
    return effective_audience(info.kind, info.audience)


async def check_survey_reader(settings: Any, survey_id: int, staff: Staff) -> SurveyInfo:
    """The survey's info if ``staff`` may read its results; 404 unknown, 403 wrong role."""
    info = await AnalyticsService(settings).survey(survey_id)
    audience = survey_audience(info)
    if not may_read(staff, audience):
        raise PermissionDeniedException(denial(staff, audience))
    return info


async def survey_reader(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Guard for routes under ``…/{survey_id}``: the caller may read that survey's results."""
    staff = await authenticate(connection)
    if staff is None:
        raise NotAuthorizedException("Sign in or send a bearer token")
    survey_id = connection.path_params.get("survey_id")
    if survey_id is None:  # a programming error: the guard is only for survey routes
        raise PermissionDeniedException("no survey in this route")
    await check_survey_reader(connection.app.state.settings, int(survey_id), staff)


__all__ = ["check_survey_reader", "survey_audience", "survey_reader"]
