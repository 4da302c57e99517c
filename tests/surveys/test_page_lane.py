"""``GET /r/{token}`` answered ahead of routing (app.front): the same responses as the routes.

The lane serves an unanswered link's shared page once it is rendered; everything else (the
first render, answered links, closed surveys, unknown links, JSON clients, unusual queries,
HEAD) takes the full stack. Each test checks which of the two answered.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar

from app.front import VocApp
from app.logs import configure_logging
from app.ratelimit import PER_LINK
from tests.reliability.support import AppProcess, app_env, seed_respondents, start_all
from tests.smtp import free_port
from tests.surveys.conftest import add_people, create_survey
from tests.surveys.test_respondent import links

PEOPLE = [
    {"email": "ann@example.com", "name": "Ann", "language": "en"},
    {"email": "bob@example.com", "name": "Bob", "language": "en"},
    {"email": "chie@example.com", "name": "Chie", "language": "ja"},
]
HTML = {"accept": "text/html"}
#: Headers every respondent page carries, whichever path served it.
PAGE_HEADERS = {
    "cache-control": "no-store",
    "x-robots-tag": "noindex",
    "content-type": "text/html; charset=utf-8",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


async def live(client: Any) -> tuple[dict[str, Any], dict[str, str]]:
    survey = await create_survey(client, public_title={"en": "Autumn check", "ja": "秋の調査"})
    assert (await add_people(client, survey["id"], PEOPLE)).status_code == 200
    assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    client.headers.pop("x-csrf-token", None)
    return survey, await links()


def replies(app: Litestar) -> int:
    assert isinstance(app, VocApp)
    return app.lane_replies


def same_page(full: Any, lane: Any) -> None:
    """Status, headers (but the request id) and body byte for byte."""
    assert (lane.status_code, lane.content) == (full.status_code, full.content)
    for response in (full, lane):
        for name, value in PAGE_HEADERS.items():
            assert response.headers[name] == value
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    names = [n for n in full.headers if n != "x-request-id"]
    assert [n for n in lane.headers if n != "x-request-id"] == names
    assert int(lane.headers["content-length"]) == len(lane.content)


async def test_lane_serves_the_shared_page_as_the_route_does(
    staff_client: Any, app: Litestar
) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann, bob, chie = (tokens[f"{n}@example.com"] for n in ("ann", "bob", "chie"))
    before = replies(app)
    first = await client.get(f"/r/{ann}", headers=HTML)  # renders: the full stack
    assert replies(app) == before
    again = await client.get(f"/r/{ann}", headers={**HTML, "x-request-id": "req-42"})
    assert replies(app) == before + 1
    same_page(first, again)
    assert again.headers["x-request-id"] == "req-42"
    # Another link of the same language and version: the same page with its own token.
    other = await client.get(f"/r/{bob}", headers=HTML)
    assert replies(app) == before + 2
    assert other.text == again.text.replace(ann, bob) and ann not in other.text
    # Japanese links get the Japanese page, and their own cache entry.
    ja_full = await client.get(f"/r/{chie}", headers=HTML)
    ja_lane = await client.get(f"/r/{chie}", headers=HTML)
    assert replies(app) == before + 3
    same_page(ja_full, ja_lane)
    assert '<html lang="ja">' in ja_lane.text and "秋の調査" in ja_lane.text


@pytest.mark.parametrize("query", ["?score=7", "?score=0", "?score=11", "?score=x"])
async def test_score_from_the_email(staff_client: Any, app: Litestar, query: str) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann = tokens["ann@example.com"]
    first = await client.get(f"/r/{ann}{query}", headers=HTML)
    before = replies(app)
    again = await client.get(f"/r/{ann}{query}", headers=HTML)
    same_page(first, again)
    # Digits go through the lane (11 picks nothing, as the route reads it); other text
    # through the route.
    assert replies(app) == before + (query != "?score=x")
    picked = 'value="7" checked' in again.text
    assert picked == (query == "?score=7")
    if query == "?score=0":
        assert 'value="0" checked' in again.text
    # An unusual query (more parameters) takes the route and still picks the score.
    mixed = await client.get(f"/r/{ann}?score=7&utm_source=mail", headers=HTML)
    assert replies(app) == before + (query != "?score=x")
    assert ('value="7" checked' in mixed.text) and mixed.status_code == 200


async def test_everything_but_a_shared_page_takes_the_route(
    staff_client: Any, app: Litestar
) -> None:
    client = await staff_client("cs")
    survey, tokens = await live(client)
    ann, bob = tokens["ann@example.com"], tokens["bob@example.com"]
    await client.get(f"/r/{ann}", headers=HTML)  # the shared page exists from here on
    before = replies(app)
    # JSON clients get the form as JSON.
    as_json = await client.get(f"/r/{ann}", headers={"accept": "application/json"})
    assert as_json.status_code == 200 and as_json.json()["title"] == "Autumn check"
    # HEAD keeps the route's answer.
    head = await client.head(f"/r/{ann}")
    assert head.status_code == 405
    # An answered link shows its answer and date, not the blank form.
    posted = await client.post(f"/r/{bob}", json={"answers": {"recommend": 9}})
    assert posted.status_code == 200, posted.text
    answered = await client.get(f"/r/{bob}", headers=HTML)
    assert answered.status_code == 200 and 'value="9" checked' in answered.text
    assert "You answered on" in answered.text
    # Unknown links are 404 in the visitor's language.
    unknown = await client.get("/r/" + "x" * 32, headers={**HTML, "accept-language": "ja"})
    assert unknown.status_code == 404 and '<html lang="ja">' in unknown.text
    assert unknown.headers["cache-control"] == "no-store"
    assert replies(app) == before + 1  # only the JSON answer (the answer lane)
    # A closed survey explains itself (410), also for a link whose page was shared.
    client.headers["x-csrf-token"] = client.cookies.get("__Host-voc_csrf") or ""
    assert (await client.post(f"/api/surveys/{survey['id']}/close")).status_code == 200
    closed = await client.get(f"/r/{ann}", headers=HTML)
    assert closed.status_code == 410 and "closed" in closed.text
    assert replies(app) == before + 1


async def test_rate_limit_counts_each_request_once(staff_client: Any, app: Litestar) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann, bob = tokens["ann@example.com"], tokens["bob@example.com"]
    # A shared page (lane) and an answered link (lane declines, the route answers): both
    # count one request per request, so both get exactly PER_LINK pages.
    posted = await client.post(f"/r/{bob}", json={"answers": {"recommend": 3}})
    assert posted.status_code == 200
    for token in (ann, bob):
        served = await client.get(f"/r/{token}", headers=HTML)
        codes = [served.status_code]
        for _ in range(PER_LINK - 2):
            codes.append((await client.get(f"/r/{token}", headers=HTML)).status_code)
        codes.append((await client.get(f"/r/{token}", headers=HTML)).status_code)
        assert codes.count(200) == PER_LINK - (token == bob), codes
        limited = await client.get(f"/r/{token}", headers=HTML)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        assert limited.headers["x-frame-options"] == "DENY"


async def test_access_log_line_of_a_lane_request(
    staff_client: Any, app: Litestar, capsys: pytest.CaptureFixture[str]
) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann = tokens["ann@example.com"]
    await client.get(f"/r/{ann}?score=8", headers=HTML)  # renders the page with 8 picked
    before = replies(app)
    configure_logging()  # the JSON lines go to the captured stderr from here on
    capsys.readouterr()
    await client.get(f"/r/{ann}?score=8", headers={**HTML, "x-request-id": "lane-1"})
    assert replies(app) == before + 1
    err = capsys.readouterr().err
    (line,) = [json.loads(x) for x in err.splitlines() if '"voc.access"' in x]
    assert line["request_id"] == "lane-1" and line["method"] == "GET"
    assert line["path"] == "/r/<token>" and line["status"] == 200
    assert ann not in err


@pytest.mark.slow
async def test_parallel_page_views_on_a_real_server(
    database_url: str, db: None, tmp_path: Path
) -> None:
    """64 connections at once against uvicorn: every link gets its own form (its token in
    the action, nobody else's), with the page headers, whichever path served it."""
    _, tokens = await seed_respondents(40, "Parallel pages")
    port = free_port()
    server = AppProcess(app_env(database_url, tmp_path, port), port, tmp_path / "app.log")
    try:
        start_all([server])
        async with httpx.AsyncClient(
            base_url=server.url, timeout=60, limits=httpx.Limits(max_connections=64)
        ) as http:

            async def view(token: str) -> tuple[str, httpx.Response]:
                return token, await http.get(f"/r/{token}", headers=HTML)

            for _ in range(3):
                views = await asyncio.gather(*(view(t) for t in tokens for _ in range(2)))
                for token, response in views:
                    assert response.status_code == 200, response.text[:300]
                    assert response.headers["cache-control"] == "no-store"
                    assert response.headers["x-frame-options"] == "DENY"
                    actions = re.findall(r'action="/r/([^"]+)"', response.text)
                    assert actions == [token]
            health = await asyncio.gather(*(http.get("/health") for _ in range(64)))
            assert {r.status_code for r in health} == {200}
    finally:
        server.stop()
    logs = server.logs()
    assert logs.count('"path": "/r/<token>"') == 3 * 2 * len(tokens)
    assert not any(token in logs for token in tokens)
