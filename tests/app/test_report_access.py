"""Report jobs: a background report is reachable only by who asked, with a role that may read it.

Attack 6 of issue 12: a key started by hr for an eNPS report downloaded as cs or manager, and
the key was in the access log. Here the 202 answer carries a signed ticket bound to the
requester and the subject's audience; status and download re-check it on every call.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest
from litestar import Litestar

from app.auth.services import AuthService
from app.clock import FrozenClock, SystemClock
from app.logs import configure_logging
from app.reports import http as report_http
from tests.analytics.factories import add_response, make_survey
from tests.conftest import create_staff

ROLES = ("admin", "hr", "cs", "manager")


@pytest.fixture
async def people(client: Any) -> dict[str, Any]:
    """Staff per role (and a second hr lead), each with an API token header."""
    auth = AuthService(SystemClock())
    people = {}
    for role, email in (*((r, None) for r in ROLES), ("hr", "hr2@example.com")):
        user = await create_staff(role, email)
        token = await auth.create_api_token(user.id, "report test")
        people[email or role] = {
            "id": user.id,
            "headers": {"Authorization": f"Bearer {token.token}"},
        }
    return people


@pytest.fixture
def slow_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report goes through a background job (no inline answer)."""
    monkeypatch.setattr(report_http, "INLINE_SECONDS", 0.0)


async def _enps_survey() -> int:
    survey = await make_survey("enps")
    for i in range(12):
        await add_response(survey, 10 - i % 11, "", {"department": "Sales"})
    return survey


async def _customer_survey() -> int:
    survey = await make_survey()
    for i in range(8):
        await add_response(survey, i + 2, "", {"store": "Kyoto"})
    return survey


async def _start(client: Any, url: str, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(url, headers=headers)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    return job


async def _finish(client: Any, job: dict[str, Any], headers: dict[str, str]) -> bytes:
    for _ in range(600):
        polled = await client.get(job["poll"], headers=headers)
        assert polled.status_code == 200, polled.text
        if polled.json()["state"] in ("done", "failed"):
            break
        await asyncio.sleep(0.1)
    assert polled.json()["state"] == "done", polled.text
    response = await client.get(job["download"], headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return bytes(response.content)


def _payload(ticket: str) -> list[Any]:
    part = ticket.split(".")[0]
    decoded: list[Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def _ticket_key(ticket: str) -> str:
    key: str = _payload(ticket)[0]
    return key


async def test_enps_job_started_by_hr_is_invisible_to_cs_and_manager(
    client: Any, people: dict[str, Any], slow_reports: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = await _enps_survey()
    hr = people["hr"]["headers"]
    job = await _start(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=en", hr)
    key = _ticket_key(job["key"])
    assert key not in job["poll"] and key not in job["download"]
    pdf = await _finish(client, job, hr)
    assert pdf.startswith(b"%PDF")
    for role in ("cs", "manager"):
        headers = people[role]["headers"]
        assert (await client.get(job["poll"], headers=headers)).status_code == 404, role
        denied = await client.get(job["download"], headers=headers)
        assert denied.status_code == 404, role
        assert b"%PDF" not in denied.content
        # Nor does the bare cache key (what used to be the job id) open it.
        bare = await client.get(f"/api/reports/{key}/report.pdf", headers=headers)
        assert bare.status_code == 404
        assert (await client.get(f"/api/reports/jobs/{key}", headers=headers)).status_code == 404
    # Another hr lead did not ask for it: their own request gets their own ticket.
    other = people["hr2@example.com"]["headers"]
    assert (await client.get(job["download"], headers=other)).status_code == 404
    # The data is gathered again (it may have changed), then the cached PDF is served inline.
    monkeypatch.setattr(report_http, "INLINE_SECONDS", 5.0)
    mine = await client.get(f"/api/surveys/{survey}/analytics/report.pdf?lang=en", headers=other)
    assert mine.status_code == 200 and mine.content == pdf
    # admin may read everything.
    assert (
        await client.get(job["download"], headers=people["admin"]["headers"])
    ).status_code == 200


async def test_customer_job_works_for_its_reader_and_not_for_hr(
    client: Any, people: dict[str, Any], slow_reports: None
) -> None:
    survey = await _customer_survey()
    manager = people["manager"]["headers"]
    job = await _start(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=ja", manager)
    assert (await _finish(client, job, manager)).startswith(b"%PDF")
    # The download carries the report's own file name, not the key.
    response = await client.get(job["download"], headers=manager)
    assert "survey-customer_nps-survey" in response.headers["content-disposition"]
    for reader in ("hr", "cs"):
        refused = await client.get(job["download"], headers=people[reader]["headers"])
        assert refused.status_code == 404, reader


async def test_status_and_download_recheck_the_role_on_every_call(
    client: Any, people: dict[str, Any], slow_reports: None
) -> None:
    survey = await _enps_survey()
    hr = people["hr"]
    job = await _start(client, f"/api/surveys/{survey}/analytics/report.pdf", hr["headers"])
    await _finish(client, job, hr["headers"])
    await AuthService(SystemClock()).set_role(hr["id"], "cs")
    for url in (job["poll"], job["download"]):
        response = await client.get(url, headers=hr["headers"])
        assert response.status_code == 403, url
    await AuthService(SystemClock()).set_role(hr["id"], "hr")
    assert (await client.get(job["download"], headers=hr["headers"])).status_code == 200


async def test_forged_and_expired_tickets_are_refused(
    client: Any, people: dict[str, Any], slow_reports: None, clock: FrozenClock
) -> None:
    survey = await _enps_survey()
    hr = people["hr"]["headers"]
    job = await _start(client, f"/api/surveys/{survey}/analytics/report.pdf", hr)
    await _finish(client, job, hr)
    # cs rewrites the ticket to name themselves and drop the audience: the signature breaks.
    fields = _payload(job["key"])
    fields[3], fields[4] = None, people["cs"]["id"]
    forged = base64.urlsafe_b64encode(json.dumps(fields).encode()).rstrip(b"=").decode()
    forged += "." + job["key"].split(".")[1]
    cs = people["cs"]["headers"]
    assert (await client.get(f"/api/reports/{forged}/report.pdf", headers=cs)).status_code == 404
    # Not signed in at all.
    assert (await client.get(job["download"])).status_code == 401
    clock.advance(hours=25)
    expired = await client.get(job["download"], headers=hr)
    assert expired.status_code == 404 and "expired" in expired.text


async def test_tickets_never_reach_the_access_log(
    app: Litestar,
    client: Any,
    people: dict[str, Any],
    slow_reports: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging()
    survey = await _enps_survey()
    hr = people["hr"]["headers"]
    job = await _start(client, f"/api/surveys/{survey}/analytics/report.pdf", hr)
    await _finish(client, job, hr)
    await client.get(f"/api/reports/{_ticket_key(job['key'])}/report.pdf", headers=hr)
    logs = capsys.readouterr().err
    assert '"path": "/api/reports/jobs/<ticket>"' in logs
    assert '"path": "/api/reports/<ticket>/report.pdf"' in logs
    ticket = job["key"]
    for secret in (ticket, ticket.split(".")[0][:24], ticket.split(".")[1], _ticket_key(ticket)):
        assert secret not in logs
