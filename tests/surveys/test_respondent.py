"""Respondent pages: rendering in the recipient's language, answers, validation, unsubscribe."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.clock import FrozenClock
from surveys.tables import Contact, Invitation, OutboxMessage, Response
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
TOKEN_RE = re.compile(r"/r/([A-Za-z0-9_-]{20,64})")


async def links() -> dict[str, str]:
    """The personal token of each recipient, read from their queued invitation email."""
    rows = await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.body).where(
        OutboxMessage.kind == "invitation"
    )
    found: dict[str, str] = {}
    for row in rows:
        message = email.message_from_string(row["body"], policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        match = TOKEN_RE.search(text)
        assert match, text
        found[row["to_address"]] = match.group(1)
    return found


async def opt_out_links() -> dict[str, str]:
    """Each recipient's unsubscribe token, from their invitation's ``List-Unsubscribe``."""
    rows = await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.body).where(
        OutboxMessage.kind == "invitation"
    )
    found: dict[str, str] = {}
    for row in rows:
        message = email.message_from_string(row["body"], policy=email.policy.default)
        match = re.search(r"/u/([A-Za-z0-9_-]{20,64})>", str(message["List-Unsubscribe"]))
        assert match, message["List-Unsubscribe"]
        found[row["to_address"]] = match.group(1)
    return found


async def live_survey(client: Any, **fields: Any) -> tuple[dict[str, Any], dict[str, str]]:
    survey = await create_survey(client, **fields)
    response = await add_people(client, survey["id"], PEOPLE)
    assert response.status_code == 200, response.text
    assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    return survey, await links()


HTML = {"accept": "text/html"}


class TestSurveyPage:
    async def test_japanese_page_is_all_japanese_and_accessible(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        client.headers.pop("x-csrf-token", None)
        page = await client.get(f"/r/{tokens['aiko@example.jp']}", headers=HTML)
        assert page.status_code == 200
        html = page.text
        assert '<html lang="ja">' in html
        assert "回答を送信する" in html and "まったく薦めない" in html and "非常に薦めたい" in html
        # likelihood wording on the 0–10 scale, not agree/disagree
        assert "まったくそう思わない" not in html
        for english in ("Send my answers", "Not at all likely", "(required)", "Skip to content"):
            assert english not in html
        assert html.count("<fieldset") == 6 and html.count("<legend") == 6
        assert 'type="radio"' in html and "<script" not in html
        assert page.headers["cache-control"] == "no-store"

    async def test_english_page_labels_the_scale_ends(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        page = await client.get(f"/r/{tokens['ben@example.com']}?score=7", headers=HTML)
        assert "0 = Not at all likely" in page.text and "10 = Extremely likely" in page.text
        assert 'id="recommend-7" name="recommend" value="7" checked' in page.text

    async def test_a_score_from_the_email_asks_for_the_one_remaining_tap(
        self, staff_client: Any
    ) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        token = tokens["aiko@example.jp"]
        page = await client.get(f"/r/{token}?score=9", headers=HTML)
        assert "「9」を選びました。回答はまだ送信されていません。" in page.text
        assert "送信するまで回答は保存されません" in page.text
        assert '<button type="submit" form="answers" class="primary send">' in page.text
        assert 'style="--points: 11"' in page.text
        plain = await client.get(f"/r/{token}", headers=HTML)
        assert "を選びました" not in plain.text and "このボタンを押すまで" in plain.text
        assert await Response.count() == 0
        sent = await client.post(f"/r/{token}", data={"recommend": "9"}, headers=HTML)
        assert sent.status_code == 200 and await Response.count() == 1

    async def test_scanner_gets_of_every_score_link_store_nothing(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        for score in [*range(11), 11, -1, "abc"]:
            response = await client.get(f"/r/{tokens['ben@example.com']}?score={score}")
            assert response.status_code == 200
        await client.get(f"/u/{(await opt_out_links())['ben@example.com']}")
        assert await Response.count() == 0
        invitation = await Invitation.select().where(Invitation.language == "en").first()
        assert invitation is not None and invitation["answered_at"] is None
        assert await Contact.count().where(Contact.opted_out_at.is_not_null()) == 0

    async def test_forged_and_malformed_tokens_are_404(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await live_survey(client)
        forged = "A" * 32
        page = await client.get(f"/r/{forged}", headers={**HTML, "accept-language": "ja"})
        assert page.status_code == 404 and "リンクが見つかりません" in page.text
        posted = await client.post(f"/r/{forged}", data={"recommend": "9"})
        assert posted.status_code == 404
        assert (await client.get("/r/..%2F..%2Fetc")).status_code == 404
        assert (await client.post(f"/u/{forged}")).status_code == 404
        assert await Response.count() == 0

    async def test_closed_survey_is_410_and_stores_nothing(
        self, staff_client: Any, clock: FrozenClock
    ) -> None:
        client = await staff_client("cs")
        survey, tokens = await live_survey(client)
        await client.post(f"/api/surveys/{survey['id']}/close")
        token = tokens["aiko@example.jp"]
        page = await client.get(f"/r/{token}", headers=HTML)
        assert page.status_code == 410 and "終了しました" in page.text
        posted = await client.post(f"/r/{token}", data={"recommend": "9"})
        assert posted.status_code == 410
        assert (await client.post(f"/r/{token}", json={"answers": {"recommend": 9}})).json()[
            "status"
        ] == 410
        assert await Response.count() == 0

    async def test_closes_at_in_the_past_expires_links(
        self, staff_client: Any, clock: FrozenClock
    ) -> None:
        client = await staff_client("cs")
        closes = clock.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")
        _, tokens = await live_survey(client, closes_at=closes)
        clock.advance(seconds=1)
        assert (await client.get(f"/r/{tokens['ben@example.com']}")).status_code == 410


class TestAnswers:
    async def test_answer_revisit_and_edit_keep_one_row(
        self, staff_client: Any, clock: FrozenClock
    ) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        token = tokens["aiko@example.jp"]
        form = {"recommend": "9", "reason": "接客がとても丁寧でした", "driver_support": "5"}
        response = await client.post(f"/r/{token}", data=form, headers=HTML)
        assert response.status_code == 200 and "ご回答ありがとうございました" in response.text
        page = await client.get(f"/r/{token}", headers=HTML)
        assert 'value="9" checked' in page.text and "接客がとても丁寧でした" in page.text
        assert "回答を更新する" in page.text
        clock.advance(hours=2)
        await client.post(f"/r/{token}", data={"recommend": "6", "reason": "待ち時間が長い"})
        rows = await Response.select().output(load_json=True)
        assert len(rows) == 1
        row = rows[0]
        assert row["nps_score"] == 6 and row["comment"] == "待ち時間が長い"
        assert row["answers"] == {"recommend": 6, "reason": "待ち時間が長い"}
        assert row["attributes"] == {"store": "Kyoto"} and row["language"] == "ja"
        assert row["version"] == 1 and row["updated_at"] > row["submitted_at"]
        assert row["sentiment_label"] in {"negative", "neutral", "positive"}
        assert row["sentiment_version"]

    async def test_json_answers(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        response = await client.post(
            f"/r/{tokens['ben@example.com']}",
            json={"answers": {"recommend": 10, "reason": "Great support"}},
        )
        assert response.status_code == 200
        assert response.json()["status"] == "saved" and response.json()["nps_score"] == 10
        row = await Response.select(Response.sentiment_label).first()
        assert row is not None and row["sentiment_label"] == "positive"

    async def test_bad_answers_are_refused_with_the_field_named(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        token = tokens["ben@example.com"]
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"recommend": 11}, "recommend", "between 0 and 10"),
            ({"recommend": -1}, "recommend", "between 0 and 10"),
            ({"recommend": "abc"}, "recommend", "whole number"),
            ({"reason": "no score"}, "recommend", "required"),
            ({"recommend": 5, "reason": "x" * 6000}, "reason", "at most 5000"),
            ({"recommend": 5, "reason": "nul\x00byte"}, "reason", "NUL"),
            ({"recommend": 5, "hack": "1"}, "hack", "no such question"),
        ]
        for answers, field, words in cases:
            response = await client.post(f"/r/{token}", json={"answers": answers})
            assert response.status_code == 422, (answers, response.text)
            body = response.json()
            assert body["field"] == field and words in body["detail"], body
        assert await Response.count() == 0

    async def test_html_errors_keep_the_input_and_name_the_question(
        self, staff_client: Any
    ) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        token = tokens["aiko@example.jp"]
        response = await client.post(
            f"/r/{token}", data={"reason": "<b>理由</b>", "driver_price": "4"}, headers=HTML
        )
        assert response.status_code == 422
        html = response.text
        assert "回答内容をご確認ください" in html and 'href="#q-recommend"' in html
        assert "&lt;b&gt;理由&lt;/b&gt;" in html and "<b>理由</b>" not in html
        assert 'id="driver_price-4" name="driver_price" value="4" checked' in html
        long = await client.post(
            f"/r/{token}", data={"recommend": "3", "reason": "あ" * 6000}, headers=HTML
        )
        assert long.status_code == 422 and "5000文字以内" in long.text
        invalid = await client.post(
            f"/r/{token}",
            content=b"recommend=3&reason=%FF%FE",
            headers={**HTML, "content-type": "application/x-www-form-urlencoded"},
        )
        assert invalid.status_code == 422
        assert await Response.count() == 0

    async def test_two_concurrent_submissions_leave_one_answer(
        self, staff_client: Any, app: Litestar
    ) -> None:
        client = await staff_client("cs")
        _, tokens = await live_survey(client)
        token = tokens["ben@example.com"]
        results = await asyncio.gather(
            *[
                client.post(
                    f"/r/{token}", json={"answers": {"recommend": n % 11, "reason": f"try {n}"}}
                )
                for n in range(8)
            ]
        )
        assert [r.status_code for r in results] == [200] * 8
        assert await Response.count() == 1
        from surveys.services import RespondentService

        service = RespondentService(app.state.settings, app.state.clock)
        await asyncio.gather(*[service.submit(token, {"recommend": 4}) for _ in range(10)])
        assert await Response.count() == 1


class TestUnsubscribe:
    async def test_get_confirms_post_unsubscribes_twice_is_fine(
        self, client: AsyncTestClient[Litestar], staff_client: Any
    ) -> None:
        staff = await staff_client("cs")
        await live_survey(staff)
        token = (await opt_out_links())["aiko@example.jp"]
        page = await client.get(f"/u/{token}", headers=HTML)
        assert page.status_code == 200
        assert "配信を停止する" in page.text and 'method="post"' in page.text
        assert await Contact.count().where(Contact.opted_out_at.is_not_null()) == 0
        # RFC 8058: a mail client's one-click POST carries no cookie and no CSRF token.
        client.cookies.clear()
        client.headers.pop("x-csrf-token", None)
        for _ in range(2):
            done = await client.post(
                f"/u/{token}",
                content=b"List-Unsubscribe=One-Click",
                headers={"content-type": "application/x-www-form-urlencoded", **HTML},
            )
            assert done.status_code == 200 and "配信を停止しました" in done.text
        assert await Contact.count().where(Contact.opted_out_at.is_not_null()) == 1
        pending = await OutboxMessage.count().where(
            (OutboxMessage.to_address == "aiko@example.jp") & (OutboxMessage.status == "pending")
        )
        assert pending == 0
        again = await client.get(f"/u/{token}", headers=HTML)
        assert "配信を停止しました" in again.text


class TestOwnAttributeColumns:
    async def test_a_store_column_in_japanese_is_imported_answered_and_broken_down(
        self, staff_client: Any
    ) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        csv_text = "メールアドレス,言語,店舗\na@example.jp,ja,京都\nb@example.jp,ja,大阪\n"
        uploaded = await client.post(
            f"/api/surveys/{survey['id']}/recipients/csv",
            files={"data": ("people.csv", csv_text.encode("cp932"), "text/csv")},
        )
        assert uploaded.status_code == 200, uploaded.text
        assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
        tokens = await links()
        for address, score in (("a@example.jp", "10"), ("b@example.jp", "3")):
            posted = await client.post(
                f"/r/{tokens[address]}", json={"answers": {"recommend": score}}
            )
            assert posted.status_code == 200, posted.text
        breakdown = await client.get(
            f"/api/surveys/{survey['id']}/analytics/breakdown", params={"by": "店舗"}
        )
        assert breakdown.status_code == 200, breakdown.text
        groups = {g["group"]: g for g in breakdown.json()["segments"]}
        assert set(groups) == {"京都", "大阪"}
        page = await client.get(f"/surveys/{survey['id']}/results", headers=HTML)
        assert '<option value="店舗"' in page.text


async def test_an_unknown_link_answers_in_the_browsers_preferred_language(
    client: AsyncTestClient[Litestar],
) -> None:
    page = await client.get(
        "/r/" + "B" * 32, headers={**HTML, "accept-language": "fr-FR, ja;q=0.8, en;q=0.5"}
    )
    assert page.status_code == 404 and "リンクが見つかりません" in page.text
