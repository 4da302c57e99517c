"""Security: rate limits, headers, cookie flags, log redaction, SQL injection, path traversal."""

from __future__ import annotations

import email as email_parser
import re
from email import policy
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.logs import configure_logging
from app.ratelimit import BAD_LINKS_PER_ADDRESS, PER_LINK, SlidingWindow
from surveys.tables import Response
from surveys.tokens import new_token
from tests.conftest import PASSWORD, create_staff, csrf_cookie, sign_in
from tests.reliability.support import seed_respondents

Client = AsyncTestClient[Litestar]


class TestRateLimits:
    def test_sliding_window_forgets_after_the_window(self) -> None:
        now = [0.0]
        window = SlidingWindow(3, 60, clock=lambda: now[0])
        for _ in range(3):
            assert window.retry_after("k") == 0
            window.hit("k")
        assert window.retry_after("k") == 60
        now[0] = 30
        assert window.retry_after("k") == 30
        now[0] = 60.5
        assert window.retry_after("k") == 0

    async def test_one_link_is_limited(self, client: Client) -> None:
        _, tokens = await seed_respondents(2)
        for _ in range(PER_LINK):
            assert (await client.get(f"/r/{tokens[0]}")).status_code == 200
        limited = await client.post(f"/r/{tokens[0]}", json={"answers": {"recommend": 9}})
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) > 0
        assert limited.json()["status"] == 429
        assert await Response.count() == 0  # the limited answer was not stored
        # Another person's link is unaffected.
        ok = await client.post(f"/r/{tokens[1]}", json={"answers": {"recommend": 9}})
        assert ok.status_code == 200

    async def test_guessing_links_blocks_the_address(self, client: Client) -> None:
        _, tokens = await seed_respondents(1)
        for _ in range(BAD_LINKS_PER_ADDRESS):
            assert (await client.get(f"/r/{new_token()}")).status_code == 404
        assert (await client.post(f"/u/{new_token()}")).status_code == 429
        # Even a valid link waits: the address is throttled as a whole for the window.
        assert (await client.get(f"/r/{tokens[0]}")).status_code == 429
        # Staff pages are not affected.
        assert (await client.get("/sign-in")).status_code == 200

    async def test_sign_in_is_limited_per_account(self, client: Client) -> None:
        user = await create_staff("cs")
        await client.get("/sign-in")  # a page view mints the CSRF cookie
        client.headers["x-csrf-token"] = csrf_cookie(client)
        for _ in range(5):
            wrong = await client.post(
                "/api/auth/sign-in", json={"email": user.email, "password": "wrong password!"}
            )
            assert wrong.status_code == 401
        right = await client.post(
            "/api/auth/sign-in", json={"email": user.email, "password": PASSWORD}
        )
        assert right.status_code == 429 and int(right.headers["retry-after"]) > 0


class TestHeadersAndCookies:
    @pytest.mark.parametrize(
        "path", ["/sign-in", "/api/surveys", "/r/" + "x" * 32, "/static/app.css", "/nowhere"]
    )
    async def test_security_headers_everywhere(self, client: Client, path: str) -> None:
        response = await client.get(path, headers={"accept": "text/html"})
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-eval" not in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"

    async def test_csrf_cookie_only_where_a_staff_form_can_follow(self, client: Client) -> None:
        """Balancer probes, respondent links and static files get no CSRF cookie (nothing to
        protect there); a staff page view does."""
        for path in ("/health", "/r/" + "x" * 32, "/u/" + "x" * 32, "/static/app.css"):
            response = await client.get(path, headers={"accept": "text/html"})
            assert not any("voc_csrf=" in c for c in response.headers.get_list("set-cookie"))
        assert not client.cookies
        page = await client.get("/sign-in")
        assert any("voc_csrf=" in c for c in page.headers.get_list("set-cookie"))

    async def test_cookie_flags(self, client: Client) -> None:
        await create_staff("cs")
        first = await client.get("/sign-in")
        csrf_set = next(c for c in first.headers.get_list("set-cookie") if "voc_csrf=" in c)
        assert re.search(r"(?i)samesite=strict", csrf_set) and "Secure" in csrf_set
        # On https both cookies carry the __Host- prefix: Secure, Path=/, no Domain.
        assert csrf_set.startswith("__Host-voc_csrf=") and "Path=/" in csrf_set
        assert "domain" not in csrf_set.lower()
        client.headers["x-csrf-token"] = csrf_cookie(client)
        signed = await client.post(
            "/api/auth/sign-in", json={"email": "cs@example.com", "password": PASSWORD}
        )
        session = next(c for c in signed.headers.get_list("set-cookie") if "voc_session=" in c)
        assert session.startswith("__Host-voc_session=") and "domain" not in session.lower()
        assert "HttpOnly" in session and "Secure" in session
        assert re.search(r"(?i)samesite=lax", session) and "Path=/" in session
        assert "Max-Age=43200" in session

    async def test_respondent_pages_are_not_cached_or_indexed(self, client: Client) -> None:
        _, tokens = await seed_respondents(1)
        page = await client.get(f"/r/{tokens[0]}")
        assert page.headers["cache-control"] == "no-store"
        assert "noindex" in page.headers["x-robots-tag"]


