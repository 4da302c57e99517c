"""Which of a checkpoint's outcomes the verdict may claim together: a graphical multiple test.

Pure computation. A checkpoint judges up to nine outcomes at once, and a manager acts on
whichever the verdict names, so the claims must control the family-wise error rate (the
chance of claiming *any* effect that is not there), not each outcome's own 5 %. Some
outcomes restate another one: gross MRR churn restates logo churn in money, expansion MRR
rate and expansion MRR per account restate the share of accounts that expanded, and
contraction is the part of GRR that is not churn. A plain Holm correction over all nine
would pay for the restatements as if they were separate questions. The product uses the
**graphical approach** of Bretz, Maurer, Brannath & Posch (2009, *Statistics in Medicine*
28(4), 586–604), which contains Holm's procedure (Holm 1979) as the special case of equal
weights and a complete graph:

* the **primary** outcomes — logo churn, expansion, NRR, GRR (the questions a CFO asks)
  and the health score (the early outcome) — share the level α equally;
* an outcome that is claimed passes its level to the outcomes that restate it
  (:data:`CHILDREN`, equally), and one with none passes it to the primaries not yet
  claimed; so a restatement is claimed only after what it restates.

:func:`graphical_adjusted` returns adjusted p-values: an outcome is claimed at family-wise
level α exactly when its adjusted p-value is ≤ α. The p-values fed in are the sensitivity
p-values of :func:`training.sensitivity.sensitivity_p`, so a claim holds both against a
modest hidden confounder and against chance among the outcomes judged together.

**Repeated looks.** A workshop is judged again at every checkpoint of its plan (+7, +30,
+90, +180 days) on accumulating data, and a verdict claimed at any of them is acted on.
Each checkpoint at 5 % would claim an effect that is not there far more often than 5 %
over the plan, so each look gets its share of α from a Pocock-type α-spending function
(Lan & DeMets 1983, *Biometrika* 70(3); f(t) = α ln(1 + (e − 1) t), t = days / the plan's
last checkpoint): :func:`look_alpha` is f(t) − f(t of the previous look). The shares add
up to α over the plan (a union bound: valid whatever the correlation between looks,
conservative for correlated ones). With the default plan the +7, +30, +90 and +180 looks
get 0.32 %, 0.94 %, 1.84 % and 1.90 %; a plan of +30, +90, +180 gets 1.26 %, 1.84 % and 1.90 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

__all__ = [
    "CHILDREN",
    "DEFAULT_LOOKS",
    "PRIMARY",
    "graphical_adjusted",
    "holm_adjusted",
    "look_alpha",
    "outcome_graph",
]

#: The checkpoints a workshop is judged at when no plan is given (days; day 0 has no
#: post window and is no look).
DEFAULT_LOOKS: Final[tuple[int, ...]] = (7, 30, 90, 180)

#: The questions a verdict answers, in the order they are listed.
PRIMARY: Final[tuple[str, ...]] = ("logo_churn", "expansion_share", "nrr", "grr", "health")
#: Outcomes that restate another one, tested with its level once it is claimed.
CHILDREN: Final[Mapping[str, tuple[str, ...]]] = {
    "logo_churn": ("gross_mrr_churn",),
    "expansion_share": ("expansion_rate", "expansion_mrr_per_account"),
    "grr": ("contraction_rate",),
}

Graph = tuple[dict[str, float], dict[str, dict[str, float]]]


def _spent(t: float, alpha: float) -> float:
    """Pocock-type α-spending function (Lan & DeMets 1983): α ln(1 + (e − 1) t)."""
    return alpha * math.log1p((math.e - 1.0) * min(max(t, 0.0), 1.0))


def look_alpha(checkpoint_days: int, looks: Iterable[int] | None, alpha: float) -> float:
    """The level at which the checkpoint ``checkpoint_days`` may claim (module docstring):
    its increment of the α-spending function over the plan's ``looks`` (checkpoint days;
    :data:`DEFAULT_LOOKS` when None; the checkpoint itself is always one of them)."""
    days = {int(d) for d in (DEFAULT_LOOKS if looks is None else looks) if int(d) > 0}
    k = int(checkpoint_days)
    if k <= 0:
        return 0.0
    days.add(k)
    last = max(days)
    previous = max((d for d in days if d < k), default=0)
    return _spent(k / last, alpha) - _spent(previous / last, alpha)


def outcome_graph(outcomes: Sequence[str]) -> Graph:
    """(initial weights, transition weights) of the product's graph over ``outcomes`` (the
    outcomes that have a p-value; others are left out and their share goes elsewhere).
    Outcomes that are neither primary nor a child are treated as primaries."""
    present = list(dict.fromkeys(outcomes))
    child_of = {c: p for p, cs in CHILDREN.items() for c in cs if p in present}
    primaries = [o for o in present if o not in child_of]
    weights = {o: (1.0 / len(primaries) if o in primaries else 0.0) for o in present}
    transitions: dict[str, dict[str, float]] = {}
    for o in present:
        kids = [c for c in CHILDREN.get(o, ()) if c in present]
        targets = kids or [p for p in primaries if p != o]
        transitions[o] = {t: 1.0 / len(targets) for t in targets}
    return weights, transitions


def graphical_adjusted(
    p_values: Mapping[str, float],
    weights: Mapping[str, float],
    transitions: Mapping[str, Mapping[str, float]],
) -> dict[str, float]:
    """Adjusted p-values of the graphical procedure (Bretz et al. 2009, Algorithm 1 with the
    adjusted p-values of their §3): repeatedly take the hypothesis with the smallest
    pⱼ / wⱼ, give it max(previous, min(1, pⱼ / wⱼ)), remove it, pass its weight along the
    graph (wₗ += wⱼ gⱼₗ) and reconnect the graph
    (gₗₖ ← (gₗₖ + gₗⱼ gⱼₖ) / (1 − gₗⱼ gⱼₗ)). Hypotheses left with no weight get 1."""
    active = list(p_values)
    w = {h: float(weights.get(h, 0.0)) for h in active}
    g = {
        h: {k: float(transitions.get(h, {}).get(k, 0.0)) for k in active if k != h} for h in active
    }
    out: dict[str, float] = {}
    running = 0.0
    while active:
        candidates = [h for h in active if w[h] > 0]
        if not candidates:
            out.update(dict.fromkeys(active, 1.0))
            break
        j = min(candidates, key=lambda h: (p_values[h] / w[h], h))
        running = max(running, min(1.0, p_values[j] / w[j]))
        out[j] = running
        active.remove(j)
        new_g: dict[str, dict[str, float]] = {}
        for h in active:
            w[h] += w[j] * g[j].get(h, 0.0)
            row: dict[str, float] = {}
            for k in active:
                if k == h:
                    continue
                denom = 1.0 - g[h].get(j, 0.0) * g[j].get(h, 0.0)
                row[k] = (
                    (g[h].get(k, 0.0) + g[h].get(j, 0.0) * g[j].get(k, 0.0)) / denom
                    if denom > 1e-12
                    else 0.0
                )
            new_g[h] = row
        w[j] = 0.0
        g = new_g
    return out


def holm_adjusted(p_values: Mapping[str, float]) -> dict[str, float]:
    """Holm's step-down adjusted p-values (Holm 1979): sorted ascending, the i-th of m
    (from 1) becomes max over j ≤ i of min(1, (m − j + 1) p₍ⱼ₎)."""
    order = sorted(p_values, key=lambda key: (p_values[key], key))
    m = len(order)
    out: dict[str, float] = {}
    running = 0.0
    for i, key in enumerate(order):
        running = max(running, min(1.0, (m - i) * p_values[key]))
        out[key] = running
    return out
