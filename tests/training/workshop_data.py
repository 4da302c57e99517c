"""Test helpers: load a simulated cohort into the database through the real imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from training.imports import import_accounts, import_events, import_participants
from training.simulate import SimulatedCohort, simulate_cohort


def to_csv(rows: Iterable[dict[str, str]]) -> bytes:
    rows = list(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


async def load_cohort(
    now: dt.datetime,
    *,
    n_attend: int = 40,
    n_candidates: int = 400,
    workshop_day: dt.date,
    seed: int = 7,
    expansion_effect: float = 0.10,
    churn_effect: float = -0.05,
) -> SimulatedCohort:
    cohort = simulate_cohort(
        n_attend,
        n_candidates,
        seed=seed,
        workshop_day=workshop_day,
        expansion_effect=expansion_effect,
        churn_effect=churn_effect,
    )
    await import_accounts(to_csv(cohort.account_rows()), now)
    await import_events(to_csv(cohort.event_rows()), now)
    return cohort


def participant_rows(cohort: SimulatedCohort, per_account: int = 1) -> list[dict[str, str]]:
    rows = []
    for i in cohort.attending.tolist():
        external = cohort.external_id(i)
        for n in range(per_account):
            rows.append(
                {
                    "email": f"p{n}-{external.lower()}@example.com",
                    "name": f"Participant {n} of {external}",
                    "language": "ja" if i % 2 else "en",
                    "account_external_id": external,
                    "attendance": "attended",
                    "quiz_score": str(60 + i % 40),
                }
            )
    return rows


async def add_participants(workshop_id: int, cohort: SimulatedCohort, now: dt.datetime) -> None:
    await import_participants(workshop_id, to_csv(participant_rows(cohort)), now)
