"""Theme quotes on a 360 px phone in Japanese: long unbroken Japanese and URLs wrap inside the
themes table, the page never scrolls sideways, and quotes are marked the Japanese way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_browser import (
    CHROMIUM,
    LiveServer,
    browser,
    live,
    run_in_thread,
    screens,
    sign_in,
)
from tests.smtp import smtp_server

__all__ = ["browser", "live", "screens", "smtp_server"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]

LONG_URL = "https://example.com/support/cancel?" + "&".join(f"step{n}=confirm" for n in range(30))
LONG_JA = "解約手続きの画面が" + "何度やっても最初に戻ってしまい" * 8 + "困りました"


def test_long_quotes_wrap_on_a_360px_phone_in_japanese(
    live: LiveServer, browser: Any, screens: Path
) -> None:
    from tests.analytics.factories import add_response, make_survey

    async def seed() -> int:
        survey = await make_survey()
        for score, text, polarity in (
            (1, LONG_JA, -0.9),
            (2, f"Cancellation only works through {LONG_URL}", -0.7),
            (8, "Cancellation was quick in the end.", 0.4),
        ):
            label = "negative" if polarity < 0 else "positive"
            await add_response(
                survey,
                score,
                text,
                language="ja" if score == 1 else "en",
                sentiment=(polarity, label),
            )
        return survey

    survey = run_in_thread(seed)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    sign_in(page, live.url, "cs.lead@example.com")
    page.goto(f"{live.url}/surveys/{survey}/results?lang=ja")
    quotes = page.locator(".quotes-cell q")
    assert quotes.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for i in range(quotes.count()):
        box = quotes.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    # the themes table itself fits: nothing to scroll sideways to read a quote
    wrap = page.locator("#th-h ~ .table-wrap")
    page.locator("section[aria-labelledby=th-h]").screenshot(
        path=screens / "theme_quotes_ja_360.png"
    )
    assert wrap.evaluate("e => e.scrollWidth - e.clientWidth") <= 0
    marks = quotes.first.evaluate("q => getComputedStyle(q).quotes")
    assert marks.startswith('"「" "」"'), marks
    context.close()
