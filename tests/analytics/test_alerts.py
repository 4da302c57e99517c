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
