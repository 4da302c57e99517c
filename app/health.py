from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Litestar, Request, Response, get, head
from litestar.datastructures import State
from litestar.types import Scope

from app.db import ping
from app.front import Reply, content_headers


class Health(msgspec.Struct):
    status: str
    database: str
    scheduler: str


async def check_health(state: State) -> Health:
    """A database round trip (reused for 1 s) and the scheduler."""
    shared_ping = state.get("ping")
    database_ok = await (shared_ping() if shared_ping is not None else ping())
    scheduler = state.get("scheduler")
    scheduler_state = "running" if scheduler is not None and scheduler.running else "stopped"
    ok = database_ok and scheduler_state == "running"
    return Health(
        status="ok" if ok else "degraded",
        database="ok" if database_ok else "unavailable",
        scheduler=scheduler_state,
    )


class HealthController(Controller):
    path = "/health"
    tags = ["ops"]

    @get("/", operation_id="health")
    async def health(self, request: Request[Any, Any, Any]) -> Response[Health]:
        """Liveness and readiness: a database round trip (reused for 1 s) and the scheduler."""
        body = await check_health(request.app.state)
        return Response(body, status_code=200 if body.status == "ok" else 503)

    @head("/", operation_id="health_head")
    async def health_head(self, request: Request[Any, Any, Any]) -> Response[None]:
        """The GET's status without its body, for monitors that probe with HEAD."""
        body = await check_health(request.app.state)
        return Response(None, status_code=200 if body.status == "ok" else 503)


_encode = msgspec.json.Encoder().encode


async def health_lane(scope: Scope, app: Litestar) -> Reply | None:
    """``GET /health`` ahead of routing (:mod:`app.front`): the same body and status."""
    if app.state.get("ping") is None:  # no lifespan (a script's app): the full stack pings
        return None
    health = await check_health(app.state)
    body = _encode(health)
    return Reply(
        200 if health.status == "ok" else 503,
        content_headers([], b"application/json", body),
        body,
    )
