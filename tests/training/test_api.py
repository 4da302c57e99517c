"""The staff API of workshops and accounts: roles, imports, shapes."""

from __future__ import annotations

from typing import Any

import pytest

ACCOUNTS_CSV = (
    "external_id,name,tier,segment,owner,currency,mrr,created_on\n"
    "A-1,さくら商事,Enterprise,Retail,sato@example.com,JPY,1200000,2024-01-01\n"
    "A-2,Tiny KK,SMB,IT,,JPY,30000,2024-01-01\n"
)
WORKSHOP = {
    "title": "Health score workshop",
    "kind": "customer",
    "held_on": "2026-12-01",
    "facilitator": "Aiko",
    "objectives": ["logo_churn"],
    "currency": "JPY",
    "costs": {"facilitator": "300000", "participant_hours": "12.5", "loaded_hourly_rate": 5000},
}


async def _create(client: Any) -> dict[str, Any]:
    response = await client.post("/api/workshops", json=WORKSHOP)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


class TestRoles:
    @pytest.mark.parametrize("role", ["cs", "hr", "admin"])
    async def test_setup_roles_can_create(self, staff_client: Any, role: str) -> None:
        client = await staff_client(role)
        workshop = await _create(client)
        assert workshop["costs"]["total"] == "362500"
        assert [c["offset_days"] for c in workshop["checkpoints"]] == [0, 7, 30, 90, 180]

    async def test_manager_reads_but_cannot_set_up(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        workshop = await _create(client)
        await client.post("/api/auth/sign-out")
        client = await staff_client("manager")
        for method, path, body in [
            ("post", "/api/workshops", WORKSHOP),
            ("patch", f"/api/workshops/{workshop['id']}", {"title": "x"}),
            ("delete", f"/api/workshops/{workshop['id']}", None),
            ("post", f"/api/workshops/{workshop['id']}/participants", {"participants": []}),
            ("post", "/api/accounts/import", {"accounts": []}),
            ("post", "/api/accounts/events/import", {"events": []}),
        ]:
            kwargs = {"json": body} if body is not None else {}
            response = await getattr(client, method)(path, **kwargs)
            assert response.status_code == 403, (method, path, response.text)
        for path in [
            "/api/workshops",
            f"/api/workshops/{workshop['id']}",
            f"/api/workshops/{workshop['id']}/participants",
            f"/api/workshops/{workshop['id']}/checkpoints",
            f"/api/workshops/{workshop['id']}/effectiveness",
            f"/api/workshops/{workshop['id']}/effectiveness/30",
            f"/api/workshops/{workshop['id']}/kirkpatrick",
            "/api/workshops/portfolio",
            "/api/accounts",
        ]:
            response = await client.get(path)
            assert response.status_code == 200, (path, response.text)

    async def test_anonymous_is_401(self, client: Any) -> None:
        assert (await client.get("/api/workshops")).status_code == 401
        assert (await client.get("/api/accounts")).status_code == 401


class TestWorkshopApi:
    async def test_update_with_unset_fields(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        workshop = await _create(client)
        response = await client.patch(
            f"/api/workshops/{workshop['id']}", json={"checkpoints": [0, 30], "title": "New"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["title"] == "New" and body["facilitator"] == "Aiko"
        assert [c["offset_days"] for c in body["checkpoints"]] == [0, 30]

    async def test_bad_input_names_the_field(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        response = await client.post("/api/workshops", json={**WORKSHOP, "kind": "party"})
        assert response.status_code == 400
        assert response.json()["field"] == "kind"
        costs = {**WORKSHOP["costs"], "materials": "-1"}  # type: ignore[dict-item]
        response = await client.post("/api/workshops", json={**WORKSHOP, "costs": costs})
        assert response.status_code == 422
        assert "materials" in response.json()["field"]
        response = await client.get("/api/workshops/999")
        assert response.status_code == 404

    async def test_delete(self, staff_client: Any) -> None:
        client = await staff_client("hr")
        workshop = await _create(client)
        assert (await client.delete(f"/api/workshops/{workshop['id']}")).status_code == 204
        assert (await client.get(f"/api/workshops/{workshop['id']}")).status_code == 404


class TestImportApi:
    async def test_csv_upload_raw_and_multipart_idempotent(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        response = await client.post(
            "/api/accounts/import.csv",
            content=ACCOUNTS_CSV.encode("shift_jis"),
            headers={"content-type": "text/csv"},
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"total": 2, "created": 2, "updated": 0, "unchanged": 0}
        response = await client.post(
            "/api/accounts/import.csv",
            files={"file": ("accounts.csv", ACCOUNTS_CSV.encode(), "text/csv")},
        )
        assert response.json() == {"total": 2, "created": 0, "updated": 0, "unchanged": 2}
        page = (await client.get("/api/accounts?q=さくら")).json()
        assert page["total"] == 1 and page["items"][0]["mrr"] == "1200000"

    async def test_rejected_file_lists_every_problem(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await client.post(
            "/api/accounts/import.csv",
            content=ACCOUNTS_CSV.encode(),
            headers={"content-type": "text/csv"},
        )
        events = (
            "external_event_id,account_external_id,date,kind,mrr_delta\n"
            "E-1,A-1,2024-02-01,expansion,1000\n"
            "E-2,A-9,2024-02-01,expansion,1000\n"
            "E-3,A-1,2023-02-01,expansion,1000\n"
            "E-4,A-2,2024-02-01,contraction,1000\n"
        )
        response = await client.post(
            "/api/accounts/events/import.csv",
            content=events.encode(),
            headers={"content-type": "text/csv"},
        )
        assert response.status_code == 422
        body = response.json()
        assert body["status"] == 422 and "nothing was imported" in body["detail"]
        assert [(p["row"], p["column"]) for p in body["problems"]] == [
            (3, "account_external_id"),
            (4, "date"),
            (5, "mrr_delta"),
        ]
        accounts = (await client.get("/api/accounts")).json()["items"]
        listed = await client.get(f"/api/accounts/{accounts[0]['id']}/events")
        assert listed.json() == []

    async def test_json_imports_and_participants(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        response = await client.post(
            "/api/accounts/import",
            json={
                "accounts": [
                    {
                        "external_id": "A-1",
                        "name": "One",
                        "tier": "SMB",
                        "mrr": "1000.50",
                        "currency": "EUR",
                    },
                ]
            },
        )
        assert response.status_code == 200, response.text
        response = await client.post(
            "/api/accounts/events/import",
            json={
                "events": [
                    {
                        "external_event_id": "E-1",
                        "account_external_id": "A-1",
                        "date": "2025-01-01",
                        "kind": "new",
                        "mrr_delta": "1000.50",
                    },
                ]
            },
        )
        assert response.json()["created"] == 1
        workshop = await _create(client)
        response = await client.post(
            f"/api/workshops/{workshop['id']}/participants.csv",
            content=b"email,name,account_external_id,attendance,quiz_score\n"
            b"x@example.com,X,A-1,attended,90\n",
            headers={"content-type": "text/csv"},
        )
        assert response.status_code == 200, response.text
        people = (await client.get(f"/api/workshops/{workshop['id']}/participants")).json()
        assert people == [
            {
                "id": people[0]["id"],
                "email": "x@example.com",
                "name": "X",
                "language": "en",
                "account_external_id": "A-1",
                "team": None,
                "attendance": "attended",
                "quiz_score": 90.0,
            }
        ]
        detail = (await client.get(f"/api/workshops/{workshop['id']}")).json()
        assert detail["participants"]["attended"] == 1

    async def test_csv_route_accepts_more_than_one_megabyte(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        lines = ["external_id,name,tier,mrr"] + [
            f"ACC-{i:06d},Account number {i} with a long name,SMB,{1000 + i}" for i in range(30_000)
        ]
        data = "\n".join(lines).encode()
        assert len(data) > 1_048_576
        response = await client.post(
            "/api/accounts/import.csv", content=data, headers={"content-type": "text/csv"}
        )
        assert response.status_code == 200, response.text[:300]
        assert response.json()["created"] == 30_000
