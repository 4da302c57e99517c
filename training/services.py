"""Queries and rules of the training app: accounts, workshops, checkpoints, effectiveness.

Controllers call these services; services never touch HTTP objects. The statistics are the
pure functions of :mod:`training.effectiveness` (numpy in, structs out); this module loads
rows, builds the frames and stores the results.

Effectiveness snapshots
-----------------------
Each checkpoint's effectiveness is computed when the scheduler tick works the checkpoint
and stored on the row (``outcome``) together with a *fingerprint* of the data it was
computed from (counts and last import times of accounts, events and participants, the
workshop's last edit and the benefit horizon). A read recomputes and stores the snapshot
again when the fingerprint no longer matches — for example when late billing events were
imported after the checkpoint ran — so a report always reflects the current data while an
unchanged database is never recomputed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import statistics
import zoneinfo
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

import anyio
import msgspec
import numpy as np

from analytics.disclosure import HIDDEN_LABEL, guard_group
from app.clock import Clock
from app.db import is_postgres, write_transaction
from app.errors import Conflict, InputError, NotFound
from app.settings import Settings
from training import schemas
from training.effectiveness import LOOKBACK_DAYS, CheckpointEffect, evaluate_checkpoint
from training.metrics import UNKNOWN_CREATED, AccountFrame, EventFrame, to_day
from training.money import from_minor, is_currency, money_places, to_minor
from training.roi import WorkshopCosts
from training.surveys_link import (
    customer_voice_rows,
    incentive_spend,
    invitation_counts,
    survey_answers,
)
from training.tables import Account, AccountEvent, Checkpoint, Participant, Workshop
from training.voice import NEVER, VoiceFrame

METHOD = (
    "Propensity-score weighting for the effect on the attendees (Abadie 2005; Sant'Anna & "
    "Zhao 2020): non-attending accounts are weighted by their odds of attending, estimated by "
    "logistic regression on pre-workshop covariates only (tier, MRR, tenure, region, the health "
    "score at the workshop, its monthly path, 3-month average and 90-day trend), so the "
    "comparison group looks like the attendees; attendees without a comparable account are "
    "left out and reported, and accounts that attended other workshops in the window are left "
    "out on both sides. Expansion, contraction, NRR and GRR: difference-in-differences of the "
    "post window [workshop, workshop + k) against the pre window of the same length; churn: "
    "post-window risk difference among accounts alive on the day; health score: difference in "
    "its change since the workshop. A second design also weights on each account's upsell in "
    "the six months before the workshop; the two bracket the effect (Ding & Li 2019), so each "
    "figure is their midpoint and its interval holds both designs' 95% CIs (influence "
    "functions including the estimated propensity score); diagnostics: covariate balance, "
    "overlap, placebo tests on the earlier window and E-values."
)
#: Checkpoints are due at this local time (settings.timezone) on workshop day + offset:
#: the day-0 survey goes out after the workshop; later ones see the previous day's events.
DUE_LOCAL_TIME = dt.time(18, 0)
N_BOOT = 1000
KPI_KEYS = frozenset(
    {
        "logo_churn",
        "gross_mrr_churn",
        "contraction_rate",
        "expansion_share",
        "expansion_rate",
        "expansion_mrr_per_account",
        "nrr",
        "grr",
        "csat",
        "nps",
        "quiz_score",
        "behaviour",
    }
)


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def today(settings: Settings, clock: Clock) -> dt.date:
    """Today in the service's time zone."""
    return clock.now().astimezone(zoneinfo.ZoneInfo(settings.timezone)).date()


def due_at(settings: Settings, held_on: dt.date, offset_days: int) -> dt.datetime:
    local = dt.datetime.combine(
        held_on + dt.timedelta(days=offset_days),
        DUE_LOCAL_TIME,
        tzinfo=zoneinfo.ZoneInfo(settings.timezone),
    )
    return local.astimezone(dt.UTC)


# ----------------------------------------------------------------------------- accounts


def account_out(row: dict[str, Any]) -> schemas.Account:
    return schemas.Account(
        id=row["id"],
        external_id=row["external_id"],
        name=row["name"],
        tier=row["tier"],
        segment=row["segment"],
        owner=row["owner"],
        currency=row["currency"],
        mrr=from_minor(row["mrr_minor"], row["currency"]),
        created_on=row["created_on"],
    )


