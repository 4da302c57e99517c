"""Attack 4 of issue #12 between two calls: eNPS figures move only by whole releases.

A reader calls every eNPS output, waits until one known colleague answers (or edits an
answer), and calls again. Every output must be identical; only after the floor-th new answer
(or when the survey closes) do the figures advance.
"""

from __future__ import annotations

import asyncio
from typing import Any

from analytics import releases
from analytics.tables import EnpsRelease
from surveys.tables import Response, Survey
from tests.analytics.factories import add_response, make_survey
from tests.analytics.test_disclosure_attacks import SECRET, load, population

JSON_PATHS = (
    "scores",
    "breakdown?by=department",
    "breakdown?by=team",
    "breakdown?by=region",
    "breakdown?by=language",
    "breakdown?by=version",
    "breakdown?by=month",
    "trend?granularity=month",
    "sentiment?by=department",
    "comments",
    "comments?by=department",
    "themes",
    "praise",
)


async def snapshot(client: Any, survey: int) -> dict[str, Any]:
    """Everything an hr reader can fetch about the survey, minus the release bookkeeping."""
    out: dict[str, Any] = {}
    for path in JSON_PATHS:
        response = await client.get(f"/api/surveys/{survey}/analytics/{path}")
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        if path == "scores":
            out["release"] = body.pop("release")
        out[path] = body
    csv = await client.get(f"/api/surveys/{survey}/responses.csv")
    assert csv.status_code == 200, csv.text
    out["responses.csv"] = csv.text
    return out


def figures(shot: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in shot.items() if k != "release"}


async def test_one_new_answer_changes_no_published_figure(staff_client: Any) -> None:
    survey = await load(population())
    client = await staff_client("hr")
    before = await snapshot(client, survey)
    assert before["release"]["number"] == 1 and before["scores"]["responses"] == 24
    # a known colleague answers: a detractor in the smallest published department
    await add_response(
        survey,
        0,
        "the queues are unbearable",
        {"department": "Support", "team": "Support", "region": "West"},
        sentiment=(-0.9, "negative"),
    )
    after = await snapshot(client, survey)
    assert figures(after) == figures(before)
    assert after["release"]["number"] == 1
    assert after["release"]["answers_waiting"] == 1
    assert after["release"]["released_at"] == before["release"]["released_at"]
    assert "unbearable" not in str(after)


async def test_one_edited_answer_changes_no_published_figure(staff_client: Any) -> None:
    people = population()
    survey = await load(people)
    client = await staff_client("hr")
    before = await snapshot(client, survey)
    target = next(p for p in people if p.comment == SECRET)
    await Response.update(
        {
            Response.nps_score: 10,
            Response.comment: "actually all is fine now",
            Response.sentiment_label: "positive",
            Response.sentiment_polarity: 0.8,
        }
    ).where(Response.id == target.pid)
    after = await snapshot(client, survey)
    assert figures(after) == figures(before)
    assert after["release"]["answers_waiting"] == 1
    assert "all is fine now" not in str(after)


async def test_figures_advance_after_the_floor_th_new_answer(staff_client: Any) -> None:
    survey = await load(population())
    client = await staff_client("hr")
    before = await snapshot(client, survey)
    attrs = {"department": "Sales", "team": "Sales-1", "region": "East"}
    # the survey collects comments, so releases step by the comment floor (10), not 5: the
    # comments new in a release must be at least ten people's; and while it is open, by half
    # the answers already released (24 / 2 = 12)
    assert before["release"]["every"] == 12
    for i in range(11):
        await add_response(survey, 0, "", attrs)
        now = await snapshot(client, survey)
        assert figures(now) == figures(before), i
        assert now["release"]["answers_waiting"] == i + 1
    await add_response(survey, 0, "", attrs)  # the twelfth: a release of twelve answers
    after = await snapshot(client, survey)
    assert after["release"]["number"] == 2 and after["release"]["answers_waiting"] == 0
    assert after["scores"]["responses"] == 36
    assert after["scores"]["score"]["detractors"] == before["scores"]["score"]["detractors"] + 12
    # and the page says when figures were released and what is waiting
    await add_response(survey, 9, "", attrs)
    page = await client.get(f"/surveys/{survey}/results/")
    assert page.status_code == 200
    assert "Figures last released" in page.text
    assert "1 new answers waiting: figures update after every 18 new answers" in page.text


async def test_without_comments_figures_step_by_the_floor(staff_client: Any) -> None:
    survey = await make_survey("enps")
    for i in range(12):
        await add_response(survey, 9 if i % 2 else 7, "", {"department": "Sales"})
    client = await staff_client("hr")
    before = await snapshot(client, survey)
    for i in range(5):
        await add_response(survey, 0, "", {"department": "Sales"})
        assert figures(await snapshot(client, survey)) == figures(before), i
    await add_response(survey, 0, "", {"department": "Sales"})  # the sixth: half of 12
    after = await snapshot(client, survey)
    assert after["release"]["number"] == 2 and after["scores"]["responses"] == 18
    assert after["release"]["every"] == 9
    # a closed survey releases its last answers from the floor (5) on
    await Survey.update({Survey.status: "closed"}).where(Survey.id == survey)
    for _ in range(5):
        await add_response(survey, 0, "", {"department": "Sales"})
    closed = await snapshot(client, survey)
    assert closed["release"]["number"] == 3 and closed["scores"]["responses"] == 23


