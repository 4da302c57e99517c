"""Workshop and portfolio PDF downloads: the figures printed equal the JSON API's.

A simulated cohort (40 attending accounts, 400 candidates, planted effect) is imported
through the API, the workshop's checkpoints are worked by the scheduler tick on a frozen
clock up to +200 days, and participants answer the day-0 and +30 surveys from the links in
their emails. The reports are then downloaded (polling the background job when slower than
a second) and read back with ``pdftotext``/``pdftoppm``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from litestar import Litestar
from PIL import Image

from app.clock import FrozenClock
from app.mail import _UNSAFE
from app.reports.fmt import Fmt
from app.settings import Settings
from surveys.services import RespondentService
from surveys.tables import OutboxMessage
from tests.training.workshop_data import participant_rows, to_csv
from training.simulate import simulate_cohort
from training.tables import Checkpoint

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils",
)

EVIL = "<script>alert(1)</script></table>"
DAY0_ANSWERS = [
    # (csat, recommend, confidence, comment)
    ("5", "10", "5", "Excellent workshop, the health-score checklist is really practical."),
    ("5", "10", "4", "Great facilitator and very useful role plays. Thank you!"),
    ("5", "9", "4", "とても分かりやすく、すぐに実践できる内容でした。"),
    ("2", "3", "2", f"{EVIL} The pace was far too fast and the exercises were confusing."),
    ("2", "5", "3", "Terrible room, bad audio, and the slides were hard to read."),
    ("4", "8", "4", ""),
    ("4", "9", "4", ""),
    ("5", "10", "5", ""),
    ("3", "6", "3", ""),
    ("4", "7", "4", ""),
]
STEP = dt.timedelta(days=4)
#: From a checkpoint's due time (18:00 in Tokyo) to 10:00 the next day, inside the window
#: in which the outbox sends invitations.
MORNING_AFTER = dt.timedelta(hours=16)
FOLLOWUP_30 = ["weekly", "daily", "weekly", "never", "once", "weekly", "daily", "never"]


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode()


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_no_blank_page(pdf: bytes, tmp_path: Path) -> int:
    """pdftoppm renders every page, and each has ink and body text beyond the running
    header and footer. Returns the number of pages."""
    path = tmp_path / "ink.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    for png in tmp_path.glob("pg-*.png"):
        png.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-gray", str(path), str(tmp_path / "pg")], check=True
    )
    shares = []
    for png in sorted(tmp_path.glob("pg-*.png")):
        pixels = np.asarray(Image.open(png).convert("L"), dtype=np.uint8)
        h = pixels.shape[0]
        shares.append(float((pixels[int(h * 0.1) : int(h * 0.9)] < 235).mean()))
    assert len(shares) == pages
    assert all(share > 0.0005 for share in shares), shares
    for page in range(1, pages + 1):
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        lines = [line for line in out.splitlines() if line.strip()]
        assert len(lines) > 2, (page, lines)  # more than the header and the footer
    return pages


async def fetch_pdf(client: Any, url: str) -> tuple[bytes, Any]:
    """The PDF at ``url``, polling the background job on a 202; also the first response."""
    first = await client.get(url)
    response = first
    if first.status_code == 202:
        status = first.json()
        for _ in range(600):
            polled = await client.get(status["poll"])
            assert polled.status_code == 200, polled.text
            if polled.json()["state"] in ("done", "failed"):
                break
            await asyncio.sleep(0.1)
        assert polled.json()["state"] == "done", polled.text
        response = await client.get(status["download"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return bytes(response.content), first


async def _upload(client: Any, path: str, data: bytes) -> None:
    response = await client.post(path, content=data, headers={"content-type": "text/csv"})
    assert response.status_code == 200, response.text


def _tokens(settings: Settings, message_ids: list[str]) -> list[str]:
    """Respondent tokens from the invitation emails the file transport wrote."""
    tokens = []
    for message_id in message_ids:
        name = _UNSAFE.sub("_", message_id.strip("<>"))[:150]
        raw = (Path(settings.outbox_dir) / f"{name}.eml").read_bytes()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(("plain",))  # type: ignore[attr-defined]
        match = re.search(r"/r/([A-Za-z0-9_-]+)", body.get_content())
        assert match, body.get_content()
        tokens.append(match.group(1))
    return tokens


async def _invitation_tokens(settings: Settings, survey_id: int) -> list[str]:
    rows = await OutboxMessage.select(OutboxMessage.message_id, OutboxMessage.status).where(
        (OutboxMessage.survey == survey_id) & (OutboxMessage.kind == "invitation")
    )
    assert rows and {r["status"] for r in rows} == {"sent"}, rows
    return _tokens(settings, sorted(r["message_id"] for r in rows))


async def _surveys(workshop_id: int) -> dict[int, int]:
    """Checkpoint day → its survey id (the session of the set-up user expired meanwhile)."""
    rows = await Checkpoint.select(Checkpoint.offset_days, Checkpoint.survey_id).where(
        Checkpoint.workshop == workshop_id
    )
    return {r["offset_days"]: r["survey_id"] for r in rows if r["survey_id"] is not None}


async def _run_to(app: Litestar, clock: FrozenClock, when: dt.datetime) -> None:
    """Move the clock to ``when`` in steps of :data:`STEP`, ticking at each step (a late
    tick catches up, so the checkpoints are worked as in production, only later)."""
    while clock.now() < when:
        clock.set(min(clock.now() + STEP, when))
        await app.state.ticker.tick()
    await app.state.ticker.tick()


@pytest.fixture
async def measured(
    staff_client: Any, app: Litestar, clock: FrozenClock, settings: Settings
) -> dict[str, Any]:
    """A workshop measured to +200 days with day-0 and +30 answers; returns its ids."""
    client = await staff_client("cs")
    start = clock.now()
    held_on = start.date()
    cohort = simulate_cohort(
        40, 400, seed=11, workshop_day=held_on, expansion_effect=0.12, churn_effect=-0.06
    )
    await _upload(client, "/api/accounts/import.csv", to_csv(cohort.account_rows()))
    await _upload(client, "/api/accounts/events/import.csv", to_csv(cohort.event_rows()))
    response = await client.post(
        "/api/workshops",
        json={
            "title": "Adoption workshop 東京",
            "kind": "customer",
            "held_on": held_on.isoformat(),
            "facilitator": "Aiko",
            "objectives": ["expansion_share", "logo_churn", "nrr"],
            "costs": {
                "facilitator": "400000",
                "venue_catering": "120000",
                "materials": "30000",
                "tooling": "50000",
                "participant_hours": "120",
                "loaded_hourly_rate": "6000",
            },
        },
    )
    assert response.status_code == 201, response.text
    workshop = response.json()
    workshop_id = workshop["id"]
    await _upload(
        client, f"/api/workshops/{workshop_id}/participants.csv", to_csv(participant_rows(cohort))
    )
    due = {
        c["offset_days"]: dt.datetime.fromisoformat(c["due_at"]) for c in workshop["checkpoints"]
    }

    respondents = RespondentService(settings, clock)
    # Day 0 is worked and its survey sent (the next morning at the latest); some answer.
    await _run_to(app, clock, due[0] + MORNING_AFTER)
    survey = await _surveys(workshop_id)
    for token, (csat, recommend, confidence, reason) in zip(
        await _invitation_tokens(settings, survey[0]), DAY0_ANSWERS, strict=False
    ):
        answers = {"csat": csat, "recommend": recommend, "confidence": confidence}
        if reason:
            answers["reason"] = reason
        await respondents.submit(token, answers)
    # +30: follow-up answers on how often they apply it.
    await _run_to(app, clock, due[30] + MORNING_AFTER)
    survey = await _surveys(workshop_id)
    for token, frequency in zip(
        await _invitation_tokens(settings, survey[30]), FOLLOWUP_30, strict=False
    ):
        await respondents.submit(token, {"applied_frequency": frequency, "recommend": "8"})
    await _run_to(app, clock, start + dt.timedelta(days=200))
    rows = await Checkpoint.select(Checkpoint.status).where(Checkpoint.workshop == workshop_id)
    assert {r["status"] for r in rows} == {"done"}
    # The set-up session has long expired on the frozen clock; the tests sign in afresh.
    client.cookies.clear()
    return {"workshop_id": workshop_id, "title": workshop["title"]}


class TestWorkshopReport:
    async def test_figures_equal_the_api(
        self, staff_client: Any, measured: dict[str, Any], tmp_path: Path
    ) -> None:
        client = await staff_client("manager", "boss@example.com")
        wid = measured["workshop_id"]
        effectiveness = (await client.get(f"/api/workshops/{wid}/effectiveness")).json()
        levels = (await client.get(f"/api/workshops/{wid}/kirkpatrick")).json()
        latest = next(c for c in effectiveness["checkpoints"] if c["offset_days"] == 180)
        effect = latest["effect"]
        roi = levels["level5_roi"]
        assert effect["status"] == "ok" and roi["basis"] == "estimate"
        assert levels["level1_reaction"]["responses"] == len(DAY0_ANSWERS)

        pdf, first = await fetch_pdf(client, f"/api/workshops/{wid}/report.pdf?lang=en")
        text = flat(pdf_text(pdf, tmp_path))
        fmt = Fmt("en")
        # Summary: ROI, its CI, BCR and the cost as the report formats the API's values.
        assert fmt.percent(float(roi["roi_percent"]), 1) in text
        low, high = (float(v) for v in roi["roi_percent_ci"])
        assert fmt.percent_interval(low, high, 1) in text
        assert fmt.ratio(float(roi["bcr"])) in text
        assert fmt.money(float(roi["cost"]), "JPY") in text
        # Sample sizes per group at the latest checkpoint.
        n_pair = f"{fmt.count(effect['n_attending'])} / {fmt.count(effect['n_comparison'])}"
        assert n_pair in text
        # DiD estimates and their intervals at +180 for churn, expansion and NRR.
        for metric in ("logo_churn", "expansion_share", "nrr"):
            est = next(e for e in effect["estimates"] if e["metric"] == metric)
            row = f"{fmt.points(est['did'], 1)} {fmt.signed_interval(est['ci_low'], est['ci_high'], 1)}"
            assert row in text, (metric, row)
        # Reaction: the day-0 survey's NPS as the analytics API has it, CSAT and sentiment.
        assert fmt.number(levels["level1_reaction"]["nps"], 1) in text
        assert fmt.percent(levels["level1_reaction"]["csat_percent"], 1) in text
        # Behaviour from the +30 follow-up (the API's share applying it weekly or daily).
        b30 = next(p for p in levels["level3_behaviour"] if p["offset_days"] == 30)
        assert fmt.percent(b30["mean_score"], 1) in text
        # A participant's comment is printed literally, markup and all.
        assert EVIL in "".join(text.split()), text[-3000:]
        assert "The pace was far too fast" in text
        assert "Propensity-score weighting" in text
        # Every page renders and none is blank.
        assert assert_no_blank_page(pdf, tmp_path) >= 3

        # Cached until the data changes: the second request gathers the data again and finds
        # the same PDF (inline, or through its job when gathering takes over the second).
        again_pdf, again_first = await fetch_pdf(client, f"/api/workshops/{wid}/report.pdf?lang=en")
        assert again_pdf == pdf and again_first.status_code in (200, 202)
        again = again_first
        if again.status_code == 202:  # the job is done (fetch_pdf waited): its download
            again = await client.get(again.json()["download"])
        disposition = again.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert 'filename="workshop-adoption-workshop-' in disposition
        assert '-en.pdf"' in disposition and "filename*=UTF-8''" in disposition
        assert first.status_code in (200, 202)

    async def test_japanese_report(
        self, staff_client: Any, measured: dict[str, Any], tmp_path: Path
    ) -> None:
        client = await staff_client("manager", "boss@example.com")
        wid = measured["workshop_id"]
        roi = (await client.get(f"/api/workshops/{wid}/kirkpatrick")).json()["level5_roi"]
        pdf, _ = await fetch_pdf(client, f"/api/workshops/{wid}/report.pdf?lang=ja")
        text = flat(pdf_text(pdf, tmp_path, layout=False))
        for phrase in ("研修効果レポート", "カークパトリック評価", "費用内訳", "比較群", "東京"):
            assert phrase in text, phrase
        assert "とても分かりやすく" in text
        assert Fmt("ja").percent(float(roi["roi_percent"]), 1) in text
        # a checkpoint ("+30日") never breaks inside its table cell ("+30" over "日")
        assert "日" in text and re.search(r"\+\d+ 日", text) is None, text
        # the test clock moves by whole days from 01:00 UTC: 10:00 in Tokyo, the zone of the
        # report's "as of" date
        # read as a Japanese reader writes it, with the zone named: it read 「作成日
        # 2026/11/30 10:00:00」 (a slashed date, seconds, and no zone)
        assert re.search(r"作成日時 \d{4}年\d{1,2}月\d{1,2}日 10:00（日本標準時）", text), text[
            :300
        ]
        # amounts read ￥…, the participants' hourly rate too (it read "× 6,500 JPY")
        assert "JPY" not in text and "￥" in text
        assert_no_blank_page(pdf, tmp_path)

    async def test_nothing_measured_yet_says_so(self, staff_client: Any, tmp_path: Path) -> None:
        client = await staff_client("cs")
        response = await client.post(
            "/api/workshops",
            json={
                "title": "Next month's workshop",
                "kind": "customer",
                "held_on": "2026-12-20",
                "facilitator": "Mika",
                "costs": {"facilitator": "300000"},
            },
        )
        assert response.status_code == 201, response.text
        wid = response.json()["id"]
        levels = (await client.get(f"/api/workshops/{wid}/kirkpatrick")).json()
        assert levels["level5_roi"]["basis"] == "no_data"  # the API's −100 % convention
        pdf, _ = await fetch_pdf(client, f"/api/workshops/{wid}/report.pdf?lang=en")
        text = flat(pdf_text(pdf, tmp_path))
        assert "Not measurable yet" in text
        assert "pending" in text and "not measured" in text
        assert "-100" not in text and "−100" not in text  # no invented ROI
        assert "JP¥300,000" in text
        assert_no_blank_page(pdf, tmp_path)

    async def test_guards(self, client: Any, staff_client: Any, measured: dict[str, Any]) -> None:
        wid = measured["workshop_id"]
        assert (await client.get(f"/api/workshops/{wid}/report.pdf")).status_code == 401
        assert (await client.get("/api/workshops/report.pdf")).status_code == 401
        client = await staff_client("manager", "boss@example.com")
        assert (await client.get("/api/workshops/999/report.pdf")).status_code == 404


class TestPortfolioReport:
    async def test_ranked_roi_equals_the_api(
        self, staff_client: Any, measured: dict[str, Any], tmp_path: Path
    ) -> None:
        client = await staff_client("manager", "boss@example.com")
        rows = (await client.get("/api/workshops/portfolio")).json()
        row = next(r for r in rows if r["workshop_id"] == measured["workshop_id"])
        pdf, _ = await fetch_pdf(client, "/api/workshops/report.pdf?lang=en")
        text = flat(pdf_text(pdf, tmp_path))
        fmt = Fmt("en")
        assert "Adoption workshop" in text
        assert fmt.percent(float(row["roi_percent"]), 1) in text
        low, high = (float(v) for v in row["roi_percent_ci"])
        assert fmt.percent(low, 1) in text and fmt.percent(high, 1) in text
        assert fmt.money(float(row["cost_total"]), "JPY") in text
        assert_no_blank_page(pdf, tmp_path)
        pdf, _ = await fetch_pdf(client, "/api/workshops/report.pdf?lang=ja")
        text = flat(pdf_text(pdf, tmp_path))
        assert "研修ポートフォリオ（日本円建て）" in text and "JPY" not in text

    async def test_empty_portfolio_renders(self, staff_client: Any, tmp_path: Path) -> None:
        client = await staff_client("manager")
        pdf, _ = await fetch_pdf(client, "/api/workshops/report.pdf?lang=ja")
        assert "研修ポートフォリオ" in flat(pdf_text(pdf, tmp_path, layout=False))
