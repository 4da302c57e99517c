"""Every staff page as each role, on phones (360×740, 390×844) and a laptop (1280×900), in
Japanese and English, in Debian's Chromium: no sideways scrolling of the page nor, on a phone, of
any box in it (tables reflow into one card per row), no console errors, no raw message keys.
The invitation email and the respondent page are checked at 360 px.

One uvicorn server over the demo data (loaded once for the module), one browser; each page is
opened once per role, language and size. Screenshots of the phone pages go to
``VOC_SCREENSHOT_DIR`` (default: a temporary folder).
"""

from __future__ import annotations

import email
import email.policy
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.test_i18n import catalog
from tests.conftest import make_settings, run_migrations
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, LiveServer, _free_port, run_in_thread

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

ROLES = ("admin", "cs", "hr", "manager")
SIZES = ((360, 740), (390, 844), (1280, 900))
#: Families of keys built at run time (``t('cp.' ~ status)``): unknown members are raw keys too.
DYNAMIC = ("cp", "quadrant", "kind", "status", "wd", "qtype", "progress", "sentiment", "role")
DYNAMIC += ("skip", "wkind", "diag", "said", "term", "metric", "audience", "cost")
#: Controls a thumb must hit on a phone and are shorter than 44 px (WCAG 2.5.5); a checkbox
#: or radio counts through its label, which is the target.
SMALL_TARGETS = """() => [...document.querySelectorAll(
  'button, select, textarea, a.button, nav a, .steps a, label.choice, .topbar .brand, ' +
  '.crumbs a, ' +
  'input:not([type=checkbox]):not([type=radio]):not([type=hidden])')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
    getComputedStyle(e).visibility !== 'hidden' && r.height < 44; })
  .map(e => `${e.tagName.toLowerCase()} "${(e.innerText || e.name || '').trim().slice(0, 20)}"` +
    ` ${Math.round(e.getBoundingClientRect().height)}px`)"""
#: Buttons whose label breaks over two lines ("ログアウ" over "ト" beside a long role name).
WRAPPED_BUTTONS = """() => [...document.querySelectorAll('button, a.button')]
  .filter(e => { const tops = [];
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const r = document.createRange(); r.selectNodeContents(n);
      for (const c of r.getClientRects()) if (c.width > 0) tops.push(c.top); }
    tops.sort((a, b) => a - b);
    return e.getBoundingClientRect().width > 0 && tops.length > 1 &&
      tops[tops.length - 1] - tops[0] > 8; })
  .map(e => (e.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 20))"""
#: Text that runs past its own box (not a scrolling box): on a phone a tile's figure
#: ￥14,456,028 ran under the next tile.
OVERFLOWING_TEXT = """() => [...document.querySelectorAll(
  'main dd, main dt, main h1, main h2, main h3, main p, main li, main td, main th, main label')]
  .filter(e => getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0 &&
    e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}"` +
    ` ${e.scrollWidth}>${e.clientWidth}px`)"""
