from __future__ import annotations

from typing import Any

import pytest

from tests.analytics.factories import add_response, make_survey


@pytest.fixture
async def surveys(client: Any) -> dict[str, int]:
    customer = await make_survey()
    enps = await make_survey("enps")
    for i in range(12):
        await add_response(
            customer, i % 11, f"comment {i}", {"store": "Kyoto" if i % 2 else "Osaka"}
        )
        await add_response(enps, 10 - i % 11, "", {"department": "Sales" if i < 9 else "Legal"})
    return {"customer": customer, "enps": enps}


class TestAnalyticsApi:
    async def test_requires_sign_in(self, client: Any, surveys: dict[str, int]) -> None:
        response = await client.get(f"/api/surveys/{surveys['customer']}/analytics/scores")
        assert response.status_code == 401

    async def test_cs_never_sees_enps(self, staff_client: Any, surveys: dict[str, int]) -> None:
        client = await staff_client("cs")
        ok = await client.get(f"/api/surveys/{surveys['customer']}/analytics/scores")
        assert ok.status_code == 200 and ok.json()["score"]["n"] == 12
        for path in ("scores", "breakdown?by=department", "comments", "themes", "drivers"):
            denied = await client.get(f"/api/surveys/{surveys['enps']}/analytics/{path}")
            assert denied.status_code == 403, path

    async def test_manager_reads_customer_not_enps(
        self, staff_client: Any, surveys: dict[str, int]
    ) -> None:
        client = await staff_client("manager")
        ok = await client.get(f"/api/surveys/{surveys['customer']}/analytics/breakdown?by=store")
        assert ok.status_code == 200
        assert {s["group"] for s in ok.json()["segments"]} == {"Kyoto", "Osaka"}
        denied = await client.get(f"/api/surveys/{surveys['enps']}/analytics/scores")
        assert denied.status_code == 403

    async def test_hr_sees_enps_with_floor(
        self, staff_client: Any, surveys: dict[str, int]
    ) -> None:
        client = await staff_client("hr")
        response = await client.get(
            f"/api/surveys/{surveys['enps']}/analytics/breakdown?by=department"
        )
        assert response.status_code == 200
        body = response.json()
        assert body["total"]["metric"] == "enps" and body["total"]["n"] == 12
        # Legal has 3 people: hidden, and Sales with it so 12 − Sales cannot reveal Legal.
        assert body["segments"] == [] and body["hidden_count"] == 2
        assert "Legal" not in response.text

    async def test_injection_in_filter_is_a_clean_422(
        self, staff_client: Any, surveys: dict[str, int]
    ) -> None:
        client = await staff_client("cs")
        response = await client.get(
            f"/api/surveys/{surveys['customer']}/analytics/breakdown",
            params={"by": "store'); DROP TABLE survey_response; --"},
        )
        assert response.status_code == 422
        assert response.json()["field"] == "by"
        again = await client.get(f"/api/surveys/{surveys['customer']}/analytics/scores")
        assert again.json()["score"]["n"] == 12

    async def test_unknown_survey_is_404(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        response = await client.get("/api/surveys/999/analytics/scores")
        assert response.status_code == 404
