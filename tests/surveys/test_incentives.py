"""Incentives: exact money, budget hard stop under concurrency, holdout, measured uplift."""

from __future__ import annotations

import asyncio
import email
import email.policy
import math
from decimal import Decimal
from typing import Any

import pytest

from surveys.incentives import (
    MoneyError,
    expected_unit_cost,
    from_minor,
    redeemed_cost,
    to_minor,
    uplift,
)
from surveys.services import in_holdout
from surveys.tables import Incentive, IncentiveGrant, OutboxMessage
from tests.surveys.conftest import add_people, create_survey
from tests.surveys.test_respondent import links


class TestMoney:
    def test_minor_units_are_exact_in_jpy_and_eur(self) -> None:
        assert to_minor("1200", "JPY") == 1200
        assert to_minor("1200.50", "EUR") == 120050
        assert from_minor(120050, "EUR") == Decimal("1200.50")
        assert from_minor(500, "JPY") == Decimal("500")
        with pytest.raises(MoneyError):
            to_minor("1200.5", "JPY")  # yen has no minor unit
        with pytest.raises(MoneyError):
            to_minor("0.001", "EUR")

    def test_percent_coupon_expected_and_actual_cost_round_half_up(self) -> None:
        # 10% of an expected 8,000 JPY order, 30% redeemed: 240 JPY per grant.
        assert (
            expected_unit_cost(
                "percent_coupon",
                percent=Decimal("10"),
                expected_order_value_minor=8000,
                expected_redemption_rate=Decimal("0.3"),
            )
            == 240
        )
        # 10% of 45.55 EUR × 25% = 1.13875 EUR → 1.14 EUR (113.875 cents, half up).
        assert (
            expected_unit_cost(
                "percent_coupon",
                percent=Decimal("10"),
                expected_order_value_minor=4555,
                expected_redemption_rate=Decimal("0.25"),
            )
            == 114
        )
        # Redeemed on a 45.55 EUR order: 4.555 → 4.56 EUR given away.
        assert redeemed_cost("percent_coupon", 4555, percent=Decimal("10")) == 456
        # A 1,000 JPY coupon on a 600 JPY order gives away 600 JPY.
        assert redeemed_cost("fixed_coupon", 600, unit_cost_minor=1000) == 600
        assert redeemed_cost("gift_card", 0, unit_cost_minor=3000) == 3000


class TestUplift:
    def test_matches_hand_computed_example(self) -> None:
        """900 offered, 360 answered; holdout 100, 25 answered; 360 grants × 500 JPY."""
        result = uplift(900, 360, 100, 25, 180_000, [9, 8, 10, 7], [7, 6, 8])
        assert result.rate_incentivised == 40.0 and result.rate_holdout == 25.0
        assert result.uplift_pp == 15.0
        # Newcombe hybrid score interval from the two Wilson intervals, written out here.
        z = 1.959963984540054

        def wilson(s: int, n: int) -> tuple[float, float]:
            p = s / n
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
            return centre - half, centre + half

        l_h, u_h = wilson(25, 100)
        l_i, u_i = wilson(360, 900)
        low = 0.15 - math.sqrt((0.40 - l_i) ** 2 + (u_h - 0.25) ** 2)
        high = 0.15 + math.sqrt((u_i - 0.40) ** 2 + (0.25 - l_h) ** 2)
        assert result.uplift_ci_low == pytest.approx(low * 100, abs=0.01)
        assert result.uplift_ci_high == pytest.approx(high * 100, abs=0.01)
        assert result.cost_per_answer_minor == 500  # 180,000 / 360
        # Added answers: 360 − 0.25 × 900 = 135; 180,000 / 135 = 1,333.33 → 1,333 JPY.
        assert result.answers_added == 135.0
        assert result.incremental_cost_per_added_answer_minor == 1333
        assert result.score_difference == pytest.approx(8.5 - 7.0)

    def test_no_uplift_means_no_incremental_cost(self) -> None:
        result = uplift(100, 20, 100, 30, 10_000)
        assert result.incremental_cost_per_added_answer_minor is None
        assert result.message