class AccountService:
    async def list_all(
        self, *, limit: int = 100, offset: int = 0, search: str | None = None
    ) -> schemas.AccountPage:
        query = Account.select().order_by(Account.external_id)
        count = Account.count()
        if search:
            # SQLite's LIKE is already case-insensitive (ASCII); PostgreSQL needs ILIKE.
            pattern = f"%{search}%"
            if is_postgres():
                condition = Account.external_id.ilike(pattern) | Account.name.ilike(pattern)
            else:
                condition = Account.external_id.like(pattern) | Account.name.like(pattern)
            query = query.where(condition)
            count = count.where(condition)
        rows = await query.limit(limit).offset(offset)
        return schemas.AccountPage(total=await count, items=[account_out(r) for r in rows])

    async def get(self, account_id: int) -> schemas.Account:
        row = await Account.select().where(Account.id == account_id).first()
        if row is None:
            raise NotFound(f"account {account_id} does not exist")
        return account_out(row)

    async def events(self, account_id: int) -> list[schemas.AccountEvent]:
        account = await self.get(account_id)
        rows = await (
            AccountEvent.select()
            .where(AccountEvent.account == account_id)
            .order_by(AccountEvent.occurred_on)
            .order_by(AccountEvent.id)
        )
        return [
            schemas.AccountEvent(
                id=r["id"],
                external_event_id=r["external_event_id"],
                account_external_id=account.external_id,
                date=r["occurred_on"],
                kind=r["kind"],
                mrr_delta=from_minor(r["mrr_delta_minor"], account.currency),
                currency=account.currency,
                source=r["source"],
            )
            for r in rows
        ]


# ----------------------------------------------------------------------------- workshops


def _cost_minor(costs: schemas.WorkshopCostsIn, currency: str) -> dict[Any, Any]:
    def minor(field: str) -> int:
        value = getattr(costs, field)
        if not value.is_finite() or value < 0:
            raise InputError(f"costs.{field}", f"{field} must be an amount ≥ 0")
        try:
            return to_minor(value, currency)
        except ValueError as exc:
            raise InputError(f"costs.{field}", f"{field} {exc}") from None

    hours = costs.participant_hours
    if not hours.is_finite() or hours < 0:
        raise InputError("costs.participant_hours", "participant_hours must be ≥ 0")
    if hours != hours.quantize(Decimal("0.01")):
        raise InputError("costs.participant_hours", "participant_hours allows 2 decimals")
    return {
        Workshop.facilitator_cost_minor: minor("facilitator"),
        Workshop.venue_catering_minor: minor("venue_catering"),
        Workshop.materials_minor: minor("materials"),
        Workshop.tooling_minor: minor("tooling"),
        Workshop.participant_hours: hours,
        Workshop.loaded_hourly_rate_minor: minor("loaded_hourly_rate"),
        Workshop.incentives_minor: minor("incentives"),
    }


def _check_plan(offsets: Sequence[int]) -> list[int]:
    plan = sorted(set(offsets))
    if len(plan) != len(offsets):
        raise InputError("checkpoints", "the measurement plan lists a day twice")
    if len(plan) > 20:
        raise InputError("checkpoints", "at most 20 checkpoints per workshop")
    return plan


def _check_currency(code: str) -> None:
    if not is_currency(code):
        raise InputError("currency", f"unknown currency {code!r}: use an ISO 4217 code")


def _check_objectives(objectives: Sequence[str]) -> list[str]:
    unknown = [o for o in objectives if o not in KPI_KEYS]
    if unknown:
        raise InputError(
            "objectives", f"unknown KPI {unknown[0]!r}; use {', '.join(sorted(KPI_KEYS))}"
        )
    return list(dict.fromkeys(objectives))


def _hours(value: Any) -> Decimal:
    """Hours as stored (2 decimals), without ``.00`` so whole hours keep JPY costs whole."""
    hours = Decimal(str(value)).quantize(Decimal("0.01"))
    return hours.quantize(Decimal(1)) if hours == hours.to_integral_value() else hours


async def workshop_costs(row: dict[str, Any]) -> WorkshopCosts:
    """The fully loaded cost of a workshop (Phillips), survey incentives included."""
    currency = row["currency"]
    incentives = from_minor(row["incentives_minor"], currency) + await incentive_spend(
        row["id"], currency
    )
    return WorkshopCosts(
        currency=currency,
        facilitator=from_minor(row["facilitator_cost_minor"], currency),
        venue_catering=from_minor(row["venue_catering_minor"], currency),
        materials=from_minor(row["materials_minor"], currency),
        tooling=from_minor(row["tooling_minor"], currency),
        participant_hours=_hours(row["participant_hours"]),
        loaded_hourly_rate=from_minor(row["loaded_hourly_rate_minor"], currency),
        incentives=incentives,
    )


def costs_out(costs: WorkshopCosts) -> schemas.WorkshopCosts:
    places = Decimal(1).scaleb(-money_places(costs.currency))
    return schemas.WorkshopCosts(
        currency=costs.currency,
        facilitator=costs.facilitator,
        venue_catering=costs.venue_catering,
        materials=costs.materials,
        tooling=costs.tooling,
        participant_hours=costs.participant_hours,
        loaded_hourly_rate=costs.loaded_hourly_rate,
        participants_time=costs.participants_time().quantize(places),
        incentives=costs.incentives,
        total=costs.total().quantize(places),
    )


def checkpoint_out(row: dict[str, Any]) -> schemas.Checkpoint:
    return schemas.Checkpoint(
        id=row["id"],
        offset_days=row["offset_days"],
        due_at=_aware(row["due_at"]),  # type: ignore[arg-type]
        status=row["status"],
        attempts=row["attempts"],
        survey_id=row["survey_id"],
        survey_sent_at=_aware(row["survey_sent_at"]),
        completed_at=_aware(row["completed_at"]),
        outcome_computed_at=_aware(row["outcome_computed_at"]),
        last_error=row["last_error"],
    )


