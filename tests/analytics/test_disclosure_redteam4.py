"""Fourth red team of eNPS confidentiality: differencing two *releases*.

Releases make figures move only in batches of at least ``k`` answers (10 once comments are
collected), but the batch is split by every published group: a reader who saved a group's
figures (or comment list) in one release and reads them again in the next sees the answers
of that group's *newcomers* only. With a batch of five spread over departments, a department
that gained one answer shows that one colleague's score class and ratings, and a department
comment list that gained one comment names its writer among the department's late answerers.

Each attack goes through the HTTP app as an hr reader; the check is independent of the guard:
for every group shown in two releases, the people it gained (or lost) number 0 or at least
the floor, and so do the comments its list gained.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.disclosure import Person, build_plan
from surveys.tables import Survey
from tests.analytics.disclosure_checks import blocks, derivable_small_sets
from tests.analytics.factories import add_response, make_survey

K = 5
FLOOR = 10


async def close(survey: int) -> None:
    await Survey.update({Survey.status: "closed"}).where(Survey.id == survey)


async def _breakdown(client: Any, survey: int, by: str) -> dict[str, dict[str, Any]]:
    body = (await client.get(f"/api/surveys/{survey}/analytics/breakdown?by={by}")).json()
    return {seg["group"]: seg["score"] for seg in body["segments"]}


class TestReleaseDifferencing:
    async def test_a_group_shown_in_two_releases_never_moves_by_fewer_than_k(
        self, staff_client: Any
    ) -> None:
        survey = await make_survey("enps")
        for department, size in {"A": 6, "B": 6, "C": 6}.items():
            for i in range(size):
                await add_response(survey, (10, 8, 9)[i % 3], "", {"department": department})
        client = await staff_client("hr")
        before = await _breakdown(client, survey, "department")
        assert set(before) == {"A", "B", "C"}, before  # legitimate: groups of 6 are shown
        # a batch of five: one late colleague in A (a detractor), four in B
        await add_response(survey, 2, "", {"department": "A"})
        for _ in range(4):
            await add_response(survey, 10, "", {"department": "B"})
        # hr closes the survey: a closed survey releases from k waiting answers on
        await close(survey)
        after = await _breakdown(client, survey, "department")
        total = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert total["score"]["n"] == 23, total  # the release moved
        for group in set(before) & set(after):
            moved = after[group]["n"] - before[group]["n"]
            assert moved == 0 or moved >= K, (group, before[group], after[group])
        # the unchanged group and the overall figure are still shown
        assert "C" in after and after["C"] == before["C"]

    async def test_a_comment_list_never_gains_fewer_than_the_comment_floor(
        self, staff_client: Any
    ) -> None:
        survey = await make_survey("enps")
        for department, size in {"A": 12, "B": 12, "C": 12}.items():
            for i in range(size):
                await add_response(
                    survey,
                    (10, 8, 9)[i % 3],
                    f"{department} note {i} about the rota",
                    {"department": department},
                    sentiment=(0.2, "positive"),
                )
        client = await staff_client("hr")
        base = f"/api/surveys/{survey}/analytics/comments?by=department&group="
        before = {d: (await client.get(base + d)).json()["comments"] for d in "ABC"}
        assert all(before.values()), before  # legitimate: groups of 12 list their comments
        # a batch of ten: one late colleague in A who writes, nine in B
        await add_response(
            survey, 1, "my manager ignores me", {"department": "A"}, sentiment=(-0.8, "negative")
        )
        for i in range(9):
            await add_response(
                survey, 9, f"late B note {i}", {"department": "B"}, sentiment=(0.3, "positive")
            )
        await close(survey)
        after = {d: (await client.get(base + d)).json()["comments"] for d in "ABC"}
        scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
        assert scores["score"]["n"] == 46, scores
        for department in "ABC":
            if not before[department] or not after[department]:
                continue
            old = {c["text"] for c in before[department]}
            new = {c["text"] for c in after[department]}
            gained = len(new - old) + len(old - new)
            assert gained == 0 or gained >= FLOOR, (department, new - old)


class TestHonestUseStillShowsGroups:
    async def test_groups_come_through_while_the_survey_fills_up(self, staff_client: Any) -> None:
        """Legitimate use: hr reads the results as a survey of 60 fills up over the week
        (releases grow by half while it is open) and after it closes: every department that
        gained at least k answers between two releases is shown with its numbers."""
        survey = await make_survey("enps")
        client = await staff_client("hr")
        seen: list[dict[str, dict[str, Any]]] = []
        for round_ in range(6):
            for department in "ABCD":
                for i in range(3 if round_ < 5 else 0):
                    await add_response(survey, (10, 8, 3)[i], "", {"department": department})
            seen.append(await _breakdown(client, survey, "department"))
        await close(survey)
        final = await _breakdown(client, survey, "department")
        assert set(final) == set("ABCD"), final
        assert all(final[d]["n"] == 15 for d in "ABCD"), final
        for earlier in seen:
            for group in set(earlier) & set(final):
                moved = final[group]["n"] - earlier[group]["n"]
                assert moved == 0 or moved >= K


@st.composite
def arrivals(draw: st.DrawFn) -> tuple[list[Person], list[int]]:
    n = draw(st.integers(8, 16))
    depts = draw(st.lists(st.sampled_from("AB C"), min_size=n, max_size=n))
    regions = draw(st.lists(st.sampled_from("XY"), min_size=n, max_size=n))
    wrote = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    people = [
        Person(
            i,
            {"department": depts[i], "region": regions[i]},
            has_comment=wrote[i],
            comment_language="en" if wrote[i] else None,
            content=f"{i:03d}",
        )
        for i in range(n)
    ]
    # releases are cut as the service cuts them: after ``step`` changes (the comment floor
    # once there are comments), from the first ``step`` answers on
    step = PFLOOR if any(wrote) else PK
    cuts = [draw(st.integers(step, n))]
    while cuts[-1] + step <= n and draw(st.booleans()):
        cuts.append(draw(st.integers(cuts[-1] + step, n)))
    return people, cuts


PK, PFLOOR = 3, 4


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arrivals())
def test_no_two_releases_pin_down_a_small_group(case: tuple[list[Person], list[int]]) -> None:
    """Any number of releases, each planned against what the earlier ones published (as the
    service does): over every published set of every release together, no set of fewer than
    k people follows linearly, and intersecting every comment list and export class of every
    release singles out no block under its floor (brute force, independent of the guard)."""
    people, cuts = case
    tables: list[frozenset[int]] = []
    comments: list[frozenset[int]] = []
    rows: list[frozenset[int]] = []
    export_floor = PK
    for cut in cuts:
        plan = build_plan(
            people[:cut],
            ["department", "region"],
            PK,
            PFLOOR,
            ["department", "region"],
            history=tables,
            comment_history=comments,
            row_history=rows,
        )
        t, c, r = plan.published_sets()
        tables += t
        comments += c
        rows += r
        if plan.export is not None:
            export_floor = max(export_floor, plan.export.k)
    everyone = [p.id for p in people[: cuts[-1]]]
    assert derivable_small_sets(tables, everyone, PK) == []
    wrote = {p.id for p in people if p.has_comment}
    for block in blocks(everyone, comments):
        if block & wrote and any(block <= lst for lst in comments):
            assert len(block) >= PFLOOR, (block, comments)
    for block in blocks(everyone, rows):
        if any(block <= cls for cls in rows):
            assert len(block) >= PK, (block, rows)
