"""Every interval the survey analytics API publishes contains its estimate (issue 18, point 2).

Hypothesis draws small, skewed customer surveys (4–24 answers, three driver ratings that
pile up at one end, scores that pile up or split) and stores them in the database; the JSON
of ``GET /api/surveys/{id}/analytics/drivers`` and ``…/scores`` must then satisfy
``ci_low ≤ estimate ≤ ci_high`` for every key-driver share, the NPS and every rating score.
A percentile bootstrap of a small relative-weight share lies above the share it describes
on such data; the published interval must not.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analytics.factories import add_response, make_survey

DRIVERS = ("driver_support", "driver_product", "driver_price")
_example = itertools.count(1)


@st.composite
def surveys(draw: Any) -> list[tuple[int, dict[str, int]]]:
    n = draw(st.integers(min_value=6, max_value=20))
    # a skewed rating (mostly one value) or a spread one
    ratings = st.one_of(
        st.sampled_from([5, 5, 5, 5, 4, 1]),
        st.sampled_from([1, 1, 1, 2, 5]),
        st.integers(min_value=1, max_value=5),
    )
    # the score follows one driver closely (the others get tiny, skewed shares), or not
    follows = draw(st.booleans())
    rows = []
    for _ in range(n):
        ratings_row = {k: draw(ratings) for k in DRIVERS}
        if follows:
            noise = draw(st.integers(min_value=-1, max_value=1))
            score = min(10, max(0, 2 * ratings_row["driver_support"] + noise))
        else:
            score = draw(st.one_of(st.sampled_from([10, 10, 9, 0]), st.integers(0, 10)))
        rows.append((score, ratings_row))
    return rows


@pytest.mark.slow
@pytest.mark.usefixtures("db")
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(answers=surveys())
async def test_every_published_survey_interval_holds_its_estimate(
    answers: list[tuple[int, dict[str, int]]], staff_client: Any
) -> None:
    client = await staff_client("cs", f"cs{next(_example)}@example.com")
    survey = await make_survey()
    for score, ratings in answers:
        await add_response(survey, score, answers=ratings)
    drivers = (await client.get(f"/api/surveys/{survey}/analytics/drivers")).json()
    scores = (await client.get(f"/api/surveys/{survey}/analytics/scores")).json()
    published = [(d["key"], d["ci_low"], d["share_pct"], d["ci_high"]) for d in drivers["drivers"]]
    published.append(
        ("nps", scores["score"]["ci_low"], scores["score"]["nps"], scores["score"]["ci_high"])
    )
    for rating in scores.get("ratings", []):
        published.append((rating["key"], rating["ci_low"], rating["value"], rating["ci_high"]))
    for where, low, value, high in published:
        if low is not None and high is not None:
            assert value is not None
            assert low <= value <= high, (where, low, value, high, answers)
