"""Staff API for incentives: budgets, code pools, redemptions, cost and measured uplift."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body

from app.auth.guards import can_manage_surveys, can_read
from app.auth.schemas import Staff
from app.errors import InputError, NotFound
from app.uploads import uploaded_bytes
from surveys.services.common import check_access
from surveys.services.incentives import (
    CodesIn,
    CodesRejected,
    IncentiveCreate,
    IncentiveOut,
    IncentiveService,
    RedemptionsIn,
    RedemptionsRejected,
    RowProblem,
    parse_redemptions_csv,
)
from surveys.tables import Incentive, Survey

UPLOAD_MAX_BYTES = 20 * 1024 * 1024


class IncentiveToggle(msgspec.Struct, forbid_unknown_fields=True):
    active: bool


class Imported(msgspec.Struct):
    imported: int


def provide_incentives(request: Request[Any, Any, Any]) -> IncentiveService:
    return IncentiveService(request.app.state.clock, request.app.state.settings)


def _rejected(problems: list[RowProblem], what: str) -> InputError:
    return InputError(
        what,
        f"{len(problems)} problem(s) in the {what}; nothing was imported",
        422,
        errors=msgspec.to_builtins(problems),
    )


async def _check(survey_id: int, staff: Staff, manage: bool) -> None:
    survey = await Survey.select(Survey.audience).where(Survey.id == survey_id).first()
    if survey is None:
        raise NotFound(f"survey {survey_id} not found")
    check_access(staff, survey["audience"], manage=manage)


async def _survey_of(incentive_id: int) -> int:
    row = await Incentive.select(Incentive.survey).where(Incentive.id == incentive_id).first()
    if row is None:
        raise NotFound(f"incentive {incentive_id} not found")
    return int(row["survey"])


class IncentiveController(Controller):
    path = "/api/surveys/{survey_id:int}/incentives"
    tags = ["incentives"]
    dependencies = {"incentives": Provide(provide_incentives, sync_to_thread=False)}

    @get("/", operation_id="listIncentives", guards=[can_read])
    async def list_incentives(
        self, survey_id: int, staff: Staff, incentives: IncentiveService
    ) -> list[IncentiveOut]:
        """Each incentive's budget, committed cost, cost per answer and measured uplift."""
        await _check(survey_id, staff, manage=False)
        return await incentives.list(survey_id)

    @post("/", operation_id="createIncentive", guards=[can_manage_surveys])
    async def create(
        self, survey_id: int, data: IncentiveCreate, staff: Staff, incentives: IncentiveService
    ) -> IncentiveOut:
        """Add an incentive with a budget cap and a unit-cost model (exact money strings)."""
        await _check(survey_id, staff, manage=True)
        return await incentives.create(survey_id, data)

    @patch("/{incentive_id:int}", operation_id="toggleIncentive", guards=[can_manage_surveys])
    async def toggle(
        self,
        survey_id: int,
        incentive_id: int,
        data: IncentiveToggle,
        staff: Staff,
        incentives: IncentiveService,
    ) -> IncentiveOut:
        """Pause or resume offering an incentive."""
        await _check(survey_id, staff, manage=True)
        if await _survey_of(incentive_id) != survey_id:
            raise NotFound(f"incentive {incentive_id} not found")
        return await incentives.set_active(incentive_id, data.active)

    @post(
        "/{incentive_id:int}/codes",
        operation_id="addIncentiveCodes",
        guards=[can_manage_surveys],
        status_code=200,
        request_max_body_size=UPLOAD_MAX_BYTES,
    )
    async def add_codes(
        self,
        survey_id: int,
        incentive_id: int,
        data: CodesIn,
        staff: Staff,
        incentives: IncentiveService,
    ) -> Imported:
        """Upload codes into the pool; any bad code rejects the whole upload."""
        await _check(survey_id, staff, manage=True)
        if await _survey_of(incentive_id) != survey_id:
            raise NotFound(f"incentive {incentive_id} not found")
        try:
            return Imported(imported=await incentives.add_codes(incentive_id, data.codes))
        except CodesRejected as exc:
            raise _rejected(exc.problems, "codes") from None

    @post(
        "/redemptions",
        operation_id="importRedemptions",
        guards=[can_manage_surveys],
        status_code=200,
        request_max_body_size=UPLOAD_MAX_BYTES,
    )
    async def redemptions(
        self, survey_id: int, data: RedemptionsIn, staff: Staff, incentives: IncentiveService
    ) -> Imported:
        """Import redemptions (code, redeemed_at, order_value); bad rows reject the file."""
        await _check(survey_id, staff, manage=True)
        try:
            return Imported(
                imported=await incentives.import_redemptions(survey_id, data.redemptions)
            )
        except RedemptionsRejected as exc:
            raise _rejected(exc.problems, "redemptions") from None

    @post(
        "/redemptions/csv",
        operation_id="uploadRedemptionsCsv",
        guards=[can_manage_surveys],
        status_code=200,
        request_max_body_size=UPLOAD_MAX_BYTES,
    )
    async def redemptions_csv(
        self,
        survey_id: int,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
        staff: Staff,
        incentives: IncentiveService,
    ) -> Imported:
        """Upload a redemptions CSV (header: code,redeemed_at,order_value)."""
        await _check(survey_id, staff, manage=True)
        content = await uploaded_bytes(data)
        try:
            items = parse_redemptions_csv(content)
            return Imported(imported=await incentives.import_redemptions(survey_id, items))
        except RedemptionsRejected as exc:
            raise _rejected(exc.problems, "redemptions") from None
