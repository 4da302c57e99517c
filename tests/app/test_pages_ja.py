"""Every staff page, rendered in Japanese over the demo data: no raw message keys and no English
sentences except what users typed (survey names, comments, account names, English questions)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.columns import JSON, Text, Varchar

from app.db import all_table_classes
from app.settings import Settings
from tests.app.test_i18n import catalog
from tests.app.test_pages import web_sign_in

pytestmark = pytest.mark.slow  # loads the whole demo (about 20 s)

HTML = {"accept": "text/html"}
#: Three or more English words in a row: a sentence or a phrase someone forgot to translate.
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ ,:;]+[A-Za-z][A-Za-z'’-]+){2,}")
RAW_KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+(\.[a-z0-9_ ]+)*$")
SKIPPED_TAGS = {"script", "style", "textarea", "pre", "option", "code"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class VisibleText(HTMLParser):
    """Text nodes and human-read attributes, outside scripts, code and form options."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skip += 1
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def _leaves(value: Any, out: set[str], parent: str | None = None) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _leaves(item, out, key)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, out, parent)
    elif isinstance(value, str) and parent != "en":
        # A question's English text is not the user's Japanese page: leave it out.
        out.add(" ".join(value.split()))


async def user_texts() -> set[str]:
    """Everything people typed or imported (names, comments, titles…), from every table."""
    found: set[str] = set()
    for table in all_table_classes():
        columns = [c for c in table._meta.columns if isinstance(c, Varchar | Text | JSON)]
        if not columns:
            continue
        for row in await table.select(*columns):
            for column in columns:
                value = row[column._meta.name]
                if isinstance(column, JSON) and isinstance(value, str):
                    try:
                        value = json.loads(value)
                    except ValueError:
                        pass
                _leaves(value, found)
    return {text for text in found if text}


#: What a Japanese reader should never meet: an amount with an ISO currency code
#: (390,000 JPY, where ￥390,000 is written), an ISO date or period key (2026-11-30, 2026-11),
#: a checkpoint survey's stored English suffix ("(+7 days)"), the topbar's role code.
UNFINISHED = {
    "amount with a currency code": re.compile(r"\d[\d,.]*\s?(?:JPY|EUR|USD)\b"),
    "currency code in a label": re.compile(r"[(（](?:JPY|EUR|USD)[)）]"),
    "ISO date": re.compile(r"(?<![\w-])\d{4}-(?:\d{2}-\d{2}|\d{2}|W\d{2})(?![\w-])"),
    "English checkpoint label": re.compile(r"\((?:\+\d+ days|day 0)\)"),
    "role code": re.compile(r"· (?:admin|hr|cs|manager)$"),
    "health band": re.compile(r"^(?:Green|Yellow|Red)$"),
    "language code": re.compile(r"^(?:en|ja)$"),
    "account tier": re.compile(r"(?:^|· )(?:Enterprise|Mid-market)(?: ·|$)"),
}


def unfinished(texts: list[str], typed: set[str]) -> list[str]:
    problems = []
    for text in texts:
        for what, pattern in UNFINISHED.items():
            match = pattern.search(text)
            if match and not any(match.group(0) in typed_text for typed_text in typed):
                problems.append(f"{what}: {match.group(0)!r} in {text[:120]!r}")
    return problems


def leaks(texts: list[str], typed: set[str], keys: set[str]) -> list[str]:
    problems = []
    for text in texts:
        if text in keys or RAW_KEY.match(text):
            problems.append(f"raw key: {text}")
            continue
        for match in ENGLISH.finditer(text):
            phrase = match.group(0)
            if not any(phrase in typed_text for typed_text in typed):
                problems.append(f"English: {phrase!r} in {text[:120]!r}")
    return problems


