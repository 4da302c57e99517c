"""Lanes ahead of routing (app.front) and the start-up heap freeze, through real HTTP."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from litestar import Litestar, get
from litestar.testing import AsyncTestClient

from app.front import Reply, VocApp
from app.logs import configure_logging
from app.security import security_headers_hook


def replies(app: Litestar) -> int:
    assert isinstance(app, VocApp)
    return app.lane_replies


async def test_health_lane_answers_as_the_route(
    client: AsyncTestClient[Litestar], app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = replies(app)
    lane = await client.get("/health", headers={"x-request-id": "probe-1"})
    assert replies(app) == before + 1
    assert lane.status_code == 200 and lane.json() == {
        "status": "ok",
        "database": "ok",
        "scheduler": "running",
    }
    assert lane.headers["x-request-id"] == "probe-1"
    assert lane.headers["x-frame-options"] == "DENY" and "set-cookie" not in lane.headers
    assert isinstance(app, VocApp)
    monkeypatch.setattr(app, "_exact", {})  # no lanes: the route answers
    route = await client.get("/health")
    assert replies(app) == before + 1
    assert (route.status_code, route.content) == (lane.status_code, lane.content)
    names = [n for n in route.headers if n != "x-request-id"]
    assert [n for n in lane.headers if n != "x-request-id"] == names


async def test_health_lane_reports_an_unavailable_database(
    client: AsyncTestClient[Litestar], app: Litestar, capsys: pytest.CaptureFixture[str]
) -> None:
    async def down() -> bool:
        return False

    app.state.ping = down
    configure_logging()
    capsys.readouterr()
    before = replies(app)
    response = await client.get("/health")
    assert replies(app) == before + 1
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "unavailable",
        "scheduler": "running",
    }
    # A failing check is logged (a passing one is not: balancers probe every few seconds).
    (line,) = [json.loads(x) for x in capsys.readouterr().err.splitlines() if "voc.access" in x]
    assert (line["path"], line["status"]) == ("/health", 503)
    # A monitor probing with HEAD sees the same status, logged as a HEAD, without a body.
    probe = await client.head("/health")
    assert (probe.status_code, probe.content) == (503, b"")
    assert replies(app) == before + 2
    (line,) = [json.loads(x) for x in capsys.readouterr().err.splitlines() if "voc.access" in x]
    assert (line["method"], line["path"], line["status"]) == ("HEAD", "/health", 503)


async def test_head_on_health_from_the_lane_and_the_route(
    client: AsyncTestClient[Litestar], app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = await client.get("/health")
    before = replies(app)
    lane = await client.head("/health")
    assert replies(app) == before + 1
    assert (lane.status_code, lane.content) == (200, b"")
    # HEAD answers with the headers a GET would, body length included.
    assert lane.headers["content-length"] == str(len(full.content))
    assert lane.headers["content-type"] == full.headers["content-type"]
    assert isinstance(app, VocApp)
    monkeypatch.setattr(app, "_exact", {})  # no lanes: the route answers HEAD too
    route = await client.head("/health")
    assert replies(app) == before + 1
    assert (route.status_code, route.content) == (200, b"")


async def test_a_failing_lane_hands_the_request_to_the_route() -> None:
    @get("/x", sync_to_thread=False)
    def route() -> str:
        """The full stack's answer."""
        return "route"

    async def failing(scope: Any, app: Litestar) -> Reply | None:
        raise RuntimeError("database gone")

    async def declining(scope: Any, app: Litestar) -> Reply | None:
        return None

    async def serving(scope: Any, app: Litestar) -> Reply | None:
        return Reply(201, [(b"content-type", b"text/plain")], b"lane")

    app = VocApp(route_handlers=[route], before_send=[security_headers_hook])
    app.add_lane("/x", failing)
    app.add_lane("/y/", declining)
    app.add_lane("/z/", serving)
    async with AsyncTestClient(app) as client:
        answered = await client.get("/x")
        assert (answered.status_code, answered.text) == (200, "route")
        assert (await client.get("/y/1")).status_code == 404
        served = await client.get("/z/1")
        assert (served.status_code, served.text) == (201, "lane")
        assert served.headers["x-frame-options"] == "DENY" and served.headers["x-request-id"]
        # Other methods never take a lane; HEAD does (without the body) outside the links.
        assert (await client.post("/z/1")).status_code == 404
        head = await client.head("/z/1")
        assert (head.status_code, head.content) == (201, b"")
    assert app.lane_replies == 2


async def test_start_up_heap_is_frozen_while_serving(app: Litestar) -> None:
    gc.unfreeze()
    async with app.state.lifespan(app):
        # The framework, templates and models stay out of full collections while serving.
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
