"""Staff pages for one's own credentials (password, API tokens) and the emailed reset link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app.auth.controllers import provide_auth_service
from app.auth.guards import authenticate, session_cookie_name, signed_in
from app.auth.policy import MIN_LENGTH
from app.auth.schemas import Staff
from app.auth.services import StaffInputError
from app.auth.throttle import SignInThrottled
from app.web import PAGE_EXCEPTION_HANDLERS, form_values, page, read_form, see_other


class AccountPage(Controller):
    path = "/account"
    include_in_schema = False
    guards = [signed_in]
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    async def _render(
        self,
        request: Request[Any, Any, Any],
        staff: Staff,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
        notice: str | None = None,
        new_token: str | None = None,
        values: dict[str, str] | None = None,
    ) -> Template:
        tokens = await provide_auth_service(request).list_api_tokens(staff.id)
        return page(
            request,
            "account.html",
            staff,
            status_code=status_code,
            tokens=tokens,
            errors=errors or {},
            values=values or {},
            notice=notice or request.query_params.get("notice"),
            new_token=new_token,
            min_length=MIN_LENGTH,
        )

    @get("/")
    async def show(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return await self._render(request, staff)

    @post("/password")
    async def change_password(self, request: Request[Any, Any, Any], staff: Staff) -> Any:
        values = form_values(await read_form(request))
        try:
            await provide_auth_service(request).change_password(
                staff.id,
                values.get("current_password", ""),
                values.get("new_password", ""),
                request.cookies.get(session_cookie_name(request)),
            )
        except StaffInputError as exc:
            return await self._render(request, staff, {exc.field: str(exc)}, 422)
        except SignInThrottled as exc:
            message = f"Too many wrong current passwords; try again in {exc.retry_after} s"
            return await self._render(request, staff, {"current_password": message}, 429)
        return see_other("/account?notice=password_changed")

    @post("/tokens")
    async def create_token(self, request: Request[Any, Any, Any], staff: Staff) -> Any:
        values = form_values(await read_form(request))
        expires_at = None
        if day := values.get("expires_on", "").strip():
            try:
                expires_at = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.UTC)
            except ValueError:
                errors = {"expires_on": "not a date (YYYY-MM-DD)"}
                return await self._render(request, staff, errors, 422, values=values)
        try:
            made = await provide_auth_service(request).create_api_token(
                staff.id, values.get("name", ""), expires_at
            )
        except StaffInputError as exc:
            field = "expires_on" if exc.field == "expires_at" else exc.field
            return await self._render(request, staff, {field: str(exc)}, 422, values=values)
        return await self._render(request, staff, new_token=made.token)

    @post("/tokens/{token_id:int}/revoke")
    async def revoke_token(
        self, request: Request[Any, Any, Any], staff: Staff, token_id: int
    ) -> Response[Any]:
        await provide_auth_service(request).revoke_api_token(staff.id, token_id)
        return see_other("/account?notice=revoked")


class ResetPasswordPage(Controller):
    path = "/reset-password"
    include_in_schema = False
    exception_handlers = PAGE_EXCEPTION_HANDLERS

    @get("/{token:str}")
    async def show(self, request: Request[Any, Any, Any], token: str) -> Template:
        valid = await provide_auth_service(request).reset_valid(token)
        staff = await authenticate(request)
        return page(
            request,
            "reset_password.html",
            staff,
            status_code=200 if valid else 404,
            valid=valid,
            token=token,
            errors={},
            min_length=MIN_LENGTH,
        )

    @post("/{token:str}")
    async def submit(self, request: Request[Any, Any, Any], token: str) -> Any:
        values = form_values(await read_form(request))
        try:
            await provide_auth_service(request).finish_password_reset(
                token, values.get("new_password", "")
            )
        except StaffInputError as exc:
            return page(
                request,
                "reset_password.html",
                None,
                status_code=422,
                valid=exc.field != "token",
                token=token,
                errors={exc.field: str(exc)},
                min_length=MIN_LENGTH,
            )
        return see_other("/sign-in?notice=password_set")
