"""Server-rendered staff pages over HTTP: role-based navigation, 403s, escaping, forms."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import PASSWORD, create_staff

HTML = {"accept": "text/html"}
Client = AsyncTestClient[Litestar]


async def web_sign_in(client: Client, role: str, language: str = "en") -> Any:
    """Sign in through the web form, as a browser does."""
    user = await create_staff(role, f"{role}-web@example.com", language)
    await client.get("/sign-in", headers=HTML)
    csrf = client.cookies.get("voc_csrf") or ""
    response = await client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "_csrf": csrf, "next": "/"},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return user


def csrf_of(client: Client) -> str:
    return client.cookies.get("voc_csrf") or ""


async def post_form(client: Client, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    kwargs.setdefault("follow_redirects", False)
    return await client.post(url, data={**data, "_csrf": csrf_of(client)}, headers=HTML, **kwargs)


async def create_survey(client: Client, name: str = "Q4 NPS", kind: str = "customer_nps") -> int:
    response = await post_form(
        client,
        "/surveys/new",
        {
            "name": name,
            "kind": kind,
            "window_start_hour": "0",
            "window_end_hour": "24",
            "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
            "timezone": "Asia/Tokyo",
            "reminder_count": "0",
            "reminder_interval_days": "3",
            "holdout_percent": "10",
        },
    )
    assert response.status_code == 303, response.text
    match = re.match(r"/surveys/(\d+)$", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


async def test_cs_creates_a_survey_and_sees_its_pages(client: Client) -> None:
    await web_sign_in(client, "cs")
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200
    survey_id = await create_survey(client)
    for suffix in ("", "/questions", "/recipients", "/preview", "/results"):
        page = await client.get(f"/surveys/{survey_id}{suffix}", headers=HTML)
        assert page.status_code == 200, (suffix, page.text[:2000])
        assert "Q4 NPS" in page.text
