from __future__ import annotations

import asyncio
import subprocess
from typing import Any

import pytest

from tests.analytics.factories import add_response, make_survey


def pdf_text(pdf: bytes, tmp_path: Any) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


async def fetch_pdf(client: Any, url: str) -> bytes:
    response = await client.get(url)
    if response.status_code == 202:
        status = response.json()
        for _ in range(300):
            polled = await client.get(status["poll"])
            if polled.json()["state"] in ("done", "failed"):
                break
            await asyncio.sleep(0.2)
        response = await client.get(status["download"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return bytes(response.content)


class TestSurveyReportPdf:
    async def test_figures_match_the_api(self, staff_client: Any, tmp_path: Any) -> None:
        client = await staff_client("cs")
        survey = await make_survey()
        values = [10, 10, 9, 9, 9, 8, 7, 6, 3, 10, 10, 2]
        for i, value in enumerate(values):
            await add_response(
                survey,
                value,
                "Great onboarding, thank you"
                if value >= 9
                else "<script>alert(1)</script></table>",
                {"store": "Kyoto" if i % 2 else "Osaka"},
                sentiment=(0.8, "positive") if value >= 9 else (-0.6, "negative"),
            )
        api = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()["score"]
        response = await client.get(f"/api/surveys/{survey}/analytics/report.pdf?lang=en")
        assert response.status_code in (200, 202)
        if response.status_code == 200:
            disposition = response.headers["content-disposition"]
            assert disposition.startswith("attachment;") and '-en.pdf"' in disposition
        pdf = await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=en")
        text = pdf_text(pdf, tmp_path)
        assert f"{api['nps']:.1f}" in text, text[:2000]
        assert str(api["n"]) in text
        assert "<script>alert(1)</script></table>" in text or "Great onboarding" in text

    async def test_suppressed_enps_group_appears_nowhere(
        self, staff_client: Any, tmp_path: Any
    ) -> None:
        client = await staff_client("hr")
        survey = await make_survey("enps")
        teams = {
            "Engineering": [10] * 9 + [4] * 5,
            "Marketing": [9] * 4 + [6] * 4,
            "Legal": [1, 2, 0],
        }
        for team, values in teams.items():
            for value in values:
                await add_response(survey, value, "", {"department": team})
        pdf = await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=ja")
        text = pdf_text(pdf, tmp_path)
        assert "Legal" not in text
        assert "eNPS" in text
        breakdown = (
            await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=department")
        ).json()
        assert "Legal" not in {s["group"] for s in breakdown["segments"]}

    async def test_manager_cannot_download_enps(self, staff_client: Any) -> None:
        client = await staff_client("manager")
        survey = await make_survey("enps")
        response = await client.get(f"/api/surveys/{survey}/analytics/report.pdf")
        assert response.status_code == 403

    @pytest.mark.parametrize("key", ["../../etc/passwd", "abc", "0" * 63 + "g"])
    async def test_no_path_traversal_in_downloads(self, staff_client: Any, key: str) -> None:
        client = await staff_client("manager")
        response = await client.get(f"/api/reports/{key}/report.pdf")
        assert response.status_code == 404
