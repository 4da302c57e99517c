"""Issue 18 (2) for the training reports: the workshop and portfolio PDFs render for a day-0
survey with 0, 1, 2 and 3 answers, for every role that may read them, in both languages (the
survey reports have the same test in tests/analytics/test_tiny_reports.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.clock import FrozenClock
from app.settings import Settings
from tests.training.test_internal_feedback import _headers, _pdf_text, _workshop
from tests.training.test_internal_kirkpatrick_floor import _answer
from tests.training.test_report_api import fetch_pdf
from training import jobs

pytestmark = [
    pytest.mark.slow,  # up to 30 s per case on PostgreSQL (four readers, two PDFs each)
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils"),
]
HTML = {"accept": "text/html"}
READERS = ("manager", "cs", "hr", "admin")


@pytest.mark.parametrize("kind", ["customer", "internal"])
@pytest.mark.parametrize("answers", [0, 1, 2, 3])
async def test_workshop_and_portfolio_pdfs_render_for_tiny_reaction_surveys(
    client: Any,
    settings: Settings,
    clock: FrozenClock,
    tmp_path: Path,
    kind: str,
    answers: int,
) -> None:
    workshop_id = await _workshop(settings, clock, kind)
    if answers:
        await _answer(settings, clock, client, workshop_id, answers)
    else:
        await jobs.run_due_checkpoints(settings, clock, "test")
    who = await _headers(*READERS)
    for i, role in enumerate(READERS):
        client.headers.clear()
        client.headers.update(who[role])
        lang = ("ja", "en")[i % 2]
        levels = await client.get(f"/api/workshops/{workshop_id}/kirkpatrick")
        assert levels.status_code == 200, (role, levels.text)
        assert levels.json()["level1_reaction"]["responses"] == answers
        pdf, _ = await fetch_pdf(client, f"/api/workshops/{workshop_id}/report.pdf?lang={lang}")
        text = _pdf_text(pdf, tmp_path)
        assert f"{kind} training" in text and "Traceback" not in text
        page = await client.get(f"/workshops/{workshop_id}?lang={lang}", headers=HTML)
        assert page.status_code == 200, (role, page.text[:300])
        portfolio, _ = await fetch_pdf(client, f"/api/workshops/report.pdf?lang={lang}")
        assert f"{kind} training" in _pdf_text(portfolio, tmp_path)
