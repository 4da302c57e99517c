"""Red-team attacks on eNPS confidentiality that go beyond adding and subtracting counts.

:mod:`tests.analytics.test_disclosure_attacks` replays the attacks of issue #12 (differencing
published counts). These play a reader who also uses what counts *are*: whole and never
negative (a cell with no detractors clears all its members), what comments *carry* (a
sentiment label, a polarity, a score class: tags that can be matched against the same
figures of a group), and what the service does on its own (re-scoring comments with a new
analyzer). Each attack goes through the real HTTP app on a real database, as an hr reader,
and is checked by means independent of the guard (brute force or an integer program over
every assignment consistent with what was published).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.disclosure import Person as PlanPerson
from analytics.disclosure import build_plan
from tests.analytics.disclosure_checks import blocks, pinned_small_atoms
from tests.analytics.factories import add_response, make_survey

SECRET = "my manager ignores me and I am thinking about quitting"


def band(score: int) -> int:
    return 0 if score >= 9 else 1 if score >= 7 else 2


async def published_with_counts(
    client: Any, survey: int, people: list[dict[str, Any]], dims: list[str]
) -> list[tuple[set[int], tuple[int, int, int]]]:
    """Every published group with its class counts, as the reader sees them."""
    out: list[tuple[set[int], tuple[int, int, int]]] = []
    base = f"/api/surveys/{survey}/analytics"
    score = (await client.get(f"{base}/scores")).json()["score"]
    if not score["suppressed"]:
        everyone = {p["id"] for p in people}
        out.append((everyone, (score["promoters"], score["passives"], score["detractors"])))
    for dim in dims:
        body = (await client.get(f"{base}/breakdown?by={dim}")).json()
        for seg in body["segments"]:
            members = {p["id"] for p in people if p["attrs"].get(dim) == seg["group"]}
            s = seg["score"]
            assert s["n"] == len(members)
            out.append((members, (s["promoters"], s["passives"], s["detractors"])))
    return out


async def load(people: list[dict[str, Any]]) -> int:
    survey = await make_survey("enps")
    for person in people:
        person["id"] = await add_response(
            survey,
            person["score"],
            person.get("comment", ""),
            person["attrs"],
            sentiment=person.get("sentiment"),
        )
    return survey


class TestZeroCells:
    """Two overlapping breakdowns whose crossing has a cell of one person.

    Department A = {a1..a5}, B = {b1..b5}; region X = {a1, b1..b4}, Y = {a2..a5, b5}. No
    linear combination of the four groups and the total isolates fewer than five people, but
    counts never go negative: if A has one detractor and Y none, the detractor is a1.
    """

    @staticmethod
    def population() -> list[dict[str, Any]]:
        people = []
        for i in range(1, 6):
            people.append(
                {
                    "name": f"a{i}",
                    "attrs": {"department": "A", "region": "X" if i == 1 else "Y"},
                    "score": 1 if i == 1 else 9,
                }
            )
        for i, score in zip(range(1, 6), (9, 8, 10, 7, 9), strict=True):
            people.append(
                {
                    "name": f"b{i}",
                    "attrs": {"department": "B", "region": "Y" if i == 5 else "X"},
                    "score": score,
                }
            )
        return people

    async def test_a_crossing_cell_of_one_is_not_cornered(self, staff_client: Any) -> None:
        people = self.population()
        survey = await load(people)
        client = await staff_client("hr")
        published = await published_with_counts(client, survey, people, ["department", "region"])
        assert published, "the total (10 answers) is still published"
        pinned = pinned_small_atoms(published, [p["id"] for p in people], 5)
        a1 = next(p["id"] for p in people if p["name"] == "a1")
        assert not any(a1 in atom for atom, _, _ in pinned), pinned
        assert pinned == []

    async def test_the_larger_breakdown_still_shows(self, staff_client: Any) -> None:
        """Withholding one of the two crossing breakdowns is enough: the other keeps its
        figures (departments come first, attribute names sort before region)."""
        people = self.population()
        survey = await load(people)
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=department")).json()
        assert [
            (s["group"], s["score"]["n"], s["score"]["detractors"]) for s in body["segments"]
        ] == [
            ("A", 5, 1),
            ("B", 5, 0),
        ]
        region = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=region")).json()
        assert region["segments"] == [] and region["hidden_count"] == 2


ZERO_CELL_PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def scored_populations(draw: Any) -> tuple[list[PlanPerson], dict[int, int], list[str], int]:
    """5–16 people, two or three crossing attributes with 2–3 values, random scores."""
    size = draw(st.integers(min_value=5, max_value=16))
    floor = draw(st.sampled_from([3, 4, 5]))
    names = [f"attr{a}" for a in range(draw(st.integers(min_value=2, max_value=3)))]
    people, scores = [], {}
    for pid in range(size):
        dims = {n: f"v{draw(st.integers(min_value=0, max_value=2))}" for n in names}
        people.append(PlanPerson(id=pid, dims=dims))
        scores[pid] = draw(st.sampled_from([0, 5, 7, 8, 9, 10]))
    return people, scores, names, floor


@ZERO_CELL_PROPERTY
@given(scored_populations())
def test_no_small_group_is_cornered_by_zero_cells(population: Any) -> None:
    """Whatever the scores, no group under the floor has a class count the published counts
    fix (an integer program over every consistent assignment, independent of the guard)."""
    people, scores, names, floor = population
    plan = build_plan(people, names, floor, 10)
    published = []
    if plan.total_published:
        published.append(plan.everyone)
    published.extend(plan.cells[d][v] for d, v in sorted(plan.published))

    def counts(members: frozenset[int]) -> tuple[int, int, int]:
        out = [0, 0, 0]
        for pid in members:
            out[band(scores[pid])] += 1
        return out[0], out[1], out[2]

    found = pinned_small_atoms([(m, counts(m)) for m in published], [p.id for p in people], floor)
    assert found == [], found


@ZERO_CELL_PROPERTY
@given(scored_populations())
def test_published_groups_cut_nobody_into_a_small_group(population: Any) -> None:
    """The data-independent form: people who share every published membership (an atom)
    number at least the floor, so no assignment of scores can corner fewer."""
    people, _, names, floor = population
    plan = build_plan(people, names, floor, 10)
    sets = [plan.cells[d][v] for d, v in sorted(plan.published)]
    if plan.total_published:
        for atom in blocks([p.id for p in people], sets):
            assert len(atom) >= floor


class TestCommentTags:
    """A group too small for its own comment list (6 < 10) must not get it by its figures.

    Twenty employees all wrote a comment, so the list of all comments is shown. Ops (6) is
    published with its figures. Its mean sentiment (4 decimals) against the comments'
    polarities, its sentiment counts against their labels, its detractors against their
    score classes: each is a tag that picks Ops's comments out of the list.
    """

    @staticmethod
    def population() -> list[dict[str, Any]]:
        people = []
        for i in range(14):
            polarity = round(0.05 + 0.061 * i, 3)
            people.append(
                {
                    "attrs": {"department": "Sales"},
                    "score": 9 if i % 3 else 8,
                    "comment": f"Sales note {i}: the quarter went fine",
                    "sentiment": (polarity, "positive" if polarity > 0.1 else "neutral"),
                }
            )
        for i in range(6):
            polarity = round(-0.83 + 0.173 * i, 3) if i else -0.91
            people.append(
                {
                    "attrs": {"department": "Ops"},
                    "score": 2 if i == 0 else 8,
                    "comment": SECRET if i == 0 else f"Ops note {i}: rota changes",
                    "sentiment": (polarity, "negative" if polarity < -0.1 else "neutral"),
                }
            )
        return people

    async def test_group_sentiment_does_not_pick_its_comments_out(self, staff_client: Any) -> None:
        people = self.population()
        survey = await load(people)
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        comments = (await client.get(f"{base}/comments")).json()["comments"]
        assert len(comments) == 20, "the list of all 20 comments is shown"
        body = (await client.get(f"{base}/breakdown?by=department")).json()
        ops = next(s for s in body["segments"] if s["group"] == "Ops")
        assert ops["score"]["n"] == 6
        # the attack: every 6 of the 20 comments whose labels and mean polarity match Ops's
        matches = []
        for combo in itertools.combinations(comments, 6):
            labels = {
                k: sum(c["sentiment_label"] == k for c in combo)
                for k in ("positive", "neutral", "negative")
            }
            if ops["sentiment_counts"] and labels != ops["sentiment_counts"]:
                continue
            if ops["mean_sentiment"] is not None:
                mean = sum(c["sentiment_polarity"] or 0.0 for c in combo) / 6
                if round(mean, 4) != ops["mean_sentiment"]:
                    continue
            matches.append({c["text"] for c in combo})
            if len(matches) > 1:
                break
        assert len(matches) != 1, "Ops's six comments were picked out of the list"
        sentiment = (await client.get(f"{base}/sentiment?by=department")).json()
        assert "Ops" not in {s["group"] for s in sentiment["segments"]}

    async def test_score_class_does_not_tie_a_comment_to_a_small_group(
        self, staff_client: Any
    ) -> None:
        people = self.population()
        survey = await load(people)
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        total = (await client.get(f"{base}/scores")).json()["score"]
        comments = (await client.get(f"{base}/comments")).json()["comments"]
        detractor_comments = [c["text"] for c in comments if c["score_class"] == "detractor"]
        body = (await client.get(f"{base}/breakdown?by=department")).json()
        for seg in body["segments"]:
            if seg["score"]["n"] >= 10:
                continue  # a group that may have its own list anyway
            # every detractor wrote a comment, and this group holds every detractor: the
            # detractors' comments are this group's
            tied = (
                detractor_comments
                and len(detractor_comments) == total["detractors"]
                and seg["score"]["detractors"] == total["detractors"]
            )
            assert not tied, (seg["group"], detractor_comments)
        assert SECRET in {c["text"] for c in comments}  # the list itself stays


class TestRescore:
    """``voc rescore`` changes the sentiment of many answers at once; it must not cut a
    release that carries one new answer's score with it."""

    async def test_one_new_answer_and_a_rescore_move_nothing(self, staff_client: Any) -> None:
        from analytics.jobs import rescore

        survey = await make_survey("enps")
        day = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)
        for i in range(12):
            await add_response(
                survey,
                9 if i % 2 else 7,
                f"comment {i}: the team is good",
                {"department": "Sales"},
                submitted_at=day,
                sentiment=(0.1, "neutral"),
            )
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/scores"
        before = (await client.get(url)).json()
        assert before["score"]["n"] == 12
        # one colleague answers (a detractor), then an admin re-scores every comment
        await add_response(survey, 1, "", {"department": "Sales"}, submitted_at=day)
        _, changed = await rescore()
        assert changed >= 5
        after = (await client.get(url)).json()
        moved = after["score"]["n"] - before["score"]["n"]
        assert moved == 0 or moved >= 5, (before["score"], after["score"])
        assert after["score"]["detractors"] == before["score"]["detractors"]


