"""Where the analytics package's disclosure guard plugs into outputs this package serves.

``surveys`` never imports ``analytics`` (DESIGN.md dependency order), yet the row export and
the incentive figures of an employee (eNPS) survey must leave through the one guard in
``analytics/disclosure.py``. ``analytics.routes`` registers the guard here when the app is
assembled. Without it, confidential outputs fail closed: no export, no per-arm figures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from app.errors import Conflict
from surveys.incentives import Uplift

#: (settings, survey id) → the guarded CSV text of a confidential survey's answers.
ConfidentialExport = Callable[[Any, int], Awaitable[str]]
#: (measured uplift, survey id, floor setting) → the uplift with figures of small groups
#: withheld, under the survey's own floor (never lower than one it was released under).
UpliftGuard = Callable[[Uplift, int, int], Awaitable[Uplift]]

_export: ConfidentialExport | None = None
_uplift: UpliftGuard | None = None


def register(*, export: ConfidentialExport, uplift: UpliftGuard) -> None:
    """Install the disclosure guard (called once by ``analytics.routes``)."""
    global _export, _uplift
    _export, _uplift = export, uplift


async def confidential_export(settings: Any, survey_id: int) -> str:
    if _export is None:
        raise Conflict(None, "eNPS exports need the analytics disclosure guard, not installed")
    return await _export(settings, survey_id)


async def guard_uplift(measured: Uplift, survey_id: int, floor: int | None) -> Uplift:
    """The incentive figures of a confidential survey as the guard allows them."""
    if _uplift is not None and floor is not None:
        return await _uplift(measured, survey_id, floor)
    return msgspec.structs.replace(
        measured,
        answered_incentivised=0,
        answered_holdout=0,
        rate_incentivised=None,
        rate_holdout=None,
        uplift_pp=None,
        uplift_ci_low=None,
        uplift_ci_high=None,
        p_value=None,
        significant=False,
        answers_added=None,
        incremental_cost_per_added_answer_minor=None,
        cost_per_answer_minor=None,
        mean_score_incentivised=None,
        mean_score_holdout=None,
        score_difference=None,
        score_difference_ci_low=None,
        score_difference_ci_high=None,
        message="hidden to protect anonymity",
    )
