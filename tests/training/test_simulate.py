"""The cohort generator: reproducible, realistic shapes, selection on tier, CSV round trip."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from training.metrics import AccountFrame, EventFrame, EventKind, mrr_at, to_day
from training.simulate import SimulatedCohort, simulate_cohort


@pytest.fixture(scope="module")
def cohort() -> SimulatedCohort:
    return simulate_cohort(500, 3000, seed=4, n_events=20_001)


class TestSimulateCohort:
    def test_reproducible_by_seed(self, cohort: SimulatedCohort) -> None:
        again = simulate_cohort(500, 3000, seed=4, n_events=20_001)
        other = simulate_cohort(500, 3000, seed=5, n_events=20_001)
        assert np.array_equal(again.events.delta, cohort.events.delta)
        assert np.array_equal(again.attending, cohort.attending)
        assert not np.array_equal(other.events.delta, cohort.events.delta)

    def test_sizes(self, cohort: SimulatedCohort) -> None:
        assert cohort.accounts.n == 3500
        assert len(cohort.attending) == 500
        assert len(cohort.candidates) == 3000
        assert cohort.events.n == 20_001  # exact, odd count included
        cohort.events.validate()
        assert cohort.workshop_date == date(2025, 4, 1)

    def test_everyone_pays_on_the_workshop_day(self, cohort: SimulatedCohort) -> None:
        assert (mrr_at(cohort.accounts, cohort.events, cohort.workshop_day) > 0).all()

    def test_mrr_never_negative_and_churn_ends_at_zero(self, cohort: SimulatedCohort) -> None:
        ev = cohort.events
        order = np.lexsort((ev.day, ev.account))
        acc, delta = ev.account[order], ev.delta[order]
        running = np.cumsum(delta)
        starts = np.flatnonzero(np.r_[True, acc[1:] != acc[:-1]])
        base = np.repeat(running[starts] - delta[starts], np.diff(np.r_[starts, len(acc)]))
        assert (running - base >= -1e-9).all()
        churned = np.unique(ev.account[ev.kind == EventKind.CHURN])
        assert len(churned) > 0
        final = mrr_at(cohort.accounts, ev, cohort.workshop_day + cohort.horizon_days)
        assert np.all(final[churned] == 0)

    def test_selection_depends_on_tier(self, cohort: SimulatedCohort) -> None:
        tier = cohort.accounts.tier
        ent_att = (tier[cohort.attending] == 0).mean()
        ent_cand = (tier[cohort.candidates] == 0).mean()
        assert ent_att > ent_cand + 0.1  # ~30 % vs ~10 %

    def test_tiers_follow_the_seed_bands_in_jpy(self, cohort: SimulatedCohort) -> None:
        opening = np.zeros(cohort.accounts.n)
        new = cohort.events.kind == EventKind.NEW
        opening[cohort.events.account[new]] = cohort.events.delta[new]
        tier = cohort.accounts.tier
        assert opening[tier == 0].min() * 12 >= 5_000_000  # Enterprise ≥ 5M JPY/yr
        assert opening[tier == 2].max() * 12 < 1_000_000  # SMB < 1M JPY/yr

    def test_planted_truth(self) -> None:
        c = simulate_cohort(200, 800, seed=1, expansion_effect=0.05, churn_effect=-0.02)
        assert c.expected_expansion_effect == pytest.approx(0.05)
        assert c.expected_churn_effect == pytest.approx(-0.02)
        # a churn effect larger than the lowest base probability is clipped
        clipped = simulate_cohort(200, 800, seed=1, churn_effect=-0.10)
        assert -0.10 < clipped.expected_churn_effect < 0

    def test_eur(self) -> None:
        c = simulate_cohort(50, 200, seed=2, currency="EUR")
        new = c.events.kind == EventKind.NEW
        assert c.currency == "EUR"
        assert c.events.delta[new].max() < 200_000  # EUR amounts, not yen
        with pytest.raises(ValueError):
            simulate_cohort(1, 1, currency="USD")


class TestCsv:
    def test_round_trip(self, tmp_path: Path) -> None:
        c = simulate_cohort(30, 120, seed=3, currency="EUR")
        accounts_csv, events_csv = c.write_csv(tmp_path)
        with accounts_csv.open(encoding="utf-8") as fh:
            acc_rows = list(csv.DictReader(fh))
        with events_csv.open(encoding="utf-8") as fh:
            ev_rows = list(csv.DictReader(fh))
        assert list(acc_rows[0]) == [
            "external_id",
            "name",
            "tier",
            "segment",
            "owner",
            "currency",
            "mrr",
        ]
        assert list(ev_rows[0]) == [
            "external_event_id",
            "account_external_id",
            "date",
            "kind",
            "mrr_delta",
            "source",
        ]
        assert len(acc_rows) == 150 and len(ev_rows) == c.events.n
        assert {r["currency"] for r in acc_rows} == {"EUR"}
        # rebuild the frames the way the service would, and compare MRR on the workshop day
        accounts = AccountFrame.from_rows(
            (int(r["external_id"][4:]), r["tier"], r["segment"], None, None) for r in acc_rows
        )
        events = EventFrame.from_rows(
            (
                (
                    int(r["account_external_id"][4:]),
                    date.fromisoformat(r["date"]),
                    r["kind"],
                    float(r["mrr_delta"]),
                )
                for r in ev_rows
            ),
            account_index=accounts.index_by_id,
        )
        w = to_day(c.workshop_date)
        np.testing.assert_allclose(mrr_at(accounts, events, w), mrr_at(c.accounts, c.events, w))
        current = mrr_at(accounts, events, w + 10_000)
        np.testing.assert_allclose(current, [float(r["mrr"]) for r in acc_rows])
