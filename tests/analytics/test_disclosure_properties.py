"""Property-based tests of the disclosure guard on random small eNPS populations.

Hypothesis draws populations of 5–24 employees with random attribute structures: overlapping
attributes (drawn independently), nested ones (a team inside a department), rare values,
missing values, a skewed language mix, two survey versions, several months and random
comments. For each, the plan must publish nothing from which a group under the floor can be
computed: no published cell, no difference of two published cells (across breakdowns, the
overall total, periods/versions and the export's classes), and no block of the published
comment lists (which a reader can intersect and subtract by text).

The checks are independent of the guard's integer program: brute force over people
(:mod:`tests.analytics.disclosure_checks`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.disclosure import DisclosurePlan, Person, build_plan
from tests.analytics.disclosure_checks import blocks, derivable_small_sets

SPECIAL = ("language", "version", "month")
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def populations(draw: Any) -> tuple[list[Person], list[str], int, int]:
    size = draw(st.integers(min_value=5, max_value=24))
    floor = draw(st.sampled_from([3, 4, 5]))
    comment_floor = draw(st.sampled_from([floor, floor + 2, 10]))
    n_attributes = draw(st.integers(min_value=1, max_value=3))
    rows: list[dict[str, str]] = [{} for _ in range(size)]
    names: list[str] = []
    for a in range(n_attributes):
        name = f"attr{a}"
        names.append(name)
        nested = a > 0 and draw(st.booleans())
        n_values = draw(st.integers(min_value=2, max_value=5))
        for row in rows:
            if draw(st.integers(min_value=0, max_value=9)) == 0:
                continue  # missing: "(not set)"
            value = draw(st.integers(min_value=0, max_value=n_values - 1))
            # nested: the child's value lives inside the parent's (team inside department)
            row[name] = f"{row.get(names[a - 1], '-')}/{value}" if nested else f"v{value}"
    people = []
    for pid, row in enumerate(rows):
        dims = dict(row)
        dims["language"] = "ja" if draw(st.integers(min_value=0, max_value=4)) == 0 else "en"
        dims["version"] = draw(st.sampled_from(["1", "1", "2"]))
        dims["month"] = draw(st.sampled_from(["2026-10", "2026-11", "2026-11"]))
        people.append(Person(id=pid, dims=dims, has_comment=draw(st.booleans())))
    return people, names, floor, comment_floor


def plan_of(population: tuple[list[Person], list[str], int, int]) -> DisclosurePlan:
    people, names, floor, comment_floor = population
    return build_plan(
        people,
        [*names, *SPECIAL],
        floor,
        comment_floor,
        export_dims=["version", "language", *names],
    )


def published_sets(plan: DisclosurePlan) -> list[frozenset[int]]:
    sets = [plan.cells[d][v] for d, v in sorted(plan.published)]
    if plan.total_published:
        sets.append(plan.everyone)
    if plan.export is not None:
        sets.extend(plan.export.classes())
    return sets


@PROPERTY
@given(populations())
def test_no_published_cell_is_under_the_floor(population: Any) -> None:
    plan = plan_of(population)
    floor = population[2]
    for members in published_sets(plan):
        assert len(members) >= floor


@PROPERTY
@given(populations())
def test_no_difference_of_two_published_cells_is_a_small_group(population: Any) -> None:
    plan = plan_of(population)
    floor = population[2]
    sets = published_sets(plan)
    for a, b in itertools.permutations(sets, 2):
        if b <= a:  # a − b is then exactly the people in a but not in b
            assert len(a - b) == 0 or len(a - b) >= floor, (sorted(a), sorted(b))


@PROPERTY
@given(populations())
def test_no_combination_of_published_counts_pins_down_a_small_group(population: Any) -> None:
    plan = plan_of(population)
    people, _, floor, _ = population
    everyone = [p.id for p in people]
    assert derivable_small_sets(published_sets(plan), everyone, floor) == []


@PROPERTY
@given(populations())
def test_comment_lists_never_single_out_a_small_group(population: Any) -> None:
    plan = plan_of(population)
    people, _, _, comment_floor = population
    lists = []
    if plan.comments_overall:
        lists.append(plan.everyone)
    lists.extend(plan.cells[d][v] for d, v in sorted(plan.comment_cells))
    if plan.export is not None and plan.export.comments:
        lists.extend(plan.export.classes())
    if not lists:
        return
    for block in blocks([p.id for p in people], lists):
        assert len(block) >= comment_floor
    # a comment list is only ever shown for a group whose figures are shown
    assert plan.comment_cells <= plan.published


@PROPERTY
@given(populations())
def test_export_is_k_anonymous_on_every_column_combination(population: Any) -> None:
    plan = plan_of(population)
    if plan.export is None:
        assert len(population[0]) < population[2]
        return
    export = plan.export
    values = list(export.values.values())
    for size in range(1, len(export.columns) + 1):
        for columns in itertools.combinations(range(len(export.columns)), size):
            counts: dict[tuple[str, ...], int] = {}
            for shown in values:
                key = tuple(shown[c] for c in columns)
                counts[key] = counts.get(key, 0) + 1
            assert min(counts.values()) >= export.k


@PROPERTY
@given(populations())
def test_waves_answer_only_what_is_already_published(population: Any) -> None:
    """A period filter snaps to whole versions; a set of versions is answered only when its
    figures already follow from the published ones (so it adds nothing)."""
    plan = plan_of(population)
    floor = population[2]
    versions = plan.cells.get("version", {})
    for size in range(1, len(versions) + 1):
        for chosen in itertools.combinations(sorted(versions), size):
            members = frozenset().union(*(versions[v] for v in chosen))
            if plan.is_derivable(members):
                assert len(members) >= floor or not members


def test_nested_team_inside_department_is_caught() -> None:
    """The example that motivated the guard, kept as a plain regression test."""
    people = [Person(i, {"dept": "Eng", "team": "Core"}) for i in range(5)]
    people.append(Person(5, {"dept": "Eng", "team": "Lead"}))
    people.extend(Person(6 + i, {"dept": "Sales", "team": "Sales"}) for i in range(6))
    plan = build_plan(people, ["dept", "team"], 5, 10)
    assert not {("dept", "Eng"), ("team", "Core")} <= plan.published
    assert derivable_small_sets(published_sets(plan), [p.id for p in people], 5) == []


def test_out_of_time_withholds_groups_and_stays_safe() -> None:
    people = [Person(i, {"dept": f"D{i % 3}", "language": "en"}, True) for i in range(30)]
    plan = build_plan(people, ["dept", "language"], 5, 10, budget_seconds=0.0)
    assert plan.total_published and plan.published == set() and plan.comment_cells == set()
    assert plan.comments_overall
    relaxed = build_plan(people, ["dept", "language"], 5, 10)
    assert {("dept", "D0"), ("dept", "D1"), ("dept", "D2")} <= relaxed.published


@pytest.mark.usefixtures("db")
class TestThroughTheService:
    """The same property end to end: answers in a real database, figures from the service."""

    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(population=populations())
    async def test_nothing_published_pins_down_a_small_group(
        self, population: Any, settings: Any
    ) -> None:
        from analytics.services import AnalyticsService
        from tests.analytics.factories import add_response, make_survey

        people, names, _, _ = population
        survey = await make_survey("enps")
        ids: dict[int, int] = {}
        day = {"2026-10": dt.datetime(2026, 10, 6, tzinfo=dt.UTC)}
        for person in people:
            attributes = {n: person.dims[n] for n in names if n in person.dims}
            ids[person.id] = await add_response(
                survey,
                person.id % 11,
                f"comment {person.id}" if person.has_comment else "",
                attributes,
                submitted_at=day.get(
                    person.dims["month"], dt.datetime(2026, 11, 10, tzinfo=dt.UTC)
                ),
                language=person.dims["language"],
                version=int(person.dims["version"]),
            )
        service = AnalyticsService(settings)
        floor, comment_floor = service.min_size, service.comment_floor
        published: list[set[int]] = []
        if not (await service.scores(survey)).score.suppressed:
            published.append(set(ids.values()))
        comment_lists: list[set[int]] = []
        everyone_comments = await service.comments(survey)
        if everyone_comments.comments:
            comment_lists.append(set(ids.values()))
        for dim in [*names, "language", "version", "month"]:
            breakdown = await service.breakdown(survey, dim)
            for segment in breakdown.segments:
                members = {
                    ids[p.id] for p in people if p.dims.get(dim, "(not set)") == segment.group
                }
                assert segment.score.n == len(members) >= floor
                published.append(members)
            listing = await service.comments(survey, by=dim)
            for group in {c.group for c in listing.comments}:
                comment_lists.append(
                    {ids[p.id] for p in people if p.dims.get(dim, "(not set)") == group}
                )
        assert derivable_small_sets(published, sorted(ids.values()), floor) == []
        for block in blocks(sorted(ids.values()), comment_lists):
            assert len(block) >= comment_floor or not comment_lists