async def test_closing_releases_no_batch_under_the_floor(staff_client: Any) -> None:
    """hr can close and reopen at will: closing must not hand out the few answers waiting
    (two late promoters stay out of the final figures; ten would make a release)."""
    survey = await load(population())
    client = await staff_client("hr")
    before = await snapshot(client, survey)
    attrs = {"department": "Sales", "team": "Sales-1", "region": "East"}
    for _ in range(2):
        await add_response(survey, 10, "", attrs)
    assert figures(await snapshot(client, survey)) == figures(before)
    await Survey.update({Survey.status: "closed"}).where(Survey.id == survey)
    closed = await snapshot(client, survey)
    assert figures(closed) == figures(before)
    assert closed["release"]["number"] == 1 and closed["release"]["answers_waiting"] == 2
    assert closed["release"]["final"] is False
    for _ in range(8):
        await add_response(survey, 10, "", attrs)  # answers that were already on their way
    final = await snapshot(client, survey)
    assert final["release"]["final"] is True and final["release"]["number"] == 2
    assert final["release"]["answers_waiting"] == 0
    assert final["scores"]["responses"] == 34
    assert final["scores"]["score"]["promoters"] == before["scores"]["score"]["promoters"] + 10


async def test_fewer_than_the_floor_publish_nothing_until_the_first_release(
    staff_client: Any,
) -> None:
    survey = await make_survey("enps")
    client = await staff_client("hr")
    for i in range(4):
        await add_response(survey, 9, "", {"department": "Sales"})
        body = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert body["score"]["suppressed"] and body["release"]["number"] == 0
        assert body["release"]["answers_waiting"] == i + 1
    await add_response(survey, 9, "", {"department": "Sales"})
    body = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
    assert body["release"]["number"] == 1 and body["responses"] == 5


async def test_instances_cutting_at_once_persist_one_release(client: Any, monkeypatch: Any) -> None:
    survey = await make_survey("enps")
    for _ in range(6):
        await add_response(survey, 9, "")
    live = await Response.select().where(Response.survey == survey)
    got = await asyncio.gather(
        *(releases.current_release(survey, live, 5, False) for _ in range(4))
    )
    assert {r.number for r in got} == {1}
    rows = await EnpsRelease.select().where(EnpsRelease.survey_id == survey)
    assert len(rows) == 1 and rows[0]["answers"] == 6
    # another instance cuts release 2 between this instance's read and its insert: the
    # unique key refuses the second insert and this instance renders the other's release
    for _ in range(5):
        await add_response(survey, 0, "")
    live = await Response.select().where(Response.survey == survey)
    stale = await releases._latest(survey)
    await EnpsRelease.insert(
        EnpsRelease(survey_id=survey, release_no=2, answers=0, fingerprint="x", frozen="[]")
    )
    real_latest = releases._latest
    calls = []

    async def latest_read_before_the_other_insert(survey_id: int) -> Any:
        calls.append(survey_id)
        return stale if len(calls) == 1 else await real_latest(survey_id)

    monkeypatch.setattr(releases, "_latest", latest_read_before_the_other_insert)
    second = await releases.current_release(survey, live, 5, False)
    assert len(calls) == 2  # the insert failed and the release was read again
    assert second.number == 2 and second.rows == []
    numbers = await EnpsRelease.select(EnpsRelease.release_no).where(
        EnpsRelease.survey_id == survey
    )
    assert sorted(r["release_no"] for r in numbers) == [1, 2]


async def test_customer_surveys_stay_live(staff_client: Any) -> None:
    survey = await make_survey("nps")
    client = await staff_client("cs")
    for _ in range(3):
        await add_response(survey, 9, "")
    first = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
    await add_response(survey, 0, "")
    second = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
    assert first["release"] is None and second["responses"] == first["responses"] + 1
    assert await EnpsRelease.count().where(EnpsRelease.survey_id == survey) == 0


async def test_erasure_reaches_the_released_copy(staff_client: Any) -> None:
    from app.clock import FrozenClock
    from app.lifecycle import erase_person
    from surveys.tables import Contact, Invitation

    people = population()
    survey = await load(people)
    client = await staff_client("hr")
    before = await snapshot(client, survey)
    assert before["release"]["number"] == 1
    target = next(p for p in people if p.comment == SECRET)
    invitation = await Response.select(Response.invitation).where(Response.id == target.pid)
    contact = await Invitation.select(Invitation.contact).where(
        Invitation.id == invitation[0]["invitation"]
    )
    email = (await Contact.select(Contact.email).where(Contact.id == contact[0]["contact"]))[0]
    assert (await erase_person(email["email"], FrozenClock())).found
    frozen = await EnpsRelease.select(EnpsRelease.frozen).where(EnpsRelease.survey_id == survey)
    assert frozen and all(SECRET not in r["frozen"] for r in frozen)
    after = await snapshot(client, survey)
    assert after["release"]["number"] == 1 and after["release"]["answers_waiting"] == 0
    assert after["scores"] == before["scores"]  # still counted, just unnamed