async def staff_pages(client: AsyncTestClient[Litestar]) -> list[str]:
    surveys = (await client.get("/api/surveys")).json()
    workshops = (await client.get("/api/workshops")).json()
    pages = ["/", "/surveys", "/surveys/new", "/workshops", "/workshops/new", "/accounts", "/users"]
    for survey in surveys:
        base = f"/surveys/{survey['id']}"
        pages += [base, f"{base}/questions", f"{base}/recipients", f"{base}/preview"]
        pages += [f"{base}/preview/ja", f"{base}/results"]
    pages += [f"/workshops/{w['id']}" for w in workshops]
    pages += [f"/workshops/{w['id']}/edit" for w in workshops[:1]]
    accounts = (await client.get("/api/accounts")).json()
    items = accounts["items"] if isinstance(accounts, dict) else accounts
    pages += [f"/accounts/{a['id']}" for a in items[:3]]  # health history with bands
    return pages


async def test_every_staff_page_reads_as_japanese(
    client: AsyncTestClient[Litestar], settings: Settings, db: None
) -> None:
    from app.demo import load_demo

    await load_demo(settings)
    await web_sign_in(client, "admin", "ja")
    typed = await user_texts()
    keys = set(catalog("en"))
    pages = await staff_pages(client)
    assert len(pages) > 30
    problems: dict[str, list[str]] = {}
    for path in pages:
        response = await client.get(path, headers=HTML)
        assert response.status_code == 200, (path, response.status_code)
        assert '<html lang="ja">' in response.text, path
        texts = visible_text(response.text)
        found = leaks(texts, typed, keys) + unfinished(texts, typed)
        if found:
            problems[path] = found
    client.cookies.clear()  # signed out: the sign-in page follows the browser's language
    sign_in = await client.get("/sign-in", headers={**HTML, "accept-language": "ja"})
    found = leaks(visible_text(sign_in.text), typed, keys)
    if found:
        problems["/sign-in"] = found
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_leak_finder_finds_leaks() -> None:
    texts = visible_text(
        "<p>回答数</p><p>quadrant.fix_first</p><p>the windows are empty (k = 0)</p>"
        "<p>Kyoto Coffee Co. のアンケート</p><img alt='NPS per month with band'>"
        "<script>var a = 'not shown to anyone';</script>"
    )
    found = leaks(texts, {"Kyoto Coffee Co."}, {"quadrant.fix_first"})
    assert found == [
        "raw key: quadrant.fix_first",
        "English: 'the windows are empty' in 'the windows are empty (k = 0)'",
        "English: 'NPS per month with band' in 'NPS per month with band'",
    ]


def test_the_finish_checker_finds_unfinished_text() -> None:
    texts = visible_text(
        "<p>予算の消化: 3000 / 3000 JPY</p><p>2026-11-30</p><td>2026-11</td>"
        "<a>研修 (+7 days)</a><span class='who'>Aiko · admin</span><span>Red</span><td>ja</td><p>ACC-1 · Mid-market · ￥1</p><legend>コスト (JPY)</legend>"
        "<p>￥390,000</p><p>2026/11/30</p><p>ACC-000013</p><p>研修（7日後）</p>"
    )
    found = unfinished(texts, set())
    assert [f.split(":")[0] for f in found] == [
        "amount with a currency code",
        "ISO date",
        "ISO date",
        "English checkpoint label",
        "role code",
        "health band",
        "language code",
        "account tier",
        "currency code in a label",
    ]


async def test_hidden_enps_groups_say_why_once(
    client: AsyncTestClient[Litestar], settings: Settings, db: None
) -> None:
    """The row under an eNPS breakdown names how many groups are hidden and why, once (it
    repeated the reason: '… fewer than 5 answers … — hidden: fewer than 5')."""
    from app.demo import load_demo

    await load_demo(settings)
    await web_sign_in(client, "hr", "ja")
    enps = next(s for s in (await client.get("/api/surveys")).json() if s["kind"] == "enps")
    page = await client.get(f"/surveys/{enps['id']}/results?by=department", headers=HTML)
    row = re.search(r'data-hidden-count="(\d+)">([^<]*)<', page.text)
    assert row is not None, "the demo hides a department"
    reason = row.group(2)
    assert reason.count("件未満") == 1 and reason.count("非表示") == 1, reason


