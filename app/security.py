"""CSRF protection (signed double-submit cookie) and security headers."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "voc_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def _sign(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]


def new_csrf_token(secret: str) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(secret, nonce)}"


def csrf_token_valid(secret: str, token: str | None) -> bool:
    if not token or "." not in token:
        return False
    nonce, signature = token.rsplit(".", 1)
    return hmac.compare_digest(signature, _sign(secret, nonce))


def csrf_cookie_middleware_factory(secret: str, secure: bool) -> Any:
    """Gives every browser a signed CSRF cookie and puts it in ``scope['state']['csrf']``."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            cookie_header = dict(scope["headers"]).get(b"cookie", b"").decode("latin-1")
            existing = None
            for part in cookie_header.split(";"):
                name, _, value = part.strip().partition("=")
                if name == CSRF_COOKIE:
                    existing = value
            fresh = None if csrf_token_valid(secret, existing) else new_csrf_token(secret)
            scope.setdefault("state", {})["csrf"] = fresh or existing  # type: ignore[typeddict-item]

            async def send_wrapper(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    names = {name.lower() for name, _ in headers}
                    headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
                    if fresh:
                        flags = "Path=/; SameSite=Strict" + ("; Secure" if secure else "")
                        headers.append((b"set-cookie", f"{CSRF_COOKIE}={fresh}; {flags}".encode()))
                    message = {**message, "headers": headers}  # type: ignore[assignment]
                await send(message)

            await app(scope, receive, send_wrapper)

        return middleware

    return factory


async def security_headers_hook(message: Message, scope: Scope) -> None:
    """App-wide ``before_send`` hook, so responses no route handled (404, 405) get them too."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", []))
        names = {name.lower() for name, _ in headers}
        headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
        message["headers"] = headers


async def csrf_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Unsafe requests from browsers must echo the CSRF cookie in a header or form field.

    Bearer-token clients are exempt (a browser never adds that header on its own), and so are
    respondent links, whose secret token in the URL already proves the request's origin.
    """
    if connection.scope.get("method") not in UNSAFE_METHODS or handler.opt.get("csrf_exempt"):
        return
    if connection.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if handler.opt.get("csrf_unless_session") and "voc_session" not in connection.cookies:
        # Credentials in the body, no session cookie: no ambient authority to forge.
        return
    expected = connection.cookies.get(CSRF_COOKIE)
    supplied = connection.headers.get(CSRF_HEADER)
    if supplied is None:
        content_type = connection.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await connection.form()  # type: ignore[attr-defined]
            supplied = form.get(CSRF_FIELD)
    secret = connection.app.state.settings.secret_key
    if not (
        expected
        and supplied
        and csrf_token_valid(secret, expected)
        and hmac.compare_digest(str(supplied), expected)
    ):
        raise PermissionDeniedException("CSRF token missing or invalid: reload the page and retry")
