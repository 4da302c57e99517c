"""The workshop estimator on the sceptic's cohorts (:mod:`training.simulate_selection`).

Each design plants a selection problem the issue-13 calibration does not: attendance on
observed covariates non-linearly, upsell momentum, several workshops per account, a hidden
health factor, poor overlap, no effect. The truth is the effect on the attendees the product
kept, computed from the generator's potential outcomes. Seeds are fixed, so the figures are
reproducible; the bench (``bench/bench_selection.py``, 200 runs per design) has the full
table in BENCHMARKS.md. Before the fixes of this file's commit, upsell momentum covered the
+90 expansion effect in 5 % of cohorts (bias −12.9 pts on a truth of +9), several workshops
covered +180 in 38 % (bias +9.1), and observed non-linear selection with no effect claimed
an expansion effect at +180 in 35 % of cohorts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pytest

from app.clock import FrozenClock
from app.settings import Settings
from tests.conftest import START
from tests.training.binomial import max_hits, min_hits
from tests.training.selection_harness import measure
from tests.training.workshop_data import to_csv
from training.causal import weight_accounts
from training.effectiveness import evaluate_checkpoint, evaluate_workshop
from training.jobs import run_due_checkpoints
from training.metrics import mrr_at
from training.simulate_selection import DESIGNS, Design, simulate_selection_cohort

RUNS = 20
BY_NAME = {d.name: d for d in DESIGNS}


def test_no_effect_means_a_zero_truth_and_a_biased_naive_comparison() -> None:
    cohort = simulate_selection_cohort(BY_NAME["zero effect"], seed=7, truth_draws=5)
    for k in (30, 90, 180):
        truth = cohort.truth(k)
        assert truth.expansion_share == 0 and truth.logo_churn == 0 and truth.benefit == 0
    # selection is planted: attendees are bigger and in other regions than the rest
    att = np.zeros(cohort.accounts.n, dtype=bool)
    att[cohort.attending] = True
    assert cohort.accounts.tier[att].mean() < cohort.accounts.tier[~att].mean() - 0.1
    seg_att = np.bincount(cohort.accounts.segment[att], minlength=6) / att.sum()
    seg_rest = np.bincount(cohort.accounts.segment[~att], minlength=6) / (~att).sum()
    assert seg_att[0] > 1.5 * seg_rest[0]


def test_truth_follows_the_planted_effect() -> None:
    cohort = simulate_selection_cohort(BY_NAME["observed nonlinear"], seed=3, truth_draws=20)
    t90, t180 = cohort.truth(90), cohort.truth(180)
    assert 0.04 < t90.expansion_share < t180.expansion_share < 0.2
    assert t180.logo_churn < t90.logo_churn < 0
    assert t180.benefit > 0
    # the truth of a subset is that subset's (the product drops unmatched attendees)
    assert cohort.truth(90, cohort.attending[:5].tolist()).attendees == len(cohort.attending) - 5


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["observed nonlinear", "upsell momentum", "several workshops", "hidden health"]
)
def test_intervals_cover_the_truth(name: str) -> None:
    result = measure(_small(BY_NAME[name]), RUNS, seed0=500, truth_draws=10)
    for k in (30, 90, 180):
        expansion = result.cell(k, "expansion_share").stats()
        assert expansion["n"] == RUNS
        withheld = result.supported[k] <= 0.2 * RUNS  # "cannot support a verdict"
        assert expansion["coverage"] >= 0.8 or withheld, (k, expansion)
        if name == "upsell momentum":
            # the two designs disagree (the state-only one is far off): the midpoint is
            # biased, the interval spans both and a notice says so
            assert result.notices[f"{k}:designs_disagree"] >= 0.8 * RUNS, result.notices
        else:
            assert abs(expansion["bias"]) < max(0.5 * abs(expansion["truth"]), 2.0), k
        # churn (and so ROI) under the hidden health too, since the negative control
        assert result.cell(k, "logo_churn").stats()["coverage"] >= 0.8, k
        assert result.cell(k, "benefit").stats()["coverage"] >= 0.8, k
    if name == "several workshops":
        assert result.notices["90:other_workshop_attendees"] == RUNS


@pytest.mark.slow
def test_no_effect_is_rarely_claimed() -> None:
    result = measure(_small(BY_NAME["zero effect"]), RUNS, seed0=900, truth_draws=2)
    for k in (30, 90, 180):
        for metric in ("expansion_share", "logo_churn", "expansion_rate", "benefit"):
            stats = result.cell(k, metric).stats()
            assert stats["excl0"] <= 0.15, (k, metric, stats)


@pytest.mark.slow
def test_a_modest_hidden_confounder_is_not_reported_as_an_effect() -> None:
    """No effect, but a hidden health drives attendance and churn, partly seen in the score
    and the survey answers: intervals still exclude 0 now and then (the bias), and the
    verdict claims an effect only when the interval allowing for a modest hidden confounder
    excludes 0 too. Before, the verdict followed the interval (11–14 % false claims of a
    churn effect in the bench's 200 cohorts; 0–4 % after, BENCHMARKS.md)."""
    result = measure(
        _small(BY_NAME["hidden health, surveys, no effect"]), RUNS, seed0=700, truth_draws=2
    )
    caveated = 0
    for k in (30, 90, 180):
        for metric in ("expansion_share", "logo_churn"):
            cell = result.cell(k, metric)
            stats = cell.stats()
            assert stats["false_claims"] <= 0.10, (k, metric, stats)
            assert stats["false_claims"] <= stats["excl0"], (k, metric, stats)
            caveated += sum(
                (lo > 0 or hi < 0) and not claimed
                for lo, hi, claimed in zip(cell.low, cell.high, cell.claimed, strict=True)
            )
    assert caveated > 0  # the sensitivity analysis, not luck, kept those verdicts back


@pytest.mark.slow
def test_health_leaving_no_trace_claims_nothing_that_is_not_there() -> None:
    """No effect, and the hidden health drives attendance and outcomes without leaving any
    trace in the score or the survey answers: the bias exceeds a modest hidden confounder
    (intervals cover 0 in 60-90 % of cohorts, BENCHMARKS.md). The verdict judges its nine
    outcomes together (sensitivity p-values through a Holm-type graph), so a checkpoint
    claims *any* effect in at most a few cohorts (200-seed bench: at most 5 % at every
    checkpoint, against 6-10 % for expansion or churn alone with the single-outcome rule)."""
    result = measure(
        _small(BY_NAME["hidden health, no trace, no effect"]), RUNS, seed0=1700, truth_draws=2
    )
    for k in (30, 90, 180):
        assert result.any_claim[k] <= 2, (k, result.any_claim[k], dict(result.claims))
        for metric in ("nrr", "grr", "expansion_mrr_per_account"):
            stats = result.cell(k, metric).stats()
            assert stats["n"] > 0 and stats["sens_coverage"] >= 0.85, (k, metric, stats)


@pytest.mark.slow
def test_no_comparable_accounts_means_no_verdict() -> None:
    result = measure(_small(BY_NAME["poor overlap"]), 10, seed0=300, truth_draws=2)
    for k in (30, 90, 180):
        assert result.supported[k] <= 1, result.reasons


def test_scores_lifted_by_the_workshop_never_enter_the_comparison() -> None:
    """The health score counts event and webinar participation, so attending lifts the
    attendees' later scores (8 points here). Weighting on a score dated on or after the
    workshop day would compare attendees with accounts that merely look as healthy *because*
    of the workshop (a post-treatment covariate). The same cohort with and without the lift
    must give the same weights and the same churn, expansion and NRR figures; only the
    health-score effect may see it."""
    lifted = BY_NAME["score raised by attending"]
    plain = msgspec.structs.replace(lifted, score_bump=0.0)
    a = simulate_selection_cohort(lifted, seed=5, truth_draws=1)
    b = simulate_selection_cohort(plain, seed=5, truth_draws=1)
    assert np.array_equal(a.attending, b.attending)
    assert not np.array_equal(a.health.score, b.health.score)
    for k in (30, 90):
        ea, eb = (
            evaluate_checkpoint(
                c.accounts, c.events, c.attending, c.workshop_day, k, health=c.health, n_boot=20
            )
            for c in (a, b)
        )
        for key in ("expansion_share", "logo_churn", "nrr", "grr"):
            assert ea.estimate(key).did == eb.estimate(key).did, (k, key)
            assert ea.estimate(key).ci_low == eb.estimate(key).ci_low, (k, key)
        assert [x.smd_after for x in ea.balance] == [x.smd_after for x in eb.balance]
        assert ea.health is not None and eb.health is not None
        assert ea.health.did is not None and eb.health.did is not None
        assert ea.health.did - eb.health.did == pytest.approx(8.0, abs=1.5), k


def test_accounts_opened_after_the_workshop_are_never_comparison_accounts() -> None:
    """Accounts created after the workshop (15 % here, opening during the post window) had
    no chance to attend: they are neither attendees nor comparison accounts, at any
    checkpoint, even though they are alive and paying at +90 and +180."""
    cohort = simulate_selection_cohort(BY_NAME["late accounts, heavy churn"], seed=2, truth_draws=1)
    w = cohort.workshop_day
    late = np.flatnonzero(cohort.accounts.created_day > w)
    assert len(late) > 200
    assert not np.isin(cohort.attending, late).any()
    sample = weight_accounts(
        cohort.accounts,
        mrr_at(cohort.accounts, cohort.events, w),
        cohort.attending,
        w,
        health=cohort.health,
    )
    used = sample.comparison[sample.comparison_weight > 0]
    assert len(used) > 1000 and not np.isin(used, late).any()
    effects = evaluate_workshop(
        cohort.accounts,
        cohort.events,
        cohort.attending,
        w,
        (90, 180),
        health=cohort.health,
        n_boot=20,
    )
    for eff in effects:
        assert eff.n_comparison <= cohort.accounts.n - len(late) - len(cohort.attending)


@pytest.mark.slow
def test_tiny_cohorts_withhold_the_verdict_and_their_intervals_still_cover() -> None:
    """5–15 attendees (8 on average) out of 100 accounts: the verdict is withheld at every
    checkpoint, and the intervals still shown cover the truth about as often as a 95 %
    interval should (at least :func:`min_hits` of the runs). Before the small-sample
    intervals (Student's t on the attendees, an Agresti–Coull floor on every share and on
    every MRR rate through its count of accounts), a handful of attendees with no upsell in
    either window gave an interval of near-zero width: 150 cohorts covered the expansion
    effect in 66 / 81 / 81 % at +30/+90/+180, the expansion MRR rate in 61–69 %. Seed 43
    used to crash the E-value (a standardised difference of 10⁴ SDs overflowed)."""
    runs = 60
    result = measure(BY_NAME["tiny cohort 5-15"], runs, seed0=0, truth_draws=10)
    for k in (30, 90, 180):
        assert result.supported[k] == 0, (k, result.reasons)
        assert sum(result.claims[(k, m)] for m in ("expansion_share", "logo_churn")) == 0
        for metric in ("expansion_share", "logo_churn", "expansion_rate"):
            cell = result.cell(k, metric)
            hits = sum(
                lo <= t <= hi for t, lo, hi in zip(cell.truth, cell.low, cell.high, strict=True)
            )
            assert cell.n >= runs - 10 and hits >= min_hits(cell.n), (k, metric, cell.stats())


@pytest.mark.slow
def test_prior_growth_is_not_read_as_an_effect() -> None:
    """No effect, but accounts whose MRR already grew over the last six months attend (and
    a lasting growth trait keeps them growing). Picked on a realised pre-period outcome,
    their pre window is inflated: the state-only design reads −22 pts of expansion at +90
    where the truth is 0, the lagged-outcome design −0.2. The bracketed interval must reach
    the lagged end: before the Imbens–Manski interval (midpoint ± z · SE + half the
    unexplained gap) it covered 0 in 73 % of these cohorts at +90; now at least as often as
    a 95 % interval would (:func:`min_hits`), and verdicts claim an effect no more often
    than a 5 % family-wise rate allows (:func:`max_hits`)."""
    runs = 40
    result = measure(
        _small(BY_NAME["prior MRR growth, no effect"]), runs, seed0=3000, truth_draws=2
    )
    for k in (30, 90, 180):
        assert result.any_claim[k] <= max_hits(runs), (k, dict(result.claims))
        cell = result.cell(k, "expansion_share")
        hits = sum(lo <= 0.0 <= hi for lo, hi in zip(cell.low, cell.high, strict=True))
        assert hits >= min_hits(cell.n), (k, cell.stats())


def _small(design: Design) -> Design:
    """The design on 1,500 accounts (half the bench's), to keep each test under a minute."""
    return msgspec.structs.replace(design, n_accounts=1500)


async def _load(client: Any, cohort: Any) -> None:
    for path, rows in (
        ("/api/accounts/import.csv", cohort.account_rows()),
        ("/api/accounts/events/import.csv", cohort.event_rows()),
        ("/api/accounts/health/import.csv", cohort.health_rows()),
    ):
        response = await client.post(
            path, content=to_csv(rows), headers={"content-type": "text/csv"}
        )
        assert response.status_code == 200, (path, response.text)


async def _workshop(client: Any, cohort: Any, day: int, title: str, attending: Any) -> int:
    response = await client.post(
        "/api/workshops",
        json={
            "title": title,
            "kind": "customer",
            "held_on": (cohort.workshop_date + dt.timedelta(days=day)).isoformat(),
            "currency": "JPY",
            "costs": {"facilitator": "2000000"},
        },
    )
    assert response.status_code == 201, response.text
    wid = int(response.json()["id"])
    rows = [
        {"email": f"p{i}@example.com", "account_external_id": cohort.external_id(int(i))}
        for i in attending
    ]
    response = await client.post(
        f"/api/workshops/{wid}/participants.csv",
        content=to_csv(rows),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    return wid


@pytest.mark.slow
async def test_several_workshops_through_the_api_and_pdf(
    staff_client: Any, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    """Three workshops sharing attendees, imported like a CS team would: the service leaves
    the shared attendees out on both sides, says so on the API, and its numbers are the pure
    estimator's on the same data."""
    from tests.training.test_report_api import fetch_pdf, flat, pdf_text

    design: Design = msgspec.structs.replace(BY_NAME["several workshops"], n_accounts=800)
    held = START.date() - dt.timedelta(days=200)
    cohort = simulate_selection_cohort(design, seed=11, workshop_day=held, truth_draws=5)
    client = await staff_client("cs")
    await _load(client, cohort)
    wid = await _workshop(client, cohort, 0, "Adoption clinic", cohort.attending)
    for day, idx in cohort.other_workshops:
        await _workshop(client, cohort, day - cohort.workshop_day, f"Other {day}", idx)
    await run_due_checkpoints(settings, clock)

    response = await client.get(f"/api/workshops/{wid}/effectiveness/90")
    assert response.status_code == 200, response.text
    effect = response.json()["effect"]
    pure = evaluate_checkpoint(
        cohort.accounts,
        cohort.events,
        cohort.attending,
        cohort.workshop_day,
        90,
        health=cohort.health,
        excluded=cohort.excluded,
    )
    shared = set(cohort.attending.tolist()) & set(cohort.excluded.tolist())
    assert shared and effect["n_other_workshop"] == len(shared) == pure.n_other_workshop
    assert effect["n_attending"] == pure.n_attending
    for key in ("expansion_share", "logo_churn", "expansion_rate"):
        ours = next(e for e in effect["estimates"] if e["metric"] == key)
        assert ours["did"] == pytest.approx(pure.estimate(key).did, abs=1e-4), key
        assert ours["ci_low"] == pytest.approx(pure.estimate(key).ci_low, abs=1e-4), key
    codes = [n["code"] for n in effect["notices"]]
    assert "other_workshop_attendees" in codes
    assert any(b["covariate"] == "expansions_180d" for b in effect["balance"])
    pdf, _ = await fetch_pdf(client, f"/api/workshops/{wid}/report.pdf?lang=en")
    text = flat(pdf_text(pdf, tmp_path))
    assert "also attended another workshop" in text
    assert "Upsells in the 180 days before" in text
    pdf, _ = await fetch_pdf(client, f"/api/workshops/{wid}/report.pdf?lang=ja")
    assert "別の研修にも参加した" in flat(pdf_text(pdf, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["hidden health, no trace", "at-risk accounts sent by CS, no effect"]
)
def test_churn_intervals_cover_under_a_hidden_trait(name: str) -> None:
    """A hidden trait drives attendance and churn and leaves no trace in the health score:
    healthier accounts come (or CS sends the at-risk ones). The churn comparison is biased,
    not noisy — its standard error matched the estimates' spread, yet before the negative
    control the interval covered the truth at +180 in 50 % of *hidden health, no trace*
    cohorts (bias −2.2 pts on a truth of −1.6) and the at-risk design read the workshop as
    raising churn. The interval now spans the comparison corrected by the attendees' upsell
    a year before (:mod:`training.negative_control`), so it covers the truth as often as a
    95 % interval would (:func:`min_hits`), and a workshop without effect is claimed to have
    one in no more runs than a 5 % rate allows (:func:`max_hits`), over all its checkpoints."""
    runs = 40
    result = measure(BY_NAME[name], runs, seed0=4000, truth_draws=5)
    for k in (90, 180):
        cell = result.cell(k, "logo_churn")
        hits = sum(lo <= t <= hi for t, lo, hi in zip(cell.truth, cell.low, cell.high, strict=True))
        assert cell.n == runs and hits >= min_hits(cell.n), (k, cell.stats())
        assert cell.stats()["false_claims"] == 0, (k, cell.stats())
        benefit = result.cell(k, "benefit")
        hits = sum(
            lo <= t <= hi
            for t, lo, hi in zip(benefit.truth, benefit.low, benefit.high, strict=True)
        )
        assert hits >= min_hits(benefit.n, p=0.9), (k, benefit.stats())
    if result.no_effect:
        assert result.any_claim_workshop <= max_hits(runs), dict(result.claims)
