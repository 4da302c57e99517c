"""The shared survey page: byte for byte the full render, escaped, and never stale."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar
from markupsafe import escape

from surveys.page_cache import TOKEN_MARK, SharedPages
from tests.surveys.conftest import add_people, create_survey
from tests.surveys.test_respondent import links

PEOPLE = [
    {"email": f"{name}@example.com", "name": name, "language": language}
    for name, language in (("ann", "en"), ("bob", "en"), ("chie", "ja"), ("daiki", "ja"))
]
HTML = {"accept": "text/html"}


async def live(client: Any, **fields: Any) -> tuple[dict[str, Any], dict[str, str]]:
    survey = await create_survey(client, **fields)
    assert (await add_people(client, survey["id"], PEOPLE)).status_code == 200
    assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    client.headers.pop("x-csrf-token", None)
    return survey, await links()


async def page(client: Any, token: str, query: str = "") -> str:
    response = await client.get(f"/r/{token}{query}", headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    return str(response.text)


def pages_of(app: Litestar) -> SharedPages:
    shared: SharedPages = app.state["respondent_pages"]
    return shared


async def test_shared_page_is_the_full_render_for_each_link(
    staff_client: Any, app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client, public_title={"en": 'Tom & "Jerry" <b>', "ja": "<i>調査</i>"})
    pairs = {"en": ("ann@example.com", "bob@example.com"), "ja": ("chie@example.com",)}
    shared: dict[tuple[str, str, str], str] = {}
    for language, people in pairs.items():
        for email in people:
            for query in ("", "?score=7", "?score=0", "?score=x"):
                shared[(language, email, query)] = await page(client, tokens[email], query)
    renders = pages_of(app).renders
    assert renders == 2 * 3  # one render per language and distinct score, then reuse
    # The same pages with sharing off, rendered in full by Jinja for each request.
    monkeypatch.setattr(SharedPages, "page", lambda *args: None)
    monkeypatch.setattr(SharedPages, "cached", lambda *args: None)  # the lane's lookup too
    for (_, email, query), html in shared.items():
        assert html == await page(client, tokens[email], query)
        assert f'action="/r/{tokens[email]}"' in html
    assert pages_of(app).renders == renders
    en = shared[("en", "ann@example.com", "")]
    assert "Tom &amp; &#34;Jerry&#34; &lt;b&gt;" in en and "<b>" not in en
    assert "&lt;i&gt;調査&lt;/i&gt;" in shared[("ja", "chie@example.com", "")]
    assert 'value="7" checked' in shared[("en", "bob@example.com", "?score=7")]
    assert not re.search(r"value=\"\w+\" checked", shared[("en", "bob@example.com", "")])


async def test_editing_questions_or_title_never_serves_the_old_page(staff_client: Any) -> None:
    client = await staff_client("cs")
    survey, tokens = await live(client)
    ann, bob = tokens["ann@example.com"], tokens["bob@example.com"]
    before = await page(client, ann)
    assert "Why that score?" not in before
    questions = survey["questions"]
    questions[1]["text"]["en"] = "Why that score?"
    client.headers["x-csrf-token"] = client.cookies.get("__Host-voc_csrf") or ""
    edited = await client.patch(f"/api/surveys/{survey['id']}", json={"questions": questions})
    assert edited.status_code == 200 and edited.json()["current_version"] == 2
    assert "Why that score?" in await page(client, bob)
    assert "Why that score?" in await page(client, ann)
    retitled = await client.patch(
        f"/api/surveys/{survey['id']}", json={"public_title": {"en": "Winter check-in", "ja": ""}}
    )
    assert retitled.status_code == 200, retitled.text
    assert "<h1>Winter check-in</h1>" in await page(client, bob)
    # An answered link shows its answer, never the blank shared form.
    client.headers.pop("x-csrf-token", None)
    sent = await client.post(
        f"/r/{ann}", json={"answers": {"recommend": 9, "reason": "Quick <help> & more"}}
    )
    assert sent.status_code == 200, sent.text
    answered = await page(client, ann)
    assert "Quick &lt;help&gt; &amp; more" in answered and 'value="9" checked' in answered
    assert "Quick" not in await page(client, bob)
    # The date of the earlier answer reads as the respondent's language writes dates.
    assert re.search(r"You answered on \d{1,2} \w+ 20\d\d\.", answered), answered[:2000]
    chie = tokens["chie@example.com"]
    assert (await client.post(f"/r/{chie}", json={"answers": {"recommend": 7}})).status_code == 200
    assert re.search(r"20\d\d年\d{1,2}月\d{1,2}日に回答済みです", await page(client, chie))


def test_token_is_escaped_like_the_template_would() -> None:
    pages = SharedPages()

    def render(token: str) -> str:
        return f'<form action="/r/{escape(token)}"><h1>{escape("<Title>")}</h1></form>'

    for token in ("plain-token_123", '"><script>alert(1)</script>', "a&b'c"):
        assert pages.page(("q", "en", "t", None), token, render) == render(token).encode()
    assert pages.renders == 1


def test_a_page_where_the_mark_is_not_unique_is_never_shared() -> None:
    pages = SharedPages()
    twice = pages.page(("q", "en", "t", None), "tok", lambda mark: f"{mark}{mark}")
    assert twice is None
    assert pages.page(("q", "en", "t", None), "tok", lambda mark: "never called") is None
    assert pages.renders == 1
    assert TOKEN_MARK not in str(escape("any <text>"))


def test_the_cache_is_bounded() -> None:
    pages = SharedPages(max_pages=3)
    for n in range(10):
        assert pages.page(("q", "en", str(n), None), "t", lambda mark: f"<p>{mark}</p>") == (
            b"<p>t</p>"
        )
    assert len(pages._pages) <= 3
