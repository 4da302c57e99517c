"""Staff API: surveys, versions, roles, recipients (JSON and CSV), progress and export."""

from __future__ import annotations

import csv
import io
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.clock import FrozenClock
from surveys.services import RespondentService
from surveys.tables import Contact, Invitation, SurveyVersion
from tests.conftest import sign_in
from tests.surveys.conftest import add_people, create_survey

PEOPLE = [
    {
        "email": "aiko@example.jp",
        "name": "Aiko",
        "language": "ja",
        "attributes": {"store": "Kyoto"},
    },
    {"email": "ben@example.com", "name": "Ben", "language": "en", "attributes": {"store": "Osaka"}},
]


async def _upload(client: Any, survey_id: int, data: bytes, **params: Any) -> Any:
    return await client.post(
        f"/api/surveys/{survey_id}/recipients/csv",
        files={"data": ("people.csv", data, "text/csv")},
        params=params,
    )


class TestSurveys:
    async def test_create_list_get_edit_clone_close(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client, subject="Kyoto Coffee", drivers=["service", "price"])
        assert survey["status"] == "draft" and survey["audience"] == "customer"
        keys = [q["key"] for q in survey["questions"]]
        assert keys == ["recommend", "reason", "driver_service", "driver_price"]
        assert "Kyoto Coffee" in survey["questions"][0]["text"]["en"]

        listed = (await client.get("/api/surveys")).json()
        assert [s["id"] for s in listed] == [survey["id"]]
        edited = await client.patch(
            f"/api/surveys/{survey['id']}", json={"name": "Winter NPS", "reminder_count": 3}
        )
        assert edited.status_code == 200 and edited.json()["reminder_count"] == 3
        too_many = await client.patch(f"/api/surveys/{survey['id']}", json={"reminder_count": 4})
        assert too_many.status_code == 400 and too_many.json()["field"] == "reminder_count"

        clone = (await client.post(f"/api/surveys/{survey['id']}/clone")).json()
        assert clone["name"] == "Winter NPS (copy)" and clone["status"] == "draft"
        assert clone["questions"] == edited.json()["questions"]

        closed = await client.post(f"/api/surveys/{survey['id']}/close")
        assert closed.json()["status"] == "closed"
        again = await client.patch(f"/api/surveys/{survey['id']}", json={"name": "x"})
        assert again.status_code == 409

    async def test_editing_questions_of_a_live_survey_makes_a_new_version(
        self, staff_client: Any, app: Litestar
    ) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        await add_people(client, survey["id"], PEOPLE)
        await client.post(f"/api/surveys/{survey['id']}/send")
        questions = survey["questions"][:2]
        questions[1]["text"]["en"] = "Why that score?"
        response = await client.patch(f"/api/surveys/{survey['id']}", json={"questions": questions})
        assert response.status_code == 200
        assert response.json()["current_version"] == 2
        versions = await SurveyVersion.select(SurveyVersion.number).where(
            SurveyVersion.survey == survey["id"]
        )
        assert sorted(v["number"] for v in versions) == [1, 2]

    async def test_bad_questions_are_named(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        bad = {
            "name": "x",
            "kind": "customer_nps",
            "questions": [{"key": "Bad Key", "type": "nps", "text": {"en": "a", "ja": "b"}}],
        }
        response = await client.post("/api/surveys", json=bad)
        assert response.status_code == 422 and response.json()["field"] == "questions[0].key"
        missing_ja = {
            "name": "x",
            "kind": "customer_nps",
            "questions": [{"key": "q", "type": "nps", "text": {"en": "a", "ja": " "}}],
        }
        response = await client.post("/api/surveys", json=missing_ja)
        assert response.json()["field"] == "questions[0].text.ja"
        response = await client.post("/api/surveys", json={"name": "x", "kind": "quiz"})
        assert response.status_code == 400 and response.json()["field"] == "kind"


class TestRoles:
    async def test_enps_is_hr_and_admin_only(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "hr")
        enps = await create_survey(client, "enps", name="Engagement 2026")
        assert enps["audience"] == "employee"
        for role in ("cs", "manager"):
            await sign_in(client, role)
            assert (await client.get(f"/api/surveys/{enps['id']}")).status_code == 403
            assert (await client.get(f"/api/surveys/{enps['id']}/responses.csv")).status_code == 403
            assert (await client.get("/api/surveys")).json() == []
        await sign_in(client, "cs", "cs2@example.com")
        response = await client.post("/api/surveys", json={"name": "e", "kind": "enps"})
        assert response.status_code == 403
        await sign_in(client, "admin")
        assert (await client.get(f"/api/surveys/{enps['id']}")).status_code == 200

    async def test_manager_reads_but_cannot_change(self, client: AsyncTestClient[Litestar]) -> None:
        await sign_in(client, "cs")
        survey = await create_survey(client)
        await sign_in(client, "manager")
        assert (await client.get(f"/api/surveys/{survey['id']}")).status_code == 200
        assert (await client.get(f"/api/surveys/{survey['id']}/progress")).status_code == 200
        assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 403
        assert (
            await client.post("/api/surveys", json={"name": "x", "kind": "customer_nps"})
        ).status_code == 403
        await sign_in(client, "hr", "hr9@example.com")
        assert (await client.post(f"/api/surveys/{survey['id']}/close")).status_code == 403

    async def test_anonymous_is_401(self, client: AsyncTestClient[Litestar]) -> None:
        assert (await client.get("/api/surveys")).status_code == 401


class TestRecipients:
    async def test_json_recipients_with_every_bad_row_named(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        response = await add_people(
            client,
            survey["id"],
            [
                {"email": "ok@example.com"},
                {"email": "not an email"},
                {"email": "OK@example.com"},
                {"email": "x@example.com", "language": "de"},
                {"email": "y@example.com", "attributes": {"1st visit": "42"}},
            ],
        )
        assert response.status_code == 422
        body = response.json()
        assert body["field"] == "recipients"
        assert [(e["row"], e["column"]) for e in body["errors"]] == [
            (2, "email"),
            (3, "email"),
            (4, "language"),
            (5, "1st visit"),
        ]
        assert await Invitation.count() == 0

    async def test_csv_shift_jis_and_bom_accepted_binary_refused(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        sjis = "email,name,language,store\r\nyamada@example.jp,山田,ja,京都\r\n".encode("cp932")
        response = await _upload(client, survey["id"], sjis)
        assert response.status_code == 200, response.text
        assert response.json()["invited"] == 1
        bom = "\ufeffemail,name,tier\nsato@example.jp,佐藤,gold\n".encode()
        response = await _upload(client, survey["id"], bom)
        assert response.status_code == 200 and response.json()["invited"] == 1
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
        response = await _upload(client, survey["id"], png)
        assert response.status_code == 422
        assert "not a CSV" in response.json()["errors"][0]["reason"]
        rows = (
            await Invitation.select(Invitation.attributes, Invitation.language)
            .order_by(Invitation.id)
            .output(load_json=True)
        )
        assert rows == [
            {"attributes": {"store": "京都"}, "language": "ja"},
            {"attributes": {"tier": "gold"}, "language": "en"},
        ]

    async def test_csv_with_bad_rows_imports_nothing(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        data = b"email,name,region\na@example.com,A,west\nbad@,B,east\na@example.com,C,west\n"
        response = await _upload(client, survey["id"], data)
        assert response.status_code == 422
        assert [(e["row"], e["reason"]) for e in response.json()["errors"]] == [
            (3, "bad email"),
            (4, "duplicate of row 2"),
        ]
        assert await Invitation.count() == 0

    async def test_big_upload_is_allowed_past_one_megabyte(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        lines = ["email,name,account_id"] + [
            f"person{i}@example.com,Person number {i} {'x' * 60},ACC-{i:06d}" for i in range(14000)
        ]
        data = "\n".join(lines).encode()
        assert len(data) > 1_100_000
        response = await _upload(client, survey["id"], data)
        assert response.status_code == 200, response.text[:300]
        assert response.json()["invited"] == 14000

    async def test_opt_outs_and_contact_frequency_are_skipped_and_reported(
        self, staff_client: Any, app: Litestar, clock: FrozenClock
    ) -> None:
        client = await staff_client("cs")
        first = await create_survey(client, name="First")
        await add_people(client, first["id"], PEOPLE)
        await client.post(f"/api/surveys/{first['id']}/send")
        # Aiko opted out (through any survey's link; here directly).
        await Contact.update({Contact.opted_out_at: clock.now()}).where(
            Contact.email == "aiko@example.jp"
        )
        clock.advance(days=10)
        await sign_in(client, "cs", "cs-day10@example.com")  # sessions last 12 hours
        second = await create_survey(client, name="Second")
        people = [*PEOPLE, {"email": "new@example.com"}]
        report = (await add_people(client, second["id"], people)).json()
        assert report["invited"] == 1 and report["received"] == 3
        assert {(s["email"], s["reason"]) for s in report["skipped"]} == {
            ("aiko@example.jp", "opted_out"),
            ("ben@example.com", "contact_frequency"),
        }
        again = (await add_people(client, second["id"], people)).json()
        assert {s["reason"] for s in again["skipped"]} >= {"already_invited"}
        forced = (
            await add_people(client, second["id"], PEOPLE[1:], respect_contact_frequency=False)
        ).json()
        assert forced["invited"] == 1  # the caller may override the rule (training does)
        clock.advance(days=31)
        await sign_in(client, "cs", "cs-day41@example.com")
        third = await create_survey(client, name="Third")
        report = (await add_people(client, third["id"], PEOPLE)).json()
        assert report["invited"] == 1  # Ben, 31 days after his last invitation


class TestProgressAndExport:
    async def _answered_survey(
        self,
        client: Any,
        app: Litestar,
        clock: FrozenClock,
        kind: str,
        people: list[dict[str, Any]],
    ) -> dict[str, Any]:
        survey = await create_survey(client, kind)
        response = await add_people(client, survey["id"], people)
        assert response.status_code == 200, response.text
        await client.post(f"/api/surveys/{survey['id']}/send")
        respondents = RespondentService(app.state.settings, clock)
        # Tokens are only in the queued emails: answer through the service with fresh tokens.
        from surveys.tables import Invitation as Inv
        from surveys.tokens import new_token, token_hash

        rows = await Inv.select(Inv.id).where(Inv.survey == survey["id"]).order_by(Inv.id)
        for index, row in enumerate(rows):
            token = new_token()
            await Inv.update({Inv.token_hash: token_hash(token)}).where(Inv.id == row["id"])
            comment = ['=HYPERLINK("http://evil")', "Great staff", "遅い", "ok", "fine"][index % 5]
            await respondents.submit(token, {"recommend": str(index % 11), "reason": comment})
        return survey

    async def test_progress_and_customer_export(
        self, staff_client: Any, app: Litestar, clock: FrozenClock
    ) -> None:
        client = await staff_client("cs")
        survey = await self._answered_survey(client, app, clock, "customer_nps", PEOPLE)
        progress = (await client.get(f"/api/surveys/{survey['id']}/progress")).json()
        assert progress["invitations"] == 2 and progress["answered"] == 2
        assert progress["queued"] == 2 and progress["response_rate"] is None
        response = await client.get(f"/api/surveys/{survey['id']}/responses.csv")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
        assert [r["email"] for r in rows] == ["aiko@example.jp", "ben@example.com"]
        assert rows[0]["reason"] == '\'=HYPERLINK("http://evil")'
        assert rows[0]["store"] == "Kyoto" and rows[1]["nps_score"] == "1"

    async def test_enps_export_has_no_identity_and_hides_small_groups(
        self, staff_client: Any, app: Litestar, clock: FrozenClock
    ) -> None:
        client = await staff_client("hr")

        def people(n: int, sales: int) -> list[dict[str, Any]]:
            return [
                {
                    "email": f"e{n}-{i}@corp.example",
                    "name": f"Employee {i}",
                    "attributes": {"department": "Sales" if i < sales else "Legal"},
                }
                for i in range(n)
            ]

        # Answers with comments are released in batches of the comment floor (10): eight
        # answers are not yet released, so there is nothing to export.
        early = await self._answered_survey(client, app, clock, "enps", people(8, 6))
        response = await client.get(f"/api/surveys/{early['id']}/responses.csv")
        assert response.status_code == 409
        assert "released answers" in response.json()["detail"]

        survey = await self._answered_survey(client, app, clock, "enps", people(10, 8))
        response = await client.get(f"/api/surveys/{survey['id']}/responses.csv")
        assert response.status_code == 200
        text = response.text
        assert "@corp.example" not in text and "Employee" not in text
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(rows) == 10
        assert "email" not in rows[0] and "response_id" not in rows[0]
        assert "submitted_at" not in rows[0]
        # Legal (2) cannot be shown, and folding it into "(other)" would leave a class of 2:
        # the disclosure guard drops the column. Exact scores never appear, only the class.
        assert "department" not in rows[0] and "nps_score" not in rows[0]
        assert {r["score_class"] for r in rows} <= {"promoter", "passive", "detractor"}
        # Ten answers reach the comment floor: the comments come, spreadsheet formulas inert.
        assert "reason" in rows[0]
        assert all(not r["reason"].startswith("=") for r in rows)
