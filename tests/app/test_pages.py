"""Server-rendered staff pages over HTTP: role-based navigation, 403s, escaping, forms."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import PASSWORD, create_staff, csrf_cookie

HTML = {"accept": "text/html"}
Client = AsyncTestClient[Litestar]


async def web_sign_in(client: Client, role: str, language: str = "en") -> Any:
    """Sign in through the web form, as a browser does."""
    user = await create_staff(role, f"{role}-web@example.com", language)
    await client.get("/sign-in", headers=HTML)
    csrf = csrf_cookie(client)
    response = await client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "_csrf": csrf, "next": "/"},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return user


def csrf_of(client: Client) -> str:
    return csrf_cookie(client)


async def post_form(client: Client, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    kwargs.setdefault("follow_redirects", False)
    return await client.post(url, data={**data, "_csrf": csrf_of(client)}, headers=HTML, **kwargs)


def survey_form(name: str, kind: str) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "window_start_hour": "0",
        "window_end_hour": "24",
        "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
        "timezone": "Asia/Tokyo",
        "reminder_count": "0",
        "reminder_interval_days": "3",
        "holdout_percent": "10",
    }


async def create_survey(client: Client, name: str = "Q4 NPS", kind: str = "customer_nps") -> int:
    response = await post_form(client, "/surveys/new", survey_form(name, kind))
    assert response.status_code == 303, response.text
    match = re.match(r"/surveys/(\d+)$", response.headers["location"])
    assert match, response.headers["location"]
    return int(match.group(1))


async def test_cs_creates_a_survey_and_sees_its_pages(client: Client) -> None:
    await web_sign_in(client, "cs")
    home = await client.get("/", headers=HTML)
    assert home.status_code == 200
    survey_id = await create_survey(client)
    for suffix in ("", "/questions", "/recipients", "/preview", "/results"):
        page = await client.get(f"/surveys/{survey_id}{suffix}", headers=HTML)
        assert page.status_code == 200, (suffix, page.text[:2000])
        assert "Q4 NPS" in page.text


def nav_links(html: str) -> set[str]:
    nav = html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', nav))


async def test_navigation_follows_roles(client: Client) -> None:
    expected = {
        "admin": {"/surveys", "/workshops", "/accounts", "/users", "/account"},
        "cs": {"/surveys", "/workshops", "/accounts", "/account"},
        "hr": {"/surveys", "/workshops", "/accounts", "/account"},
        "manager": {"/surveys", "/workshops", "/account"},
    }
    for role, links in expected.items():
        client.cookies.clear()
        await web_sign_in(client, role)
        home = await client.get("/", headers=HTML)
        assert home.status_code == 200
        assert nav_links(home.text) == links, role
        assert ("/surveys/new" in home.text) == (role != "manager")


async def test_manager_gets_403_on_setup_pages_but_reads(client: Client) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    client.cookies.clear()
    await web_sign_in(client, "manager")
    for url in (
        "/surveys/new",
        f"/surveys/{survey_id}/questions",
        f"/surveys/{survey_id}/recipients",
        f"/surveys/{survey_id}/preview",
        "/workshops/new",
        "/accounts",
        "/users",
    ):
        response = await client.get(url, headers=HTML)
        assert response.status_code == 403, url
        assert "text/html" in response.headers["content-type"], url
    refused = await post_form(client, f"/surveys/{survey_id}/send", {"when": "now"})
    assert refused.status_code == 403
    for url in ("/surveys", f"/surveys/{survey_id}", f"/surveys/{survey_id}/results", "/workshops"):
        response = await client.get(url, headers=HTML)
        assert response.status_code == 200, url
    detail = await client.get(f"/surveys/{survey_id}", headers=HTML)
    assert 'action="/surveys/' not in detail.text  # no send or close form for a reader


async def test_cs_never_sees_enps_and_hr_does(client: Client) -> None:
    await web_sign_in(client, "hr")
    enps_id = await create_survey(client, "Engagement 2026", "enps")
    page = await client.get(f"/surveys/{enps_id}/results", headers=HTML)
    assert page.status_code == 200
    assert "eNPS" in page.text and "ENPS" not in page.text
    client.cookies.clear()
    await web_sign_in(client, "cs")
    listing = await client.get("/surveys", headers=HTML)
    assert "Engagement 2026" not in listing.text
    new_form = await client.get("/surveys/new", headers=HTML)
    assert 'value="enps"' not in new_form.text
    for suffix in ("", "/results", "/recipients"):
        response = await client.get(f"/surveys/{enps_id}{suffix}", headers=HTML)
        assert response.status_code == 403, suffix
    forged = await post_form(client, "/surveys/new", survey_form("sneaky", "enps"))
    assert forged.status_code == 422
    assert "may not" in forged.text


async def test_survey_form_keeps_typed_values_on_error(client: Client) -> None:
    await web_sign_in(client, "cs")
    response = await post_form(
        client,
        "/surveys/new",
        {
            "name": "Kept <name> & more",
            "kind": "customer_nps",
            "subject": "ACME 株式会社",
            "window_start_hour": "17",
            "window_end_hour": "9",
            "weekdays": ["1", "3"],
            "timezone": "Asia/Tokyo",
            "reminder_count": "1",
            "reminder_interval_days": "4",
            "holdout_percent": "20",
        },
    )
    assert response.status_code == 422
    text = response.text
    assert 'value="Kept &lt;name&gt; &amp; more"' in text
    assert 'value="ACME 株式会社"' in text
    assert 'value="17"' in text and 'value="20"' in text
    assert re.search(r'name="weekdays" value="1"\s+checked', text)
    assert not re.search(r'name="weekdays" value="0"\s+checked', text)
    assert "window_end_hour" in text and "aria-invalid" in text


async def test_recipients_csv_names_bad_rows_and_keeps_the_text(client: Client) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    csv = "email,name,language\nok@example.com,Ok,en\nnot-an-email,Bad,ja\n"
    response = await client.post(
        f"/surveys/{survey_id}/recipients",
        data={"_csrf": csrf_of(client), "respect_contact_frequency": "on"},
        files={"file": ("people.csv", csv.encode(), "text/csv")},
        headers=HTML,
    )
    assert response.status_code == 422
    table = response.text.split('id="row-errors"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td[^>]*>3</td>", table) and "bad email" in table and "not-an-email" in table
    assert "ok@example.com" in response.text.split('name="csv_text"', 1)[1]
    fixed = csv.replace("not-an-email", "fixed@example.com")
    response = await post_form(
        client, f"/surveys/{survey_id}/recipients", {"csv_text": fixed}, files={}
    )
    assert response.status_code == 200, response.text
    assert "2 received, 2 invited" in response.text


async def test_questions_edit_makes_a_new_version_when_live(client: Client) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    await post_form(
        client, f"/surveys/{survey_id}/recipients", {"csv_text": "email\na@example.com\n"}
    )
    sent = await post_form(client, f"/surveys/{survey_id}/send", {"when": "now", "confirm": "yes"})
    assert sent.status_code == 303
    page = await client.get(f"/surveys/{survey_id}/questions", headers=HTML)
    assert "creates version 2" in page.text
    bad = await post_form(
        client, f"/surveys/{survey_id}/questions", {"new-en": "Anything else?", "new-ja": ""}
    )
    assert bad.status_code == 422
    assert "Anything else?" in bad.text
    good = await post_form(
        client,
        f"/surveys/{survey_id}/questions",
        {"q-0-en": "How likely?", "q-0-ja": "どのくらい？", "q-0-required": "on",
         "new-en": "Anything else?", "new-ja": "ほかに何か？", "new-type": "text"},
    )  # fmt: skip
    assert good.status_code == 303
    page = await client.get(f"/surveys/{survey_id}", headers=HTML)
    assert "version 2" in page.text and "Anything else?" in page.text


async def test_send_without_recipients_is_refused_in_the_page_language(client: Client) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    response = await client.post(
        f"/surveys/{survey_id}/send?lang=ja",
        data={"_csrf": csrf_of(client), "when": "now"},
        headers=HTML,
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "配信先を追加してください" in response.text


async def test_email_preview_in_both_languages(client: Client) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client, "Preview <b>NPS</b>")
    page = await client.get(f"/surveys/{survey_id}/preview", headers=HTML)
    assert "Preview &lt;b&gt;NPS&lt;/b&gt;: a one-minute question" in page.text
    assert "【Preview &lt;b&gt;NPS&lt;/b&gt;】" in page.text
    frame = await client.get(f"/surveys/{survey_id}/preview/ja", headers=HTML)
    assert frame.status_code == 200
    assert frame.headers["x-frame-options"] == "SAMEORIGIN"
    assert "<b>NPS</b>" not in frame.text


async def test_free_text_is_escaped_on_the_results_page(client: Client, db: None) -> None:
    from tests.analytics.factories import add_response

    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    await add_response(
        survey_id,
        3,
        "<script>alert(1)</script> the support was slow",
        attributes={"team": "<img src=x onerror=alert(2)>"},
        sentiment=(-0.5, "negative"),
    )
    await add_response(survey_id, 10, "Great onboarding, thanks!", sentiment=(0.8, "positive"))
    page = await client.get(f"/surveys/{survey_id}/results?by=team", headers=HTML)
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; the support was slow" in page.text
    assert "<img src=x" not in page.text
    assert "<strong data-n>2</strong>" in page.text
    negative = await client.get(f"/surveys/{survey_id}/results?sentiment=negative", headers=HTML)
    comments = negative.text.split('id="comments"', 1)[1].split("</section>", 1)[0]
    assert "support was slow" in comments and "Great onboarding" not in comments


async def test_enps_segments_show_suppression(client: Client, db: None) -> None:
    from tests.analytics.factories import add_response

    await web_sign_in(client, "hr")
    survey_id = await create_survey(client, "Pulse", "enps")
    for i in range(12):
        await add_response(survey_id, 9 if i % 2 else 5, attributes={"department": "Sales"})
    for _ in range(8):
        await add_response(survey_id, 7, attributes={"department": "Support"})
    for _ in range(2):
        await add_response(survey_id, 2, attributes={"department": "Legal"})
    page = await client.get(f"/surveys/{survey_id}/results?by=department", headers=HTML)
    assert page.status_code == 200
    segments = page.text.split('id="segments"', 1)[1].split("</section>", 1)[0]
    assert "Sales" in segments
    assert "Legal" not in segments
    # one row says how many groups are hidden and why, once
    assert segments.count("fewer than 5 answers") == 1 and "hidden: fewer than 5" not in segments


async def test_workshop_create_keeps_values_and_participants_upload(client: Client) -> None:
    await web_sign_in(client, "cs")
    form = {
        "title": "Onboarding <excellence>",
        "kind": "internal",
        "held_on": "2026-11-20",
        "currency": "JPY",
        "cost_facilitator": "300000",
        "cost_venue_catering": "-5",
        "checkpoints": "0, 7, 30, 90, 180",
    }
    bad = await post_form(client, "/workshops/new", form)
    assert bad.status_code == 422
    assert 'value="Onboarding &lt;excellence&gt;"' in bad.text
    assert 'value="300000"' in bad.text
    assert 'id="f-cost_venue_catering-error"' in bad.text
    created = await post_form(client, "/workshops/new", {**form, "cost_venue_catering": "50000"})
    assert created.status_code == 303, created.text
    # dated in the past (day 0 is due): the user lands on the participants upload
    url, fragment = created.headers["location"].split("#")
    assert fragment == "participants"
    page = await client.get(url, headers=HTML)
    assert page.status_code == 200
    assert "350,000 JPY" in page.text
    plan = page.text.split('id="cp-h"', 1)[1].split("</section>", 1)[0]
    assert plan.count('class="badge status-pending"') == 5
    csv = "email,name,team,attendance\na@example.com,A,Sales,attended\nbroken,B,Sales,maybe\n"
    rejected = await post_form(client, f"{url}/participants", {"csv_text": csv})
    assert rejected.status_code == 422
    table = rejected.text.split('id="row-errors"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td[^>]*>3</td>", table)
    assert "broken,B,Sales,maybe" in rejected.text
    fixed = csv.replace("broken", "b@example.com").replace("maybe", "attended")
    ok = await post_form(client, f"{url}/participants", {"csv_text": fixed})
    assert ok.status_code == 200, ok.text
    assert "2 new" in ok.text


async def test_accounts_import_names_bad_rows(client: Client) -> None:
    await web_sign_in(client, "cs")
    csv = (
        "external_id,name,tier,mrr,currency\n"
        "A-1,Acme,enterprise,500000,JPY\n"
        "A-2,Beta,smb,lots,JPY\n"
    )
    rejected = await post_form(client, "/accounts/import", {"csv_text": csv})
    assert rejected.status_code == 422
    table = rejected.text.split('id="row-errors"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td[^>]*>3</td>", table) and "mrr" in table
    ok = await post_form(client, "/accounts/import", {"csv_text": csv.replace("lots", "9000")})
    assert ok.status_code == 200
    assert "Imported 2 rows" in ok.text and "Acme" in ok.text


async def test_admin_manages_users_and_roles(client: Client) -> None:
    await web_sign_in(client, "admin")
    bad = await post_form(
        client,
        "/users",
        {"email": "new@example.com", "name": "New <Person>", "role": "cs", "password": "short"},
    )
    assert bad.status_code == 422
    assert 'value="New &lt;Person&gt;"' in bad.text and "at least 12" in bad.text
    ok = await post_form(
        client,
        "/users",
        {"email": "new@example.com", "name": "New", "role": "cs", "password": "long enough pw"},
    )
    assert ok.status_code == 303
    page = await client.get("/users", headers=HTML)
    user_id = re.search(r'action="/users/(\d+)/role"[^<]*<input[^>]*>\s*<label for="role-\d+"'
                        r' class="visually-hidden">[^<]*new@example.com', page.text)  # fmt: skip
    assert user_id, page.text
    changed = await post_form(client, f"/users/{user_id.group(1)}/role", {"role": "manager"})
    assert changed.status_code == 303
    page = await client.get(changed.headers["location"], headers=HTML)
    assert "Role changed." in page.text


async def test_language_override_is_remembered(client: Client) -> None:
    await web_sign_in(client, "cs")
    page = await client.get("/surveys?lang=ja", headers=HTML)
    assert '<html lang="ja">' in page.text and "アンケートを作成" in page.text
    again = await client.get("/workshops", headers=HTML)
    assert '<html lang="ja">' in again.text
    back = await client.get("/workshops?lang=en", headers=HTML)
    assert '<html lang="en">' in back.text


async def test_signed_out_browser_is_sent_to_sign_in(client: Client) -> None:
    response = await client.get("/surveys", headers=HTML, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=/surveys")


async def test_manager_sees_report_links(client: Client) -> None:
    await web_sign_in(client, "cs")
    created = await post_form(
        client,
        "/workshops/new",
        {"title": "Renewals 101", "kind": "internal", "held_on": "2026-11-20",
         "currency": "EUR", "cost_facilitator": "1200.50", "checkpoints": "0, 30"},
    )  # fmt: skip
    assert created.status_code == 303
    client.cookies.clear()
    await web_sign_in(client, "manager")
    listing = await client.get("/workshops", headers=HTML)
    assert "/workshops/new" not in listing.text
    assert 'href="/api/workshops/report.pdf?lang=en"' in listing.text
    detail = await client.get(created.headers["location"], headers=HTML)
    assert re.search(r'href="/api/workshops/\d+/report.pdf\?lang=en"', detail.text)
    assert "1,200.50 EUR" in detail.text
    assert 'action="/workshops/' not in detail.text  # no upload form for a reader


async def test_incentive_budget_and_cost_show_on_the_survey_pages(client: Client) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    page = await client.get(f"/surveys/{survey_id}", headers=HTML)
    assert 'data-incentives="none"' in page.text
    created = await client.post(
        f"/api/surveys/{survey_id}/incentives",
        json={"kind": "gift_card", "name": "Coffee card", "currency": "JPY",
              "budget": "50000", "unit_cost": "500"},
        headers={"x-csrf-token": csrf_of(client)},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    for url in (f"/surveys/{survey_id}", f"/surveys/{survey_id}/results"):
        page = await client.get(url, headers=HTML)
        section = page.text.split('id="incentives"', 1)[1].split("</section>", 1)[0]
        assert "Coffee card" in section and "<meter" in section and "50,000 JPY" in section


async def test_times_are_shown_in_the_organisation_zone_with_the_zone_named(
    client: Client,
) -> None:
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client, "Zoned")
    page = await client.get(f"/surveys/{survey_id}", headers=HTML)
    # the test clock is 2026-11-24 01:00 UTC: 10:00 in Tokyo (VOC_TIMEZONE)
    assert "2026-11-24 10:00 JST" in page.text and " UTC<" not in page.text
    japanese = await client.get(f"/surveys/{survey_id}?lang=ja", headers=HTML)
    assert "2026/11/24 10:00 JST" in japanese.text and "2026-11-24" not in japanese.text
    # a required question reads 「…の推奨度、必須」: a Japanese comma, not ", "
    assert "、必須" in japanese.text and ", 必須" not in japanese.text


async def test_send_and_close_ask_first_and_a_closed_survey_reopens(client: Client) -> None:
    """Issue 18 (6): no one-click irreversible action; closing can be undone."""
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    await post_form(
        client,
        f"/surveys/{survey_id}/recipients",
        {"csv_text": "email\na@example.com\nb@example.com\nc@example.com\n"},
    )
    asked = await post_form(client, f"/surveys/{survey_id}/send", {"when": "now"})
    assert asked.status_code == 200 and 'data-confirm="send"' in asked.text
    assert "Yes, send to 3 people" in asked.text
    api = (await client.get(f"/api/surveys/{survey_id}")).json()
    assert api["status"] == "draft"
    progress = (await client.get(f"/api/surveys/{survey_id}/progress")).json()
    assert progress["queued"] == 0 and progress["not_queued"] == 3
    sent = await post_form(client, f"/surveys/{survey_id}/send", {"when": "now", "confirm": "yes"})
    assert sent.status_code == 303
    assert (await client.get(f"/api/surveys/{survey_id}")).json()["status"] == "live"

    asked = await post_form(client, f"/surveys/{survey_id}/close", {})
    assert asked.status_code == 200 and 'data-confirm="close"' in asked.text
    assert (await client.get(f"/api/surveys/{survey_id}")).json()["status"] == "live"
    closed = await post_form(client, f"/surveys/{survey_id}/close", {"confirm": "yes"})
    assert closed.status_code == 303
    assert (await client.get(f"/api/surveys/{survey_id}")).json()["status"] == "closed"
    page = await client.get(f"/surveys/{survey_id}", headers=HTML)
    assert f'action="/surveys/{survey_id}/reopen"' in page.text
    reopened = await post_form(client, f"/surveys/{survey_id}/reopen", {})
    assert reopened.status_code == 303
    assert (await client.get(f"/api/surveys/{survey_id}")).json()["status"] == "live"
    again = await client.post(
        f"/api/surveys/{survey_id}/reopen", headers={"x-csrf-token": csrf_of(client)}
    )
    assert again.status_code == 409


async def test_incentive_is_set_up_in_the_page(client: Client) -> None:
    """Issue 18 (5): the survey page's invitation to set up an incentive leads to a form."""
    await web_sign_in(client, "cs")
    survey_id = await create_survey(client)
    detail = await client.get(f"/surveys/{survey_id}", headers=HTML)
    assert f'href="/surveys/{survey_id}/incentives/new"' in detail.text
    form = await client.get(f"/surveys/{survey_id}/incentives/new", headers=HTML)
    assert form.status_code == 200 and 'name="budget"' in form.text
    fields = {"kind": "gift_card", "name": "500 yen card", "currency": "XYZ", "budget": "50000",
              "unit_cost": "500", "code_source": "generated"}  # fmt: skip
    bad = await post_form(client, f"/surveys/{survey_id}/incentives/new", fields)
    assert bad.status_code == 422 and "ISO 4217" in bad.text and 'value="500 yen card"' in bad.text
    too_dear = {**fields, "currency": "JPY", "unit_cost": "60000"}
    bad = await post_form(client, f"/surveys/{survey_id}/incentives/new", too_dear)
    assert bad.status_code == 422
    ok = await post_form(
        client, f"/surveys/{survey_id}/incentives/new", {**fields, "currency": "JPY"}
    )
    assert ok.status_code == 303, ok.text
    listed = (
        await client.get(
            f"/api/surveys/{survey_id}/incentives", headers={"x-csrf-token": csrf_of(client)}
        )
    ).json()
    assert [(i["name"], i["budget"], i["currency"]) for i in listed] == [
        ("500 yen card", "50000", "JPY")
    ]