async def test_breakdowns_by_language_and_period_read_as_japanese(
    client: AsyncTestClient[Litestar], settings: Settings, db: None
) -> None:
    """A breakdown by the dimensions voc itself names reads 英語 / 2026年11月 / 第47週, not the
    stored keys en / 2026-11 / 2026-W47 (user texts exempt those keys from the page walk)."""
    from app.demo import load_demo

    await load_demo(settings)
    await web_sign_in(client, "admin", "ja")
    nps = next(s for s in (await client.get("/api/surveys")).json() if s["kind"] == "customer_nps")
    cells: dict[str, list[str]] = {}
    for by in ("language", "month", "week"):
        page = await client.get(f"/surveys/{nps['id']}/results?by={by}", headers=HTML)
        body = page.text[page.text.index('id="segments"') :]
        body = body[body.index("<tbody>") : body.index("</tbody>")]
        cells[by] = re.findall(r"<tr><td>([^<]*)</td>", body)
        assert cells[by], (by, body[:300])
    assert set(cells["language"]) <= {"英語", "日本語"}, cells
    assert all(re.fullmatch(r"\d{4}年\d{1,2}月", c) for c in cells["month"]), cells
    assert all(re.fullmatch(r"\d{4}年 第\d{1,2}週", c) for c in cells["week"]), cells


async def test_driver_notes_quote_the_questions_they_name(
    client: AsyncTestClient[Litestar], settings: Settings, db: None
) -> None:
    """A note comparing two drivers quotes each question (it ran the questions' own sentences
    together: 「サポート」の満足度を教えてください。と「価格」の…)."""
    from app.demo import load_demo

    await load_demo(settings)
    await web_sign_in(client, "admin", "ja")
    nps = next(s for s in (await client.get("/api/surveys")).json() if s["kind"] == "customer_nps")
    page = await client.get(f"/surveys/{nps['id']}/results", headers=HTML)
    notes = re.findall(r'<p class="muted small">([^<]*区間が重なって[^<]*)</p>', page.text)
    assert notes, "the demo's drivers overlap"
    for note in notes:
        assert "。と" not in note and re.match(r"^『[^』]+』と『[^』]+』は", note), note


async def test_imported_attributes_and_one_answer_read_as_japanese(
    client: AsyncTestClient[Litestar], settings: Settings, db: None
) -> None:
    """Common attribute names and the account tiers read in Japanese (the segment menu offered
    store / team / tier, a breakdown by tier listed enterprise / mid_market / smb); values
    people typed stay as typed. One customer's answer lists each answer under its question's
    wording, not the survey's internal keys (recommend, driver_price)."""
    from app.demo import load_demo
    from surveys.tables import Response

    await load_demo(settings)
    await web_sign_in(client, "admin", "ja")
    nps = next(s for s in (await client.get("/api/surveys")).json() if s["kind"] == "customer_nps")
    page = await client.get(f"/surveys/{nps['id']}/results?by=tier", headers=HTML)
    menu = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]*)</option>', page.text))
    assert (menu["store"], menu["team"], menu["tier"]) == ("店舗", "チーム", "ティア"), menu
    body = page.text[page.text.index('id="segments"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    assert re.findall(r"<tr><td>([^<]*)</td>", body) == [
        "エンタープライズ",
        "ミッドマーケット",
        "SMB",
    ]
    page = await client.get(f"/surveys/{nps['id']}/results?by=team", headers=HTML)
    body = page.text[page.text.index('id="segments"') :]
    teams = re.findall(r"<tr><td>([^<]*)</td>", body[: body.index("</tbody>")])
    assert teams and all(re.search(r"[ぁ-んァ-ヶ一-龠]", team) for team in teams), teams

    answer = await Response.select(Response.id).where(Response.survey == nps["id"]).first()
    assert answer is not None
    page = await client.get(f"/surveys/{nps['id']}/responses/{answer['id']}", headers=HTML)
    assert page.status_code == 200
    shown = page.text[page.text.index('id="all-h"') :]
    rows = re.findall(r'<th scope="row">([^<]*)</th>', shown)
    assert len(rows) >= 3 and all("を教えてください" in r or "薦める" in r for r in rows), rows