def participant_out(row: dict[str, Any]) -> schemas.Participant:
    return schemas.Participant(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        language=row["language"],
        account_external_id=row.get("account.external_id"),
        team=row["team"],
        attendance=row["attendance"],
        quiz_score=row["quiz_score"],
    )


#: An invitation queued later than this after its checkpoint was due counts as late.
LATE_AFTER = dt.timedelta(days=1)


class WorkshopService:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock

    async def _row(self, workshop_id: int) -> dict[str, Any]:
        row = await Workshop.select().where(Workshop.id == workshop_id).first()
        if row is None:
            raise NotFound(f"workshop {workshop_id} does not exist")
        return row

    async def _checkpoints_out(
        self, rows: list[dict[str, Any]], to_ask: int
    ) -> list[schemas.Checkpoint]:
        """Checkpoints with who was asked, late, or missed (``to_ask``: all but no-shows)."""
        now = self.clock.now()
        window = dt.timedelta(days=self.settings.checkpoint_late_days)
        out = []
        for row in rows:
            c = checkpoint_out(row)
            due = c.due_at <= now
            invited = late = 0
            if c.survey_id is not None:
                invited, late = await invitation_counts(c.survey_id, c.due_at + LATE_AFTER)
            closed = now > c.due_at + window
            out.append(
                msgspec.structs.replace(
                    c,
                    waiting_for_participants=due and to_ask == 0 and c.status == "pending",
                    late_until=c.due_at + window,
                    invited=invited,
                    invited_late=late,
                    missed=max(0, to_ask - invited) if due and closed else 0,
                )
            )
        return out

    async def _out(self, row: dict[str, Any]) -> schemas.Workshop:
        checkpoints = await (
            Checkpoint.select()
            .where(Checkpoint.workshop == row["id"])
            .order_by(Checkpoint.offset_days)
        )
        people = await Participant.select(Participant.attendance, Participant.account).where(
            Participant.workshop == row["id"]
        )
        attendance = [p["attendance"] for p in people]
        to_ask = len(attendance) - attendance.count("no_show")
        return schemas.Workshop(
            id=row["id"],
            title=row["title"],
            public_title=schemas.PublicTitle(
                en=row["public_title_en"] or "", ja=row["public_title_ja"] or ""
            ),
            kind=row["kind"],
            held_on=row["held_on"],
            facilitator=row["facilitator"],
            objectives=_json(row["objectives"], []),
            currency=row["currency"],
            costs=costs_out(await workshop_costs(row)),
            participants=schemas.ParticipantCounts(
                total=len(people),
                attended=attendance.count("attended"),
                no_show=attendance.count("no_show"),
                invited=attendance.count("invited"),
                accounts_attending=len(
                    {
                        p["account"]
                        for p in people
                        if p["attendance"] == "attended" and p["account"] is not None
                    }
                ),
            ),
            checkpoints=await self._checkpoints_out(checkpoints, to_ask),
            created_at=_aware(row["created_at"]),  # type: ignore[arg-type]
            updated_at=_aware(row["updated_at"]),  # type: ignore[arg-type]
        )

    async def create(self, data: schemas.WorkshopCreate) -> schemas.Workshop:
        """Create a workshop and its measurement plan (one pending checkpoint per day)."""
        plan = _check_plan(data.checkpoints)
        _check_currency(data.currency)
        now = self.clock.now()
        values: dict[Any, Any] = {
            Workshop.title: data.title.strip(),
            Workshop.public_title_en: data.public_title.en.strip(),
            Workshop.public_title_ja: data.public_title.ja.strip(),
            Workshop.kind: data.kind,
            Workshop.held_on: data.held_on,
            Workshop.facilitator: data.facilitator.strip(),
            Workshop.objectives: json.dumps(_check_objectives(data.objectives)),
            Workshop.currency: data.currency,
            Workshop.created_at: now,
            Workshop.updated_at: now,
            **_cost_minor(data.costs, data.currency),
        }
        async with write_transaction():
            workshop = Workshop(values)
            await workshop.save()
            await self._add_checkpoints(workshop.id, data.held_on, plan)
        return await self.get(workshop.id)

    async def _add_checkpoints(self, workshop_id: int, held_on: dt.date, plan: list[int]) -> None:
        if plan:
            await Checkpoint.insert(
                *[
                    Checkpoint(
                        {
                            Checkpoint.workshop: workshop_id,
                            Checkpoint.offset_days: k,
                            Checkpoint.due_at: due_at(self.settings, held_on, k),
                        }
                    )
                    for k in plan
                ]
            )

    async def get(self, workshop_id: int) -> schemas.Workshop:
        return await self._out(await self._row(workshop_id))

    async def list_all(self) -> list[schemas.Workshop]:
        rows = await Workshop.select().order_by(Workshop.held_on, ascending=False)
        return [await self._out(r) for r in rows]

    async def update(self, workshop_id: int, data: schemas.WorkshopUpdate) -> schemas.Workshop:
        """Change fields; a new date moves pending checkpoints, a new plan adds or drops
        pending ones (worked checkpoints cannot be dropped or moved)."""
        async with write_transaction():
            row = await self._row(workshop_id)
            values: dict[Any, Any] = {Workshop.updated_at: self.clock.now()}
            currency = row["currency"]
            if data.currency is not msgspec.UNSET and data.currency != currency:
                _check_currency(data.currency)
                if data.costs is msgspec.UNSET:
                    raise InputError("costs", "changing the currency needs the costs again")
                currency = data.currency
                values[Workshop.currency] = currency
            for name in ("title", "kind", "facilitator"):
                value = getattr(data, name)
                if value is not msgspec.UNSET:
                    values[getattr(Workshop, name)] = value.strip()
            if data.public_title is not msgspec.UNSET:
                values[Workshop.public_title_en] = data.public_title.en.strip()
                values[Workshop.public_title_ja] = data.public_title.ja.strip()
            if data.objectives is not msgspec.UNSET:
                values[Workshop.objectives] = json.dumps(_check_objectives(data.objectives))
            if data.costs is not msgspec.UNSET:
                values.update(_cost_minor(data.costs, currency))
            checkpoints = await Checkpoint.select().where(Checkpoint.workshop == workshop_id)
            # A checkpoint woken for late participants is pending again but was worked.
            worked = {
                c["offset_days"]
                for c in checkpoints
                if c["status"] != "pending" or c["survey_id"] is not None or c["completed_at"]
            }
            held_on = row["held_on"]
            if data.held_on is not msgspec.UNSET and data.held_on != held_on:
                if worked:
                    raise Conflict("held_on", "checkpoints were already worked; the date is fixed")
                held_on = data.held_on
                values[Workshop.held_on] = held_on
                for c in checkpoints:
                    await Checkpoint.update(
                        {Checkpoint.due_at: due_at(self.settings, held_on, c["offset_days"])}
                    ).where(Checkpoint.id == c["id"])
            if data.checkpoints is not msgspec.UNSET:
                plan = _check_plan(data.checkpoints)
                dropped = {c["offset_days"] for c in checkpoints} - set(plan)
                if dropped & worked:
                    raise Conflict(
                        "checkpoints",
                        f"day {min(dropped & worked)} was already worked and cannot be removed",
                    )
                if dropped:
                    await Checkpoint.delete().where(
                        (Checkpoint.workshop == workshop_id)
                        & Checkpoint.offset_days.is_in(sorted(dropped))
                        & (Checkpoint.status == "pending")
                    )
                present = {c["offset_days"] for c in checkpoints}
                await self._add_checkpoints(
                    workshop_id, held_on, [k for k in plan if k not in present]
                )
            await Workshop.update(values).where(Workshop.id == workshop_id)
        return await self.get(workshop_id)

    async def entered_costs(self, workshop_id: int) -> schemas.WorkshopCostsIn:
        """The cost inputs as entered (incentives without the survey spend added on read)."""
        row = await self._row(workshop_id)
        currency = row["currency"]
        return schemas.WorkshopCostsIn(
            facilitator=from_minor(row["facilitator_cost_minor"], currency),
            venue_catering=from_minor(row["venue_catering_minor"], currency),
            materials=from_minor(row["materials_minor"], currency),
            tooling=from_minor(row["tooling_minor"], currency),
            participant_hours=_hours(row["participant_hours"]),
            loaded_hourly_rate=from_minor(row["loaded_hourly_rate_minor"], currency),
            incentives=from_minor(row["incentives_minor"], currency),
        )

    async def delete(self, workshop_id: int) -> None:
        async with write_transaction():
            await self._row(workshop_id)
            await Workshop.delete().where(Workshop.id == workshop_id)

    async def participants(self, workshop_id: int) -> list[schemas.Participant]:
        workshop = await self._row(workshop_id)
        rows = await (
            Participant.select(*Participant.all_columns(), Participant.account.external_id)
            .where(Participant.workshop == workshop_id)
            .order_by(Participant.email)
        )
        out = [participant_out(r) for r in rows]
        if workshop["kind"] == "internal":
            # an employee's quiz score is theirs: readers get the L2 figures over the floor only
            out = [msgspec.structs.replace(p, quiz_score=None) for p in out]
        return out

    async def checkpoints(self, workshop_id: int) -> list[schemas.Checkpoint]:
        await self._row(workshop_id)
        rows = await (
            Checkpoint.select()
            .where(Checkpoint.workshop == workshop_id)
            .order_by(Checkpoint.offset_days)
        )
        to_ask = await Participant.count().where(
            (Participant.workshop == workshop_id) & (Participant.attendance != "no_show")
        )
        return await self._checkpoints_out(rows, int(to_ask))


