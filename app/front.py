"""Lanes: the few hot GETs (a respondent's survey page, ``/health``) answered ahead of routing.

After a mass send thousands of people open their link within minutes, and a balancer probes
``/health`` every few seconds. For those requests Litestar's routing, dependency injection,
signature model, response objects and four middleware layers with their ``send`` wrappers
cost more CPU than the page itself. :class:`VocApp` looks such a request up in its lanes
first; a lane returns the finished response (:class:`Reply`) for the common case and
``None`` for anything else, which then takes the full stack exactly as before. A lane's
request gets everything the full stack gives it: the rate limits of the public links, the
request id (echoed, and in the context for logs), the access log line (redacted), the
security headers.

A lane never answers an error: a closed survey, an unknown link, a JSON client, a failing
database all go through the full stack (which looks the link up again: those are rare).
GET lanes never write. A body lane (:meth:`VocApp.add_body_lane`: a respondent's JSON answer)
gets the request body read up front; it declines (None) only before it wrote anything, and
the full stack then reads the same body again (replayed), so a declined request is served
exactly as before. A HEAD on a lane outside the public links (``/health``, static files) gets the
GET's status and headers without the body, as HTTP asks; a HEAD on a link and every other method
go to the full stack.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from litestar import Litestar
from litestar.types import LifeSpanReceive, LifeSpanScope, LifeSpanSend, Receive, Scope, Send

from app.bodies import read_body
from app.logs import QUIET_PATHS, log_access, request_id_of, request_id_var
from app.ratelimit import PUBLIC_PREFIXES, LinkLimits
from app.security import SECURITY_HEADERS


class Reply(NamedTuple):
    """A lane's finished response (its headers without the request id and security ones)."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


Lane = Callable[[Scope, Litestar], Awaitable[Reply | None]]
BodyLane = Callable[[Scope, Litestar, bytes], Awaitable[Reply | None]]


def content_headers(
    fixed: list[tuple[bytes, bytes]], media_type: bytes, body: bytes
) -> list[tuple[bytes, bytes]]:
    """A reply's headers in the order Litestar writes them: the handler's, then the body's."""
    return [*fixed, (b"content-type", media_type), (b"content-length", b"%d" % len(body))]


class VocApp(Litestar):
    """Litestar, with :meth:`add_lane` lanes tried first for GET (and some HEAD) requests."""

    def __init__(
        self,
        *args: Any,
        link_limits: LinkLimits | None = None,
        max_body_bytes: int = 1_048_576,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.link_limits = link_limits
        self.max_body_bytes = max_body_bytes
        """Bodies larger than this are not read by a body lane (the full stack answers 413)."""
        self._exact: dict[str, Lane] = {}
        self._prefixed: list[tuple[str, Lane]] = []
        self._posted: list[tuple[str, BodyLane]] = []
        self.lane_replies = 0
        """Requests answered by a lane (the tests check the lane, not a fallback, served)."""

    def add_lane(self, path: str, lane: Lane) -> None:
        """``path`` exactly, or every path under it when it ends with ``/``."""
        if path.endswith("/"):
            self._prefixed.append((path, lane))
        else:
            self._exact[path] = lane

    def add_body_lane(self, prefix: str, lane: BodyLane) -> None:
        """POST requests to paths under ``prefix``, with their body (see the module doc)."""
        self._posted.append((prefix, lane))

    def _lane(self, path: str) -> Lane | None:
        lane = self._exact.get(path)
        if lane is None:
            for prefix, candidate in self._prefixed:
                if path.startswith(prefix):
                    return candidate
        return lane

    async def __call__(
        self,
        scope: Scope | LifeSpanScope,
        receive: Receive | LifeSpanReceive,
        send: Send | LifeSpanSend,
    ) -> None:
        if scope["type"] == "http":
            method = scope["method"]  # type: ignore[typeddict-item]
            path = scope["path"]
            if method == "GET" or (method == "HEAD" and not path.startswith(PUBLIC_PREFIXES)):
                lane = self._lane(path)
                if lane is not None and await self._serve(lane, scope, send):  # type: ignore[arg-type]
                    return
            elif method == "POST" and self._posted:
                for prefix, posted in self._posted:
                    if path.startswith(prefix):
                        replay = await self._serve_posted(posted, scope, receive, send)  # type: ignore[arg-type]
                        if replay is None:
                            return
                        receive = replay
                        break
        await super().__call__(scope, receive, send)

    async def _serve_posted(
        self, lane: BodyLane, scope: Scope, receive: Receive, send: Send
    ) -> Receive | None:
        """Read the body and answer from ``lane``; None once answered, else the ``receive``
        that gives the full stack the same body again."""
        body, replay = await read_body(receive, self.max_body_bytes)
        if body is not None and len(body) <= self.max_body_bytes:
            if await self._serve(lambda s, a: lane(s, a, body), scope, send):
                return None
        return replay

    async def _serve(self, lane: Lane, scope: Scope, send: Send) -> bool:
        """Answer from ``lane``; False hands the request to the full stack untouched (only
        marked as counted against its link's rate limit, so it is not counted twice)."""
        path: str = scope["path"]
        method: str = scope["method"]  # type: ignore[typeddict-item]
        limits = self.link_limits
        if limits is not None and path.startswith(PUBLIC_PREFIXES):
            if limits.wait(scope):
                return False  # the middleware answers 429, as for every other request
            limits.admit(scope)
        started = time.perf_counter()
        request_id = request_id_of(scope)
        context = request_id_var.set(request_id)
        try:
            try:
                reply = await lane(scope, self)
            except Exception:
                # The full stack serves this request again and answers the error its own
                # way (the error page, the logged traceback): a lane has no error handling.
                reply = None
            if reply is None:
                return False
            self.lane_replies += 1
            try:
                await send(
                    {
                        "type": "http.response.start",
                        "status": reply.status,
                        "headers": [
                            *reply.headers,
                            (b"x-request-id", request_id.encode()),
                            *SECURITY_HEADERS,
                        ],
                    }
                )
                body = b"" if method == "HEAD" else reply.body
                await send({"type": "http.response.body", "body": body, "more_body": False})
            finally:
                if reply.status >= 400 or path not in QUIET_PATHS:
                    log_access(request_id, method, path, reply.status, started)
            return True
        finally:
            request_id_var.reset(context)
