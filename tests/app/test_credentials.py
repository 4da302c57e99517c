"""Credential lifecycle: API tokens (list, revoke, expiry, last use), deactivation, password
change and admin-initiated reset through the outbox, and the password policy (issue 16)."""

from __future__ import annotations

import datetime as dt
import email
import re
from email import policy as email_policy
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.auth.policy import COMMON_PASSWORDS, MIN_LENGTH, password_problem
from app.auth.tables import ApiToken, StaffSession
from app.clock import FrozenClock
from surveys.tables import OutboxMessage
from tests.conftest import PASSWORD, LoopClient, create_staff, csrf_cookie, sign_in

Client = AsyncTestClient[Litestar]
NEW_PASSWORD = "Quiet-Harbour-Lantern-58"


async def _second_client(app: Litestar) -> LoopClient:
    other = LoopClient(app=app, base_url="https://testserver.local")
    await other.__aenter__()
    return other


async def _sign_in_as(client: Client, email_address: str, password: str = PASSWORD) -> Any:
    await client.get("/sign-in")  # a page view mints the CSRF cookie
    client.headers["x-csrf-token"] = csrf_cookie(client)
    response = await client.post(
        "/api/auth/sign-in", json={"email": email_address, "password": password}
    )
    client.headers["x-csrf-token"] = csrf_cookie(client)
    return response


class TestTokens:
    async def test_list_revoke_and_never_the_secret(self, client: Client) -> None:
        await sign_in(client, "cs")
        made = await client.post("/api/auth/tokens", json={"name": "crm sync"})
        assert made.status_code == 201, made.text
        secret = made.json()["token"]
        bearer = {"Authorization": f"Bearer {secret}"}
        # Tokens are listed with name, created, last used and expiry, never the secret.
        listed = (await client.get("/api/auth/tokens")).json()
        assert [t["name"] for t in listed] == ["crm sync"]
        assert listed[0]["last_used_at"] is None and listed[0]["status"] == "active"
        assert secret not in str(listed) and listed[0]["prefix"] == secret[:12]
        created = dt.datetime.fromisoformat(listed[0]["created_at"])
        expires = dt.datetime.fromisoformat(listed[0]["expires_at"])
        assert expires - created == dt.timedelta(days=90)
        async with LoopClient(app=client.app, base_url="https://testserver.local") as api:
            assert (await api.get("/api/auth/me", headers=bearer)).status_code == 200
            used = (await client.get("/api/auth/tokens")).json()[0]
            assert used["last_used_at"] is not None
            # A bearer token cannot mint more tokens or change the password.
            minted = await api.post("/api/auth/tokens", json={"name": "more"}, headers=bearer)
            assert minted.status_code == 403
            change = await api.post(
                "/api/auth/password",
                json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                headers=bearer,
            )
            assert change.status_code == 403
            revoked = await client.delete(f"/api/auth/tokens/{listed[0]['id']}")
            assert revoked.status_code == 204
            assert (await api.get("/api/auth/me", headers=bearer)).status_code == 401
        assert (await client.get("/api/auth/tokens")).json()[0]["status"] == "revoked"
        assert (await client.delete("/api/auth/tokens/999")).status_code == 404

    async def test_another_users_token_cannot_be_revoked(self, client: Client) -> None:
        owner = await create_staff("hr", "owner@example.com")
        from app.auth.services import AuthService

        theirs = await AuthService(FrozenClock()).create_api_token(owner.id, "theirs")
        await sign_in(client, "cs")
        assert (await client.delete(f"/api/auth/tokens/{theirs.id}")).status_code == 404
        row = await ApiToken.select(ApiToken.revoked).where(ApiToken.id == theirs.id).first()
        assert row is not None and row["revoked"] is False

    async def test_expiry_is_enforced_to_the_second(
        self, client: Client, clock: FrozenClock
    ) -> None:
        await sign_in(client, "cs")
        until = clock.now() + dt.timedelta(hours=1)
        made = await client.post(
            "/api/auth/tokens", json={"name": "short", "expires_at": until.isoformat()}
        )
        assert made.status_code == 201, made.text
        assert dt.datetime.fromisoformat(made.json()["expires_at"]) == until
        bearer = {"Authorization": f"Bearer {made.json()['token']}"}
        async with LoopClient(app=client.app, base_url="https://testserver.local") as api:
            clock.set(until - dt.timedelta(seconds=1))
            assert (await api.get("/api/auth/me", headers=bearer)).status_code == 200
            clock.set(until)
            assert (await api.get("/api/auth/me", headers=bearer)).status_code == 401
        assert (await client.get("/api/auth/tokens")).json()[0]["status"] == "expired"

    @pytest.mark.parametrize(
        ("expires_at", "reason"),
        [
            ("2020-01-01T00:00:00Z", "future"),
            ("2026-12-01T00:00:00", "time zone"),
            ("2099-01-01T00:00:00Z", "730 days"),
        ],
    )
    async def test_bad_expiry_names_the_field(
        self, client: Client, expires_at: str, reason: str
    ) -> None:
        await sign_in(client, "cs")
        bad = await client.post("/api/auth/tokens", json={"name": "x", "expires_at": expires_at})
        assert bad.status_code == 422, bad.text
        assert bad.json()["field"] == "expires_at" and reason in bad.json()["detail"]

    async def test_default_lifetime_is_configurable(
        self, database_url: str, tmp_path: Path, clock: FrozenClock
    ) -> None:
        from app.main import create_app
        from tests.conftest import make_settings

        app = create_app(make_settings(database_url, tmp_path, VOC_API_TOKEN_DAYS="7"), clock)
        async with LoopClient(app=app, base_url="https://testserver.local") as client:
            await sign_in(client, "cs")
            made = (await client.post("/api/auth/tokens", json={"name": "week"})).json()
            expires = dt.datetime.fromisoformat(made["expires_at"])
            assert expires - clock.now() == dt.timedelta(days=7)


