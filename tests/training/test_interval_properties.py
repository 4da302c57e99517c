"""Every interval the workshop API publishes contains its estimate (issue 18, point 2).

Hypothesis draws small and skewed cohorts (3–25 attending accounts, a handful to a few
hundred candidates, effects from harmful to large, JPY or EUR, costs from one unit to
millions, so ROI runs from −100 % to tens of thousands of percent). Each cohort goes in
through the real imports, the scheduler's tick works the checkpoints, and the JSON that
``GET /api/workshops/{id}/effectiveness``, ``…/kirkpatrick`` and ``GET /api/workshops/portfolio``
return is read back: every (estimate, interval) pair in it must satisfy
``lower ≤ estimate ≤ upper`` — DiD estimates, each group's post-window value (the chart
bands), the monthly churn / expansion benefits, and the ROI, BCR and benefit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clock import FrozenClock
from app.settings import Settings
from tests.training.workshop_data import participant_rows, to_csv
from training.imports import import_accounts, import_events, import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService
from training.simulate import simulate_cohort

_example = itertools.count(1)

#: (estimate field, low field, high field) in one JSON object; "x_ci" pairs are [low, high].
BOUNDS = (
    ("did", "ci_low", "ci_high"),
    ("attending_post", "attending_post_low", "attending_post_high"),
    ("comparison_post", "comparison_post_low", "comparison_post_high"),
)
PAIRS = (
    ("churn_mrr_avoided_per_month", "churn_mrr_avoided_ci"),
    ("expansion_mrr_per_month", "expansion_mrr_ci"),
    ("benefit", "benefit_ci"),
    ("roi_percent", "roi_percent_ci"),
    ("bcr", "bcr_ci"),
)


def published_intervals(node: Any, path: str = "$") -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """(where, low, estimate, high) of every interval in a JSON document."""
    found: list[tuple[str, Decimal, Decimal, Decimal]] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += published_intervals(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for value_key, low_key, high_key in BOUNDS:
            value, low, high = node.get(value_key), node.get(low_key), node.get(high_key)
            if value is not None and low is not None and high is not None:
                found.append((f"{path}.{value_key}", *_dec(low, value, high)))
        for value_key, ci_key in PAIRS:
            value, ci = node.get(value_key), node.get(ci_key)
            if value is not None and ci is not None:
                found.append((f"{path}.{value_key}", *_dec(ci[0], value, ci[1])))
        for key, item in node.items():
            found += published_intervals(item, f"{path}.{key}")
    return found


def _dec(*values: Any) -> tuple[Decimal, Decimal, Decimal]:
    low, value, high = (Decimal(str(v)) for v in values)
    return low, value, high


def _prefixed(rows: Any, prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    """CSV rows with their ids made unique to one example (the database is shared)."""
    return [{k: (f"{prefix}{v}" if k in keys else v) for k, v in row.items()} for row in rows]


@st.composite
def cohorts(draw: Any) -> dict[str, Any]:
    return {
        "n_attend": draw(st.integers(min_value=3, max_value=25)),
        "n_candidates": draw(st.integers(min_value=5, max_value=250)),
        "expansion": draw(st.sampled_from([-0.2, -0.05, 0.0, 0.1, 0.4])),
        "churn": draw(st.sampled_from([-0.1, 0.0, 0.05, 0.2])),
        "currency": draw(st.sampled_from(["JPY", "EUR"])),
        "cost": draw(
            st.sampled_from([Decimal(1), Decimal(77), Decimal(5_000), Decimal(9_000_000)])
        ),
        "seed": draw(st.integers(min_value=0, max_value=10_000)),
    }


@pytest.mark.slow
@pytest.mark.usefixtures("db")
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(spec=cohorts())
async def test_every_published_workshop_interval_holds_its_estimate(
    spec: dict[str, Any], staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    client = await staff_client("manager", f"m{next(_example)}@example.com")
    held_on = clock.now().date() - dt.timedelta(days=35)
    cohort = simulate_cohort(
        spec["n_attend"],
        spec["n_candidates"],
        seed=spec["seed"],
        workshop_day=held_on,
        expansion_effect=spec["expansion"],
        churn_effect=spec["churn"],
        currency=spec["currency"],
    )
    prefix = f"H{spec['seed']}x{next(_example)}-"
    ids = ("external_id", "account_external_id", "external_event_id")
    await import_accounts(to_csv(_prefixed(cohort.account_rows(), prefix, ids)), clock.now())
    await import_events(to_csv(_prefixed(cohort.event_rows(), prefix, ids)), clock.now())
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(
            title=f"Property {prefix}",
            kind="customer",
            held_on=held_on,
            currency=spec["currency"],
            costs=WorkshopCostsIn(facilitator=spec["cost"]),
            checkpoints=[0, 7, 30],
        )
    )
    people = _prefixed(participant_rows(cohort), prefix, ("account_external_id",))
    await import_participants(workshop.id, to_csv(people), clock.now())
    await client.app.state.ticker.tick()

    documents = {}
    for path in (
        f"/api/workshops/{workshop.id}/effectiveness",
        f"/api/workshops/{workshop.id}/kirkpatrick",
        "/api/workshops/portfolio",
    ):
        response = await client.get(path)
        assert response.status_code == 200, response.text
        documents[path] = response.json()
    intervals = [
        (where, low, value, high)
        for path, doc in documents.items()
        for where, low, value, high in published_intervals(doc, path)
    ]
    effect = documents[f"/api/workshops/{workshop.id}/effectiveness"]
    measured = [c for c in effect["checkpoints"] if c["effect"] and c["effect"]["status"] == "ok"]
    if measured:  # the +7 and +30 windows hold data: DiDs and group bands are published
        assert any(".did" in where for where, *_ in intervals)
        assert any(".attending_post" in where for where, *_ in intervals)
    for where, low, value, high in intervals:
        assert low <= value <= high, (where, low, value, high, spec)
    await WorkshopService(settings, clock).delete(workshop.id)


def test_the_walker_finds_every_published_kind_of_interval() -> None:
    doc = {
        "estimates": [{"did": 1.0, "ci_low": 2.0, "ci_high": 3.0}],
        "attending_post": 5,
        "attending_post_low": 4,
        "attending_post_high": 6,
        "roi": {"roi_percent": "10.00", "roi_percent_ci": ["-5.00", "9.00"], "bcr": None},
    }
    found = {where: (low, value, high) for where, low, value, high in published_intervals(doc)}
    assert set(found) == {"$.estimates[0].did", "$.attending_post", "$.roi.roi_percent"}
    assert not (found["$.estimates[0].did"][0] <= Decimal(1))  # a bad interval is seen as such
    assert found["$.roi.roi_percent"] == (Decimal("-5.00"), Decimal("10.00"), Decimal("9.00"))
