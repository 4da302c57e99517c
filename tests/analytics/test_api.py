from __future__ import annotations

from typing import Any

import pytest

from tests.analytics.factories import add_response, make_survey


@pytest.fixture
async def surveys(client: Any) -> dict[str, int]:
    customer = await make_survey()
    enps = await make_survey("enps")
    for i in range(12):
        await add_response(
            customer, i % 11, f"comment {i}", {"store": "Kyoto" if i % 2 else "Osaka"}
        )
        await add_response(enps, 10 - i % 11, "", {"department": "Sales" if i < 9 else "Legal"})
    return {"customer": customer, "enps": enps}


class TestAnalyticsApi:
    async def test_requires_sign_in(self, client: Any, surveys: dict[str, int]) -> None:
        response = await client.get(f"/api/surveys/{surveys['customer']}/analytics/scores")
        assert response.status_code == 401

    async def test_cs_never_sees_enps(self, staff_client: Any, surveys: dict[str, int]) -> None:
        client = await staff_client("cs")
        ok = await client.get(f"/api/surveys/{surveys['customer']}/analytics/scores")
        assert ok.status_code == 200 and ok.json()["score"]["n"] == 12
        for path in ("scores", "breakdown?by=department", "comments", "themes", "drivers"):
            denied = await client.get(f"/api/surveys/{surveys['enps']}/analytics/{path}")
            assert denied.status_code == 403, path

    async def test_manager_reads_customer_not_enps(
        self, staff_client: Any, surveys: dict[str, int]
    ) -> None:
        client = await staff_client("manager")
        ok = await client.get(f"/api/surveys/{surveys['customer']}/analytics/breakdown?by=store")
        assert ok.status_code == 200
        assert {s["group"] for s in ok.json()["segments"]} == {"Kyoto", "Osaka"}
        denied = await client.get(f"/api/surveys/{surveys['enps']}/analytics/scores")
        assert denied.status_code == 403

    async def test_hr_sees_enps_with_floor(
        self, staff_client: Any, surveys: dict[str, int]
    ) -> None:
        client = await staff_client("hr")
        response = await client.get(
            f"/api/surveys/{surveys['enps']}/analytics/breakdown?by=department"
        )
        assert response.status_code == 200
        body = response.json()
        assert body["total"]["metric"] == "enps" and body["total"]["n"] == 12
        # Legal has 3 people: hidden, and Sales with it so 12 − Sales cannot reveal Legal.
        assert body["segments"] == [] and body["hidden_count"] == 2
        assert "Legal" not in response.text

    async def test_injection_in_filter_is_a_clean_422(
        self, staff_client: Any, surveys: dict[str, int]
    ) -> None:
        client = await staff_client("cs")
        response = await client.get(
            f"/api/surveys/{surveys['customer']}/analytics/breakdown",
            params={"by": "store'); DROP TABLE survey_response; --"},
        )
        assert response.status_code == 422
        assert response.json()["field"] == "by"
        again = await client.get(f"/api/surveys/{surveys['customer']}/analytics/scores")
        assert again.json()["score"]["n"] == 12

    async def test_unknown_survey_is_404(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        response = await client.get("/api/surveys/999/analytics/scores")
        assert response.status_code == 404


async def test_a_driver_against_the_score_is_never_fix_first_in_api_page_and_pdf(
    staff_client: Any, tmp_path: Any
) -> None:
    """Issue 18 (8): a driver whose rating falls as the score rises (r ≈ −0.85, important
    and rated low) is "against score" in the JSON, on the results page and in the PDF,
    never "fix first"."""
    import random
    import subprocess

    questions = [
        {"key": "recommend", "type": "nps", "required": True, "text": {"en": "R?", "ja": "推奨"}},
        *[
            {
                "key": f"driver_{name}",
                "type": "rating",
                "scale": 5,
                "required": False,
                "text": {"en": name.title(), "ja": label},
            }
            for name, label in (("effort", "手間"), ("staff", "スタッフ"))
        ],
    ]
    survey = await make_survey(questions=questions)
    rng = random.Random(21)
    for _ in range(120):
        effort = rng.choice([1, 2, 2, 2, 3, 4, 5])  # rated low on average
        staff = rng.randint(1, 5)
        score = max(0, min(10, round(11 - 2 * effort + 0.3 * staff + rng.gauss(0, 0.6))))
        await add_response(survey, score, answers={"driver_effort": effort, "driver_staff": staff})
    client = await staff_client("cs")
    body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
    effort_row = next(d for d in body["drivers"] if d["key"] == "driver_effort")
    assert effort_row["correlation"] < -0.8 and effort_row["rank"] == 1
    assert effort_row["quadrant"] == "against score"
    assert not any(m.startswith("Fix first") and "effort" in m for m in body["messages"])

    page = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
    table = page.split("q-against_score", 1)
    assert len(table) == 2 and "スコアと逆相関" in table[1][:200]
    row = page.split("<td>手間</td>", 1)[1].split("</tr>", 1)[0]
    assert "q-fix_first" not in row and "q-against_score" in row
    # the message under the table names the driver as the table does, not by its key
    assert "手間はスコアが上がると下がる" in page and "effortは" not in page
    english = (await client.get(f"/surveys/{survey}/results?lang=en")).text
    assert "Effort goes down when the score goes up" in english
    assert "(effort, waiting)" in english  # the message's own words are not renamed

    from tests.training.test_report_api import fetch_pdf

    pdf, _ = await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=en")
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    line = next(x for x in text.splitlines() if x.strip().startswith("Effort"))
    assert "Against score" in line or "against score" in line.lower(), line
    assert "fix first" not in line.lower()

    # the Japanese PDF names the drivers by their Japanese question text, as the page does
    pdf, _ = await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=ja")
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "手間" in text and "スタッフ" in text
    assert "Effort" not in text and "Staff" not in text


async def test_themes_are_named_in_the_asked_language(staff_client: Any) -> None:
    """Comments written for this test: one cancellation theme across ja and en, named by
    ``?lang=``; an unknown language is a 422 naming the field."""
    survey = await make_survey()
    for score, text, language in [
        (2, "解約手続きが分かりにくい", "ja"),
        (3, "Cancelling the plan took weeks.", "en"),
        (4, "退会ボタンがない", "ja"),
    ]:
        await add_response(survey, score, text, language=language, sentiment=(-0.5, "negative"))
    client = await staff_client("cs")
    url = f"/api/surveys/{survey}/analytics/themes"
    ja = (await client.get(url, params={"lang": "ja"})).json()["themes"]
    en = (await client.get(url, params={"lang": "en"})).json()["themes"]
    assert (ja[0]["phrase"], ja[0]["count"]) == ("解約", 3)
    assert (en[0]["phrase"], en[0]["count"]) == ("cancellation", 3)
    bad = await client.get(url, params={"lang": "fr"})
    assert bad.status_code == 422
    assert "lang" in bad.text

    # the results page names it in the page language and its link lists all three comments
    page = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
    assert "theme=%E8%A7%A3%E7%B4%84" in page  # 解約
    listed = (await client.get(f"/surveys/{survey}/results?lang=ja&theme=解約")).text
    assert all(text in listed for text in ("解約手続き", "Cancelling the plan", "退会ボタン"))
    english = (await client.get(f"/surveys/{survey}/results?lang=en")).text
    assert "theme=cancellation" in english

    import subprocess
    import tempfile

    from tests.training.test_report_api import fetch_pdf

    pdf, _ = await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=ja")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "解約" in text and "cancellation" not in text


async def test_enps_drivers_with_everyone_promoters_name_the_group(staff_client: Any) -> None:
    """eNPS drivers explain each answer's class, not its score: with every colleague a
    promoter (9s and 10s), the message names the group, in the page's language, and no
    longer says everyone gave the same score "(100)"."""
    survey = await make_survey("enps")
    for i in range(12):
        await add_response(
            survey,
            (9, 10)[i % 2],
            answers={"driver_support": 1 + i % 5, "driver_product": 1 + (i * 2) % 5},
        )
    client = await staff_client("hr")
    body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
    assert not body["ok"] and body["drivers"] == []
    assert (
        "Everyone is in the same group (promoters), so there is nothing to explain."
        in body["messages"]
    )
    assert not any("same score" in m for m in body["messages"])
    page = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
    assert "全員が同じ区分（推奨者）のため" in page and "same group" not in page
    english = (await client.get(f"/surveys/{survey}/results?lang=en")).text
    assert "Everyone is in the same group (promoters)" in english


async def test_customer_drivers_with_one_score_still_name_the_score(staff_client: Any) -> None:
    """Customer NPS drivers explain the 0–10 score: one score for all is named as a score."""
    survey = await make_survey()
    for i in range(12):
        await add_response(
            survey, 8, answers={"driver_support": 1 + i % 5, "driver_product": 1 + (i * 2) % 5}
        )
    client = await staff_client("cs")
    body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
    assert "Everyone gave the same score (8), so there is nothing to explain." in body["messages"]
    page = (await client.get(f"/surveys/{survey}/results?lang=ja")).text
    assert "全員が同じスコア（8）をつけたため" in page