class TestPraiseAndThemeTrend:
    """Two outputs that pick comments by something the comments may not show."""

    async def test_praise_does_not_sort_out_a_detractor(self, staff_client: Any) -> None:
        """The praise list left out positive comments of detractors: where comments carry no
        score class, a glowing comment missing from it was a detractor's."""
        people = TestCommentTags.population()
        glowing = "great team, I love working with these people"
        people[13].update(score=3, comment=glowing, sentiment=(0.97, "positive"))
        survey = await load(people)
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        comments = (await client.get(f"{base}/comments")).json()["comments"]
        assert all(c["score_class"] is None for c in comments), "classes are withheld here"
        praise = (await client.get(f"{base}/praise")).json()["groups"]
        shown = [c["text"] for g in praise for c in g["comments"]]
        positive = sorted(
            (c for c in comments if c["sentiment_label"] == "positive"),
            key=lambda c: -c["sentiment_polarity"],
        )
        # the three most positive comments, whoever wrote them: nothing about their scores
        assert shown == [c["text"] for c in positive[:3]]
        assert glowing in shown

    async def test_theme_months_do_not_tie_comments_to_a_small_month(
        self, staff_client: Any
    ) -> None:
        """Six October answers (under the comment floor) all about the rota: a theme trend
        {October: 6} would say the rota comments are October's six people's."""
        survey = await make_survey("enps")
        october = dt.datetime(2026, 10, 6, 3, 0, tzinfo=dt.UTC)
        november = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)
        for i in range(6):
            await add_response(
                survey,
                4,
                f"The rota changed again without notice, week {i}",
                {},
                submitted_at=october,
                sentiment=(-0.4, "negative"),
            )
        for i in range(14):
            await add_response(
                survey,
                9,
                f"Good coffee in the office and friendly colleagues, floor {i}",
                {},
                submitted_at=november,
                sentiment=(0.5, "positive"),
            )
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        months = (await client.get(f"{base}/breakdown?by=month")).json()
        assert {s["group"]: s["score"]["n"] for s in months["segments"]} == {
            "2026-10": 6,
            "2026-11": 14,
        }
        themes = (await client.get(f"{base}/themes?top=50")).json()["themes"]
        assert any("rota" in t["phrase"] for t in themes), [t["phrase"] for t in themes]
        for theme in themes:
            assert "2026-10" not in theme["trend"], (theme["phrase"], theme["trend"])


