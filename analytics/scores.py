"""Scores and their confidence intervals: NPS/eNPS, CSAT, CES, and two-group comparisons.

Pure functions on counts or arrays; no database, no HTTP. Every result is a frozen
``msgspec.Struct`` that always carries ``n`` and an interval, so a dashboard never shows a
bare score.

Units used throughout:

* ``*_share`` fields are fractions in [0, 1];
* NPS values (``nps``, ``ci_low``, ``ci_high``, ``margin``, differences) are in NPS points,
  −100..100;
* CSAT and "easy" (CES) values are percentages, 0..100; differences between two proportions
  are in percentage points.

Empty input never raises: a result with ``n == 0``, ``None`` scores and a plain ``message``
is returned instead. Invalid input (negative counts, answers outside the scale) raises
``ValueError``, because that is a programming error rather than a data situation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import msgspec
import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

__all__ = [
    "LOW_N",
    "CesScore",
    "CsatScore",
    "NpsDifference",
    "NpsScore",
    "ProportionDifference",
    "ces_from_counts",
    "ces_from_scores",
    "compare_nps",
    "compare_proportions",
    "csat_from_counts",
    "csat_from_scores",
    "nps_adjusted_wald",
    "nps_from_counts",
    "nps_from_scores",
    "nps_interval",
    "wilson_interval",
    "z_value",
]

#: Below this many answers a score is flagged ``low_n`` (a 5-point move on 40 answers is noise).
LOW_N = 30


def z_value(confidence: float) -> float:
    """Two-sided standard-normal quantile for ``confidence`` (0.95 → 1.95996…)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def _check_count(name: str, value: int) -> int:
    if value < 0 or int(value) != value:
        raise ValueError(f"{name} must be a non-negative whole number, got {value!r}")
    return int(value)


def _low_n_message(n: int, min_n: int, what: str = "answers") -> str | None:
    if n == 0:
        return f"No {what} yet."
    if n < min_n:
        return (
            f"Only {n} {what}: the interval is wide, so read the score as indicative "
            f"(at least {min_n} recommended)."
        )
    return None


# ---------------------------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------------------------


class NpsScore(msgspec.Struct, frozen=True, kw_only=True):
    """An NPS (or eNPS) with its MOVER-Wilson score interval.

    ``nps`` is the plain point estimate (%promoters − %detractors); ``ci_low``/``ci_high``
    come from :func:`nps_interval`, which always contains ``nps`` (a lone detractor reads
    −100 with the interval [−100, +12], never an interval that excludes its own score) and
    is not symmetric near the ends of the scale. ``margin`` is half the interval's width,
    in points.
    """

    n: int
    promoters: int
    passives: int
    detractors: int
    promoter_share: float | None
    passive_share: float | None
    detractor_share: float | None
    nps: float | None
    ci_low: float | None
    ci_high: float | None
    margin: float | None
    confidence: float
    low_n: bool
    message: str | None = None


def nps_adjusted_wald(promoters: int, passives: int, detractors: int) -> tuple[float, float]:
    """Adjusted NPS (fraction, −1..1) and its variance, per Rocks (2016).

    Add 3 to n and ¾ to both the promoter and the detractor count; with the adjusted shares
    pP and pD: NPS_adj = pP − pD and var = (pP + pD − (pP − pD)²) / n_adj.
    """
    n_adj = promoters + passives + detractors + 3.0
    p_p = (promoters + 0.75) / n_adj
    p_d = (detractors + 0.75) / n_adj
    nps_adj = p_p - p_d
    var = (p_p + p_d - nps_adj**2) / n_adj
    return nps_adj, var


