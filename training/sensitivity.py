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

The product claims an effect only when its interval *allowing for a modest hidden
confounder* (:data:`MODEST_CONFOUNDER_RR`) excludes no effect — equivalently, when the
E-value of the interval's near end is at least that strength. Otherwise the figure is
shown with the caveat that a modest hidden difference between attendees and the others
could explain it.
"""

from __future__ import annotations

import math
from typing import Final

__all__ = [
    "MODEST_CONFOUNDER_RR",
    "bias_factor",
    "e_value",
    "risk_difference_bounds",
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
