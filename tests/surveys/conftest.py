"""Fixtures of the surveys tests: the loopback SMTP server and survey helpers."""

from __future__ import annotations

from typing import Any

from tests.smtp import smtp_server, smtp_settings

__all__ = ["add_people", "create_survey", "smtp_server", "smtp_settings"]


async def create_survey(client: Any, kind: str = "customer_nps", **fields: Any) -> dict[str, Any]:
    body = {"name": fields.pop("name", "Autumn NPS"), "kind": kind, **fields}
    response = await client.post("/api/surveys", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def add_people(
    client: Any, survey_id: int, people: list[dict[str, Any]], **extra: Any
) -> Any:
    return await client.post(
        f"/api/surveys/{survey_id}/recipients", json={"recipients": people, **extra}
    )
