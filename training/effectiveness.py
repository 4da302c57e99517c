"""Workshop effectiveness at a checkpoint: weighted difference-in-differences with diagnostics.

This is the pure-computation core (numpy arrays in, frozen msgspec structs out; no
database, no HTTP). The service layer loads rows, builds an :class:`AccountFrame`, an
:class:`EventFrame` and a :class:`~training.causal.HealthFrame` and calls
:func:`evaluate_checkpoint` (one checkpoint) or :func:`evaluate_workshop` (several
checkpoints, one weighting).

Method
------
* **Groups.** Attending accounts vs the non-attending accounts, weighted by the propensity
  score to look like the attendees on *pre-treatment* covariates (tier, MRR, tenure, health
  score at the workshop, its 3-month average and 90-day trend): inverse-probability
  weighting for the effect on the treated (Abadie 2005; Sant'Anna & Zhao 2020), see
  :mod:`training.causal`. Accounts that attended other workshops in the window are
  excluded; attendees without a comparable account (overlap) are reported and left out.
* **Two designs, bracketed.** The weighting above, and the same weighting plus each
  account's upsell in the 180 days before the workshop (the lagged outcome). The first is
  right when attendees differ in a lasting way, the second when they were picked on recent
  upsell that would have carried on; the truth lies between them (Ding & Li 2019), so every
  effect is their midpoint and its interval Imbens & Manski's for a parameter between the
  two (:func:`_combine`), with a ``designs_disagree`` notice when they differ beyond noise
  (:func:`_bracket`). Churn, a
  post-window comparison with no pre/post difference to protect, comes from the second
  design alone (prior upsell, downgrade and MRR path are the health traces the CRM keeps),
  bracketed the same way between that comparison and the one corrected by a
  negative-control outcome, the upsell 360 to 180 days before the workshop
  (:mod:`training.negative_control`): what a hidden trait leaves in churn is a bias, which
  no standard error can cover.
* **Windows.** At checkpoint *k* days: post window ``[workshop, workshop + k)`` and pre
  window ``[workshop − k, workshop)``. Metrics per group and window follow
  :mod:`training.metrics` (ratios of sums), weighted for the comparison group.
* **Designs.**

  - Expansion, contraction, NRR, GRR, expansion MRR: **difference-in-differences**
    ``(post_att − pre_att) − (post_cmp − pre_cmp)`` (percentage points, or money).
  - Logo churn and gross MRR churn: the **post-window risk difference**
    ``post_att − post_cmp`` among accounts alive on the workshop day. A pre/post difference
    means nothing here: every analysed account survived the pre window by definition.
  - **Health score as an early outcome**: DiD of the health score, i.e. the weighted
    difference of each account's change from its latest score before the workshop to its
    latest score in the post window (points). At +7 or +30 days churn is rarely
    observable but health moves.

* **Intervals**: 95 % intervals from influence functions that include the estimation of
  the propensity score (:func:`training.causal.group_means`), ratio metrics by the delta
  method. Small samples: the critical value is Student's t with (attendees − 1) degrees
  of freedom (each account is one observation, however many of its people attended), and
  each metric's attendees' part is no less uncertain than its count of accounts with an
  event allows (an Agresti–Coull floor on logo churn and expansion share, carried to the
  MRR rates through the amount per event, :func:`_count_floors`): with a handful of
  attendees and no upsell in either window the influence function alone reads as
  certainty. The ROI interval uses ``n_boot`` Gaussian multiplier-bootstrap
  draws of (churn MRR avoided, expansion MRR), whose covariance is the influence
  functions' (Sant'Anna & Zhao's multiplier bootstrap with normal multipliers, drawn in
  closed form).
* **Diagnostics**: balance (SMD before/after for every covariate), overlap (share of
  attendees without a comparable account), a **placebo DiD** on the earlier window pair
  ``[w − 2k, w − k)`` → ``[w − k, w)`` with the same weights (no effect can exist there:
  a placebo whose interval excludes 0 and that is at least 1 point away from it fails),
  and **E-values** (VanderWeele & Ding 2017) of the expansion, churn and health effects:
  how strongly (risk-ratio scale) a hidden confounder would have to drive both attendance
  and the outcome to explain the estimate (and its interval's near end) away.
* **Support.** When the data cannot support a verdict — fewer than ``min_group_size``
  attendees or effective comparison accounts, more than 10 % of the attendees without a
  comparable account, or a failed placebo — ``support`` is "unsupported", the reasons are
  listed, and every verdict says "cannot support a verdict" instead of a number.
* **Verdict** per metric, in English and Japanese: "no detectable effect yet" when the CI
  covers 0, else e.g. "expansion +6.1 pts (95% CI 1.2–11.0)". An effect whose interval no
  longer excludes 0 once a modest hidden confounder (risk ratio 1.5 with both attending
  and the outcome) is allowed for — shares and rates on the risk-ratio scale; NRR, GRR,
  expansion MRR per account and the health score through their standardised difference —
  is shown with "not conclusive" and why, and is not counted as detected. Nor is one that
  survives that confounder alone but not once the checkpoint's outcomes are judged
  together (a Holm-type graphical procedure on the sensitivity p-values, :func:`_jointly_judged`,
  :mod:`training.sensitivity`) at this checkpoint's share of 5 % over the workshop's
  checkpoints (α-spending across repeated looks, :func:`training.multiplicity.look_alpha`).
* **ROI** (optional, with :class:`~training.roi.WorkshopCosts`): see :mod:`training.roi`;
  the monthly benefit = −(churn risk difference in gross MRR churn) × attendees' start MRR
  + DiD(expansion MRR rate) × attendees' start MRR.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

import msgspec
import numpy as np
import numpy.typing as npt
from scipy import special

from app.amounts import money_text
from training.balance import CovariateBalance
from training.causal import (
    GroupMeans,
    HealthFrame,
    Overlap,
    WeightedSample,
    account_covariates,
    e_value,
    group_means,
    health_at,
    health_change,
    ratio_if,
    weight_accounts,
)
from training.metrics import (
    METRICS,
    N_SUMS,
    AccountFrame,
    EventFrame,
    MetricDef,
    WindowAggregates,
    WindowMetrics,
    aggregate_window,
    from_day,
    metrics_from_sums,
    mrr_at,
    summarize_sums,
    to_day,
    window_values,
)
from training.multiplicity import graphical_adjusted, look_alpha, outcome_graph
from training.negative_control import NC_END, NC_START, churn_bias
from training.roi import RoiResult, WorkshopCosts, money_places, workshop_roi
from training.sensitivity import (
    MODEST_CONFOUNDER_RR,
    e_value_standardised,
    risk_difference_bounds,
    sensitivity_p,
    standardised_bounds,
)
from training.voice import VoiceFrame

__all__ = [
    "CANNOT_SUPPORT_EN",
    "CANNOT_SUPPORT_JA",
    "HEALTH_METRIC",
    "LOOKBACK_DAYS",
    "NOT_JOINT_EN",
    "NOT_JOINT_JA",
    "NOT_MEASURABLE_EN",
    "NOT_MEASURABLE_JA",
    "NOT_ROBUST_EN",
    "NOT_ROBUST_JA",
    "NO_EFFECT_EN",
    "NO_EFFECT_JA",
    "CheckpointEffect",
    "DidEstimate",
    "Notice",
    "did_from_sums",
    "evaluate_checkpoint",
    "evaluate_workshop",
    "format_verdict",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

NO_EFFECT_EN: Final = "no detectable effect yet"
NO_EFFECT_JA: Final = "まだ効果は検出されていません"
NOT_MEASURABLE_EN: Final = "not measurable yet"
NOT_MEASURABLE_JA: Final = "まだ測定できません"
CANNOT_SUPPORT_EN: Final = "the data cannot support a verdict"
CANNOT_SUPPORT_JA: Final = "データが判定を裏付けられません"
#: Appended to a verdict whose interval excludes 0 but not once a modest hidden
#: confounder is allowed for (:mod:`training.sensitivity`).
NOT_ROBUST_EN: Final = (
    ", not conclusive: a hidden difference between attendees and the others "
    "(risk ratio {rr} with both attending and the outcome) could explain it"
)
NOT_ROBUST_JA: Final = (
    "。ただし結論は出せません：参加と結果の両方にリスク比{rr}で関わる"
    "隠れた違いがあれば、この差は説明できてしまいます"
)
#: Appended to a verdict whose interval allowing for a modest hidden confounder excludes 0
#: but that does not hold once the checkpoint's outcomes are judged together (Holm).
NOT_JOINT_EN: Final = (
    ", not conclusive: judged together with the other {others} outcomes of this checkpoint "
    "(Holm) at this checkpoint's share of the error rate over the workshop's checkpoints "
    "({share} of {total}), chance or a modest hidden difference between attendees and the "
    "others could explain it"
)
NOT_JOINT_JA: Final = (
    "。ただし結論は出せません：この時点の他の{others}指標と合わせて判定すると（ホルム法、"
    "全チェックポイントの誤り率{total}のうちこの時点の配分{share}）、"
    "偶然または参加者と他のアカウントの小さな隠れた違いで説明できてしまいます"
)
#: Metrics with a sensitivity analysis on the risk-ratio scale: shares and rates, whose
#: risk ratio against the attendees' baseline is meaningful.
SENSITIVITY_METRICS: Final = frozenset(
    {"logo_churn", "gross_mrr_churn", "expansion_share", "expansion_rate", "contraction_rate"}
)
#: Continuous DiD outcomes whose sensitivity analysis goes through the standardised
#: difference (the SD of each account's linearised change), like the health score's.
STANDARDISED_METRICS: Final = frozenset({"nrr", "grr", "expansion_mrr_per_account"})
MIN_GROUP_SIZE: Final = 30
#: Accounts that attended another workshop this many days before (or during the horizon
#: after) a workshop are not comparison candidates.
LOOKBACK_DAYS: Final = 180
#: More attendees than this share without a comparable account: no verdict.
MAX_SHARE_WITHOUT_SUPPORT: Final = 0.10
#: A placebo this far from 0 (points) with an interval excluding 0 fails.
PLACEBO_TOLERANCE: Final = 1.0
_Z: Final = {0.9: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}
_KEYS: Final = [d.key for d in METRICS]
_GROSS_CHURN: Final = _KEYS.index("gross_mrr_churn")
_EXPANSION_RATE: Final = _KEYS.index("expansion_rate")
_EXPANSION_SHARE: Final = _KEYS.index("expansion_share")
_LOGO_CHURN: Final = _KEYS.index("logo_churn")
#: Metrics compared after the workshop only (risk difference among accounts alive at it).
POST_ONLY: Final = frozenset({"logo_churn", "gross_mrr_churn"})
_POST_START_MRR: Final = N_SUMS + 1
#: Column of :func:`training.negative_control.churn_bias` per post-window metric.
_NC_COLUMN: Final = {"logo_churn": 0, "gross_mrr_churn": 1}
HEALTH_METRIC: Final = MetricDef("health", "health score", "ヘルススコア", "points", "higher")


class Notice(msgspec.Struct, frozen=True):
    """A warning or remark for the report, with a stable code."""

    code: str
    en: str
    ja: str


class DidEstimate(msgspec.Struct, frozen=True, kw_only=True):
    """Effect on one metric at one checkpoint.

    Group values are the metric in percent (``unit`` "pts"), money (``unit`` the currency,
    or "money") or health points (``unit`` "points"); ``did`` and its CI are in the same
    units. ``design`` is "did" (difference-in-differences) or "post" (post-window risk
    difference; the pre values are then informative only). ``se`` is the standard error;
    ``e_value`` / ``e_value_ci`` the E-values of the estimate and of the interval's end
    nearest to no effect (1 = explained away by any confounding). ``None`` = not measurable.
    ``attending_post_low``/``_high`` and ``comparison_post_low``/``_high``: each group's
    post-window value with its normal interval from the same influence functions (the
    comparison group's includes the estimated propensity score), centred on the value; the
    report draws them as the bands of its timeline chart.

    Sensitivity to a hidden confounder (:mod:`training.sensitivity`): ``baseline`` is the
    attendees' value without the workshop (the comparison group's post value for "post",
    the attendees' pre value plus the comparison group's change for "did"), ``outcome_sd``
    the health change's SD; ``sensitivity_low``/``_high`` the interval allowing for a hidden
    confounder with risk ratio ``sensitivity_rr`` with both attending and the outcome, and
    ``robust`` whether it excludes no effect (None: no sensitivity analysis for this
    metric). ``outcome_sd`` is also set for NRR, GRR and expansion MRR per account (the SD
    of the comparison accounts' linearised change, in the metric's units).

    Joint judgement (:func:`_jointly_judged`): ``p_sensitivity`` is the two-sided p-value of
    no effect allowing for that confounder (:func:`training.sensitivity.sensitivity_p`),
    ``p_holm`` its adjusted value across the ``family_size`` outcomes of the checkpoint
    (Holm-type graphical procedure, :mod:`training.multiplicity`). ``detectable`` (the
    verdict claims an effect) is ``p_holm ≤ 1 − ci_level``
    on a supported checkpoint: the interval, robustness and the other outcomes together.
    """

    metric: str
    label_en: str
    label_ja: str
    unit: str
    better: str
    attending_pre: float | None
    attending_post: float | None
    comparison_pre: float | None
    comparison_post: float | None
    did: float | None
    ci_low: float | None
    ci_high: float | None
    detectable: bool
    verdict_en: str
    verdict_ja: str
    design: str = "did"
    se: float | None = None
    n: int | None = None
    e_value: float | None = None
    e_value_ci: float | None = None
    attending_post_low: float | None = None
    attending_post_high: float | None = None
    comparison_post_low: float | None = None
    comparison_post_high: float | None = None
    baseline: float | None = None
    outcome_sd: float | None = None
    robust: bool | None = None
    sensitivity_low: float | None = None
    sensitivity_high: float | None = None
    sensitivity_rr: float | None = None
    p_sensitivity: float | None = None
    p_holm: float | None = None
    family_size: int | None = None


class CheckpointEffect(msgspec.Struct, frozen=True, kw_only=True):
    """Effectiveness of one workshop at one checkpoint (``status``: "ok", "no_data" or
    "not_measurable"). Counts are accounts; ``comparison_effective_n`` is Kish's ESS.

    ``support`` is "supported" or "unsupported" (``support_reasons`` say why: then no
    verdict is given). ``n_strata`` is 0: the comparison group is weighted, not stratified
    (the field stays for stored snapshots). ``health`` is the health-score effect (None
    without health scores); ``placebo`` the placebo DiDs on the earlier windows.
    """

    workshop_date: date
    checkpoint_days: int
    status: str
    reason: str
    currency: str | None
    pre_window: tuple[date, date]
    post_window: tuple[date, date]
    n_attending: int
    n_comparison: int
    comparison_effective_n: float
    n_candidates: int
    n_strata: int
    n_unmatched: int
    unmatched_account_ids: tuple[int, ...]
    n_ineligible: int
    ineligible_account_ids: tuple[int, ...]
    balance: tuple[CovariateBalance, ...]
    attending_pre: WindowMetrics | None
    attending_post: WindowMetrics | None
    comparison_pre: WindowMetrics | None
    comparison_post: WindowMetrics | None
    estimates: tuple[DidEstimate, ...]
    churn_mrr_avoided_per_month: float | None
    churn_mrr_avoided_ci: tuple[float, float] | None
    expansion_mrr_per_month: float | None
    expansion_mrr_ci: tuple[float, float] | None
    roi: RoiResult | None
    n_boot: int
    seed: int
    ci_level: float
    notices: tuple[Notice, ...]
    method: str = "ipw_did"
    support: str = "supported"
    support_reasons: tuple[Notice, ...] = ()
    overlap: Overlap | None = None
    #: the level this checkpoint's claims are judged at: its share of 1 − ``ci_level`` over
    #: the workshop's checkpoints (:func:`training.multiplicity.look_alpha`)
    claim_alpha: float | None = None
    health: DidEstimate | None = None
    placebo: tuple[DidEstimate, ...] = ()
    n_other_workshop: int = 0
    other_workshop_account_ids: tuple[int, ...] = ()

    def estimate(self, metric: str) -> DidEstimate:
        """The estimate of one metric by key (e.g. "nrr", "expansion_share")."""
        for est in self.estimates:
            if est.metric == metric:
                return est
        raise KeyError(metric)


@dataclass(frozen=True, eq=False)
class _Options:
    """The caller's options of one evaluation, shared by both comparison designs, with the
    look-ups both designs need computed once (window aggregates, health changes)."""

    health: HealthFrame | None
    as_of: date | int | None
    n_boot: int
    seed: int
    ci_level: float
    costs: WorkshopCosts | None
    horizon_months: int
    currency: str | None
    min_group_size: int
    windows: dict[tuple[int, int], WindowAggregates] = field(default_factory=dict)
    health_changes: dict[tuple[int, int], FloatArray] = field(default_factory=dict)

    def health_before(self, n_accounts: int, day: int) -> FloatArray:
        """Each account's latest score before ``day`` (:func:`~training.causal.health_at`)."""
        if (day, day) not in self.health_changes:
            self.health_changes[(day, day)] = health_at(self.health, n_accounts, day)[0]
        return self.health_changes[(day, day)]

    def health_change(self, n_accounts: int, start: int, end: int) -> FloatArray:
        """:func:`~training.causal.health_change`, once per window."""
        if (start, end) not in self.health_changes:
            self.health_changes[(start, end)] = health_change(self.health, n_accounts, start, end)
        return self.health_changes[(start, end)]


