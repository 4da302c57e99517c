"""Rate limits on the public respondent links (``/r/{token}``, ``/u/{token}``).

The links need no sign-in, so they are the service's open door. Two limits apply, kept in
each instance's memory (with N instances behind a balancer a client gets at most N times
the budget, which still stops scripted abuse):

* per link: :data:`PER_LINK` requests per :data:`WINDOW` for one token, whoever sends them
  (a person answering needs a handful; a script replaying a link is cut off);
* per client address: :data:`BAD_LINKS_PER_ADDRESS` requests for unknown links (404) per
  :data:`WINDOW`; past it the address gets 429 on every link for the rest of the window, so
  guessing tokens is throttled on top of their 192 random bits.

Valid links from one address are not limited as such: a whole office behind one NAT address
may answer the same survey at once.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable

from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

WINDOW = 60.0
PER_LINK = 30
BAD_LINKS_PER_ADDRESS = 20
MAX_KEYS = 100_000
PUBLIC_PREFIXES = ("/r/", "/u/")


class SlidingWindow:
    """Timestamps of recent events per key; bounded in keys and in events per key."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float] | None:
        events = self._events.get(key)
        if events is None:
            return None
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            del self._events[key]
            return None
        return events

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may act again; 0 when it is under the limit now."""
        now = self.clock()
        events = self._recent(key, now)
        if events is None or len(events) < self.limit:
            return 0
        return max(1, math.ceil(events[0] + self.window - now))

    def hit(self, key: str) -> None:
        now = self.clock()
        events = self._recent(key, now)
        if events is None:
            if len(self._events) >= MAX_KEYS:
                self._prune(now)
            events = self._events[key] = deque(maxlen=self.limit + 1)
        events.append(now)

    def _prune(self, now: float) -> None:
        for key in list(self._events):
            self._recent(key, now)
        while len(self._events) >= MAX_KEYS:  # still full of live keys: forget the oldest
            self._events.pop(next(iter(self._events)))


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _too_many(send: Send, retry_after: int) -> None:
    body = json.dumps(
        {"status": 429, "detail": "Too many requests for survey links; try again later"}
    ).encode()
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": 429,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry_after).encode()),
            (b"cache-control", b"no-store"),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


#: Scope key set when the request was already counted against its link (by a lane of
#: :mod:`app.front` that then handed the request to the full stack).
COUNTED = "voc.link_counted"


class LinkLimits:
    """Both limits of one app; shared by the middleware and :mod:`app.front`'s lanes."""

    def __init__(
        self,
        per_link: int = PER_LINK,
        bad_links: int = BAD_LINKS_PER_ADDRESS,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.links = SlidingWindow(per_link, window, clock)
        self.misses = SlidingWindow(bad_links, window, clock)

    @staticmethod
    def token(scope: Scope) -> str:
        return str(scope["path"][3:].split("/", 1)[0])

    def wait(self, scope: Scope) -> int:
        """Seconds this request must wait (429); 0 when it may go ahead."""
        return max(
            self.misses.retry_after(_client(scope)), self.links.retry_after(self.token(scope))
        )

    def admit(self, scope: Scope) -> None:
        self.links.hit(self.token(scope))
        scope[COUNTED] = True  # type: ignore[literal-required]

    def missed(self, scope: Scope) -> None:
        """The request named an unknown link (404): it counts against its address."""
        self.misses.hit(_client(scope))


def public_rate_limit_factory(
    per_link: int = PER_LINK,
    bad_links: int = BAD_LINKS_PER_ADDRESS,
    window: float = WINDOW,
    clock: Callable[[], float] = time.monotonic,
    limits: LinkLimits | None = None,
) -> Callable[[ASGIApp], ASGIApp]:
    shared = limits or LinkLimits(per_link, bad_links, window, clock)

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            path = scope.get("path", "") if scope["type"] == "http" else ""
            if not path.startswith(PUBLIC_PREFIXES):
                await app(scope, receive, send)
                return
            if not scope.get(COUNTED):
                wait = shared.wait(scope)
                if wait:
                    await _too_many(send, wait)
                    return
                shared.admit(scope)
            status = {"code": 0}

            async def send_wrapper(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status["code"] = message["status"]
                await send(message)

            try:
                await app(scope, receive, send_wrapper)
            finally:
                if status["code"] == 404:
                    shared.missed(scope)

        return middleware

    return factory
