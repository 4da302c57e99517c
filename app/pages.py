"""Staff pages owned by the application: the home overview and users and roles (admin)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app.auth.guards import admin_only, authenticate
from app.auth.schemas import ROLES, Staff
from app.auth.services import AuthService, StaffInputError
from app.web import PAGE_EXCEPTION_HANDLERS, form_values, page, read_form, see_other


class HomePage(Controller):
    path = "/"
    include_in_schema = False
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    @get("/", operation_id="home")
    async def home(self, request: Request[Any, Any, Any]) -> Response[Any]:
        """The staff start page: what to do next for this role, and recent work."""
        staff = await authenticate(request)
        if staff is None:
            return see_other("/sign-in")
        from surveys.services import SurveyService
        from training.services import WorkshopService

        settings, clock = request.app.state.settings, request.app.state.clock
        surveys = await SurveyService(settings, clock).list_surveys(staff)
        workshops = await WorkshopService(settings, clock).list_all()
        by_status = Counter(s.status for s in surveys)
        return page(
            request,
            "home.html",
            staff,
            surveys=surveys[:5],
            workshops=workshops[:5],
            live=by_status["live"],
            drafts=by_status["draft"],
            workshop_count=len(workshops),
        )


def _user_form_defaults() -> dict[str, str]:
    return {"email": "", "name": "", "role": "cs", "language": "en", "password": ""}


class UsersPage(Controller):
    path = "/users"
    include_in_schema = False
    guards = [admin_only]
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    async def _render(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        values: dict[str, str],
        errors: dict[str, str],
        status_code: int = 200,
        notice: str | None = None,
    ) -> Template:
        users = await AuthService(request.app.state.clock).list_users()
        return page(
            request,
            "users.html",
            staff,
            status_code=status_code,
            users=users,
            roles=ROLES,
            values=values,
            errors=errors,
            notice=notice,
        )

    @get("/")
    async def list_users(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        notice = request.query_params.get("notice")
        return await self._render(request, staff, _user_form_defaults(), {}, notice=notice)

    @post("/")
    async def create_user(self, request: Request[Any, Any, Any], staff: Staff) -> Response[Any]:
        values = form_values(await read_form(request))
        service = AuthService(request.app.state.clock)
        try:
            await service.create_user(
                values.get("email", ""),
                values.get("name", ""),
                values.get("role", ""),
                values.get("password", ""),
                values.get("language", "en"),
            )
        except StaffInputError as exc:
            values["password"] = ""
            return await self._render(request, staff, values, {exc.field: str(exc)}, 422)
        return see_other("/users?notice=created")

    @post("/{user_id:int}/role")
    async def set_role(
        self, request: Request[Any, Any, Any], user_id: int, staff: Staff
    ) -> Response[Any]:
        values = form_values(await read_form(request))
        try:
            await AuthService(request.app.state.clock).set_role(user_id, values.get("role", ""))
        except StaffInputError as exc:
            return await self._render(
                request, staff, _user_form_defaults(), {exc.field: str(exc)}, 422
            )
        return see_other("/users?notice=role_changed")

    @post("/{user_id:int}/active")
    async def set_active(
        self, request: Request[Any, Any, Any], user_id: int, staff: Staff
    ) -> Response[Any]:
        active = form_values(await read_form(request)).get("active") == "true"
        try:
            await AuthService(request.app.state.clock).set_active(user_id, active, by=staff.id)
        except (StaffInputError, LookupError) as exc:
            field = exc.field if isinstance(exc, StaffInputError) else "_form"
            return await self._render(request, staff, _user_form_defaults(), {field: str(exc)}, 422)
        return see_other(f"/users?notice={'reactivated' if active else 'deactivated'}")

    @post("/{user_id:int}/reset")
    async def send_reset(
        self, request: Request[Any, Any, Any], user_id: int, staff: Staff
    ) -> Response[Any]:
        from app.auth.controllers import provide_auth_service, queue_reset_link

        try:
            await queue_reset_link(request, provide_auth_service(request), user_id)
        except (StaffInputError, LookupError) as exc:
            field = exc.field if isinstance(exc, StaffInputError) else "_form"
            return await self._render(request, staff, _user_form_defaults(), {field: str(exc)}, 422)
        return see_other("/users?notice=reset_sent")


__all__ = ["HomePage", "UsersPage"]