class TestDeactivation:
    async def test_sessions_and_tokens_stop_at_once_and_come_back(self, client: Client) -> None:
        await sign_in(client, "admin")
        user = await create_staff("cs", "leaver@example.com")
        leaver = await _second_client(client.app)
        try:
            assert (await _sign_in_as(leaver, user.email)).status_code == 200
            token = (await leaver.post("/api/auth/tokens", json={"name": "etl"})).json()["token"]
            bearer = {"Authorization": f"Bearer {token}"}
            off = await client.patch(f"/api/users/{user.id}", json={"active": False})
            assert off.status_code == 200 and off.json()["is_active"] is False
            assert (await leaver.get("/api/auth/me")).status_code == 401
            assert (await leaver.get("/api/auth/me", headers=bearer)).status_code == 401
            assert await StaffSession.count().where(StaffSession.user == user.id) == 0
            assert (await _sign_in_as(leaver, user.email)).status_code == 401
            on = await client.patch(f"/api/users/{user.id}", json={"active": True})
            assert on.json()["is_active"] is True
            assert (await leaver.get("/api/auth/me", headers=bearer)).status_code == 200
            assert (await _sign_in_as(leaver, user.email)).status_code == 200
        finally:
            await leaver.__aexit__(None, None, None)

    async def test_admin_cannot_deactivate_themselves_and_only_admins_may(
        self, client: Client
    ) -> None:
        admin = await sign_in(client, "admin")
        me = await client.patch(f"/api/users/{admin.id}", json={"active": False})
        assert me.status_code == 422 and me.json()["field"] == "active"
        assert (await client.patch("/api/users/999", json={"active": False})).status_code == 404
        manager = await create_staff("manager", "m@example.com")
        other = await _second_client(client.app)
        try:
            await _sign_in_as(other, manager.email)
            denied = await other.patch(f"/api/users/{admin.id}", json={"active": False})
            assert denied.status_code == 403
        finally:
            await other.__aexit__(None, None, None)


