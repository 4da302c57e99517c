from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get

from app.db import ping


class Health(msgspec.Struct):
    status: str
    database: str
    scheduler: str


class HealthController(Controller):
    path = "/health"
    tags = ["ops"]

    @get("/", operation_id="health")
    async def health(self, request: Request[Any, Any, Any]) -> Response[Health]:
        """Liveness and readiness: a database round trip (reused for 1 s) and the scheduler."""
        shared_ping = request.app.state.get("ping")
        database_ok = await (shared_ping() if shared_ping is not None else ping())
        scheduler = getattr(request.app.state, "scheduler", None)
        scheduler_state = "running" if scheduler is not None and scheduler.running else "stopped"
        ok = database_ok and scheduler_state == "running"
        body = Health(
            status="ok" if ok else "degraded",
            database="ok" if database_ok else "unavailable",
            scheduler=scheduler_state,
        )
        return Response(body, status_code=200 if ok else 503)
