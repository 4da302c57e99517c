"""Incentives: grants within budget, code pools, redemptions and the measured uplift.

A completed answer earns at most one grant (a unique key on the invitation). The budget is
guarded by one conditional update — ``committed + cost <= budget`` — inside the answer's own
transaction, so however many answers arrive at once, grants never pass the budget; once the
next grant no longer fits, the incentive is exhausted and invitations, reminders and the
survey page stop mentioning it while answers are still collected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from app.db import is_postgres
from app.errors import InputError, NotFound
from app.text import check_lines, check_text
from surveys.incentives import (
    KINDS,
    MoneyError,
    Uplift,
    expected_unit_cost,
    from_minor,
    redeemed_cost,
    still_offered,
    to_minor,
    uplift,
)
from surveys.recipients import decode_csv
from surveys.schemas import IncentiveGranted
from surveys.services.mail_queue import queue_message
from surveys.tables import (
    Incentive,
    IncentiveCode,
    IncentiveGrant,
    Invitation,
    Response,
    Survey,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class IncentiveCreate(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    name: str
    currency: str
    budget: str
    """Exact amount as a decimal string, e.g. "50000" JPY or "1200.50" EUR."""
    unit_cost: str | None = None
    percent: str | None = None
    expected_order_value: str | None = None
    expected_redemption_rate: str | None = None
    code_source: str = "generated"
    description_en: str = ""
    description_ja: str = ""

    def __post_init__(self) -> None:
        check_lines(self, ("name", "kind", "currency", "code_source"))
        check_text(self.description_en, "description_en")
        check_text(self.description_ja, "description_ja")


class CodesIn(msgspec.Struct, forbid_unknown_fields=True):
    codes: list[str]


class RedemptionIn(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    redeemed_at: str
    order_value: str


class RedemptionsIn(msgspec.Struct, forbid_unknown_fields=True):
    redemptions: list[RedemptionIn]


class RowProblem(msgspec.Struct):
    row: int
    column: str
    reason: str


class IncentiveOut(msgspec.Struct, kw_only=True):
    id: int
    survey_id: int
    kind: str
    name: str
    currency: str
    budget: str
    committed_cost: str
    budget_left: str
    expected_unit_cost: str
    offered: bool
    """True while the next grant still fits the budget."""
    exhausted: bool
    code_source: str
    codes_left: int | None
    grants: int
    awaiting_code: int
    redeemed: int
    discount_given: str
    cost_per_answer: str | None
    """Committed cost / answers from people offered the incentive (the holdout, offered
    nothing, is not in the denominator)."""
    incremental_cost_per_added_answer: str | None
    """Committed cost / the answers the incentive added over the holdout's response rate."""
    uplift: Uplift


