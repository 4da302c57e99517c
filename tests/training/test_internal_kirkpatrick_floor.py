"""Issue 12: an internal workshop's Kirkpatrick L1/L2 figures are employees' figures.

With 3 answering employees (under the floor of 5) neither the API, the workshop page nor the
PDF shows a reaction or quiz figure ("hidden to protect anonymity"), and no employee quiz
extreme (min/max) or per-person quiz score is ever shown; from the floor on the figures show;
a customer workshop with 3 answers is unchanged.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from app.clock import FrozenClock
from app.settings import Settings
from surveys.tables import OutboxMessage, Survey
from tests.training.test_internal_feedback import ANSWER, _pdf_text, _workshop
from tests.training.test_report_api import fetch_pdf
from training import jobs
from training.services import _behaviour
from training.surveys_link import SurveyAnswers
from training.tables import Participant

HTML = {"accept": "text/html"}
#: (csat, recommend) of the answering people, in order; quiz scores of the same people.
ANSWERS = [(5, 10), (4, 9), (2, 2), (5, 10), (1, 0), (4, 8), (1, 0)]
QUIZ = [41.0, 77.0, 93.0, 64.0, 58.0, 86.0, 50.0]


async def _answer(settings: Settings, clock: FrozenClock, client: Any, workshop_id: int, n: int):
    """The first ``n`` participants answer the day-0 survey and have a quiz score."""
    await jobs.run_due_checkpoints(settings, clock, "test")
    survey = (
        await Survey.select()
        .where((Survey.workshop_id == workshop_id) & (Survey.checkpoint_days == 0))
        .first()
    )
    assert survey is not None
    bodies = await OutboxMessage.select(OutboxMessage.body).where(
        (OutboxMessage.survey == survey["id"]) & (OutboxMessage.kind == "invitation")
    )
    for (csat, recommend), row in zip(ANSWERS[:n], bodies, strict=False):
        message = email.message_from_string(row["body"], policy=email.policy.default)
        token = ANSWER.search(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        assert token
        answers = {"csat": csat, "recommend": recommend, "confidence": 3}
        saved = await client.post(f"/r/{token.group(1)}", json={"answers": answers})
        assert saved.status_code == 200, saved.text
    people = await Participant.select(Participant.id).where(Participant.workshop == workshop_id)
    for person, score in zip(sorted(p["id"] for p in people), QUIZ[:n], strict=False):
        await Participant.update({Participant.quiz_score: score}).where(Participant.id == person)


def _expected(n: int) -> tuple[str, str, str]:
    """The NPS, CSAT % and quiz mean of the first ``n`` answers, as the PDF prints them."""
    scores = [r for _, r in ANSWERS[:n]]
    nps = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / n
    csat = 100 * sum(c >= 4 for c, _ in ANSWERS[:n]) / n
    return f"{nps:.1f}", f"{csat:.1f}", f"{sum(QUIZ[:n]) / n:.2f}"


async def _read(client: Any, workshop_id: int, tmp_path: Path, lang: str = "en"):
    api = (await client.get(f"/api/workshops/{workshop_id}/kirkpatrick")).json()
    people = (await client.get(f"/api/workshops/{workshop_id}/participants")).json()
    page = (await client.get(f"/workshops/{workshop_id}?lang={lang}", headers=HTML)).text
    pdf, _ = await fetch_pdf(client, f"/api/workshops/{workshop_id}/report.pdf?lang={lang}")
    return api, people, page, _pdf_text(pdf, tmp_path)


async def test_internal_workshop_with_three_answers_shows_no_reaction_or_quiz_figure(
    staff_client: Any, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    workshop_id = await _workshop(settings, clock, "internal")
    client = await staff_client("manager")
    await _answer(settings, clock, client, workshop_id, 3)
    nps, csat, quiz = _expected(3)
    for role in ("manager", "cs"):
        client = await staff_client(role, f"{role}-reader@example.com")
        api, people, page, pdf = await _read(client, workshop_id, tmp_path)
        l1, l2 = api["level1_reaction"], api["level2_learning"]
        assert l1["status"] == "hidden" and l1["responses"] == 3
        assert l1["nps"] is None and l1["csat_percent"] is None and l1["mean_sentiment"] is None
        assert l2["status"] == "hidden" and l2["n"] == 3
        assert [l2[f] for f in ("mean", "sd", "min", "max")] == [None] * 4
        assert "hidden to protect anonymity" in l1["note"]
        assert all(p["quiz_score"] is None for p in people) and len(people) == 12
        assert page.count("hidden to protect anonymity") >= 2, page
        assert "NPS " not in page and "CSAT " not in page and "/ 100" not in page
        assert "hidden to protect anonymity" in pdf
        for figure in (nps, csat, quiz, quiz[:-1], "93", "41"):
            assert figure not in pdf, (role, figure)
    _, _, page, pdf = await _read(client, workshop_id, tmp_path, "ja")
    assert "匿名性保護のため非表示" in page and "匿名性保護のため非表示" in pdf
    assert nps not in pdf and csat not in pdf


async def test_internal_workshop_at_the_floor_shows_figures_but_no_quiz_extremes(
    staff_client: Any, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    assert settings.min_group_size <= 6
    workshop_id = await _workshop(settings, clock, "internal")
    client = await staff_client("manager")
    await _answer(settings, clock, client, workshop_id, 6)
    nps, csat, quiz = _expected(6)
    api, people, page, pdf = await _read(client, workshop_id, tmp_path)
    l1, l2 = api["level1_reaction"], api["level2_learning"]
    assert l1["status"] == "ok" and f"{l1['nps']:.1f}" == nps
    assert f"{l1['csat_percent']:.1f}" == csat
    assert f"{l2['mean']:.2f}" == quiz and l2["sd"] is not None
    assert l2["min"] is None and l2["max"] is None  # one person's score: never
    assert all(p["quiz_score"] is None for p in people)
    assert f"NPS {float(nps):+.0f}" in page and f"{float(quiz):.1f} / 100" in page
    assert nps in pdf and csat in pdf and quiz in pdf
    assert "hidden to protect anonymity" not in page


async def test_internal_workshop_reaction_does_not_move_by_one_answer(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    """A manager who reads L1 before and after one colleague answers learns nothing: the
    figures come from the day-0 survey's release and move only in batches of the floor."""
    workshop_id = await _workshop(settings, clock, "internal")
    client = await staff_client("manager")
    await _answer(settings, clock, client, workshop_id, 6)
    url = f"/api/workshops/{workshop_id}/kirkpatrick"
    before = (await client.get(url)).json()["level1_reaction"]
    assert before["status"] == "ok" and f"{before['nps']:.1f}" == _expected(6)[0]
    await _answer(settings, clock, client, workshop_id, 7)  # the 7th is a detractor
    after = (await client.get(url)).json()["level1_reaction"]
    assert _expected(7)[0] != _expected(6)[0]  # live figures would have moved
    for field in ("nps", "csat_percent", "mean_sentiment"):
        assert after[field] == before[field], field
    assert after["responses"] == 7


