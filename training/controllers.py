"""Thin HTTP layer of the training app: ``/api/accounts`` and ``/api/workshops``.

``cs`` and ``hr`` (and ``admin``) set up; ``manager`` reads. CSV uploads take the file as
the raw request body (``Content-Type: text/csv``) or as the first file of a multipart form,
up to :data:`CSV_MAX_BYTES`.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.params import Parameter

from app.auth.guards import can_read, requires
from app.errors import InputError, error_body
from training import imports, schemas
from training.services import AccountService, EffectivenessService, WorkshopService

CSV_MAX_BYTES = 50 * 1024 * 1024
can_set_up = requires("cs", "hr")


def provide_workshops(request: Request[Any, Any, Any]) -> WorkshopService:
    return WorkshopService(request.app.state.settings, request.app.state.clock)


def provide_effectiveness(request: Request[Any, Any, Any]) -> EffectivenessService:
    return EffectivenessService(request.app.state.settings, request.app.state.clock)


def _rejected(exc: imports.ImportRejected) -> Response[Any]:
    return Response(
        error_body(
            422,
            exc.detail,
            "file" if any(p.row == 1 for p in exc.problems) else None,
            problems=[{"row": p.row, "column": p.column, "reason": p.reason} for p in exc.problems],
        ),
        status_code=422,
    )


async def _csv_bytes(request: Request[Any, Any, Any]) -> bytes:
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        for value in form.values():
            if isinstance(value, UploadFile):
                return await value.read()
        raise InputError("file", "attach the CSV file to the form")
    return await request.body()


async def _run(job: Any) -> Response[Any]:
    try:
        result = await job
    except imports.ImportRejected as exc:
        return _rejected(exc)
    return Response(result, status_code=200)


class AccountController(Controller):
    path = "/api/accounts"
    tags = ["accounts"]

    @get("/", operation_id="listAccounts", guards=[can_read])
    async def list_accounts(
        self,
        limit: int = Parameter(default=100, ge=1, le=1000),
        offset: int = Parameter(default=0, ge=0),
        q: str | None = Parameter(default=None, max_length=200),
    ) -> schemas.AccountPage:
        """Accounts by external id, optionally filtered by id or name."""
        return await AccountService().list_all(limit=limit, offset=offset, search=q)

    @get("/{account_id:int}", operation_id="getAccount", guards=[can_read])
    async def get_account(self, account_id: int) -> schemas.Account:
        """One account."""
        return await AccountService().get(account_id)

    @get("/{account_id:int}/events", operation_id="listAccountEvents", guards=[can_read])
    async def list_events(self, account_id: int) -> list[schemas.AccountEvent]:
        """An account's MRR events, oldest first."""
        return await AccountService().events(account_id)

    @post("/import", operation_id="importAccounts", guards=[can_set_up], status_code=200)
    async def import_accounts(
        self, request: Request[Any, Any, Any], data: schemas.AccountsImport
    ) -> Response[Any]:
        """Create or update accounts by external id; a bad row rejects the whole list."""
        state = request.app.state
        return await _run(
            imports.import_accounts_api(data.accounts, state.clock.now(), state.settings)
        )

    @post(
        "/import.csv",
        operation_id="importAccountsCsv",
        guards=[can_set_up],
        status_code=200,
        request_max_body_size=CSV_MAX_BYTES,
    )
    async def import_accounts_csv(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Import accounts from a CSV file (same rules as the JSON import)."""
        data = await _csv_bytes(request)
        state = request.app.state
        return await _run(imports.import_accounts(data, state.clock.now(), state.settings))

    @post(
        "/events/import", operation_id="importAccountEvents", guards=[can_set_up], status_code=200
    )
    async def import_events(
        self, request: Request[Any, Any, Any], data: schemas.AccountEventsImport
    ) -> Response[Any]:
        """Create or update account events by external event id; all or nothing."""
        return await _run(imports.import_events_api(data.events, request.app.state.clock.now()))

    @post(
        "/events/import.csv",
        operation_id="importAccountEventsCsv",
        guards=[can_set_up],
        status_code=200,
        request_max_body_size=CSV_MAX_BYTES,
    )
    async def import_events_csv(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """Import account events from a CSV file (same rules as the JSON import)."""
        data = await _csv_bytes(request)
        return await _run(imports.import_events(data, request.app.state.clock.now()))


class WorkshopController(Controller):
    path = "/api/workshops"
    tags = ["workshops"]
    dependencies = {
        "workshops": Provide(provide_workshops, sync_to_thread=False),
        "effectiveness": Provide(provide_effectiveness, sync_to_thread=False),
    }

    @get("/", operation_id="listWorkshops", guards=[can_read])
    async def list_workshops(self, workshops: WorkshopService) -> list[schemas.Workshop]:
        """All workshops, newest first, with costs, attendance and checkpoints."""
        return await workshops.list_all()

    @post("/", operation_id="createWorkshop", guards=[can_set_up])
    async def create_workshop(
        self, data: schemas.WorkshopCreate, workshops: WorkshopService
    ) -> schemas.Workshop:
        """Create a workshop with its costs and measurement plan (checkpoints)."""
        return await workshops.create(data)

    @get("/portfolio", operation_id="workshopPortfolio", guards=[can_read])
    async def portfolio(self, effectiveness: EffectivenessService) -> list[schemas.PortfolioRow]:
        """All workshops side by side: cost, participants, latest checkpoint, ROI with CI."""
        return await effectiveness.portfolio()

    @get("/{workshop_id:int}", operation_id="getWorkshop", guards=[can_read])
    async def get_workshop(self, workshop_id: int, workshops: WorkshopService) -> schemas.Workshop:
        """One workshop."""
        return await workshops.get(workshop_id)

    @patch("/{workshop_id:int}", operation_id="updateWorkshop", guards=[can_set_up])
    async def update_workshop(
        self, workshop_id: int, data: schemas.WorkshopUpdate, workshops: WorkshopService
    ) -> schemas.Workshop:
        """Change a workshop's fields, costs or measurement plan."""
        return await workshops.update(workshop_id, data)

    @delete("/{workshop_id:int}", operation_id="deleteWorkshop", guards=[can_set_up])
    async def delete_workshop(self, workshop_id: int, workshops: WorkshopService) -> None:
        """Delete a workshop with its participants and checkpoints."""
        await workshops.delete(workshop_id)

    @get("/{workshop_id:int}/participants", operation_id="listParticipants", guards=[can_read])
    async def list_participants(
        self, workshop_id: int, workshops: WorkshopService
    ) -> list[schemas.Participant]:
        """A workshop's participants."""
        return await workshops.participants(workshop_id)

    @post(
        "/{workshop_id:int}/participants",
        operation_id="importParticipants",
        guards=[can_set_up],
        status_code=200,
    )
    async def import_participants(
        self, request: Request[Any, Any, Any], workshop_id: int, data: schemas.ParticipantsImport
    ) -> Response[Any]:
        """Create or update participants by email; a bad row rejects the whole list."""
        now = request.app.state.clock.now()
        return await _run(imports.import_participants_api(workshop_id, data.participants, now))

    @post(
        "/{workshop_id:int}/participants.csv",
        operation_id="importParticipantsCsv",
        guards=[can_set_up],
        status_code=200,
        request_max_body_size=CSV_MAX_BYTES,
    )
    async def import_participants_csv(
        self, request: Request[Any, Any, Any], workshop_id: int
    ) -> Response[Any]:
        """Import a workshop's participants from a CSV file (same rules as the JSON import)."""
        data = await _csv_bytes(request)
        now = request.app.state.clock.now()
        return await _run(imports.import_participants(workshop_id, data, now))

    @get("/{workshop_id:int}/checkpoints", operation_id="listCheckpoints", guards=[can_read])
    async def list_checkpoints(
        self, workshop_id: int, workshops: WorkshopService
    ) -> list[schemas.Checkpoint]:
        """The measurement plan and the state of each checkpoint."""
        return await workshops.checkpoints(workshop_id)

    @get(
        "/{workshop_id:int}/effectiveness",
        operation_id="workshopEffectiveness",
        guards=[can_read],
    )
    async def workshop_effectiveness(
        self, workshop_id: int, effectiveness: EffectivenessService
    ) -> schemas.Effectiveness:
        """Effectiveness at every checkpoint and how it evolves (DiD with 95% CIs)."""
        return await effectiveness.effectiveness(workshop_id)

    @get(
        "/{workshop_id:int}/effectiveness/{offset_days:int}",
        operation_id="checkpointEffectiveness",
        guards=[can_read],
    )
    async def checkpoint_effectiveness(
        self, workshop_id: int, offset_days: int, effectiveness: EffectivenessService
    ) -> schemas.CheckpointOutcome:
        """Effectiveness at one checkpoint (days after the workshop)."""
        return await effectiveness.checkpoint(workshop_id, offset_days)

    @get("/{workshop_id:int}/kirkpatrick", operation_id="workshopKirkpatrick", guards=[can_read])
    async def kirkpatrick(
        self, workshop_id: int, effectiveness: EffectivenessService
    ) -> schemas.Kirkpatrick:
        """Kirkpatrick levels 1–4 and Phillips ROI (level 5) of a workshop."""
        return await effectiveness.kirkpatrick(workshop_id)
