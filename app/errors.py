"""One JSON error shape for every 4xx/5xx: ``{"status", "detail", "field"?}``."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote

import msgspec
from litestar import Litestar, MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

log = logging.getLogger("voc.errors")


class InputError(Exception):
    """Bad input found by a service: reported as 422 naming the field."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(
        self,
        field: str | None,
        detail: str,
        status_code: int | None = None,
        errors: list[Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail
        self.errors = errors
        """Every bad row of a rejected file, reported together."""
        if status_code is not None:
            self.status_code = status_code


class NotFound(InputError):
    def __init__(self, detail: str) -> None:
        super().__init__(None, detail, 404)


class Conflict(InputError):
    def __init__(self, field: str | None, detail: str) -> None:
        super().__init__(field, detail, 409)


def error_body(status: int, detail: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "detail": detail}
    if field:
        body["field"] = field
    body.update(extra)
    return body


_UNKNOWN_FIELD = re.compile(r"unknown field `([^`]+)`")
_AT_PATH = re.compile(r" - at `\$\.?([^`]*)`")


def _validation_detail(exc: ValidationException) -> tuple[str, str | None]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    if not extra:
        return exc.detail, None
    first = extra[0] if isinstance(extra[0], dict) else {"message": str(extra[0])}
    message = str(first.get("message") or exc.detail)
    field = first.get("key")
    match = _AT_PATH.search(message)
    if match:
        message = message[: match.start()]
        field = match.group(1) or field
    if field in {"data", "body"}:
        unknown = _UNKNOWN_FIELD.search(message)
        field = unknown.group(1) if unknown else None
    return message, field


def wants_html(request: Request[Any, Any, Any]) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if wants_html(request):
        if status == 401:
            return Redirect(f"/sign-in?next={quote(request.url.path)}", status_code=303)
        if status in {403, 404, 405, 413, 429}:
            return Template(
                "error.html",
                context={"status": status, "detail": exc.detail},
                status_code=status,
                media_type=MediaType.HTML,
            )
    field = None
    detail = exc.detail
    if isinstance(exc, ValidationException):
        detail, field = _validation_detail(exc)
        status = 400 if status == 400 else status
    headers = dict(exc.headers or {})
    return Response(
        content=error_body(status, detail, field),
        status_code=status,
        media_type=MediaType.JSON,
        headers=headers,
    )


def input_error_handler(request: Request[Any, Any, Any], exc: InputError) -> Response[Any]:
    return Response(
        content=error_body(
            exc.status_code,
            exc.detail,
            exc.field,
            **({"errors": exc.errors} if exc.errors is not None else {}),
        ),
        status_code=exc.status_code,
        media_type=MediaType.JSON,
    )


def _is_database_outage(exc: BaseException) -> bool:
    # The whole chain: a failed rollback or pool release can hide the outage behind it.
    names: set[str] = set()
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending and len(seen) < 20:
        e = pending.pop()
        if e is not None and id(e) not in seen:
            seen.add(id(e))
            names.add(type(e).__name__)
            pending.extend((e.__cause__, e.__context__))
    outage = {
        "ConnectionRefusedError",
        "ConnectionDoesNotExistError",
        "CannotConnectNowError",
        "InterfaceError",
        "InternalClientError",  # asyncpg: a connection cut mid-operation by a server restart
        "ConnectionResetError",
        "AdminShutdownError",
        "TooManyConnectionsError",
        "OperationalError",
    }
    return bool(names & outage)


_UNSTORABLE_TEXT = {"CharacterNotInRepertoireError", "UntranslatableCharacterError"}
# SQLite: "Python int too large to convert to SQLite INTEGER"; asyncpg: int32/int64 overflow.
_OUT_OF_RANGE = {"OverflowError", "NumericValueOutOfRangeError", "DataError"}


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if type(exc).__name__ in _OUT_OF_RANGE:
        # An id or number beyond what the database column holds: nothing can match it.
        return Response(
            content=error_body(400, "A value in the request is out of range or malformed"),
            status_code=400,
            media_type=MediaType.JSON,
        )
    if type(exc).__name__ in _UNSTORABLE_TEXT:
        # PostgreSQL refuses NUL characters in text; bad input, not a server fault.
        return Response(
            content=error_body(400, "Text must not contain NUL (\\u0000) characters"),
            status_code=400,
            media_type=MediaType.JSON,
        )
    if _is_database_outage(exc):
        log.warning("database unavailable: %s", type(exc).__name__)
        return Response(
            content=error_body(HTTP_503_SERVICE_UNAVAILABLE, "Service temporarily unavailable"),
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            media_type=MediaType.JSON,
            headers={"Retry-After": "5"},
        )
    log.exception("unhandled error", exc_info=exc)
    return Response(
        content=error_body(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        media_type=MediaType.JSON,
    )


class ErrorBody(msgspec.Struct):
    """The body of every error response (documented in the OpenAPI schema)."""

    status: int
    detail: str
    field: str | None = None


ERROR_DESCRIPTIONS = {
    400: "Bad request; names the field",
    401: "Not signed in: sign in, or send a bearer token",
    403: "Signed in, but the role may not do this (or the CSRF token is missing)",
    404: "Not found",
    409: "Conflicts with the current state (for example the survey is closed)",
    410: "Gone: the survey is closed or the link no longer works",
    413: "Request body too large",
    422: "Invalid input; names the field (and every bad row of a file)",
    429: "Too many requests; see Retry-After",
    503: "Service temporarily unavailable (database); retry after Retry-After",
}


def error_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for a handler's error statuses, each with the app's error body."""
    return {
        s: ResponseSpec(data_container=ErrorBody, description=ERROR_DESCRIPTIONS[s])
        for s in statuses
    }


class ReportAccepted(msgspec.Struct):
    """202 from a report route: the PDF is being made; poll, then download."""

    status: str
    progress: float
    key: str
    poll: str
    download: str


def error_statuses(path: str, handler: HTTPRouteHandler) -> set[int]:
    """The error statuses a handler can answer, from what it is: every route can meet a bad
    request (400) and a database outage (503); a guarded one 401/403 (and 429 at sign-in); one
    with a path parameter 404; one that takes a body 422 and 413; respondent links 404, 410,
    422 and 429; more from ``opt={"errors": (...)}``."""
    statuses = {400, 503}
    if any(g.__name__ != "csrf_guard" for g in handler.resolve_guards()):
        statuses |= {401, 403}
    unsafe = handler.http_methods & {"POST", "PUT", "PATCH", "DELETE"}
    if unsafe and not handler.opt.get("csrf_exempt"):
        statuses.add(403)  # CSRF token missing
    if "{" in path:
        statuses.add(404)
    if handler.http_methods & {"POST", "PUT", "PATCH"}:
        statuses |= {413, 422}
    if path.startswith(("/r/", "/u/")):
        statuses |= {404, 410, 422, 429}
    statuses |= set(handler.opt.get("errors", ()))
    return statuses


def document_errors(app: Litestar) -> None:
    """Document every error status with the app's own error body, and the PDF/202 pair of
    report routes, so scripts can rely on the OpenAPI schema."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            extra: dict[int, ResponseSpec] = error_responses(
                *sorted(error_statuses(route.path, handler))
            )
            if route.path.endswith("report.pdf"):
                extra[200] = ResponseSpec(
                    data_container=bytes, media_type="application/pdf", description="The PDF"
                )
                if "{key" not in route.path:
                    extra[202] = ResponseSpec(
                        data_container=ReportAccepted,
                        description="Taking over a second: poll `poll`, then GET `download`",
                    )
            handler.responses = {**extra, **(handler.responses or {})}


EXCEPTION_HANDLERS: dict[Any, Any] = {
    HTTPException: http_exception_handler,
    InputError: input_error_handler,
    Exception: internal_error_handler,
}
