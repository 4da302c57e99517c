"""Third red team of eNPS confidentiality: the residuals the second one left, and new attacks
that combine two outputs.

* a release cut before releases recorded their floors (``min_group_size`` 0) counted as cut
  under no floor: restarted with lower floors, its survey showed a group of three;
* an incentive's arms were guarded by the live ``VOC_MIN_GROUP_SIZE``, not by the floor the
  survey was released under;
* key drivers' correlations are over the exact 0–10 scores, while the row export gives each
  row's ratings and score class: the few score vectors consistent with both give the exact
  scores back;
* in the row export, a row without a comment is marked as such: inside one class of the file,
  the 1–4 people who wrote nothing (or the 1–4 who wrote something) are a group under the
  floor whose ratings and class are printed.

Each attack goes through the HTTP app as an hr reader and is checked independently of the
guard (brute force over the answers a reader cannot tell apart).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.disclosure import ANSWERED, Person, build_plan
from analytics.tables import EnpsRelease
from surveys.tables import Contact, Invitation
from tests.analytics.factories import add_response, make_survey

K = 5
DAY = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


async def lower_floors(app: Any) -> None:
    """The service restarted with the lowest floors the settings allow (a small team's survey)."""
    app.state.settings = dataclasses.replace(
        app.state.settings, min_group_size=3, enps_comment_min_group=3
    )


class TestReleasesBeforeFloorsWereRecorded:
    """A release cut before ``enps_release`` recorded floors holds 0 in both columns. It was
    cut under the floors of its day (5 and 10 by default), but it counted as "no floor": a
    service restarted with ``VOC_MIN_GROUP_SIZE=3`` showed its department of three."""

    async def test_a_legacy_release_keeps_the_default_floors(
        self, staff_client: Any, app: Any
    ) -> None:
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
        assert (await client.get(f"{base}/breakdown?by=department")).json()["total"]["n"] == 15
        # as the migration left releases cut before it
        await EnpsRelease.update(
            {EnpsRelease.min_group_size: 0, EnpsRelease.comment_floor: 0}, force=True
        ).where(EnpsRelease.survey_id == survey)
        await lower_floors(app)
        after = (await client.get(f"{base}/breakdown?by=department")).json()
        shown = {seg["group"]: seg["score"]["n"] for seg in after["segments"]}
        assert "C" not in shown and all(n >= K for n in shown.values()), shown
        assert after["min_group_size"] == K
        for department in sizes:
            listed = (await client.get(f"{base}/comments?by=department&group={department}")).json()
            assert listed["comments"] == [], (department, listed)
        header = (await client.get(f"/api/surveys/{survey}/responses.csv")).text.splitlines()[0]
        assert "department" not in header
        page = (await client.get(f"/surveys/{survey}/results/?by=department")).text
        assert ">C<" not in page

    async def test_a_recorded_floor_still_allows_the_settings_it_was_cut_under(
        self, staff_client: Any, app: Any
    ) -> None:
        """Legitimate use: a survey first released under 3 keeps showing its groups of 3."""
        await lower_floors(app)
        survey = await make_survey("enps")
        for department, size in {"A": 6, "B": 6, "C": 3}.items():
            for i in range(size):
                await add_response(survey, (10, 8, 2)[i % 3], "", {"department": department})
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=department")).json()
        assert {seg["group"] for seg in body["segments"]} == {"A", "B", "C"}
        assert body["min_group_size"] == 3


async def survey_with_small_holdout() -> int:
    """An eNPS survey with an incentive: 10 colleagues in the incentive arm, 4 in the holdout
    (3 of whom answered)."""
    from app.clock import SystemClock
    from surveys.services.incentives import IncentiveCreate, IncentiveService

    survey = await make_survey("enps")
    await IncentiveService(SystemClock()).create(
        survey,
        IncentiveCreate(
            kind="gift_card", name="Lunch", currency="JPY", budget="100000", unit_cost="500"
        ),
    )
    for i in range(13):
        await add_response(survey, (9, 10, 8, 7, 3)[i % 5], "", {"department": "Sales"})
    invitations = await Invitation.select(Invitation.id).where(Invitation.survey == survey)
    ids = sorted(row["id"] for row in invitations)
    await Invitation.update(
        {Invitation.queued_at: DAY, Invitation.answered_at: DAY}, force=True
    ).where(Invitation.survey == survey)
    contact = Contact(email="silent@example.com", name="Silent")
    await contact.save()
    silent = Invitation(survey=survey, contact=contact.id, attributes={}, status="sent")
    await silent.save()
    await Invitation.update({Invitation.queued_at: DAY}, force=True).where(
        Invitation.id == silent.id
    )
    await Invitation.update({Invitation.holdout: True}).where(
        Invitation.id.is_in([*ids[10:], silent.id])
    )
    return survey


class TestIncentiveFloor:
    """The incentive report read the live floor: the holdout of four (three answered) showed
    its answer count, rate and the uplift once the service ran with ``VOC_MIN_GROUP_SIZE=3``,
    although the survey was released under 5."""

    async def test_arms_follow_the_floor_the_survey_was_released_under(
        self, staff_client: Any, app: Any
    ) -> None:
        survey = await survey_with_small_holdout()
        client = await staff_client("hr")
        scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert scores["release"]["number"] == 1  # released under 5
        before = (await client.get(f"/api/surveys/{survey}/incentives")).json()[0]["uplift"]
        assert before["invited_holdout"] == 4 and before["rate_holdout"] is None
        await lower_floors(app)
        after = (await client.get(f"/api/surveys/{survey}/incentives")).json()[0]["uplift"]
        assert after["answered_holdout"] == 0 and after["rate_holdout"] is None, after
        assert after["uplift_pp"] is None

    async def test_a_legacy_release_guards_arms_at_the_default_floor(
        self, staff_client: Any, app: Any
    ) -> None:
        survey = await survey_with_small_holdout()
        client = await staff_client("hr")
        await client.get(f"/api/surveys/{survey}/analytics/scores")
        await EnpsRelease.update(
            {EnpsRelease.min_group_size: 0, EnpsRelease.comment_floor: 0}, force=True
        ).where(EnpsRelease.survey_id == survey)
        await lower_floors(app)
        after = (await client.get(f"/api/surveys/{survey}/incentives")).json()[0]["uplift"]
        assert after["rate_holdout"] is None and after["answered_holdout"] == 0, after

    async def test_arms_at_the_floor_keep_their_counts(self, staff_client: Any) -> None:
        survey = await survey_with_small_holdout()
        # one more holdout colleague: 5 invited, at the floor
        first = (
            await Invitation.select(Invitation.id)
            .where((Invitation.survey == survey) & (Invitation.holdout == False))  # noqa: E712
            .order_by(Invitation.id)
            .first()
        )
        await Invitation.update({Invitation.holdout: True}).where(Invitation.id == first["id"])
        client = await staff_client("hr")
        uplift = (await client.get(f"/api/surveys/{survey}/incentives")).json()[0]["uplift"]
        assert uplift["invited_holdout"] == 5 and uplift["answered_holdout"] == 4
        assert uplift["rate_holdout"] == 80.0


CLASS_SCORES = {
    "promoter": (9, 10),
    "passive": (7, 8),
    "detractor": (0, 1, 2, 3, 4, 5, 6),
}
#: (score, support, product, price): seven colleagues of one department, no comments
DRIVER_PEOPLE = [
    (10, 5, 4, 3),
    (9, 4, 5, 2),
    (8, 3, 3, 4),
    (7, 4, 2, 3),
    (3, 1, 2, 5),
    (5, 2, 1, 1),
    (9, 5, 3, 4),
]


def scores_consistent(rows: list[dict[str, str]], drivers: dict[str, Any]) -> list[tuple[int, ...]]:
    """Every assignment of exact scores to the export's rows (each within its printed class)
    whose driver correlations and R² round to the published ones: the reader's brute force."""
    keys = [d["key"] for d in drivers["drivers"]]
    ratings = np.array([[float(row[key]) for key in keys] for row in rows])
    published = {d["key"]: d["correlation"] for d in drivers["drivers"]}
    choices = [CLASS_SCORES[row["score_class"]] for row in rows]
    out = []
    for scores in itertools.product(*choices):
        y = np.array(scores, dtype=float)
        if np.all(y == y[0]):
            continue
        corr = [float(np.corrcoef(ratings[:, j], y)[0, 1]) for j in range(len(keys))]
        if all(round(c, 4) == published[key] for c, key in zip(corr, keys, strict=True)):
            out.append(scores)
    return out


class TestDriversAndExportRows:
    """Key drivers are correlations of each driver rating with the score; the export prints
    every row's ratings and score class. The reader tries every exact score within each row's
    class: only the true scores reproduce the published correlations (to 4 decimals), so every
    colleague's 0–10 answer came back."""

    async def test_driver_figures_pin_no_exact_score(self, staff_client: Any) -> None:
        client = await staff_client("hr")
        # the same colleagues, once with their true scores and once with other scores of the
        # same class (10 <-> 9, 8 <-> 7, detractors elsewhere in 0-6): the reader tells the
        # two apart only if some output depends on more than the classes the file prints
        other = {10: 9, 9: 10, 8: 7, 7: 8, 3: 6, 5: 0}
        seen = []
        for people in (DRIVER_PEOPLE, [(other[p[0]], *p[1:]) for p in DRIVER_PEOPLE]):
            survey = await make_survey("enps")
            for score, support, product, price in people:
                await add_response(
                    survey,
                    score,
                    "",
                    {"department": "Sales"},
                    answers={
                        "driver_support": support,
                        "driver_product": product,
                        "driver_price": price,
                    },
                )
            drivers = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
            drivers.pop("survey_id")
            assert drivers["ok"] and len(drivers["drivers"]) == 3, drivers  # still analysed
            rows = csv_rows((await client.get(f"/api/surveys/{survey}/responses.csv")).text)
            assert len(rows) == len(DRIVER_PEOPLE) and "score_class" in rows[0]
            assert "driver_support" in rows[0]
            seen.append((drivers, rows))
            if people is DRIVER_PEOPLE:
                # the reader's brute force: with correlations over exact scores, only a few
                # score vectors within the printed classes reproduce them
                consistent = scores_consistent(rows, drivers)
                for index in range(len(rows)):
                    possible = {scores[index] for scores in consistent}
                    assert len(possible) != 1, f"row {index} pinned to {possible}"
        assert seen[0][1] == seen[1][1]  # the export is the same file
        assert seen[0][0] == seen[1][0], "driver figures depend on scores within a class"

    async def test_drivers_still_rank_what_moves_the_score(self, staff_client: Any) -> None:
        """Legitimate use: support moves promoters and detractors apart, price does not."""
        survey = await make_survey("enps")
        for i in range(30):
            support = 1 + i % 5
            score = (2, 5, 7, 9, 10)[support - 1]
            await add_response(
                survey,
                score,
                "",
                {"department": "Sales"},
                answers={
                    "driver_support": support,
                    "driver_product": 1 + (i * 3) % 5,
                    "driver_price": 1 + (i // 5) % 5,
                },
            )
        client = await staff_client("hr")
        drivers = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert drivers["ok"] and drivers["drivers"][0]["key"] == "driver_support", drivers
        assert drivers["drivers"][0]["correlation"] > 0.9

    async def test_a_file_without_classes_leaves_the_driver_ratings_out(
        self, staff_client: Any
    ) -> None:
        """Where the export hides the class (its comments may not carry it), the drivers'
        correlations over the classes would be equations in the rows' unknown classes: the
        file then prints no driver rating, other answers stay."""
        survey = await make_survey("enps")
        for i in range(20):
            await add_response(
                survey,
                (10, 9, 8, 3, 6)[i % 5],
                f"comment number {i} about the rota",
                {"department": "A" if i < 6 else "B"},
                answers={
                    "driver_support": 1 + i % 5,
                    "driver_product": 1 + (i * 3) % 5,
                    "driver_price": 1 + (i // 5) % 5,
                    "reason": "",
                },
                sentiment=(0.1, "positive"),
            )
        client = await staff_client("hr")
        drivers = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
        assert drivers["ok"], drivers
        header = csv_rows((await client.get(f"/api/surveys/{survey}/responses.csv")).text)[0]
        assert "comment" in header and "score_class" not in header, header
        assert not any(key.startswith("driver_") for key in header), header


PULSE_QUESTIONS = [
    {
        "key": "recommend",
        "type": "nps",
        "required": True,
        "text": {"en": "Recommend?", "ja": "推奨"},
    },
    {
        "key": "pulse",
        "type": "rating",
        "scale": 5,
        "required": True,
        "text": {"en": "My manager listens to me", "ja": "上司は話を聞く"},
    },
    {"key": "reason", "type": "text", "required": False, "text": {"en": "Why?", "ja": "理由"}},
]
ANSWER_COLUMNS = {"score_class", "pulse", "reason", "comment", "sentiment_label"}


def free_text_pieces(rows: list[dict[str, str]]) -> dict[tuple[Any, ...], int]:
    """Rows per export class and per what free text they show (the reader's grouping)."""
    pieces: dict[tuple[Any, ...], int] = {}
    for row in rows:
        shown = tuple(sorted((k, v) for k, v in row.items() if k not in ANSWER_COLUMNS))
        marks = (bool(row.get("comment")), bool(row.get("reason")))
        pieces[(shown, marks)] = pieces.get((shown, marks), 0) + 1
    return pieces


async def survey_with_writers(writers: int, silent: int) -> int:
    survey = await make_survey("enps", questions=PULSE_QUESTIONS)
    for i in range(writers + silent):
        wrote = i < writers
        await add_response(
            survey,
            (10, 9, 8, 3, 6)[i % 5],
            f"note {i}: the rota changes too late" if wrote else "",
            {"department": "Sales"},
            answers={"pulse": 1 + i % 5},
            sentiment=(0.1, "positive") if wrote else None,
        )
    return survey


class TestWhoWroteNothing:
    """A row of the export shows whether its writer left a comment. Inside one class of the
    file, the two colleagues who wrote nothing (or the two who wrote something) are a group of
    two whose ratings the file prints: a reader who knows a colleague skipped the comment box
    reads their 'my manager listens to me' rating off one of two rows."""

    async def test_few_silent_rows_are_not_a_group_of_their_own(self, staff_client: Any) -> None:
        survey = await survey_with_writers(10, 2)
        client = await staff_client("hr")
        response = await client.get(f"/api/surveys/{survey}/responses.csv")
        rows = csv_rows(response.text)
        assert len(rows) == 12 and "comment" in rows[0]
        pieces = free_text_pieces(rows)
        assert all(n >= K for n in pieces.values()), pieces
        # legitimate use: most comments are still in the file
        assert sum(1 for row in rows if row["comment"]) >= 12 - K

    async def test_few_writers_are_not_a_group_of_their_own(self, staff_client: Any) -> None:
        survey = await survey_with_writers(2, 10)
        client = await staff_client("hr")
        rows = csv_rows((await client.get(f"/api/surveys/{survey}/responses.csv")).text)
        pieces = free_text_pieces(rows)
        assert all(n >= K for n in pieces.values()), pieces

    async def test_enough_on_each_side_keep_every_comment(self, staff_client: Any) -> None:
        survey = await survey_with_writers(10, 5)
        client = await staff_client("hr")
        rows = csv_rows((await client.get(f"/api/surveys/{survey}/responses.csv")).text)
        assert sum(1 for row in rows if row["comment"]) == 10


@st.composite
def writer_populations(draw: Any) -> list[Person]:
    size = draw(st.integers(min_value=10, max_value=40))
    people = []
    for pid in range(size):
        dims = {
            "department": draw(st.sampled_from(["A", "B", "C"])),
            "language": draw(st.sampled_from(["en", "en", "ja"])),
            "version": "1",
            ANSWERED + "why": draw(st.sampled_from(["yes", "yes", "no"])),
        }
        wrote = draw(st.booleans())
        people.append(
            Person(
                id=pid,
                dims=dims,
                has_comment=wrote,
                comment_language=dims["language"] if wrote else None,
                content=f"{draw(st.integers(0, 10**6)):07d}",
            )
        )
    return people


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(writer_populations())
def test_export_rows_never_mark_a_small_group_by_their_free_text(people: list[Person]) -> None:
    """Over random populations: in every class of the row export, the rows that show a given
    mix of free text (a comment, a text answer, nothing) number 0 or at least k."""
    plan = build_plan(
        people,
        ["department", "language", "version"],
        K,
        10,
        ["version", "language", "department", ANSWERED + "why"],
        free_text_items=["why"],
    )
    export = plan.export
    if export is None or not export.comments:
        return
    # a comment left out of the file still shows in the lists: none may be left out because
    # its piece was small (the comments left out would be that piece's)
    assert not export.blank & export.blank_texts
    pieces: dict[tuple[Any, ...], int] = {}
    for person in people:
        hidden = person.id in export.blank or person.id in plan.withheld_comments
        shown = (
            person.has_comment and not hidden,
            person.dims[ANSWERED + "why"] == "yes"
            and ANSWERED + "why" not in export.dropped
            and not hidden
            and person.id not in export.blank_texts,
        )
        key = (export.values[person.id], shown)
        pieces[key] = pieces.get(key, 0) + 1
    assert all(n >= K for n in pieces.values()), pieces


class TestReportSectionsBetweenReleases:
    """The PDF chose its breakdown sections from live answers: two answers carrying a team
    (fewer than the five a release needs) added a "team" section while every figure stood
    still, saying that people of a new team had just answered."""

    async def test_the_pdf_is_the_same_until_the_next_release(
        self, staff_client: Any, tmp_path: Any
    ) -> None:
        from tests.analytics.test_report_api import fetch_pdf, pdf_text

        survey = await make_survey("enps")
        for i in range(10):
            await add_response(survey, (10, 9, 8, 3, 6)[i % 5], "", {"department": "AB"[i % 2]})
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/report.pdf?lang=en"
        before = pdf_text(await fetch_pdf(client, url), tmp_path)
        assert "department" in before and "squad" not in before
        for squad in ("North", "South"):
            await add_response(survey, 9, "", {"department": "A", "squad": squad})
        scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert scores["release"]["answers_waiting"] == 2  # no new release
        after = pdf_text(await fetch_pdf(client, url), tmp_path)
        assert "squad" not in after, "a section appeared between two releases"


def shown_pieces(
    members: range, marks: dict[int, tuple[bool, bool]], cut: Any
) -> dict[tuple[bool, bool], int]:
    out: dict[tuple[bool, bool], int] = {}
    for pid in members:
        comment, text = marks[pid]
        if pid in cut.everything:
            comment = text = False
        if pid in cut.texts:
            text = False
        out[(comment, text)] = out.get((comment, text), 0) + 1
    return out


def test_text_answers_go_before_comments() -> None:
    """Text answers show nowhere but in the file, so a small piece loses them first; comments
    are left out only by hash from pieces that stay at k, never a small piece's own."""
    from analytics.disclosure import free_text_suppression

    members = range(20)
    # 10 wrote a comment, 8 a comment and a text answer, 2 only a text answer
    marks = {
        p: (True, False) if p < 10 else (True, True) if p < 18 else (False, True) for p in members
    }
    cut = free_text_suppression(
        [frozenset(members)], marks, K, {p: f"{p * 7 % 20:02d}" for p in members}
    )
    assert cut is not None
    assert cut.texts == {18, 19}  # the two text-only answers go, no comment with them
    assert len(cut.everything) == 3 and cut.everything < set(range(10))
    assert shown_pieces(members, marks, cut) == {
        (True, False): 7,
        (True, True): 8,
        (False, False): 5,
    }
    # two who wrote only a comment: others give up their text answers, no comment goes
    marks = {
        p: (True, False) if p < 2 else (True, True) if p < 14 else (False, False) for p in members
    }
    cut = free_text_suppression([frozenset(members)], marks, K, {p: str(p) for p in members})
    assert cut is not None and not cut.everything and len(cut.texts) == 3
    assert all(n >= K for n in shown_pieces(members, marks, cut).values())
    # and when no one can spare a text answer, the file carries no free text
    marks = {
        p: (True, False) if p < 2 else (True, True) if p < 8 else (False, False) for p in range(14)
    }
    assert free_text_suppression([frozenset(range(14))], marks, K, {}) is None


async def department_survey(hidden_answered: bool) -> int:
    """Sales (10, comments) and Support (10, no comments) answered; Legal (2 invited) answered
    only when ``hidden_answered``, without comments.

    With Legal's two in the release, Support's figures and list are withheld (else the total
    minus Sales and Support would be Legal's): Support wrote nothing, so its list looked the
    same either way, and only the note could tell the two apart."""
    survey = await make_survey("enps")
    for i in range(10):
        await add_response(
            survey,
            (9, 7, 3)[i % 3],
            f"sales comment {i}: the rota is fair",
            {"department": "Sales"},
            sentiment=(0.4, "positive"),
        )
        await add_response(survey, (10, 8, 2)[i % 3], "", {"department": "Support"})
    for i in range(2):
        if hidden_answered:
            await add_response(survey, (10, 1)[i], "", {"department": "Legal"})
        else:
            contact = Contact(email=f"legal{survey}-{i}@example.com", name=f"Legal {i}")
            await contact.save()
            await Invitation(
                survey=survey, contact=contact.id, attributes={"department": "Legal"}, status="sent"
            ).save()
    return survey


class TestWithheldNoteSaysNothingOfAnswers:
    """A comment list's "withheld" note was decided over the groups that answered: with every
    answering group listed it was absent, and two answers from a hidden group of two brought it
    in, so the note alone told that the hidden group's colleagues had answered."""

    async def test_a_hidden_group_answering_leaves_the_lists_unchanged(
        self, staff_client: Any
    ) -> None:
        client = await staff_client("hr")
        seen = []
        for hidden_answered in (False, True):
            survey = await department_survey(hidden_answered)
            base = f"/api/surveys/{survey}/analytics"
            n = (await client.get(f"{base}/scores")).json()["score"]["n"]
            assert n == (22 if hidden_answered else 20)
            listed = []
            for query in ("comments?by=department", "praise?by=department"):
                body = (await client.get(f"{base}/{query}")).json()
                body.pop("survey_id")
                listed.append(body)
            seen.append(listed)
        assert seen[0] == seen[1]
        comments = seen[0][0]
        # legitimate use: Sales's comments are listed, and the note says some are withheld
        assert len(comments["comments"]) == 10
        assert {c["group"] for c in comments["comments"]} == {"Sales"}
        assert comments["message"] and "hidden" in comments["message"]

    async def test_a_complete_list_carries_no_note(self, staff_client: Any) -> None:
        """Legitimate use: when every invited group's comments are listed, no note."""
        survey = await make_survey("enps")
        for department in ("Sales", "Support"):
            for i in range(10):
                await add_response(
                    survey,
                    (10, 8, 2)[i % 3],
                    f"{department} comment {i}: the rota",
                    {"department": department},
                    sentiment=(0.1, "positive"),
                )
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/comments?by=department")).json()
        assert len(body["comments"]) == 20 and body["message"] is None
