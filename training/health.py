"""Account health score (seed 004, appendix A): definition, scoring and risk triggers.

Pure computation: no database, no HTTP.

Definition
----------
A health definition is a list of weighted **components**, each rated Green / Yellow / Red by
thresholds on one monthly input, and the bands of the total score. The default is seed 004's
table:

=====================  ======  ==================  =================  ==============
component              weight  Green               Yellow             Red
=====================  ======  ==================  =================  ==============
login days / month     20 %    ≥ 10                5–9                ≤ 4
events held / month    20 %    ≥ 4                 2–3                ≤ 1
support contacts       10 %    1–5 ("moderate")    > 5 ("too many")   0
webinar attendance     10 %    attended            —                  did not
participant trend      20 %    ≥ +5 % ("rising")   −5 % … +5 % (flat) < −5 % (falling)
months to renewal      10 %    ≥ 6                 3–6                < 3
key people             10 %    ≥ 3                 2                  ≤ 1
=====================  ======  ==================  =================  ==============

A component is Green when ``value ≥ green_min`` (and ``≤ green_max`` if set), else Yellow
when ``value ≥ yellow_min``, else Red. Points: Green 100, Yellow 50, Red 0. The **score** is
the weighted mean of the points of the components that can be rated (a missing input, such
as an unknown renewal date or the trend of an account's first month, is left out and the
other weights renormalised), 0–100. Its **band**: Green at ``green_min`` (default 70) or
more, Red below ``red_below`` (default 40), Yellow between.

The participant trend is the change of this month's participants against the mean of the
up to three previous months, in percent (no previous month: not rated). Months to renewal
are counted from the month's last day to the renewal date (30.44 days a month).

Risk trigger
------------
A new score fires the trigger when it is at least ``drop_alert_points`` (default 15) below
the account's previous score dated 20–45 days earlier ("month over month"), or when its band
is Red and the previous score's band was not ("entering Red").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Final, Literal

import msgspec

__all__ = [
    "BANDS",
    "COMPONENT_KEYS",
    "DEFAULT_DEFINITION",
    "ComponentRating",
    "HealthComponent",
    "HealthDefinitionSpec",
    "MonthlyUsage",
    "band_of",
    "month_end",
    "risk_reasons",
    "score_usage",
]

Band = Literal["Green", "Yellow", "Red"]
BANDS: Final[tuple[str, ...]] = ("Green", "Yellow", "Red")
_POINTS: Final[dict[str, float]] = {"Green": 100.0, "Yellow": 50.0, "Red": 0.0}
COMPONENT_KEYS: Final[tuple[str, ...]] = (
    "login_days",
    "events_held",
    "support_contacts",
    "webinar_attended",
    "participant_trend",
    "months_to_renewal",
    "key_people",
)


class HealthComponent(msgspec.Struct, frozen=True, kw_only=True):
    """One weighted component: Green at ``green_min`` (… ``green_max``), Yellow at
    ``yellow_min``, Red below. ``weight`` is a percentage of the total."""

    key: str
    weight: float
    green_min: float
    yellow_min: float
    green_max: float | None = None
    label_en: str = ""
    label_ja: str = ""


class HealthDefinitionSpec(msgspec.Struct, frozen=True, kw_only=True):
    """A health definition: components and the bands of the total score."""

    components: tuple[HealthComponent, ...]
    green_min: float = 70.0
    red_below: float = 40.0
    drop_alert_points: float = 15.0

    def validate(self) -> list[tuple[str, str]]:
        """Problems as (field, reason); empty when the definition is usable."""
        problems: list[tuple[str, str]] = []
        keys = [c.key for c in self.components]
        for key in keys:
            if key not in COMPONENT_KEYS:
                problems.append(("components", f"unknown component {key!r}"))
        if len(set(keys)) != len(keys):
            problems.append(("components", "a component appears twice"))
        if not self.components:
            problems.append(("components", "at least one component is needed"))
        for c in self.components:
            if not (math.isfinite(c.weight) and c.weight >= 0):
                problems.append(("components", f"{c.key}: weight must be ≥ 0"))
            if c.yellow_min > c.green_min:
                problems.append(("components", f"{c.key}: yellow_min is above green_min"))
            if c.green_max is not None and c.green_max < c.green_min:
                problems.append(("components", f"{c.key}: green_max is below green_min"))
        total = sum(c.weight for c in self.components)
        if self.components and abs(total - 100.0) > 1e-6:
            problems.append(
                ("components", f"weights must add up to 100 (they add up to {total:g})")
            )
        if not 0 <= self.red_below <= self.green_min <= 100:
            problems.append(("green_min", "need 0 ≤ red_below ≤ green_min ≤ 100"))
        if not 0 < self.drop_alert_points <= 100:
            problems.append(("drop_alert_points", "must be within (0, 100]"))
        return problems


DEFAULT_DEFINITION: Final = HealthDefinitionSpec(
    components=(
        HealthComponent(
            key="login_days",
            weight=20,
            green_min=10,
            yellow_min=5,
            label_en="Login days per month",
            label_ja="月間ログイン日数",
        ),
        HealthComponent(
            key="events_held",
            weight=20,
            green_min=4,
            yellow_min=2,
            label_en="Events held per month",
            label_ja="月間開催回数",
        ),
        HealthComponent(
            key="support_contacts",
            weight=10,
            green_min=1,
            green_max=5,
            yellow_min=1,
            label_en="Support contacts (moderate is healthy)",
            label_ja="CSへの問い合わせ頻度",
        ),
        HealthComponent(
            key="webinar_attended",
            weight=10,
            green_min=1,
            yellow_min=1,
            label_en="Webinar / study-session attendance",
            label_ja="ウェビナー/勉強会参加",
        ),
        HealthComponent(
            key="participant_trend",
            weight=20,
            green_min=5,
            yellow_min=-5,
            label_en="Participant trend (%)",
            label_ja="参加者数推移（%）",
        ),
        HealthComponent(
            key="months_to_renewal",
            weight=10,
            green_min=6,
            yellow_min=3,
            label_en="Months to renewal",
            label_ja="契約更新までの期間（月）",
        ),
        HealthComponent(
            key="key_people",
            weight=10,
            green_min=3,
            yellow_min=2,
            label_en="Key people",
            label_ja="キーパーソン数",
        ),
    )
)


class MonthlyUsage(msgspec.Struct, frozen=True, kw_only=True):
    """One month of usage inputs of one account (``month`` = first day of the month)."""

    month: dt.date
    login_days: int
    events_held: int
    support_contacts: int
    webinar_attended: bool
    participants: int
    key_people: int
    renewal_date: dt.date | None = None


class ComponentRating(msgspec.Struct, frozen=True):
    """A rated component: its input value and band (None = not rated)."""

    key: str
    value: float | None
    band: str | None


def month_end(month: dt.date) -> dt.date:
    """Last day of the month of ``month``."""
    first_next = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def _rate(component: HealthComponent, value: float) -> str:
    if value >= component.green_min and (
        component.green_max is None or value <= component.green_max
    ):
        return "Green"
    if value >= component.yellow_min:
        return "Yellow"
    return "Red"


def band_of(score: float, definition: HealthDefinitionSpec) -> str:
    """Band of a total score under ``definition``."""
    if score >= definition.green_min:
        return "Green"
    if score < definition.red_below:
        return "Red"
    return "Yellow"


def _inputs(usage: MonthlyUsage, previous: Sequence[MonthlyUsage]) -> dict[str, float | None]:
    trend: float | None = None
    earlier = [p.participants for p in previous[-3:]]
    if earlier:
        base = sum(earlier) / len(earlier)
        if base > 0:
            trend = (usage.participants - base) / base * 100.0
        else:
            trend = 100.0 if usage.participants > 0 else 0.0
    months_to_renewal: float | None = None
    if usage.renewal_date is not None:
        months_to_renewal = (usage.renewal_date - month_end(usage.month)).days / 30.44
    return {
        "login_days": float(usage.login_days),
        "events_held": float(usage.events_held),
        "support_contacts": float(usage.support_contacts),
        "webinar_attended": 1.0 if usage.webinar_attended else 0.0,
        "participant_trend": trend,
        "months_to_renewal": months_to_renewal,
        "key_people": float(usage.key_people),
    }


def score_usage(
    usage: MonthlyUsage,
    previous: Sequence[MonthlyUsage],
    definition: HealthDefinitionSpec = DEFAULT_DEFINITION,
) -> tuple[float, str, tuple[ComponentRating, ...]]:
    """(score 0–100, band, component ratings) of one month; ``previous`` are the account's
    earlier months, oldest first (for the participant trend)."""
    values = _inputs(usage, previous)
    ratings: list[ComponentRating] = []
    total = weight = 0.0
    for component in definition.components:
        value = values.get(component.key)
        if value is None:
            ratings.append(ComponentRating(component.key, None, None))
            continue
        band = _rate(component, value)
        ratings.append(ComponentRating(component.key, round(value, 2), band))
        total += component.weight * _POINTS[band]
        weight += component.weight
    score = round(total / weight, 1) if weight > 0 else 0.0
    return score, band_of(score, definition), tuple(ratings)


def risk_reasons(
    score: float,
    band: str,
    previous_score: float | None,
    previous_band: str | None,
    definition: HealthDefinitionSpec,
) -> list[str]:
    """Why a new score fires the risk trigger ("drop", "entered_red"); empty if it does not.

    ``previous_*`` describe the account's score a month earlier (None: no such score).
    """
    reasons: list[str] = []
    if previous_score is not None and previous_score - score >= definition.drop_alert_points:
        reasons.append("drop")
    if band == "Red" and previous_band is not None and previous_band != "Red":
        reasons.append("entered_red")
    return reasons
