"""How strong a hidden confounder would have to be: E-values and sensitivity intervals.

Pure computation (floats in, floats out). The workshop estimator weights on what the
product knows before the workshop (plan, size, tenure, health path, prior upsell and
downgrade, the customers' survey answers); a trait it does not see — an account's real
health, a champion who left — can still drive both attendance and the outcome. No design
removes a trait the data do not show, so every headline effect says how much such a trait
would have to do to explain it:

* **E-value** (VanderWeele & Ding 2017, *Annals of Internal Medicine* 167(4)): the minimum
  strength, as a risk ratio with both attendance and the outcome, of a hidden confounder
  that could move the estimate (or its interval's end nearest to no effect) to no effect.
* **Sensitivity interval** for a hidden confounder of a given strength Γ with both
  (Ding & VanderWeele 2016, *Epidemiology* 27(3)): such a confounder biases the risk ratio
  by at most the *bounding factor* B = Γ² / (2Γ − 1), so the interval's ends divided and
  multiplied by B hold the truth whenever the hidden confounder is no stronger than Γ. For
  a risk difference ``d`` against the attendees' counterfactual risk ``b`` the risk ratio is
  ``(b + d) / b``. For a continuous outcome (the health score) the risk ratio is
  approximated from the standardised difference, RR ≈ exp(0.91 · d / SD) (VanderWeele &
  Ding 2017, from Chinn 2000).

  The same bound serves the workshop's other continuous DiD outcomes (NRR, GRR, expansion
  MRR per account), standardised by the SD of each account's linearised change.

The product claims an effect only when its interval *allowing for a modest hidden
confounder* (:data:`MODEST_CONFOUNDER_RR`) excludes no effect — equivalently, when the
E-value of the interval's near end is at least that strength — **and** the claim survives
the other outcomes of the same checkpoint: a checkpoint judges some nine outcomes at once
(churn, expansion, NRR, GRR, …), and a reader acts on whichever the verdict names, so the
claims control the family-wise error rate (:mod:`training.multiplicity`: a graphical
Holm-type procedure) applied to the *sensitivity p-values*: for each outcome, the
two-sided p-value of "no effect" when the estimate may be biased by a hidden confounder of
that strength (:func:`sensitivity_p`; Rosenbaum 2002, *Observational Studies* §4, combines
his sensitivity p-values across several outcomes the same way). For one outcome this is
exactly the rule "the sensitivity interval excludes 0". Otherwise the
figure is shown with the caveat that a modest hidden difference between attendees and the
others, or chance among the outcomes judged together, could explain it.
"""

from __future__ import annotations

import math
from typing import Final

from scipy import special

__all__ = [
    "MODEST_CONFOUNDER_RR",
    "bias_factor",
    "e_value",
    "e_value_standardised",
    "risk_difference_bounds",
    "sensitivity_p",
    "standardised_bounds",
]

#: The hidden confounder every claimed effect must survive: associated with attending and
#: with the outcome by a risk ratio of 1.5 each (bias factor 1.125). A trait of that strength
#: is common — e.g. an account 1.5× as likely to attend and 1.5× as likely to stay — and
#: weaker than the observed health score usually is.
MODEST_CONFOUNDER_RR: Final = 1.5
_D_TO_LOG_RR: Final = 0.91


def e_value(risk_ratio: float | None) -> float | None:
    """E-value of a risk ratio (VanderWeele & Ding 2017): RR + sqrt(RR (RR − 1)) for RR ≥ 1,
    applied to 1/RR below 1. The minimum strength (risk-ratio scale) a hidden confounder
    would need with both attendance and outcome to explain the estimate away."""
    if risk_ratio is None or not math.isfinite(risk_ratio) or risk_ratio <= 0:
        return None
    rr = risk_ratio if risk_ratio >= 1 else 1.0 / risk_ratio
    return rr + math.sqrt(rr * (rr - 1.0))


#: Beyond this many SDs (RR ≈ exp(0.91 · 40) ≈ 10¹⁶) a standardised difference means the
#: outcome barely varies among the comparison accounts (e.g. no upsell at all in a tiny
#: cohort): no risk ratio describes that, so no E-value is given.
_MAX_D: Final = 40.0


