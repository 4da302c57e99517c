"""Acceptance: surveys by email through a real SMTP server (aiosmtpd) on loopback.

The link is followed from the received email, the answer lands in the database, reminders
reach only non-answerers, unsubscribing stops all mail, an SMTP outage and a restart lose
nothing and duplicate nothing.
"""

from __future__ import annotations

import re
import time
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
from litestar import Litestar

from app.clock import FrozenClock
from app.settings import Settings
from surveys.tables import Invitation, OutboxMessage, Response
from tests.conftest import LoopClient, sign_in
from tests.smtp import SmtpServer, smtp_server, smtp_settings

__all__ = ["smtp_server", "smtp_settings"]

PEOPLE = [
    {
        "email": "aiko@example.jp",
        "name": "山田 愛子",
        "language": "ja",
        "attributes": {"store": "京都", "tier": "gold"},
    },
    {
        "email": "ben@example.com",
        "name": "Ben Smith",
        "language": "en",
        "attributes": {"store": "Osaka"},
    },
    {
        "email": "chloe@example.com",
        "name": "Chloe",
        "language": "en",
        "attributes": {"store": "Osaka"},
    },
]


@pytest.fixture
def settings(smtp_settings: Settings) -> Settings:
    """The app under test sends through the loopback SMTP server."""
    return smtp_settings


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def path_of(url: str) -> str:
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


async def start_survey(client: Any, people: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/surveys", json={"name": "秋の満足度調査", "kind": "customer_nps", **fields}
    )
    assert response.status_code == 201, response.text
    survey = response.json()
    report = await client.post(
        f"/api/surveys/{survey['id']}/recipients", json={"recipients": people}
    )
    assert report.status_code == 200 and report.json()["invited"] == len(people), report.text
    assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    return survey


def counts(server: SmtpServer) -> dict[str, int]:
    found: dict[str, int] = {}
    for _, recipients in server.sink.envelopes:
        for address in recipients:
            found[address] = found.get(address, 0) + 1
    return found


