"""Role per audience on every analytics route and results page, found from the app's route table.

A route added later under ``/api/surveys/{survey_id}/analytics`` (or a results page anywhere)
without the :func:`analytics.access.survey_reader` guard fails here: hr must never read
customer results, cs and manager never employee (eNPS) results (issue 12, attack 6).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from analytics.access import survey_reader
from app.auth.audience import AUDIENCES, may_read
from app.auth.schemas import Staff
from app.auth.services import AuthService
from app.clock import SystemClock
from surveys.tables import Response
from tests.analytics.factories import add_response, make_survey
from tests.conftest import create_staff

ROLES = ("admin", "hr", "cs", "manager")
# Query strings that make each route answer with figures when the caller may read them.
QUERY = {
    "breakdown": {"by": "team"},
    "compare": {"by": "team", "a": "Alpha", "b": "Beta"},
    "comments": {"by": "team"},
    "praise": {"by": "team"},
    "sentiment": {"by": "team"},
}


def survey_get_routes(app: Litestar) -> list[tuple[str, Any]]:
    """Every GET route with a survey id in its path: (path format, handler)."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "{survey_id" not in route.path:
            continue
        for handler in route.route_handlers:
            if "GET" in handler.http_methods:
                found.append((route.path_format, handler))
    return found


def is_analytics(path: str, handler: Any) -> bool:
    """Routes that publish analysed figures: the analytics package's, and results pages."""
    module = handler.fn.__module__
    return module.startswith("analytics.") or "/analytics/" in path or "/results" in path


def _role(role: str) -> Staff:
    return Staff(id=0, email="", name="", role=role, language="en")


def concrete(path: str, survey_id: int, item_id: int = 1) -> str:
    """The route with real values: the survey, ``en`` for a language, ``item_id`` for any
    other id (an answer of that survey)."""
    path = path.replace("{survey_id}", str(survey_id)).replace("{language}", "en")
    return re.sub(r"\{[a-z_]+\}", str(item_id), path)


@pytest.fixture
async def populated(client: Any) -> dict[str, int]:
    """One customer NPS survey and one eNPS survey, both with enough answers to show figures."""
    surveys = {"customer": await make_survey(), "employee": await make_survey("enps")}
    for survey_id in surveys.values():
        for i in range(12):
            await add_response(
                survey_id,
                (3 * i) % 11,
                f"the support team was {'great' if i % 2 else 'slow'} this month",
                {"team": "Alpha" if i % 2 else "Beta", "owner_email": f"owner{i % 3}@example.com"},
                sentiment=(0.5, "positive") if i % 2 else (-0.4, "negative"),
                answers={"driver_support": 1 + i % 5, "driver_product": 1 + (i * 2) % 5},
            )
    return surveys


@pytest.fixture
async def bearer(client: Any) -> dict[str, dict[str, str]]:
    """An ``Authorization`` header per role."""
    auth = AuthService(SystemClock())
    headers = {}
    for role in ROLES:
        user = await create_staff(role)
        token = await auth.create_api_token(user.id, "access test")
        headers[role] = {"Authorization": f"Bearer {token.token}"}
    return headers


def test_every_analytics_route_carries_the_survey_reader_guard(app: Litestar) -> None:
    routes = [(p, h) for p, h in survey_get_routes(app) if is_analytics(p, h)]
    paths = {p for p, _ in routes}
    # The walk must find the routes we know of, or it would prove nothing.
    for known in ("scores", "breakdown", "comments", "themes", "drivers", "report.pdf", "trend"):
        assert f"/api/surveys/{{survey_id}}/analytics/{known}" in paths
    assert "/surveys/{survey_id}/results" in paths
    missing = [p for p, h in routes if survey_reader not in h.resolve_guards()]
    assert missing == []


async def test_each_role_reads_only_its_audience_on_every_analytics_route(
    app: Litestar, client: Any, populated: dict[str, int], bearer: dict[str, dict[str, str]]
) -> None:
    routes = [(p, h) for p, h in survey_get_routes(app) if is_analytics(p, h)]
    checked = 0
    for path, _handler in routes:
        params = QUERY.get(path.rsplit("/", 1)[-1], {})
        for audience in AUDIENCES:
            answer = (
                await Response.select(Response.id)
                .where(Response.survey == populated[audience])
                .first()
            )
            assert answer is not None
            url = concrete(path, populated[audience], answer["id"])
            for role in ROLES:
                response = await client.get(url, params=params, headers=bearer[role])
                where = f"{role} on {audience} {url}"
                if may_read(_role(role), audience) and path.count("{") > 1:
                    # One answer: shown on customer surveys; employee answers are never shown
                    # one by one (404 even to hr), but the refusal is not the audience's 403.
                    expected = 200 if audience == "customer" else 404
                    assert response.status_code == expected, (where, response.status_code)
                elif may_read(_role(role), audience):
                    assert response.status_code in (200, 202), (where, response.text[:300])
                else:
                    assert response.status_code == 403, (where, response.status_code)
                    # Nothing of the survey leaks in the refusal.
                    assert "support team" not in response.text, where
                    assert "owner0@" not in response.text, where
                checked += 1
    assert checked >= 11 * len(AUDIENCES) * len(ROLES)


async def test_other_survey_reads_refuse_the_wrong_audience(
    app: Litestar, client: Any, populated: dict[str, int], bearer: dict[str, dict[str, str]]
) -> None:
    """Survey pages, exports and incentive figures outside analytics follow the same rule."""
    routes = [(p, h) for p, h in survey_get_routes(app) if not is_analytics(p, h)]
    assert "/api/surveys/{survey_id}/responses.csv" in {p for p, _ in routes}
    for path, _handler in routes:
        for audience in AUDIENCES:
            url = concrete(path, populated[audience])
            for role in ROLES:
                if may_read(_role(role), audience):
                    continue
                response = await client.get(url, headers=bearer[role])
                assert response.status_code == 403, (role, audience, url, response.status_code)


async def test_hr_reads_nothing_of_a_customer_survey(
    client: Any, populated: dict[str, int], bearer: dict[str, dict[str, str]]
) -> None:
    """Attack 6 as reported: hr breaks customers down by account owner, reads comments, PDF."""
    survey = populated["customer"]
    for path in (
        "analytics/scores",
        "analytics/breakdown?by=owner_email",
        "analytics/comments",
        "analytics/themes",
        "analytics/drivers",
        "analytics/trend",
        "analytics/report.pdf",
    ):
        response = await client.get(f"/api/surveys/{survey}/{path}", headers=bearer["hr"])
        assert response.status_code == 403, path
        assert "owner" not in response.text.replace("The role", "")
    page = await client.get(f"/surveys/{survey}/results", headers=bearer["hr"])
    assert page.status_code == 403
    # The same reader still gets the eNPS figures they are entitled to.
    enps = await client.get(
        f"/api/surveys/{populated['employee']}/analytics/scores", headers=bearer["hr"]
    )
    assert enps.status_code == 200 and enps.json()["score"]["n"] == 12


async def test_unknown_survey_is_404_for_every_role(
    client: Any, bearer: dict[str, dict[str, str]]
) -> None:
    for role in ROLES:
        response = await client.get("/api/surveys/98765/analytics/scores", headers=bearer[role])
        assert response.status_code == 404, role
