"""Issue 18 (2): every survey report renders for 0, 1, 2 and 3 answers, for every role that
may read it, and every interval it shows contains its score."""

from __future__ import annotations

import re
import shutil
from typing import Any

import pytest

from tests.analytics.factories import add_response, make_survey
from tests.analytics.test_report_api import fetch_pdf, pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")

# One group per answer: a lone detractor, a lone promoter, a lone passive.
ANSWERS = [(3, "Ikebukuro"), (10, "Shibuya"), (7, "Umeda")]
READERS = {"customer_nps": ["manager", "cs", "admin"], "enps": ["hr", "admin"]}


@pytest.mark.parametrize("kind", ["customer_nps", "enps"])
@pytest.mark.parametrize("answers", [0, 1, 2, 3])
async def test_survey_pdf_renders_for_tiny_surveys(
    staff_client: Any, tmp_path: Any, kind: str, answers: int
) -> None:
    survey = await make_survey(kind)
    dimension = "team" if kind == "enps" else "store"
    for value, group in ANSWERS[:answers]:
        await add_response(survey, value, "解約を検討しています", {dimension: group})
    for i, role in enumerate(READERS[kind]):
        client = await staff_client(role, f"{role}{i}@example.com")
        for lang in ("ja", "en"):
            url = f"/api/surveys/{survey}/analytics/report.pdf?lang={lang}"
            text = pdf_text(await fetch_pdf(client, url), tmp_path)
            assert "Traceback" not in text
        page = await client.get(f"/surveys/{survey}/results")
        assert page.status_code == 200, page.text[:500]


async def test_lone_detractor_interval_contains_the_score(staff_client: Any) -> None:
    client = await staff_client("cs")
    survey = await make_survey()
    await add_response(survey, 3, "", {"store": "Ikebukuro"})
    score = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()["score"]
    assert score["nps"] == -100.0
    assert score["ci_low"] <= score["nps"] <= score["ci_high"], score
    page = (await client.get(f"/surveys/{survey}/results")).text
    shown = re.findall(r"[−-]?\d+(?:\.\d)?\s*[–,]\s*[+−-]?\d+", page)
    assert "48.5" not in page, shown


async def test_report_breakdowns_do_not_wait_for_the_analytics_tick(
    staff_client: Any, tmp_path: Any
) -> None:
    """Issue 18 (3): answers stored a moment ago appear in the report's breakdown tables."""
    client = await staff_client("cs")
    survey = await make_survey()
    for i in range(12):
        await add_response(survey, 10 if i % 3 else 5, "", {"store": ("Kyoto", "Osaka")[i % 2]})
    text = pdf_text(
        await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=en"), tmp_path
    )
    assert "Kyoto" in text and "Osaka" in text, text[:3000]
