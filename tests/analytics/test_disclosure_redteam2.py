"""Second red team of eNPS confidentiality: figures over *who answered an item*.

The first red team (:mod:`tests.analytics.test_disclosure_redteam`) closed differencing of
groups. These attacks use that a figure about a question is over those who answered that
question, not over the group the plan admitted:

* a rating question added to the survey after launch (version 2) is answered only by those
  who answered version 2: the overall rating's ``n`` and mean are theirs, although the
  version-2 group is hidden for being under the floor;
* key drivers run over the answers that rate every driver (listwise deletion), however few;
* in the row export, whether a row holds an answer to a later or optional question marks the
  row as a column would, after the guard dropped the version column for being too small.

Each attack goes through the HTTP app as an hr reader and is checked by counting people,
independently of the guard; a Hypothesis property checks the rule over random populations.
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.disclosure import ANSWERED, Person, build_plan, item_members
from surveys.tables import SurveyVersion
from tests.analytics.factories import add_response, make_survey

K = 5
NPS = {
    "key": "recommend",
    "type": "nps",
    "required": True,
    "text": {"en": "Recommend?", "ja": "推奨"},
}
PULSE = {
    "key": "pulse",
    "type": "rating",
    "scale": 5,
    "required": False,
    "text": {"en": "My manager listens to me", "ja": "上司は話を聞く"},
}


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


async def survey_with_late_question(late: int) -> int:
    """20 colleagues answered version 1; ``late`` answered version 2, which added PULSE."""
    survey = await make_survey("enps", questions=[NPS])
    await SurveyVersion(survey=survey, number=2, questions=[NPS, PULSE]).save()
    for i in range(20):
        await add_response(survey, (9, 10, 8, 7, 6)[i % 5], "", {"department": "Sales"})
    for _ in range(late):
        await add_response(survey, 2, "", {"department": "Sales"}, answers={"pulse": 1}, version=2)
    return survey


class TestQuestionAddedAfterLaunch:
    """hr adds a question mid-survey; the one colleague who answers after the change (back
    from leave, say) is the only person with an answer to it."""

    async def test_the_new_question_does_not_give_the_late_answer_away(
        self, staff_client: Any
    ) -> None:
        survey = await survey_with_late_question(1)
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert body["score"]["n"] == 21  # the late answer is released with the others
        # an eNPS rating item is a key driver (analytics.driver_items): no mean, share or
        # correlation over the one answer that holds it
        assert all(r["key"] != "pulse" for r in body["ratings"]), body["ratings"]
        drivers = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert not 0 < drivers["n"] < K, drivers
        assert drivers["drivers"] == [], drivers
        # the version breakdown hides the late wave, and the rating no longer undoes it
        versions = (
            await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=version")
        ).json()
        assert "2" not in {seg["group"] for seg in versions["segments"]}
        page = await client.get(f"/surveys/{survey}/results")
        assert page.status_code == 200

    async def test_the_export_row_holding_the_new_answer_is_not_singled_out(
        self, staff_client: Any
    ) -> None:
        survey = await survey_with_late_question(1)
        client = await staff_client("hr")
        response = await client.get(f"/api/surveys/{survey}/responses.csv")
        assert response.status_code == 200, response.text
        rows = csv_rows(response.text)
        assert len(rows) == 21
        holding = [r for r in rows if r.get("pulse")]
        assert not 0 < len(holding) < K, holding  # the late colleague's row and class

    async def test_a_late_wave_of_the_floor_still_shows_its_answers(
        self, staff_client: Any
    ) -> None:
        # the export's floor is the comment floor (10) once the survey could carry comments
        survey = await survey_with_late_question(10)
        client = await staff_client("hr")
        drivers = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        # the ten late colleagues are the analysis (all rated it 1: nothing to explain)
        assert drivers["n"] == 10, drivers
        assert any("Everyone rated pulse 1" in m for m in drivers["messages"]), drivers
        rows = csv_rows((await client.get(f"/api/surveys/{survey}/responses.csv")).text)
        assert len([r for r in rows if r.get("pulse")]) == 10


class TestDriversListwise:
    """Key drivers keep only answers that rate every driver: with optional drivers, four
    colleagues who rated them are the whole analysis (means, correlations, "everyone rated
    it 4"), although the survey has twenty answers."""

    async def test_drivers_over_fewer_than_the_floor_are_hidden(self, staff_client: Any) -> None:
        survey = await make_survey("enps")
        for i in range(16):
            await add_response(survey, (9, 10, 8, 6)[i % 4], "", {"department": "Sales"})
        for i, (a, b) in enumerate(((1, 2), (2, 4), (4, 3), (5, 5))):
            await add_response(
                survey,
                (1, 4, 8, 10)[i],
                "",
                {"department": "Sales"},
                answers={"driver_support": a, "driver_product": b},
            )
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert not (body["drivers"] and body["n"] < K), body
        assert body["drivers"] == []
        pdf = await client.get(f"/api/surveys/{survey}/analytics/report.pdf")
        assert pdf.status_code in (200, 202)

    async def test_drivers_rated_by_enough_people_still_show(self, staff_client: Any) -> None:
        survey = await make_survey("enps")
        for i in range(12):
            await add_response(
                survey,
                (9, 10, 8, 6, 3, 7)[i % 6],
                "",
                {"department": "Sales"},
                answers={"driver_support": 1 + i % 5, "driver_product": 1 + (i * 2) % 5},
            )
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert body["n"] == 12 and len(body["drivers"]) == 2


# -- the rule as a property -----------------------------------------------------------------


@st.composite
def answered_populations(draw: Any) -> tuple[list[Person], frozenset[int], int]:
    size = draw(st.integers(min_value=5, max_value=22))
    floor = draw(st.sampled_from([3, 4, 5]))
    people = []
    answered = set()
    for pid in range(size):
        version = draw(st.sampled_from(["1", "1", "2", "3"]))
        dims = {
            "department": draw(st.sampled_from(["A", "B"])),
            "language": "en",
            "version": version,
            "month": "2026-11",
        }
        people.append(Person(id=pid, dims=dims))
        # a question of later versions only, or optional in any version
        if version != "1" or draw(st.integers(min_value=0, max_value=3)) == 0:
            if draw(st.integers(min_value=0, max_value=5)) > 0:
                answered.add(pid)
    return people, frozenset(answered), floor


@given(answered_populations())
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_item_figures_over_whole_waves_isolate_no_small_set(
    population: tuple[list[Person], frozenset[int], int],
) -> None:
    """Ratings are published over everyone and over any union of whole waves the reader
    asks for (``scores?version=`` / periods): every such figure, and every difference of
    two, is over 0 or at least k of those who answered the item."""
    people, answered, floor = population
    plan = build_plan(people, ["department", "language", "version", "month"], floor, 10)
    waves = plan.cells["version"]
    candidates = [plan.everyone] + [
        frozenset().union(*(waves[w] for w in chosen))
        for size in range(1, len(waves) + 1)
        for chosen in itertools.combinations(sorted(waves), size)
    ]
    published = [
        used
        for members in candidates
        if plan.total_published
        for used in [item_members(plan, answered, members)]
        if used is not None
    ]
    for used in published:
        assert len(used) == 0 or len(used) >= floor
    for a, b in itertools.combinations(published, 2):
        for rest in (a - b, b - a):
            assert len(rest) == 0 or len(rest) >= floor, (sorted(a), sorted(b))


def test_a_late_question_is_a_column_of_the_export() -> None:
    """The export treats "answered this question" as a quasi-identifier."""
    people = [
        Person(
            id=i,
            dims={
                "version": "2" if i == 0 else "1",
                "language": "en",
                "month": "2026-11",
                ANSWERED + "pulse": "yes" if i == 0 else "no",
            },
        )
        for i in range(12)
    ]
    plan = build_plan(
        people,
        ["language", "version", "month"],
        K,
        10,
        export_dims=["version", "language", ANSWERED + "pulse"],
    )
    assert plan.export is not None
    assert ANSWERED + "pulse" in plan.export.dropped
    assert all(len(c) >= K for c in plan.export.classes())


class TestArrivalOrder:
    """Comments carry no time and are listed in an order that says nothing about arrival,
    so every eNPS output must be the same whichever order the same answers arrived in.
    Theme examples broke ties of equal polarity by the order answers arrived: of two quotes
    with the same polarity, the one shown first was written first (the first to answer after
    a team meeting, say)."""

    @staticmethod
    def answers() -> list[tuple[int, str, str, tuple[float, str], dict[str, int]]]:
        rows = []
        for i in range(12):
            rows.append(
                (
                    (9, 7, 3, 10)[i % 4],
                    f"the rota changes every week, note {i:02d}",
                    ("Sales", "Support")[i % 2],
                    (0.0, "neutral"),
                    {"driver_support": 1 + i % 5, "driver_product": 1 + (i * 3) % 5},
                )
            )
        return rows

    async def outputs(self, client: Any, survey: int) -> dict[str, Any]:
        base = f"/api/surveys/{survey}/analytics"
        out: dict[str, Any] = {}
        for name, url in (
            ("scores", f"{base}/scores"),
            ("breakdown", f"{base}/breakdown?by=department"),
            ("comments", f"{base}/comments"),
            ("themes", f"{base}/themes"),
            ("themes_ja", f"{base}/themes?lang=ja"),
            ("praise", f"{base}/praise"),
            ("drivers", f"{base}/drivers"),
        ):
            body = (await client.get(url)).json()
            body.pop("survey_id", None)
            if name == "scores":
                body.pop("release", None)  # when each survey's release was cut
            out[name] = body
        out["csv"] = (await client.get(f"/api/surveys/{survey}/responses.csv")).text
        return out

    async def test_outputs_do_not_depend_on_who_answered_first(self, staff_client: Any) -> None:
        rows = self.answers()
        surveys = []
        for order in (rows, list(reversed(rows))):
            survey = await make_survey("enps")
            for score, comment, department, sentiment, ratings in order:
                await add_response(
                    survey,
                    score,
                    comment,
                    {"department": department},
                    sentiment=sentiment,
                    answers=ratings,
                )
            surveys.append(survey)
        client = await staff_client("hr")
        first, second = [await self.outputs(client, s) for s in surveys]
        assert first["themes"]["themes"], first["themes"]  # the theme and its quotes show
        assert first["themes"]["themes"][0]["examples"]
        assert first["drivers"]["drivers"] and first["drivers"]["drivers"][0]["ci_low"] is not None
        for name in first:
            assert first[name] == second[name], name


class TestFloorLoweredOnALiveSurvey:
    """The floors are service settings. Restarted with ``VOC_MIN_GROUP_SIZE=3`` (for a new,
    smaller team's survey, say), a live survey already released under 5 showed its group of
    three and, with the comment floor at 3, each department's comments: figures and
    sentences its earlier releases had withheld, of people who answered under the promise
    of 5 and 10."""

    async def test_a_survey_keeps_the_floors_it_was_released_under(
        self, staff_client: Any, app: Any
    ) -> None:
        import dataclasses

        survey = await make_survey("enps")
        sizes = {"A": 6, "B": 6, "C": 3}
        for department, size in sizes.items():
            for i in range(size):
                await add_response(
                    survey,
                    (10, 8, 2)[i % 3],
                    f"{department} comment {i}: the rota",
                    {"department": department},
                    sentiment=(0.1, "positive"),
                )
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        before = (await client.get(f"{base}/breakdown?by=department")).json()
        assert before["total"]["n"] == 15
        app.state.settings = dataclasses.replace(
            app.state.settings, min_group_size=3, enps_comment_min_group=3
        )
        after = (await client.get(f"{base}/breakdown?by=department")).json()
        shown = {seg["group"]: seg["score"]["n"] for seg in after["segments"]}
        assert all(n >= K for n in shown.values()), shown
        assert "C" not in shown
        assert after["min_group_size"] == K
        for department in sizes:
            listed = (await client.get(f"{base}/comments?by=department&group={department}")).json()
            assert listed["comments"] == [], (department, listed)
        csv_text = (await client.get(f"/api/surveys/{survey}/responses.csv")).text
        assert "department" not in csv_text.splitlines()[0]  # 3 in C: not a column at 5/10


@st.composite
def export_populations(draw: Any) -> tuple[list[Person], list[str], int]:
    size = draw(st.integers(min_value=5, max_value=30))
    floor = draw(st.sampled_from([3, 4, 5]))
    items = ["pulse", "growth", "why"]
    people = []
    for pid in range(size):
        version = draw(st.sampled_from(["1", "1", "2"]))
        dims = {
            "department": draw(st.sampled_from(["A", "B", "C"])),
            "language": draw(st.sampled_from(["en", "en", "ja"])),
            "version": version,
            "month": "2026-11",
        }
        for item in items:
            late = item == "growth" and version == "1"  # added in version 2
            given = not late and draw(st.integers(min_value=0, max_value=4)) > 0
            dims[ANSWERED + item] = "yes" if given else "no"
        people.append(Person(id=pid, dims=dims, has_comment=draw(st.booleans())))
    return people, items, floor


@given(export_populations())
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_rows_are_k_anonymous_on_the_questions_they_answer(
    population: tuple[list[Person], list[str], int],
) -> None:
    """What a reader sees of a row: its kept columns and which shown questions it answers
    (a blank cell or not). Every such combination holds at least the export's floor."""
    people, items, floor = population
    varying = [
        ANSWERED + item for item in items if len({p.dims[ANSWERED + item] for p in people}) > 1
    ]
    plan = build_plan(
        people,
        ["department", "language", "version", "month"],
        floor,
        10,
        export_dims=["version", "language", "department", *varying],
    )
    if plan.export is None:
        return
    export = plan.export
    shown_items = [ANSWERED + item for item in items if ANSWERED + item not in export.dropped]
    real_columns = [c for c in export.columns if not c.startswith(ANSWERED)]
    seen: dict[tuple[str, ...], int] = {}
    for person in people:
        shown = export.values[person.id]
        visible = tuple(shown[export.columns.index(c)] for c in real_columns) + tuple(
            person.dims[i] for i in shown_items
        )
        seen[visible] = seen.get(visible, 0) + 1
    assert min(seen.values()) >= export.k, seen


class TestWaveDays:
    """``scores?until=D`` names the waves it covers. Waves were placed by the days of their
    released answers, so stepping ``until`` (or ``since``) a day at a time read off the day
    the first and the last answer of each wave came in: the two colleagues of a hidden
    version 2 answered on the 11th. The PDF rounds its period to whole months for this very
    reason; waves now span the days their version was the survey's current one."""

    async def test_the_wave_message_does_not_move_with_answer_days(self, staff_client: Any) -> None:
        import datetime as dt

        survey = await make_survey("enps", questions=[NPS])
        day = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)
        await SurveyVersion.update({SurveyVersion.created_at: day - dt.timedelta(days=9)}).where(
            SurveyVersion.survey == survey
        )
        await SurveyVersion(
            survey=survey,
            number=2,
            questions=[NPS, PULSE],
            created_at=day - dt.timedelta(days=5),
        ).save()
        for i in range(20):
            await add_response(survey, (9, 10, 8, 7, 6)[i % 5], "", {}, submitted_at=day)
        for i in range(2):
            await add_response(
                survey,
                2,
                "",
                {},
                submitted_at=day + dt.timedelta(days=1 + 3 * i),
                version=2,
            )
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/scores"
        messages = set()
        for offset in range(-2, 8):
            for param in ("until", "since"):
                when = (day + dt.timedelta(days=offset)).date()
                body = (await client.get(f"{url}?{param}={when}")).json()
                messages.add((param, body["score"]["message"]))
        # versions were published on the 1st and 5th: over the days the answers came in, the
        # same waves whatever the day, so no answer's day shows
        assert len({m for p, m in messages if p == "until"}) == 1, messages
        assert len({m for p, m in messages if p == "since"}) == 1, messages
