"""The training demo shows what issue 13 promises: health scores with a Green ratio, a risk
trigger that alerted an owner, and a workshop with a measured health-score effect."""

from __future__ import annotations

import pytest

from app.clock import SystemClock
from app.settings import Settings
from training import demo
from training.health_services import HealthService
from training.services import EffectivenessService, today
from training.tables import Workshop


@pytest.mark.slow
async def test_demo_health_and_workshop(db: None, settings: Settings) -> None:
    await demo.load(settings)
    await demo.load(settings)  # idempotent
    assert await Workshop.count() == 3
    clock = SystemClock()
    summary = await HealthService().summary(today(settings, clock))
    assert summary.scored_accounts > 500
    assert summary.green_ratio is not None and 0 < summary.green_ratio < 100
    assert summary.alerts >= 3  # the three accounts whose health collapsed last month
    alerts = await HealthService().alerts(100)
    assert any("entered_red" in a.reasons and a.owner_email for a in alerts)
    workshop = await Workshop.select(Workshop.id).where(Workshop.title == demo.MARKER).first()
    assert workshop is not None
    outcome = await EffectivenessService(settings, clock).checkpoint(workshop["id"], 90)
    effect = outcome.effect
    assert effect is not None and effect.status == "ok"
    assert effect.health is not None and effect.health.did is not None
    assert effect.health.did > 0  # +6 points planted
    # the sensitivity figure: how a hidden confounder would move the headline effects
    churn = effect.estimate("logo_churn")
    assert churn.sensitivity_rr == 1.5
    assert churn.sensitivity_low is not None and churn.sensitivity_high is not None
    assert churn.sensitivity_low <= (churn.ci_low or 0) <= (churn.ci_high or 0)
    assert churn.robust is not None and churn.e_value is not None
