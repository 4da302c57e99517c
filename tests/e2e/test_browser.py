"""The staff web app in a real browser: Debian's Chromium driven by Playwright.

The app is served by a real uvicorn server on a loopback port against this test's database,
with its scheduler ticking every second and mail going to a loopback aiosmtpd server.
Screenshots of the main pages go to a temporary folder (``VOC_SCREENSHOT_DIR`` to choose
it); they are printed at the end and never committed.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD, create_staff, make_settings
from tests.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``create_app()`` under uvicorn in a background thread."""

    def __init__(self, app: Any, port: int) -> None:
        import uvicorn

        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.app = app
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture
def screens(tmp_path: Path) -> Iterator[Path]:
    chosen = os.environ.get("VOC_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\nscreenshots: {folder}")


@pytest.fixture
def live(database_url: str, tmp_path: Path, smtp_server: SmtpServer) -> Iterator[LiveServer]:
    from app.main import create_app

    port = _free_port()
    settings = make_settings(
        database_url,
        tmp_path,
        VOC_BASE_URL=f"http://127.0.0.1:{port}",
        VOC_SMTP_HOST="127.0.0.1",
        VOC_SMTP_PORT=str(smtp_server.port),
        VOC_MAIL_FROM="surveys@voc.example",
        VOC_TICK_SECONDS="1",
    )
    app = create_app(settings)
    asyncio.run(create_staff("cs", "cs.lead@example.com"))
    asyncio.run(create_staff("manager", "manager@example.com"))
    with LiveServer(app, port) as server:
        yield server


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def run_in_thread(make: Any) -> Any:
    """Run a coroutine in its own thread (Playwright's sync API owns this thread's loop)."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(make())))
    thread.start()
    thread.join()
    assert result, "the coroutine failed"
    return result[0]


def wait_for(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def download_pdf(page: Any, link: Any, target: Path) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        link.click()
    info.value.save_as(target)
    return target.read_bytes()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_cs_lead_from_sign_in_to_sent_survey_answer_and_workshop_pdf(
    live: LiveServer, browser: Any, smtp_server: SmtpServer, screens: Path, tmp_path: Path
) -> None:
    base = live.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, base, "cs.lead@example.com")
    page.screenshot(path=screens / "01-home.png", full_page=True)

    # Create a survey from the customer NPS template.
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name="New survey").click()
    page.locator("#f-name").fill("Autumn NPS")
    page.get_by_label("Customer NPS").check()
    page.get_by_label("From hour (0–23)").fill("0")
    page.get_by_label("Until hour (1–24)").fill("24")
    for day in ("Sat", "Sun"):
        page.get_by_label(day, exact=True).check()
    page.screenshot(path=screens / "02-survey-new.png", full_page=True)
    page.get_by_role("button", name="Create survey").click()
    page.wait_for_url(re.compile(r"/surveys/\d+$"))
    survey_url = page.url
    assert "version 1" in page.locator(".version").inner_text()

    # Upload recipients with one bad row: the row is named, nothing is imported.
    page.get_by_role("link", name="2. Recipients").click()
    bad_csv = "email,name,language,team\nana@example.com,Ana,en,Sales\nnot-an-email,Ken,ja,Sales\n"
    page.get_by_label("CSV file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": bad_csv.encode()}
    )
    page.get_by_role("button", name="Check and add recipients").click()
    table = page.locator("#row-errors table")
    table.wait_for()
    row = table.locator("tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "3"
    assert "bad email" in row.inner_text() and "not-an-email" in row.inner_text()
    assert table.locator("tbody tr").count() == 1
    page.screenshot(path=screens / "03-recipients-errors.png", full_page=True)

    # Fix it in the text box (the file's content was kept there) and import again.
    box = page.locator("#f-csv_text")
    assert "not-an-email" in box.input_value()
    box.fill(box.input_value().replace("not-an-email", "ken@example.com"))
    page.get_by_role("button", name="Check and add recipients").click()
    page.get_by_text("2 received, 2 invited").wait_for()

    page.get_by_role("status").get_by_role("link", name="Preview the email").click()
    page.wait_for_url(re.compile(r"/preview"))  # content() mid-navigation reads an empty page
    page.wait_for_load_state("load")
    assert "Autumn NPS: a one-minute question" in page.content()
    assert "【Autumn NPS】" in page.content()
    page.screenshot(path=screens / "04-preview.png", full_page=True)

    # Send now; the scheduler tick delivers to the loopback SMTP server.
    page.goto(survey_url)
    page.get_by_role("button", name="Send the survey").click()
    # Emails cannot be taken back: the page asks once more, naming how many.
    page.get_by_role("button", name="Yes, send to 2 people").click()
    page.wait_for_url(re.compile(r"/surveys/\d+\?sent=1"))
    wait_for(lambda: smtp_server.sink.count >= 2)
    # The progress card updates itself (the JS poller), without reloading the page.
    expect(page.locator("#progress [data-field=sent]")).to_have_text("2", timeout=20_000)
    page.screenshot(path=screens / "05-progress.png", full_page=True)

    message = smtp_server.sink.to("ana@example.com")[0]
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"http://127\.0\.0\.1:\d+/r/[A-Za-z0-9_-]+", body)
    assert link, body

    # The respondent answers on a phone-sized screen.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    respondent = phone.new_page()
    respondent.goto(link.group(0))
    respondent.locator("label[for='recommend-9']").click()
    respondent.locator("textarea").first.fill("Great support <script>alert(1)</script>")
    respondent.screenshot(path=screens / "06-respondent-phone.png", full_page=True)
    respondent.get_by_role("button").last.click()
    respondent.wait_for_load_state()
    assert respondent.locator("h1").inner_text()
    respondent.screenshot(path=screens / "07-thanks-phone.png", full_page=True)
    phone.close()

    # The answer is counted on the results page, and the comment shows literally.
    page.goto(f"{survey_url}/results")
    assert page.locator("[data-n]").inner_text() == "1"
    assert page.locator("[data-nps]").inner_text() == "+100"
    assert "Great support <script>alert(1)</script>" in page.locator("#comments").inner_text()
    page.screenshot(path=screens / "08-results.png", full_page=True)
    page.goto(survey_url)
    assert page.locator("[data-field=answered]").inner_text() == "1"

    # A workshop with its costs, then its PDF.
    page.get_by_role("link", name="Workshops", exact=True).click()
    page.get_by_role("link", name="New workshop").click()
    page.locator("#f-title").fill("Onboarding excellence")
    page.get_by_label("Facilitator", exact=True).fill("Mika Sato")
    page.locator("#f-cost_facilitator").fill("300000")
    page.locator("#f-cost_venue_catering").fill("-1")
    page.get_by_role("button", name="Create workshop").click()
    assert page.locator("#f-cost_venue_catering-error").is_visible()
    assert page.locator("#f-title").input_value() == "Onboarding excellence"
    page.locator("#f-cost_venue_catering").fill("80000")
    page.get_by_role("button", name="Create workshop").click()
    # after 18:00 Tokyo day 0 is already due, and the page opens on the participants upload
    page.wait_for_url(re.compile(r"/workshops/\d+(#participants)?$"))
    assert "380,000 JPY" in page.content()
    page.screenshot(path=screens / "09-workshop.png", full_page=True)
    pdf_link = page.get_by_role("link", name="Download PDF")
    pdf = download_pdf(page, pdf_link, tmp_path / "workshop.pdf")
    assert pdf.startswith(b"%PDF")

    page.goto(f"{base}/surveys?lang=ja")
    assert page.get_by_role("link", name="アンケートを作成").is_visible()
    page.screenshot(path=screens / "10-surveys-ja.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{survey_url}/results")
    page.screenshot(path=screens / "11-results-ja-phone.png", full_page=True)
    assert not errors, errors
    context.close()


def test_manager_reads_and_downloads_but_cannot_set_up(
    live: LiveServer, browser: Any, screens: Path, tmp_path: Path
) -> None:
    from app.clock import SystemClock
    from surveys.services import SurveyService
    from tests.analytics.factories import add_response

    async def seed() -> int:
        service = SurveyService(live.app.state.settings, SystemClock())
        survey = await service.create_from_template("customer_nps", "Spring NPS", subject="ACME")
        for score in (10, 9, 6, 8, 10):
            await add_response(survey.id, score, "Helpful onboarding team")
        return int(survey.id)

    survey_id = run_in_thread(seed)
    base = live.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "manager@example.com")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Accounts").count() == 0
    assert nav.get_by_role("link", name="Users").count() == 0
    for path in ("/surveys/new", f"/surveys/{survey_id}/recipients", "/workshops/new", "/accounts"):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 403, path
    page.screenshot(path=screens / "20-manager-403.png", full_page=True)
    page.goto(f"{base}/surveys")
    assert page.get_by_role("link", name="New survey").count() == 0
    page.get_by_role("link", name="Spring NPS").click()
    assert page.get_by_role("button", name="Send the survey").count() == 0
    page.get_by_role("link", name="Results").first.click()
    page.wait_for_url(re.compile(r"/results"))
    assert page.locator("[data-n]").inner_text() == "5"
    page.screenshot(path=screens / "21-manager-results.png", full_page=True)
    pdf = download_pdf(page, page.get_by_role("link", name="Download PDF"), tmp_path / "survey.pdf")
    assert pdf.startswith(b"%PDF")
    context.close()