JA_SECRET = "上司に無視されていて、辞めることを考えています"


class TestCommentLanguage:
    """A comment's language is visible in its words: the one Japanese comment among twenty
    English ones is the one Japanese-speaking employee's, whatever the guard hides."""

    @staticmethod
    async def population() -> tuple[int, list[dict[str, Any]]]:
        survey = await make_survey("enps")
        people: list[dict[str, Any]] = []
        for i in range(20):
            people.append(
                {
                    "language": "en",
                    "comment": f"Comment {i}: the projects are interesting",
                    "id": await add_response(
                        survey,
                        9 if i % 2 else 7,
                        f"Comment {i}: the projects are interesting",
                        {"department": "Sales" if i < 10 else "Ops"},
                        sentiment=(0.3, "positive"),
                    ),
                }
            )
        people.append(
            {
                "language": "ja",
                "comment": JA_SECRET,
                "id": await add_response(
                    survey,
                    2,
                    JA_SECRET,
                    {"department": "Ops"},
                    sentiment=(-0.6, "negative"),
                    language="ja",
                ),
            }
        )
        return survey, people

    async def test_a_comment_in_a_small_language_group_is_not_listed(
        self, staff_client: Any
    ) -> None:
        survey, people = await self.population()
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        speakers = {"ja": sum(p["language"] == "ja" for p in people)}
        speakers["en"] = len(people) - speakers["ja"]
        texts: list[str] = []
        for query in ("", "?by=department", "?by=language", "?sentiment=negative"):
            body = (await client.get(f"{base}/comments{query}")).json()
            texts += [c["text"] for c in body["comments"]]
        praise = (await client.get(f"{base}/praise")).json()
        texts += [c["text"] for g in praise["groups"] for c in g["comments"]]
        themes = (await client.get(f"{base}/themes?top=50")).json()
        texts += [e for t in themes["themes"] for e in t["examples"]]
        export = (await client.get(f"/api/surveys/{survey}/responses.csv")).text
        assert texts, "English comments are still listed"
        for text in texts:
            japanese = any("\u3040" <= ch <= "\u9fff" for ch in text)
            group = speakers["ja" if japanese else "en"]
            assert group >= 10, (text, group)
        assert JA_SECRET not in export
        # the English comments (20 writers of 21) still come through
        assert len((await client.get(f"{base}/comments")).json()["comments"]) == 20

    async def test_the_withheld_comment_leaves_no_trace_in_the_counts(
        self, staff_client: Any
    ) -> None:
        """Overall sentiment counts minus the listed comments' labels would give the label of
        the withheld comment (and so the Japanese speaker's mood)."""
        survey, _ = await self.population()
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"
        scores = (await client.get(f"{base}/scores")).json()
        listed = (await client.get(f"{base}/comments")).json()["comments"]
        for label in ("positive", "neutral", "negative"):
            shown = sum(c["sentiment_label"] == label for c in listed)
            assert scores["sentiment_counts"][label] == shown, label