def nps_interval(
    promoters: int, passives: int, detractors: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Score interval for NPS (fractions, −1..1) by MOVER with Wilson limits.

    NPS is pP − pD, a difference of two shares of one multinomial sample. Each share gets
    its Wilson score interval (lP, uP), (lD, uD), and the difference's limits are recovered
    from them (MOVER, Zou & Donner 2008; Newcombe 1998 for the independent case), with the
    multinomial correlation r = −pP·pD / sqrt(pP(1 − pP)·pD(1 − pD)):

        low  = d − sqrt((pP − lP)² + (uD − pD)² − 2r(pP − lP)(uD − pD))
        high = d + sqrt((uP − pP)² + (pD − lD)² − 2r(uP − pP)(pD − lD))

    Wilson limits always contain their share, so the interval always contains the point
    NPS, even for 1, 2 or 3 answers, where the adjusted-Wald interval (Rocks 2016) can
    exclude it. Exact coverage over the multinomial is 95 % on average from n = 3 up
    (tests/analytics/test_scores.py enumerates it).
    """
    n = promoters + passives + detractors
    if n <= 0:
        raise ValueError("nps_interval needs at least one answer")
    p_p, p_d = promoters / n, detractors / n
    l_p, u_p = wilson_interval(promoters, n, confidence)
    l_d, u_d = wilson_interval(detractors, n, confidence)
    spread = p_p * (1.0 - p_p) * p_d * (1.0 - p_d)
    r = -p_p * p_d / math.sqrt(spread) if spread > 0 else 0.0
    d = p_p - p_d
    below = (p_p - l_p) ** 2 + (u_d - p_d) ** 2 - 2.0 * r * (p_p - l_p) * (u_d - p_d)
    above = (u_p - p_p) ** 2 + (p_d - l_d) ** 2 - 2.0 * r * (u_p - p_p) * (p_d - l_d)
    return max(-1.0, d - math.sqrt(max(0.0, below))), min(1.0, d + math.sqrt(max(0.0, above)))


def nps_from_counts(
    promoters: int,
    passives: int,
    detractors: int,
    confidence: float = 0.95,
    *,
    min_n: int = LOW_N,
) -> NpsScore:
    """NPS from band counts (promoters 9–10, passives 7–8, detractors 0–6).

    Point NPS = 100·(P − D)/n. Interval: :func:`nps_interval` (MOVER-Wilson), times 100;
    it always contains the point NPS. n == 0 gives ``nps=None`` and a message.
    """
    p = _check_count("promoters", promoters)
    pa = _check_count("passives", passives)
    d = _check_count("detractors", detractors)
    z_value(confidence)  # validates confidence before any early return
    n = p + pa + d
    if n == 0:
        return NpsScore(
            n=0,
            promoters=0,
            passives=0,
            detractors=0,
            promoter_share=None,
            passive_share=None,
            detractor_share=None,
            nps=None,
            ci_low=None,
            ci_high=None,
            margin=None,
            confidence=confidence,
            low_n=True,
            message="No answers yet: no score.",
        )
    low, high = nps_interval(p, pa, d, confidence)
    return NpsScore(
        n=n,
        promoters=p,
        passives=pa,
        detractors=d,
        promoter_share=p / n,
        passive_share=pa / n,
        detractor_share=d / n,
        nps=100.0 * (p - d) / n,
        ci_low=100.0 * low,
        ci_high=100.0 * high,
        margin=50.0 * (high - low),
        confidence=confidence,
        low_n=n < min_n,
        message=_low_n_message(n, min_n),
    )


def _as_answers(scores: ArrayLike, low: int, high: int, what: str) -> np.ndarray:
    """1-D integer answers with NaN/None dropped; raises on values off the scale."""
    arr = np.asarray(scores, dtype=float).ravel()
    arr = arr[~np.isnan(arr)]
    if arr.size and (np.any(arr < low) or np.any(arr > high) or np.any(arr != np.round(arr))):
        raise ValueError(f"{what} answers must be whole numbers from {low} to {high}")
    return arr.astype(np.int64)


def nps_from_scores(scores: ArrayLike, confidence: float = 0.95, *, min_n: int = LOW_N) -> NpsScore:
    """NPS from raw 0–10 answers (NaN = no answer, ignored)."""
    arr = _as_answers(scores, 0, 10, "NPS")
    return nps_from_counts(
        int(np.count_nonzero(arr >= 9)),
        int(np.count_nonzero((arr >= 7) & (arr <= 8))),
        int(np.count_nonzero(arr <= 6)),
        confidence,
        min_n=min_n,
    )


# ---------------------------------------------------------------------------------------------
# Proportions: Wilson, CSAT
# ---------------------------------------------------------------------------------------------


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as fractions (low, high).

    centre = (p̂ + z²/2n) / (1 + z²/n);
    half   = z/(1 + z²/n) · sqrt(p̂(1 − p̂)/n + z²/4n²).
    Raises ``ValueError`` when n == 0 (callers turn that into an empty result).
    """
    s = _check_count("successes", successes)
    n = _check_count("n", n)
    if n == 0:
        raise ValueError("wilson_interval needs n > 0")
    if s > n:
        raise ValueError(f"successes ({s}) cannot exceed n ({n})")
    z = z_value(confidence)
    p = s / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / denom
    half = z / denom * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


class CsatScore(msgspec.Struct, frozen=True, kw_only=True):
    """CSAT: percentage of satisfied answers (4–5 on a 1–5 scale) with a Wilson interval."""

    n: int
    satisfied: int
    csat: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    low_n: bool
    message: str | None = None


def csat_from_counts(
    satisfied: int, n: int, confidence: float = 0.95, *, min_n: int = LOW_N
) -> CsatScore:
    """CSAT from the number of satisfied answers (4 or 5) out of ``n`` answers, in %."""
    s = _check_count("satisfied", satisfied)
    n = _check_count("n", n)
    if s > n:
        raise ValueError(f"satisfied ({s}) cannot exceed n ({n})")
    if n == 0:
        return CsatScore(
            n=0,
            satisfied=0,
            csat=None,
            ci_low=None,
            ci_high=None,
            confidence=confidence,
            low_n=True,
            message="No answers yet: no score.",
        )
    low, high = wilson_interval(s, n, confidence)
    return CsatScore(
        n=n,
        satisfied=s,
        csat=100.0 * s / n,
        ci_low=100.0 * low,
        ci_high=100.0 * high,
        confidence=confidence,
        low_n=n < min_n,
        message=_low_n_message(n, min_n),
    )


def csat_from_scores(
    scores: ArrayLike,
    confidence: float = 0.95,
    *,
    scale_max: int = 5,
    satisfied_min: int = 4,
    min_n: int = LOW_N,
) -> CsatScore:
    """CSAT from raw 1..``scale_max`` answers; satisfied means ≥ ``satisfied_min``."""
    arr = _as_answers(scores, 1, scale_max, "CSAT")
    return csat_from_counts(
        int(np.count_nonzero(arr >= satisfied_min)), int(arr.size), confidence, min_n=min_n
    )


# ---------------------------------------------------------------------------------------------
# CES
# ---------------------------------------------------------------------------------------------


class CesScore(msgspec.Struct, frozen=True, kw_only=True):
    """Customer Effort Score on a 1..``scale_max`` scale.

    ``mean`` is on the raw answer scale with a t-based interval. Whether a high mean is good
    depends on ``higher_is_easier`` (True for the CES 2.0 agreement item "The company made it
    easy for me…", 7 = strongly agree = easiest). ``easy`` is the percentage of answers in
    the easy end of the scale (``easy_values``) with a Wilson interval; it reads the same way
    whichever direction the scale runs, so dashboards should prefer it.
    """

    n: int
    scale_max: int
    higher_is_easier: bool
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    easy_values: list[int]
    easy_count: int
    easy: float | None
    easy_ci_low: float | None
    easy_ci_high: float | None
    confidence: float
    low_n: bool
    message: str | None = None


def _easy_values(scale_max: int, higher_is_easier: bool, easy_boxes: int | None) -> list[int]:
    boxes = scale_max // 2 if easy_boxes is None else easy_boxes
    if not 1 <= boxes < scale_max:
        raise ValueError(f"easy_boxes must be between 1 and {scale_max - 1}, got {boxes}")
    if higher_is_easier:
        return list(range(scale_max - boxes + 1, scale_max + 1))
    return list(range(1, boxes + 1))


def ces_from_counts(
    counts: Sequence[int],
    confidence: float = 0.95,
    *,
    higher_is_easier: bool = True,
    easy_boxes: int | None = None,
    min_n: int = LOW_N,
) -> CesScore:
    """CES from answer counts: ``counts[k]`` answers gave the value ``k + 1``.

    The scale is 1..len(counts) (default use: 7 counts for CES 1–7). Default direction:
    ``higher_is_easier=True`` (7 = "very easy", the Gartner CES 2.0 agreement wording); pass
    False for the older 1 = "very low effort" wording. ``easy_boxes`` answers at the easy end
    count as "easy" (default ``scale_max // 2``: 5–7 on a 7-point scale, 4–5 on a 5-point one).
    Mean: sample mean with a Student-t interval (sample SD, n − 1 degrees of freedom).
    """
    c = np.array([_check_count("count", int(v)) for v in counts], dtype=np.int64)
    scale_max = int(c.size)
    if scale_max < 2:
        raise ValueError("a CES scale needs at least 2 points")
    easy_vals = _easy_values(scale_max, higher_is_easier, easy_boxes)
    n = int(c.sum())
    if n == 0:
        return CesScore(
            n=0,
            scale_max=scale_max,
            higher_is_easier=higher_is_easier,
            mean=None,
            sd=None,
            ci_low=None,
            ci_high=None,
            easy_values=easy_vals,
            easy_count=0,
            easy=None,
            easy_ci_low=None,
            easy_ci_high=None,
            confidence=confidence,
            low_n=True,
            message="No answers yet: no score.",
        )
    values = np.arange(1, scale_max + 1, dtype=float)
    mean = float((c * values).sum() / n)
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    if n >= 2:
        sd = float(math.sqrt((c * (values - mean) ** 2).sum() / (n - 1)))
        t = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1))
        half = t * sd / math.sqrt(n)
        ci_low, ci_high = max(1.0, mean - half), min(float(scale_max), mean + half)
    easy_count = int(c[[v - 1 for v in easy_vals]].sum())
    e_low, e_high = wilson_interval(easy_count, n, confidence)
    message = _low_n_message(n, min_n)
    if n == 1:
        message = "Only 1 answer: no interval for the mean."
    return CesScore(
        n=n,
        scale_max=scale_max,
        higher_is_easier=higher_is_easier,
        mean=mean,
        sd=sd,
        ci_low=ci_low,
        ci_high=ci_high,
        easy_values=easy_vals,
        easy_count=easy_count,
        easy=100.0 * easy_count / n,
        easy_ci_low=100.0 * e_low,
        easy_ci_high=100.0 * e_high,
        confidence=confidence,
        low_n=n < min_n,
        message=message,
    )