class TestHoldout:
    def test_stable_for_a_seed_and_share_within_tolerance(self) -> None:
        emails = [f"person{i}@example.com" for i in range(10_000)]
        first = [in_holdout("seed-a", e, 0.1) for e in emails]
        again = [in_holdout("seed-a", e, 0.1) for e in emails]
        other = [in_holdout("seed-b", e, 0.1) for e in emails]
        assert first == again
        assert first != other
        # Binomial(10,000, 0.1): sd 30; allow 4 sd.
        assert abs(sum(first) - 1000) <= 120


async def _live_survey_with_budget(client: Any, people: int, budget_grants: int) -> dict[str, Any]:
    survey = await create_survey(client, holdout_share=0.0)
    created = await client.post(
        f"/api/surveys/{survey['id']}/incentives",
        json={
            "kind": "gift_card",
            "name": "500 yen gift card",
            "currency": "JPY",
            "budget": str(500 * budget_grants),
            "unit_cost": "500",
            "description_ja": "500円分のギフトカード",
        },
    )
    assert created.status_code == 201, created.text
    recipients = [
        {"email": f"p{i}@example.com", "name": f"P{i}", "language": "en"} for i in range(people)
    ]
    assert (await add_people(client, survey["id"], recipients)).status_code == 200
    assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    return {"survey": survey, "incentive": created.json()}


