"""Who is asking, and may they: small guards that raise 401/403."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from app.auth.schemas import Staff
from app.auth.services import AuthService
from app.security import cookie_names


def session_cookie_name(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """``__Host-voc_session`` on https (Secure cookies), ``voc_session`` otherwise."""
    return cookie_names(connection.app.state.settings.cookie_secure)[0]


_UNSET = object()


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any]) -> Staff | None:
    """The staff member behind a bearer token or session cookie, cached per request."""
    cached = connection.scope.get("state", {}).get("staff", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    service = AuthService(connection.app.state.clock)
    staff: Staff | None = None
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        staff = await service.from_api_token(header[7:].strip())
    elif session := connection.cookies.get(session_cookie_name(connection)):
        staff = await service.from_session(session)
    connection.scope.setdefault("state", {})["staff"] = staff
    return staff


def requires(*roles: str) -> Any:
    """A guard letting through ``admin`` and the given roles."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        staff = await authenticate(connection)
        if staff is None:
            raise NotAuthorizedException("Sign in or send a bearer token")
        if staff.role != "admin" and staff.role not in roles:
            raise PermissionDeniedException(
                f"This needs the role {' or '.join(('admin', *roles))}; you are {staff.role}"
            )

    guard.__name__ = f"requires_{'_'.join(roles) or 'admin'}"
    return guard


signed_in = requires("hr", "cs", "manager")
admin_only = requires()
can_manage_surveys = requires("hr", "cs")
can_read = requires("hr", "cs", "manager")
can_see_enps = requires("hr")


async def provide_staff(request: Any) -> Staff:
    staff = await authenticate(request)
    if staff is None:
        raise NotAuthorizedException("Sign in or send a bearer token")
    return staff
