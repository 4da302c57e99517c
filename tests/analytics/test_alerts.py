from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from analytics.jobs import owner_of
from analytics.tables import DetractorAlert
from app.clock import FrozenClock
from app.db import bind_engine, make_engine
from app.main import create_app
from tests.analytics.factories import add_response, make_survey
from tests.conftest import make_settings
from tests.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]


class Hooks(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Hooks.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Hooks.received = []
    server = HTTPServer(("127.0.0.1", 0), Hooks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


class TestOwnerOf:
    def test_first_address_like_owner_wins(self) -> None:
        assert owner_of({"owner_email": "Aki@Example.com", "store": "Kyoto"}) == "aki@example.com"
        assert owner_of({"owner": "not an address"}) is None
        assert owner_of({}) is None


class TestDetractorAlerts:
    async def test_alert_sent_once_by_email_and_webhook(
        self,
        database_url: str,
        tmp_path: Path,
        smtp_server: SmtpServer,
        clock: FrozenClock,
        webhook: str,
    ) -> None:
        settings = make_settings(
            database_url,
            tmp_path,
            VOC_SMTP_HOST="127.0.0.1",
            VOC_SMTP_PORT=str(smtp_server.port),
            VOC_MAIL_FROM="alerts@voc.example",
            VOC_ALERT_WEBHOOK_URL=webhook,
        )
        app = create_app(settings, clock)
        bind_engine(make_engine(settings.database_url))
        survey = await make_survey()
        enps = await make_survey("enps")
        await add_response(
            survey,
            2,
            "Support never <b>called</b> back",
            {"account_name": "Acme KK", "owner_email": "owner@example.com"},
        )
        await add_response(survey, 10, "great", {"owner_email": "owner@example.com"})
        await add_response(survey, 4, "meh", {"store": "Nara"})
        await add_response(enps, 1, "my manager", {"owner_email": "boss@example.com"})

        await app.state.ticker.tick()
        messages = smtp_server.sink.messages
        assert len(messages) == 1
        alert = messages[0]
        assert alert["To"] == "owner@example.com"
        assert "Acme KK" in alert["Subject"] and "2/10" in alert["Subject"]
        assert "Support never <b>called</b> back" in alert.get_content()
        assert [h["score"] for h in Hooks.received] == [2, 4]
        assert Hooks.received[0]["owner_email"] == "owner@example.com"

        await app.state.ticker.tick()
        await app.state.ticker.tick()
        assert len(smtp_server.sink.messages) == 1
        assert len(Hooks.received) == 2
        statuses = sorted(r["status"] for r in await DetractorAlert.select(DetractorAlert.status))
        assert statuses == ["done", "no_owner"]
        # Employee answers never page anyone.
        assert not smtp_server.sink.to("boss@example.com")


async def test_alert_says_who_and_links_to_that_one_answer(
    database_url: str, tmp_path: Path, smtp_server: SmtpServer, clock: FrozenClock, webhook: str
) -> None:
    """Issue 18 (7): the owner can call the customer back."""
    import re

    from litestar.testing import AsyncTestClient

    from tests.conftest import LoopClient, sign_in

    settings = make_settings(
        database_url,
        tmp_path,
        VOC_SMTP_HOST="127.0.0.1",
        VOC_SMTP_PORT=str(smtp_server.port),
        VOC_MAIL_FROM="alerts@voc.example",
        VOC_ALERT_WEBHOOK_URL=webhook,
    )
    app = create_app(settings, clock)
    bind_engine(make_engine(settings.database_url))
    survey = await make_survey()
    response_id = await add_response(
        survey,
        3,
        "解約を検討しています",
        {"store": "池袋店", "account_name": "Acme KK", "account_id": "ACME-7",
         "owner_email": "owner@example.com"},
    )  # fmt: skip
    enps = await make_survey("enps")
    enps_response = await add_response(enps, 1, "my manager", {"owner_email": "boss@example.com"})
    await app.state.ticker.tick()
    (alert,) = smtp_server.sink.messages
    body = alert.get_content()
    contact_email = Hooks.received[0]["customer_email"]
    assert contact_email.endswith("@example.com")
    assert Hooks.received[0]["customer_name"].startswith("Person ")
    assert Hooks.received[0]["account"] == "Acme KK (ACME-7)"
    assert contact_email in body and "Acme KK (ACME-7)" in body
    assert Hooks.received[0]["customer_name"] in alert["Subject"]
    link = re.search(r"https://testserver\.local(/surveys/\d+/responses/\d+)", body)
    assert link and link.group(1) == f"/surveys/{survey}/responses/{response_id}"

    async with LoopClient(app=app, base_url="https://testserver.local") as client:
        assert (await client.get(link.group(1))).status_code in (302, 303, 401)
        await sign_in(client, "cs")
        page = await client.get(link.group(1), headers={"accept": "text/html"})
        assert page.status_code == 200
        assert contact_email in page.text and "Acme KK (ACME-7)" in page.text
        assert "解約を検討しています" in page.text
        # eNPS answers have no identity page, for anyone.
        await sign_in(client, "admin")
        hidden = await client.get(
            f"/surveys/{enps}/responses/{enps_response}", headers={"accept": "text/html"}
        )
        assert hidden.status_code == 404
        assert isinstance(client, AsyncTestClient)
    async with LoopClient(app=app, base_url="https://testserver.local") as client:
        await sign_in(client, "hr")
        refused = await client.get(link.group(1), headers={"accept": "text/html"})
        assert refused.status_code == 403
