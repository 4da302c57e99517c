"""Account health (seed 004): scoring by hand, imports, the versioned definition, KPIs and
the risk trigger, through the real API and database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import START
from training.health import (
    DEFAULT_DEFINITION,
    HealthComponent,
    HealthDefinitionSpec,
    MonthlyUsage,
    band_of,
    risk_reasons,
    score_usage,
)


def _usage(month: dt.date, **kw: Any) -> MonthlyUsage:
    base: dict[str, Any] = {
        "login_days": 12,
        "events_held": 3,
        "support_contacts": 0,
        "webinar_attended": True,
        "participants": 110,
        "key_people": 2,
        "renewal_date": dt.date(2027, 3, 31),
    }
    base.update(kw)
    return MonthlyUsage(month=month, **base)


class TestScoring:
    def test_seed_004_table_by_hand(self) -> None:
        prev = [_usage(dt.date(2026, 6, 1), participants=100)]
        score, band, ratings = score_usage(_usage(dt.date(2026, 7, 1)), prev)
        bands = {r.key: r.band for r in ratings}
        assert bands == {
            "login_days": "Green",  # 12 ≥ 10
            "events_held": "Yellow",  # 2–3
            "support_contacts": "Red",  # 0 contacts
            "webinar_attended": "Green",
            "participant_trend": "Green",  # +10 % against 100
            "months_to_renewal": "Green",  # 2026-07-31 → 2027-03-31: 8 months
            "key_people": "Yellow",  # 2
        }
        # 20·100 + 20·50 + 10·0 + 10·100 + 20·100 + 10·100 + 10·50 = 7,500 over 100
        assert score == 75.0 and band == "Green"

    def test_missing_inputs_renormalise_the_weights(self) -> None:
        usage = _usage(dt.date(2026, 7, 1), renewal_date=None, support_contacts=9)
        score, _, ratings = score_usage(usage, [])
        rated = {r.key: r.band for r in ratings if r.band is not None}
        assert "participant_trend" not in rated and "months_to_renewal" not in rated
        assert rated["support_contacts"] == "Yellow"  # too many
        # login G 20·100, events Y 20·50, support Y 10·50, webinar G 10·100, key Y 10·50
        assert score == pytest.approx(round((2000 + 1000 + 500 + 1000 + 500) / 70, 1))

    def test_bands_and_risk(self) -> None:
        d = DEFAULT_DEFINITION
        assert [band_of(s, d) for s in (70, 69.9, 40, 39.9)] == [
            "Green",
            "Yellow",
            "Yellow",
            "Red",
        ]
        assert risk_reasons(60, "Yellow", 75, "Green", d) == ["drop"]
        assert risk_reasons(38, "Red", 45, "Yellow", d) == ["entered_red"]
        assert risk_reasons(30, "Red", 50, "Yellow", d) == ["drop", "entered_red"]
        assert risk_reasons(30, "Red", 32, "Red", d) == []
        assert risk_reasons(30, "Red", None, None, d) == []

    def test_definition_validation(self) -> None:
        assert DEFAULT_DEFINITION.validate() == []
        bad = HealthDefinitionSpec(
            components=(
                HealthComponent(key="login_days", weight=50, green_min=10, yellow_min=5),
                HealthComponent(key="mood", weight=40, green_min=1, yellow_min=2),
            ),
            green_min=30,
            red_below=40,
        )
        reasons = " | ".join(r for _, r in bad.validate())
        assert "unknown component 'mood'" in reasons
        assert "yellow_min is above green_min" in reasons
        assert "add up to 100" in reasons
        assert "red_below ≤ green_min" in reasons


ACCOUNTS = (
    "external_id,name,tier,owner,currency,mrr,health_score\n"
    "H-1,さくら商事,Enterprise,sato@example.com,JPY,900000,82\n"
    "H-2,Nord GmbH,SMB,,JPY,30000,\n"
)
HEADER = (
    "account_external_id,month,login_days,events_held,support_contacts,webinar_attended,"
    "participants,key_people,renewal_date\n"
)


def _months_back(n: int) -> str:
    day = START.date().replace(day=1)
    for _ in range(n):
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return day.strftime("%Y-%m")


async def _setup(client: Any) -> None:
    response = await client.post(
        "/api/accounts/import.csv", content=ACCOUNTS.encode(), headers={"content-type": "text/csv"}
    )
    assert response.status_code == 200, response.text


async def _post_csv(client: Any, path: str, text: str) -> Any:
    return await client.post(path, content=text.encode(), headers={"content-type": "text/csv"})


class TestHealthApi:
    async def test_accounts_file_carries_a_health_score(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await _setup(client)
        accounts = (await client.get("/api/accounts?q=H-1")).json()["items"]
        history = (await client.get(f"/api/accounts/{accounts[0]['id']}/health")).json()
        assert [(h["score"], h["band"], h["source"]) for h in history] == [
            (82.0, "Green", "imported")
        ]
        assert history[0]["definition_version"] is None

    async def test_accounts_file_may_date_the_health_score(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        text = (
            "external_id,name,tier,mrr,health_score,health_scored_on\n"
            "D-1,Dated KK,SMB,1000,64,2026-08-31\n"
            "D-2,Bad KK,SMB,1000,,2026-08-31\n"
        )
        bad = await _post_csv(client, "/api/accounts/import.csv", text)
        assert bad.status_code == 422
        assert [(p["row"], p["column"]) for p in bad.json()["problems"]] == [(3, "health_score")]
        good = await _post_csv(client, "/api/accounts/import.csv", text.rsplit("D-2", 1)[0])
        assert good.status_code == 200, good.text
        account = (await client.get("/api/accounts?q=D-1")).json()["items"][0]
        history = (await client.get(f"/api/accounts/{account['id']}/health")).json()
        assert [(h["scored_on"], h["score"], h["band"]) for h in history] == [
            ("2026-08-31", 64.0, "Yellow")
        ]

    async def test_usage_import_scores_with_the_definition_version(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await _setup(client)
        m2, m1 = _months_back(2), _months_back(1)
        text = (
            HEADER + f"H-2,{m2},12,4,2,1,100,3,2027-12-31\n" + f"H-2,{m1},3,1,0,0,60,1,2027-12-31\n"
        )
        response = await _post_csv(client, "/api/accounts/usage/import.csv", text)
        assert response.status_code == 200, response.text
        assert response.json()["created"] == 2
        accounts = (await client.get("/api/accounts?q=H-2")).json()["items"]
        history = (await client.get(f"/api/accounts/{accounts[0]['id']}/health")).json()
        assert [h["band"] for h in history] == ["Green", "Red"]
        assert history[0]["score"] == 100.0  # every component Green (no trend the 1st month)
        assert all(h["definition_version"] == 1 and h["source"] == "usage" for h in history)
        assert history[1]["components"]["participant_trend"]["band"] == "Red"  # −40 %
        # the same file again changes nothing
        again = await _post_csv(client, "/api/accounts/usage/import.csv", text)
        assert again.json()["unchanged"] == 2

    async def test_bad_usage_file_is_refused_whole(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await _setup(client)
        m1 = _months_back(1)
        text = (
            HEADER
            + f"H-2,{m1},12,4,2,1,100,3,\n"
            + "H-2,2026-13,12,4,2,1,100,3,\n"
            + f"NOPE,{m1},12,4,2,1,100,3,\n"
            + f"H-1,{m1},40,-1,2,maybe,100,3,31/12/2027\n"
        )
        response = await _post_csv(client, "/api/accounts/usage/import.csv", text)
        assert response.status_code == 422
        problems = {(p["row"], p["column"]) for p in response.json()["problems"]}
        assert problems == {
            (3, "month"),
            (4, "account_external_id"),  # unknown account: every problem is listed at once
            (5, "login_days"),
            (5, "events_held"),
            (5, "webinar_attended"),
            (5, "renewal_date"),
        }
        accounts = (await client.get("/api/accounts?q=H-2")).json()["items"]
        assert (await client.get(f"/api/accounts/{accounts[0]['id']}/health")).json() == []

    async def test_missing_usage_column_is_named(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        response = await _post_csv(
            client, "/api/accounts/usage/import.csv", "account_external_id,month\nH-1,2026-01\n"
        )
        assert response.status_code == 422
        columns = {p["column"] for p in response.json()["problems"]}
        assert "login_days" in columns and "key_people" in columns

    async def test_score_import_and_risk_trigger_alerts_the_owner_once(
        self, staff_client: Any
    ) -> None:
        from surveys.tables import OutboxMessage

        client = await staff_client("cs")
        await _setup(client)
        today = START.date()
        early = today - dt.timedelta(days=35)
        text = (
            "account_external_id,date,health_score\n"
            f"H-1,{early},72\n"
            f"H-1,{today - dt.timedelta(days=2)},51\n"  # −21 points: a drop
            f"H-2,{today - dt.timedelta(days=2)},30\n"  # first score: nothing to compare
        )
        response = await _post_csv(client, "/api/accounts/health/import.csv", text)
        assert response.status_code == 200, response.text
        alerts = (await client.get("/api/accounts/health/alerts")).json()
        assert [
            (a["account_name"], a["reasons"], a["score"], a["previous_score"]) for a in alerts
        ] == [("さくら商事", ["drop"], 51.0, 72.0)]
        assert alerts[0]["owner_email"] == "sato@example.com"
        mails = await OutboxMessage.select().where(OutboxMessage.kind == "alert")
        assert len(mails) == 1 and mails[0]["to_address"] == "sato@example.com"
        import email

        body = email.message_from_string(mails[0]["body"]).get_payload(decode=True).decode()
        assert "dropped 21 points (72 → 51)" in body and "/accounts/" in body
        # importing the same scores again alerts nobody twice
        await _post_csv(client, "/api/accounts/health/import.csv", text)
        assert await OutboxMessage.count().where(OutboxMessage.kind == "alert") == 1
        summary = (await client.get("/api/accounts/health/summary")).json()
        assert summary["alerts"] == 1
        assert summary["scored_accounts"] == 2
        # latest scores: H-1 82 (the accounts file, today), H-2 30
        assert (summary["green"], summary["yellow"], summary["red"]) == (1, 0, 1)
        assert summary["green_ratio"] == 50.0

    async def test_bad_scores_are_refused_whole(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await _setup(client)
        text = (
            "account_external_id,date,health_score\n"
            "H-1,2026-01-01,101\n"
            "H-1,2026-02-30,50\n"
            "H-2,2026-01-01,abc\n"
        )
        response = await _post_csv(client, "/api/accounts/health/import.csv", text)
        assert response.status_code == 422
        problems = {(p["row"], p["column"]) for p in response.json()["problems"]}
        assert problems == {(2, "health_score"), (3, "date"), (4, "health_score")}

    async def test_red_to_green_and_green_ratio(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await _setup(client)
        today = START.date()
        text = (
            "account_external_id,date,health_score\n"
            f"H-2,{today - dt.timedelta(days=60)},20\n"
            f"H-2,{today - dt.timedelta(days=1)},85\n"
        )
        assert (await _post_csv(client, "/api/accounts/health/import.csv", text)).status_code == 200
        summary = (await client.get("/api/accounts/health/summary")).json()
        assert summary["red_to_green"] == 1
        assert summary["green"] == 2 and summary["green_ratio"] == 100.0

    async def test_definition_is_versioned_and_editable_by_cs(self, staff_client: Any) -> None:
        client = await staff_client("cs")
        await _setup(client)
        current = (await client.get("/api/accounts/health/definition")).json()
        assert current["version"] == 1
        assert [c["weight"] for c in current["definition"]["components"]] == [
            20,
            20,
            10,
            10,
            20,
            10,
            10,
        ]
        spec = current["definition"]
        spec["green_min"] = 80
        response = await client.put("/api/accounts/health/definition", json=spec)
        assert response.status_code == 200, response.text
        assert response.json()["version"] == 2
        # a score computed now records version 2 and the new bands
        m1 = _months_back(1)
        text = HEADER + f"H-2,{m1},12,4,2,1,100,3,2027-12-31\n"
        assert (await _post_csv(client, "/api/accounts/usage/import.csv", text)).status_code == 200
        accounts = (await client.get("/api/accounts?q=H-2")).json()["items"]
        history = (await client.get(f"/api/accounts/{accounts[0]['id']}/health")).json()
        assert history[-1]["definition_version"] == 2
        bad = dict(spec, drop_alert_points=0)
        response = await client.put("/api/accounts/health/definition", json=bad)
        assert response.status_code == 422 and "drop_alert_points" in response.text

    async def test_manager_reads_but_cannot_edit(self, staff_client: Any) -> None:
        client = await staff_client("manager")
        assert (await client.get("/api/accounts/health/definition")).status_code == 200
        assert (await client.get("/api/accounts/health/summary")).status_code == 200
        spec = (await client.get("/api/accounts/health/definition")).json()["definition"]
        assert (await client.put("/api/accounts/health/definition", json=spec)).status_code == 403
        response = await _post_csv(client, "/api/accounts/health/import.csv", "a,b\n")
        assert response.status_code == 403


class TestHealthPages:
    async def test_accounts_page_health_imports_history_and_definition(self, client: Any) -> None:
        from tests.app.test_pages import HTML, post_form, web_sign_in

        await web_sign_in(client, "cs")
        response = await post_form(client, "/accounts/import", {"csv_text": ACCOUNTS})
        assert response.status_code == 200, response.text
        today = START.date()
        scores = (
            "account_external_id,date,health_score\n"
            f"H-1,{today - dt.timedelta(days=35)},75\n"
            f"H-1,{today - dt.timedelta(days=1)},35\n"
        )
        response = await post_form(client, "/accounts/health/import", {"csv_text": scores})
        assert response.status_code == 200, response.text
        html = response.text
        assert "Green ratio" in html and "Red→Green conversions" in html
        assert "score dropped" in html and "entered Red" in html  # the risk alert is listed
        bad = await post_form(
            client, "/accounts/usage/import", {"csv_text": HEADER + "H-1,2026-1,x,1,1,1,1,1,\n"}
        )
        assert bad.status_code == 422 and "login_days" in bad.text and "month" in bad.text
        accounts = (await client.get("/api/accounts?q=H-1")).json()["items"]
        page = await client.get(f"/accounts/{accounts[0]['id']}", headers=HTML)
        assert page.status_code == 200
        assert "Health score history" in page.text and "35.0" in page.text

        definition = await client.get("/accounts/health/definition", headers=HTML)
        assert definition.status_code == 200 and "Health definition version 1" in definition.text
        bad = await post_form(client, "/accounts/health/definition", {"login_days.weight": "50"})
        assert bad.status_code == 422 and "add up to 100" in bad.text
        saved = await post_form(
            client,
            "/accounts/health/definition",
            {"login_days.weight": "30", "events_held.weight": "10", "drop_alert_points": "10"},
        )
        assert saved.status_code == 303
        current = (await client.get("/api/accounts/health/definition")).json()
        assert current["version"] == 2
        assert current["definition"]["drop_alert_points"] == 10
        weights = {c["key"]: c["weight"] for c in current["definition"]["components"]}
        assert weights["login_days"] == 30 and weights["events_held"] == 10

    async def test_hr_cannot_edit_the_definition(self, client: Any) -> None:
        from tests.app.test_pages import HTML, web_sign_in

        await web_sign_in(client, "hr")
        response = await client.get("/accounts/health/definition", headers=HTML)
        assert response.status_code == 403


def test_the_alert_subject_names_the_band_in_both_languages() -> None:
    """The bilingual alert's subject gave the band in English only ("(Yellow)")."""
    from training.health_services import health_alert_email

    subject, _, body = health_alert_email(
        "voc@example.com", "csm@example.com", "みらい物産", 49.0, "Yellow", 68.0, [], "http://x/1"
    )
    assert subject.endswith("49 (Yellow / イエロー)"), subject
    assert body.startswith("From: voc@example.com")
