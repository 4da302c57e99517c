"""JSON logs that carry the request id of the request being served."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
import time
from contextlib import nullcontext
from json.encoder import encode_basestring as _json_text  # json's own string quoting
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Respondent and unsubscribe links carry secrets; logs show only the route.
# A path that is a link, or a link's token anywhere in a line (full URLs, tracebacks).
_SECRET_PATH = re.compile(r"^/(r|u)/[^/]+|/(r|u)/[A-Za-z0-9_-]{16,}")
# Report job tickets are bearer-like links to a PDF: never in a log either.
_REPORT_TICKET = re.compile(r"/api/reports/(jobs/)?[A-Za-z0-9_.-]{16,}")
_EMAIL = re.compile(r"[^@\s/?&=]+@[^@\s/?&=]+")


def redact(text: str) -> str:
    # Each pattern only runs where its fixed part occurs: most paths are none of these, and
    # the access log redacts every request's path.
    if "/r/" in text or "/u/" in text:
        text = _SECRET_PATH.sub(lambda m: f"/{m.group(1) or m.group(2)}/<token>", text)
    if "/api/reports/" in text:
        text = _REPORT_TICKET.sub(lambda m: f"/api/reports/{m.group(1) or ''}<ticket>", text)
    return _EMAIL.sub("<email>", text) if "@" in text else text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


_json_handler: list[logging.StreamHandler[Any]] = []


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    _json_handler[:] = [handler]
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Our own access log replaces uvicorn's, which would print respondent tokens.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


access_log = logging.getLogger("voc.access")
#: Paths whose successful requests are not logged: balancers probe them every few seconds.
QUIET_PATHS = frozenset({"/health"})


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return value  # type: ignore[no-any-return]
    return b""


def log_access(request_id: str, method: str, path: str, status: int, started: float) -> None:
    """One access log line: the same JSON as ``JsonFormatter`` writes for ``voc.access``.

    With the logging set up by :func:`configure_logging` (one JSON handler on the root, the
    access logger plain) the line is written straight to that handler's stream: the
    LogRecord, the caller lookup and the formatter's generic work cost more than the request
    they describe. Any other set-up (a test capturing records, an extra handler) gets the
    record through :mod:`logging` as before.
    """
    if not access_log.isEnabledFor(logging.INFO):
        return
    duration_ms = round((time.perf_counter() - started) * 1000, 2)
    handler = _json_handler[0] if _json_handler else None
    root = logging.getLogger()
    if (
        handler is None
        or root.handlers != [handler]
        or access_log.handlers
        or access_log.filters
        or root.filters
        or handler.filters
        or not access_log.propagate
        or handler.level > logging.INFO
    ):
        access_log.info(
            "request",
            extra={
                "method": method,
                "path": redact(path),
                "status": status,
                "duration_ms": duration_ms,
            },
        )
        return
    # What json.dumps(entry, ensure_ascii=False) writes, put together without its generic
    # walk over a dict (a third of the line's cost).
    line = (
        f'{{"ts": {round(time.time(), 3)!r}, "level": "info", "logger": "voc.access", '
        f'"message": "request", "request_id": {_json_text(request_id)}, '
        f'"method": {_json_text(method)}, "path": {_json_text(redact(path))}, '
        f'"status": {int(status)}, "duration_ms": {float(duration_ms)!r}}}\n'
    )
    with handler.lock or nullcontext():
        try:
            handler.stream.write(line)
            handler.flush()
        except Exception:  # the same as logging does: never fail the request over a log line
            handler.handleError(logging.makeLogRecord({"msg": line}))


def request_id_of(scope: Scope) -> str:
    """The client's ``X-Request-Id`` when it is a safe token, else a new random one."""
    incoming = _header(scope, b"x-request-id").decode("latin-1")
    return incoming if _SAFE_ID.match(incoming) else secrets.token_hex(8)


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        header = (b"x-request-id", request_id.encode())

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            path = scope["path"]
            if status >= 400 or path not in QUIET_PATHS:
                log_access(request_id, scope["method"], path, status, started)  # type: ignore[typeddict-item]
            request_id_var.reset(token)

    return middleware
