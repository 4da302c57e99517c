"""Covariate balance of two groups: means and standardised mean differences (SMD).

SMD = (mean_att − mean_cmp) / sqrt((var_att + var_cmp) / 2) (Austin 2009, *Statistics in
Medicine* 28(25)). *Before* = all eligible attendees vs all eligible candidates,
unweighted; *after* = the attendees kept vs the weighted comparison group. Both SMDs use the
same denominator, the pooled standard deviation *before* weighting (population variances),
so a change in SMD is a change in the means only. |SMD| < 0.1 is the usual bar for good
balance. Missing values (NaN) are left out of each covariate's means.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import msgspec
import numpy as np
import numpy.typing as npt

__all__ = ["CovariateBalance", "balance_table", "standardized_mean_difference"]

FloatArray = npt.NDArray[np.float64]


class CovariateBalance(msgspec.Struct, frozen=True):
    """Balance of one covariate: group means and SMD before and after matching.

    ``smd_*`` is ``None`` when the covariate does not vary in either group (no scale).
    """

    covariate: str
    attending_before: float
    comparison_before: float
    smd_before: float | None
    attending_after: float
    comparison_after: float
    smd_after: float | None


def standardized_mean_difference(
    mean_attending: float, mean_comparison: float, var_attending: float, var_comparison: float
) -> float | None:
    """SMD = (mean_att − mean_cmp) / sqrt((var_att + var_cmp) / 2); ``None`` with no scale."""
    scale = math.sqrt((var_attending + var_comparison) / 2.0)
    diff = mean_attending - mean_comparison
    if scale <= 0 or not math.isfinite(scale):
        return 0.0 if diff == 0 else None
    return diff / scale


def _wmean_var(x: FloatArray, w: FloatArray | None) -> tuple[float, float]:
    keep = np.isfinite(x)
    if not keep.all():
        x = x[keep]
        w = None if w is None else w[keep]
    if len(x) == 0:
        return math.nan, math.nan
    if w is None:
        return float(x.mean()), float(x.var())
    total = float(w.sum())
    if total <= 0:
        return math.nan, math.nan
    mean = float(w @ x) / total
    return mean, float(w @ (x - mean) ** 2) / total


def balance_table(
    names: Iterable[str],
    attending_before: FloatArray,
    comparison_before: FloatArray,
    attending_after: FloatArray,
    comparison_after: FloatArray,
    comparison_weight_after: FloatArray,
) -> tuple[CovariateBalance, ...]:
    """Balance rows for covariate matrices (accounts × covariates), see the module docstring."""
    rows: list[CovariateBalance] = []
    for j, name in enumerate(names):
        ma, va = _wmean_var(attending_before[:, j], None)
        mc, vc = _wmean_var(comparison_before[:, j], None)
        ma2, _ = _wmean_var(attending_after[:, j], None)
        mc2, _ = _wmean_var(comparison_after[:, j], comparison_weight_after)
        smd_before = standardized_mean_difference(ma, mc, va, vc)
        scale = math.sqrt((va + vc) / 2.0) if math.isfinite(va + vc) else math.nan
        if math.isfinite(ma2) and math.isfinite(mc2) and scale > 0:
            smd_after: float | None = (ma2 - mc2) / scale
        elif math.isfinite(ma2) and math.isfinite(mc2) and ma2 == mc2:
            smd_after = 0.0
        else:
            smd_after = None
        if smd_after is not None and abs(smd_after) < 1e-12:
            smd_after = 0.0  # exact balance up to floating-point noise
        rows.append(
            CovariateBalance(
                covariate=name,
                attending_before=ma,
                comparison_before=mc,
                smd_before=smd_before,
                attending_after=ma2,
                comparison_after=mc2,
                smd_after=smd_after,
            )
        )
    return tuple(rows)