# ----------------------------------------------------------------------------- effectiveness


async def _aggregate(sql: str, *args: Any) -> str:
    rows = await Account.raw(sql, *args)
    row = rows[0] if rows else {}
    return ":".join(str(v) for v in row.values())


async def data_fingerprint(workshop: dict[str, Any], horizon_months: int) -> str:
    """The state of everything a workshop's effectiveness depends on (module docstring)."""
    parts = [
        await _aggregate(
            "SELECT COUNT(*) AS n, MAX(imported_at) AS t FROM training_account WHERE currency = {}",
            workshop["currency"],
        ),
        await _aggregate(
            "SELECT COUNT(*) AS n, MAX(imported_at) AS t, MAX(id) AS m FROM training_account_event"
        ),
        await _aggregate(
            "SELECT COUNT(*) AS n, MAX(imported_at) AS t, MAX(id) AS m FROM training_participant"
        ),
        await _aggregate(
            "SELECT COUNT(*) AS n, MAX(imported_at) AS t, MAX(id) AS m FROM training_account_health"
        ),
        await _aggregate("SELECT COUNT(*) AS n, MAX(held_on) AS h FROM training_workshop"),
        # customers' survey answers are covariates (training.voice)
        await _aggregate(
            "SELECT COUNT(*) AS n, MAX(i.answered_at) AS a, MAX(i.opted_out_at) AS o, "
            "MAX(i.sent_at) AS s, SUM(i.reminders_sent) AS r FROM invitation i "
            "JOIN survey s ON s.id = i.survey WHERE s.kind = 'customer_nps'"
        ),
        str(workshop["updated_at"]),
        str(horizon_months),
    ]
    # hashed: the parts together outgrow the column, and a cut would hide later parts
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class Frames(msgspec.Struct):
    """Accounts and events of one currency, ready for the pure maths."""

    accounts: Any
    events: Any
    inconsistent: int
    health: Any = None
    voice: Any = None


