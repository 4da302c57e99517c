"""Hostile input never reaches a 500 or a stuck job (issue 16's findings, reproduced).

* a JSON body nested 1,000 levels deep (unauthenticated, on sign-in) → 400, the app's body;
* CR/LF, C1 controls, U+2028/U+2029/U+0085 and bidi overrides in names, titles and attributes
  → 422 naming the field or the row, on every way in (API, CSV);
* a stored bad value (from before the rule) cannot break sending, and one bad detractor alert or
  outbox message never blocks the others; a dead instance's claims are taken over after the lease.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.jobs import ALERT_LEASE, ALERT_MAX_ATTEMPTS
from analytics.tables import DetractorAlert
from app.bodies import MAX_DEPTH, json_depth, too_deep
from app.clock import FrozenClock
from app.db import bind_engine, make_engine
from app.main import create_app
from app.text import one_line, unsafe_reason
from surveys.tables import OutboxMessage, Survey
from tests.analytics.factories import add_response, make_survey
from tests.conftest import csrf_cookie, make_settings
from tests.smtp import SmtpServer, smtp_server
from tests.surveys.conftest import add_people, create_survey

__all__ = ["smtp_server"]

BAD = {
    "CR/LF": "Autumn\r\nBcc: everyone@example.com",
    "LF": "Autumn\nNPS",
    "TAB": "Autumn\tNPS",
    "NUL": "Autumn\x00NPS",
    "NEL (U+0085)": "Autumn\x85NPS",
    "C1 CSI": "Autumn\x9bNPS",
    "LINE SEPARATOR": "Autumn\u2028NPS",
    "PARAGRAPH SEPARATOR": "Autumn\u2029NPS",
    "RLO override": "Invoice \u202egnp.exe",
    "LRI isolate": "Acme \u2066KK",
}


def _nested(depth: int) -> str:
    return '{"email": ' + "[" * depth + "]" * depth + ', "password": "x"}'


class TestBodyDepth:
    async def test_a_thousand_levels_on_sign_in_is_400_not_500(self, client: Any) -> None:
        await client.get("/sign-in")  # a page view mints the CSRF cookie
        csrf = csrf_cookie(client)
        for body in (_nested(1000), "[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000):
            response = await client.post(
                "/api/auth/sign-in",
                content=body,
                headers={"content-type": "application/json", "x-csrf-token": csrf},
            )
            assert response.status_code == 400, response.text
            assert response.json() == {
                "status": 400,
                "detail": f"The JSON body is nested deeper than {MAX_DEPTH} levels",
            }

    async def test_the_limit_applies_to_every_json_endpoint(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        deep = await client.post(
            "/api/surveys",
            content='{"name": "x", "kind": "customer_nps", "drivers": ' + "[" * 40 + "]" * 40 + "}",
            headers={"content-type": "application/json"},
        )
        assert deep.status_code == 400 and deep.json()["status"] == 400
        respondent = await client.post(
            "/r/" + "x" * 32,
            content="[" * 500 + "]" * 500,
            headers={"content-type": "application/json"},
        )
        assert respondent.status_code == 400

    async def test_ordinary_bodies_and_brackets_in_strings_pass(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        name = "[[[[" * 20 + "{{" * 20
        survey = await create_survey(client, name=name)
        assert survey["name"] == name

    def test_depth_counts_structure_not_strings(self) -> None:
        assert json_depth(b'{"a": [1, {"b": "[[[[\\"{{"}]}') == 3
        assert not too_deep(b'"' + b"[" * 100 + b'"')
        assert too_deep(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))
        assert not too_deep(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)


class TestTextRule:
    @pytest.mark.parametrize("label", list(BAD))
    def test_every_unsafe_character_is_refused_and_named(self, label: str) -> None:
        reason = unsafe_reason(BAD[label])
        assert reason is not None and "U+" in reason

    def test_real_names_pass(self) -> None:
        for name in (
            "さくら商事 京都店",
            "Zoë O'Brien-Łukasz",
            "株式会社エモーション・テック",
            "عربي",
        ):
            assert unsafe_reason(name) is None
        assert unsafe_reason("line one\nline two\twith tab", multiline=True) is None
        assert unsafe_reason("bad\u2028separator", multiline=True) is not None

    @given(st.text())
    def test_one_line_always_yields_a_safe_line(self, text: str) -> None:
        assert unsafe_reason(one_line(text)) is None

    @pytest.mark.parametrize("label", ["CR/LF", "NEL (U+0085)", "LINE SEPARATOR", "RLO override"])
    async def test_survey_names_are_checked_on_create_and_update(
        self, staff_client: Any, label: str
    ) -> None:
        client = await staff_client("cs")
        response = await client.post("/api/surveys", json={"name": BAD[label], "kind": "enps"})
        assert response.status_code == 422, response.text
        assert response.json()["field"] == "name"
        assert await Survey.count() == 0
        survey = await create_survey(client)
        update = await client.patch(f"/api/surveys/{survey['id']}", json={"name": BAD[label]})
        assert update.status_code == 422 and update.json()["field"] == "name"
        for field, value in (
            ("public_title", {"en": BAD[label]}),
            ("org_name", BAD[label]),
            ("sender_name", BAD[label]),
        ):
            update = await client.patch(f"/api/surveys/{survey['id']}", json={field: value})
            assert update.status_code == 422 and update.json()["field"].startswith(field)

    async def test_question_text_may_break_lines_but_not_override_direction(
        self, staff_client: Any
    ) -> None:
        client = await staff_client("cs")
        question = {"key": "q1", "type": "text", "text": {"en": "Two\nlines", "ja": "二行\n目"}}
        ok = await client.post(
            "/api/surveys", json={"name": "Q", "kind": "customer_nps", "questions": [question]}
        )
        assert ok.status_code == 201, ok.text
        question["text"] = {"en": "Rate \u202eus", "ja": "x"}
        bad = await client.post(
            "/api/surveys", json={"name": "Q", "kind": "customer_nps", "questions": [question]}
        )
        assert bad.status_code == 422 and bad.json()["field"] == "text.en"

    async def test_recipient_attributes_name_the_row(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        response = await add_people(
            client,
            survey["id"],
            [
                {"email": "ok@example.com", "attributes": {"store": "Kyoto"}},
                {"email": "a@example.com", "attributes": {"store": "Kyoto\u2028Bcc: x"}},
                {"email": "b@example.com", "name": "Bo\x85b"},
                {"email": "c@example.com", "attributes": {"team": "\u202eevil"}},
            ],
        )
        assert response.status_code == 422, response.text
        errors = response.json()["errors"]
        assert [(e["row"], e["column"]) for e in errors] == [(2, "store"), (3, "name"), (4, "team")]
        assert "U+2028" in errors[0]["reason"] and "U+202E" in errors[2]["reason"]
        csv = "email,name,store\nok@example.com,Ok,Kyoto\nx@example.com,X,Na\u2029ra\n"
        upload = await client.post(
            f"/api/surveys/{survey['id']}/recipients/csv",
            files={"data": ("people.csv", csv.encode(), "text/csv")},
        )
        assert upload.status_code == 422, upload.text
        assert [(e["row"], e["column"]) for e in upload.json()["errors"]] == [(3, "store")]

    async def test_workshops_participants_and_staff(self, staff_client: Any) -> None:
        client = await staff_client("admin")
        workshop = {"title": "Onboarding\r\nX", "kind": "customer", "held_on": "2026-12-01"}
        response = await client.post("/api/workshops", json=workshop)
        assert response.status_code == 422 and response.json()["field"] == "title"
        workshop["title"] = "Onboarding"
        created = await client.post("/api/workshops", json=workshop)
        assert created.status_code == 201, created.text
        csv = "email,name,team\na@example.com,A,Sales\nb@example.com,B\u2028B,Ops\n"
        upload = await client.post(
            f"/api/workshops/{created.json()['id']}/participants.csv",
            content=csv.encode(),
            headers={"content-type": "text/csv"},
        )
        assert upload.status_code == 422, upload.text
        problems = upload.json().get("errors") or upload.json().get("problems")
        assert any(p["row"] == 3 and p["column"] == "name" for p in problems), problems
        staff = await client.post(
            "/api/users",
            json={
                "email": "n@example.com",
                "name": "Mallory\u202e",
                "role": "cs",
                "password": "Quiet-Harbour-Lantern-58",
            },
        )
        assert staff.status_code == 422 and staff.json()["field"] == "name"
        token = await client.post("/api/auth/tokens", json={"name": "crm\r\nsync"})
        assert token.status_code == 422 and token.json()["field"] == "name"

    async def test_a_stored_name_with_line_breaks_cannot_break_sending(
        self, staff_client: Any
    ) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        await add_people(client, survey["id"], [{"email": "r@example.com", "name": "R"}])
        # A name stored before the rule existed.
        await Survey.update({Survey.name: "Autumn\r\nBcc: all@example.com\u2028"}).where(
            Survey.id == survey["id"]
        )
        send = await client.post(f"/api/surveys/{survey['id']}/send")
        assert send.status_code < 500, send.text


@pytest.fixture
async def alert_app(
    database_url: str, tmp_path: Path, smtp_server: SmtpServer, clock: FrozenClock
) -> Any:
    settings = make_settings(
        database_url,
        tmp_path,
        VOC_SMTP_HOST="127.0.0.1",
        VOC_SMTP_PORT=str(smtp_server.port),
        VOC_MAIL_FROM="alerts@voc.example",
    )
    app = create_app(settings, clock)
    bind_engine(make_engine(settings.database_url))
    return app


class TestJobsIsolateBadItems:
    async def test_one_bad_alert_does_not_block_the_others(
        self, alert_app: Any, smtp_server: SmtpServer
    ) -> None:
        survey = await make_survey()
        await add_response(survey, 2, "slow", {"store": "Kyoto", "owner_email": "a@example.com"})
        # Stored before the rule: a separator in the store (subject) and in the owner address.
        await add_response(
            survey, 3, "bad", {"store": "Nara\u2028X", "owner_email": "b@example.com"}
        )
        await add_response(survey, 1, "poison", {"owner_email": "c@exa\u2028mple.com"})
        await add_response(survey, 4, "late", {"store": "Osaka", "owner_email": "d@example.com"})
        await alert_app.state.ticker.tick()
        rows = {
            r["response_id"]: r
            for r in await DetractorAlert.select().order_by(DetractorAlert.response_id)
        }
        statuses = [r["status"] for r in rows.values()]
        assert statuses == ["done", "done", "pending", "done"], statuses
        poison = list(rows.values())[2]
        assert poison["attempts"] == 1 and "ValueError" in poison["last_error"]
        sent = sorted(m["To"] for m in smtp_server.sink.messages)
        assert sent == ["a@example.com", "b@example.com", "d@example.com"]
        subjects = [m["Subject"] for m in smtp_server.sink.messages]
        assert all("\u2028" not in s and "\n" not in s for s in subjects)
        for _ in range(ALERT_MAX_ATTEMPTS):
            await alert_app.state.ticker.tick()
        poison = await DetractorAlert.select().where(DetractorAlert.id == poison["id"]).first()
        assert poison["status"] == "failed" and poison["attempts"] == ALERT_MAX_ATTEMPTS
        assert len(smtp_server.sink.messages) == 3

    async def test_a_dead_instances_claim_is_taken_over_after_the_lease(
        self, alert_app: Any, smtp_server: SmtpServer, clock: FrozenClock
    ) -> None:
        survey = await make_survey()
        response = await add_response(survey, 2, "x", {"owner_email": "a@example.com"})
        now = clock.now()
        await DetractorAlert.insert(
            DetractorAlert(
                response_id=response,
                survey_id=survey,
                status="in_progress",
                claimed_by="dead-host:1",
                claimed_at=now - dt.timedelta(minutes=1),
            )
        )
        await alert_app.state.ticker.tick()
        assert not smtp_server.sink.messages  # still inside the lease
        clock.advance(seconds=ALERT_LEASE.total_seconds())
        await alert_app.state.ticker.tick()
        assert [m["To"] for m in smtp_server.sink.messages] == ["a@example.com"]
        row = await DetractorAlert.select(DetractorAlert.status).first()
        assert row is not None and row["status"] == "done"

    async def test_one_bad_outbox_message_does_not_block_the_batch(
        self, alert_app: Any, smtp_server: SmtpServer, clock: FrozenClock
    ) -> None:
        survey = await make_survey()
        now = clock.now()
        for i, body in enumerate(["ok one", "caf\u00e9 is not 7-bit", "ok two"]):
            await OutboxMessage.insert(
                OutboxMessage(
                    dedupe_key=f"t{i}",
                    survey=survey,
                    kind="alert",
                    to_address=f"p{i}@example.com",
                    subject="s",
                    body=f"Subject: s\r\nMessage-ID: <t{i}@voc>\r\n\r\n{body}\r\n",
                    message_id=f"<t{i}@voc>",
                    status="pending",
                    not_before=now,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        await alert_app.state.ticker.tick()
        rows = {
            r["dedupe_key"]: r
            for r in await OutboxMessage.select(
                OutboxMessage.dedupe_key, OutboxMessage.status, OutboxMessage.last_error
            )
        }
        assert rows["t0"]["status"] == "sent" and rows["t2"]["status"] == "sent", rows
        assert (
            rows["t1"]["status"] == "pending" and "UnicodeEncodeError" in rows["t1"]["last_error"]
        )
