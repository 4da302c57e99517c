"""Acceptance: a workshop measured over 200 simulated days, surveys on a real SMTP server.

A CS lead sets up a workshop (40 attending accounts, 400 candidate comparison accounts)
through the API; the frozen clock then moves forward a day at a time to +200 days while
the scheduler tick runs. Half way, the app instance is replaced by a new one on the same
database, right after the old one claimed the +90 checkpoint and "died". At the end every
checkpoint's survey reached every participant exactly once, every checkpoint was worked
exactly once and has its outcome, and the manager reads the effectiveness and the ROI.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from litestar import Litestar

from app.clock import FrozenClock
from app.main import create_app
from app.settings import Settings
from surveys.services import RespondentService
from surveys.tables import Invitation, OutboxMessage, Survey
from tests.conftest import LoopClient, sign_in
from tests.smtp import SmtpServer, smtp_server, smtp_settings
from tests.training.workshop_data import participant_rows, to_csv
from training import jobs
from training.simulate import simulate_cohort
from training.tables import Checkpoint

__all__ = ["smtp_server", "smtp_settings"]

PLAN = [0, 7, 30, 90, 180]
STEP = dt.timedelta(hours=24)


async def _upload(client: Any, path: str, data: bytes) -> dict[str, Any]:
    response = await client.post(path, content=data, headers={"content-type": "text/csv"})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _run_until(app: Litestar, clock: FrozenClock, end: dt.datetime) -> None:
    while clock.now() < end:
        clock.advance(seconds=STEP.total_seconds())
        await app.state.ticker.tick()


async def _tokens(smtp_server: SmtpServer, survey_id: int) -> list[str]:
    """The respondent tokens in the invitation emails of one survey, as received by SMTP."""
    ids = {
        m["message_id"]
        for m in await OutboxMessage.select(OutboxMessage.message_id).where(
            (OutboxMessage.survey == survey_id) & (OutboxMessage.kind == "invitation")
        )
    }
    tokens = []
    for message in smtp_server.sink.messages:
        if str(message["Message-ID"]) in ids:
            body = message.get_body(("plain",))
            assert body is not None
            match = re.search(r"/r/([A-Za-z0-9_-]+)", body.get_content())
            assert match, body.get_content()
            tokens.append(match.group(1))
    assert len(tokens) == 40, (survey_id, len(tokens), len(ids))
    return tokens


async def _checkpoints(workshop_id: int) -> dict[int, dict[str, Any]]:
    rows = await Checkpoint.select().where(Checkpoint.workshop == workshop_id)
    return {r["offset_days"]: r for r in rows}


async def test_workshop_lifecycle(
    smtp_settings: Settings, smtp_server: SmtpServer, clock: FrozenClock
) -> None:
    start = clock.now()
    held_on = start.date()
    cohort = simulate_cohort(
        40, 400, seed=11, workshop_day=held_on, expansion_effect=0.12, churn_effect=-0.06
    )
    participants = participant_rows(cohort)
    emails = {row["email"] for row in participants}
    assert len(emails) == 40

    # --- first app instance: set-up through the API, then the clock runs -----------------
    app = create_app(smtp_settings, clock)
    async with LoopClient(app=app, base_url="https://testserver.local") as client:
        await sign_in(client, "cs")
        assert (await _upload(client, "/api/accounts/import.csv", to_csv(cohort.account_rows())))[
            "created"
        ] == 440
        await _upload(client, "/api/accounts/events/import.csv", to_csv(cohort.event_rows()))
        response = await client.post(
            "/api/workshops",
            json={
                "title": "Adoption workshop",
                "kind": "customer",
                "held_on": held_on.isoformat(),
                "facilitator": "Aiko",
                "objectives": ["expansion_share", "logo_churn"],
                "costs": {
                    "facilitator": "400000",
                    "venue_catering": "120000",
                    "materials": "30000",
                    "tooling": "50000",
                    "participant_hours": "120",
                    "loaded_hourly_rate": "6000",
                },
            },
        )
        assert response.status_code == 201, response.text
        workshop = response.json()
        workshop_id = workshop["id"]
        assert [c["offset_days"] for c in workshop["checkpoints"]] == PLAN
        await _upload(
            client, f"/api/workshops/{workshop_id}/participants.csv", to_csv(participants)
        )

        # Until the +90 checkpoint is due: day 0, +7 and +30 are worked on the way.
        due_90 = dt.datetime.fromisoformat(workshop["checkpoints"][3]["due_at"])
        await _run_until(app, clock, due_90 - STEP)
        states = await _checkpoints(workshop_id)
        assert [states[k]["status"] for k in PLAN] == ["done"] * 3 + ["pending"] * 2
        # Some participants answer the day-0 and +30 surveys from the link in their email.
        respondents = RespondentService(smtp_settings, clock)
        day0 = await _tokens(smtp_server, states[0]["survey_id"])
        for n, token in enumerate(day0[:10]):
            await respondents.submit(
                token,
                {
                    "csat": str(5 if n < 8 else 2),
                    "recommend": str(10 if n < 6 else 7),
                    "confidence": "4",
                    "reason": "Great workshop, very practical and useful.",
                },
            )
        day30 = await _tokens(smtp_server, states[30]["survey_id"])
        for n, token in enumerate(day30[:8]):
            await respondents.submit(
                token,
                {"applied_frequency": "weekly" if n < 6 else "never", "recommend": "8"},
            )
        # The old instance claims +90 and dies before working it.
        clock.set(due_90 + dt.timedelta(minutes=1))
        assert await jobs.claim_one(clock.now(), "instance-that-dies") == states[90]["id"]

    # --- restart: a new app instance on the same database --------------------------------
    app = create_app(smtp_settings, clock)
    async with LoopClient(app=app, base_url="https://testserver.local") as client:
        await _run_until(app, clock, start + dt.timedelta(days=200))
        states = await _checkpoints(workshop_id)
        assert {k: (states[k]["status"], states[k]["attempts"]) for k in PLAN} == {
            0: ("done", 1),
            7: ("done", 1),
            30: ("done", 1),
            90: ("done", 2),  # taken over once the dead instance's lease expired
            180: ("done", 1),
        }

        # Each checkpoint has its own survey, and it reached every participant exactly once.
        surveys = await Survey.select().where(Survey.workshop_id == workshop_id)
        by_day = {s["checkpoint_days"]: s for s in surveys}
        assert sorted(by_day) == PLAN
        assert by_day[0]["kind"] == "training_feedback"
        assert {by_day[k]["kind"] for k in PLAN[1:]} == {"training_followup"}
        for k in PLAN:
            assert states[k]["survey_id"] == by_day[k]["id"]
        received = Counter(str(m["Message-ID"]) for m in smtp_server.sink.messages)
        duplicates = {k: n for k, n in received.items() if n > 1}
        assert not duplicates, duplicates
        for k in PLAN:
            survey_id = by_day[k]["id"]
            invitations = await OutboxMessage.select(
                OutboxMessage.to_address, OutboxMessage.message_id, OutboxMessage.status
            ).where((OutboxMessage.survey == survey_id) & (OutboxMessage.kind == "invitation"))
            assert sorted(m["to_address"] for m in invitations) == sorted(emails), k
            assert {m["status"] for m in invitations} == {"sent"}, (k, invitations)
            assert all(received[m["message_id"]] == 1 for m in invitations), k
            assert await Invitation.count().where(Invitation.survey == survey_id) == 40

        # Outcomes at each checkpoint; the manager reads them.
        await client.post("/api/auth/sign-out")
        await sign_in(client, "manager")
        response = await client.get(f"/api/workshops/{workshop_id}/effectiveness")
        assert response.status_code == 200, response.text
        body = response.json()
        effects = {c["offset_days"]: c["effect"] for c in body["checkpoints"]}
        assert all(effects[k] is not None for k in PLAN)
        assert effects[0]["status"] == "not_measurable"
        for k in PLAN[1:]:
            assert effects[k]["status"] == "ok", k
            assert effects[k]["n_attending"] >= 30
            assert effects[k]["n_comparison"] > effects[k]["n_attending"]
            assert {e["metric"] for e in effects[k]["estimates"]} >= {
                "logo_churn",
                "gross_mrr_churn",
                "expansion_share",
                "nrr",
            }
            assert effects[k]["balance"]
        assert [p["offset_days"] for p in body["evolution"]] == PLAN
        expansion = next(e for e in effects[180]["estimates"] if e["metric"] == "expansion_share")
        assert expansion["ci_low"] <= expansion["did"] <= expansion["ci_high"]
        assert expansion["verdict_en"]

        levels = (await client.get(f"/api/workshops/{workshop_id}/kirkpatrick")).json()
        assert levels["level4_results"]["offset_days"] == 180
        assert levels["level5_roi"]["basis"] == "estimate"
        assert levels["level5_roi"]["cost"] == "1320000"
        assert levels["level2_learning"]["n"] == 40
        reaction = levels["level1_reaction"]
        assert reaction["status"] == "ok" and reaction["responses"] == 10, reaction
        assert reaction["csat_percent"] == 80.0
        assert reaction["nps"] == 60.0  # 6 promoters, 4 passives
        assert reaction["mean_sentiment"] is not None
        behaviour = {p["offset_days"]: p for p in levels["level3_behaviour"]}
        assert behaviour[30]["responses"] == 8 and behaviour[30]["mean_score"] == 75.0
        assert behaviour[7]["responses"] == 0
        portfolio = (await client.get("/api/workshops/portfolio")).json()
        assert portfolio[0]["latest_checkpoint_days"] == 180
        assert portfolio[0]["roi_percent_ci"] is not None

        # Nothing is left to do, and another tick repeats nothing.
        sent_before = smtp_server.sink.count
        await app.state.ticker.tick()
        assert smtp_server.sink.count == sent_before
        assert (await _checkpoints(workshop_id))[180]["attempts"] == 1