# --------------------------------------------------------------------------- sums


def did_from_sums(
    attending_sums: npt.ArrayLike, comparison_sums: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """(metric values, DiD) from sums over [pre window | post window] columns.

    Input last axis: 2 × :data:`~training.metrics.N_SUMS` (pre then post). Output: metric
    values with last axis (4 × len(METRICS)) = att_pre, att_post, cmp_pre, cmp_post, and
    DiD with last axis len(METRICS); fractions, not percent.
    """
    a = np.asarray(attending_sums, dtype=np.float64)
    c = np.asarray(comparison_sums, dtype=np.float64)
    att_pre = metrics_from_sums(a[..., :N_SUMS])
    att_post = metrics_from_sums(a[..., N_SUMS:])
    cmp_pre = metrics_from_sums(c[..., :N_SUMS])
    cmp_post = metrics_from_sums(c[..., N_SUMS:])
    did = (att_post - att_pre) - (cmp_post - cmp_pre)
    return np.concatenate([att_pre, att_post, cmp_pre, cmp_post], axis=-1), did


# --------------------------------------------------------------------------- verdicts

_MINUS: Final = "\u2212"


def _number(value: float, places: int, *, sign: bool) -> str:
    rounded = round(value, places)
    if rounded == 0:
        rounded = 0.0
    text = f"{abs(rounded):,.{places}f}"
    if rounded < 0:
        return _MINUS + text
    return ("+" + text) if sign and rounded > 0 else text


def _percent(share: float) -> str:
    """0.0184 → "1.84%", 0.05 → "5%"."""
    return f"{100 * share:.3g}%"


def format_verdict(
    metric: MetricDef,
    did: float | None,
    ci: tuple[float, float] | None,
    *,
    ci_level: float = 0.95,
    currency: str | None = None,
    robust: bool | None = None,
    joint: bool | None = None,
    family_size: int = 1,
    claim_alpha: float | None = None,
) -> tuple[str, str]:
    """(English, Japanese) verdict for one DiD estimate (rates already in points).

    "no detectable effect yet" when there is no interval or it covers 0; otherwise e.g.
    "expansion +6.1 pts (95% CI 1.2–11.0)" or "logo churn −3.0 pts (95% CI −5.5 to −0.4)".
    ``robust`` False (a modest hidden confounder could explain it, :mod:`training.sensitivity`)
    adds that the figure is not conclusive, and why; so does ``joint`` False (it does not
    hold once the checkpoint's ``family_size`` outcomes are judged together, Holm, at the
    checkpoint's level ``claim_alpha`` of the plan's 1 − ``ci_level``).
    """
    if did is None or not math.isfinite(did):
        return NOT_MEASURABLE_EN, NOT_MEASURABLE_JA
    if ci is None or ci[0] <= 0.0 <= ci[1]:
        return NO_EFFECT_EN, NO_EFFECT_JA
    pct = f"{round(ci_level * 100):d}%"
    if metric.unit == "money":
        places = money_places(currency)
        unit_en = f" {currency}" if currency else ""
        unit_ja = unit_en
    else:
        places = 1
        unit_en = " pts"
        unit_ja = "ポイント"
    value = _number(did, places, sign=True)
    lo = _number(ci[0], places, sign=False)
    hi = _number(ci[1], places, sign=False)
    range_en = f"{lo}–{hi}" if ci[0] >= 0 else f"{lo} to {hi}"
    en = f"{metric.label_en} {value}{unit_en} ({pct} CI {range_en})"
    if metric.unit == "money" and currency:
        # a Japanese reader writes the amount ￥12,000, not 12,000 JPY
        value = money_text(did, currency, "ja", places, sign=True)
        lo = money_text(ci[0], currency, "ja", places)
        hi = money_text(ci[1], currency, "ja", places)
        unit_ja = ""
    ja = f"{metric.label_ja} {value}{unit_ja}（{pct}信頼区間 {lo}〜{hi}）"
    if robust is False:
        rr = f"{MODEST_CONFOUNDER_RR:g}"
        en += NOT_ROBUST_EN.format(rr=rr)
        ja += NOT_ROBUST_JA.format(rr=rr)
    elif joint is False:
        others = max(family_size - 1, 1)
        total = 1.0 - ci_level
        share = _percent(total if claim_alpha is None else claim_alpha)
        en += NOT_JOINT_EN.format(others=others, share=share, total=_percent(total))
        ja += NOT_JOINT_JA.format(others=others, share=share, total=_percent(total))
    return en, ja


# --------------------------------------------------------------------------- evaluation


def _empty_estimates(verdict: tuple[str, str], currency: str | None) -> tuple[DidEstimate, ...]:
    return tuple(
        DidEstimate(
            metric=d.key,
            label_en=d.label_en,
            label_ja=d.label_ja,
            unit=(currency or "money") if d.unit == "money" else "pts",
            better=d.better,
            attending_pre=None,
            attending_post=None,
            comparison_pre=None,
            comparison_post=None,
            did=None,
            ci_low=None,
            ci_high=None,
            detectable=False,
            verdict_en=verdict[0],
            verdict_ja=verdict[1],
            design="post" if d.key in POST_ONLY else "did",
        )
        for d in METRICS
    )


def _opt(value: float, scale: float = 1.0) -> float | None:
    return float(value) * scale if math.isfinite(value) else None


def _ids(accounts: AccountFrame, idx: IntArray) -> tuple[int, ...]:
    return tuple(int(v) for v in accounts.ids[idx].tolist())


def _z(level: float, n_attending: int | None = None) -> float:
    """Two-sided critical value at ``level``: Student's t with n − 1 degrees of freedom for
    ``n_attending`` attendees (the effect is a mean over them, each account one cluster:
    several people from one account are one observation), the normal one without. At 300
    attendees t is 0.3 % wider than the normal value, at 10 attendees 15 %: the
    influence-function variance is a plug-in estimate and understates the spread of a mean
    over a handful of accounts (small-sample intervals)."""
    if n_attending is not None and n_attending >= 2:
        return float(special.stdtrit(n_attending - 1, 0.5 + level / 2))
    return _Z.get(round(level, 6)) or float(special.ndtri(0.5 + level / 2))


def _df(n_attending: int) -> int | None:
    """Degrees of freedom of :func:`_z` (None: normal)."""
    return n_attending - 1 if n_attending >= 2 else None


def _sample_notices(sample: WeightedSample, min_group_size: int) -> list[Notice]:
    notices: list[Notice] = []
    n_att = len(sample.attending)
    ess = sample.comparison_effective_n
    if n_att < min_group_size:
        notices.append(
            Notice(
                "small_sample",
                f"Only {n_att} attending accounts (fewer than {min_group_size}): "
                "estimates are imprecise.",
                f"参加アカウントが{n_att}件しかありません（{min_group_size}件未満）。推定の精度は低いです。",
            )
        )
    if ess < min_group_size:
        notices.append(
            Notice(
                "small_sample",
                f"The weighted comparison group counts as only {ess:.0f} accounts (fewer than "
                f"{min_group_size}): estimates are imprecise.",
                f"重み付き比較グループの実効件数は{ess:.0f}件しかありません（{min_group_size}件未満）。"
                "推定の精度は低いです。",
            )
        )
    if len(sample.unmatched):
        k = len(sample.unmatched)
        share = sample.overlap.share_without_support * 100
        notices.append(
            Notice(
                "unmatched_attendees",
                f"{k} attending account(s) ({share:.0f}%) had no comparable non-attending "
                "account (propensity score outside the others' range) and were left out.",
                f"比較できる非参加アカウントがない参加アカウント{k}件（{share:.0f}%）を分析から除外しました。",
            )
        )
    if len(sample.other_workshop):
        k = len(sample.other_workshop)
        notices.append(
            Notice(
                "other_workshop_attendees",
                f"{k} attending account(s) also attended another workshop in the analysis "
                "window and were left out: their results carry that workshop's effect too, "
                "so the estimate is this workshop's own effect on the other attendees.",
                f"分析期間内に別の研修にも参加した参加アカウント{k}件を除外しました"
                "（その研修の効果も含まれるため）。推定値は残りの参加アカウントに対する"
                "この研修自体の効果です。",
            )
        )
    if len(sample.ineligible):
        k = len(sample.ineligible)
        notices.append(
            Notice(
                "ineligible_attendees",
                f"{k} attending account(s) had no MRR on the workshop day and were left out.",
                f"研修日にMRRがなかった参加アカウント{k}件を分析から除外しました。",
            )
        )
    worst = max((abs(b.smd_after) for b in sample.balance if b.smd_after is not None), default=0.0)
    if worst > 0.1:
        notices.append(
            Notice(
                "imbalance",
                "Covariate balance after weighting is imperfect "
                f"(largest |SMD| {worst:.2f} > 0.1).",
                f"重み付け後も共変量の偏りが残っています（最大|SMD| {worst:.2f} > 0.1）。",
            )
        )
    return notices


def _support_reasons(sample: WeightedSample, min_group_size: int) -> list[Notice]:
    reasons: list[Notice] = []
    n_att = len(sample.attending)
    if n_att < min_group_size:
        reasons.append(
            Notice(
                "few_attendees",
                f"Too few attending accounts to compare ({n_att} < {min_group_size}).",
                f"比較できる参加アカウントが少なすぎます（{n_att}件 < {min_group_size}件）。",
            )
        )
    elif sample.comparison_effective_n < min_group_size:
        ess = sample.comparison_effective_n
        reasons.append(
            Notice(
                "few_comparable",
                f"Too few comparable non-attending accounts (effective {ess:.0f} < "
                f"{min_group_size}).",
                f"比較できる非参加アカウントが少なすぎます"
                f"（実効{ess:.0f}件 < {min_group_size}件）。",
            )
        )
    share = sample.overlap.share_without_support
    if share > MAX_SHARE_WITHOUT_SUPPORT:
        reasons.append(
            Notice(
                "poor_overlap",
                f"Poor overlap: {share * 100:.0f}% of the attending accounts have no comparable "
                f"non-attending account (more than {MAX_SHARE_WITHOUT_SUPPORT * 100:.0f}%).",
                f"重なり不足：参加アカウントの{share * 100:.0f}%に"
                "比較できる非参加アカウントがありません"
                f"（{MAX_SHARE_WITHOUT_SUPPORT * 100:.0f}%超）。",
            )
        )
    return reasons


def _metric_fn(v: FloatArray) -> FloatArray:
    """Metrics of the pre and post windows from window sums (or means) [pre | post]."""
    return np.concatenate(
        [metrics_from_sums(v[..., :N_SUMS]), metrics_from_sums(v[..., N_SUMS:])], axis=-1
    )


class _Contrast(msgspec.Struct, frozen=True):
    """Group values (fractions/money) and influence functions of both windows' metrics."""

    att: FloatArray
    cmp: FloatArray
    if_att: FloatArray
    if_cmp: FloatArray


def _contrast(means: GroupMeans) -> _Contrast:
    att, if_att = ratio_if(_metric_fn, means.attending, means.if_attending)
    cmp_, if_cmp = ratio_if(_metric_fn, means.comparison, means.if_comparison)
    return _Contrast(att, cmp_, if_att, if_cmp)


def _effect(c: _Contrast, j: int, post_only: bool, n_rows: int) -> tuple[float, float]:
    """(estimate, standard error) of metric ``j`` (fractions/money)."""
    est, se, _ = _effect_if(c, j, post_only, n_rows)
    return est, se


def _effect_if(
    c: _Contrast, j: int, post_only: bool, n_rows: int
) -> tuple[float, float, FloatArray]:
    """(estimate, standard error, influence function per row) of metric ``j``."""
    m = len(METRICS)
    if post_only:
        est = c.att[m + j] - c.cmp[m + j]
        infl = c.if_att[:, m + j] - c.if_cmp[:, m + j]
    else:
        est = (c.att[m + j] - c.att[j]) - (c.cmp[m + j] - c.cmp[j])
        infl = (c.if_att[:, m + j] - c.if_att[:, j]) - (c.if_cmp[:, m + j] - c.if_cmp[:, j])
    se = math.sqrt(float(infl @ infl)) / n_rows if n_rows else math.nan
    return float(est), se, infl


def _judged(est: DidEstimate, d: MetricDef, ci_level: float, currency: str | None) -> DidEstimate:
    """``est`` with its E-values, its interval allowing for a modest hidden confounder, and
    the verdict that claims an effect only when that interval excludes no effect
    (:mod:`training.sensitivity`). Estimates without a baseline or SD are returned as they
    are."""
    if est.did is None or est.ci_low is None or est.ci_high is None:
        return est
    lo, hi = est.ci_low, est.ci_high
    near = 0.0 if lo <= 0.0 <= hi else (lo if lo > 0 else hi)
    if est.baseline is not None and est.baseline > 0:
        b = est.baseline
        e_point = e_value(max(b + est.did, 1e-9) / b)
        e_near = e_value(max(b + near, 1e-9) / b)
        bounds = risk_difference_bounds(b, lo, hi)
    elif est.outcome_sd is not None and est.outcome_sd > 0:
        sd = est.outcome_sd
        e_point = e_value_standardised(est.did, sd)
        e_near = e_value_standardised(near, sd)
        bounds = standardised_bounds(sd, lo, hi)
    else:
        return est
    if bounds is None:
        return msgspec.structs.replace(est, e_value=e_point, e_value_ci=e_near)
    robust = not (bounds[0] <= 0.0 <= bounds[1])
    covers = lo <= 0.0 <= hi
    en, ja = format_verdict(
        d, est.did, (lo, hi), ci_level=ci_level, currency=currency, robust=robust
    )
    return msgspec.structs.replace(
        est,
        e_value=e_point,
        e_value_ci=e_near,
        robust=robust,
        sensitivity_low=bounds[0],
        sensitivity_high=bounds[1],
        sensitivity_rr=MODEST_CONFOUNDER_RR,
        detectable=not covers and robust,
        verdict_en=en,
        verdict_ja=ja,
    )


def _estimate(
    d: MetricDef,
    values: tuple[float, float, float, float],
    est: float,
    se: float,
    *,
    scale: float,
    z: float,
    ci_level: float,
    currency: str | None,
    design: str,
    n: int,
    unit: str | None = None,
    post_se: tuple[float, float] | None = None,
    baseline: float | None = None,
    outcome_sd: float | None = None,
) -> DidEstimate:
    point = _opt(est, scale)
    ci: tuple[float, float] | None = None
    if point is not None and math.isfinite(se):
        ci = (point - z * se * scale, point + z * se * scale)
    bands: list[float | None] = [None] * 4
    if post_se is not None:
        for i, (value, group_se) in enumerate(((values[1], post_se[0]), (values[3], post_se[1]))):
            centre = _opt(value, scale)
            if centre is not None and math.isfinite(group_se):
                bands[2 * i : 2 * i + 2] = [
                    centre - z * group_se * scale,
                    centre + z * group_se * scale,
                ]
    en, ja = format_verdict(d, point, ci, ci_level=ci_level, currency=currency)
    result = DidEstimate(
        metric=d.key,
        label_en=d.label_en,
        label_ja=d.label_ja,
        unit=unit or ((currency or "money") if d.unit == "money" else "pts"),
        better=d.better,
        attending_pre=_opt(values[0], scale),
        attending_post=_opt(values[1], scale),
        comparison_pre=_opt(values[2], scale),
        comparison_post=_opt(values[3], scale),
        did=point,
        ci_low=None if ci is None else ci[0],
        ci_high=None if ci is None else ci[1],
        detectable=ci is not None and not (ci[0] <= 0.0 <= ci[1]),
        verdict_en=en,
        verdict_ja=ja,
        design=design,
        se=None if point is None or not math.isfinite(se) else se * scale,
        n=n,
        attending_post_low=bands[0],
        attending_post_high=bands[1],
        comparison_post_low=bands[2],
        comparison_post_high=bands[3],
        baseline=_opt(baseline, scale) if baseline is not None else None,
        outcome_sd=outcome_sd,
    )
    return _judged(result, d, ci_level, currency)


def _change_sd(sample: WeightedSample, cmp_values: FloatArray) -> FloatArray:
    """Per metric, the weighted SD among the comparison accounts of each account's
    linearised change (post − pre) of the metric, in fractions or money.

    A ratio-of-sums metric R = ΣY / ΣX is a mean only after linearisation: an account
    contributes (Yᵢ − R Xᵢ) / mean(X) (the delta method, :func:`ratio_if` on each account's
    deviation from the weighted mean). The SD of that change is the scale on which a DiD of
    NRR, GRR or expansion MRR per account is a standardised difference for the
    sensitivity analysis (:func:`training.sensitivity.standardised_bounds`)."""
    m = len(METRICS)
    w0 = sample.comparison_weight
    total = float(w0.sum())
    if total <= 0 or not len(cmp_values):
        return np.full(m, np.nan)
    centre = (w0 @ cmp_values) / total
    _, dev = ratio_if(_metric_fn, centre, cmp_values - centre)
    change = dev[:, m:] - dev[:, :m]
    return np.sqrt((w0 @ (change * change)) / total)


def _share_floor_var(if_att: FloatArray, share: float, n_att: int, z: float) -> float:
    """Variance to add so that the attendees' part of a share's effect is no less
    uncertain than the Agresti–Coull variance p̃ (1 − p̃) / ñ of their post-window share
    (ñ = n + z², p̃ = (x + z²/2) / ñ; Agresti & Coull 1998, the adjusted Wald interval centred
    like Wilson's). With few or no events among few attendees the influence function's
    variance collapses towards 0: a month in which no attendee churned would read as a
    proven reduction, and ten attendees none of whom upsold in either window as a proven
    absence of effect. Where events are plentiful the floor is below the influence
    function's own variance and adds nothing."""
    if n_att == 0 or not math.isfinite(share):
        return 0.0
    z2 = z * z
    centre = (share * n_att + z2 / 2.0) / (n_att + z2)
    wilson = centre * (1.0 - centre) / (n_att + z2)
    own = float(if_att @ if_att) / float(len(if_att)) ** 2  # the IF's own variance
    return max(0.0, wilson - own)


def _count_floors(
    att_post: FloatArray, cmp_post: FloatArray, cmp_weight: FloatArray, z: float
) -> dict[str, float]:
    """Smallest variance (fractions², money² per account) of each metric's attendees' part.

    A rate of MRR is a count of accounts with an event times an amount per event over the
    start MRR: it can be no better known than the count. So each metric gets the
    Agresti–Coull variance of the attendees' event share (:func:`_share_floor_var`) times
    the squared amount per event (the attendees' own when they had events, else the
    comparison accounts'), over their mean start MRR for rates: logo churn and expansion
    share as shares; expansion MRR rate and per account through upsells; gross MRR churn
    and GRR through lost accounts; NRR through both. (Contraction has no account count and
    gets none.) ``att_post`` / ``cmp_post``: post-window sums per account
    (:data:`~training.metrics.SUM_COLUMNS`)."""
    n = float(att_post[:, 0].sum())
    if n <= 0:
        return {}
    none = np.zeros(1)
    lost = _share_floor_var(none, float(att_post[:, 5].sum()) / n, round(n), z)
    grew = _share_floor_var(none, float(att_post[:, 6].sum()) / n, round(n), z)

    def per_event(amount: int, count: int) -> float:
        for values, weight in ((att_post, None), (cmp_post, cmp_weight)):
            events = float(values[:, count].sum() if weight is None else weight @ values[:, count])
            if events > 0:
                total = values[:, amount].sum() if weight is None else weight @ values[:, amount]
                return float(total) / events
        return 0.0

    start = float(att_post[:, 1].sum()) / n
    upsell, churned = per_event(2, 6), per_event(4, 5)
    out = {
        "logo_churn": lost,
        "expansion_share": grew,
        "expansion_mrr_per_account": grew * upsell**2,
    }
    if start > 0:
        out["expansion_rate"] = grew * (upsell / start) ** 2
        out["gross_mrr_churn"] = out["grr"] = lost * (churned / start) ** 2
        out["nrr"] = out["expansion_rate"] + out["gross_mrr_churn"]
    return out


def _rare_event_se(se: float, if_att: FloatArray, share: float, n_att: int, z: float) -> float:
    """Standard error of a post-window share difference whose attendees' part is no smaller
    than the Agresti–Coull variance (:func:`_share_floor_var`)."""
    return math.sqrt(se * se + _share_floor_var(if_att, share, n_att, z))


def _se(influence: FloatArray, n_rows: int) -> float:
    """Standard error of an estimate from its influence function values."""
    return math.sqrt(float(influence @ influence)) / n_rows if n_rows else math.nan


def _health_estimate(
    sample: WeightedSample,
    opts: _Options,
    n_accounts: int,
    start: int,
    end: int,
    *,
    z: float,
    metric: MetricDef = HEALTH_METRIC,
) -> DidEstimate | None:
    """DiD of the health score over ``[start, end)``: weighted difference of the changes
    from the latest score before ``start`` to the latest score in the window."""
    health, ci_level = opts.health, opts.ci_level
    if health is None or health.n == 0 or end <= start:
        return None
    change = opts.health_change(n_accounts, start, end)
    rows = np.concatenate([sample.attending, sample.comparison])
    has = np.isfinite(change[rows])
    n_att = len(sample.attending)
    if not has[:n_att].any() or not (has[n_att:] & (sample.comparison_weight > 0)).any():
        return None
    v = np.column_stack([has, np.where(has, change[rows], 0.0)]).astype(np.float64)
    means = group_means(sample, v[:n_att], v[n_att:])

    def ratio(x: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(x[..., 1:2] / x[..., 0:1], dtype=np.float64)

    att, if_att = ratio_if(ratio, means.attending, means.if_attending)
    cmp_, if_cmp = ratio_if(ratio, means.comparison, means.if_comparison)
    est = float(att[0] - cmp_[0])
    infl = if_att[:, 0] - if_cmp[:, 0]
    se = math.sqrt(float(infl @ infl)) / sample.n_rows
    # E-value via the standardised difference (VanderWeele & Ding 2017: RR ≈ exp(0.91 d))
    w = sample.comparison_weight * has[n_att:]
    sd = math.sqrt(float(w @ (v[n_att:, 1] - cmp_[0]) ** 2) / float(w.sum())) if w.sum() else 0
    before_att = float("nan")
    return _estimate(
        metric,
        (before_att, float(att[0]), before_att, float(cmp_[0])),
        est,
        se,
        scale=1.0,
        z=z,
        ci_level=ci_level,
        currency=None,
        design="did",
        n=int(has.sum()),
        unit="points",
        outcome_sd=sd if sd > 0 else None,
    )


def _unsupported(est: DidEstimate) -> DidEstimate:
    return msgspec.structs.replace(
        est, detectable=False, verdict_en=CANNOT_SUPPORT_EN, verdict_ja=CANNOT_SUPPORT_JA
    )


def evaluate_checkpoint(
    accounts: AccountFrame,
    events: EventFrame,
    attending: npt.ArrayLike | Iterable[int],
    workshop_day: date | int,
    checkpoint_days: int,
    *,
    health: HealthFrame | None = None,
    voice: VoiceFrame | None = None,
    excluded: npt.ArrayLike | Iterable[int] = (),
    candidates: npt.ArrayLike | Iterable[int] | None = None,
    sample: WeightedSample | None = None,
    lagged: WeightedSample | None = None,
    as_of: date | int | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci_level: float = 0.95,
    costs: WorkshopCosts | None = None,
    horizon_months: int = 12,
    currency: str | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
    looks: Sequence[int] | None = None,
) -> CheckpointEffect:
    """Effectiveness of a workshop at ``workshop_day + checkpoint_days`` (module docstring).

    ``attending``, ``excluded`` (accounts that attended other workshops in the window) and
    ``candidates`` (default: all accounts) are account indices into ``accounts``;
    ``health`` the health-score history (optional: without it the weighting uses tier, MRR
    and tenure only); ``voice`` the customers' relationship-survey invitations and answers
    (optional, :mod:`training.voice`). ``sample`` reuses a
    :func:`~training.causal.weight_accounts` result (it does not depend on the checkpoint).
    ``as_of``: last day the data is complete for (exclusive); ``costs``: compute ROI too.
    ``currency`` defaults to ``costs.currency``. ``n_boot``: multiplier-bootstrap draws for
    the ROI interval. ``looks``: the days of every checkpoint the workshop is judged at
    (default :data:`~training.multiplicity.DEFAULT_LOOKS`): claims are made at this
    checkpoint's share of 1 − ``ci_level`` (:func:`_jointly_judged`).
    """
    w = to_day(workshop_day)
    k = int(checkpoint_days)
    if k < 0:
        raise ValueError("checkpoint_days must be ≥ 0")
    if not 0.0 < ci_level < 1.0:
        raise ValueError("ci_level must be in (0, 1)")
    if n_boot < 1:
        raise ValueError("n_boot must be ≥ 1")
    if events.n and int(events.account.max()) >= accounts.n:
        raise ValueError("events refer to an account index outside the account frame")
    currency = currency or (costs.currency if costs is not None else None)
    if sample is None:
        sample, lagged = _samples(
            accounts, events, attending, w, health, excluded, candidates, voice
        )
    elif sample.workshop_day != w:
        raise ValueError("weighted sample is for another workshop day")
    opts = _Options(
        health=health,
        as_of=as_of,
        n_boot=n_boot,
        seed=seed,
        ci_level=ci_level,
        costs=costs,
        horizon_months=horizon_months,
        currency=currency,
        min_group_size=min_group_size,
    )
    parts: dict[str, FloatArray] = {}
    first = _evaluate_sample(accounts, events, sample, w, k, parts, opts)
    if lagged is None or first.status != "ok" or not parts:
        return _jointly_judged(first, looks)
    second_parts: dict[str, FloatArray] = {}
    second = _evaluate_sample(
        accounts, events, lagged, w, k, second_parts, opts, negative_control=True
    )
    if second.status != "ok" or not second_parts:
        return _jointly_judged(first, looks)
    return _jointly_judged(_bracket(first, second, parts, second_parts, opts), looks)


def _estimate_p(e: DidEstimate, z: float, df: int | None = None) -> float | None:
    """:func:`~training.sensitivity.sensitivity_p` of one reported estimate: its interval is
    ``did ± (z · se + extra)``, ``extra`` the bracketing's widening (0 for a plain one)."""
    if e.did is None or e.se is None or e.ci_low is None or e.ci_high is None:
        return None
    extra = max(0.0, (e.ci_high - e.ci_low) / 2.0 - z * e.se)
    return sensitivity_p(e.did, e.se, extra=extra, baseline=e.baseline, sd=e.outcome_sd, df=df)


def _jointly_judged(
    effect: CheckpointEffect, looks: Sequence[int] | None = None
) -> CheckpointEffect:
    """The checkpoint's claims, controlling the family-wise error over its outcomes.

    Every outcome the verdict can name (the metrics and the health score) gets its
    sensitivity p-value (no effect, allowing for a hidden confounder of risk ratio
    :data:`~training.sensitivity.MODEST_CONFOUNDER_RR`); the graphical procedure of
    :mod:`training.multiplicity` (Holm-type: primaries churn, expansion, NRR, GRR, health;
    the outcomes restating one of them after it) adjusts them, and an outcome is claimed
    only when its adjusted p-value is at most this checkpoint's share of 1 − ``ci_level``
    over the workshop's ``looks`` (α-spending, :func:`~training.multiplicity.look_alpha`:
    the same workshop is judged again at every checkpoint) on a supported checkpoint.
    A manager reads "the workshop reduced churn" off whichever outcome clears the bar, so
    nine chances at 5 % each would otherwise claim an effect that is not there far more
    often than 5 %. The intervals are not changed:
    they describe each outcome on its own; the verdict says when a figure whose interval
    excludes 0 is not conclusive and why."""
    if effect.status != "ok":
        return effect
    z = _z(effect.ci_level, effect.n_attending)
    df = _df(effect.n_attending)
    alpha = look_alpha(effect.checkpoint_days, looks, 1.0 - effect.ci_level)
    family = [*effect.estimates, *((effect.health,) if effect.health is not None else ())]
    p_values = {e.metric: p for e in family if (p := _estimate_p(e, z, df)) is not None}
    adjusted = graphical_adjusted(p_values, *outcome_graph(list(p_values)))
    size = len(p_values)
    supported = effect.support == "supported"

    def judged(e: DidEstimate) -> DidEstimate:
        p_holm = adjusted.get(e.metric)
        claim = supported and p_holm is not None and p_holm <= alpha
        changes: dict[str, object] = {
            "p_sensitivity": p_values.get(e.metric),
            "p_holm": p_holm,
            "family_size": size,
            "detectable": claim,
        }
        if supported and e.did is not None and e.ci_low is not None and e.ci_high is not None:
            definition = next((d for d in METRICS if d.key == e.metric), HEALTH_METRIC)
            robust = e.robust
            if robust is None and e.metric in p_values:
                # no sensitivity analysis (no baseline or SD): the plain interval decides
                robust = not (e.ci_low <= 0.0 <= e.ci_high)
            en, ja = format_verdict(
                definition,
                e.did,
                (e.ci_low, e.ci_high),
                ci_level=effect.ci_level,
                currency=effect.currency if definition.unit == "money" else None,
                robust=robust,
                joint=claim,
                family_size=size,
                claim_alpha=alpha,
            )
            changes |= {"verdict_en": en, "verdict_ja": ja}
        return msgspec.structs.replace(e, **changes)

    return msgspec.structs.replace(
        effect,
        estimates=tuple(judged(e) for e in effect.estimates),
        health=judged(effect.health) if effect.health is not None else None,
        claim_alpha=alpha,
    )


def _per_account(sample: WeightedSample, n_accounts: int, values: FloatArray) -> FloatArray:
    """Row values (attendees, then comparison accounts) placed at their account indices."""
    out = np.zeros(n_accounts)
    rows = np.concatenate([sample.attending, sample.comparison])
    np.add.at(out, rows, values)
    return out


def _evaluate_sample(
    accounts: AccountFrame,
    events: EventFrame,
    sample: WeightedSample,
    w: int,
    k: int,
    contrib: dict[str, FloatArray],
    opts: _Options,
    *,
    negative_control: bool = False,
) -> CheckpointEffect:
    """The effect of one comparison design (one weighted sample). ``contrib`` receives each
    metric's influence-function contribution per account (estimate − truth ≈ their sum, in
    the reported units), and the ROI benefit's ("benefit", "benefit_point"). With
    ``negative_control`` (the design churn is read from), also the churn comparisons
    corrected by the negative control (:mod:`training.negative_control`): "<metric>:nc" and
    "<metric>:nc_point", and "churn_money:nc" / "churn_money:nc_point"."""
    health, as_of, n_boot, seed = opts.health, opts.as_of, opts.n_boot, opts.seed
    ci_level, costs, currency = opts.ci_level, opts.costs, opts.currency
    horizon_months, min_group_size, windows = opts.horizon_months, opts.min_group_size, opts.windows
    status, reason = "ok", ""
    if k == 0:
        status, reason = "not_measurable", "the windows are empty on the workshop day (k = 0)"
    elif as_of is not None and w + k > to_day(as_of):
        status, reason = "not_measurable", f"checkpoint day {from_day(w + k)} not reached yet"
    elif len(sample.attending) == 0 or sample.comparison_weight.sum() <= 0:
        status, reason = "no_data", "no attending accounts or no comparable accounts"

    notices = _sample_notices(sample, min_group_size)
    reasons = _support_reasons(sample, min_group_size)
    if health is not None and health.n:
        rows = np.concatenate([sample.attending, sample.comparison])
        if len(rows) and not np.isfinite(opts.health_before(accounts.n, w)[rows]).any():
            notices.append(
                Notice(
                    "health_not_before",
                    "No health score dated in the two months before the workshop: the "
                    "comparison cannot use health (scores from after the workshop may already "
                    "show its effect). Import scores with their dates.",
                    "研修前2か月以内のヘルススコアがないため、比較にヘルスを使えません（研修後のスコアには"
                    "研修の効果が含まれ得ます）。日付付きでスコアをインポートしてください。",
                )
            )
    common = {
        "workshop_date": from_day(w),
        "checkpoint_days": k,
        "currency": currency,
        "pre_window": (from_day(w - k), from_day(w)),
        "post_window": (from_day(w), from_day(w + k)),
        "n_attending": len(sample.attending),
        "n_comparison": int((sample.comparison_weight > 0).sum()),
        "comparison_effective_n": round(sample.comparison_effective_n, 1),
        "n_candidates": sample.n_candidates,
        "n_strata": 0,
        "n_unmatched": len(sample.unmatched),
        "unmatched_account_ids": _ids(accounts, sample.unmatched),
        "n_ineligible": len(sample.ineligible),
        "ineligible_account_ids": _ids(accounts, sample.ineligible),
        "n_other_workshop": len(sample.other_workshop),
        "other_workshop_account_ids": _ids(accounts, sample.other_workshop),
        "balance": sample.balance,
        "n_boot": n_boot,
        "seed": seed,
        "ci_level": ci_level,
        "overlap": sample.overlap,
    }
    if status != "ok":
        verdict = (
            (NOT_MEASURABLE_EN, NOT_MEASURABLE_JA)
            if status == "not_measurable"
            # every attendee also attended another workshop: not "no effect", no verdict
            else (CANNOT_SUPPORT_EN, CANNOT_SUPPORT_JA)
            if len(sample.other_workshop)
            else (NO_EFFECT_EN, NO_EFFECT_JA)
        )
        code = "not_measurable" if status == "not_measurable" else "no_data"
        notices.insert(
            0,
            Notice(
                code,
                f"Not measurable yet: {reason}."
                if status == "not_measurable"
                else "No data: no attending accounts or no comparable accounts.",
                "まだ測定できません。" if status == "not_measurable" else "データがありません。",
            ),
        )
        roi = (
            workshop_roi(
                costs,
                churn_mrr_avoided=None,
                expansion_mrr=None,
                horizon_months=horizon_months,
                ci_level=ci_level,
            )
            if costs is not None
            else None
        )
        return CheckpointEffect(
            status=status,
            reason=reason,
            attending_pre=None,
            attending_post=None,
            comparison_pre=None,
            comparison_post=None,
            estimates=_empty_estimates(verdict, currency),
            churn_mrr_avoided_per_month=None,
            churn_mrr_avoided_ci=None,
            expansion_mrr_per_month=None,
            expansion_mrr_ci=None,
            roi=roi,
            notices=tuple(notices),
            support="unsupported" if status == "no_data" else "supported",
            support_reasons=tuple(reasons),
            **common,  # type: ignore[arg-type]
        )

    z = _z(ci_level, len(sample.attending))
    n_rows = sample.n_rows
    att_idx, cmp_idx = sample.attending, sample.comparison

    def window(start: int, end: int) -> WindowAggregates:
        # the pre window is also the placebo's post window: aggregate it once
        if (start, end) not in windows:
            windows[(start, end)] = aggregate_window(accounts, events, start, end)
        return windows[(start, end)]

    def contrast(pre: int, mid: int, end: int) -> tuple[_Contrast, FloatArray, FloatArray]:
        a = window(pre, mid)
        b = window(mid, end)
        av = np.hstack([window_values(a, att_idx), window_values(b, att_idx)])
        cv = np.hstack([window_values(a, cmp_idx), window_values(b, cmp_idx)])
        return _contrast(group_means(sample, av, cv)), av, cv

    main, att_v, cmp_v = contrast(w - k, w, w + k)
    m = len(METRICS)
    nc: tuple[FloatArray, FloatArray] | None = None
    if negative_control:
        control = window(w - NC_START, w - NC_END)
        nc = churn_bias(
            sample,
            window_values(control, att_idx),
            window_values(control, cmp_idx),
            att_v[:, N_SUMS:],
            cmp_v[:, N_SUMS:],
            k,
        )
    floors = _count_floors(att_v[:, N_SUMS:], cmp_v[:, N_SUMS:], sample.comparison_weight, z)
    change_sd = _change_sd(sample, cmp_v)
    estimates: list[DidEstimate] = []
    effects: dict[str, tuple[float, float]] = {}
    for j, d in enumerate(METRICS):
        post_only = d.key in POST_ONLY
        est, se, infl_j = _effect_if(main, j, post_only, n_rows)
        scale = 100.0 if d.unit == "pct" else 1.0
        if d.key in floors and math.isfinite(se):
            # the attendees' part: their post value (churn) or their own change (the rest)
            part = main.if_att[:, m + j] if post_only else main.if_att[:, m + j] - main.if_att[:, j]
            extra = max(0.0, floors[d.key] - float(part @ part) / float(n_rows) ** 2)
            se = math.sqrt(se * se + extra)
            contrib[f"{d.key}:floor"] = np.array([extra * scale * scale])
        effects[d.key] = (est, se)
        contrib[d.key] = _per_account(sample, accounts.n, infl_j * scale / n_rows)
        if nc is not None and d.key in POST_ONLY:
            i = _NC_COLUMN[d.key]
            corrected = infl_j - nc[1][:, i]
            contrib[f"{d.key}:nc"] = _per_account(sample, accounts.n, corrected * scale / n_rows)
            contrib[f"{d.key}:nc_point"] = np.array([(est - float(nc[0][i])) * scale])
        baseline: float | None = None
        outcome_sd: float | None = None
        if d.key in STANDARDISED_METRICS and math.isfinite(change_sd[j]) and change_sd[j] > 0:
            outcome_sd = float(change_sd[j]) * scale
        if d.key in SENSITIVITY_METRICS and math.isfinite(est):
            # the attendees' value without the workshop, against which a risk ratio is taken
            baseline = float(
                main.cmp[m + j] if post_only else main.att[j] + (main.cmp[m + j] - main.cmp[j])
            )
        estimates.append(
            _estimate(
                d,
                (main.att[j], main.att[m + j], main.cmp[j], main.cmp[m + j]),
                est,
                se,
                scale=scale,
                z=z,
                ci_level=ci_level,
                currency=currency,
                design="post" if post_only else "did",
                n=n_rows,
                baseline=baseline,
                outcome_sd=outcome_sd,
                post_se=(_se(main.if_att[:, m + j], n_rows), _se(main.if_cmp[:, m + j], n_rows)),
            )
        )
    health_est = _health_estimate(sample, opts, accounts.n, w, w + k, z=z)

    # placebo: the same weights on the window pair before the workshop
    placebo: list[DidEstimate] = []
    pl, _, _ = contrast(w - 2 * k, w - k, w)
    est, se = _effect(pl, _EXPANSION_SHARE, False, n_rows)
    d = METRICS[_EXPANSION_SHARE]
    if math.isfinite(est):
        placebo.append(
            _estimate(
                d,
                (
                    pl.att[_EXPANSION_SHARE],
                    pl.att[m + _EXPANSION_SHARE],
                    pl.cmp[_EXPANSION_SHARE],
                    pl.cmp[m + _EXPANSION_SHARE],
                ),
                est,
                se,
                scale=100.0,
                z=z,
                ci_level=ci_level,
                currency=currency,
                design="placebo",
                n=n_rows,
            )
        )
    # No health placebo: the weighting matches the health score that ends the placebo
    # window, so a health DiD there is not free of the weighting by construction.
    failed = [
        p for p in placebo if p.detectable and p.did is not None and abs(p.did) >= PLACEBO_TOLERANCE
    ]
    if failed:
        names = ", ".join(p.label_en for p in failed)
        names_ja = "、".join(p.label_ja for p in failed)
        reasons.append(
            Notice(
                "placebo_failed",
                f"Placebo test failed: before the workshop the groups already diverged on {names} "
                "(a difference where no effect can exist), so the comparison is not credible.",
                f"プラセボ検定に不合格：研修前から{names_ja}で両グループに差がありました（効果があり得ない期間の差）。"
                "比較は信頼できません。",
            )
        )
    if not placebo:
        notices.append(
            Notice(
                "placebo_unavailable",
                "No placebo test: there is no history before the pre window.",
                "プラセボ検定なし：比較期間より前の履歴がありません。",
            )
        )
    support = "unsupported" if reasons else "supported"
    if reasons:
        estimates = [_unsupported(e) for e in estimates]
        health_est = _unsupported(health_est) if health_est is not None else None

    # ROI: Gaussian multiplier bootstrap of (churn MRR avoided, expansion MRR) per month
    start_mrr = float(att_v[:, _POST_START_MRR].sum())
    churn_rd, _ = effects["gross_mrr_churn"]
    exp_did, _ = effects["expansion_rate"]
    churn_avoided = -churn_rd * start_mrr
    expansion_attr = exp_did * start_mrr
    j_c, j_e = _GROSS_CHURN, _EXPANSION_RATE
    if_churn = -(main.if_att[:, m + j_c] - main.if_cmp[:, m + j_c]) * start_mrr
    if_exp = (
        (main.if_att[:, m + j_e] - main.if_att[:, j_e])
        - (main.if_cmp[:, m + j_e] - main.if_cmp[:, j_e])
    ) * start_mrr
    infl = np.column_stack([if_churn, if_exp])
    cov = infl.T @ infl / float(n_rows) ** 2
    # the small-sample floors of the two rates, in money (:func:`_count_floors`)
    for i, (key, part) in enumerate(
        (
            ("gross_mrr_churn", main.if_att[:, m + j_c] * start_mrr),
            ("expansion_rate", (main.if_att[:, m + j_e] - main.if_att[:, j_e]) * start_mrr),
        )
    ):
        extra = max(0.0, floors.get(key, 0.0) * start_mrr**2 - float(part @ part) / n_rows**2)
        cov[i, i] += extra
        contrib[("churn_money", "expansion_money")[i] + ":floor"] = np.array([extra])
    point = np.array([churn_avoided, expansion_attr])
    reps: FloatArray | None = None
    churn_ci = exp_ci = None
    contrib["churn_money"] = _per_account(sample, accounts.n, if_churn / n_rows)
    if nc is not None:
        # the churned MRR avoided without the hidden trait's share (negative control)
        gross = _NC_COLUMN["gross_mrr_churn"]
        contrib["churn_money:nc"] = _per_account(
            sample, accounts.n, (if_churn + nc[1][:, gross] * start_mrr) / n_rows
        )
        contrib["churn_money:nc_point"] = np.array(
            [churn_avoided + float(nc[0][gross]) * start_mrr]
        )
    contrib["expansion_money"] = _per_account(sample, accounts.n, if_exp / n_rows)
    contrib["money_point"] = point
    if np.isfinite(point).all() and np.isfinite(cov).all():
        rng = np.random.default_rng(seed)
        reps = rng.multivariate_normal(point, cov, size=n_boot, method="eigh")
        churn_ci = _ci(churn_avoided, math.sqrt(cov[0, 0]), z)
        exp_ci = _ci(expansion_attr, math.sqrt(cov[1, 1]), z)
    roi = (
        workshop_roi(
            costs,
            churn_mrr_avoided=_opt(churn_avoided),
            expansion_mrr=_opt(expansion_attr),
            replicates=reps,
            horizon_months=horizon_months,
            ci_level=ci_level,
        )
        if costs is not None
        else None
    )
    att_sums = att_v.sum(axis=0)
    cmp_sums = sample.comparison_weight @ cmp_v
    return CheckpointEffect(
        status=status,
        reason=reason,
        attending_pre=summarize_sums(att_sums[:N_SUMS], w - k, w),
        attending_post=summarize_sums(att_sums[N_SUMS:], w, w + k),
        comparison_pre=summarize_sums(cmp_sums[:N_SUMS], w - k, w),
        comparison_post=summarize_sums(cmp_sums[N_SUMS:], w, w + k),
        estimates=tuple(estimates),
        churn_mrr_avoided_per_month=_opt(churn_avoided),
        churn_mrr_avoided_ci=churn_ci,
        expansion_mrr_per_month=_opt(expansion_attr),
        expansion_mrr_ci=exp_ci,
        roi=roi,
        notices=tuple(notices),
        support=support,
        support_reasons=tuple(reasons),
        health=health_est,
        placebo=tuple(placebo),
        **common,  # type: ignore[arg-type]
    )


def _samples(
    accounts: AccountFrame,
    events: EventFrame,
    attending: npt.ArrayLike | Iterable[int],
    w: int,
    health: HealthFrame | None,
    excluded: npt.ArrayLike | Iterable[int],
    candidates: npt.ArrayLike | Iterable[int] | None,
    voice: VoiceFrame | None = None,
) -> tuple[WeightedSample, WeightedSample]:
    """The two comparison designs bracketed by :func:`_bracket`: weighting on the account's
    state (plan, size, tenure, region, health path), and the same plus its upsell in the
    months before the workshop (the lagged outcome)."""
    mrr = mrr_at(accounts, events, w)
    covariates = account_covariates(accounts, mrr, health, w, events, voice)  # once for both

    def design(prior: EventFrame | None) -> WeightedSample:
        return weight_accounts(
            accounts,
            mrr,
            attending,
            w,
            health=health,
            excluded=excluded,
            candidates=candidates,
            events=prior,
            covariates=covariates,
        )

    return design(None), design(events)


def _span(
    a: tuple[float, float, float], b: tuple[float, float, float]
) -> tuple[float, float, float]:
    """(midpoint, low, high): the interval centred between two estimates that holds both
    intervals (each given as (estimate, low, high))."""
    mid = float(a[0] + b[0]) / 2.0
    half = float(max(mid - min(a[1], b[1]), max(a[2], b[2]) - mid))
    return mid, mid - half, mid + half


def _imbens_manski(gap: float, se: float, level: float, df: int | None) -> float:
    """Critical value C of Imbens & Manski (2004, *Econometrica* 72(6)) for a parameter
    known to lie between two estimates ``gap`` apart: F(C + gap / se) − F(−C) = ``level``
    (F normal, or Student's t with ``df``); C falls from the two-sided value (gap 0) to the
    one-sided one (a wide gap: the truth can sit near one end only)."""

    def cdf(x: float) -> float:
        return float(special.ndtr(x) if df is None else special.stdtr(df, x))

    def quantile(p: float) -> float:
        return float(special.ndtri(p) if df is None else special.stdtrit(df, p))

    lo, hi = quantile(level), quantile(0.5 + level / 2.0)
    if not (se > 0 and math.isfinite(gap)):
        return hi
    ratio = abs(gap) / se
    for _ in range(60):  # bisection: the left side grows with C
        mid = (lo + hi) / 2.0
        if cdf(mid + ratio) - cdf(-mid) < level:
            lo = mid
        else:
            hi = mid
    return hi


def _combine(
    a: float,
    b: float,
    ca: FloatArray,
    cb: FloatArray,
    z: float,
    floor: float = 0.0,
    *,
    level: float = 0.95,
    df: int | None = None,
) -> tuple[float, float, float, bool]:
    """(midpoint, its standard error, interval half-width, designs disagree); ``floor``:
    variance added to each design's and the midpoint's (a share's small-sample floor).

    The truth lies between the two designs' estimands (bracketing), not at their midpoint,
    so the interval is the one for a parameter in the identified interval between them
    (Imbens & Manski 2004): from the lower estimate − C · its SE to the upper + C · its SE,
    C from :func:`_imbens_manski` (1.96 when the designs agree, towards 1.645 when they are
    far apart). It covers the truth at ``level`` wherever between the two it lies: when
    attendees were picked on their recent upsell the lagged design is right and the state
    design far off, and the earlier interval (midpoint ± z · SE plus half the unexplained
    gap) missed a truth at the lagged end in a quarter of such cohorts. The half-width
    returned makes the interval symmetric about the midpoint (the wider side); the
    midpoint's standard error comes from the averaged influence functions (same accounts,
    same data). ``designs disagree``: the gap exceeds what their noise explains."""
    a, b = float(a), float(b)
    mid = (a + b) / 2.0
    se_mid = float(np.sqrt(np.sum(((ca + cb) / 2.0) ** 2) + floor))
    se_diff = float(np.sqrt(np.sum((ca - cb) ** 2)))
    se_a = float(np.sqrt(np.sum(ca**2) + floor))
    se_b = float(np.sqrt(np.sum(cb**2) + floor))
    (low, se_low), (high, se_high) = sorted(((a, se_a), (b, se_b)))
    c = _imbens_manski(high - low, max(se_low, se_high), level, df)
    half = max(mid - (low - c * se_low), high + c * se_high - mid, z * se_mid)
    return mid, se_mid, half, abs(a - b) - z * se_diff > 0


def _recentred(
    a: DidEstimate,
    b: DidEstimate,
    mid: float,
    low: float,
    high: float,
    se: float,
    ci_level: float,
    currency: str | None,
) -> DidEstimate:
    """Design ``a``'s estimate moved to the bracketed ``mid`` and interval, with the plain
    verdict; the designs' baselines (or SDs) averaged for :func:`_judged`."""

    def mean(x: float | None, y: float | None) -> float | None:
        return None if x is None or y is None else (x + y) / 2.0

    definition = next((d for d in METRICS if d.key == a.metric), HEALTH_METRIC)
    en, ja = format_verdict(definition, mid, (low, high), ci_level=ci_level, currency=currency)
    return msgspec.structs.replace(
        a,
        did=mid,
        ci_low=low,
        ci_high=high,
        se=se,
        detectable=not (low <= 0.0 <= high),
        verdict_en=en,
        verdict_ja=ja,
        baseline=mean(a.baseline, b.baseline),
        outcome_sd=mean(a.outcome_sd, b.outcome_sd),
        e_value=None,
        e_value_ci=None,
        robust=None,
        sensitivity_low=None,
        sensitivity_high=None,
        sensitivity_rr=None,
    )


def _bracket(
    state: CheckpointEffect,
    lagged: CheckpointEffect,
    state_if: dict[str, FloatArray],
    lagged_if: dict[str, FloatArray],
    opts: _Options,
) -> CheckpointEffect:
    """One report from the two designs of :func:`_samples`.

    Weighting on the account's state is right when attendees differ in a lasting way (the
    difference-in-differences removes it); adding the upsell before the workshop is right
    when attendance follows recent upsell that would have carried on (momentum, regression
    to the mean). The truth lies between the two estimates under the usual conditions (the
    bracketing relationship of Angrist & Pischke 2009, §5.4; Ding & Li 2019, *Political
    Analysis* 27(4)), and the data cannot say which design holds. So each effect is the
    midpoint of the two, with the standard error of the midpoint and the Imbens–Manski
    interval reaching from the lower design's end to the upper's (:func:`_combine`); where
    the designs differ beyond their noise a notice names the metrics. Churn (logo, gross MRR
    and the churned MRR avoided) comes from the second design, bracketed the same way by its
    negative-control correction (:mod:`training.negative_control`), with a notice when the
    two differ beyond noise. The health effect's
    interval holds both designs' intervals. Balance is shown for the second design (it has
    every covariate); a support reason of either design withholds the verdict.
    """
    ci_level, currency, costs = opts.ci_level, opts.currency, opts.costs
    n_boot, seed, horizon_months = opts.n_boot, opts.seed, opts.horizon_months
    z = _z(ci_level, state.n_attending)
    df = _df(state.n_attending)
    by_metric = {e.metric: e for e in lagged.estimates}
    estimates: list[DidEstimate] = []
    apart: list[DidEstimate] = []
    hidden: list[DidEstimate] = []
    for e in state.estimates:
        other = by_metric.get(e.metric)
        if e.metric in POST_ONLY and other is not None:
            # a post-window comparison has no pre/post difference to protect: the design
            # with every pre-treatment covariate (prior upsell, downgrade, MRR path) leaves
            # the least hidden confounding; what it still leaves is bracketed by the
            # negative control (:mod:`training.negative_control`)
            corrected = lagged_if.get(f"{e.metric}:nc_point")
            if other.did is None or corrected is None or not math.isfinite(corrected[0]):
                estimates.append(other)
                continue
            small = float(lagged_if.get(f"{e.metric}:floor", np.zeros(1))[0])
            mid, se_mid, half, differ = _combine(
                other.did,
                float(corrected[0]),
                lagged_if[e.metric],
                lagged_if[f"{e.metric}:nc"],
                z,
                small,
                level=ci_level,
                df=df,
            )
            if differ and e.metric == "logo_churn":
                hidden.append(e)
            definition = next(d for d in METRICS if d.key == e.metric)
            combined = _recentred(
                other, other, mid, mid - half, mid + half, se_mid, ci_level, currency
            )
            estimates.append(_judged(combined, definition, ci_level, currency))
            continue
        if other is None or e.did is None or other.did is None or e.metric not in state_if:
            estimates.append(e)
            continue
        floor = np.concatenate(
            [
                state_if.get(f"{e.metric}:floor", np.zeros(1)),
                lagged_if.get(f"{e.metric}:floor", np.zeros(1)),
            ]
        )
        mid, se_mid, half, differ = _combine(
            e.did,
            other.did,
            state_if[e.metric],
            lagged_if[e.metric],
            z,
            float(floor.mean()),
            level=ci_level,
            df=df,
        )
        if differ and e.metric in ("expansion_share", "expansion_rate", "nrr"):
            apart.append(e)
        definition = next(d for d in METRICS if d.key == e.metric)
        combined = _recentred(e, other, mid, mid - half, mid + half, se_mid, ci_level, currency)
        estimates.append(_judged(combined, definition, ci_level, currency))
    health_est = state.health
    a, b = state.health, lagged.health
    if a is not None and b is not None and None not in (a.did, a.ci_low, a.ci_high, b.did):
        mid, low, high = _span(
            (a.did, a.ci_low, a.ci_high),  # type: ignore[arg-type]
            (b.did, b.ci_low, b.ci_high),  # type: ignore[arg-type]
        )
        combined = _recentred(a, b, mid, low, high, (high - mid) / z, ci_level, None)
        health_est = _judged(combined, HEALTH_METRIC, ci_level, None)
    notices = list(state.notices)
    if apart:
        names_en = ", ".join(e.label_en for e in apart)
        names_ja = "、".join(e.label_ja for e in apart)
        notices.append(
            Notice(
                "designs_disagree",
                f"The estimate of {names_en} depends on the comparison design: matching the "
                "accounts' state only, or also their upsell in the months before the "
                "workshop, gives clearly different answers. The figure shown is the midpoint "
                "and its interval spans both.",
                f"{names_ja}の推定値は比較の設計に左右されます（アカウントの状態だけで揃えるか、"
                "研修前数か月のアップセルも揃えるかで明らかに異なります）。"
                "表示値は両者の中点で、区間は両者を含みます。",
            )
        )
    if hidden:
        notices.append(
            Notice(
                "churn_negative_control",
                "Six to twelve months before the workshop the attending accounts upsold at a "
                "clearly different rate from the comparable accounts: a difference the "
                "comparison does not see may also drive churn. The churn figure is the "
                "midpoint between the plain comparison and one corrected for that difference, "
                "and its interval spans both.",
                "研修の6〜12か月前の時点で、参加アカウントのアップセル率は比較対象のアカウントと"
                "明らかに異なっていました。比較で捉えきれない違いが解約にも影響している可能性があります。"
                "解約の表示値は、単純な比較とその違いを補正した比較の中点で、区間は両者を含みます。",
            )
        )
    reasons = list(state.support_reasons)
    codes = {r.code for r in reasons}
    reasons += [r for r in lagged.support_reasons if r.code not in codes]
    support = "unsupported" if reasons else "supported"
    if reasons:
        estimates = [_unsupported(e) for e in estimates]
        health_est = _unsupported(health_est) if health_est is not None else None
    # money: churned MRR avoided from the full design bracketed by its negative control
    # (as churn above), expansion MRR bracketed between the designs; their sum between the
    # corners of the two brackets
    pa, pb = state_if["money_point"], lagged_if["money_point"]
    nc_point = lagged_if.get("churn_money:nc_point")
    churn_ends = [(float(pb[0]), lagged_if["churn_money"])]
    if nc_point is not None and math.isfinite(nc_point[0]):
        churn_ends.append((float(nc_point[0]), lagged_if["churn_money:nc"]))
    exp_ends = [
        (float(pa[1]), state_if["expansion_money"]),
        (float(pb[1]), lagged_if["expansion_money"]),
    ]
    point = np.array(
        [
            (churn_ends[0][0] + churn_ends[-1][0]) / 2.0,
            (exp_ends[0][0] + exp_ends[1][0]) / 2.0,
        ]
    )
    churn_ci = exp_ci = None
    roi = state.roi
    if np.isfinite(pa).all() and np.isfinite(pb).all() and np.isfinite(point).all():
        zero = np.zeros(1)
        churn_floor = float(lagged_if.get("churn_money:floor", zero)[0])
        exp_floor = float(
            (
                state_if.get("expansion_money:floor", zero)[0]
                + lagged_if.get("expansion_money:floor", zero)[0]
            )
            / 2.0
        )
        _, _, churn_half, _ = _combine(
            churn_ends[0][0],
            churn_ends[-1][0],
            churn_ends[0][1],
            churn_ends[-1][1],
            z,
            churn_floor,
            level=ci_level,
            df=df,
        )
        _, _, exp_half, _ = _combine(
            exp_ends[0][0],
            exp_ends[1][0],
            exp_ends[0][1],
            exp_ends[1][1],
            z,
            exp_floor,
            level=ci_level,
            df=df,
        )
        churn_ci = (float(point[0]) - churn_half, float(point[0]) + churn_half)
        exp_ci = (float(point[1]) - exp_half, float(point[1]) + exp_half)
        (c_low, if_c_low), (c_high, if_c_high) = _ends(churn_ends)
        (e_low, if_e_low), (e_high, if_e_high) = _ends(exp_ends)
        _, _, half, _ = _combine(
            c_low + e_low,
            c_high + e_high,
            if_c_low + if_e_low,
            if_c_high + if_e_high,
            z,
            churn_floor + exp_floor,
            level=ci_level,
            df=df,
        )
        if costs is not None:
            # replicates whose sum has the combined interval's spread around the midpoint
            draws = np.random.default_rng(seed).standard_normal(n_boot)
            spread = half / z / 2.0
            reps = point[None, :] + draws[:, None] * np.array([spread, spread])
            roi = workshop_roi(
                costs,
                churn_mrr_avoided=float(point[0]),
                expansion_mrr=float(point[1]),
                replicates=reps,
                horizon_months=horizon_months,
                ci_level=ci_level,
            )
    return msgspec.structs.replace(
        state,
        estimates=tuple(estimates),
        health=health_est,
        notices=tuple(notices),
        support=support,
        support_reasons=tuple(reasons),
        balance=lagged.balance,
        churn_mrr_avoided_per_month=_opt(float(point[0])),
        churn_mrr_avoided_ci=churn_ci,
        expansion_mrr_per_month=_opt(float(point[1])),
        expansion_mrr_ci=exp_ci,
        roi=roi,
    )


def _ends(
    ends: list[tuple[float, FloatArray]],
) -> tuple[tuple[float, FloatArray], tuple[float, FloatArray]]:
    """The lower and the upper of a bracket's ends (one end: both)."""
    ordered = sorted(ends, key=lambda end: end[0])
    return ordered[0], ordered[-1]


def _ci(point: float, se: float, z: float) -> tuple[float, float] | None:
    if not (math.isfinite(point) and math.isfinite(se)):
        return None
    return point - z * se, point + z * se


def evaluate_workshop(
    accounts: AccountFrame,
    events: EventFrame,
    attending: npt.ArrayLike | Iterable[int],
    workshop_day: date | int,
    checkpoints: Sequence[int] = (0, 7, 30, 90, 180),
    *,
    health: HealthFrame | None = None,
    voice: VoiceFrame | None = None,
    excluded: npt.ArrayLike | Iterable[int] = (),
    candidates: npt.ArrayLike | Iterable[int] | None = None,
    as_of: date | int | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    ci_level: float = 0.95,
    costs: WorkshopCosts | None = None,
    horizon_months: int = 12,
    currency: str | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
) -> tuple[CheckpointEffect, ...]:
    """:func:`evaluate_checkpoint` for each checkpoint, weighting once (same seed each)."""
    w = to_day(workshop_day)
    sample, lagged = _samples(accounts, events, attending, w, health, excluded, candidates, voice)
    return tuple(
        evaluate_checkpoint(
            accounts,
            events,
            attending,
            w,
            k,
            health=health,
            sample=sample,
            lagged=lagged,
            as_of=as_of,
            n_boot=n_boot,
            seed=seed,
            ci_level=ci_level,
            costs=costs,
            horizon_months=horizon_months,
            currency=currency,
            min_group_size=min_group_size,
            looks=tuple(checkpoints),
        )
        for k in checkpoints
    )