async def load_frames(currency: str) -> Frames:
    """Accounts of ``currency`` and their events as numpy frames (major currency units).

    An account's opening MRR is its current MRR minus the sum of its events' deltas, so
    the frames reproduce the CRM's current MRR; an account whose events add up to more
    than its current MRR is inconsistent and opens at 0 (counted in ``inconsistent``).
    """
    accounts = await (
        Account.select(
            Account.id,
            Account.external_id,
            Account.tier,
            Account.segment,
            Account.created_on,
            Account.mrr_minor,
        )
        .where(Account.currency == currency)
        .order_by(Account.id)
    )
    scale = 10.0 ** -money_places(currency)
    events = await AccountEvent.raw(
        "SELECT e.account AS account, e.occurred_on AS day, e.kind AS kind, "
        "e.mrr_delta_minor AS delta FROM training_account_event e "
        "JOIN training_account a ON a.id = e.account WHERE a.currency = {}",
        currency,
    )
    ids = np.fromiter((a["id"] for a in accounts), dtype=np.int64, count=len(accounts))
    index = {int(v): i for i, v in enumerate(ids.tolist())}
    n = len(accounts)
    kinds = {"new": 0, "expansion": 1, "contraction": 2, "churn": 3, "reactivation": 4}
    ev_account = np.fromiter((index[e["account"]] for e in events), np.int32, len(events))
    ev_day = np.fromiter((to_day(_as_date(e["day"])) for e in events), np.int32, len(events))
    ev_kind = np.fromiter((kinds[e["kind"]] for e in events), np.int8, len(events))
    ev_delta = np.fromiter((e["delta"] for e in events), np.float64, len(events)) * scale
    current = np.fromiter((a["mrr_minor"] for a in accounts), np.float64, n) * scale
    opening = current - np.bincount(ev_account, weights=ev_delta, minlength=n)[:n]
    inconsistent = int((opening < -1e-6).sum())
    opening = np.where(np.abs(opening) < 1e-6, 0.0, np.maximum(opening, 0.0))
    vocab: dict[str, int] = {}
    # An account without a creation date started with its first `new` event (tenure is a
    # matching covariate), as the events importer assumes too.
    first_new = np.full(n, np.iinfo(np.int32).max, dtype=np.int64)
    is_new = ev_kind == 0
    np.minimum.at(first_new, ev_account[is_new], ev_day[is_new])
    created_day = [
        to_day(_as_date(a["created_on"]))
        if a["created_on"] is not None
        else (int(first_new[i]) if first_new[i] < np.iinfo(np.int32).max else UNKNOWN_CREATED)
        for i, a in enumerate(accounts)
    ]
    frame = AccountFrame.from_arrays(
        [{"Enterprise": 0, "Mid-market": 1, "SMB": 2}.get(a["tier"], 2) for a in accounts],
        ids=ids,
        created_day=created_day,
        opening_mrr=opening,
        segment=[vocab.setdefault(a["segment"] or "", len(vocab)) for a in accounts],
        segments=tuple(vocab),
    )
    from training.health_services import load_health_frame

    return Frames(
        accounts=frame,
        events=EventFrame.from_arrays(ev_account, ev_day, ev_kind, ev_delta, validate=False),
        inconsistent=inconsistent,
        health=await load_health_frame(frame.index_by_id),
        voice=await load_voice_frame({a["external_id"]: i for i, a in enumerate(accounts)}),
    )