#: Boxes that scroll sideways inside the page: on a phone a table reflows into one card per
#: row (label / value lines) instead of hiding columns behind a sideways swipe.
SCROLLING_BOXES = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 &&
    ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.tagName !== 'TEXTAREA')
  .map(e => `${e.tagName.toLowerCase()}.${e.className} ` +
    `"${(e.closest('section')?.querySelector('h2')?.textContent || '').trim().slice(0, 20)}"` +
    ` ${e.scrollWidth}>${e.clientWidth}px`)"""
#: Table cells shown on a phone without the name of their column (a value with no label).
UNLABELLED_CELLS = """() => [...document.querySelectorAll('main .table-wrap thead')].flatMap(head => {
    const table = head.closest('table');
    return [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children].filter(
      (c, i) => i > 0 && c.tagName === 'TD' && !c.hasAttribute('colspan') &&
        !c.hasAttribute('data-label') && c.textContent.trim() !== '' &&
        !c.querySelector('a, button, form')).map(c => c.textContent.trim().slice(0, 20))); })"""
#: An English word of two letters or more (a Japanese page or email has none but names).
ENGLISH_WORDS = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
TOKEN = re.compile(r"(?<![\w@./-])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(?![\w@/-])")


class Site:
    def __init__(self, url: str, pages: list[str], folder: Path, settings: Any) -> None:
        self.url = url
        self.pages = pages
        self.screens = folder
        self.settings = settings


async def _demo_pages(settings: Any) -> list[str]:
    from app.demo import load_demo
    from surveys.tables import Response, Survey
    from training.tables import Account, Workshop

    await load_demo(settings)
    pages = ["/", "/surveys", "/surveys/new", "/workshops", "/workshops/new", "/accounts"]
    pages.append("/users")
    seen: set[str] = set()
    for survey in await Survey.select(Survey.id, Survey.kind).order_by(Survey.id):
        if survey["kind"] in seen:
            continue
        seen.add(survey["kind"])
        base = f"/surveys/{survey['id']}"
        pages += [base, f"{base}/results"]
        if survey["kind"] == "customer_nps":
            pages += [f"{base}/questions", f"{base}/recipients", f"{base}/preview"]
    workshop = await Workshop.select(Workshop.id).order_by(Workshop.id).first()
    if workshop:
        pages.append(f"/workshops/{workshop['id']}")
    # an account's health history, the health definition form and one customer's answer
    account = await Account.select(Account.id).order_by(Account.id).first()
    if account:
        pages += [f"/accounts/{account['id']}", "/accounts/health/definition"]
    answer = (
        await Response.select(Response.id, Response.survey)
        .where(Response.survey.is_in(Survey.select(Survey.id).where(Survey.kind == "customer_nps")))
        .order_by(Response.id)
        .first()
    )
    if answer:
        pages.append(f"/surveys/{answer['survey']}/responses/{answer['id']}")
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from app.main import create_app

    folder = tmp_path_factory.mktemp("phone")
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    run_migrations(url, folder)
    port = _free_port()
    settings = make_settings(
        url,
        folder,
        VOC_BASE_URL=f"http://127.0.0.1:{port}",
        VOC_ORG_NAME="京都珈琲株式会社",
        VOC_DB_POOL_SIZE="0",
    )
    app = create_app(settings)
    pages = run_in_thread(lambda: _demo_pages(settings))
    screens = Path(os.environ.get("VOC_SCREENSHOT_DIR") or folder / "screens")
    screens.mkdir(parents=True, exist_ok=True)
    with LiveServer(app, port) as server:
        yield Site(server.url, pages, screens, settings)
    print(f"\nscreenshots: {screens}")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def raw_keys(text: str, keys: set[str]) -> list[str]:
    found = []
    for token in TOKEN.findall(text):
        if token in keys or token.split(".")[0] in DYNAMIC:
            found.append(token)
    return found


def sign_in(page: Any, base: str, role: str) -> None:
    from app.demo import DEMO_PASSWORD

    page.goto(f"{base}/sign-in?lang=en")
    page.fill("input[name=email]", f"{role}@demo.voc")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}px")
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_fit_a_phone_and_a_laptop_in_both_languages(
    site: Site, chromium: Any, role: str, size: tuple[int, int]
) -> None:
    keys = set(catalog("en"))
    problems: list[str] = []
    opened = 0
    width, height = size
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, site.url, role)
    for lang in ("ja", "en"):
        for path in site.pages:
            errors.clear()
            response = page.goto(f"{site.url}{path}?lang={lang}", wait_until="load")
            assert response is not None
            where = f"{role} {lang} {width}px {path}"
            if response.status == 403:  # not this role's page: a readable refusal
                assert page.locator("main h1").count() == 1, where
                continue
            assert response.status == 200, where
            opened += 1
            assert page.evaluate("document.documentElement.lang") == lang, where
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                problems.append(f"{where}: page scrolls sideways by {overflow}px")
            if errors:
                problems.append(f"{where}: console {errors[:3]}")
            leaked = raw_keys(page.inner_text("body"), keys)
            if leaked:
                problems.append(f"{where}: raw keys {sorted(set(leaked))[:5]}")
            if width < 400:
                small = page.evaluate(SMALL_TARGETS)
                if small:
                    problems.append(f"{where}: tap targets under 44 px {small[:4]}")
                wrapped = page.evaluate(WRAPPED_BUTTONS)
                if wrapped:
                    problems.append(f"{where}: button labels break over lines {wrapped[:4]}")
                overflowing = page.evaluate(OVERFLOWING_TEXT)
                if overflowing:
                    problems.append(f"{where}: text runs out of its box {overflowing[:4]}")
                scrolling = page.evaluate(SCROLLING_BOXES)
                if scrolling:
                    problems.append(f"{where}: a box scrolls sideways {scrolling[:4]}")
                unlabelled = page.evaluate(UNLABELLED_CELLS)
                if unlabelled:
                    problems.append(f"{where}: table values without their column {unlabelled[:4]}")
            names = page.locator(".topbar nav a").all_inner_texts()
            if len(names) != len(set(names)):
                problems.append(f"{where}: two menu entries read the same {names}")
            if page.locator(".topbar nav [aria-current=page]").count() > 1:
                problems.append(f"{where}: more than one menu entry marked current")
            if width < 400 and lang == "ja" and role in ("admin", "hr"):
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=site.screens / f"{role}_{name}.png", full_page=True)
    context.close()
    assert opened >= 8
    assert problems == []


def _invitation_html(site: Site, language: str, survey_kind: str | None = None) -> str:
    """The HTML part of a queued demo invitation in ``language`` to someone who has not
    answered, to a survey of ``survey_kind`` when given."""

    async def read() -> str:
        from app.db import bind_engine, make_engine
        from surveys.tables import Contact, Invitation, OutboxMessage, Survey

        bind_engine(make_engine(site.settings.database_url))
        unanswered = (
            Invitation.contact.is_in(Contact.select(Contact.id).where(Contact.language == language))
            & Invitation.answered_at.is_null()
        )
        if survey_kind is not None:
            unanswered &= Invitation.survey.is_in(
                Survey.select(Survey.id).where(Survey.kind == survey_kind)
            )
        people = Invitation.select(Invitation.id).where(unanswered)
        row = (
            await OutboxMessage.select(OutboxMessage.body)
            .where(
                (OutboxMessage.kind == "invitation")
                & (OutboxMessage.body != "")
                & OutboxMessage.invitation.is_in(people)
            )
            .first()
        )
        assert row is not None
        message = email.message_from_string(row["body"], policy=email.policy.default)
        return str(message.get_body(("html",)).get_content())  # type: ignore[union-attr]

    result: str = run_in_thread(read)
    return result


def _invitation(site: Site, language: str) -> tuple[str, str]:
    """The HTML part and the personal link of a queued demo invitation in ``language``."""
    html = _invitation_html(site, language)
    link = re.search(r'href="(http[^"]+/r/[A-Za-z0-9_-]+)\?score=0"', html)
    assert link is not None
    return html, link.group(1)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_invitation_email_and_survey_page_on_a_360px_phone(
    site: Site, chromium: Any, language: str
) -> None:
    html, link = _invitation(site, language)
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_content(html)
    scale = page.locator("table.scale a")
    assert scale.count() == 11
    tops = {round(box["y"]) for box in (scale.nth(i).bounding_box() for i in range(11)) if box}
    assert len(tops) == 1, "the 0–10 scale wraps"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    question = "薦める可能性" if language == "ja" else "How likely are you to recommend"
    assert page.get_by_text(question).first.is_visible()
    assert page.get_by_text("Kyoto Coffee Co.").first.is_visible()  # the demo survey's org
    page.screenshot(path=site.screens / f"email_{language}_360.png", full_page=True)

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{link}?score=9")
    buttons = page.locator("ul.scale label").first.locator("xpath=ancestor::ul").locator("label")
    for width in (360, 390):
        # one row would leave a thumb 28 px a button: two tidy rows, 0-5 over 6-10, each
        # button a 44 px square or larger, all the same size
        page.set_viewport_size({"width": width, "height": 800})
        boxes = [buttons.nth(i).bounding_box() for i in range(buttons.count())]
        assert len(boxes) == 11 and all(boxes)
        rows = [round(b["y"]) for b in boxes if b]
        assert rows[:6] == [rows[0]] * 6 and rows[6:] == [rows[6]] * 5, (width, rows)
        widths = [b["width"] for b in boxes if b]
        heights = [b["height"] for b in boxes if b]
        assert max(widths) - min(widths) < 1.5, widths
        assert min(widths) >= 44 and min(heights) >= 44, (width, widths, heights)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.locator("#recommend-9").is_checked()
    assert page.locator(".picked").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == []
    page.screenshot(path=site.screens / f"respond_{language}_360.png", full_page=True)
    context.close()


def test_demo_workshop_pages_on_a_390px_phone_in_japanese(site: Site, chromium: Any) -> None:
    """Issue 18 (5): every demo workshop page fits a 390 px phone in Japanese; the measured
    onboarding workshop leads with its verdict, ROI/BCR with intervals and the balance table,
    and its effect chart names the shaded interval."""

    async def workshops() -> list[tuple[int, str]]:
        from app.db import bind_engine, make_engine
        from training.tables import Workshop

        bind_engine(make_engine(site.settings.database_url))
        rows = await Workshop.select(Workshop.id, Workshop.title).order_by(Workshop.id)
        return [(r["id"], r["title"]) for r in rows]

    listed: list[tuple[int, str]] = run_in_thread(workshops)
    assert len(listed) >= 3
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, site.url, "manager")
    verdicts: dict[str, str] = {}
    for workshop_id, title in listed:
        response = page.goto(f"{site.url}/workshops/{workshop_id}?lang=ja", wait_until="load")
        assert response is not None and response.status == 200, title
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        cells = page.locator("main td").all_text_contents()
        assert not [c for c in cells if c.strip().lower() in ("nan", "inf", "-inf")], title
        verdict = page.locator("[data-verdict]")
        assert verdict.count() == 1 and verdict.is_visible(), title
        verdicts[title] = verdict.get_attribute("data-verdict") or ""
        if page.locator("[data-balance]").count():
            balance = page.locator("[data-balance]")
            assert balance.is_visible()
            assert "共変量" in balance.inner_text() and "SMD" in balance.inner_text()
            assert "tier:" not in balance.inner_text() and "log_mrr" not in balance.inner_text()
            page.locator("[data-balance]").screenshot(
                path=site.screens / f"workshop_{workshop_id}_balance_ja_390.png"
            )
        page.screenshot(path=site.screens / f"workshop_{workshop_id}_ja_390.png", full_page=True)
        # a manager reads it on a phone: the measured workshop was 27,000 px at 360 px (eight
        # KPI cards per checkpoint, five lines per covariate, a card per participant)
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 12_000, (title, height)
        assert page.locator("details.checkpoint[open]").count() <= 1, title
    context.close()
    # a figure (￥14,456,028) and each end of an interval (-￥3,337,595) stay on one line, on
    # the phone and on a wide screen (130 px boxes broke the yen amount as ￥14,456, / 028)
    for width in (390, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, site.url, "manager")
        for workshop_id, title in listed:
            page.goto(f"{site.url}/workshops/{workshop_id}?lang=ja", wait_until="load")
            lines = page.evaluate(
                """() => [...document.querySelectorAll('dl.stats dd:first-of-type, dl.stats .nb')]
                .map(e => { const r = document.createRange(); r.selectNodeContents(e);
                  return [e.textContent,
                          new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]; })"""
            )
            assert [text for text, n in lines if n != 1] == [], (width, title, lines)
        context.close()
    assert errors == []
    measured = [t for t, v in verdicts.items() if v not in ("not_measurable",)]
    assert measured, verdicts  # the demo shows at least one workshop with a real verdict


def _followup_link(site: Site, language: str) -> str:
    """The personal link of an unanswered demo invitation to a follow-up survey (it has
    single- and multiple-choice questions as well as the 0-10 scale)."""
    html = _invitation_html(site, language, "training_followup")
    link = re.search(r'href="(http[^"]+/r/[A-Za-z0-9_-]+)"', html)
    assert link is not None
    return link.group(1)


@pytest.mark.parametrize("width", [360, 390])
def test_japanese_follow_up_survey_on_a_phone_has_thumb_sized_choices(
    site: Site, chromium: Any, width: int
) -> None:
    """Each option of a choice question is a row at least 44 px high, the required/optional
    marks use full-width brackets in Japanese, and the page and its thank-you fit."""
    link = _followup_link(site, "ja")
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(link)
    assert page.evaluate("document.documentElement.lang") == "ja"
    options = page.locator("fieldset.choices label")
    assert options.count() >= 4
    heights = [options.nth(i).bounding_box()["height"] for i in range(options.count())]
    assert min(heights) >= 44, heights
    marks = page.locator(".req").all_inner_texts()
    assert marks and all(m in ("（必須）", "（任意）") for m in marks), marks
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=site.screens / f"followup_ja_{width}.png", full_page=True)
    options.first.click()
    assert page.locator("fieldset.choices input").first.is_checked()
    page.locator("ul.scale label").nth(8).click()
    page.locator("button.send").last.click()
    page.wait_for_load_state("load")
    assert "ありがとうございました" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    again = page.locator("main a[href^='/r/']").bounding_box()  # change my answer
    assert again is not None and again["height"] >= 44, again
    context.close()


#: Smallest text a chart draws (axis ticks), in points, and the least it may show at on a phone.
CHART_TICK_PT = 7.0
LEGIBLE_PX = 12.0


@pytest.mark.parametrize("width", [360, 390])
def test_japanese_charts_and_amounts_read_on_a_phone(site: Site, chromium: Any, width: int) -> None:
    """Every chart on the results and workshop pages fills its column and is drawn for the
    phone: shown no narrower than it was drawn, so its smallest text (7 pt ticks) shows at
    12 px or more (the report-width drawing shrank it to about 5 px). Money reads ￥…, the
    topbar names the role in Japanese."""
    context = chromium.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    sign_in(page, site.url, "admin")
    charted = [p for p in site.pages if p.endswith("/results") or p.startswith("/workshops/")]
    seen = 0
    for path in charted:
        page.goto(f"{site.url}{path}?lang=ja", wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        figures = page.locator("figure.chart")
        for i in range(figures.count()):
            box = page.evaluate(
                """f => { const img = f.querySelector('img');
                   const r = img.getBoundingClientRect();
                   return {shown: r.width, drawn: img.naturalWidth,
                           column: f.parentElement.getBoundingClientRect().width}; }""",
                figures.nth(i).element_handle(),
            )
            seen += 1
            where = f"{path} chart {i} at {width}px: {box}"
            assert box["shown"] >= 0.85 * box["column"], where  # fills its column
            # naturalWidth is the drawing's width in CSS px (pt × 4/3)
            tick_px = CHART_TICK_PT * 4 / 3 * box["shown"] / box["drawn"]
            assert tick_px >= LEGIBLE_PX, f"{where}: ticks at {tick_px:.1f}px"
        if width == 360 and figures.count():
            name = path.strip("/").replace("/", "_")
            page.screenshot(path=site.screens / f"charts_{name}_ja_{width}.png", full_page=True)
    assert seen >= 3
    page.goto(f"{site.url}/workshops?lang=ja", wait_until="load")
    listing = page.inner_text("main")
    assert "￥" in listing and "JPY" not in listing
    assert page.locator(".topbar .who").inner_text().endswith("管理者")
    context.close()


def _mail(site: Site, kind: str, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a queued demo email of ``kind`` to someone who reads
    ``language``."""

    async def read() -> tuple[str, str, str]:
        from app.db import bind_engine, make_engine
        from surveys.tables import Contact, Invitation, OutboxMessage

        bind_engine(make_engine(site.settings.database_url))
        readers = Invitation.select(Invitation.id).where(
            Invitation.contact.is_in(Contact.select(Contact.id).where(Contact.language == language))
        )
        row = (
            await OutboxMessage.select(OutboxMessage.body)
            .where(
                (OutboxMessage.kind == kind)
                & (OutboxMessage.body != "")
                & OutboxMessage.invitation.is_in(readers)
            )
            .first()
        )
        assert row is not None, kind
        message = email.message_from_string(row["body"], policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        return str(message["Subject"]), str(text), str(html)

    result: tuple[str, str, str] = run_in_thread(read)
    return result


#: Links a thumb taps in an email, with their size.
MAIL_LINKS = """() => [...document.querySelectorAll('a')].map(a => {
    const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), width: r.width, height: r.height}; })"""


@pytest.mark.parametrize("kind", ["invitation", "reminder", "thank_you"])
def test_japanese_emails_read_as_finished_mail_on_a_360px_phone(
    site: Site, chromium: Any, kind: str
) -> None:
    """The invitation, the reminder and the thank-you with its code, as a Japanese respondent
    reads them on a 360 px phone: a Japanese subject, the organisation and a greeting with 様
    in both parts, no English words but the names people typed, nothing wider than the
    screen, every link at least 44 px high (the thank-you was four bare lines: no greeting,
    no organisation, no opt-out link, no phone viewport, subject 「ご回答ありがとうございました: …」)."""
    subject, text, html = _mail(site, kind, "ja")
    org = "Kyoto Coffee Co."  # the demo survey's organisation, as its staff typed it
    assert re.search(r"[ぁ-んァ-ヶ一-龠]", subject) and ": " not in subject, subject
    assert text.startswith(org), text[:80]
    greeting = re.search(r"^(\S.*) 様$", text, re.M)
    assert greeting is not None, text[:200]
    assert "/u/" in text and "配信停止" in text
    typed = {org, "Kyoto Coffee"}  # its name inside the question, also typed by staff
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="ja-JP")
    page = context.new_page()
    page.set_content(html)
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    body = page.inner_text("body")
    assert f"{greeting.group(1)} 様" in body and org in body
    for name in sorted(typed, key=len, reverse=True):  # "Kyoto Coffee" first left "Co."
        body = body.replace(name, "")
    body = re.sub(r"https?://\S+", "", body)  # the link written out for mail apps without HTML
    if kind == "thank_you":
        body = body.replace(page.inner_text("[data-code]"), "")  # the code itself
    english = [m.group(0) for m in ENGLISH_WORDS.finditer(body)]
    assert english == [], english
    links = page.evaluate(MAIL_LINKS)
    assert links and all(link["height"] >= 44 for link in links), links
    assert any(link["text"] == "配信停止" for link in links)
    if kind == "thank_you":
        code = page.locator("[data-code]")
        assert code.count() == 1 and code.bounding_box()["width"] <= 340  # type: ignore[index]
    page.screenshot(path=site.screens / f"mail_{kind}_ja_360.png", full_page=True)
    context.close()