def e_value_standardised(difference: float, sd: float) -> float | None:
    """E-value of a mean difference of a continuous outcome with standard deviation ``sd``
    through RR ≈ exp(0.91 d) (VanderWeele & Ding 2017); None when ``sd`` is not positive
    or ``|d|`` exceeds :data:`_MAX_D` (a degenerate scale, not an overwhelming effect)."""
    if not (math.isfinite(difference) and math.isfinite(sd) and sd > 0):
        return None
    d = difference / sd
    if abs(d) > _MAX_D:
        return None
    return e_value(math.exp(_D_TO_LOG_RR * d))


def bias_factor(strength: float) -> float:
    """Largest bias (risk-ratio scale) of a hidden confounder with risk ratio ``strength``
    with both attendance and the outcome: Γ² / (2Γ − 1) (Ding & VanderWeele 2016)."""
    if strength < 1.0:
        raise ValueError("strength must be ≥ 1")
    return strength * strength / (2.0 * strength - 1.0)


def risk_difference_bounds(
    baseline: float, low: float, high: float, strength: float = MODEST_CONFOUNDER_RR
) -> tuple[float, float] | None:
    """Interval of a risk difference ``[low, high]`` widened for a hidden confounder of
    ``strength``, against the counterfactual risk ``baseline`` (same units, > 0)."""
    if not (math.isfinite(baseline) and baseline > 0 and math.isfinite(low + high)):
        return None
    b = bias_factor(strength)
    rr_low = max(baseline + low, 0.0) / baseline
    rr_high = max(baseline + high, 0.0) / baseline
    # never narrower than the interval itself (an end below −baseline is no risk ratio)
    return min(low, baseline * (rr_low / b - 1.0)), max(high, baseline * (rr_high * b - 1.0))


def standardised_bounds(
    sd: float, low: float, high: float, strength: float = MODEST_CONFOUNDER_RR
) -> tuple[float, float] | None:
    """Interval of a mean difference ``[low, high]`` of a continuous outcome with standard
    deviation ``sd`` widened for a hidden confounder of ``strength`` (RR ≈ exp(0.91 d))."""
    if not (math.isfinite(sd) and sd > 0 and math.isfinite(low + high)):
        return None
    shift = sd * math.log(bias_factor(strength)) / _D_TO_LOG_RR
    return low - shift, high + shift


def sensitivity_p(
    estimate: float,
    se: float,
    *,
    extra: float = 0.0,
    baseline: float | None = None,
    sd: float | None = None,
    strength: float = MODEST_CONFOUNDER_RR,
    df: int | None = None,
) -> float | None:
    """Two-sided p-value of "no effect" allowing for a hidden confounder of ``strength``.

    The interval at level 1 − α is ``estimate ± (z · se + extra)`` (``extra``: a bias-aware
    widening, e.g. half the unexplained gap between two designs). The p-value is the
    smallest α at which the interval widened by :func:`risk_difference_bounds` (a
    ``baseline`` risk) or :func:`standardised_bounds` (an outcome ``sd``) excludes 0, so
    ``p ≤ α`` exactly when that widened interval at level 1 − α excludes 0. Risk scale: the
    lower end clears 0 when ``low > b (B − 1)``, the upper end when
    ``high < −b (1 − 1/B)``; standardised: when the near end clears ``sd · ln B / 0.91``.
    With neither, it is the plain p-value. ``df``: the interval's critical value is
    Student's t with ``df`` degrees of freedom (None: normal). None when ``se`` is not a
    finite number ≥ 0."""
    if not (math.isfinite(estimate) and math.isfinite(se) and se >= 0 and extra >= 0):
        return None
    if baseline is not None and math.isfinite(baseline) and baseline > 0:
        b = bias_factor(strength)
        up, down = baseline * (b - 1.0), baseline * (1.0 - 1.0 / b)
    elif sd is not None and math.isfinite(sd) and sd > 0:
        up = down = sd * math.log(bias_factor(strength)) / _D_TO_LOG_RR
    else:
        up = down = 0.0
    margin = max(estimate - extra - up, -estimate - extra - down)
    if se == 0:
        return 0.0 if margin > 0 else 1.0
    tail = special.ndtr(-margin / se) if df is None else special.stdtr(df, -margin / se)
    return float(min(1.0, 2.0 * tail))
