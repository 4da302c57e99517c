"""Issue 18, done when: the demo shows a workshop page with its verdict and a portfolio PDF a
manager could forward (figures that add up, nothing off the page, a readable file name)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.reports.fmt import Fmt
from app.settings import Settings
from tests.pdf import pdf_text
from tests.training.test_report_api import fetch_pdf
from tests.training.test_workshop_report import _words
from training import demo

pytestmark = [
    pytest.mark.slow,  # loads the whole demo (about 20 s)
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils"),
]
HTML = {"accept": "text/html"}


async def test_demo_workshop_page_has_its_verdict_and_the_portfolio_pdf_can_be_forwarded(
    staff_client: Any, settings: Settings, db: None, tmp_path: Path
) -> None:
    from app.demo import load_demo

    await load_demo(settings)
    client = await staff_client("manager", "forwarding-manager@example.com")
    workshops = (await client.get("/api/workshops")).json()
    onboarding = next(w for w in workshops if w["title"] == demo.MARKER)

    page = (await client.get(f"/workshops/{onboarding['id']}", headers=HTML)).text
    assert "data-verdict=" in page and 'data-verdict="not_measurable"' not in page
    assert "data-kirkpatrick" in page and "L1" in page
    level1 = page.split("L1", 1)[1].split("</tr>", 1)[0]
    assert any(ch.isdigit() for ch in level1), level1  # reaction measured in the demo

    rows = (await client.get("/api/workshops/portfolio")).json()
    currency = onboarding["currency"]
    mine = [r for r in rows if r["currency"] == currency]
    pdf, first = await fetch_pdf(client, f"/api/workshops/report.pdf?lang=ja&currency={currency}")
    text = pdf_text(pdf, tmp_path, name="portfolio.pdf")
    path = tmp_path / "portfolio.pdf"
    flat = "".join(text.split())
    fmt = Fmt("ja")
    # Every workshop of the currency is listed, and the total spend is theirs.
    for row in mine:
        assert "".join(row["title"].split())[:12] in flat, row["title"]
    total = sum(Decimal(r["cost_total"]) for r in mine)
    assert "".join(fmt.money(total, currency).split()) in flat, (total, text[:1500])
    measured = [r for r in mine if r["roi_basis"] == "estimate" and r["roi_percent"] is not None]
    assert f"{len(measured)}/{len(mine)}" in flat
    # Nothing runs off the right edge of any page (A4: 595.3 pt, 20 pt margin at least).
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for number in range(1, pages + 1):
        words = _words(pdf, tmp_path, number)
        assert words, number
        assert all(x1 <= 595.3 - 20 for _, _, x1, _, _ in words), number
    # Served with a name a manager can keep: kind, currency and date.
    response = await client.get(f"/api/workshops/report.pdf?lang=ja&currency={currency}")
    if response.status_code == 200:
        disposition = response.headers["content-disposition"]
        assert f"portfolio-workshops-{currency.lower()}-" in disposition, disposition
    assert first.status_code in (200, 202)