class TestGrants:
    async def test_fifty_concurrent_answers_twenty_grants(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        setup = await _live_survey_with_budget(client, 50, 20)
        tokens = list((await links()).values())
        assert len(tokens) == 50
        # The invitation mentions the thank-you while the budget lasts.
        body = (await OutboxMessage.select(OutboxMessage.body).first())["body"]  # type: ignore[index]
        text = email.message_from_string(body, policy=email.policy.default)
        assert "500 yen gift card" in text.get_body(("plain",)).get_content()  # type: ignore[union-attr]

        async def answer(token: str) -> Any:
            return await client.post(f"/r/{token}", json={"answers": {"recommend": 9}})

        replies = await asyncio.gather(*[answer(t) for t in tokens])
        assert all(r.status_code == 200 for r in replies), [r.text for r in replies][:3]
        granted = [r.json()["incentive"] for r in replies if r.json()["incentive"]]
        assert len(granted) == 20
        assert len({g["code"] for g in granted}) == 20
        assert await IncentiveGrant.count() == 20
        incentive = await Incentive.select().first()
        assert incentive is not None
        assert incentive["committed_minor"] == incentive["budget_minor"] == 10_000
        # A retry of a granted answer gets the same grant, not a second one.
        again = await answer(tokens[0])
        assert (again.json()["incentive"] or {}).get("code") in {g["code"] for g in granted} | {
            None
        }
        assert await IncentiveGrant.count() == 20
        thank_yous = await OutboxMessage.count().where(OutboxMessage.kind == "thank_you")
        assert thank_yous == 20
        report = (await client.get(f"/api/surveys/{setup['survey']['id']}/incentives")).json()[0]
        assert report["grants"] == 20 and report["offered"] is False
        assert report["budget_left"] == "0"

    async def test_empty_pool_is_a_visible_state(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client, holdout_share=0.0)
        created = await client.post(
            f"/api/surveys/{survey['id']}/incentives",
            json={
                "kind": "fixed_coupon",
                "name": "1,000 yen coupon",
                "currency": "JPY",
                "budget": "10000",
                "unit_cost": "1000",
                "code_source": "pool",
            },
        )
        incentive_id = created.json()["id"]
        pooled = await client.post(
            f"/api/surveys/{survey['id']}/incentives/{incentive_id}/codes",
            json={"codes": ["CODE-1"]},
        )
        assert pooled.json() == {"imported": 1}
        recipients = [
            {"email": f"q{i}@example.com", "name": "", "language": "ja"} for i in range(2)
        ]
        await add_people(client, survey["id"], recipients)
        await client.post(f"/api/surveys/{survey['id']}/send")
        tokens = list((await links()).values())
        first = await client.post(f"/r/{tokens[0]}", json={"answers": {"recommend": 10}})
        second = await client.post(f"/r/{tokens[1]}", json={"answers": {"recommend": 10}})
        codes = [first.json()["incentive"], second.json()["incentive"]]
        assert sorted(str(c["code"]) for c in codes) == ["CODE-1", "None"]
        assert {c["status"] for c in codes} == {"issued", "awaiting_code"}
        report = (await client.get(f"/api/surveys/{survey['id']}/incentives")).json()[0]
        assert report["codes_left"] == 0 and report["awaiting_code"] == 1
        page = await client.get(f"/r/{tokens[1]}")
        assert page.status_code == 200

    async def test_redemption_import_with_a_bad_row_writes_nothing(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client, holdout_share=0.0)
        await client.post(
            f"/api/surveys/{survey['id']}/incentives",
            json={
                "kind": "percent_coupon",
                "name": "10% off",
                "currency": "EUR",
                "budget": "100.00",
                "percent": "10",
                "expected_order_value": "45.55",
                "expected_redemption_rate": "0.25",
            },
        )
        await add_people(
            client, survey["id"], [{"email": "r@example.com", "name": "R", "language": "en"}]
        )
        await client.post(f"/api/surveys/{survey['id']}/send")
        token = next(iter((await links()).values()))
        code = (await client.post(f"/r/{token}", json={"answers": {"recommend": 9}})).json()[
            "incentive"
        ]["code"]
        before = (await client.get(f"/api/surveys/{survey['id']}/incentives")).json()[0]
        assert before["committed_cost"] == "1.14"
        bad = await client.post(
            f"/api/surveys/{survey['id']}/incentives/redemptions",
            json={
                "redemptions": [
                    {"code": code, "redeemed_at": "2026-11-20", "order_value": "45.55"},
                    {"code": "NOPE", "redeemed_at": "2026-11-20", "order_value": "10"},
                    {"code": code, "redeemed_at": "yesterday", "order_value": "1.234"},
                ]
            },
        )
        assert bad.status_code == 422
        problems = bad.json()["errors"]
        assert {(p["row"], p["column"]) for p in problems} == {(3, "code"), (4, "code")}
        unchanged = (await client.get(f"/api/surveys/{survey['id']}/incentives")).json()[0]
        assert unchanged["committed_cost"] == "1.14" and unchanged["redeemed"] == 0
        good = await client.post(
            f"/api/surveys/{survey['id']}/incentives/redemptions",
            json={
                "redemptions": [{"code": code, "redeemed_at": "2026-11-20", "order_value": "45.55"}]
            },
        )
        assert good.json() == {"imported": 1}
        after = (await client.get(f"/api/surveys/{survey['id']}/incentives")).json()[0]
        assert after["committed_cost"] == "4.56" and after["discount_given"] == "4.56"
        # The same file again changes nothing.
        await client.post(
            f"/api/surveys/{survey['id']}/incentives/redemptions",
            json={
                "redemptions": [{"code": code, "redeemed_at": "2026-11-20", "order_value": "45.55"}]
            },
        )
        assert (await client.get(f"/api/surveys/{survey['id']}/incentives")).json()[0][
            "committed_cost"
        ] == "4.56"

    async def test_bad_incentive_input_names_the_field(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        survey = await create_survey(client)
        response = await client.post(
            f"/api/surveys/{survey['id']}/incentives",
            json={
                "kind": "gift_card",
                "name": "x",
                "currency": "JPY",
                "budget": "10.5",
                "unit_cost": "5",
            },
        )
        assert response.status_code == 422 and response.json()["field"] == "budget"


class TestIncentiveInReports:
    async def test_survey_report_shows_incentive_cost(
        self, staff_client: Any, tmp_path: Any
    ) -> None:
        from tests.analytics.test_report_api import fetch_pdf, pdf_text

        client = await staff_client("cs")
        setup = await _live_survey_with_budget(client, 4, 2)
        for token in (await links()).values():
            await client.post(f"/r/{token}", json={"answers": {"recommend": 8}})
        survey_id = setup["survey"]["id"]
        pdf = await fetch_pdf(client, f"/api/surveys/{survey_id}/analytics/report.pdf?lang=en")
        text = pdf_text(pdf, tmp_path)
        assert "500 yen gift card" in text
        assert "1,000" in text  # committed: two grants of 500 JPY


class TestStillOffered:
    def test_next_grant_must_fit_the_budget(self) -> None:
        from surveys.incentives import still_offered

        row = {
            "active": True,
            "committed_minor": 9_500,
            "expected_cost_minor": 500,
            "budget_minor": 10_000,
        }
        assert still_offered(row)
        assert not still_offered({**row, "committed_minor": 9_501})
        assert not still_offered({**row, "active": False})
