"""The attacks of issue #12, replayed as an hr reader against a small eNPS population.

Each test plays one attack class through the HTTP API (and, later in this file, the pages,
the CSV and the PDF) and checks it no longer isolates anyone; others check that legitimate
figures still come through. The checks are independent of the guard's own audit: they
enumerate small sets of people and test, with plain least squares, whether the published
counts determine them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from surveys.tables import Contact, Invitation
from tests.analytics.disclosure_checks import derivable_small_sets
from tests.analytics.factories import add_response, make_survey

SECRET = "my manager ignores me and I am thinking about quitting"
DAY = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)
DIMENSIONS = ("department", "team", "region", "language", "version", "month", "week")


class Person:
    def __init__(self, pid: int, attrs: dict[str, str], score: int, comment: str, **extra: Any):
        self.pid = pid
        self.attrs = attrs
        self.score = score
        self.comment = comment
        self.language: str = extra.get("language", "en")
        self.version: int = extra.get("version", 1)
        self.when: dt.datetime = extra.get("when", DAY)

    def value(self, dim: str) -> str:
        if dim == "language":
            return self.language
        if dim == "version":
            return str(self.version)
        if dim == "month":
            return self.when.strftime("%Y-%m")
        if dim == "week":
            iso = self.when.date().isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}"
        return self.attrs.get(dim, "(not set)")


def population() -> list[Person]:
    """24 employees. Engineering (6) = team Core (5) + team Lead (1, the target): nested.

    Region overlaps departments; one person answers in Japanese; two answer version 2 a
    day later; the target wrote the secret comment and scored 2.
    """
    people: list[Person] = []
    pid = itertools.count()
    for i in range(12):
        people.append(
            Person(
                next(pid),
                {"department": "Sales", "team": f"Sales-{i % 2}", "region": "East"},
                9 + i % 2 if i < 8 else 7,
                f"Sales comment {i}: the targets are fair" if i < 11 else "",
            )
        )
    for i in range(5):
        people.append(
            Person(
                next(pid),
                {"department": "Engineering", "team": "Core", "region": "West"},
                8,
                f"Core comment {i}: good tools",
            )
        )
    people.append(
        Person(
            next(pid),
            {"department": "Engineering", "team": "Lead", "region": "East"},
            2,
            SECRET,
        )
    )
    for i in range(6):
        people.append(
            Person(
                next(pid),
                {"department": "Support", "team": "Support", "region": "West"},
                6 if i < 3 else 9,
                f"Support comment {i}: long queues",
                language="ja" if i == 0 else "en",
                version=2 if i >= 4 else 1,
                when=DAY + dt.timedelta(days=1) if i >= 4 else DAY,
            )
        )
    return people


async def load(people: list[Person]) -> int:
    survey = await make_survey("enps")
    for person in people:
        label = "negative" if person.score <= 6 else "positive"
        rid = await add_response(
            survey,
            person.score,
            person.comment,
            person.attrs,
            submitted_at=person.when,
            sentiment=(-0.5 if label == "negative" else 0.5, label),
            language=person.language,
            version=person.version,
        )
        person.pid = rid
    return survey


@pytest.fixture
async def enps(client: Any) -> tuple[int, list[Person]]:
    people = population()
    return await load(people), people


async def published_cells(
    client: Any, survey: int, people: list[Person]
) -> tuple[list[set[int]], list[dict[str, Any]]]:
    """Every group the API publishes, as sets of people (the reader knows who is where)."""
    cells: list[set[int]] = []
    bodies = []
    scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
    if not scores["score"]["suppressed"]:
        cells.append({p.pid for p in people})
    for dim in DIMENSIONS:
        response = await client.get(f"/api/surveys/{survey}/analytics/breakdown?by={dim}")
        assert response.status_code == 200, response.text
        body = response.json()
        bodies.append(body)
        for segment in body["segments"]:
            members = {p.pid for p in people if p.value(dim) == segment["group"]}
            assert segment["score"]["n"] == len(members)
            cells.append(members)
    return cells, bodies


class TestBreakdownDifferencing:
    """Attack 3: nested, overlapping and overall figures subtracted from each other."""

    async def test_no_small_group_follows_from_all_published_tables(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, people = enps
        client = await staff_client("hr")
        cells, _ = await published_cells(client, survey, people)
        assert cells, "something must still be published"
        assert derivable_small_sets(cells, [p.pid for p in people], 5) == []

    async def test_team_inside_department_does_not_reveal_the_lead(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics/breakdown"
        departments = {
            s["group"]: s["score"]
            for s in (await client.get(f"{base}?by=department")).json()["segments"]
        }
        teams = {
            s["group"]: s["score"] for s in (await client.get(f"{base}?by=team")).json()["segments"]
        }
        # Engineering (6) minus Core (5) would be the lead alone: one of them is withheld.
        assert not ("Engineering" in departments and "Core" in teams)

    async def test_groups_at_the_floor_keep_their_numbers(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, people = enps
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=department")).json()
        sales = next(s for s in body["segments"] if s["group"] == "Sales")["score"]
        # 8 promoters (9–10), 4 passives (7), no detractors: eNPS = 8/12 − 0 = 66.67
        assert (sales["n"], sales["promoters"], sales["passives"], sales["detractors"]) == (
            12,
            8,
            4,
            0,
        )
        assert sales["nps"] == pytest.approx(66.67, abs=0.01)
        assert body["total"]["n"] == len(people) and body["hidden_count"] == 0
        teams = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=team")).json()
        assert teams["hidden_count"] == 2  # Lead (1) and, to protect it, Core
        assert teams["hidden_label"].startswith("hidden to protect anonymity")


class TestPeriods:
    """Attack 4: ``until=D`` against ``until=D+1``, and meta-figures that move."""

    async def test_until_snaps_to_whole_waves(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/scores"
        day = DAY.date()
        first = (await client.get(f"{url}?until={day}")).json()
        second = (await client.get(f"{url}?until={day + dt.timedelta(days=1)}")).json()
        a, b = first["score"], second["score"]
        counts_a = (a["n"], a["promoters"], a["passives"], a["detractors"])
        counts_b = (b["n"], b["promoters"], b["passives"], b["detractors"])
        moved = [abs(x - y) for x, y in zip(counts_a, counts_b, strict=True)]
        # either nothing changes, or the change covers at least a whole group of 5
        assert moved[0] == 0 or moved[0] >= 5
        assert "whole survey waves" in (a["message"] or "")

    async def test_breakdown_refuses_a_period(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        response = await client.get(
            f"/api/surveys/{survey}/analytics/breakdown?by=department&until=2026-11-10"
        )
        assert response.status_code in (400, 422) and response.json()["field"] == "until"

    async def test_hidden_count_counts_invited_groups(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        """A hidden group counts as hidden before anyone of it answers, so its first answer
        does not announce itself by adding a hidden group; what is published stays safe."""
        survey, people = enps
        client = await staff_client("hr")
        for i in range(3):  # Legal: 3 invited, nobody has answered yet
            contact = Contact(email=f"legal{i}@example.com", name=f"Legal {i}")
            await contact.save()
            await Invitation(
                survey=survey, contact=contact.id, attributes={"department": "Legal"}
            ).save()
        url = f"/api/surveys/{survey}/analytics/breakdown?by=department"
        before = (await client.get(url)).json()
        assert before["hidden_count"] == 1 and "Legal" not in str(before)
        rid = await add_response(survey, 0, "", {"department": "Legal"})
        legal = Person(rid, {"department": "Legal"}, 0, "")
        # one new answer waits for the next release: the figures do not move at all
        assert (await client.get(url)).json() == before
        # eleven more answers make a release of twelve (the survey collects comments, so it
        # steps by the comment floor, and while open by half the 24 released): Legal is in
        # it, still hidden and safe
        newcomers = [legal]
        for _ in range(11):
            attrs = {"department": "Sales", "team": "Sales-0", "region": "East"}
            newcomers.append(Person(await add_response(survey, 9, "", attrs), attrs, 9, ""))
        after = (await client.get(url)).json()
        assert after != before
        assert after["hidden_count"] >= 1 and "Legal" not in str(after)
        cells, _ = await published_cells(client, survey, [*people, *newcomers])
        assert derivable_small_sets(cells, [p.pid for p in [*people, *newcomers]], 5) == []


class TestComments:
    """Attack 2: join keys on comments, and all comments minus a group's comments."""

    async def test_comments_carry_no_join_keys(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        for query in ("", "?by=department", "?by=region", "?by=team", "?by=language"):
            body = (await client.get(f"/api/surveys/{survey}/analytics/comments{query}")).json()
            for comment in body["comments"]:
                assert comment["response_id"] is None
                assert comment["submitted_at"] is None
                assert comment["nps_score"] is None
                assert comment["language"] is None
                assert comment["score_class"] in (None, "promoter", "passive", "detractor")

    async def test_no_comment_block_under_the_floor(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        """Intersect and subtract every published list by text: no block under 10 people."""
        survey, people = enps
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/comments"
        lists: list[set[int]] = []
        by_text = {p.comment: p for p in people if p.comment}
        everyone = (await client.get(url)).json()
        if everyone["comments"]:
            lists.append({p.pid for p in people})
        for dim in DIMENSIONS:
            body = (await client.get(f"{url}?by={dim}")).json()
            groups = {c["group"] for c in body["comments"]}
            for group in groups:
                members = {p.pid for p in people if p.value(dim) == group}
                texts = {c["text"] for c in body["comments"] if c["group"] == group}
                assert {by_text[t].pid for t in texts} <= members
                lists.append(members)
        signature: dict[int, tuple[bool, ...]] = {
            p.pid: tuple(p.pid in members for members in lists) for p in people
        }
        blocks: dict[tuple[bool, ...], int] = {}
        for sig in signature.values():
            blocks[sig] = blocks.get(sig, 0) + 1
        assert all(size >= 10 for size in blocks.values()), blocks

    async def test_all_minus_department_is_not_a_small_group(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, people = enps
        client = await staff_client("hr")
        url = f"/api/surveys/{survey}/analytics/comments"
        everyone = {c["text"] for c in (await client.get(url)).json()["comments"]}
        listed = {c["text"] for c in (await client.get(f"{url}?by=department")).json()["comments"]}
        rest = everyone - listed
        writers = {p.pid for p in people if p.comment in rest}
        groups = {p.attrs["department"] for p in people if p.pid in writers}
        # what is left over belongs to departments that together hold at least 10 people
        assert not rest or sum(p.attrs["department"] in groups for p in people) >= 10

    async def test_a_withheld_group_says_why(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        body = (
            await client.get(f"/api/surveys/{survey}/analytics/comments?by=team&group=Lead")
        ).json()
        assert body["comments"] == [] and "hidden to protect anonymity" in body["message"]
        assert SECRET not in str(body)


class TestThemes:
    """Attack 5: a theme of one, with its writer's exact score."""

    async def test_small_themes_and_exact_scores_are_withheld(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/themes?top=50")).json()
        assert body["themes"], "themes mentioned by 5 or more still show"
        for theme in body["themes"]:
            assert theme["count"] >= 5
            assert theme["mean_score"] is None
            assert all(v >= 5 for v in theme["trend"].values())
        assert "quitting" not in str(body) and "manager" not in str(body)


class TestLegitimateFigures:
    async def test_customer_survey_unaffected(self, staff_client: Any) -> None:
        survey = await make_survey()
        for i in range(3):
            await add_response(survey, 3 + i, f"comment {i}", {"store": "Kyoto"})
        client = await staff_client("cs")
        body = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=store")).json()
        assert body["segments"][0]["group"] == "Kyoto" and body["segments"][0]["score"]["n"] == 3
        comments = (await client.get(f"/api/surveys/{survey}/analytics/comments")).json()
        assert {c["nps_score"] for c in comments["comments"]} == {3, 4, 5}
        assert all(c["response_id"] for c in comments["comments"])

    async def test_two_departments_of_ten_show_with_comments(self, staff_client: Any) -> None:
        survey = await make_survey("enps")
        for i in range(20):
            await add_response(
                survey,
                10 if i % 2 else 4,
                f"comment number {i}",
                {"department": "A" if i < 10 else "B"},
            )
        client = await staff_client("hr")
        body = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by=department")).json()
        assert [(s["group"], s["score"]["n"], s["score"]["nps"]) for s in body["segments"]] == [
            ("A", 10, 0.0),
            ("B", 10, 0.0),
        ]
        assert body["hidden_count"] == 0
        comments = (
            await client.get(f"/api/surveys/{survey}/analytics/comments?by=department&group=A")
        ).json()
        assert len(comments["comments"]) == 10
        assert {c["score_class"] for c in comments["comments"]} == {"promoter", "detractor"}


def csv_rows(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


SENSITIVE_COLUMNS = {"score_class", "comment", "sentiment_label", "recommend", "reason"}


class TestRowExport:
    """Attack 1: a rare combination of exported columns is one person with their answers."""

    async def test_every_column_combination_has_the_floor(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, people = enps
        client = await staff_client("hr")
        response = await client.get(f"/api/surveys/{survey}/responses.csv")
        assert response.status_code == 200
        rows = csv_rows(response.text)
        assert len(rows) == len(people)
        columns = [c for c in rows[0] if c not in SENSITIVE_COLUMNS and not c.startswith("driver_")]
        # the file carries comments, so its classes must reach the comment floor (10)
        assert "comment" in rows[0]
        for size in range(1, len(columns) + 1):
            for combo in itertools.combinations(columns, size):
                counts: dict[tuple[str, ...], int] = {}
                for row in rows:
                    key = tuple(row[c] for c in combo)
                    counts[key] = counts.get(key, 0) + 1
                assert min(counts.values()) >= 10, (combo, counts)
        assert "nps_score" not in rows[0] and "response_id" not in rows[0]
        assert "groups under" not in response.text
        secret = next(r for r in rows if r["comment"] == SECRET)
        assert "2" not in secret.values()
        # Engineering (6) is published with one detractor: beside the comments, the class
        # would tie a detractor's comment to a group under the comment floor (red-team suite)
        assert "score_class" not in rows[0]

    async def test_export_and_tables_together_pin_down_nobody(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, people = enps
        client = await staff_client("hr")
        rows = csv_rows((await client.get(f"/api/surveys/{survey}/responses.csv")).text)
        columns = [c for c in rows[0] if c not in SENSITIVE_COLUMNS and not c.startswith("driver_")]
        # each person's class from their own values (a value the file does not print was
        # folded into "(other)"); not from the comment, which the file may leave empty
        printed = {c: {row[c] for row in rows} for c in columns}

        def shown(person: Person, column: str) -> str:
            value = person.value(column)
            return value if value in printed[column] else "(other)"

        classes: dict[tuple[str, ...], set[int]] = {}
        for person in people:
            classes.setdefault(tuple(shown(person, c) for c in columns), set()).add(person.pid)
        rows_per_class: dict[tuple[str, ...], int] = {}
        for row in rows:
            key = tuple(row[c] for c in columns)
            rows_per_class[key] = rows_per_class.get(key, 0) + 1
        assert {key: len(members) for key, members in classes.items()} == rows_per_class
        cells, _ = await published_cells(client, survey, people)
        assert derivable_small_sets([*cells, *classes.values()], [p.pid for p in people], 5) == []

    async def test_too_few_answers_export_nothing(self, staff_client: Any) -> None:
        survey = await make_survey("enps")
        for _ in range(4):
            await add_response(survey, 8, "", {"department": "Sales"})
        client = await staff_client("hr")
        response = await client.get(f"/api/surveys/{survey}/responses.csv")
        assert response.status_code == 409


class TestIncentives:
    """Attack 5: the incentive report's holdout mean for an eNPS holdout of two."""

    async def test_small_holdout_shows_no_score_mean(self, staff_client: Any) -> None:
        from surveys.services.incentives import IncentiveCreate, IncentiveService

        survey = await make_survey("enps")
        from app.clock import SystemClock

        await IncentiveService(SystemClock()).create(
            survey,
            IncentiveCreate(
                kind="gift_card", name="Lunch", currency="JPY", budget="100000", unit_cost="500"
            ),
        )
        ids = []
        for i in range(12):
            await add_response(survey, 9 if i < 10 else 1, "", {"department": "Sales"})
        invitations = await Invitation.select(Invitation.id).where(Invitation.survey == survey)
        ids = [row["id"] for row in invitations]
        await Invitation.update(
            {Invitation.queued_at: DAY, Invitation.answered_at: DAY}, force=True
        ).where(Invitation.survey == survey)
        await Invitation.update({Invitation.holdout: True}).where(Invitation.id.is_in(ids[10:]))
        client = await staff_client("hr")
        report = (await client.get(f"/api/surveys/{survey}/incentives")).json()[0]
        uplift = report["uplift"]
        assert uplift["mean_score_holdout"] is None and uplift["mean_score_incentivised"] is None
        assert uplift["answered_holdout"] == 0 and uplift["rate_holdout"] is None
        assert "hidden to protect anonymity" in uplift["message"]
        assert "1.0" not in str(uplift["mean_score_holdout"])

    async def test_large_arms_keep_their_counts_but_never_score_means(self) -> None:
        from analytics.disclosure import guard_uplift
        from surveys.incentives import uplift

        measured = uplift(100, 40, 20, 6, 20000, [9.0] * 40, [7.0] * 6)
        guarded = guard_uplift(measured, 5)
        assert measured.mean_score_holdout == 7.0
        assert guarded.mean_score_holdout is None and guarded.mean_score_incentivised is None
        assert guarded.score_difference is None
        # Response counts, rates and the uplift itself survive for arms over the floor.
        assert (guarded.answered_incentivised, guarded.answered_holdout) == (40, 6)
        assert guarded.rate_holdout == measured.rate_holdout
        assert guarded.uplift_pp == measured.uplift_pp

    async def test_one_more_answer_moves_no_score_figure(self) -> None:
        from analytics.disclosure import guard_uplift
        from surveys.incentives import uplift

        before = guard_uplift(uplift(100, 40, 20, 6, 20000, [9.0] * 40, [7.0] * 6), 5)
        after = guard_uplift(uplift(100, 40, 20, 7, 20000, [9.0] * 40, [7.0] * 6 + [0.0]), 5)
        score_fields = ("mean_score_incentivised", "mean_score_holdout", "score_difference")
        for name in score_fields:
            assert getattr(before, name) is None and getattr(after, name) is None


class TestPagesAndPdf:
    """Attacks 1–5 through the staff results page and the survey PDF."""

    async def test_results_page_shows_only_the_guarded_figures(
        self, staff_client: Any, enps: tuple[int, list[Person]]
    ) -> None:
        survey, _ = enps
        client = await staff_client("hr")
        page = await client.get(f"/surveys/{survey}/results/?by=team")
        assert page.status_code == 200
        html = page.text
        assert ">Lead<" not in html and "Core</" not in html
        assert "hidden to protect anonymity" in html
        assert "2/10" not in html
        assert "Sales-0" in html  # published groups still show

    async def test_pdf_prints_only_published_groups(
        self, staff_client: Any, enps: tuple[int, list[Person]], tmp_path: Any
    ) -> None:
        import subprocess

        survey, _ = enps
        client = await staff_client("hr")
        from tests.analytics.test_report_api import fetch_pdf

        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(
            await fetch_pdf(client, f"/api/surveys/{survey}/analytics/report.pdf?lang=en")
        )
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Lead" not in text
        # Engineering (6) and team Core (5) together would give the lead away
        core_rows = [line for line in text.splitlines() if line.strip().startswith("Core ")]
        assert not ("Engineering" in text and core_rows), core_rows
        (tmp_path / "report.txt").write_text(text)
