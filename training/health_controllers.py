"""HTTP layer of account health: ``/api/accounts/health/…`` and ``/api/accounts/{id}/health``.

``cs`` (and ``admin``) import usage and scores and edit the definition; ``manager`` and
``hr`` read. CSV uploads follow the other importers (raw ``text/csv`` body or the first
file of a multipart form).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post, put
from litestar.params import Parameter

from app.auth.guards import authenticate, can_read, requires
from training import schemas
from training.controllers import CSV_MAX_BYTES, _csv_bytes, _run
from training.health import HealthDefinitionSpec
from training.health_services import (
    HealthService,
    import_health_scores,
    import_usage,
    import_usage_api,
)
from training.services import today

can_edit_health = requires("cs")


class HealthController(Controller):
    path = "/api/accounts"
    tags = ["account health"]

    @post(
        "/usage/import",
        operation_id="importAccountUsage",
        guards=[can_edit_health],
        status_code=200,
    )
    async def import_usage_json(
        self, request: Request[Any, Any, Any], data: schemas.UsageImport
    ) -> Response[Any]:
        """Import monthly usage and re-score the accounts; a bad row rejects the whole list."""
        state = request.app.state
        return await _run(import_usage_api(data.usage, state.clock.now(), state.settings))

    @post(
        "/usage/import.csv",
        operation_id="importAccountUsageCsv",
        guards=[can_edit_health],
        status_code=200,
        request_max_body_size=CSV_MAX_BYTES,
    )
    async def import_usage_csv(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Import monthly usage from CSV (account_external_id, month, login_days, …)."""
        data = await _csv_bytes(request)
        state = request.app.state
        return await _run(import_usage(data, state.clock.now(), state.settings))

    @post(
        "/health/import.csv",
        operation_id="importHealthScoresCsv",
        guards=[can_edit_health],
        status_code=200,
        request_max_body_size=CSV_MAX_BYTES,
    )
    async def import_scores_csv(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Import precomputed scores (account_external_id, date, health_score 0–100)."""
        data = await _csv_bytes(request)
        state = request.app.state
        return await _run(import_health_scores(data, state.clock.now(), state.settings))

    @get("/health/definition", operation_id="getHealthDefinition", guards=[can_read])
    async def get_definition(self) -> schemas.HealthDefinitionOut:
        """The health definition in force (components, weights, thresholds) and its version."""
        return await HealthService().definition()

    @put("/health/definition", operation_id="updateHealthDefinition", guards=[can_edit_health])
    async def put_definition(
        self, request: Request[Any, Any, Any], data: HealthDefinitionSpec
    ) -> schemas.HealthDefinitionOut:
        """Store a new version of the definition; later scores are computed with it."""
        staff = await authenticate(request)
        author = staff.email if staff is not None else ""
        return await HealthService().update_definition(data, author)

    @get("/health/summary", operation_id="getHealthSummary", guards=[can_read])
    async def summary(self, request: Request[Any, Any, Any]) -> schemas.HealthSummary:
        """Green ratio, Red→Green conversions and the number of risk alerts."""
        state = request.app.state
        return await HealthService().summary(today(state.settings, state.clock))

    @get("/health/alerts", operation_id="listHealthAlerts", guards=[can_read])
    async def alerts(
        self, limit: int = Parameter(default=50, ge=1, le=500)
    ) -> list[schemas.HealthAlertOut]:
        """Risk triggers fired (score drop or entering Red), newest first."""
        return await HealthService().alerts(limit)

    @get("/{account_id:int}/health", operation_id="getAccountHealth", guards=[can_read])
    async def history(self, account_id: int) -> list[schemas.HealthScore]:
        """An account's health-score history, oldest first."""
        from training.services import AccountService

        await AccountService().get(account_id)  # 404 for an unknown account
        return await HealthService().history(account_id)