def test_demo_enps_engagement_drivers_on_a_360px_phone_in_japanese(
    site: Site, chromium: Any
) -> None:
    """The demo eNPS survey's engagement items are its key drivers (the section said the
    survey "asks no driver ratings" while the ratings table listed them), and the driver
    table reads on a 360 px phone in Japanese: each item's wording, importance, mean,
    favourable share and priority in one card, nothing running out of its box."""

    async def enps_results() -> str:
        from surveys.tables import Survey

        row = await Survey.select(Survey.id).where(Survey.kind == "enps").first()
        assert row is not None
        return f"/surveys/{row['id']}/results"

    enps = run_in_thread(enps_results)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="ja-JP")
    page = context.new_page()
    sign_in(page, site.url, "hr")
    page.goto(f"{site.url}{enps}?lang=ja", wait_until="load")
    section = page.locator("section[aria-labelledby=drv-h]")
    assert section.locator("h2").inner_text() == "eNPSを左右するエンゲージメント項目"
    rows = section.locator("tr[data-driver]")
    keys = {rows.nth(i).get_attribute("data-driver") for i in range(rows.count())}
    assert keys == {
        "engagement_growth",
        "engagement_manager",
        "engagement_recognition",
        "engagement_workload",
        "engagement_team",
    }, keys
    text = section.inner_text()
    assert "学び成長する機会がある。" in text and "上司は私を支援してくれる。" in text
    assert "肯定的回答" in text and "質問がありません" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(OVERFLOWING_TEXT) == []
    assert page.evaluate(SCROLLING_BOXES) == []
    assert page.evaluate(UNLABELLED_CELLS) == []
    section.screenshot(path=site.screens / "enps_drivers_ja_360.png")
    context.close()
