"""One nesting-depth limit for every JSON request body.

msgspec decodes into Python objects recursively and gives up with ``RecursionError`` around a
thousand levels, which surfaced as a 500 on any JSON endpoint (even unauthenticated
``/api/auth/sign-in``). No voc body needs more than a handful of levels, so bodies nested
deeper than :data:`MAX_DEPTH` are refused up front with the app's 400 error body.

The check costs one ``bytes.count`` on ordinary bodies: a body with at most ``MAX_DEPTH``
brackets and braces cannot be nested deeper. Only bodies with more are scanned.
"""

from __future__ import annotations

import json
from typing import Any

from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

MAX_DEPTH = 32
_OPENERS = frozenset(b"[{")
_CLOSERS = frozenset(b"]}")


def json_depth(body: bytes, stop_above: int = MAX_DEPTH) -> int:
    """Deepest nesting of arrays/objects in ``body`` (brackets inside strings do not count);
    stops counting once it passes ``stop_above``."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    return deepest
        elif byte in _CLOSERS:
            depth -= 1
    return deepest


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    return json_depth(body, limit) > limit


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {"status": 400, "detail": f"The JSON body is nested deeper than {limit} levels"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def read_body(receive: Receive, max_body_bytes: int) -> tuple[bytes | None, Receive]:
    """Read a request body, stopping once past ``max_body_bytes``.

    Returns the body (None when the client left or more is still to come past the limit) and
    a ``receive`` that gives the next reader the same messages again, then the rest.
    """
    messages: list[ReceiveMessage] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        chunks.append(chunk)
        if not message.get("more_body", False) or size > max_body_bytes:
            break
    last = messages[-1]
    complete = last["type"] == "http.request" and not last.get("more_body", False)
    body = (chunks[0] if len(chunks) == 1 else b"".join(chunks)) if complete else None
    pending = iter(messages)

    async def replay() -> ReceiveMessage:
        for message in pending:
            return message
        return await receive()

    return body, replay


def json_depth_limit_factory(max_body_bytes: int, limit: int = MAX_DEPTH) -> Any:
    """Middleware reading JSON bodies ahead of the handler and refusing too-deep ones.

    Bodies over ``max_body_bytes`` are passed on unread past that point, so Litestar still
    answers 413 for them; the handler then reads the buffered body as usual.
    """

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope.get("method") not in {"POST", "PUT", "PATCH"}:
                await app(scope, receive, send)
                return
            content_type = dict(scope["headers"]).get(b"content-type", b"")
            if b"json" not in content_type.lower():
                await app(scope, receive, send)
                return
            body, replay = await read_body(receive, max_body_bytes)
            if body is not None and too_deep(body, limit):
                await _refuse(send, limit)
                return
            await app(scope, replay, send)

        return middleware

    return factory