def _decimal(value: str | None, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(field, f"{field} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise InputError(field, f"{field} must be a number")
    return number


def _money(value: str | None, currency: str, field: str, required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            raise InputError(field, f"{field} is required")
        return None
    try:
        minor = to_minor(value, currency)
    except MoneyError as exc:
        raise InputError(field, str(exc)) from None
    if minor < 0:
        raise InputError(field, f"{field} cannot be negative")
    return minor


def new_code() -> str:
    part = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"VOC-{part[:4]}-{part[4:]}"


class IncentiveService:
    def __init__(self, clock: Any, settings: Any = None) -> None:
        """``settings`` gives the anonymity floor for employee surveys' incentive figures;
        without it those figures are withheld."""
        self.clock = clock
        self.floor: int | None = None if settings is None else int(settings.min_group_size)

    async def create(self, survey_id: int, data: IncentiveCreate) -> IncentiveOut:
        if not await Survey.exists().where(Survey.id == survey_id):
            raise NotFound(f"survey {survey_id} not found")
        if data.kind not in KINDS:
            raise InputError("kind", f"kind must be one of {', '.join(KINDS)}")
        if not data.name.strip():
            raise InputError("name", "name is required")
        currency = data.currency.strip().upper()
        try:
            from surveys.incentives import minor_digits

            minor_digits(currency)
        except MoneyError:
            raise InputError(
                "currency",
                f"unknown currency {data.currency!r}: use an ISO 4217 code such as JPY or EUR",
            ) from None
        budget = _money(data.budget, currency, "budget")
        assert budget is not None
        if data.code_source not in {"generated", "pool"}:
            raise InputError("code_source", "code_source must be generated or pool")
        percent = _decimal(data.percent, "percent")
        rate = _decimal(data.expected_redemption_rate, "expected_redemption_rate")
        if percent is not None and not 0 < percent <= 100:
            raise InputError("percent", "percent must be above 0 and at most 100")
        if rate is not None and not 0 <= rate <= 1:
            raise InputError("expected_redemption_rate", "a rate between 0 and 1")
        unit_cost = _money(data.unit_cost, currency, "unit_cost", required=False)
        order_value = _money(
            data.expected_order_value, currency, "expected_order_value", required=False
        )
        try:
            expected = expected_unit_cost(
                data.kind,
                unit_cost_minor=unit_cost,
                percent=percent,
                expected_order_value_minor=order_value,
                expected_redemption_rate=rate,
            )
        except MoneyError as exc:
            field = "percent" if data.kind == "percent_coupon" else "unit_cost"
            raise InputError(field, str(exc)) from None
        # A budget must buy at least one grant, and a grant must cost something: a free
        # incentive has no cost model to report and would never stop being offered.
        cost_field = "unit_cost"
        if data.kind == "percent_coupon":
            cost_field = "expected_redemption_rate" if rate == 0 else "expected_order_value"
        if budget <= 0:
            raise InputError("budget", "the budget must be above 0")
        if expected <= 0:
            raise InputError(cost_field, "each grant must cost something (expected cost 0)")
        if expected > budget:
            raise InputError(
                cost_field,
                f"one grant is expected to cost {from_minor(expected, currency)} {currency}, "
                f"more than the whole budget ({from_minor(budget, currency)} {currency})",
            )
        row = Incentive(
            survey=survey_id,
            kind=data.kind,
            name=data.name.strip()[:200],
            description_en=data.description_en[:300],
            description_ja=data.description_ja[:300],
            currency=currency,
            budget_minor=budget,
            unit_cost_minor=unit_cost,
            percent=None if percent is None else str(percent),
            expected_order_value_minor=order_value,
            expected_redemption_rate=None if rate is None else str(rate),
            expected_cost_minor=expected,
            code_source=data.code_source,
            created_at=self.clock.now(),
        )
        await row.save()
        return await self.get(int(row.id))

    async def _row(self, incentive_id: int) -> dict[str, Any]:
        row = await Incentive.select().where(Incentive.id == incentive_id).first()
        if row is None:
            raise NotFound(f"incentive {incentive_id} not found")
        return row

    async def add_codes(self, incentive_id: int, codes: list[str]) -> int:
        """Add codes to the pool; blanks and duplicates are errors (nothing is added)."""
        await self._row(incentive_id)
        problems: list[RowProblem] = []
        seen: set[str] = set()
        cleaned: list[str] = []
        for index, raw in enumerate(codes, start=1):
            code = raw.strip()
            if not code or len(code) > 64:
                problems.append(RowProblem(index, "code", "empty or longer than 64 characters"))
            elif code in seen:
                problems.append(RowProblem(index, "code", "duplicate in this upload"))
            else:
                seen.add(code)
                cleaned.append(code)
        if cleaned:
            taken = await IncentiveCode.select(IncentiveCode.code).where(
                IncentiveCode.code.is_in(cleaned)
            )
            for row in taken:
                problems.append(
                    RowProblem(cleaned.index(row["code"]) + 1, "code", "already uploaded")
                )
        if problems:
            raise CodesRejected(problems)
        if cleaned:
            await IncentiveCode.insert(
                *[IncentiveCode(incentive=incentive_id, code=code) for code in cleaned]
            )
        return len(cleaned)

    # -- grants ---------------------------------------------------------------------------

    async def grant_in_transaction(
        self, invitation_id: int, survey_id: int, language: str
    ) -> IncentiveGranted | None:
        """Within the answer's transaction: the grant this invitation has or now earns."""
        # Most surveys have no incentive; keep the answer's write lock short for them.
        if not await Incentive.exists().where(Incentive.survey == survey_id):
            return None
        existing = (
            await IncentiveGrant.select(
                IncentiveGrant.code,
                IncentiveGrant.status,
                IncentiveGrant.incentive.name.as_alias("name"),
                IncentiveGrant.incentive.description_en.as_alias("description_en"),
                IncentiveGrant.incentive.description_ja.as_alias("description_ja"),
            )
            .where(IncentiveGrant.invitation == invitation_id)
            .first()
        )
        if existing:
            return _grant_out(existing, language)
        invitation = (
            await Invitation.select(Invitation.holdout)
            .where(Invitation.id == invitation_id)
            .first()
        )
        if invitation is None or invitation["holdout"]:
            return None
        incentives = (
            await Incentive.select()
            .where(
                (Incentive.survey == survey_id) & (Incentive.active == True)  # noqa: E712
            )
            .order_by(Incentive.id)
        )
        now = self.clock.now()
        for incentive in incentives:
            cost = incentive["expected_cost_minor"]
            # The whole budget rule in one statement: concurrent answers serialise on the row.
            reserved = await Incentive.raw(
                "UPDATE incentive SET committed_minor = committed_minor + {} "
                "WHERE id = {} AND active AND committed_minor + {} <= budget_minor "
                "RETURNING committed_minor",
                cost,
                incentive["id"],
                cost,
            )
            if not reserved:
                await Incentive.update({Incentive.exhausted_at: now}).where(
                    (Incentive.id == incentive["id"]) & Incentive.exhausted_at.is_null()
                )
                continue
            inserted = (
                await IncentiveGrant.insert(
                    IncentiveGrant(
                        incentive=incentive["id"],
                        invitation=invitation_id,
                        expected_cost_minor=cost,
                        status="issued",
                        created_at=now,
                    )
                )
                .on_conflict(target=IncentiveGrant.invitation, action="DO NOTHING")
                .returning(IncentiveGrant.id)
            )
            if not inserted:
                # A concurrent submission of the same invitation won: give the budget back.
                await Incentive.raw(
                    "UPDATE incentive SET committed_minor = committed_minor - {} WHERE id = {}",
                    cost,
                    incentive["id"],
                )
                return await self.grant_in_transaction(invitation_id, survey_id, language)
            grant_id = int(inserted[0]["id"])
            code = await self._code_for(incentive, grant_id, now)
            status = "issued" if code else "awaiting_code"
            await IncentiveGrant.update(
                {IncentiveGrant.code: code, IncentiveGrant.status: status}
            ).where(IncentiveGrant.id == grant_id)
            return _grant_out(
                {
                    "code": code,
                    "status": status,
                    "name": incentive["name"],
                    "description_en": incentive["description_en"],
                    "description_ja": incentive["description_ja"],
                },
                language,
            )
        return None

    async def _code_for(
        self, incentive: dict[str, Any], grant_id: int, now: dt.datetime
    ) -> str | None:
        if incentive["code_source"] != "pool":
            return new_code()
        lock = " FOR UPDATE SKIP LOCKED" if is_postgres() else ""
        taken = await IncentiveCode.raw(
            "UPDATE incentive_code SET grant_id = {}, assigned_at = {} WHERE id = ("
            "SELECT id FROM incentive_code WHERE incentive = {} AND grant_id IS NULL "
            f"ORDER BY id LIMIT 1{lock}) RETURNING code",
            grant_id,
            now,
            incentive["id"],
        )
        return taken[0]["code"] if taken else None

    async def is_offered(self, survey_id: int) -> dict[str, Any] | None:
        """The incentive new invitations and reminders may mention, if the budget allows."""
        rows = (
            await Incentive.select()
            .where(
                (Incentive.survey == survey_id) & (Incentive.active == True)  # noqa: E712
            )
            .order_by(Incentive.id)
        )
        for row in rows:
            if still_offered(row):
                return row
        return None

    # -- redemptions ----------------------------------------------------------------------

    async def import_redemptions(self, survey_id: int, items: list[RedemptionIn]) -> int:
        """Apply redemptions (idempotent by code); any bad row rejects the whole file."""
        grants = {
            r["code"]: r
            for r in await IncentiveGrant.select(
                IncentiveGrant.id,
                IncentiveGrant.code,
                IncentiveGrant.expected_cost_minor,
                IncentiveGrant.actual_cost_minor,
                IncentiveGrant.incentive.id.as_alias("incentive_id"),
                IncentiveGrant.incentive.kind.as_alias("kind"),
                IncentiveGrant.incentive.currency.as_alias("currency"),
                IncentiveGrant.incentive.percent.as_alias("percent"),
                IncentiveGrant.incentive.unit_cost_minor.as_alias("unit_cost_minor"),
            ).where(
                (IncentiveGrant.incentive.survey == survey_id) & IncentiveGrant.code.is_not_null()
            )
        }
        problems: list[RowProblem] = []
        seen: set[str] = set()
        parsed: list[tuple[dict[str, Any], dt.datetime, int]] = []
        for index, item in enumerate(items, start=2):
            code = item.code.strip()
            grant = grants.get(code)
            if not code:
                problems.append(RowProblem(index, "code", "missing"))
                continue
            if code in seen:
                problems.append(RowProblem(index, "code", "duplicate in this file"))
                continue
            seen.add(code)
            if grant is None:
                problems.append(RowProblem(index, "code", "no grant of this survey has this code"))
                continue
            try:
                when = dt.datetime.fromisoformat(item.redeemed_at.strip())
            except ValueError:
                problems.append(RowProblem(index, "redeemed_at", "not a date (YYYY-MM-DD)"))
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            if when > self.clock.now() + dt.timedelta(days=1):
                problems.append(RowProblem(index, "redeemed_at", "in the future"))
                continue
            try:
                order = to_minor(item.order_value.strip(), grant["currency"])
            except MoneyError as exc:
                problems.append(RowProblem(index, "order_value", str(exc)))
                continue
            if order < 0:
                problems.append(RowProblem(index, "order_value", "cannot be negative"))
                continue
            parsed.append((grant, when, order))
        if problems:
            raise RedemptionsRejected(problems)
        from app.db import write_transaction

        async with write_transaction():
            for grant, when, order in parsed:
                actual = redeemed_cost(
                    grant["kind"],
                    order,
                    unit_cost_minor=grant["unit_cost_minor"],
                    percent=Decimal(grant["percent"]) if grant["percent"] else None,
                )
                before = (
                    grant["actual_cost_minor"]
                    if grant["actual_cost_minor"] is not None
                    else grant["expected_cost_minor"]
                )
                await IncentiveGrant.update(
                    {
                        IncentiveGrant.actual_cost_minor: actual,
                        IncentiveGrant.order_value_minor: order,
                        IncentiveGrant.redeemed_at: when,
                    }
                ).where(IncentiveGrant.id == grant["id"])
                if actual != before:
                    await Incentive.raw(
                        "UPDATE incentive SET committed_minor = committed_minor + {} WHERE id = {}",
                        actual - before,
                        grant["incentive_id"],
                    )
        return len(parsed)

    # -- reporting ------------------------------------------------------------------------

    async def list(self, survey_id: int) -> list[IncentiveOut]:
        rows = await Incentive.select(Incentive.id).where(Incentive.survey == survey_id)
        return [await self.get(r["id"]) for r in rows]

    async def get(self, incentive_id: int) -> IncentiveOut:
        row = await self._row(incentive_id)
        currency = row["currency"]
        survey_id = row["survey"]
        grants = await IncentiveGrant.raw(
            "SELECT COUNT(*) AS n, "
            "SUM(CASE WHEN status = 'awaiting_code' THEN 1 ELSE 0 END) AS awaiting, "
            "SUM(CASE WHEN redeemed_at IS NOT NULL THEN 1 ELSE 0 END) AS redeemed, "
            "SUM(CASE WHEN redeemed_at IS NOT NULL THEN actual_cost_minor ELSE 0 END) AS given "
            "FROM incentive_grant WHERE incentive = {}",
            incentive_id,
        )
        counts = grants[0]
        codes_left = None
        if row["code_source"] == "pool":
            codes_left = await IncentiveCode.count().where(
                (IncentiveCode.incentive == incentive_id) & IncentiveCode.grant_id.is_null()
            )
        # Invited = given a personal link (queued), whether or not the mail has gone out yet.
        groups = await Invitation.raw(
            "SELECT i.holdout AS holdout, COUNT(*) AS invited, "
            "SUM(CASE WHEN i.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered "
            "FROM invitation i WHERE i.survey = {} AND i.queued_at IS NOT NULL GROUP BY i.holdout",
            survey_id,
        )
        by_group = {bool(g["holdout"]): g for g in groups}
        scores = await Response.raw(
            "SELECT i.holdout AS holdout, r.nps_score AS score FROM survey_response r "
            "JOIN invitation i ON i.id = r.invitation "
            "WHERE r.survey = {} AND r.nps_score IS NOT NULL",
            survey_id,
        )
        inc = by_group.get(False, {"invited": 0, "answered": 0})
        hold = by_group.get(True, {"invited": 0, "answered": 0})
        measured = uplift(
            int(inc["invited"] or 0),
            int(inc["answered"] or 0),
            int(hold["invited"] or 0),
            int(hold["answered"] or 0),
            int(row["committed_minor"]),
            [float(s["score"]) for s in scores if not s["holdout"]],
            [float(s["score"]) for s in scores if s["holdout"]],
        )
        survey = (
            await Survey.select(Survey.kind, Survey.audience).where(Survey.id == survey_id).first()
        )
        if survey is not None and (survey["kind"] == "enps" or survey["audience"] == "employee"):
            from surveys import guard_hooks

            measured = await guard_hooks.guard_uplift(measured, survey_id, self.floor)
        left = row["budget_minor"] - row["committed_minor"]
        offered = still_offered(row)

        def money(minor: int | None) -> str | None:
            return None if minor is None else str(from_minor(int(minor), currency))

        return IncentiveOut(
            id=row["id"],
            survey_id=survey_id,
            kind=row["kind"],
            name=row["name"],
            currency=currency,
            budget=str(from_minor(row["budget_minor"], currency)),
            committed_cost=str(from_minor(row["committed_minor"], currency)),
            budget_left=str(from_minor(left, currency)),
            expected_unit_cost=str(from_minor(row["expected_cost_minor"], currency)),
            offered=offered,
            exhausted=not offered,
            code_source=row["code_source"],
            codes_left=codes_left,
            grants=int(counts["n"] or 0),
            awaiting_code=int(counts["awaiting"] or 0),
            redeemed=int(counts["redeemed"] or 0),
            discount_given=str(from_minor(int(counts["given"] or 0), currency)),
            cost_per_answer=money(measured.cost_per_answer_minor),
            incremental_cost_per_added_answer=money(
                measured.incremental_cost_per_added_answer_minor
            ),
            uplift=measured,
        )

    async def set_active(self, incentive_id: int, active: bool) -> IncentiveOut:
        await self._row(incentive_id)
        await Incentive.update({Incentive.active: active}).where(Incentive.id == incentive_id)
        return await self.get(incentive_id)


class CodesRejected(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} bad code(s)")
        self.problems = problems


class RedemptionsRejected(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} bad row(s); nothing was imported")
        self.problems = problems


def _grant_out(row: dict[str, Any], language: str) -> IncentiveGranted:
    description = row["description_ja"] if language == "ja" else row["description_en"]
    return IncentiveGranted(
        name=row["name"],
        description=description or row["description_en"] or "",
        code=row["code"],
        status=row["status"],
    )


async def queue_thank_you(
    settings: Any, invitation: dict[str, Any], grant: IncentiveGranted, now: dt.datetime
) -> None:
    """The thank-you email with the code, queued once per invitation in the same transaction.

    Its unsubscribe link gets a fresh random token of its own (never the answer token).
    """
    from email.utils import format_datetime, formataddr

    from surveys.emails import new_message_id, render_mime, sender_header, thank_you_texts
    from surveys.tables import UnsubscribeLink
    from surveys.tokens import new_token, token_hash

    unsubscribe_token = new_token()
    await UnsubscribeLink.insert(
        UnsubscribeLink(
            invitation=invitation["id"], token_hash=token_hash(unsubscribe_token), created_at=now
        )
    )

    lang = "ja" if invitation["language"] == "ja" else "en"
    # the title the respondent saw (their language's, then the other's), never the staff name
    other = "en" if lang == "ja" else "ja"
    survey = str(
        invitation.get(f"title_{lang}")
        or invitation.get(f"title_{other}")
        or invitation["survey_name"]
    )
    # the same organisation and sender as the invitation (the survey's own, else the settings')
    org = str(invitation.get("org_name") or "").strip() or settings.org_name
    sender = str(invitation.get("sender_name") or "").strip() or settings.mail_from_name or org
    name = str(invitation.get("name") or "")
    unsubscribe_url = f"{settings.base_url}/u/{unsubscribe_token}"
    # the thank-you is named by its description in the respondent's language when it has one
    subject, text, html = thank_you_texts(
        language=lang,
        title=survey,
        org_name=org,
        to_name=name,
        incentive_name=grant.description or grant.name,
        code=grant.code,
        unsubscribe_url=unsubscribe_url,
    )
    message_id = new_message_id(settings.mail_from)
    to = formataddr((name, invitation["email"]), charset="utf-8") if name else invitation["email"]
    raw = render_mime(
        subject=subject,
        sender=sender_header(sender, settings.mail_from),
        to=to.replace("\r\n", "\n").replace("\n", "\r\n"),
        date=format_datetime(now),
        message_id=message_id,
        language=lang,
        unsubscribe_url=unsubscribe_url,
        text=text,
        html=html,
    )
    await queue_message(
        dedupe_key=f"thank_you:{invitation['id']}",
        kind="thank_you",
        to=invitation["email"],
        subject=subject,
        raw=raw,
        message_id=message_id,
        now=now,
        survey=invitation["survey_id"],
        invitation=invitation["id"],
    )


def parse_redemptions_csv(data: bytes) -> list[RedemptionIn]:
    """CSV with the header ``code,redeemed_at,order_value`` (UTF-8, BOM or Shift_JIS)."""
    try:
        text = decode_csv(data)
    except Exception as exc:
        raise RedemptionsRejected([RowProblem(1, "file", str(exc))]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    expected = {"code", "redeemed_at", "order_value"}
    unknown = [h for h in header if h not in expected]
    missing = sorted(expected - set(header))
    if unknown or missing:
        problems = [RowProblem(1, h, "unknown column") for h in unknown]
        problems += [RowProblem(1, h, "missing column") for h in missing]
        raise RedemptionsRejected(problems)
    items = []
    for raw in reader:
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        items.append(
            RedemptionIn(
                code=row.get("code", ""),
                redeemed_at=row.get("redeemed_at", ""),
                order_value=row.get("order_value", ""),
            )
        )
    return items
