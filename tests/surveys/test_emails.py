"""Survey emails: who asks, what is asked, the scale, both parts, and the preview sends the same."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

from app.clock import FrozenClock
from app.settings import Settings, load_settings
from surveys.emails import compose, survey_mail
from surveys.questions import template_questions
from surveys.schemas import LocalText, PublicTitle, Question, RecipientIn, SurveyCreate
from surveys.services import OutboxService, SurveyService
from surveys.tables import OutboxMessage
from tests.conftest import TEST_SECRET
from tests.surveys.conftest import create_survey

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def mail_settings(tmp_path: Path, **env: str) -> Settings:
    return load_settings(
        {
            "VOC_VAR_DIR": str(tmp_path),
            "VOC_SECRET_KEY": TEST_SECRET,
            "VOC_BASE_URL": "https://voc.example",
            **env,
        }
    )


def parse(raw: str) -> tuple[EmailMessage, str, str]:
    message = email.message_from_string(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return message, text, html


def nps_mail(settings: Settings, language: str, **survey: str) -> tuple[EmailMessage, str, str]:
    mail = compose(
        kind="invitation",
        language=language,
        survey=survey_mail(
            name=survey.get("name", "2026年冬 顧客NPS調査（新規）"),
            public_title_en=survey.get("title_en", ""),
            public_title_ja=survey.get("title_ja", ""),
            org_name=survey.get("org_name", ""),
            sender_name=survey.get("sender_name", ""),
            questions=template_questions("customer_nps", "Kyoto Coffee"),
            settings=settings,
        ),
        to_email="a@example.jp",
        to_name="山田 太郎",
        base_url=settings.base_url,
        token="T" * 32,
        unsubscribe_token="U" * 32,
        now=NOW,
    )
    assert mail.raw.isascii()
    return parse(mail.raw)


class TestComposer:
    def test_japanese_email_names_organisation_title_question_and_likelihood_labels(
        self, tmp_path: Path
    ) -> None:
        settings = mail_settings(
            tmp_path, VOC_ORG_NAME="京都珈琲株式会社", VOC_MAIL_FROM="cx@kyoto-coffee.example"
        )
        message, text, html = nps_mail(
            settings, "ja", title_ja="京都珈琲ご利用に関する <アンケート>", title_en="Your visit"
        )
        assert message["From"].addresses[0].display_name == "京都珈琲株式会社"
        assert message["From"].addresses[0].addr_spec == "cx@kyoto-coffee.example"
        subject = str(message["Subject"])
        assert "京都珈琲ご利用に関する <アンケート>" in subject
        assert "新規" not in subject and "新規" not in text and "新規" not in html
        question = "Kyoto Coffeeを友人や同僚に薦める可能性はどのくらいありますか？"
        for part in (text, html):
            assert "京都珈琲株式会社" in part
            assert question in part
            assert "まったく薦めない" in part and "非常に薦めたい" in part
            assert "そう思う" not in part and "そう思わない" not in part
        # the question comes before the scale, in both parts
        assert html.index(question) < html.index("?score=0")
        assert text.index(question) < text.index("?score=0")
        assert "&lt;アンケート&gt;" in html  # escaped in HTML
        for n in range(11):
            link = f"https://voc.example/r/{'T' * 32}?score={n}"
            assert link in html and link in text
        assert message["List-Unsubscribe"] == f"<https://voc.example/u/{'U' * 32}>"
        # The answer token never reaches the unsubscribe link (mail systems act on it).
        assert f"/u/{'T' * 32}" not in text and f"/u/{'T' * 32}" not in html
        assert f"/u/{'U' * 32}" in text and f"/u/{'U' * 32}" in html
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Content-Language"] == "ja"
        assert "山田 太郎 様" in text and "配信停止" in text
        assert "Unsubscribe" not in text and "Hello" not in text

    def test_english_email_has_likelihood_labels_and_one_row_table_scale(
        self, tmp_path: Path
    ) -> None:
        settings = mail_settings(tmp_path, VOC_MAIL_FROM='"Kyoto Coffee Care" <cx@kc.example>')
        message, text, html = nps_mail(settings, "en", title_en="How was your visit?")
        assert str(message["From"]) == "Kyoto Coffee Care <cx@kc.example>"
        assert str(message["Subject"]).startswith("How was your visit?")
        assert "Not at all likely" in text and "Extremely likely" in html
        # one table row of eleven equal cells, no fixed minimum widths that overflow 320 px
        row = re.search(r'<table[^>]*class="scale".*?</table>', html, re.S)
        assert row is not None
        assert row.group(0).count("<tr>") == 1 and row.group(0).count("<td ") == 11
        assert "table-layout:fixed" in row.group(0) and "min-width" not in html

    def test_per_survey_organisation_and_sender_override_the_settings(self, tmp_path: Path) -> None:
        settings = mail_settings(
            tmp_path, VOC_ORG_NAME="Head Office", VOC_MAIL_FROM="Head <cx@example.com>"
        )
        message, text, _ = nps_mail(
            settings, "en", org_name="Kyoto Store", sender_name="Kyoto Store Team"
        )
        assert message["From"].addresses[0].display_name == "Kyoto Store Team"
        assert "Kyoto Store" in text and "Head Office" not in text

    def test_without_a_public_title_the_name_is_used_and_without_nps_no_scale(
        self, tmp_path: Path
    ) -> None:
        settings = mail_settings(tmp_path)
        rating = Question(
            key="csat", type="rating", text=LocalText(en="How satisfied?", ja="満足度は？")
        )
        mail = compose(
            kind="reminder",
            language="en",
            survey=survey_mail(
                name="Plain name",
                public_title_en="",
                public_title_ja="",
                org_name="",
                sender_name="",
                questions=[rating],
                settings=settings,
            ),
            to_email="a@example.com",
            to_name="",
            base_url=settings.base_url,
            token="T" * 32,
            unsubscribe_token="U" * 32,
            now=NOW,
        )
        message, text, html = parse(mail.raw)
        assert "Plain name" in str(message["Subject"])
        assert str(message["From"]) == "voc@localhost"
        assert "?score=" not in html and "?score=" not in text

    def test_legacy_agree_labels_stored_on_an_nps_question_are_replaced(
        self, tmp_path: Path
    ) -> None:
        from surveys.questions import end_labels

        legacy = Question(
            key="recommend",
            type="nps",
            text=LocalText(en="Recommend?", ja="薦めますか？"),
            labels={
                "min": LocalText(en="Not at all likely", ja="まったくそう思わない"),
                "max": LocalText(en="Extremely likely", ja="非常にそう思う"),
            },
        )
        labels = end_labels(legacy)
        assert labels is not None and labels["min"].ja == "まったく薦めない"


class TestSentAndPreviewed:
    async def test_the_queued_email_carries_title_organisation_and_question(
        self, settings: Settings, clock: FrozenClock, db: None
    ) -> None:
        service = SurveyService(settings, clock)
        survey = await service.create(
            SurveyCreate(
                name="Internal: winter wave (new)",
                kind="customer_nps",
                public_title=PublicTitle(en="Your visit", ja="ご来店アンケート"),
                org_name="Kyoto Coffee",
                subject="Kyoto Coffee",
            )
        )
        await service.add_recipients(
            survey.id, [RecipientIn(email="hanako@example.jp", name="花子", language="ja")]
        )
        await service.send(survey.id)
        row = await OutboxMessage.select().where(OutboxMessage.kind == "invitation").first()
        assert row is not None
        message, text, html = parse(row["body"])
        assert "ご来店アンケート" in str(message["Subject"])
        assert "Internal" not in row["body"] and "winter wave" not in text
        assert message["From"].addresses[0].display_name == "Kyoto Coffee"
        assert "薦める可能性" in html and "まったく薦めない" in text
        assert (await OutboxService(settings, clock).deliver_due()).sent >= 1

    async def test_preview_shows_what_is_sent(self, staff_client: object, db: None) -> None:
        client = await staff_client("cs")  # type: ignore[operator]
        survey = await create_survey(
            client,
            name="Internal (draft B)",
            public_title={"en": "Your visit", "ja": "ご来店アンケート"},
            org_name="Kyoto Coffee",
        )
        assert survey["public_title"] == {"en": "Your visit", "ja": "ご来店アンケート"}
        page = await client.get(f"/surveys/{survey['id']}/preview", headers={"accept": "text/html"})
        assert page.status_code == 200
        assert "ご来店アンケート" in page.text and "Your visit" in page.text
        assert '<span data-preview-from="ja">Kyoto Coffee &lt;voc@localhost&gt;</span>' in page.text
        frame = await client.get(f"/surveys/{survey['id']}/preview/ja")
        assert "Kyoto Coffee" in frame.text and "まったく薦めない" in frame.text
        people = [{"email": "hanako@example.jp", "name": "山田 花子", "language": "ja"}]
        await client.post(f"/api/surveys/{survey['id']}/recipients", json={"recipients": people})
        await client.post(f"/api/surveys/{survey['id']}/send", json={})
        row = await OutboxMessage.select().where(OutboxMessage.kind == "invitation").first()
        assert row is not None
        _, sent_text, _ = parse(row["body"])
        en_text, ja_text = re.findall(r'<pre class="mail-text">(.*?)</pre>', page.text, re.S)
        # Same text, except for the personal link.
        import html as html_lib

        shown = html_lib.unescape(ja_text)
        assert "Alex Example" in en_text
        token = re.search(r"/r/([A-Za-z0-9_-]+)\?score=0", sent_text)
        assert token is not None
        opt_out = re.search(r"/u/([A-Za-z0-9_-]+)", sent_text)
        assert opt_out is not None and opt_out.group(1) != token.group(1)
        sent_text = sent_text.replace(opt_out.group(1), "preview-unsubscribe")
        assert sent_text.replace(token.group(1), "preview-link").strip() == shown.strip()