def ces_from_scores(
    scores: ArrayLike,
    confidence: float = 0.95,
    *,
    scale_max: int = 7,
    higher_is_easier: bool = True,
    easy_boxes: int | None = None,
    min_n: int = LOW_N,
) -> CesScore:
    """CES from raw 1..``scale_max`` answers (NaN ignored); see :func:`ces_from_counts`."""
    arr = _as_answers(scores, 1, scale_max, "CES")
    counts = np.bincount(arr, minlength=scale_max + 1)[1:]
    return ces_from_counts(
        [int(v) for v in counts],
        confidence,
        higher_is_easier=higher_is_easier,
        easy_boxes=easy_boxes,
        min_n=min_n,
    )


# ---------------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------------

NpsCounts = NpsScore | tuple[int, int, int]
"""An :class:`NpsScore` or a (promoters, passives, detractors) tuple."""


def _counts(x: NpsCounts) -> tuple[int, int, int]:
    if isinstance(x, NpsScore):
        return x.promoters, x.passives, x.detractors
    p, pa, d = x
    return (
        _check_count("promoters", p),
        _check_count("passives", pa),
        _check_count("detractors", d),
    )


class NpsDifference(msgspec.Struct, frozen=True, kw_only=True):
    """Change in NPS from group/period ``a`` to ``b`` (b − a), in NPS points.

    ``difference`` uses the plain point NPS of each side. The interval is Newcombe's
    method applied to the two sides' MOVER-Wilson intervals (:func:`nps_interval`), as
    independent samples: low = d − sqrt((b − l_b)² + (u_a − a)²), high = d + sqrt((u_b − b)²
    + (a − l_a)²), so it always contains the difference. ``z`` and ``p_value`` come from the
    adjusted-Wald estimates of both sides (Rocks 2016): z = d_adj / sqrt(var_a + var_b),
    two-sided normal p-value. ``significant`` needs both p < 1 − confidence and an interval
    that excludes 0, so the flag never contradicts the interval printed beside it.
    """

    n_a: int
    n_b: int
    nps_a: float | None
    nps_b: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    z: float | None
    p_value: float | None
    significant: bool
    confidence: float
    message: str | None = None