async def load_voice_frame(index_by_external_id: dict[str, int]) -> VoiceFrame | None:
    """The customers' relationship-survey invitations of the loaded accounts
    (:func:`training.surveys_link.customer_voice_rows`); None when there are none."""
    rows = [
        (index_by_external_id[r.account_external_id], r)
        for r in await customer_voice_rows()
        if r.account_external_id in index_by_external_id
    ]
    if not rows:
        return None

    def day(value: dt.date | None) -> int:
        return NEVER if value is None else to_day(value)

    return VoiceFrame.from_arrays(
        [i for i, _ in rows],
        [to_day(r.sent_on) for _, r in rows],
        [day(r.answered_on) for _, r in rows],
        [float("nan") if r.nps_score is None else float(r.nps_score) for _, r in rows],
        [day(r.opted_out_on) for _, r in rows],
        [r.reminders for _, r in rows],
    )


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class EffectivenessService:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock

    async def _workshop(self, workshop_id: int) -> dict[str, Any]:
        row = await Workshop.select().where(Workshop.id == workshop_id).first()
        if row is None:
            raise NotFound(f"workshop {workshop_id} does not exist")
        return row

    async def compute(
        self, workshop: dict[str, Any], offset_days: int, frames: Frames | None = None
    ) -> CheckpointEffect:
        """Effectiveness of ``workshop`` at ``offset_days`` from the current data."""
        currency = workshop["currency"]
        frames = frames or await load_frames(currency)
        held_on = _as_date(workshop["held_on"])
        w = to_day(held_on)
        attended = await Participant.select(Participant.account).where(
            (Participant.workshop == workshop["id"])
            & (Participant.attendance == "attended")
            & Participant.account.is_not_null()
        )
        attending = frames.accounts.indices_of({r["account"] for r in attended}, strict=False)
        # Accounts that attended other workshops in the window are not comparable.
        lookback = LOOKBACK_DAYS
        plan = await Checkpoint.select(Checkpoint.offset_days).where(
            Checkpoint.workshop == workshop["id"]
        )
        horizon = max([offset_days, *(c["offset_days"] for c in plan)])
        others = await Participant.select(Participant.account).where(
            (Participant.workshop != workshop["id"])
            & (Participant.attendance == "attended")
            & Participant.account.is_not_null()
            & (Participant.workshop.held_on >= held_on - dt.timedelta(days=lookback))
            & (Participant.workshop.held_on < held_on + dt.timedelta(days=horizon + 1))
        )
        excluded = frames.accounts.indices_of({r["account"] for r in others}, strict=False)
        costs = await workshop_costs(workshop)
        effect = await anyio.to_thread.run_sync(
            partial(
                evaluate_checkpoint,
                frames.accounts,
                frames.events,
                attending,
                w,
                offset_days,
                health=frames.health,
                voice=frames.voice,
                excluded=excluded,
                as_of=to_day(today(self.settings, self.clock)),
                n_boot=N_BOOT,
                seed=int(workshop["id"]),
                costs=costs if costs.total() > 0 else None,
                horizon_months=self.settings.benefit_horizon_months,
                currency=currency,
                looks=sorted({offset_days, *(c["offset_days"] for c in plan)}),
            )
        )
        return effect

    async def store(self, checkpoint_id: int, effect: CheckpointEffect, fingerprint: str) -> None:
        await Checkpoint.update(
            {
                Checkpoint.outcome: msgspec.json.encode(effect).decode(),
                Checkpoint.outcome_fingerprint: fingerprint,
                Checkpoint.outcome_computed_at: self.clock.now(),
            }
        ).where(Checkpoint.id == checkpoint_id)

    async def compute_and_store(self, workshop_id: int, checkpoint_id: int, offset: int) -> None:
        workshop = await self._workshop(workshop_id)
        fingerprint = await data_fingerprint(workshop, self.settings.benefit_horizon_months)
        effect = await self.compute(workshop, offset)
        await self.store(checkpoint_id, effect, fingerprint)

    async def outcomes(self, workshop_id: int) -> list[schemas.CheckpointOutcome]:
        """Every checkpoint's snapshot; stale snapshots are recomputed (module docstring)."""
        workshop = await self._workshop(workshop_id)
        rows = await (
            Checkpoint.select()
            .where(Checkpoint.workshop == workshop_id)
            .order_by(Checkpoint.offset_days)
        )
        fingerprint = await data_fingerprint(workshop, self.settings.benefit_horizon_months)
        frames: Frames | None = None
        result: list[schemas.CheckpointOutcome] = []
        for row in rows:
            effect: CheckpointEffect | None = None
            computed_at = _aware(row["outcome_computed_at"])
            if row["outcome"] is not None:
                if row["outcome_fingerprint"] == fingerprint:
                    raw = row["outcome"]
                    try:
                        effect = msgspec.json.decode(
                            raw if isinstance(raw, str | bytes) else json.dumps(raw),
                            type=CheckpointEffect,
                        )
                    except msgspec.ValidationError:
                        # JSON stores NaN (e.g. balance means of an empty group) as null,
                        # which does not decode back into a float: recompute instead.
                        effect = None
                if effect is None:
                    frames = frames or await load_frames(workshop["currency"])
                    effect = await self.compute(workshop, row["offset_days"], frames)
                    await self.store(row["id"], effect, fingerprint)
                    computed_at = self.clock.now()
            result.append(
                schemas.CheckpointOutcome(
                    checkpoint_id=row["id"],
                    offset_days=row["offset_days"],
                    status=row["status"],
                    due_at=_aware(row["due_at"]),  # type: ignore[arg-type]
                    computed_at=computed_at,
                    method=METHOD,
                    effect=effect,
                )
            )
        return result

    async def effectiveness(self, workshop_id: int) -> schemas.Effectiveness:
        outcomes = await self.outcomes(workshop_id)
        evolution = [
            schemas.EvolutionPoint(
                offset_days=o.offset_days,
                status=o.effect.status if o.effect else o.status,
                n_attending=o.effect.n_attending if o.effect else None,
                n_comparison=o.effect.n_comparison if o.effect else None,
                estimates=list(o.effect.estimates) if o.effect else [],
            )
            for o in outcomes
        ]
        return schemas.Effectiveness(
            workshop_id=workshop_id, method=METHOD, checkpoints=outcomes, evolution=evolution
        )

    async def checkpoint(self, workshop_id: int, offset_days: int) -> schemas.CheckpointOutcome:
        for outcome in await self.outcomes(workshop_id):
            if outcome.offset_days == offset_days:
                return outcome
        raise NotFound(f"workshop {workshop_id} has no checkpoint at day {offset_days}")

    @staticmethod
    def latest(outcomes: Sequence[schemas.CheckpointOutcome]) -> schemas.CheckpointOutcome | None:
        """The latest checkpoint with a measured effect (else the latest worked one)."""
        worked = [o for o in outcomes if o.effect is not None]
        measured = [o for o in worked if o.effect is not None and o.effect.status == "ok"]
        pool = measured or worked
        return max(pool, key=lambda o: o.offset_days) if pool else None

    async def kirkpatrick(self, workshop_id: int) -> schemas.Kirkpatrick:
        workshop = await self._workshop(workshop_id)
        outcomes = await self.outcomes(workshop_id)
        # an internal workshop's surveys and quiz are employees': no figure of fewer than the
        # floor of them (each figure is over one whole checkpoint survey or the whole quiz),
        # read from the surveys' releases so no figure moves by one answer between two calls
        floor = self.settings.min_group_size if workshop["kind"] == "internal" else None
        comment_floor = max(self.settings.enps_comment_min_group, self.settings.min_group_size)
        answers = await survey_answers(
            workshop_id, release_floor=floor, comment_floor=comment_floor if floor else None
        )
        if floor is not None and answers:
            # a survey released under a higher floor keeps it (the setting may have dropped)
            floor = max([floor, *(a.floor for a in answers)])
        level1 = _reaction(answers, floor)
        scores = [
            r["quiz_score"]
            for r in await Participant.select(Participant.quiz_score).where(
                (Participant.workshop == workshop_id)
                & (Participant.attendance == "attended")
                & Participant.quiz_score.is_not_null()
            )
        ]
        level2 = schemas.LearningLevel(
            n=len(scores),
            mean=round(statistics.fmean(scores), 2) if scores else None,
            sd=round(statistics.stdev(scores), 2) if len(scores) > 1 else None,
            # an employee's extreme is one person's score: never published
            min=min(scores) if scores and floor is None else None,
            max=max(scores) if scores and floor is None else None,
        )
        if floor is not None:
            level2 = guard_group(
                level2, len(scores), floor, ("mean", "sd"), status="hidden", note=_hidden(floor)
            )
        level3 = _behaviour(outcomes, answers, floor)
        latest = self.latest(outcomes)
        effect = latest.effect if latest else None
        keys = ("logo_churn", "gross_mrr_churn", "expansion_share", "expansion_rate", "nrr")
        level4 = schemas.ResultsLevel(
            offset_days=latest.offset_days if latest else None,
            status=effect.status if effect else "pending",
            estimates=[e for e in effect.estimates if e.metric in keys] if effect else [],
        )
        roi = effect.roi if effect else None
        if roi is None:
            costs = await workshop_costs(workshop)
            if costs.total() > 0:
                from training.roi import workshop_roi

                roi = workshop_roi(
                    costs,
                    churn_mrr_avoided=None,
                    expansion_mrr=None,
                    horizon_months=self.settings.benefit_horizon_months,
                )
        return schemas.Kirkpatrick(
            workshop_id=workshop_id,
            level1_reaction=level1,
            level2_learning=level2,
            level3_behaviour=level3,
            level4_results=level4,
            level5_roi=roi,
            benefit_horizon_months=self.settings.benefit_horizon_months,
        )

    async def portfolio(self) -> list[schemas.PortfolioRow]:
        rows = await Workshop.select().order_by(Workshop.held_on, ascending=False)
        result: list[schemas.PortfolioRow] = []
        for row in rows:
            outcomes = await self.outcomes(row["id"])
            latest = self.latest(outcomes)
            roi = latest.effect.roi if latest and latest.effect else None
            people = await Participant.select(Participant.attendance).where(
                Participant.workshop == row["id"]
            )
            costs = await workshop_costs(row)
            result.append(
                schemas.PortfolioRow(
                    workshop_id=row["id"],
                    title=row["title"],
                    kind=row["kind"],
                    held_on=row["held_on"],
                    currency=row["currency"],
                    cost_total=costs_out(costs).total,
                    participants=len(people),
                    attended=sum(1 for p in people if p["attendance"] == "attended"),
                    latest_checkpoint_days=latest.offset_days if latest else None,
                    latest_checkpoint_status=(
                        latest.effect.status if latest and latest.effect else None
                    ),
                    roi_basis=roi.basis if roi else None,
                    roi_percent=roi.roi_percent if roi else None,
                    roi_percent_ci=roi.roi_percent_ci if roi else None,
                    bcr=roi.bcr if roi else None,
                    bcr_ci=roi.bcr_ci if roi else None,
                )
            )
        return result


