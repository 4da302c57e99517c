from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import sign_in


class TestErrorShape:
    async def test_malformed_json(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "admin")
        response = await client.post(
            "/api/users", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        body = response.json()
        assert body["status"] == 400 and body["detail"]
        assert "Traceback" not in response.text

    async def test_unknown_field_is_named(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "admin")
        response = await client.post(
            "/api/users",
            json={
                "email": "a@example.com",
                "name": "A",
                "role": "cs",
                "password": "long enough pw",
                "shoe": 1,
            },
        )
        assert response.status_code == 400
        assert response.json()["field"] == "shoe"

    async def test_wrong_type_is_named(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "admin")
        response = await client.post(
            "/api/users", json={"email": 5, "name": "A", "role": "cs", "password": "long enough pw"}
        )
        assert response.status_code == 400
        assert response.json()["field"] == "email"

    async def test_body_over_one_megabyte_is_413(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "admin")
        response = await client.post(
            "/api/users",
            content=b'{"name": "' + b"a" * 1_100_000 + b'"}',
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 413
        assert response.json()["status"] == 413

    async def test_unknown_route_is_404_json(self, client: AsyncTestClient[Litestar]) -> None:
        response = await client.get("/api/nothing-here")
        assert response.status_code == 404
        assert response.json()["status"] == 404


class TestHealth:
    async def test_health_reports_database_and_scheduler(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        response = await client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "scheduler": "running"}
        assert response.headers["x-request-id"]

    async def test_openapi_schema_is_served(self, client: AsyncTestClient[Litestar]) -> None:
        response = await client.get("/schema/openapi.json")
        assert response.status_code == 200
        assert "signIn" in response.text