@pytest.mark.usefixtures("db")
class TestZeroCellsThroughTheService:
    """End to end: random crossing attributes and scores in a real database; every figure
    the service publishes (the total, every breakdown, the CSV's classes with their score
    classes) goes into the integer program, which must fix no count of a small group."""

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(population=scored_populations())
    async def test_no_small_group_is_cornered(self, population: Any, settings: Any) -> None:
        import csv
        import io

        from analytics.services import AnalyticsService

        people, scores, names, _ = population
        survey = await make_survey("enps")
        ids: dict[int, int] = {}
        for person in people:
            ids[person.id] = await add_response(survey, scores[person.id], "", dict(person.dims))
        service = AnalyticsService(settings)
        floor = service.min_size
        published: list[tuple[set[int], tuple[int, int, int]]] = []
        total = (await service.scores(survey)).score
        if not total.suppressed:
            published.append(
                (set(ids.values()), (total.promoters, total.passives, total.detractors))
            )
        for dim in names:
            for seg in (await service.breakdown(survey, dim)).segments:
                members = {ids[p.id] for p in people if p.dims[dim] == seg.group}
                s = seg.score
                published.append((members, (s.promoters, s.passives, s.detractors)))
        if len(people) >= floor:
            rows = list(csv.DictReader(io.StringIO(await service.enps_export_csv(survey))))
            columns = [c for c in rows[0] if c in names]
            if "score_class" in rows[0] and columns:
                # the reader matches rows to people by the columns they know
                classes: dict[tuple[str, ...], list[str]] = {}
                for row in rows:
                    classes.setdefault(tuple(row[c] for c in columns), []).append(
                        row["score_class"]
                    )
                for key, found in classes.items():
                    members = {
                        ids[p.id]
                        for p in people
                        if all(
                            p.dims[c] == v or v == "(other)"
                            for c, v in zip(columns, key, strict=True)
                        )
                    }
                    if len(members) != len(found):
                        continue  # "(other)" folds several values: skip the ambiguous class
                    published.append(
                        (
                            members,
                            (
                                found.count("promoter"),
                                found.count("passive"),
                                found.count("detractor"),
                            ),
                        )
                    )
        assert pinned_small_atoms(published, sorted(ids.values()), floor) == []