def _mean(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


def _hidden(floor: int) -> str:
    return f"{HIDDEN_LABEL}: fewer than {floor} answers"


def _reaction(answers: Any, floor: int | None = None) -> schemas.ReactionLevel:
    """L1 from the whole day-0 survey; with ``floor`` (employee feedback) each figure only
    over at least ``floor`` answers to it."""
    if answers is None:
        return schemas.ReactionLevel(
            status="surveys_unavailable",
            responses=0,
            note="The surveys app is not available; reaction is measured by the day-0 survey.",
        )
    day0 = [a for a in answers if a.checkpoint_days == 0]
    if not day0:
        return schemas.ReactionLevel(
            status="no_survey", responses=0, note="The day-0 survey has not been sent yet."
        )
    rows = [r for a in day0 for r in a.answers]
    nps_scores = [s for a in day0 for s in a.nps_scores]
    csat = [r["csat"] for r in rows if isinstance(r.get("csat"), int | float)]
    sentiments = [s for a in day0 for s in a.sentiments]
    nps = None
    if nps_scores:
        promoters = sum(1 for s in nps_scores if s >= 9)
        detractors = sum(1 for s in nps_scores if s <= 6)
        nps = round(100.0 * (promoters - detractors) / len(nps_scores), 1)
    waiting = sum(a.waiting for a in day0)
    level = schemas.ReactionLevel(
        status="ok" if rows else "no_answers",
        responses=len(rows) + waiting,
        csat_percent=round(100.0 * sum(1 for c in csat if c >= 4) / len(csat), 1) if csat else None,
        nps=nps,
        mean_sentiment=_mean(sentiments),
        note="CSAT = share answering 4 or 5 of 5; NPS = % promoters − % detractors.",
    )
    if floor is None:
        return level
    for name, n in (("csat_percent", len(csat)), ("nps", len(nps_scores))):
        level = guard_group(level, n, floor, (name,))
    level = guard_group(level, len(sentiments), floor, ("mean_sentiment",))
    if (rows or waiting) and level.csat_percent is None and level.nps is None:
        level = msgspec.structs.replace(level, status="hidden", note=_hidden(floor))
    return level


_APPLIED = {"never": 0.0, "once": 1.0, "weekly": 2.0, "daily": 3.0}


def _behaviour(
    outcomes: Sequence[schemas.CheckpointOutcome], answers: Any, floor: int | None = None
) -> list[schemas.BehaviourPoint]:
    """L3 per follow-up checkpoint, each over its whole survey; with ``floor`` (employee
    feedback) a checkpoint's share only over at least ``floor`` answers."""
    by_day = {a.checkpoint_days: a for a in answers or []}
    points = []
    for o in outcomes:
        if o.offset_days == 0:
            continue
        survey = by_day.get(o.offset_days)
        if answers is None:
            points.append(schemas.BehaviourPoint(o.offset_days, None, "surveys_unavailable", 0))
            continue
        if survey is None:
            points.append(schemas.BehaviourPoint(o.offset_days, None, "no_survey", 0))
            continue
        applied = [
            _APPLIED[r["applied_frequency"]]
            for r in survey.answers
            if r.get("applied_frequency") in _APPLIED
        ]
        share = (
            round(100.0 * sum(1 for v in applied if v >= 2) / len(applied), 1) if applied else None
        )
        point = schemas.BehaviourPoint(
            offset_days=o.offset_days,
            survey_id=survey.survey_id,
            status="ok" if survey.answers else ("hidden" if survey.waiting else "no_answers"),
            responses=len(survey.answers) + survey.waiting,
            mean_score=share,
            note="mean_score = % of respondents applying it weekly or daily",
        )
        if floor is not None:
            point = guard_group(
                point, len(applied), floor, ("mean_score",), status="hidden", note=_hidden(floor)
            )
        points.append(point)
    return points
