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