class TestLogs:
    async def test_tokens_and_emails_never_reach_the_logs(
        self, client: Client, app: Litestar, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        configure_logging()  # the JSON logs go to the captured stderr from here on
        email, name = "hidden.person@example.jp", "Hidden Person"
        await sign_in(client, "cs")
        survey = (
            await client.post("/api/surveys", json={"name": "Log test", "kind": "customer_nps"})
        ).json()
        added = await client.post(
            f"/api/surveys/{survey['id']}/recipients",
            json={"recipients": [{"email": email, "name": name, "language": "en"}]},
        )
        assert added.status_code == 200, added.text
        assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
        await app.state.ticker.tick()  # sends through the .eml outbox
        mails = list((tmp_path / "outbox").glob("*.eml"))
        assert mails
        message = email_parser.message_from_bytes(mails[0].read_bytes(), policy=policy.default)
        body = message.get_body(("plain",))
        assert body is not None
        found = re.search(r"/r/([A-Za-z0-9_-]{20,})", body.get_content())  # type: ignore[attr-defined]
        assert found
        token = found.group(1)
        opt_out = re.search(r"/u/([A-Za-z0-9_-]{20,})>", str(message["List-Unsubscribe"]))
        assert opt_out
        unsubscribe = opt_out.group(1)

        anonymous = {"accept": "text/html"}
        await client.get(f"/r/{token}?score=3", headers=anonymous)
        bad = await client.post(f"/r/{token}", json={"answers": {"recommend": 99}})
        assert bad.status_code == 422
        ok = await client.post(
            f"/r/{token}", json={"answers": {"recommend": 3, "reason": f"mail me at {email}"}}
        )
        assert ok.status_code == 200
        await client.get(f"/u/{unsubscribe}", headers=anonymous)
        assert (await client.post(f"/u/{unsubscribe}", headers=anonymous)).status_code == 200
        await client.get(f"/r/{token[:-2]}zz", headers=anonymous)
        await client.get(f"/api/surveys/{survey['id']}/responses.csv")
        await client.post("/api/auth/sign-in", json={"email": email, "password": "nope nope nope"})
        await app.state.ticker.tick()

        logs = capsys.readouterr().err
        assert '"path": "/r/<token>"' in logs and '"path": "/u/<token>"' in logs
        for secret in (token, token[:12], unsubscribe, email, email.split("@")[0], "example.jp"):
            assert secret not in logs, secret


INJECTIONS = [
    "store' OR '1'='1",
    "store); DROP TABLE survey_response;--",
    "1 UNION SELECT password_hash FROM staff_user--",
    '" OR 1=1 --',
    "store\x00",
    "../../etc/passwd",
]


class TestInjection:
    async def test_sql_injection_in_filters_is_rejected_harmlessly(
        self, client: Client, staff_client: Any
    ) -> None:
        await staff_client("admin")
        survey_id, tokens = await seed_respondents(6)
        for i, token in enumerate(tokens):
            reply = await client.post(
                f"/r/{token}", json={"answers": {"recommend": i, "reason": "fine"}}
            )
            assert reply.status_code == 200
        base = f"/api/surveys/{survey_id}/analytics"
        for value in INJECTIONS:
            for path, params in [
                (f"{base}/breakdown", {"by": value}),
                (f"{base}/compare", {"by": value, "a": value, "b": "x"}),
                (f"{base}/trend", {"granularity": value}),
                (f"{base}/sentiment", {"by": value}),
                (f"{base}/comments", {"sentiment": value, "theme": value, "by": value}),
                (f"{base}/comments", {"by": "store", "group": value}),
                (f"{base}/praise", {"by": value}),
                (f"{base}/scores", {"version": value}),
                ("/api/accounts", {"q": value}),
                ("/api/surveys", {"status": value}),
            ]:
                response = await client.get(path, params=params)
                assert response.status_code < 500, (path, value, response.text)
                assert "$argon2" not in response.text  # no stored hash leaks (input may echo)
        assert await Response.count() == 6
        scores = await client.get(f"{base}/scores")
        assert scores.status_code == 200


class TestPathTraversal:
    @pytest.mark.parametrize(
        "path",
        [
            "/static/../app/settings.py",
            "/static/%2e%2e/app/settings.py",
            "/static/..%2fapp%2fsettings.py",
            "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/static/....//....//etc/passwd",
            "/static//etc/passwd",
            "/static/%252e%252e/app/settings.py",
            "/api/reports/..%2f..%2fapp%2fsettings.py/report.pdf",
            "/api/reports/" + "0" * 63 + "./report.pdf",
            "/r/..%2f..%2fetc%2fpasswd",
        ],
    )
    async def test_no_file_outside_static_is_served(
        self, client: Client, staff_client: Any, path: str
    ) -> None:
        await staff_client("manager")
        response = await client.get(path)
        assert response.status_code in {400, 404, 429}, (path, response.status_code)
        assert "SettingsError" not in response.text and "root:" not in response.text

    async def test_static_files_still_served(self, client: Client) -> None:
        response = await client.get("/static/app.css")
        assert response.status_code == 200