async def test_customer_workshop_with_three_answers_is_unchanged(
    staff_client: Any, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    workshop_id = await _workshop(settings, clock, "customer")
    client = await staff_client("manager")
    await _answer(settings, clock, client, workshop_id, 3)
    nps, csat, quiz = _expected(3)
    api, people, page, pdf = await _read(client, workshop_id, tmp_path)
    l1, l2 = api["level1_reaction"], api["level2_learning"]
    assert l1["status"] == "ok" and f"{l1['nps']:.1f}" == nps
    assert f"{l2['mean']:.2f}" == quiz and (l2["min"], l2["max"]) == (41.0, 93.0)
    assert sorted(p["quiz_score"] for p in people if p["quiz_score"] is not None) == [
        41.0,
        77.0,
        93.0,
    ]
    assert f"NPS {float(nps):+.0f}" in page and "hidden to protect anonymity" not in page
    assert nps in pdf and csat in pdf and quiz in pdf


def test_behaviour_checkpoint_under_the_floor_is_hidden_and_at_the_floor_shown() -> None:
    """L3: each follow-up checkpoint's share is over its whole survey, shown from the floor."""

    def survey(day: int, n: int) -> SurveyAnswers:
        rows = [{"applied_frequency": "weekly" if i % 2 else "never"} for i in range(n)]
        return SurveyAnswers(day, day, "training_followup", 12, rows, [], [])

    # _behaviour reads only the checkpoints' days
    outcomes: Any = [SimpleNamespace(offset_days=day) for day in (30, 90)]
    answers = [survey(30, 4), survey(90, 6)]
    hidden, shown = _behaviour(outcomes, answers, 5)
    assert (hidden.status, hidden.mean_score, hidden.responses) == ("hidden", None, 4)
    assert (shown.status, shown.mean_score) == ("ok", 50.0)
    customer = _behaviour(outcomes, answers, None)
    assert [p.mean_score for p in customer] == [50.0, 50.0]


async def test_checkpoint_surveys_link_only_to_results_the_reader_may_open(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    """An internal training's checkpoint surveys are employee surveys: the workshop page
    linked a manager to their results, which answered 403. Every results link on the page
    opens for the role that sees it; a reader who may not open one sees the survey number
    without a link."""
    import re

    internal = await _workshop(settings, clock, "internal")
    customer = await _workshop(settings, clock, "customer")
    await jobs.run_due_checkpoints(settings, clock, "test")
    for role, workshop_id, linked in (
        ("manager", internal, False),
        ("manager", customer, True),
        ("hr", internal, True),
        ("admin", internal, True),
    ):
        # one client, signed in again as each role (the fixture shares its cookie jar)
        client = await staff_client(role, f"{role}-{workshop_id}@example.com")
        page = await client.get(f"/workshops/{workshop_id}", headers=HTML)
        assert page.status_code == 200, (role, page.status_code)
        links = re.findall(r'href="(/surveys/\d+/results)"', page.text)
        assert bool(links) == linked, (role, workshop_id, links)
        for link in links:
            assert (await client.get(link, headers=HTML)).status_code == 200, (role, link)
        if not linked:
            assert "data-survey-not-readable" in page.text
