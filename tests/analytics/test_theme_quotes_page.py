"""The results page quotes each theme's example comments (issue 14, themes part).

The quotes are the ones the themes service picks for the API and the PDF: for employee (eNPS)
surveys that is the disclosure guard's path (released answers only, themes under the comment
floor without quotes), so the page can never show a comment the API withholds. Comments
written for these tests.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.analytics.factories import add_response, make_survey

QUOTES_CELL = re.compile(
    r'<td colspan="4" class="wrap quotes-cell" data-theme-quotes="([^"]*)">(.*?)</td>', re.S
)
QUOTE = re.compile(r"<q>(.*?)</q>", re.S)


def quotes_by_theme(page: str) -> dict[str, list[str]]:
    """Theme name -> its quotes as shown (unescaped), from the themes table."""
    return {
        html.unescape(theme): [html.unescape(q) for q in QUOTE.findall(cell)]
        for theme, cell in QUOTES_CELL.findall(page)
    }


async def cancellation_survey() -> int:
    survey = await make_survey()
    comments = [
        (2, "解約手続きがとても分かりにくかった", "ja", -0.7),
        (3, "The cancellation page kept timing out.", "en", -0.6),
        (3, "The cancellation page kept timing out.", "en", -0.6),
        (3, "the cancellation page  kept timing out!", "en", -0.6),
        (4, "退会の方法がどこにも書いていない", "ja", -0.5),
        (9, "Fast delivery, thank you", "en", 0.8),
    ]
    for score, text, language, polarity in comments:
        label = "negative" if polarity < 0 else "positive"
        await add_response(survey, score, text, language=language, sentiment=(polarity, label))
    return survey


async def test_each_theme_shows_its_quotes_once_in_english_and_japanese(
    staff_client: Any,
) -> None:
    survey = await cancellation_survey()
    client = await staff_client("cs")
    for lang, name, label in (
        ("en", "cancellation", "Example comments on cancellation"),
        ("ja", "解約", "「解約」のコメント例"),
    ):
        api = (await client.get(f"/api/surveys/{survey}/analytics/themes?lang={lang}")).json()
        expected = {t["phrase"]: t["examples"] for t in api["themes"] if t["examples"]}
        page = (await client.get(f"/surveys/{survey}/results?lang={lang}")).text
        shown = quotes_by_theme(page)
        # the page quotes exactly what the API (and so the PDF) picked, theme by theme
        assert shown == expected, lang
        quotes = shown[name]
        assert 2 <= len(quotes) <= 3
        keys = [" ".join(q.casefold().rstrip(".!").split()) for q in quotes]
        assert len(keys) == len(set(keys)), quotes  # the same quote never twice in a theme
        assert sum("timing out" in q for q in quotes) == 1
        assert label in page
        note = "clearest positive and negative" if lang == "en" else "テーマ名を選ぶと"
        assert note in page


async def test_hostile_comment_text_is_escaped_in_the_quotes(staff_client: Any) -> None:
    survey = await make_survey()
    hostile = '<script>alert("x")</script> cancellation took 3 weeks <img src=x onerror=alert(1)>'
    await add_response(survey, 1, hostile, sentiment=(-0.8, "negative"))
    await add_response(survey, 2, "Cancellation needs a phone call.", sentiment=(-0.5, "negative"))
    client = await staff_client("cs")
    page = (await client.get(f"/surveys/{survey}/results?lang=en")).text
    assert hostile in quotes_by_theme(page)["cancellation"]
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


async def enps_survey(writers: int) -> int:
    """An employee survey: ``writers`` people write about their salary, six about the lift."""
    survey = await make_survey("enps")
    for n in range(writers):
        await add_response(
            survey,
            n % 11,
            f"My salary has not moved in {n + 2} years.",
            {"department": "Sales"},
            sentiment=(-0.5 - n / 100, "negative"),
        )
    for n in range(6):
        await add_response(
            survey,
            8,
            f"The elevator in block {'ABCDEF'[n]} is always broken.",
            {"department": "Sales"},
            sentiment=(-0.3, "negative"),
        )
    return survey


async def test_enps_quotes_come_through_the_guard_only(staff_client: Any) -> None:
    survey = await enps_survey(14)
    client = await staff_client("hr")
    api = (await client.get(f"/api/surveys/{survey}/analytics/themes?lang=en")).json()
    examples = {t["phrase"]: t["examples"] for t in api["themes"]}
    page = (await client.get(f"/surveys/{survey}/results?lang=en")).text
    shown = quotes_by_theme(page)
    assert shown == {k: v for k, v in examples.items() if v}
    assert 2 <= len(shown["salary"]) <= 3
    # six people wrote about the lift: a theme (at the floor of 5) but under the comment
    # floor (10), so no quote ties a lift comment to a group that small
    assert examples.get("elevator") == [] and "elevator" not in shown
    assert "is always broken" not in page.split('id="th-h"', 1)[1].split('id="cm-h"', 1)[0]
    assert "data-quotes-withheld" in page and "at least 10 people" in page
    ja = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
    assert "10人以上が触れたテーマにのみ表示" in ja

    # answers after the last release are never quoted until the next release
    late = "My salary was cut last week, I will resign."
    await add_response(survey, 0, late, {"department": "Sales"}, sentiment=(-0.99, "negative"))
    again = (await client.get(f"/surveys/{survey}/results?lang=en")).text
    assert late not in again
    assert quotes_by_theme(again) == shown


async def test_enps_below_the_comment_floor_shows_no_quotes(staff_client: Any) -> None:
    survey = await enps_survey(3)  # nine writers in all: under the comment floor of ten
    client = await staff_client("hr")
    page = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
    assert quotes_by_theme(page) == {}
    assert "salary has not moved" not in page and "is always broken" not in page