def compare_nps(a: NpsCounts, b: NpsCounts, confidence: float = 0.95) -> NpsDifference:
    """Compare two independent NPS samples (b − a); see :class:`NpsDifference`."""
    ca, cb = _counts(a), _counts(b)
    n_a, n_b = sum(ca), sum(cb)
    if n_a == 0 or n_b == 0:
        return NpsDifference(
            n_a=n_a,
            n_b=n_b,
            nps_a=100.0 * (ca[0] - ca[2]) / n_a if n_a else None,
            nps_b=100.0 * (cb[0] - cb[2]) / n_b if n_b else None,
            difference=None,
            ci_low=None,
            ci_high=None,
            z=None,
            p_value=None,
            significant=False,
            confidence=confidence,
            message="Cannot compare: one side has no answers.",
        )
    nps_a = 100.0 * (ca[0] - ca[2]) / n_a
    nps_b = 100.0 * (cb[0] - cb[2]) / n_b
    adj_a, var_a = nps_adjusted_wald(*ca)
    adj_b, var_b = nps_adjusted_wald(*cb)
    d_adj = adj_b - adj_a
    se = math.sqrt(var_a + var_b)
    z = d_adj / se
    p_value = float(2.0 * stats.norm.sf(abs(z)))
    l_a, u_a = nps_interval(*ca, confidence)
    l_b, u_b = nps_interval(*cb, confidence)
    f_a, f_b = nps_a / 100.0, nps_b / 100.0
    d = f_b - f_a
    low = max(-2.0, d - math.sqrt((f_b - l_b) ** 2 + (u_a - f_a) ** 2))
    high = min(2.0, d + math.sqrt((u_b - f_b) ** 2 + (f_a - l_a) ** 2))
    significant = p_value < 1.0 - confidence and not low <= 0.0 <= high
    diff = nps_b - nps_a
    if significant:
        message = (
            f"NPS {'rose' if diff > 0 else 'fell'} by {abs(diff):.1f} points; "
            f"the change is larger than chance would explain (p = {p_value:.3f})."
        )
    else:
        message = (
            f"NPS moved by {diff:+.1f} points, which is within the noise for these sample "
            f"sizes (n = {n_a} and {n_b}; p = {p_value:.2f})."
        )
    return NpsDifference(
        n_a=n_a,
        n_b=n_b,
        nps_a=nps_a,
        nps_b=nps_b,
        difference=diff,
        ci_low=100.0 * low,
        ci_high=100.0 * high,
        z=z,
        p_value=p_value,
        significant=significant,
        confidence=confidence,
        message=message,
    )


