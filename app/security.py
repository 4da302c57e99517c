"""CSRF protection (a signed double-submit cookie bound to the session) and security headers.

The CSRF token is ``nonce.HMAC(secret, nonce | SHA-256(session cookie))``: it is valid only
together with the session cookie it was minted for. A token an attacker obtains from their own
(anonymous or signed-in) page view is useless with a victim's session, and a response that sets
or clears the session cookie (sign-in, sign-out) also sets a fresh CSRF token bound to the new
session, so the token rotates on sign-in. On https both cookies carry the ``__Host-`` prefix
(Secure, Path=/, no Domain), so a sibling subdomain cannot plant them.
"""

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
SESSION_COOKIE = "voc_session"
HOST_PREFIX = "__Host-"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: Respondent links, static files and the balancer's health check: no staff form is ever
#: served there, so no CSRF cookie is minted for them (a staff page view mints its own).
CSRF_FREE_PREFIXES = ("/r/", "/u/", "/static/")
CSRF_FREE_PATHS = frozenset({"/health"})

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


def cookie_names(secure: bool) -> tuple[str, str]:
    """(session cookie, CSRF cookie) names: ``__Host-`` prefixed when cookies are Secure."""
    prefix = HOST_PREFIX if secure else ""
    return prefix + SESSION_COOKIE, prefix + CSRF_COOKIE


def _sign(secret: str, nonce: str, session: str) -> str:
    bound = f"{nonce}|{hashlib.sha256(session.encode()).hexdigest()}"
    return hmac.new(secret.encode(), bound.encode(), hashlib.sha256).hexdigest()[:32]


def new_csrf_token(secret: str, session: str = "") -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(secret, nonce, session)}"


def csrf_token_valid(secret: str, token: str | None, session: str = "") -> bool:
    """Signed by us *and* minted for this session cookie (``""``: no session)."""
    if not token or "." not in token:
        return False
    nonce, signature = token.rsplit(".", 1)
    return hmac.compare_digest(signature, _sign(secret, nonce, session))


def _cookies(scope: Scope) -> dict[str, str]:
    header = dict(scope["headers"]).get(b"cookie", b"").decode("latin-1")
    found: dict[str, str] = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        found.setdefault(name, value)
    return found


def _session_set_by(headers: list[tuple[bytes, bytes]], session_name: str) -> str | None:
    """The session cookie value a response sets ("" when it clears it), or None."""
    prefix = f"{session_name}=".encode()
    for name, value in headers:
        if name.lower() == b"set-cookie" and value.startswith(prefix):
            raw = value[len(prefix) :].split(b";", 1)[0].decode("latin-1").strip('"')
            return "" if b"max-age=0" in value.lower() else raw
    return None


def csrf_cookie_middleware_factory(secret: str, secure: bool) -> Any:
    """Gives every browser a CSRF cookie bound to its session cookie and puts it in
    ``scope['state']['csrf']``; mints a new one whenever a response changes the session."""
    session_name, csrf_name = cookie_names(secure)
    flags = "Path=/; SameSite=Strict" + ("; Secure" if secure else "")

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            path = scope["path"] if scope["type"] == "http" else ""
            if not path or path in CSRF_FREE_PATHS or path.startswith(CSRF_FREE_PREFIXES):
                await app(scope, receive, send)
                return
            cookies = _cookies(scope)
            existing = cookies.get(csrf_name)
            session = cookies.get(session_name, "")
            fresh = None
            if not csrf_token_valid(secret, existing, session):
                fresh = new_csrf_token(secret, session)
            scope.setdefault("state", {})["csrf"] = fresh or existing  # type: ignore[typeddict-item]

            async def send_wrapper(message: Message) -> None:
                if message["type"] == "http.response.start":
                    # The security headers come from security_headers_hook (every response).
                    headers = list(message.get("headers", []))
                    token = fresh
                    new_session = _session_set_by(headers, session_name)
                    if new_session is not None:
                        token = new_csrf_token(secret, new_session)
                    if token:
                        headers.append((b"set-cookie", f"{csrf_name}={token}; {flags}".encode()))
                    message["headers"] = headers
                await send(message)

            await app(scope, receive, send_wrapper)

        return middleware

    return factory


_SECURITY_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)


async def security_headers_hook(message: Message, scope: Scope) -> None:
    """App-wide ``before_send`` hook, so every response gets them: handled routes, 404/405,
    the middlewares' own answers (429, 400). A header a handler set itself (a stricter CSP
    on the email preview) wins."""
    if message["type"] == "http.response.start":
        headers = list(message.get("headers", ()))
        if any(name.lower() in _SECURITY_NAMES for name, _ in headers):
            names = {name.lower() for name, _ in headers}
            headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
        else:
            headers.extend(SECURITY_HEADERS)
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
    session_name, csrf_name = cookie_names(connection.app.state.settings.cookie_secure)
    if handler.opt.get("csrf_unless_session") and session_name not in connection.cookies:
        # Credentials in the body, no session cookie: no ambient authority to forge.
        return
    expected = connection.cookies.get(csrf_name)
    session = connection.cookies.get(session_name, "")
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
        and csrf_token_valid(secret, expected, session)
        and hmac.compare_digest(str(supplied), expected)
    ):
        raise PermissionDeniedException("CSRF token missing or invalid: reload the page and retry")
