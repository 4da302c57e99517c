"""Churn under a hidden trait: a negative-control outcome brackets the risk difference.

Pure computation (numpy arrays in, numbers out; no database, no HTTP).

Why
---
Churn is compared after the workshop only (a risk difference among accounts alive on the
day): attendees survived the pre window by definition, so there is no pre/post difference to
cancel a lasting difference between attendees and the others, as the expansion DiD does. A
trait the weighting does not see (an account's real health, a champion) biases it, and the
bias is not noise: on the sceptic's cohorts (:mod:`training.simulate_selection`) the churn
interval's standard error matched the estimate's spread across cohorts (0.88–1.13 pts vs
0.76–1.00 at +90/+180), yet it covered the truth in 50–72 % of cohorts where the trait left no
trace in the health score, because the estimate was off by −1.2 / −2.2 pts. A wider standard
error (bootstrap, sandwich, Wilson/Newcombe) cannot fix a bias.

Method
------
A **negative-control outcome** (Lipsitch, Tchetgen Tchetgen & Cohen 2010, *Epidemiology*
21(3)): an outcome the workshop cannot have caused but that the same hidden trait drives —
here whether the account upsold in the window from 360 to 180 days before the workshop, which
neither design weights on (the lagged design uses the last 180 days). A difference there
between the attendees and the weighted comparison accounts is hidden confounding made
visible. Under *equi-confounding* — the trait shifts the log-odds of a month's upsell and of
a month's churn by the same amount, in opposite directions (a healthier account upsells more
and leaves less) — the negative control's difference translates into the churn comparison's
bias (Sofer, Richardson, Colicino, Schwartz & Tchetgen Tchetgen 2016, *Statistical Science*
31(3), who show difference-in-differences is this with the pre-period outcome as the control):

* δ = logit(monthly upsell hazard of the attendees) − logit(the comparison accounts'), each
  from the share with an upsell in the 6-month window, with Haldane–Anscombe's ½ added to the
  counts (the empirical logit: a handful of attendees none of whom upsold is no infinite
  difference);
* the attendees' churn without the workshop is the comparison accounts' churn with its
  monthly hazard shifted by −δ on the logit scale; the difference from the comparison's own
  churn is the bias.

Equi-confounding is an assumption, so the corrected estimate is not reported alone: the truth
lies between the uncorrected comparison (no hidden trait) and the corrected one (a trait as
strong for churn as for upsell), and :func:`training.effectiveness._combine` gives Imbens &
Manski's (2004) interval for a parameter in that range, as for the two expansion designs.
Influence functions carry the negative control's own noise (and the estimated propensity
score) into the corrected end.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import special

from training.causal import WeightedSample, group_means, ratio_if

__all__ = [
    "NC_END",
    "NC_START",
    "churn_bias",
    "counterfactual_share",
    "hazard_logit",
]

FloatArray = npt.NDArray[np.float64]

#: The negative control's window, in days before the workshop: [w − 360, w − 180). The
#: lagged design weights on the 180 days before the workshop, so the window before that is
#: an outcome neither design has balanced.
NC_START: Final = 360
NC_END: Final = 180
_NC_MONTHS: Final = (NC_START - NC_END) / 30.0
#: Haldane–Anscombe: ½ added to the events and to the non-events of each group.
_HALF: Final = 0.5


def hazard_logit(events: FloatArray, at_risk: FloatArray, months: float) -> FloatArray:
    """Logit of the monthly hazard whose ``months``-month risk is the empirical share
    (events + ½) / (at risk + 1) (Haldane 1956; Anscombe 1956)."""
    share = (events + _HALF) / (at_risk + 2 * _HALF)
    monthly = -np.expm1(np.log1p(-share) / months)
    return np.asarray(special.logit(monthly), dtype=np.float64)


def counterfactual_share(share: FloatArray, months: float, delta: FloatArray) -> FloatArray:
    """The ``months``-month risk whose monthly hazard is ``share``'s shifted by ``delta`` on
    the logit scale."""
    p = np.clip(share, 0.0, 1.0 - 1e-12)
    monthly = -np.expm1(np.log1p(-p) / months)
    with np.errstate(divide="ignore"):
        shifted = special.expit(special.logit(monthly) + delta)
    return np.asarray(-np.expm1(months * np.log1p(-shifted)), dtype=np.float64)


def churn_bias(
    sample: WeightedSample,
    att_control: FloatArray,
    cmp_control: FloatArray,
    att_post: FloatArray,
    cmp_post: FloatArray,
    checkpoint_days: int,
) -> tuple[FloatArray, FloatArray] | None:
    """(bias of logo churn and of gross MRR churn as fractions, their influence functions
    per row of ``sample`` (rows × 2)) from the negative control (module docstring).

    ``att_control`` / ``cmp_control``: window sums (:data:`~training.metrics.SUM_COLUMNS`)
    of the negative control's window per attendee / comparison account; ``att_post`` /
    ``cmp_post``: the post window's. None when either group has no account in the control
    window (young accounts only) or the post window is empty."""
    if checkpoint_days <= 0:
        return None

    # columns: control present, control upsold, post present, post lost, post start MRR,
    # post churned MRR
    def columns(control: FloatArray, post: FloatArray) -> FloatArray:
        present = control[:, 0]
        return np.column_stack(
            [present, control[:, 6] * present, post[:, 0], post[:, 5], post[:, 1], post[:, 4]]
        )

    va, vc = columns(att_control, att_post), columns(cmp_control, cmp_post)
    if not va[:, 0].any() or not (vc[:, 0] * sample.comparison_weight).any():
        return None
    means = group_means(sample, va, vc)
    n1 = float(len(sample.attending))
    months = checkpoint_days / 30.0

    def bias(mu: FloatArray) -> FloatArray:
        a, c = mu[..., :6], mu[..., 6:]
        # counts on the attendees' scale (the comparison weights sum to the attendees)
        delta = hazard_logit(a[..., 1] * n1, a[..., 0] * n1, _NC_MONTHS) - hazard_logit(
            c[..., 1] * n1, c[..., 0] * n1, _NC_MONTHS
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            logo = c[..., 3] / c[..., 2]
            gross = c[..., 5] / c[..., 4]
        out = np.stack(
            [
                counterfactual_share(logo, months, -delta) - logo,
                counterfactual_share(gross, months, -delta) - gross,
            ],
            axis=-1,
        )
        return np.asarray(out, dtype=np.float64)

    mu = np.concatenate([means.attending, means.comparison])
    influence = np.hstack([means.if_attending, means.if_comparison])
    value, infl = ratio_if(bias, mu, influence)
    if not np.isfinite(value).all():
        return None
    return np.asarray(value, dtype=np.float64), np.asarray(infl, dtype=np.float64)