class ProportionDifference(msgspec.Struct, frozen=True, kw_only=True):
    """Difference of two independent proportions (b − a), in percentage points.

    Interval: Newcombe (1998) hybrid score interval ("method 10", built from the two Wilson
    intervals). Test: pooled two-proportion z test, two-sided. ``significant`` is p <
    1 − confidence; the Newcombe interval and the pooled test agree in nearly all cases, but
    on the boundary they can disagree — the p-value decides.
    """

    n_a: int
    n_b: int
    share_a: float | None
    share_b: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    z: float | None
    p_value: float | None
    significant: bool
    confidence: float
    method: str = "Newcombe hybrid score interval; pooled two-proportion z test"
    message: str | None = None


def compare_proportions(
    a: tuple[int, int], b: tuple[int, int], confidence: float = 0.95
) -> ProportionDifference:
    """Compare two proportions given as (successes, n) tuples, b − a; e.g. CSAT before/after."""
    s_a, n_a = _check_count("successes", a[0]), _check_count("n", a[1])
    s_b, n_b = _check_count("successes", b[0]), _check_count("n", b[1])
    if s_a > n_a or s_b > n_b:
        raise ValueError("successes cannot exceed n")
    if n_a == 0 or n_b == 0:
        return ProportionDifference(
            n_a=n_a,
            n_b=n_b,
            share_a=s_a / n_a if n_a else None,
            share_b=s_b / n_b if n_b else None,
            difference=None,
            ci_low=None,
            ci_high=None,
            z=None,
            p_value=None,
            significant=False,
            confidence=confidence,
            message="Cannot compare: one side has no answers.",
        )
    p_a, p_b = s_a / n_a, s_b / n_b
    l_a, u_a = wilson_interval(s_a, n_a, confidence)
    l_b, u_b = wilson_interval(s_b, n_b, confidence)
    d = p_b - p_a
    low = d - math.sqrt((p_b - l_b) ** 2 + (u_a - p_a) ** 2)
    high = d + math.sqrt((u_b - p_b) ** 2 + (p_a - l_a) ** 2)
    pooled = (s_a + s_b) / (n_a + n_b)
    se0 = math.sqrt(pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b))
    if se0 == 0.0:
        z = 0.0
        p_value = 1.0
    else:
        z = d / se0
        p_value = float(2.0 * stats.norm.sf(abs(z)))
    significant = p_value < 1.0 - confidence
    return ProportionDifference(
        n_a=n_a,
        n_b=n_b,
        share_a=p_a,
        share_b=p_b,
        difference=100.0 * d,
        ci_low=100.0 * low,
        ci_high=100.0 * high,
        z=z,
        p_value=p_value,
        significant=significant,
        confidence=confidence,
        message=(
            f"{'Significant' if significant else 'No significant'} change of "
            f"{100.0 * d:+.1f} percentage points (p = {p_value:.3f})."
        ),
    )