class TestErasureBetweenReads:
    """An employee asks to be forgotten. Their answer stays counted, but an attribute that
    looks like an address (their manager's email) leaves with their identity, so they move
    out of their manager's group into "(not set)": read before and after, one group's figures
    lose exactly their answer and the other's gain it."""

    async def test_erasure_moves_no_one_between_published_groups(self, staff_client: Any) -> None:
        from app.clock import FrozenClock
        from app.lifecycle import erase_person
        from surveys.tables import Contact, Invitation, Response

        survey = await make_survey("enps")
        ids = []
        for i in range(17):
            # five newcomers have no manager on file yet: a "(not set)" group of five
            manager = {"manager": "lee@example.com" if i < 6 else "kim@example.com"}
            ids.append(
                await add_response(
                    survey, 1 if i == 0 else 9, "", {**(manager if i < 12 else {}), "site": "Tokyo"}
                )
            )
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics"

        async def figures() -> dict[str, Any]:
            out = {"total": (await client.get(f"{base}/scores")).json()["score"]}
            for dim in ("manager", "site"):
                body = (await client.get(f"{base}/breakdown?by={dim}")).json()
                out[dim] = {s["group"]: s["score"] for s in body["segments"]}
            return out

        before = await figures()
        assert before["manager"]["lee@example.com"]["detractors"] == 1
        invitation = await Response.select(Response.invitation).where(Response.id == ids[0])
        contact = await Invitation.select(Invitation.contact).where(
            Invitation.id == invitation[0]["invitation"]
        )
        email = (await Contact.select(Contact.email).where(Contact.id == contact[0]["contact"]))[0]
        assert (await erase_person(email["email"], FrozenClock())).found
        after = await figures()
        for dim in ("manager", "site"):
            for group, score in after[dim].items():
                old = before[dim].get(group)
                if old is None:
                    continue
                moved = abs(score["n"] - old["n"])
                assert moved == 0 or moved >= 5, (dim, group, old, score)
        assert after["total"]["detractors"] in (before["total"]["detractors"], 0)

        # the figures come back with the next release: the withdrawal plus eight new answers
        # (an open survey's release needs half as many changes as the 17 released)
        for _ in range(8):
            await add_response(survey, 9, "", {"site": "Tokyo"})
        resumed = await figures()
        assert resumed["total"]["n"] == 25 and not resumed["total"]["suppressed"]

    async def test_a_deleted_answer_does_not_leave_the_figures_alone(
        self, staff_client: Any
    ) -> None:
        """Retention (or an admin) deletes one answer: the next read must not show the
        figures minus exactly that answer."""
        from analytics.releases import scrub_released
        from surveys.tables import Response

        survey = await make_survey("enps")
        ids = [
            await add_response(survey, 2 if i == 0 else 9, "", {"department": "Sales"})
            for i in range(8)
        ]
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/scores"
        before = (await client.get(url)).json()["score"]
        assert (before["n"], before["detractors"]) == (8, 1)
        await Response.delete().where(Response.id == ids[0])
        await scrub_released([ids[0]])
        after = (await client.get(url)).json()["score"]
        assert after == before or after["suppressed"], after


