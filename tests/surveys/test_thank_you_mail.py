"""The thank-you email reads like the invitation did: the survey's public title and the
thank-you's description in the respondent's language, never the staff-side survey name or
the incentive's internal name (the demo's Japanese thank-you said 「Customer NPS — Autumn 2026
(demo)」 and "10% off your next order")."""

from __future__ import annotations

import email
import email.policy
import re
from typing import Any

from surveys.tables import OutboxMessage
from tests.surveys.conftest import add_people, create_survey

ANSWER = re.compile(r"/r/([A-Za-z0-9_-]{20,64})")


async def _bodies(kind: str) -> list[str]:
    rows = await OutboxMessage.select(OutboxMessage.body).where(OutboxMessage.kind == kind)
    return [r["body"] for r in rows]


def _read(raw: str) -> tuple[str, str, str]:
    message = email.message_from_string(raw, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return str(message["Subject"]), text, html


async def test_thank_you_names_the_public_title_and_description_in_japanese(
    staff_client: Any, client: Any
) -> None:
    staff = await staff_client("cs")
    survey = await create_survey(
        staff,
        name="CX wave 7 <internal>",
        holdout_share=0.0,
        org_name="京都珈琲株式会社",
        public_title={"en": "Your visit to Kyoto Coffee", "ja": "京都珈琲ご利用アンケート"},
    )
    created = await staff.post(
        f"/api/surveys/{survey['id']}/incentives",
        json={
            "kind": "gift_card",
            "name": "GC500 internal",
            "currency": "JPY",
            "budget": "5000",
            "unit_cost": "500",
            "description_ja": "500円分のギフトカード",
            "description_en": "a 500 yen gift card",
        },
    )
    assert created.status_code == 201, created.text
    people = [{"email": "aiko@example.jp", "name": "Aiko", "language": "ja"}]
    assert (await add_people(staff, survey["id"], people)).status_code == 200
    assert (await staff.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    found = ANSWER.search(_read((await _bodies("invitation"))[0])[1])
    assert found
    saved = await client.post(f"/r/{found.group(1)}", json={"answers": {"recommend": 9}})
    assert saved.status_code == 200 and saved.json()["incentive"]
    raw = (await _bodies("thank_you"))[0]
    subject, text, html = _read(raw)
    assert subject == "【京都珈琲ご利用アンケート】ご回答ありがとうございました"
    # finished like the invitation: greeting by name, the organisation as sender and in the
    # footer with the opt-out link, a phone viewport, the code in its own box
    message = email.message_from_string(raw, policy=email.policy.default)
    invitation = email.message_from_string(
        (await _bodies("invitation"))[0], policy=email.policy.default
    )
    assert message["From"] == invitation["From"]  # the survey's sender, not the bare address
    assert message["From"].addresses[0].display_name == "京都珈琲株式会社"
    assert text.startswith("京都珈琲株式会社") and "このアンケートは京都珈琲株式会社が" in text
    assert message["To"].addresses[0].display_name == "Aiko"
    assert text.count("Aiko 様") == 1 and "Aiko 様" in html
    assert "コード：" in text and "配信停止はこちら：" in text and "/u/" in text
    assert 'name="viewport"' in html and "data-code" in html and 'href="http' in html
    assert "「京都珈琲ご利用アンケート」へのご回答" in text
    assert "お礼として500円分のギフトカードをお贈りします" in text
    for leaked in ("CX wave 7", "GC500 internal", "gift card"):
        assert leaked not in subject + text + html, leaked
    assert text.count("500円分のギフトカード") == 1  # named once, not again on its own line


async def test_thank_you_page_calls_the_gift_by_its_japanese_description(
    staff_client: Any, client: Any
) -> None:
    """The page after answering said 「GC500 internalをお贈りします」 above the description: it
    names the gift as the invitation does, once, in the respondent's language."""
    staff = await staff_client("cs")
    survey = await create_survey(staff, name="CX wave 8", holdout_share=0.0)
    created = await staff.post(
        f"/api/surveys/{survey['id']}/incentives",
        json={
            "kind": "gift_card",
            "name": "GC500 internal",
            "currency": "JPY",
            "budget": "5000",
            "unit_cost": "500",
            "description_ja": "500円分のギフトカード",
        },
    )
    assert created.status_code == 201, created.text
    people = [{"email": "hana@example.jp", "name": "Hana", "language": "ja"}]
    assert (await add_people(staff, survey["id"], people)).status_code == 200
    assert (await staff.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    found = ANSWER.search(_read((await _bodies("invitation"))[0])[1])
    assert found
    page = await client.post(
        f"/r/{found.group(1)}", data={"recommend": "9"}, headers={"accept": "text/html"}
    )
    assert page.status_code == 200 and "ご回答ありがとうございました" in page.text
    assert "お礼として、500円分のギフトカードをお贈りします" in page.text
    assert "GC500 internal" not in page.text and page.text.count("500円分のギフトカード") == 1
    # The code sits in its own box under a label, as in the mail: 「コード： VOC-…」 had a
    # full-width colon followed by a space, which a reader copied with the code.
    label, box = re.search(
        r'<p class="code-label"[^>]*>([^<]*)</p>\s*<p class="code"[^>]*><strong>([^<]*)</strong>',
        page.text,
    ).groups()  # type: ignore[union-attr]
    assert label == "コード" and box.strip() == box and len(box) >= 6, (label, box)
