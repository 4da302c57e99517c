"""Issue 18 (9): the API works for scripts, and refuses what makes no sense."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD, create_staff
from tests.surveys.conftest import add_people, create_survey


class TestScriptSignIn:
    async def test_a_script_gets_a_token_with_email_and_password_alone(self, client: Any) -> None:
        user = await create_staff("cs", "script@example.com")
        # No page fetched first, no CSRF cookie: one POST.
        assert "voc_csrf" not in client.cookies
        created = await client.post(
            "/api/auth/tokens",
            json={"email": user.email, "password": PASSWORD, "name": "nightly export"},
        )
        assert created.status_code == 201, created.text
        token = created.json()["token"]
        assert "voc_session" not in created.headers.get("set-cookie", "")
        client.cookies.clear()
        me = await client.get("/api/auth/me", headers={"authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["email"] == user.email

    async def test_wrong_password_and_no_credentials_are_401(self, client: Any) -> None:
        user = await create_staff("cs", "script2@example.com")
        wrong = await client.post(
            "/api/auth/tokens", json={"email": user.email, "password": "nope", "name": "x"}
        )
        assert wrong.status_code == 401
        anonymous = await client.post("/api/auth/tokens", json={"name": "x"})
        assert anonymous.status_code == 401

    async def test_a_session_still_needs_its_csrf_token(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        del client.headers["x-csrf-token"]
        forged = await client.post("/api/auth/tokens", json={"name": "from another site"})
        assert forged.status_code == 403


class TestRefusals:
    @pytest.mark.parametrize("code", ["XYZ", "XXX", "EURO", "jp"])
    async def test_unknown_currency_is_refused(self, staff_client: Any, code: str) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        response = await client.post(
            f"/api/surveys/{survey['id']}/incentives",
            json={
                "kind": "gift_card",
                "name": "card",
                "currency": code,
                "budget": "1000",
                "unit_cost": "10",
            },
        )
        assert response.status_code in (400, 422), response.text
        assert response.json().get("field") == "currency"
        workshop = await client.post(
            "/api/workshops", json={"title": "W", "kind": "customer", "held_on": "2026-12-01",
                                    "currency": code}
        )  # fmt: skip
        assert workshop.status_code in (400, 422), workshop.text

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"unit_cost": "5000", "budget": "1000"}, "unit_cost"),
            ({"unit_cost": "0", "budget": "1000"}, "unit_cost"),
            ({"unit_cost": "10", "budget": "0"}, "budget"),
        ],
    )
    async def test_incentive_that_cannot_work_is_refused(
        self, staff_client: Any, fields: dict[str, str], field: str
    ) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        response = await client.post(
            f"/api/surveys/{survey['id']}/incentives",
            json={"kind": "gift_card", "name": "card", "currency": "JPY", **fields},
        )
        assert response.status_code == 422, response.text
        assert response.json()["field"] == field

    async def test_sending_to_nobody_is_refused_and_stays_draft(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        response = await client.post(f"/api/surveys/{survey['id']}/send")
        assert response.status_code == 409, response.text
        assert response.json()["field"] == "recipients"
        assert (await client.get(f"/api/surveys/{survey['id']}")).json()["status"] == "draft"
        people = [{"email": "a@example.com", "name": "A", "language": "en"}]
        assert (await add_people(client, survey["id"], people)).status_code == 200
        assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200


class TestRespondentJson:
    async def test_get_link_as_json_then_answer_as_json(self, staff_client: Any) -> None:
        from tests.surveys.test_respondent import live_survey

        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        token = next(iter(tokens.values()))
        form = await client.get(f"/r/{token}", headers={"accept": "application/json"})
        assert form.status_code == 200
        assert form.headers["content-type"].startswith("application/json")
        body = form.json()
        keys = [q["key"] for q in body["questions"]]
        nps = next(q["key"] for q in body["questions"] if q["type"] == "nps")
        assert body["answers"] == {} and body["answered_at"] is None and keys
        saved = await client.post(f"/r/{token}", json={"answers": {nps: 9}})
        assert saved.status_code == 200, saved.text
        again = (await client.get(f"/r/{token}", headers={"accept": "application/json"})).json()
        assert again["answers"][nps] == 9 and again["answered_at"]
        missing = await client.get("/r/" + "x" * 30, headers={"accept": "application/json"})
        assert missing.status_code == 404 and missing.json()["status"] == 404

    async def test_closed_link_answers_410_in_json_and_reopening_restores_it(
        self, staff_client: Any
    ) -> None:
        """Issue 18 (6, 9): a script sees the closed survey as 410 JSON; reopen (API) undoes it."""
        from tests.surveys.test_respondent import live_survey

        client = await staff_client("cs")
        survey, tokens = await live_survey(client)
        token = next(iter(tokens.values()))
        json_accept = {"accept": "application/json"}
        closed = await client.post(f"/api/surveys/{survey['id']}/close")
        assert closed.status_code == 200, closed.text
        gone = await client.get(f"/r/{token}", headers=json_accept)
        assert gone.status_code == 410, gone.text
        assert gone.headers["content-type"].startswith("application/json")
        assert gone.json()["status"] == 410
        reopened = await client.post(f"/api/surveys/{survey['id']}/reopen")
        assert reopened.status_code == 200 and reopened.json()["status"] == "live"
        form = await client.get(f"/r/{token}", headers=json_accept)
        assert form.status_code == 200 and form.json()["questions"]


class TestOpenApi:
    async def test_every_route_documents_its_error_statuses(self, client: Any) -> None:
        from litestar.handlers import HTTPRouteHandler

        schema = (await client.get("/schema/openapi.json")).json()
        paths = schema["paths"]
        checked = 0
        for route in client.app.routes:
            for handler in getattr(route, "route_handlers", []):
                if not isinstance(handler, HTTPRouteHandler) or not handler.include_in_schema:
                    continue
                path = route.path_format if hasattr(route, "path_format") else route.path
                if path not in paths:
                    continue
                for method in handler.http_methods:
                    op = paths[path].get(method.lower())
                    if op is None:
                        continue
                    checked += 1
                    documented = {int(s) for s in op["responses"] if s.isdigit()}
                    needed = {400, 503}
                    if any(g.__name__ != "csrf_guard" for g in handler.resolve_guards()):
                        needed |= {401, 403}
                    if "{" in path:
                        needed.add(404)
                    if method in ("POST", "PUT", "PATCH"):
                        needed.add(422)
                    if path.startswith(("/r/", "/u/")):
                        needed |= {404, 410, 429}
                    assert needed <= documented, (method, path, needed - documented)
                    for status in documented - {200, 201, 202, 204}:
                        content = op["responses"][str(status)].get("content", {})
                        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
                        assert ref and ref.endswith("/ErrorBody"), (method, path, status)
        assert checked > 60

    async def test_respondent_and_report_routes_are_complete(self, client: Any) -> None:
        schema = (await client.get("/schema/openapi.json")).json()
        paths = schema["paths"]
        submit = paths["/r/{token}"]["post"]["requestBody"]["content"]
        assert {"application/json", "application/x-www-form-urlencoded"} <= set(submit)
        assert "requestBody" in paths["/u/{token}"]["post"]
        assert "application/json" in paths["/r/{token}"]["get"]["responses"]["200"]["content"]
        reports = [p for p in paths if p.endswith("report.pdf") and "{key}" not in p]
        assert len(reports) >= 3
        for path in reports:
            responses = paths[path]["get"]["responses"]
            assert "application/pdf" in responses["200"]["content"], path
            assert "202" in responses, path
        uplift = schema["components"]["schemas"]["IncentiveOut"]["properties"]["uplift"]
        assert uplift.get("$ref", "").endswith("/Uplift")
        assert schema["components"]["schemas"]["Uplift"]["properties"]["uplift_pp"]


class TestReportFileNames:
    async def test_the_background_download_keeps_the_readable_name(
        self, staff_client: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import app.reports.http as report_http
        from tests.analytics.factories import add_response, make_survey

        monkeypatch.setattr(report_http, "INLINE_SECONDS", 0.0)
        client = await staff_client("cs")
        survey = await make_survey()
        await add_response(survey, 9, "", {"store": "Kyoto"})
        first = await client.get(f"/api/surveys/{survey}/analytics/report.pdf?lang=en")
        assert first.status_code == 202, first.status_code
        job = first.json()
        import asyncio

        for _ in range(300):
            polled = (await client.get(job["poll"])).json()
            if polled["state"] in ("done", "failed"):
                break
            await asyncio.sleep(0.2)
        assert polled["state"] == "done", polled
        download = await client.get(job["download"])
        assert download.status_code == 200
        disposition = download.headers["content-disposition"]
        assert 'filename="survey-customer_nps-survey-' in disposition, disposition
        assert "voc-report-" not in disposition
