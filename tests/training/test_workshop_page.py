"""Issue 18 (5): the workshop page leads with its verdict, ROI/BCR/benefit with intervals,
the Kirkpatrick levels and a small-sample warning; the list never shows −100 % for no data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from app.clock import FrozenClock
from app.settings import Settings
from tests.training.workshop_data import load_cohort, participant_rows, to_csv
from training.imports import import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate
from training.services import WorkshopService

HTML = {"accept": "text/html"}


async def test_small_workshop_page_has_verdict_and_warning_list_has_no_minus_100(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    client = await staff_client("manager")
    held_on = clock.now().date() - dt.timedelta(days=12)
    cohort = await load_cohort(clock.now(), workshop_day=held_on, n_attend=24, n_candidates=240)
    service = WorkshopService(settings, clock)
    small = await service.create(
        WorkshopCreate(
            title="Twenty-four attendees",
            kind="customer",
            held_on=held_on,
            costs=WorkshopCostsIn(facilitator=Decimal(300_000)),
            checkpoints=[0, 7],
        )
    )
    await import_participants(small.id, to_csv(participant_rows(cohort)), clock.now())
    empty = await service.create(
        WorkshopCreate(
            title="Nobody measured yet",
            kind="customer",
            held_on=clock.now().date() + dt.timedelta(days=5),
            costs=WorkshopCostsIn(facilitator=Decimal(100_000)),
        )
    )
    await client.app.state.ticker.tick()

    page = (await client.get(f"/workshops/{small.id}", headers=HTML)).text
    assert "data-verdict=" in page
    assert "data-small-sample" in page  # 24 attending accounts, under 30
    assert "data-kirkpatrick" in page and "L1" in page and "L5" in page
    api = (await client.get(f"/api/workshops/{small.id}/kirkpatrick")).json()
    roi = api["level5_roi"]
    unsupported = 'data-verdict="unsupported"' in page  # no number the data cannot carry
    if roi is not None and roi["basis"] == "estimate" and not unsupported:
        assert "data-roi" in page and "data-bcr" in page and "data-benefit" in page
        assert f"{float(roi['roi_percent']):,.1f}%" in page
        if roi["roi_percent_ci"]:
            low = float(roi["roi_percent_ci"][0])
            assert f"{low:,.1f}%" in page

    empty_page = (await client.get(f"/workshops/{empty.id}", headers=HTML)).text
    assert 'data-verdict="not_measurable"' in empty_page and "data-roi" not in empty_page

    listing = (await client.get("/workshops", headers=HTML)).text
    row = listing.split("Nobody measured yet", 1)[1].split("</tr>", 1)[0]
    assert "-100" not in row and "−100" not in row
    assert "data-not-measured" in row
    # An unsupported comparison gives no ROI anywhere on the page, L5 included.
    if unsupported:
        level5 = page.split("L5", 1)[1].split("</th>", 1)[1].split("</tr>", 1)[0]
        assert "ROI" not in level5 and "%" not in level5


async def test_costs_and_plan_are_edited_in_the_page(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    """Issue 18 (5): costs and the checkpoint plan can be changed without the API."""
    client = await staff_client("cs")
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(
            title="Editable",
            kind="customer",
            held_on=clock.now().date() + dt.timedelta(days=3),
            costs=WorkshopCostsIn(facilitator=Decimal(100_000), incentives=Decimal(5_000)),
        )
    )
    form = (await client.get(f"/workshops/{workshop.id}/edit", headers=HTML)).text
    assert 'value="100000"' in form and 'value="5000"' in form
    assert 'value="0, 7, 30, 90, 180"' in form
    csrf = client.headers["x-csrf-token"]
    values = {f"cost_{k}": "0" for k in ("venue_catering", "materials", "tooling",
                                           "participant_hours", "loaded_hourly_rate")}  # fmt: skip
    bad = await client.post(
        f"/workshops/{workshop.id}/edit",
        data={**values, "cost_facilitator": "-5", "cost_incentives": "5000",
              "checkpoints": "0, 7", "_csrf": csrf},
        headers=HTML,
    )  # fmt: skip
    assert bad.status_code == 422 and 'value="-5"' in bad.text
    saved = await client.post(
        f"/workshops/{workshop.id}/edit",
        data={**values, "cost_facilitator": "250000", "cost_incentives": "5000",
              "checkpoints": "0, 7, 30, 60", "_csrf": csrf},
        headers=HTML,
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303, saved.text
    api = (await client.get(f"/api/workshops/{workshop.id}")).json()
    assert api["costs"]["facilitator"] == "250000"
    assert api["costs"]["incentives"] == "5000"  # entered incentives kept, not doubled
    assert [c["offset_days"] for c in api["checkpoints"]] == [0, 7, 30, 60]


async def test_page_shows_the_balance_table_and_a_named_band(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    """Issue 18 (5): the workshop page shows the covariate balance (SMD before and after
    weighting) of the checkpoint behind its verdict, covariates in the reader's language, and
    its effect chart shades the estimator's interval and names it in the legend."""
    import base64
    import html
    import re

    client = await staff_client("manager")
    held_on = clock.now().date() - dt.timedelta(days=12)
    cohort = await load_cohort(clock.now(), workshop_day=held_on, n_attend=40, n_candidates=300)
    workshop = await WorkshopService(settings, clock).create(
        WorkshopCreate(
            title="Balanced comparison",
            kind="customer",
            held_on=held_on,
            costs=WorkshopCostsIn(facilitator=Decimal(200_000)),
            checkpoints=[0, 7],
        )
    )
    await import_participants(workshop.id, to_csv(participant_rows(cohort)), clock.now())
    await client.app.state.ticker.tick()
    effect = (await client.get(f"/api/workshops/{workshop.id}/effectiveness")).json()
    seven = next(c for c in effect["checkpoints"] if c["offset_days"] == 7)["effect"]
    balance = seven["balance"]
    assert seven["status"] == "ok" and balance

    for lang, tier, legend in (
        ("en", "Tier: Enterprise (share)", "Shaded: 95% interval"),
        ("ja", "ティア：エンタープライズ（割合）", "網掛け：95%信頼区間"),
    ):
        page = (await client.get(f"/workshops/{workshop.id}?lang={lang}", headers=HTML)).text
        card = page.split("data-balance", 1)[1].split("</section>", 1)[0]
        rows = re.findall(r"<tr(?: data-imbalanced)?><th scope=\"row\">(.*?)</th>(.*?)</tr>", card)
        assert len(rows) == len(balance)
        assert html.unescape(rows[0][0]) == tier
        assert "tier:Enterprise" not in card and "log_mrr" not in card
        for (_label, cells), row in zip(rows, balance, strict=True):
            numbers = re.findall(r">([−\-]?[\d,]+\.\d\d)<", cells)
            # SMDs first (what a phone shows without scrolling the table), then the means
            expected = [row["smd_before"], row["smd_after"]]
            expected += [row["attending_after"], row["comparison_before"], row["comparison_after"]]
            assert [float(n.replace("−", "-").replace(",", "")) for n in numbers] == [
                pytest.approx(v, abs=0.006) for v in expected
            ]
        assert ("data-imbalanced" in card) == any(abs(r["smd_after"]) > 0.1 for r in balance)
        # the checkpoint behind the verdict is open, earlier ones fold under their heading, and
        # a checkpoint where nothing is measurable says so once instead of a card per KPI
        folds = re.findall(r'<details class="checkpoint" data-checkpoint="(\d+)"( open)?>', page)
        assert folds == [("0", ""), ("7", " open")], folds
        day0 = next(c for c in effect["checkpoints"] if c["offset_days"] == 0)["effect"]
        day0_html = page.split('data-checkpoint="0"', 1)[1].split('data-checkpoint="7"', 1)[0]
        empty = all(e["did"] is None for e in day0["estimates"])
        assert ("data-nothing-measurable" in day0_html) == empty
        assert ("data-kpis" in day0_html) != empty
        assert "data-kpis" in page.split('data-checkpoint="7"', 1)[1]
        chart = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
        assert chart is not None
        assert legend in base64.b64decode(chart.group(1)).decode()
