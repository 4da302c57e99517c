"""Measure the workshop estimator on the sceptic's cohorts (:mod:`training.simulate_selection`).

One run = one cohort through :func:`training.effectiveness.evaluate_workshop` exactly as
the service calls it (accounts that attended other workshops excluded, costs given), at
+30/+90/+180 days. Per design and checkpoint: mean bias against the truth for the
attendees the product kept, 95 % CI coverage of that truth, the share of CIs excluding 0
(the false-positive rate when the truth is 0), the share of runs the product refused
("unsupported") or flagged, for expansion share, logo churn, expansion MRR rate and the ROI
benefit.

``python -m tests.training.selection_harness [runs]`` prints the table of BENCHMARKS.md.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from training.effectiveness import evaluate_workshop
from training.roi import WorkshopCosts
from training.simulate_selection import CHECKPOINTS, DESIGNS, Design, simulate_selection_cohort

COSTS = WorkshopCosts(currency="JPY", facilitator=Decimal(1_000_000))
METRICS = ("expansion_share", "logo_churn", "expansion_rate", "benefit")
#: Every outcome a verdict can name (the checkpoint's family, judged together by Holm).
FAMILY = (
    "logo_churn",
    "gross_mrr_churn",
    "contraction_rate",
    "expansion_share",
    "expansion_rate",
    "expansion_mrr_per_account",
    "nrr",
    "grr",
    "health",
)
#: Outcomes with a continuous (standardised) sensitivity analysis, measured against a
#: truth of 0 in the designs without an effect.
CONTINUOUS = ("nrr", "grr", "expansion_mrr_per_account")
HORIZON = 12


@dataclass
class Cell:
    """Accumulated results of one design × checkpoint × metric."""

    truth: list[float] = field(default_factory=list)
    est: list[float] = field(default_factory=list)
    low: list[float] = field(default_factory=list)
    high: list[float] = field(default_factory=list)
    #: the product's verdict claimed an effect (supported, interval and sensitivity
    #: interval excluding 0) and the interval allowing for a modest hidden confounder
    claimed: list[bool] = field(default_factory=list)
    sens_low: list[float] = field(default_factory=list)
    sens_high: list[float] = field(default_factory=list)

    def add(
        self,
        truth: float,
        est: float | None,
        low: float | None,
        high: float | None,
        claimed: bool = False,
        sensitivity: tuple[float | None, float | None] = (None, None),
    ) -> None:
        if est is None or low is None or high is None or not math.isfinite(truth):
            return
        self.truth.append(truth)
        self.est.append(est)
        self.low.append(low)
        self.high.append(high)
        self.claimed.append(claimed)
        s_low, s_high = sensitivity
        self.sens_low.append(low if s_low is None else s_low)
        self.sens_high.append(high if s_high is None else s_high)

    @property
    def n(self) -> int:
        return len(self.truth)

    def stats(self) -> dict[str, float]:
        t, e = np.asarray(self.truth), np.asarray(self.est)
        lo, hi = np.asarray(self.low), np.asarray(self.high)
        if not len(t):
            return {
                "n": 0,
                "truth": math.nan,
                "bias": math.nan,
                "coverage": math.nan,
                "excl0": math.nan,
                "sd": math.nan,
                "width": math.nan,
                "claimed": math.nan,
                "false_claims": math.nan,
                "sens_coverage": math.nan,
            }
        claimed = np.asarray(self.claimed, dtype=bool)
        slo, shi = np.asarray(self.sens_low), np.asarray(self.sens_high)
        # a claim is false when the truth is (about) 0 or of the other sign
        wrong = claimed & ((np.abs(t) < 1e-9) | (np.sign(e) != np.sign(t)))
        return {
            "claimed": float(claimed.mean()),
            "false_claims": float(wrong.mean()),
            "sens_coverage": float(((slo <= t) & (t <= shi)).mean()),
            "n": len(t),
            "truth": float(t.mean()),
            "bias": float((e - t).mean()),
            "coverage": float(((lo <= t) & (t <= hi)).mean()),
            "excl0": float(((lo > 0) | (hi < 0)).mean()),
            "sd": float((e - t).std()),
            "width": float((hi - lo).mean()),
        }


@dataclass
class DesignResult:
    design: str
    runs: int
    attendees: float = 0.0
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    supported: Counter[int] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    notices: Counter[str] = field(default_factory=Counter)
    confident_unsupported: int = 0
    #: runs in which the estimator raised (counted, the cohort skipped): a defect to report
    crashes: Counter[str] = field(default_factory=Counter)
    #: per (checkpoint, outcome): runs whose verdict claims an effect; per checkpoint: runs
    #: whose verdict claims any outcome (in a design without effect, every claim is false)
    claims: Counter[tuple[int, str]] = field(default_factory=Counter)
    any_claim: Counter[int] = field(default_factory=Counter)
    #: runs whose verdict claims any outcome at any checkpoint (the per-workshop rate)
    any_claim_workshop: int = 0
    no_effect: bool = False
    #: per run and checkpoint: (checkpoint, supported, {outcome: (sensitivity p-value,
    #: estimate, truth or None)}), to compare claim rules on the same cohorts
    outcomes: list[tuple[int, bool, dict[str, tuple[float | None, float, float | None]]]] = field(
        default_factory=list
    )

    def cell(self, k: int, metric: str) -> Cell:
        return self.cells.setdefault((k, metric), Cell())


def _truth(truth: object, metric: str, no_effect: bool) -> float | None:
    """The outcome's truth in the estimate's units when the generator gives it (shares and
    rates, in points), 0 for every outcome of a design without effect, else None."""
    if no_effect:
        return 0.0
    value = getattr(truth, metric, None)
    return None if value is None or not math.isfinite(value) else float(value) * 100.0


def measure(
    design: Design, runs: int, seed0: int = 0, truth_draws: int = 40, *, catch: bool = False
) -> DesignResult:
    """Run ``runs`` cohorts of ``design`` (seeds ``seed0`` …) through the estimator.

    Coverage and bias are over all runs with an estimate, *whether or not* the product
    marked the checkpoint unsupported (it still computes the numbers): the refusal rate is
    reported beside them. ``catch``: count a run whose estimator raises in ``crashes``
    and go on (the bench), instead of failing (the tests).
    """
    res = DesignResult(
        design.name,
        runs,
        no_effect=design.expansion_effect == 0.0 and design.churn_effect == 0.0,
    )
    n_att = []
    for r in range(runs):
        cohort = simulate_selection_cohort(design, seed=seed0 + r, truth_draws=truth_draws)
        try:
            effects = evaluate_workshop(
                cohort.accounts,
                cohort.events,
                cohort.attending,
                cohort.workshop_day,
                CHECKPOINTS,
                health=cohort.health,
                voice=cohort.voice,
                excluded=cohort.excluded,
                n_boot=50,
                seed=r,
                costs=COSTS,
            )
        except (ArithmeticError, ValueError) as exc:
            if not catch:
                raise
            res.crashes[f"{type(exc).__name__}: {exc}"] += 1
            continue
        n_att.append(len(cohort.attending))
        claimed_here = False
        for eff in effects:
            k = eff.checkpoint_days
            drop = set(
                cohort.accounts.indices_of(
                    eff.unmatched_account_ids + getattr(eff, "other_workshop_account_ids", ())
                ).tolist()
            )
            truth = cohort.truth(k, sorted(drop))
            supported = eff.support == "supported"
            res.supported[k] += supported
            for reason in eff.support_reasons:
                res.reasons[f"{k}:{reason.code}"] += 1
            for notice in eff.notices:
                res.notices[f"{k}:{notice.code}"] += 1
            family = [
                e
                for e in (*eff.estimates, *((eff.health,) if eff.health else ()))
                if e.did is not None
            ]
            claimed = {e.metric for e in family if supported and e.detectable}
            for metric in claimed:
                res.claims[(k, metric)] += 1
            res.any_claim[k] += bool(claimed)
            claimed_here |= bool(claimed)
            res.outcomes.append(
                (
                    k,
                    supported,
                    {
                        e.metric: (e.p_sensitivity, e.did, _truth(truth, e.metric, res.no_effect))
                        for e in family
                    },
                )
            )
            if res.no_effect:  # every truth is 0: the continuous outcomes' intervals too
                for e in family:
                    if e.metric in CONTINUOUS:
                        res.cell(k, e.metric).add(
                            0.0,
                            e.did,
                            e.ci_low,
                            e.ci_high,
                            claimed=e.metric in claimed,
                            sensitivity=(e.sensitivity_low, e.sensitivity_high),
                        )
            for metric in METRICS[:3]:
                est = eff.estimate(metric)
                scale = 100.0
                res.cell(k, metric).add(
                    getattr(truth, metric) * scale,
                    est.did,
                    est.ci_low,
                    est.ci_high,
                    claimed=supported and est.detectable,
                    sensitivity=(est.sensitivity_low, est.sensitivity_high),
                )
            roi = eff.roi
            if roi is not None and roi.benefit_ci is not None:
                res.cell(k, "benefit").add(
                    truth.benefit,
                    float(roi.benefit) / HORIZON,
                    float(roi.benefit_ci[0]) / HORIZON,
                    float(roi.benefit_ci[1]) / HORIZON,
                )
        res.any_claim_workshop += claimed_here
    res.attendees = float(np.mean(n_att))
    return res


def table(results: list[DesignResult]) -> str:
    """Markdown table: one row per design × checkpoint."""
    head = (
        "| design | k | attendees | supported | expansion truth / bias / coverage / excl. 0 "
        "| churn truth / bias / coverage / excl. 0 | exp. MRR rate coverage "
        "| benefit coverage / excl. 0 |"
    )
    lines = [head, "|" + " --- |" * 8]
    for r in results:
        for k in CHECKPOINTS:
            e = r.cell(k, "expansion_share").stats()
            c = r.cell(k, "logo_churn").stats()
            x = r.cell(k, "expansion_rate").stats()
            b = r.cell(k, "benefit").stats()
            lines.append(
                f"| {r.design} | +{k} | {r.attendees:.0f} | {r.supported[k] / r.runs:.0%} "
                f"| {e['truth']:+.1f} / {e['bias']:+.2f} / {e['coverage']:.0%} / {e['excl0']:.0%} "
                f"| {c['truth']:+.2f} / {c['bias']:+.2f} / {c['coverage']:.0%} / {c['excl0']:.0%} "
                f"| {x['coverage']:.0%} | {b['coverage']:.0%} / {b['excl0']:.0%} |"
            )
    return "\n".join(lines)


def verdict_table(results: list[DesignResult]) -> str:
    """Markdown table of what the verdicts claim: per design × checkpoint, for expansion
    and churn, the share of runs whose verdict claims an effect, the share of false claims
    (truth 0 or of the other sign) and the coverage of the interval allowing for a modest
    hidden confounder."""
    head = (
        "| design | k | expansion CI coverage / claimed / false claims / sens. coverage "
        "| churn CI coverage / claimed / false claims / sens. coverage |"
    )
    lines = [head, "|" + " --- |" * 4]
    for r in results:
        for k in CHECKPOINTS:
            parts = []
            for metric in ("expansion_share", "logo_churn"):
                c = r.cell(k, metric).stats()
                parts.append(
                    f"{c['coverage']:.0%} / {c['claimed']:.0%} / {c['false_claims']:.0%} "
                    f"/ {c['sens_coverage']:.0%}"
                )
            lines.append(f"| {r.design} | +{k} | {parts[0]} | {parts[1]} |")
    return "\n".join(lines)


def family_table(results: list[DesignResult]) -> str:
    """Markdown table of the joint verdicts: per design × checkpoint, the share of runs
    whose verdict claims *any* outcome (the family-wise false-claim rate when the design has
    no effect), the claim rates of NRR, GRR, expansion MRR per account and the health score,
    and, in designs without effect, the CI / sensitivity-interval coverage of 0 of the three
    continuous outcomes."""
    head = (
        "| design | k | any claim | claimed NRR / GRR / exp. MRR per acct / health "
        "| no effect: NRR / GRR / exp. MRR per acct CI cov. · sens. cov. |"
    )
    lines = [head, "|" + " --- |" * 5]
    for r in results:
        for k in CHECKPOINTS:
            rates = " / ".join(
                f"{r.claims[(k, m)] / r.runs:.0%}"
                for m in ("nrr", "grr", "expansion_mrr_per_account", "health")
            )
            cover = "–"
            if r.no_effect:
                cover = " / ".join(
                    f"{c['coverage']:.0%} · {c['sens_coverage']:.0%}"
                    for c in (r.cell(k, m).stats() for m in CONTINUOUS)
                )
            lines.append(
                f"| {r.design} | +{k} | {r.any_claim[k] / r.runs:.0%} | {rates} | {cover} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    names = sys.argv[2:]
    chosen = [d for d in DESIGNS if not names or d.name in names]
    out = []
    for d in chosen:
        r = measure(d, runs)
        out.append(r)
        print(table([r]).splitlines()[-3:], file=sys.stderr)
        print(dict(r.reasons), dict(r.notices), file=sys.stderr)
    print(table(out))
