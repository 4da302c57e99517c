"""JSON logs that carry the request id of the request being served."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
import time
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
    text = _SECRET_PATH.sub(lambda m: f"/{m.group(1) or m.group(2)}/<token>", text)
    text = _REPORT_TICKET.sub(lambda m: f"/api/reports/{m.group(1) or ''}<ticket>", text)
    return _EMAIL.sub("<email>", text)


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


def configure_logging(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
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


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else secrets.token_hex(8)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}  # type: ignore[assignment]
            await send(message)

        try:
            await app(scope, receive, send_wrapper)
        finally:
            if status_holder["status"] >= 400 or scope.get("path") not in QUIET_PATHS:
                access_log.info(
                    "request",
                    extra={
                        "method": scope.get("method"),
                        "path": redact(scope.get("path", "")),
                        "status": status_holder["status"],
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            request_id_var.reset(token)

    return middleware