class TestPasswordChange:
    async def test_change_ends_other_sessions_and_keeps_this_one(self, client: Client) -> None:
        user = await sign_in(client, "hr")
        laptop = await _second_client(client.app)
        try:
            assert (await _sign_in_as(laptop, user.email)).status_code == 200
            wrong = await client.post(
                "/api/auth/password",
                json={"current_password": "not my password", "new_password": NEW_PASSWORD},
            )
            assert wrong.status_code == 422 and wrong.json()["field"] == "current_password"
            weak = await client.post(
                "/api/auth/password",
                json={"current_password": PASSWORD, "new_password": "password1234"},
            )
            assert weak.status_code == 422 and weak.json()["field"] == "new_password"
            changed = await client.post(
                "/api/auth/password",
                json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            )
            assert changed.status_code == 200, changed.text
            assert (await client.get("/api/auth/me")).status_code == 200
            assert (await laptop.get("/api/auth/me")).status_code == 401
            assert (await _sign_in_as(laptop, user.email)).status_code == 401
            assert (await _sign_in_as(laptop, user.email, NEW_PASSWORD)).status_code == 200
        finally:
            await laptop.__aexit__(None, None, None)


def _reset_link(raw: str) -> str:
    message = email.message_from_string(raw, policy=email_policy.default)
    body = message.get_content()  # type: ignore[attr-defined]
    match = re.search(r"https://\S+/reset-password/(\S+)", body)
    assert match, body
    return match.group(1)


class TestPasswordReset:
    async def test_emailed_link_works_once_and_ends_sessions(
        self, client: Client, clock: FrozenClock
    ) -> None:
        await sign_in(client, "admin")
        user = await create_staff("cs", "forgetful@example.com")
        them = await _second_client(client.app)
        try:
            await _sign_in_as(them, user.email)
            sent = await client.post(f"/api/users/{user.id}/password-reset")
            assert sent.status_code == 202, sent.text
            queued = await OutboxMessage.select().where(OutboxMessage.kind == "staff")
            assert [m["to_address"] for m in queued] == [user.email]
            token = _reset_link(queued[0]["body"])
            page = await them.get(f"/reset-password/{token}")
            assert page.status_code == 200 and "password" in page.text.lower()
            weak = await them.post(
                "/api/auth/password-reset", json={"token": token, "new_password": "aaaaaaaaaaaa"}
            )
            assert weak.status_code == 422 and weak.json()["field"] == "new_password"
            done = await them.post(
                "/api/auth/password-reset", json={"token": token, "new_password": NEW_PASSWORD}
            )
            assert done.status_code == 200, done.text
            assert (await them.get("/api/auth/me")).status_code == 401  # sessions ended
            again = await them.post(
                "/api/auth/password-reset",
                json={"token": token, "new_password": "Other-Tide-Pine-93"},
            )
            assert again.status_code == 422 and again.json()["field"] == "token"
            assert (await _sign_in_as(them, user.email, NEW_PASSWORD)).status_code == 200
        finally:
            await them.__aexit__(None, None, None)

    async def test_the_reset_form_lands_on_sign_in_with_a_translated_notice(
        self, client: Client
    ) -> None:
        """Issue 16 gap: after the reset form the sign-in page says the password is set."""
        await sign_in(client, "admin")
        user = await create_staff("cs", "reset-form@example.com")
        assert (await client.post(f"/api/users/{user.id}/password-reset")).status_code == 202
        queued = await OutboxMessage.select().where(OutboxMessage.kind == "staff")
        token = _reset_link(queued[0]["body"])
        them = await _second_client(client.app)
        try:
            form = await them.get(f"/reset-password/{token}")
            csrf = re.search(r'name="_csrf" value="([^"]+)"', form.text)
            assert csrf, form.text
            done = await them.post(
                f"/reset-password/{token}",
                data={"_csrf": csrf.group(1), "new_password": NEW_PASSWORD},
                follow_redirects=False,
            )
            assert done.status_code == 303, done.text
            assert done.headers["location"] == "/sign-in?notice=password_set"
            english = await them.get("/sign-in?notice=password_set&lang=en")
            notice = re.search(r'<p class="notice ok" role="status">([^<]+)</p>', english.text)
            assert notice and "new password is set" in notice.group(1), english.text
            japanese = await them.get("/sign-in?notice=password_set&lang=ja")
            assert "新しいパスワードを設定しました" in japanese.text
            # No notice without the query, nor for an unknown one (nothing echoed back).
            plain = await them.get("/sign-in?lang=en")
            assert 'class="notice ok"' not in plain.text
            odd = await them.get("/sign-in?lang=en&notice=%3Cb%3Ehi%3C%2Fb%3E")
            assert 'class="notice ok"' not in odd.text and "<b>hi</b>" not in odd.text
            assert (await _sign_in_as(them, user.email, NEW_PASSWORD)).status_code == 200
        finally:
            await them.__aexit__(None, None, None)

    async def test_link_expires_and_a_newer_one_replaces_it(
        self, client: Client, clock: FrozenClock
    ) -> None:
        await sign_in(client, "admin")
        user = await create_staff("cs", "late@example.com")
        await client.post(f"/api/users/{user.id}/password-reset")
        await client.post(f"/api/users/{user.id}/password-reset")
        first, second = [
            _reset_link(m["body"]) for m in await OutboxMessage.select().order_by(OutboxMessage.id)
        ]
        old = await client.post(
            "/api/auth/password-reset", json={"token": first, "new_password": NEW_PASSWORD}
        )
        assert old.status_code == 422
        clock.advance(hours=24)
        late = await client.post(
            "/api/auth/password-reset", json={"token": second, "new_password": NEW_PASSWORD}
        )
        assert late.status_code == 422 and late.json()["field"] == "token"