class TestDelivery:
    async def test_email_link_answer_reminder_unsubscribe(
        self, client: Any, app: Litestar, clock: FrozenClock, smtp_server: SmtpServer
    ) -> None:
        await sign_in(client, "cs")
        survey = await start_survey(client, PEOPLE)
        await app.state.ticker.tick()
        assert counts(smtp_server) == {a["email"]: 1 for a in PEOPLE}

        # Aiko's email: Japanese, text + HTML, the 0–10 scale, RFC 8058 headers.
        [mail] = smtp_server.sink.to("aiko@example.jp")
        assert mail["Content-Language"] == "ja"
        assert "アンケート" in str(mail["Subject"]) and "秋の満足度調査" in str(mail["Subject"])
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe_url = str(mail["List-Unsubscribe"]).strip("<>")
        assert unsubscribe_url.startswith("https://testserver.local/u/")
        assert re.match(r"^<[^@>]+@voc\.example>$", str(mail["Message-ID"]))
        text, html = parts(mail)
        assert "山田 愛子 様" in text
        score_links = re.findall(r'href="(https://testserver\.local/r/[^"?]+\?score=(\d+))"', html)
        assert [int(n) for _, n in score_links] == list(range(11))

        # A mail scanner fetches every link: nothing is stored.
        for url, _ in score_links:
            assert (await client.get(path_of(url))).status_code == 200
        assert await Response.count() == 0

        # Aiko clicks 9, the page opens with 9 selected, she adds a reason and sends.
        url9 = score_links[9][0]
        page = await client.get(path_of(url9), headers={"accept": "text/html"})
        assert 'value="9" checked' in page.text and "回答を送信する" in page.text
        answer = {"recommend": "9", "reason": "店員さんの笑顔が素敵でした", "driver_support": "5"}
        done = await client.post(urlparse(url9).path, data=answer, headers={"accept": "text/html"})
        assert done.status_code == 200 and "ありがとうございました" in done.text
        stored = await Response.select().output(load_json=True)
        assert len(stored) == 1
        assert stored[0]["nps_score"] == 9 and stored[0]["attributes"]["store"] == "京都"
        assert stored[0]["comment"] == "店員さんの笑顔が素敵でした"

        # Ben unsubscribes with his mail client's one-click POST (no cookie, no CSRF token).
        [ben_mail] = smtp_server.sink.to("ben@example.com")
        ben_unsubscribe = str(ben_mail["List-Unsubscribe"]).strip("<>")
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="https://testserver.local"
        ) as mail_client:
            one_click = await mail_client.post(
                urlparse(ben_unsubscribe).path,
                content=b"List-Unsubscribe=One-Click",
                headers={"content-type": "application/x-www-form-urlencoded"},
            )
        assert one_click.status_code == 200

        # Three days later the reminder reaches only Chloe.
        clock.advance(days=3)
        await sign_in(client, "cs", "cs2@example.com")
        await app.state.ticker.tick()
        assert counts(smtp_server) == {
            "aiko@example.jp": 1,
            "ben@example.com": 1,
            "chloe@example.com": 2,
        }
        reminder = smtp_server.sink.to("chloe@example.com")[-1]
        assert str(reminder["Subject"]).startswith("Reminder")
        assert reminder["Message-ID"] != smtp_server.sink.to("chloe@example.com")[0]["Message-ID"]
        # The reminder's link is the same personal link: Chloe answers through it.
        _, chloe_html = parts(reminder)
        chloe_link = re.search(r'href="https://testserver\.local(/r/[^"?]+)"', chloe_html)
        assert chloe_link
        clock.advance(days=1)
        saved = await client.post(
            chloe_link.group(1), json={"answers": {"recommend": 4, "reason": "Too slow"}}
        )
        assert saved.status_code == 200
        # No more reminders for anyone: everybody answered or opted out.
        for _ in range(3):
            clock.advance(days=3)
            await app.state.ticker.tick()
        assert counts(smtp_server) == {
            "aiko@example.jp": 1,
            "ben@example.com": 1,
            "chloe@example.com": 2,
        }

        # Ben is never mailed again, by any survey.
        await sign_in(client, "cs", "cs3@example.com")
        response = await client.post("/api/surveys", json={"name": "Next", "kind": "customer_nps"})
        report = await client.post(
            f"/api/surveys/{response.json()['id']}/recipients",
            json={"recipients": PEOPLE[1:2], "respect_contact_frequency": False},
        )
        assert report.json()["skipped"] == [{"email": "ben@example.com", "reason": "opted_out"}]
        progress = (await client.get(f"/api/surveys/{survey['id']}/progress")).json()
        assert progress | {"response_rate": None} == {
            "survey_id": survey["id"],
            "status": "live",
            "invitations": 3,
            "not_queued": 0,
            "queued": 0,
            "sent": 3,
            "failed": 0,
            "bounced": 0,
            "answered": 2,
            "opted_out": 1,
            "response_rate": None,
        }
        assert progress["response_rate"] == pytest.approx(2 / 3, abs=1e-3)

    async def test_reminders_reach_only_non_answerers(
        self, client: Any, app: Litestar, clock: FrozenClock, smtp_server: SmtpServer
    ) -> None:
        await sign_in(client, "cs")
        people = [{"email": f"r{i}@example.com", "name": f"R{i}"} for i in range(10)]
        await start_survey(client, people, reminder_count=2, reminder_interval_days=3)
        await app.state.ticker.tick()
        links = {}
        for message in smtp_server.sink.messages:
            _, html = parts(message)
            match = re.search(r'href="https://testserver\.local(/r/[^"?]+)"', html)
            assert match
            links[str(message["To"]).split("<")[-1].strip(">")] = match.group(1)
        for i in range(0, 10, 2):  # the even ones answer
            response = await client.post(
                links[f"r{i}@example.com"], json={"answers": {"recommend": 8}}
            )
            assert response.status_code == 200
        smtp_server.sink.clear()
        for _ in range(4):
            clock.advance(days=3)
            await app.state.ticker.tick()
        received = counts(smtp_server)
        assert received == {f"r{i}@example.com": 2 for i in range(1, 10, 2)}

    async def test_smtp_down_mid_send_every_message_arrives_once(
        self, client: Any, app: Litestar, clock: FrozenClock, smtp_server: SmtpServer
    ) -> None:
        await sign_in(client, "cs")
        people = [{"email": f"d{i}@example.com"} for i in range(40)]
        await start_survey(client, people, reminder_count=0)
        smtp_server.stop_after(15)
        await app.state.ticker.tick()
        for _ in range(100):
            if not smtp_server.running:
                break
            time.sleep(0.02)
        assert not smtp_server.running
        assert 15 <= smtp_server.sink.count < 40
        # Still down: a tick fails to connect and loses nothing.
        clock.advance(minutes=5)
        await app.state.ticker.tick()
        smtp_server.start()
        for _ in range(4):
            clock.advance(minutes=5)
            await app.state.ticker.tick()
        assert counts(smtp_server) == {p["email"]: 1 for p in people}
        states = await OutboxMessage.select(OutboxMessage.status).distinct()
        assert [s["status"] for s in states] == ["sent"]
        ids = [m["Message-ID"] for m in smtp_server.sink.messages]
        assert len(set(ids)) == 40

    async def test_restart_between_queueing_and_sending(
        self, client: Any, settings: Settings, clock: FrozenClock, smtp_server: SmtpServer
    ) -> None:
        await sign_in(client, "cs")
        people = [{"email": f"q{i}@example.com"} for i in range(12)]
        await start_survey(client, people, reminder_count=1)
        assert smtp_server.sink.count == 0
        await client.__aexit__(None, None, None)  # the first instance goes away unsent

        from app.main import create_app

        restarted = create_app(settings, clock)
        async with LoopClient(app=restarted, base_url="https://testserver.local"):
            await restarted.state.ticker.tick()
            assert counts(smtp_server) == {p["email"]: 1 for p in people}
            clock.advance(days=3)
            await restarted.state.ticker.tick()
            assert counts(smtp_server) == {p["email"]: 2 for p in people}
        sent = await Invitation.count().where(Invitation.status == "sent")
        assert sent == 12
        await client.__aenter__()  # the fixture closes it again