class TestClosingBetweenReads:
    """hr may close (and reopen) an employee survey. If closing released whatever was
    waiting, a reader would wait for one known colleague to answer, close, and read that one
    answer off the difference; reopen, and do it again."""

    async def test_closing_releases_no_batch_under_the_floor(self, staff_client: Any) -> None:
        survey = await make_survey("enps")
        for i in range(12):
            await add_response(survey, 9 if i % 2 else 7, "", {"department": "Sales"})
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/scores"
        before = (await client.get(url)).json()["score"]
        assert before["n"] == 12
        await add_response(survey, 1, "", {"department": "Sales"})  # the colleague answers
        closed = await client.post(f"/api/surveys/{survey}/close")
        assert closed.status_code in (200, 201), closed.text
        after = (await client.get(url)).json()["score"]
        moved = after["n"] - before["n"]
        assert moved == 0 or moved >= 5, (before, after)
        assert after["detractors"] == before["detractors"]


class TestCommentBatches:
    """Figures move in batches of k (5), but comments have their own floor (10): the
    comments new in a release of five are five people's, e.g. the five who answered after
    the team meeting, and the reader who knows who they were has their comments."""

    async def test_new_comments_arrive_in_batches_of_the_comment_floor(
        self, staff_client: Any
    ) -> None:
        survey = await make_survey("enps")
        for i in range(12):
            await add_response(
                survey, 9 if i % 2 else 7, f"old comment {i}", {"department": "Sales"}
            )
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/comments"
        seen = {c["text"] for c in (await client.get(url)).json()["comments"]}
        assert len(seen) == 12
        for i in range(12):
            await add_response(survey, 3, f"new comment {i}", {"department": "Sales"})
            now = {c["text"] for c in (await client.get(url)).json()["comments"]}
            fresh = now - seen
            assert len(fresh) == 0 or len(fresh) >= 10, (i, sorted(fresh))
            seen |= now
        assert len(seen) >= 22  # ten new comments did come through together