class TestPolicy:
    @pytest.mark.parametrize(
        "weak",
        [
            "password12",
            "1234567890",
            "aaaaaaaaaa",
            "password1234",
            "aaaaaaaaaaaa",
            "123456789012",
            "qwertyuiop12",
            "iloveyou1234",
            "P@ssw0rd2026",
        ],
    )
    def test_weak_passwords_from_the_issue_are_refused(self, weak: str) -> None:
        assert password_problem(weak, "aiko@example.com", "Aiko") is not None

    def test_the_email_local_part_is_refused_in_any_case(self) -> None:
        problem = password_problem("Xx-Aiko.Sato-2026-Kyoto", "aiko.sato@example.com", "")
        assert problem is not None and "email" in problem
        assert password_problem("aiko.sato@example.com", "aiko.sato@example.com", "")

    def test_the_list_is_of_realistic_size_and_holds_long_entries(self) -> None:
        assert len(COMMON_PASSWORDS) >= 30_000
        assert sum(len(p) >= MIN_LENGTH for p in COMMON_PASSWORDS) > 100

    def test_passphrases_pass(self) -> None:
        for good in (PASSWORD, NEW_PASSWORD, "voc-demo-2026-kyoto", "Tsuki ga kirei desu ne"):
            assert password_problem(good, "aiko@example.com", "Aiko") is None, good

    async def test_the_api_names_the_password_field(self, client: Client) -> None:
        await sign_in(client, "admin")
        for weak in ("password12", "aaaaaaaaaaaa", "new.person@example.com", "password1234"):
            made = await client.post(
                "/api/users",
                json={
                    "email": "new.person@example.com",
                    "name": "N",
                    "role": "cs",
                    "password": weak,
                },
            )
            assert made.status_code == 422 and made.json()["field"] == "password", weak

    def test_demo_passwords_meet_the_policy(self) -> None:
        from app.demo import DEMO_PASSWORD, DEMO_USERS

        for address, name, *_ in DEMO_USERS:
            assert password_problem(DEMO_PASSWORD, address, name) is None


