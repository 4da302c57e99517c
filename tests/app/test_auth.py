from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.auth.tables import ApiToken, StaffSession
from tests.conftest import PASSWORD, LoopClient, create_staff, csrf_cookie, sign_in


async def _csrf(client: AsyncTestClient[Litestar]) -> str:
    await client.get("/sign-in")  # a page view mints the CSRF cookie
    token = csrf_cookie(client)
    assert token
    return token


class TestSignIn:
    async def test_success_sets_a_hardened_session_cookie(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await create_staff("cs")
        csrf = await _csrf(client)
        response = await client.post(
            "/api/auth/sign-in",
            json={"email": "cs@example.com", "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        )
        assert response.status_code == 200
        assert response.json()["role"] == "cs"
        cookie = response.headers["set-cookie"]
        assert "voc_session=" in cookie
        assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
        # Only a hash of the session token is stored.
        raw = re.search(r"voc_session=([^;]+)", cookie).group(1)  # type: ignore[union-attr]
        rows = await StaffSession.select(StaffSession.token_hash)
        assert rows and all(raw not in r["token_hash"] for r in rows)
        me = await client.get("/api/auth/me")
        assert me.status_code == 200 and me.json()["email"] == "cs@example.com"

    async def test_wrong_password_is_401_with_error_shape(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await create_staff("cs")
        csrf = await _csrf(client)
        response = await client.post(
            "/api/auth/sign-in",
            json={"email": "cs@example.com", "password": "wrong password!"},
            headers={"x-csrf-token": csrf},
        )
        assert response.status_code == 401
        assert response.json() == {"status": 401, "detail": "Wrong email or password"}

    async def test_repeated_failures_are_rate_limited(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await create_staff("cs")
        csrf = await _csrf(client)
        statuses = []
        for _ in range(7):
            response = await client.post(
                "/api/auth/sign-in",
                json={"email": "cs@example.com", "password": "nope nope nope"},
                headers={"x-csrf-token": csrf},
            )
            statuses.append(response.status_code)
        assert statuses[:5] == [401] * 5
        assert statuses[5:] == [429, 429]
        assert int(response.headers["retry-after"]) > 0
        # Even the right password is refused while throttled.
        response = await client.post(
            "/api/auth/sign-in",
            json={"email": "cs@example.com", "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        )
        assert response.status_code == 429

    async def test_throttle_expires(self, client: AsyncTestClient[Litestar], clock: Any) -> None:
        await create_staff("cs")
        csrf = await _csrf(client)
        for _ in range(5):
            await client.post(
                "/api/auth/sign-in",
                json={"email": "cs@example.com", "password": "nope nope nope"},
                headers={"x-csrf-token": csrf},
            )
        clock.advance(minutes=16)
        response = await client.post(
            "/api/auth/sign-in",
            json={"email": "cs@example.com", "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        )
        assert response.status_code == 200

    async def test_web_form_sign_in_redirects(self, client: AsyncTestClient[Litestar]) -> None:
        await create_staff("manager")
        csrf = await _csrf(client)
        response = await client.post(
            "/sign-in",
            data={"email": "manager@example.com", "password": PASSWORD, "_csrf": csrf, "next": "/"},
            follow_redirects=False,
        )
        assert response.status_code == 303
        home = await client.get("/")
        assert "Manager User" in home.text

    async def test_wrong_password_is_an_html_page_for_the_form_and_json_for_the_api(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await create_staff("manager")
        csrf = await _csrf(client)
        form = await client.post(
            "/sign-in",
            data={"email": "manager@example.com", "password": "nope", "_csrf": csrf},
            headers={"accept": "text/html", "accept-language": "ja-JP,ja;q=0.9,en;q=0.8"},
            follow_redirects=False,
        )
        assert form.status_code == 401
        assert form.headers["content-type"].startswith("text/html")
        assert '<html lang="ja">' in form.text
        assert "メールアドレスまたはパスワードが正しくありません。" in form.text
        assert 'value="manager@example.com"' in form.text
        api = await client.post(
            "/api/auth/sign-in",
            json={"email": "manager@example.com", "password": "nope"},
            headers={"x-csrf-token": csrf},
        )
        assert api.status_code == 401
        assert api.headers["content-type"].startswith("application/json")
        assert api.json()["detail"]

    async def test_sign_in_page_follows_the_browser_language_and_switches(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        ja = await client.get("/sign-in", headers={"accept-language": "ja,en-US;q=0.8"})
        assert '<html lang="ja">' in ja.text and "ログイン" in ja.text
        assert ja.headers["content-type"].startswith("text/html")
        assert 'href="/sign-in?lang=en&amp;next=/"' in ja.text
        en = await client.get("/sign-in", headers={"accept-language": "fr;q=1, en;q=0.5"})
        assert '<html lang="en">' in en.text and "Sign in" in en.text
        chosen = await client.get("/sign-in?lang=en", headers={"accept-language": "ja"})
        assert '<html lang="en">' in chosen.text
        # the choice is remembered
        again = await client.get("/sign-in", headers={"accept-language": "ja"})
        assert '<html lang="en">' in again.text


class TestCsrf:
    async def test_a_token_minted_elsewhere_is_useless_with_a_victims_session(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        # The attacker's own page view mints a valid anonymous token ...
        async with LoopClient(app=client.app, base_url="https://testserver.local") as attacker:
            await attacker.get("/sign-in")
            attacker_token = csrf_cookie(attacker)
        assert attacker_token
        await sign_in(client, "admin")
        victim_token = csrf_cookie(client)
        assert victim_token and victim_token != attacker_token
        session = client.cookies.get("__Host-voc_session")
        assert session
        # ... which is useless with the victim's session, even planted as the cookie too.
        forged = await client.post(
            "/api/auth/tokens",
            json={"name": "x"},
            headers={
                "x-csrf-token": attacker_token,
                "cookie": f"__Host-voc_session={session}; __Host-voc_csrf={attacker_token}",
            },
        )
        assert forged.status_code == 403
        # The victim's own page keeps working (with the token the server now holds for them).
        client.headers["x-csrf-token"] = csrf_cookie(client)
        ok = await client.post("/api/auth/tokens", json={"name": "x"})
        assert ok.status_code == 201, ok.text

    async def test_pre_sign_in_token_stops_working_after_sign_in(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await client.get("/sign-in")  # a page view mints the CSRF cookie
        before = csrf_cookie(client)
        await sign_in(client, "cs")
        assert csrf_cookie(client) != before
        session = client.cookies.get("__Host-voc_session")
        stale = await client.post(
            "/api/auth/tokens",
            json={"name": "x"},
            headers={
                "x-csrf-token": before,
                "cookie": f"__Host-voc_session={session}; __Host-voc_csrf={before}",
            },
        )
        assert stale.status_code == 403

    async def test_plain_http_uses_unprefixed_cookie_names(
        self, database_url: str, tmp_path: Any, clock: Any
    ) -> None:
        from app.main import create_app
        from tests.conftest import make_settings

        settings = make_settings(database_url, tmp_path, VOC_BASE_URL="http://127.0.0.1:8000")
        app = create_app(settings, clock)
        async with LoopClient(app=app, base_url="http://127.0.0.1:8000") as plain:
            page = await plain.get("/sign-in")
            assert any(c.startswith("voc_csrf=") for c in page.headers.get_list("set-cookie"))

    async def test_form_post_without_token_is_rejected(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await create_staff("manager")
        await client.get("/sign-in")
        response = await client.post(
            "/sign-in",
            data={"email": "manager@example.com", "password": PASSWORD},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]

    async def test_forged_token_is_rejected(self, client: AsyncTestClient[Litestar]) -> None:
        await create_staff("manager")
        await client.get("/sign-in")
        response = await client.post(
            "/sign-in",
            data={"email": "manager@example.com", "password": PASSWORD, "_csrf": "abc.def"},
            follow_redirects=False,
        )
        assert response.status_code == 403

    async def test_session_json_post_needs_the_header(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await sign_in(client, "cs")
        del client.headers["x-csrf-token"]
        response = await client.post("/api/auth/tokens", json={"name": "x"})
        assert response.status_code == 403


class TestRoles:
    async def test_401_without_credentials(self, client: AsyncTestClient[Litestar]) -> None:
        response = await client.get("/api/users")
        assert response.status_code == 401
        assert response.json()["status"] == 401

    async def test_403_for_the_wrong_role(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "manager")
        response = await client.get("/api/users")
        assert response.status_code == 403
        assert "admin" in response.json()["detail"]

    async def test_admin_can_create_users(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "admin")
        response = await client.post(
            "/api/users",
            json={
                "email": "new@example.com",
                "name": "New",
                "role": "hr",
                "password": "long enough pw",
            },
        )
        assert response.status_code == 201, response.text
        bad = await client.post(
            "/api/users",
            json={
                "email": "new2@example.com",
                "name": "New",
                "role": "boss",
                "password": "long enough pw",
            },
        )
        assert bad.status_code == 400 and bad.json()["field"] == "role"

    async def test_web_page_redirects_to_sign_in(self, client: AsyncTestClient[Litestar]) -> None:
        response = await client.get("/", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/sign-in")


class TestApiTokens:
    async def test_bearer_token_access_without_csrf(
        self, client: AsyncTestClient[Litestar]
    ) -> None:
        await sign_in(client, "admin")
        created = await client.post("/api/auth/tokens", json={"name": "crm sync"})
        assert created.status_code == 201
        token = created.json()["token"]
        stored = await ApiToken.select(ApiToken.token_hash).first()
        assert stored and token not in stored["token_hash"]
        async with LoopClient(app=client.app, base_url="https://testserver.local") as api:
            listed = await api.get("/api/users", headers={"Authorization": f"Bearer {token}"})
            assert listed.status_code == 200
            assert any(u["email"] == "admin@example.com" for u in listed.json())
            made = await api.post(
                "/api/users",
                json={
                    "email": "x@example.com",
                    "name": "X",
                    "role": "cs",
                    "password": "long enough pw",
                },
                headers={"Authorization": f"Bearer {token}"},
            )
            assert made.status_code == 201
            forged = await api.get("/api/users", headers={"Authorization": "Bearer voc_forged"})
            assert forged.status_code == 401
