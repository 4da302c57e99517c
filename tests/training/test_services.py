"""Workshop service rules and effectiveness computed from the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.clock import FrozenClock
from app.errors import Conflict, InputError
from app.settings import Settings
from tests.training.workshop_data import add_participants, load_cohort
from training.effectiveness import evaluate_checkpoint
from training.imports import import_events, import_participants
from training.schemas import WorkshopCostsIn, WorkshopCreate, WorkshopUpdate
from training.services import EffectivenessService, WorkshopService
from training.tables import Checkpoint

COSTS = WorkshopCostsIn(
    facilitator=Decimal(300_000),
    venue_catering=Decimal(80_000),
    materials=Decimal(20_000),
    tooling=Decimal(50_000),
    participant_hours=Decimal("120.5"),
    loaded_hourly_rate=Decimal(6_000),
    incentives=Decimal(10_000),
)


def _create(held_on: dt.date, **extra: object) -> WorkshopCreate:
    fields: dict[str, object] = {
        "title": "Adoption workshop",
        "kind": "customer",
        "held_on": held_on,
        "facilitator": "Aiko",
        "objectives": ["expansion_share", "logo_churn"],
        "costs": COSTS,
        **extra,
    }
    return WorkshopCreate(**fields)  # type: ignore[arg-type]


class TestWorkshops:
    async def test_create_makes_the_default_plan_and_exact_costs(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        service = WorkshopService(settings, clock)
        workshop = await service.create(_create(dt.date(2026, 12, 1)))
        assert [c.offset_days for c in workshop.checkpoints] == [0, 7, 30, 90, 180]
        assert all(c.status == "pending" for c in workshop.checkpoints)
        # 18:00 in Tokyo on the day = 09:00 UTC.
        assert workshop.checkpoints[0].due_at == dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
        assert workshop.checkpoints[4].due_at == dt.datetime(2027, 5, 30, 9, tzinfo=dt.UTC)
        costs = workshop.costs
        assert costs.participants_time == Decimal(723_000)
        assert costs.total == Decimal(300_000 + 80_000 + 20_000 + 50_000 + 723_000 + 10_000)

    async def test_eur_cents_and_too_many_decimals(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        service = WorkshopService(settings, clock)
        eur = WorkshopCostsIn(facilitator=Decimal("1200.50"), materials=Decimal("0.25"))
        workshop = await service.create(_create(dt.date(2026, 12, 1), currency="EUR", costs=eur))
        assert workshop.costs.total == Decimal("1200.75")
        with pytest.raises(InputError) as exc:
            await service.create(
                _create(dt.date(2026, 12, 1), costs=WorkshopCostsIn(facilitator=Decimal("1.5")))
            )
        assert exc.value.field == "costs.facilitator"

    async def test_custom_plan_and_edits(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        service = WorkshopService(settings, clock)
        workshop = await service.create(_create(dt.date(2026, 12, 1), checkpoints=[0, 14, 60]))
        assert [c.offset_days for c in workshop.checkpoints] == [0, 14, 60]
        updated = await service.update(
            workshop.id, WorkshopUpdate(checkpoints=[0, 14, 90], held_on=dt.date(2026, 12, 2))
        )
        assert [c.offset_days for c in updated.checkpoints] == [0, 14, 90]
        assert updated.checkpoints[0].due_at == dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
        assert updated.title == "Adoption workshop"  # untouched fields stay
        await Checkpoint.update({Checkpoint.status: "done"}).where(
            (Checkpoint.workshop == workshop.id) & (Checkpoint.offset_days == 0)
        )
        with pytest.raises(Conflict):
            await service.update(workshop.id, WorkshopUpdate(checkpoints=[14, 90]))
        with pytest.raises(Conflict):
            await service.update(workshop.id, WorkshopUpdate(held_on=dt.date(2026, 12, 3)))
        with pytest.raises(InputError):
            await service.update(workshop.id, WorkshopUpdate(objectives=["happiness"]))


class TestEffectiveness:
    async def test_database_round_trip_matches_the_pure_maths(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        held_on = clock.now().date() - dt.timedelta(days=200)
        now = clock.now()
        cohort = await load_cohort(now, workshop_day=held_on)
        service = WorkshopService(settings, clock)
        workshop = await service.create(_create(held_on))
        await add_participants(workshop.id, cohort, now)

        effectiveness = EffectivenessService(settings, clock)
        result = await effectiveness.checkpoint(workshop.id, 180)
        assert result.effect is None  # not worked yet
        row = (
            await Checkpoint.select()
            .where((Checkpoint.workshop == workshop.id) & (Checkpoint.offset_days == 180))
            .first()
        )
        assert row is not None
        await effectiveness.compute_and_store(workshop.id, row["id"], 180)
        outcome = await effectiveness.checkpoint(workshop.id, 180)
        effect = outcome.effect
        assert effect is not None and effect.status == "ok"
        assert "Propensity-score weighting" in outcome.method
        pure = evaluate_checkpoint(
            cohort.accounts, cohort.events, cohort.attending, cohort.workshop_day, 180, n_boot=50
        )
        assert effect.n_attending == pure.n_attending
        assert effect.n_comparison == pure.n_comparison
        for metric in ("logo_churn", "expansion_share", "nrr", "gross_mrr_churn"):
            ours, theirs = effect.estimate(metric), pure.estimate(metric)
            assert ours.did == pytest.approx(theirs.did, abs=1e-9), metric
            assert ours.ci_low is not None and ours.ci_high is not None
        assert effect.roi is not None and effect.roi.basis == "estimate"
        assert effect.roi.cost == Decimal(1_183_000)
        assert len(effect.balance) > 0

        # Day 0: nothing measurable yet, and ROI is conservative (no improvement).
        row0 = (
            await Checkpoint.select()
            .where((Checkpoint.workshop == workshop.id) & (Checkpoint.offset_days == 0))
            .first()
        )
        assert row0 is not None
        await effectiveness.compute_and_store(workshop.id, row0["id"], 0)
        day0 = (await effectiveness.checkpoint(workshop.id, 0)).effect
        assert day0 is not None and day0.status == "not_measurable"
        assert day0.roi is not None and day0.roi.basis == "no_data"
        assert day0.roi.roi_percent == Decimal("-100.00")

    async def test_late_data_makes_the_snapshot_stale(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        held_on = clock.now().date() - dt.timedelta(days=40)
        now = clock.now()
        cohort = await load_cohort(now, workshop_day=held_on, n_attend=35, n_candidates=200)
        service = WorkshopService(settings, clock)
        workshop = await service.create(_create(held_on))
        await add_participants(workshop.id, cohort, now)
        effectiveness = EffectivenessService(settings, clock)
        row = (
            await Checkpoint.select()
            .where((Checkpoint.workshop == workshop.id) & (Checkpoint.offset_days == 30))
            .first()
        )
        assert row is not None
        await effectiveness.compute_and_store(workshop.id, row["id"], 30)
        first = await effectiveness.checkpoint(workshop.id, 30)
        again = await effectiveness.checkpoint(workshop.id, 30)
        assert again.computed_at == first.computed_at  # unchanged data: no recompute

        clock.advance(hours=1)
        attendee = cohort.external_id(int(cohort.attending[0]))
        late = (
            "external_event_id,account_external_id,date,kind,mrr_delta\n"
            f"LATE-1,{attendee},{held_on + dt.timedelta(days=3)},expansion,50000\n"
        )
        await import_events(late.encode(), clock.now())
        fresh = await effectiveness.checkpoint(workshop.id, 30)
        assert fresh.computed_at == clock.now()
        assert fresh.effect is not None and first.effect is not None
        assert fresh.effect.attending_post != first.effect.attending_post

    async def test_kirkpatrick_and_portfolio(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        held_on = clock.now().date() - dt.timedelta(days=100)
        now = clock.now()
        cohort = await load_cohort(now, workshop_day=held_on, n_attend=35, n_candidates=200)
        service = WorkshopService(settings, clock)
        workshop = await service.create(_create(held_on))
        await service.create(_create(held_on, title="Internal", kind="internal"))
        await add_participants(workshop.id, cohort, now)
        effectiveness = EffectivenessService(settings, clock)
        rows = await Checkpoint.select().where(Checkpoint.workshop == workshop.id)
        for row in rows:
            if row["offset_days"] <= 90:
                await effectiveness.compute_and_store(workshop.id, row["id"], row["offset_days"])
        levels = await effectiveness.kirkpatrick(workshop.id)
        assert levels.level2_learning.n == 35
        assert levels.level2_learning.mean is not None
        assert levels.level4_results.offset_days == 90
        assert {e.metric for e in levels.level4_results.estimates} >= {"nrr", "logo_churn"}
        assert levels.level5_roi is not None and levels.level5_roi.horizon_months == 12
        assert levels.level1_reaction.status in {"surveys_unavailable", "no_survey", "ok"}

        portfolio = await effectiveness.portfolio()
        assert len(portfolio) == 2
        mine = next(p for p in portfolio if p.workshop_id == workshop.id)
        assert mine.latest_checkpoint_days == 90 and mine.attended == 35
        assert mine.roi_percent is not None and mine.roi_basis == "estimate"
        internal = next(p for p in portfolio if p.workshop_id != workshop.id)
        assert internal.roi_percent is None and internal.latest_checkpoint_days is None


class TestComparisonGroup:
    async def test_accounts_at_other_workshops_in_the_window_are_excluded(
        self, db: None, settings: Settings, clock: FrozenClock
    ) -> None:
        held_on = clock.now().date() - dt.timedelta(days=60)
        now = clock.now()
        cohort = await load_cohort(now, workshop_day=held_on, n_attend=30, n_candidates=200)
        service = WorkshopService(settings, clock)
        workshop = await service.create(_create(held_on))
        await add_participants(workshop.id, cohort, now)
        effectiveness = EffectivenessService(settings, clock)
        row = await effectiveness._workshop(workshop.id)
        before = await effectiveness.compute(row, 30)

        def people(indices: list[int], attendance: str = "attended") -> bytes:
            lines = ["email,account_external_id,attendance"] + [
                f"x{i}@example.com,{cohort.external_id(i)},{attendance}" for i in indices
            ]
            return "\n".join(lines).encode()

        candidates = cohort.candidates.tolist()
        # Another workshop 100 days earlier (inside the 180-day look-back) with 5 candidates,
        # one 400 days earlier (outside) with 5 others, and no-shows that do not count.
        inside = await service.create(_create(held_on - dt.timedelta(days=100), title="In"))
        outside = await service.create(_create(held_on - dt.timedelta(days=400), title="Out"))
        noshow = await service.create(_create(held_on + dt.timedelta(days=10), title="No"))
        await import_participants(inside.id, people(candidates[:5]), now)
        await import_participants(outside.id, people(candidates[5:10]), now)
        await import_participants(noshow.id, people(candidates[10:15], "no_show"), now)
        after = await effectiveness.compute(row, 30)
        assert after.n_candidates == before.n_candidates - 5