class TestPages:
    async def test_users_screen_deactivates_and_sends_reset_links(self, client: Client) -> None:
        await sign_in(client, "admin")
        user = await create_staff("cs", "page@example.com")
        csrf = csrf_cookie(client)
        listing = await client.get("/users")
        assert f'action="/users/{user.id}/active"' in listing.text
        assert f'action="/users/{user.id}/reset"' in listing.text
        off = await client.post(
            f"/users/{user.id}/active",
            data={"_csrf": csrf, "active": "false"},
            follow_redirects=True,
        )
        assert off.status_code == 200 and "deactivated" in off.text
        assert (await _sign_in_as(await _second_client(client.app), user.email)).status_code == 401
        await client.post(f"/users/{user.id}/active", data={"_csrf": csrf, "active": "true"})
        sent = await client.post(
            f"/users/{user.id}/reset", data={"_csrf": csrf}, follow_redirects=True
        )
        assert sent.status_code == 200 and "reset link" in sent.text
        token = _reset_link((await OutboxMessage.select(OutboxMessage.body).first() or {})["body"])
        form = await client.get(f"/reset-password/{token}")
        assert form.status_code == 200 and 'name="new_password"' in form.text
        weak = await client.post(
            f"/reset-password/{token}", data={"_csrf": csrf, "new_password": "password1234"}
        )
        assert weak.status_code == 422 and "common" in weak.text
        done = await client.post(
            f"/reset-password/{token}",
            data={"_csrf": csrf, "new_password": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert (await client.get(f"/reset-password/{token}")).status_code == 404

    async def test_account_page_changes_password_and_manages_tokens(self, client: Client) -> None:
        await sign_in(client, "manager")
        csrf = csrf_cookie(client)
        page = await client.get("/account")
        assert page.status_code == 200 and 'action="/account/password"' in page.text
        made = await client.post("/account/tokens", data={"_csrf": csrf, "name": "sheet"})
        assert made.status_code == 200 and "voc_" in made.text
        token = (await client.get("/api/auth/tokens")).json()[0]
        assert f"/account/tokens/{token['id']}/revoke" in (await client.get("/account")).text
        await client.post(f"/account/tokens/{token['id']}/revoke", data={"_csrf": csrf})
        assert (await client.get("/api/auth/tokens")).json()[0]["status"] == "revoked"
        bad = await client.post(
            "/account/password",
            data={"_csrf": csrf, "current_password": PASSWORD, "new_password": "aaaaaaaaaaaa"},
        )
        assert bad.status_code == 422
        good = await client.post(
            "/account/password",
            data={"_csrf": csrf, "current_password": PASSWORD, "new_password": NEW_PASSWORD},
            follow_redirects=True,
        )
        assert good.status_code == 200 and "Password changed" in good.text


async def test_old_sign_in_rows_are_forgotten(client: Client, clock: FrozenClock) -> None:
    from app.auth.tables import KnownSignInAddress, SignInFailure

    user = await create_staff("cs")
    await _sign_in_as(client, user.email)
    await _sign_in_as(client, user.email, "wrong password here")
    assert await SignInFailure.count() > 0 and await KnownSignInAddress.count() == 1
    clock.advance(minutes=16)
    await client.app.state.ticker.tick()
    assert await SignInFailure.count() == 0
    assert await KnownSignInAddress.count() == 1  # familiar for 90 days
    clock.advance(days=91)
    client.app.state["sign_in_housekeeping_last_run"] = None
    await client.app.state.ticker.tick()
    assert await KnownSignInAddress.count() == 0


async def test_wrong_current_passwords_are_throttled(client: Client) -> None:
    await sign_in(client, "hr")
    statuses = []
    for _ in range(7):
        reply = await client.post(
            "/api/auth/password",
            json={"current_password": "a wrong guess here", "new_password": NEW_PASSWORD},
        )
        statuses.append(reply.status_code)
    assert statuses == [422] * 5 + [429, 429]
    assert int(reply.headers["retry-after"]) > 0
    # Even the right current password waits: the stolen session is no guessing oracle.
    right = await client.post(
        "/api/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert right.status_code == 429
