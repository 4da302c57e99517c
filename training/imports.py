"""Imports of accounts, account events and participants, from CSV files or the JSON API.

Rules, the same for both routes:

* **All or nothing.** Every row is checked first; if any is bad the whole import is refused
  with a list of every problem (row, column, reason) and nothing is written. The writes
  run in one transaction.
* **Idempotent by external id** (participants: by email within the workshop). A row whose
  id exists is updated when it differs and left alone when it does not, so importing the
  same file twice changes nothing.
* **Rows are numbered as in a spreadsheet**: the header is row 1, the first data row 2. In
  the JSON API, ``row`` is the 1-based position in the list.
* **Encodings**: UTF-8 with or without BOM, and Shift_JIS (read as CP932, its Windows
  superset, which is what Excel in Japan writes). Anything else is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import msgspec

from app.db import write_transaction
from app.i18n import LANGUAGES
from app.text import unsafe_reason
from training.metrics import KIND_NAMES, TIER_NAMES, parse_tier
from training.money import is_currency, parse_amount, to_minor
from training.schemas import ImportProblem, ImportResult
from training.tables import Account, AccountEvent, Checkpoint, Participant, Workshop

__all__ = [
    "ImportRejected",
    "decode_csv",
    "import_accounts",
    "import_events",
    "import_participants",
    "read_csv_rows",
]

CHUNK = 500
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_NEGATIVE_KINDS = frozenset({"contraction", "churn"})
_ATTENDANCE = {
    "invited": "invited",
    "attended": "attended",
    "present": "attended",
    "yes": "attended",
    "出席": "attended",
    "no_show": "no_show",
    "no-show": "no_show",
    "noshow": "no_show",
    "absent": "no_show",
    "欠席": "no_show",
    "招待": "invited",
}


class ImportRejected(Exception):
    """The import was refused whole; ``problems`` names every bad row and column."""

    def __init__(self, problems: Sequence[ImportProblem], what: str = "file") -> None:
        self.problems = sorted(problems, key=lambda p: (p.row, p.column))
        rows = sorted({p.row for p in self.problems})
        super().__init__(
            f"The {what} was rejected: {len(self.problems)} problem(s) in {len(rows)} row(s); "
            "nothing was imported"
        )
        self.detail = str(self)


# ----------------------------------------------------------------------------- CSV reading


def decode_csv(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (BOM or not) or Shift_JIS; raises :class:`ImportRejected`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise ImportRejected(
            [
                ImportProblem(
                    line,
                    "",
                    "the file is not valid UTF-8 or Shift_JIS text "
                    f"(first bad byte at offset {utf8_error.start}); save it as UTF-8 CSV",
                )
            ]
        ) from None


def _header_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def read_csv_rows(
    data: bytes, aliases: Mapping[str, str], required: Iterable[str]
) -> list[tuple[int, dict[str, str]]]:
    """``(row number, {column: text})`` per data row; header names are normalised and
    mapped through ``aliases``. Missing required columns refuse the file."""
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRejected([ImportProblem(1, "", "the file is empty")]) from None
    except csv.Error as exc:
        raise ImportRejected([ImportProblem(1, "", f"unreadable CSV: {exc}")]) from None
    columns = [aliases.get(_header_key(h), _header_key(h)) for h in header]
    problems_in_header: list[ImportProblem] = []
    seen: dict[str, str] = {}
    for raw_name, column in zip(header, columns, strict=True):
        if column in seen:
            # two headers meaning the same field: refuse rather than let one silently win
            problems_in_header.append(
                ImportProblem(
                    1,
                    column,
                    f"columns {seen[column]!r} and {raw_name.strip()!r} both mean {column}; "
                    "keep one",
                )
            )
        else:
            seen[column] = raw_name.strip()
    missing = [name for name in required if name not in columns]
    problems_in_header += [ImportProblem(1, name, "required column is missing") for name in missing]
    if problems_in_header:
        raise ImportRejected(problems_in_header)
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[ImportProblem] = []
    try:
        for record in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                problems.append(
                    ImportProblem(number, "", f"{len(record)} cells but {len(columns)} columns")
                )
                continue
            values = {
                c: (record[i].strip() if i < len(record) else "") for i, c in enumerate(columns)
            }
            problems.extend(_unsafe_cells(number, values))
            rows.append((number, values))
    except csv.Error as exc:
        problems.append(ImportProblem(reader.line_num, "", f"unreadable CSV: {exc}"))
    if problems:
        raise ImportRejected(problems)
    return rows


def _unsafe_cells(number: int, values: Mapping[str, str]) -> list[ImportProblem]:
    """Names, teams, owners …: every cell follows the one text rule (:mod:`app.text`)."""
    return [
        ImportProblem(number, column, reason)
        for column, value in values.items()
        if (reason := unsafe_reason(value))
    ]


def _rows_from_structs(items: Sequence[msgspec.Struct]) -> list[tuple[int, dict[str, str]]]:
    rows = []
    problems: list[ImportProblem] = []
    for number, item in enumerate(items, start=1):
        values: dict[str, str] = {}
        for name in item.__struct_fields__:
            value = getattr(item, name)
            if value is None:
                values[name] = ""
            elif isinstance(value, dt.date):
                values[name] = value.isoformat()
            elif isinstance(value, Decimal):
                values[name] = format(value, "f")
            else:
                values[name] = str(value)
        problems.extend(_unsafe_cells(number, values))
        rows.append((number, values))
    if problems:
        raise ImportRejected(problems)
    return rows


def parse_date(text: str) -> dt.date:
    """``2025-04-01`` or ``2025/4/1`` (common in Japanese spreadsheets)."""
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", cleaned)
    if not match:
        raise ValueError(f"is not a date (YYYY-MM-DD): {text!r}")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"is not a real date: {text!r}") from None


@dataclass
class _Collector:
    problems: list[ImportProblem] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.problems.append(ImportProblem(row, column, reason))

    def check(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)


async def _existing(table: Any, column: Any, keys: Sequence[Any], *extra: Any) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(keys), CHUNK):
        query = table.objects().where(column.is_in(list(keys[start : start + CHUNK])))
        for condition in extra:
            query = query.where(condition)
        found.extend(await query)
    return found


async def _insert(table: Any, rows: list[Any]) -> None:
    for start in range(0, len(rows), CHUNK):
        await table.insert(*rows[start : start + CHUNK])


# ----------------------------------------------------------------------------- accounts

ACCOUNT_ALIASES = {
    "id": "external_id",
    "account_id": "external_id",
    "account_external_id": "external_id",
    "account_name": "name",
    "monthly_recurring_revenue": "mrr",
    "created": "created_on",
    "created_at": "created_on",
    "owner_email": "owner",
    "health": "health_score",
    "health_date": "health_scored_on",
    "health_score_date": "health_scored_on",
}


@dataclass
class _AccountRow:
    row: int
    external_id: str
    name: str
    tier: str
    segment: str
    owner: str
    currency: str
    mrr_minor: int
    created_on: dt.date | None
    health_score: float | None = None
    health_scored_on: dt.date | None = None


def _parse_account(number: int, raw: Mapping[str, str], out: _Collector) -> _AccountRow | None:
    before = len(out.problems)
    external_id = raw.get("external_id", "")
    if not external_id:
        out.add(number, "external_id", "is empty")
    elif len(external_id) > 200:
        out.add(number, "external_id", "is longer than 200 characters")
    name = raw.get("name", "")
    if not name:
        out.add(number, "name", "is empty")
    tier = ""
    try:
        tier = TIER_NAMES[parse_tier(raw.get("tier", ""))]
    except ValueError:
        out.add(
            number, "tier", f"unknown tier {raw.get('tier', '')!r} (Enterprise, Mid-market, SMB)"
        )
    currency = (raw.get("currency") or "JPY").upper()
    if not _CURRENCY.match(currency) or not is_currency(currency):
        out.add(number, "currency", f"is not an ISO 4217 currency code: {raw.get('currency')!r}")
    mrr_minor = 0
    try:
        mrr = parse_amount(raw.get("mrr", ""))
        if mrr < 0:
            out.add(number, "mrr", f"negative MRR is not allowed: {raw.get('mrr')}")
        elif _CURRENCY.match(currency) and is_currency(currency):
            mrr_minor = to_minor(mrr, currency)
    except ValueError as exc:
        out.add(number, "mrr", str(exc))
    created_on = None
    if raw.get("created_on"):
        try:
            created_on = parse_date(raw["created_on"])
        except ValueError as exc:
            out.add(number, "created_on", str(exc))
    owner = raw.get("owner", "")
    if len(owner) > 254:
        out.add(number, "owner", "is longer than 254 characters")
    health_score = None
    if raw.get("health_score"):
        from training.health_services import parse_score

        try:
            health_score = parse_score(raw["health_score"])
        except ValueError as exc:
            out.add(number, "health_score", str(exc))
    health_scored_on = None
    if raw.get("health_scored_on"):
        try:
            health_scored_on = parse_date(raw["health_scored_on"])
        except ValueError as exc:
            out.add(number, "health_scored_on", str(exc))
        if not raw.get("health_score"):
            out.add(number, "health_score", "a health_scored_on date needs a health_score")
    if len(out.problems) > before:
        return None
    return _AccountRow(
        number,
        external_id,
        name[:300],
        tier,
        raw.get("segment", "")[:100],
        owner,
        currency,
        mrr_minor,
        created_on,
        health_score,
        health_scored_on,
    )


async def _import_accounts(
    rows: list[tuple[int, dict[str, str]]], now: dt.datetime, settings: Any = None
) -> ImportResult:
    out = _Collector()
    parsed: list[_AccountRow] = []
    first_row: dict[str, int] = {}
    for number, raw in rows:
        item = _parse_account(number, raw, out)
        key = raw.get("external_id", "")
        if key and key in first_row:
            out.add(number, "external_id", f"duplicate {key!r} (also on row {first_row[key]})")
            continue
        if key:
            first_row[key] = number
        if item is not None:
            parsed.append(item)
    if not out.problems and not parsed:
        out.add(1, "", "there are no rows to import")
    # Rows that parsed are still checked against the database, so every problem is listed.
    async with write_transaction():
        existing = {
            a.external_id: a
            for a in await _existing(Account, Account.external_id, [p.external_id for p in parsed])
        }
        # A new creation date may not come after the account's recorded events.
        dated = [
            existing[p.external_id].id
            for p in parsed
            if p.external_id in existing and p.created_on is not None
        ]
        first_event: dict[int, dt.date] = {}
        for start in range(0, len(dated), CHUNK):
            for event in await AccountEvent.select(
                AccountEvent.account, AccountEvent.occurred_on
            ).where(AccountEvent.account.is_in(dated[start : start + CHUNK])):
                day = event["occurred_on"]
                account = event["account"]
                if account not in first_event or day < first_event[account]:
                    first_event[account] = day
        for p in parsed:
            row = existing.get(p.external_id)
            if row is not None and p.created_on is not None:
                earliest = first_event.get(row.id)
                if earliest is not None and earliest < p.created_on:
                    out.add(
                        p.row,
                        "created_on",
                        f"account {p.external_id!r} has an event on {earliest}, before "
                        f"{p.created_on}",
                    )
            if row is not None and row.currency != p.currency and first_event.get(row.id):
                out.add(p.row, "currency", "cannot change the currency of an account with events")
        out.check()
        created: list[Account] = []
        updated = unchanged = 0
        for p in parsed:
            values: dict[Any, Any] = {
                Account.name: p.name,
                Account.tier: p.tier,
                Account.segment: p.segment,
                Account.owner: p.owner,
                Account.currency: p.currency,
                Account.mrr_minor: p.mrr_minor,
                Account.created_on: p.created_on,
            }
            row = existing.get(p.external_id)
            if row is None:
                created.append(
                    Account(
                        {Account.external_id: p.external_id, Account.imported_at: now, **values}
                    )
                )
            elif any(getattr(row, c._meta.name) != v for c, v in values.items()):
                await Account.update({**values, Account.imported_at: now}).where(
                    Account.id == row.id
                )
                updated += 1
            else:
                unchanged += 1
        await _insert(Account, created)
        scored = [p for p in parsed if p.health_score is not None]
        if scored:
            await _store_account_health(scored, now, settings)
    return ImportResult(len(parsed), len(created), updated, unchanged)


async def _store_account_health(
    scored: Sequence[_AccountRow], now: dt.datetime, settings: Any
) -> None:
    """A ``health_score`` column: each account's score, dated ``health_scored_on`` (else the
    import day)."""
    from training.health import band_of
    from training.health_services import current_definition, store_account_scores

    ids = {
        a.external_id: a.id
        for a in await _existing(Account, Account.external_id, [p.external_id for p in scored])
    }
    _, definition = await current_definition()
    day = now.date()
    rows: list[tuple[int, dt.date, float, str, dict[str, Any]]] = [
        (
            ids[p.external_id],
            p.health_scored_on or day,
            p.health_score,
            band_of(p.health_score, definition),
            {},
        )
        for p in scored
        if p.health_score is not None
    ]
    await store_account_scores(rows, "imported", None, definition, now, settings)


async def import_accounts(data: bytes, now: dt.datetime, settings: Any = None) -> ImportResult:
    """Import accounts from CSV bytes (see the module docstring)."""
    rows = read_csv_rows(data, ACCOUNT_ALIASES, ("external_id", "name", "tier", "mrr"))
    return await _import_accounts(rows, now, settings)


async def import_accounts_api(
    items: Sequence[msgspec.Struct], now: dt.datetime, settings: Any = None
) -> ImportResult:
    return await _import_accounts(_rows_from_structs(items), now, settings)


# ----------------------------------------------------------------------------- events

EVENT_ALIASES = {
    "event_id": "external_event_id",
    "id": "external_event_id",
    "account": "account_external_id",
    "account_id": "account_external_id",
    # in an events file, a bare `external_id` is the event's id (the account's column is
    # `account_external_id`, `account` or `account_id`)
    "external_id": "external_event_id",
    "occurred_on": "date",
    "event_date": "date",
    "type": "kind",
    "event_kind": "kind",
    "delta": "mrr_delta",
    "mrr_change": "mrr_delta",
}


@dataclass
class _EventRow:
    row: int
    external_event_id: str
    account_external_id: str
    occurred_on: dt.date
    kind: str
    delta: Decimal
    source: str


async def _import_events(rows: list[tuple[int, dict[str, str]]], now: dt.datetime) -> ImportResult:
    out = _Collector()
    parsed: list[_EventRow] = []
    first_row: dict[str, int] = {}
    for number, raw in rows:
        before = len(out.problems)
        key = raw.get("external_event_id", "")
        if not key:
            out.add(number, "external_event_id", "is empty")
        elif key in first_row:
            out.add(
                number, "external_event_id", f"duplicate {key!r} (also on row {first_row[key]})"
            )
        else:
            first_row[key] = number
        if not raw.get("account_external_id"):
            out.add(number, "account_external_id", "is empty")
        occurred_on = dt.date.min
        try:
            occurred_on = parse_date(raw.get("date", ""))
        except ValueError as exc:
            out.add(number, "date", str(exc))
        kind = raw.get("kind", "").strip().lower()
        if kind not in KIND_NAMES:
            out.add(
                number, "kind", f"unknown kind {raw.get('kind', '')!r} ({', '.join(KIND_NAMES)})"
            )
        delta = Decimal(0)
        try:
            delta = parse_amount(raw.get("mrr_delta", ""))
            if kind in _NEGATIVE_KINDS and delta > 0:
                out.add(number, "mrr_delta", f"{kind} needs a negative MRR delta (the MRR lost)")
            elif kind in KIND_NAMES and kind not in _NEGATIVE_KINDS and delta < 0:
                out.add(number, "mrr_delta", f"negative MRR delta is not allowed for {kind}")
        except ValueError as exc:
            out.add(number, "mrr_delta", str(exc))
        if len(out.problems) == before:
            parsed.append(
                _EventRow(
                    number,
                    key,
                    raw["account_external_id"],
                    occurred_on,
                    kind,
                    delta,
                    raw.get("source", "")[:100],
                )
            )
    if not out.problems and not parsed:
        out.add(1, "", "there are no rows to import")
    # Rows that parsed are still checked against the database, so every problem is listed.
    async with write_transaction():
        accounts = {
            a.external_id: a
            for a in await _existing(
                Account, Account.external_id, sorted({p.account_external_id for p in parsed})
            )
        }
        existing = {
            e.external_event_id: e
            for e in await _existing(
                AccountEvent, AccountEvent.external_event_id, [p.external_event_id for p in parsed]
            )
        }
        # The day each account started: its creation date, else its first `new` event.
        first_new: dict[int, dt.date] = {}
        ids = [a.id for a in accounts.values() if a.created_on is None]
        for start in range(0, len(ids), CHUNK):
            for event in await AccountEvent.select(
                AccountEvent.account, AccountEvent.occurred_on, AccountEvent.external_event_id
            ).where(
                AccountEvent.account.is_in(ids[start : start + CHUNK]), AccountEvent.kind == "new"
            ):
                if event["external_event_id"] in first_row:
                    continue  # being re-imported: the file's version counts
                account, day = event["account"], event["occurred_on"]
                if account not in first_new or day < first_new[account]:
                    first_new[account] = day
        for p in parsed:
            account = accounts.get(p.account_external_id)
            if account is not None and account.created_on is None and p.kind == "new":
                if account.id not in first_new or p.occurred_on < first_new[account.id]:
                    first_new[account.id] = p.occurred_on
        created: list[AccountEvent] = []
        changes: list[tuple[int, dict[Any, Any]]] = []
        unchanged = 0
        for p in parsed:
            account = accounts.get(p.account_external_id)
            if account is None:
                out.add(p.row, "account_external_id", f"unknown account {p.account_external_id!r}")
                continue
            try:
                delta_minor = to_minor(p.delta, account.currency)
            except ValueError as exc:
                out.add(p.row, "mrr_delta", str(exc))
                continue
            started = account.created_on or first_new.get(account.id)
            if started is not None and p.occurred_on < started:
                out.add(
                    p.row,
                    "date",
                    f"{p.occurred_on} is before account {p.account_external_id!r} existed "
                    f"(from {started})",
                )
                continue
            values: dict[Any, Any] = {
                AccountEvent.account: account.id,
                AccountEvent.occurred_on: p.occurred_on,
                AccountEvent.kind: p.kind,
                AccountEvent.mrr_delta_minor: delta_minor,
                AccountEvent.source: p.source,
            }
            row = existing.get(p.external_event_id)
            if row is None:
                created.append(
                    AccountEvent(
                        {
                            AccountEvent.external_event_id: p.external_event_id,
                            AccountEvent.imported_at: now,
                            **values,
                        }
                    )
                )
            elif row.account != account.id:
                out.add(
                    p.row,
                    "external_event_id",
                    f"{p.external_event_id!r} already belongs to another account",
                )
            elif any(getattr(row, c._meta.name) != v for c, v in values.items()):
                changes.append((row.id, values))
            else:
                unchanged += 1
        out.check()
        for row_id, values in changes:
            await AccountEvent.update({**values, AccountEvent.imported_at: now}).where(
                AccountEvent.id == row_id
            )
        await _insert(AccountEvent, created)
    return ImportResult(len(parsed), len(created), len(changes), unchanged)


async def import_events(data: bytes, now: dt.datetime) -> ImportResult:
    """Import account events from CSV bytes (see the module docstring)."""
    required = ("external_event_id", "account_external_id", "date", "kind", "mrr_delta")
    return await _import_events(read_csv_rows(data, EVENT_ALIASES, required), now)


async def import_events_api(items: Sequence[msgspec.Struct], now: dt.datetime) -> ImportResult:
    return await _import_events(_rows_from_structs(items), now)


# ----------------------------------------------------------------------------- participants

PARTICIPANT_ALIASES = {
    "mail": "email",
    "e_mail": "email",
    "lang": "language",
    "account": "account_external_id",
    "account_id": "account_external_id",
    "status": "attendance",
    "quiz": "quiz_score",
    "score": "quiz_score",
}


@dataclass
class _ParticipantRow:
    row: int
    email: str
    name: str
    language: str
    account_external_id: str | None
    team: str | None
    attendance: str
    quiz_score: float | None


async def _import_participants(
    workshop_id: int, rows: list[tuple[int, dict[str, str]]], now: dt.datetime
) -> ImportResult:
    workshop = await Workshop.objects().where(Workshop.id == workshop_id).first()
    if workshop is None:
        from app.errors import NotFound

        raise NotFound(f"workshop {workshop_id} does not exist")
    customer = workshop.kind == "customer"
    unstated = "attended" if workshop.held_on <= now.date() else "invited"
    out = _Collector()
    parsed: list[_ParticipantRow] = []
    first_row: dict[str, int] = {}
    for number, raw in rows:
        before = len(out.problems)
        email = raw.get("email", "").strip().lower()
        if not _EMAIL.match(email) or len(email) > 254:
            out.add(number, "email", f"is not an email address: {raw.get('email', '')!r}")
        elif email in first_row:
            out.add(number, "email", f"duplicate {email!r} (also on row {first_row[email]})")
        else:
            first_row[email] = number
        language = (raw.get("language") or "en").strip().lower().replace("_", "-").split("-")[0]
        if language not in LANGUAGES:
            out.add(number, "language", f"unsupported language {raw.get('language')!r} (en, ja)")
        account_ref = raw.get("account_external_id") or None
        team = raw.get("team") or None
        if customer and not account_ref:
            out.add(number, "account_external_id", "a customer workshop needs the account")
        if not customer and account_ref:
            out.add(
                number, "account_external_id", "an internal workshop takes a team, not an account"
            )
        if not customer and not team:
            out.add(number, "team", "an internal workshop needs the participant's team")
        # Not stated: a list uploaded once the workshop has taken place is the list of who
        # came (README, "Participants"); before the day everyone is only invited.
        attendance_raw = (raw.get("attendance") or unstated).strip().lower()
        attendance = _ATTENDANCE.get(attendance_raw)
        if attendance is None:
            out.add(
                number,
                "attendance",
                f"unknown attendance {raw.get('attendance')!r} (invited, attended, no_show)",
            )
        quiz: float | None = None
        if raw.get("quiz_score"):
            try:
                quiz = float(parse_amount(raw["quiz_score"]))
                if not 0 <= quiz <= 100:
                    out.add(number, "quiz_score", "must be between 0 and 100")
            except ValueError as exc:
                out.add(number, "quiz_score", str(exc))
        if len(out.problems) == before:
            parsed.append(
                _ParticipantRow(
                    number,
                    email,
                    raw.get("name", "")[:200],
                    language,
                    account_ref,
                    team[:100] if team else None,
                    attendance or "invited",
                    quiz,
                )
            )
    if not out.problems and not parsed:
        out.add(1, "", "there are no rows to import")
    # Rows that parsed are still checked against the database, so every problem is listed.
    async with write_transaction():
        refs = sorted({p.account_external_id for p in parsed if p.account_external_id})
        accounts = {
            a.external_id: a.id for a in await _existing(Account, Account.external_id, refs)
        }
        existing = {
            p.email: p
            for p in await _existing(
                Participant,
                Participant.email,
                [p.email for p in parsed],
                Participant.workshop == workshop_id,
            )
        }
        created: list[Participant] = []
        changes: list[tuple[int, dict[Any, Any]]] = []
        unchanged = 0
        for p in parsed:
            account_id = None
            if p.account_external_id:
                account_id = accounts.get(p.account_external_id)
                if account_id is None:
                    out.add(
                        p.row, "account_external_id", f"unknown account {p.account_external_id!r}"
                    )
                    continue
            values: dict[Any, Any] = {
                Participant.name: p.name,
                Participant.language: p.language,
                Participant.account: account_id,
                Participant.team: p.team,
                Participant.attendance: p.attendance,
                Participant.quiz_score: p.quiz_score,
            }
            row = existing.get(p.email)
            if row is None:
                created.append(
                    Participant(
                        {
                            Participant.workshop: workshop_id,
                            Participant.email: p.email,
                            Participant.imported_at: now,
                            **values,
                        }
                    )
                )
            elif any(getattr(row, c._meta.name) != v for c, v in values.items()):
                changes.append((row.id, values))
            else:
                unchanged += 1
        out.check()
        for row_id, values in changes:
            await Participant.update({**values, Participant.imported_at: now}).where(
                Participant.id == row_id
            )
        await _insert(Participant, created)
        if created or changes:
            await wake_due_checkpoints(workshop_id, now)
    return ImportResult(len(parsed), len(created), len(changes), unchanged)


async def wake_due_checkpoints(workshop_id: int, now: dt.datetime) -> None:
    """Put the workshop's due checkpoints up for the next tick after a participant change.

    Waiting ones run at once; done ones run again to invite the newcomers (within the late
    window; the tick decides) and to refresh their effectiveness. Failed ones stay failed.
    """
    await Checkpoint.update(
        {
            Checkpoint.status: "pending",
            Checkpoint.attempts: 0,
            Checkpoint.next_attempt_at: None,
            Checkpoint.claimed_by: None,
        }
    ).where(
        (Checkpoint.workshop == workshop_id)
        & (Checkpoint.due_at <= now)
        & Checkpoint.status.is_in(["pending", "done"])
    )


async def import_participants(workshop_id: int, data: bytes, now: dt.datetime) -> ImportResult:
    """Import a workshop's participants from CSV bytes (see the module docstring)."""
    rows = read_csv_rows(data, PARTICIPANT_ALIASES, ("email",))
    return await _import_participants(workshop_id, rows, now)


async def import_participants_api(
    workshop_id: int, items: Sequence[msgspec.Struct], now: dt.datetime
) -> ImportResult:
    return await _import_participants(workshop_id, _rows_from_structs(items), now)
