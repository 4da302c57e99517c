"""Account health: usage and score imports, the versioned definition, history, KPIs, alerts.

Rules (the scoring itself is in :mod:`training.health`):

* **Imports are all or nothing** like the other importers (:mod:`training.imports`): every
  row is checked, a bad file is refused whole with every problem (row, column, reason), and
  the writes run in one transaction. Re-importing the same file changes nothing.
* **Usage** (``account_external_id, month, login_days, events_held, support_contacts,
  webinar_attended, participants, key_people, renewal_date``) is stored per account and
  month; every month of an imported account from the earliest imported one on is re-scored
  with the **current definition** (the participant trend depends on earlier months), dated
  on the month's last day and stamped with the definition version.
* **Precomputed scores** (``account_external_id, date, health_score``, or a ``health_score``
  column in the accounts file, dated on the import day) are stored as they are, with the
  band of the current definition and no definition version.
* **Risk trigger**: each new or changed score dated within :data:`ALERT_WINDOW` of the
  import fires :func:`training.health.risk_reasons` against the account's previous score
  20–62 days earlier; a firing score queues one email to the account owner through the
  outbox (the detractor alerts' machinery), under a unique key, and one
  ``training_health_alert`` row: never twice for the same score.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import msgspec
import numpy as np

from app.db import write_transaction
from app.errors import InputError
from app.i18n import t
from app.text import one_line
from training import schemas
from training.causal import HealthFrame
from training.health import (
    DEFAULT_DEFINITION,
    HealthDefinitionSpec,
    MonthlyUsage,
    band_of,
    month_end,
    risk_reasons,
    score_usage,
)
from training.imports import (
    CHUNK,
    ImportRejected,
    _Collector,
    _existing,
    _rows_from_structs,
    parse_date,
    read_csv_rows,
)
from training.metrics import to_day
from training.schemas import ImportResult
from training.tables import Account, AccountHealth, AccountUsage, HealthAlert, HealthDefinition

__all__ = [
    "ALERT_WINDOW",
    "HealthService",
    "import_health_scores",
    "import_usage",
    "load_health_frame",
    "store_account_scores",
]

#: Scores older than this at import time (history back-fills) never alert anyone.
ALERT_WINDOW = dt.timedelta(days=45)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
USAGE_ALIASES = {
    "account": "account_external_id",
    "account_id": "account_external_id",
    "external_id": "account_external_id",
    "logins": "login_days",
    "events": "events_held",
    "support": "support_contacts",
    "webinar": "webinar_attended",
    "renewal": "renewal_date",
    "renewal_on": "renewal_date",
}
USAGE_COLUMNS = (
    "account_external_id",
    "month",
    "login_days",
    "events_held",
    "support_contacts",
    "webinar_attended",
    "participants",
    "key_people",
)
SCORE_ALIASES = {
    "account": "account_external_id",
    "account_id": "account_external_id",
    "external_id": "account_external_id",
    "scored_on": "date",
    "score": "health_score",
    "health": "health_score",
}
_TRUE = {"1", "yes", "true", "y", "あり", "参加"}
_FALSE = {"0", "no", "false", "n", "なし", "不参加"}


# ----------------------------------------------------------------------------- definition


async def current_definition() -> tuple[int, HealthDefinitionSpec]:
    """(version, definition) in force: the newest stored one, else seed 004's (version 1)."""
    row = (
        await HealthDefinition.select(HealthDefinition.version, HealthDefinition.definition)
        .order_by(HealthDefinition.version, ascending=False)
        .first()
    )
    if row is None:
        return 1, DEFAULT_DEFINITION
    raw = row["definition"]
    text = raw if isinstance(raw, str | bytes) else json.dumps(raw)
    return int(row["version"]), msgspec.json.decode(text, type=HealthDefinitionSpec)


# ----------------------------------------------------------------------------- parsing


def _int(raw: Mapping[str, str], column: str, number: int, out: _Collector) -> int:
    text = raw.get(column, "").strip()
    try:
        value = int(text)
    except ValueError:
        out.add(number, column, f"is not a whole number: {text!r}")
        return 0
    if value < 0:
        out.add(number, column, f"must be ≥ 0, got {value}")
    return value


@dataclass
class _UsageRow:
    row: int
    account_external_id: str
    month: dt.date
    login_days: int
    events_held: int
    support_contacts: int
    webinar_attended: bool
    participants: int
    key_people: int
    renewal_date: dt.date | None


def _parse_usage(number: int, raw: Mapping[str, str], out: _Collector) -> _UsageRow | None:
    before = len(out.problems)
    account = raw.get("account_external_id", "")
    if not account:
        out.add(number, "account_external_id", "is empty")
    month = dt.date(1970, 1, 1)
    match = _MONTH.match(raw.get("month", "").strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        out.add(number, "month", f"is not a month (YYYY-MM): {raw.get('month', '')!r}")
    else:
        month = dt.date(int(match[1]), int(match[2]), 1)
    values = {
        c: _int(raw, c, number, out)
        for c in ("login_days", "events_held", "support_contacts", "participants", "key_people")
    }
    if values["login_days"] > 31:
        out.add(number, "login_days", f"a month has at most 31 days, got {values['login_days']}")
    webinar_text = raw.get("webinar_attended", "").strip().lower()
    if webinar_text not in _TRUE | _FALSE:
        out.add(number, "webinar_attended", f"must be 0 or 1, got {webinar_text!r}")
    renewal = None
    if raw.get("renewal_date"):
        try:
            renewal = parse_date(raw["renewal_date"])
        except ValueError as exc:
            out.add(number, "renewal_date", str(exc))
    if len(out.problems) > before:
        return None
    return _UsageRow(
        number,
        account,
        month,
        values["login_days"],
        values["events_held"],
        values["support_contacts"],
        webinar_text in _TRUE,
        values["participants"],
        values["key_people"],
        renewal,
    )


async def _accounts(keys: Iterable[str]) -> dict[str, Any]:
    return {a.external_id: a for a in await _existing(Account, Account.external_id, list(keys))}


# ----------------------------------------------------------------------------- usage


async def _import_usage(
    rows: list[tuple[int, dict[str, str]]], now: dt.datetime, settings: Any
) -> ImportResult:
    out = _Collector()
    parsed: list[_UsageRow] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, raw in rows:
        item = _parse_usage(number, raw, out)
        key = (raw.get("account_external_id", ""), raw.get("month", "").strip())
        if key in first_row:
            out.add(
                number,
                "month",
                f"duplicate month {key[1]!r} for {key[0]!r} (also row {first_row[key]})",
            )
            continue
        first_row[key] = number
        if item is not None:
            parsed.append(item)
    if not out.problems and not parsed:
        out.add(1, "", "there are no rows to import")
    async with write_transaction():
        accounts = await _accounts({p.account_external_id for p in parsed})
        for p in parsed:
            if p.account_external_id not in accounts:
                out.add(p.row, "account_external_id", f"unknown account {p.account_external_id!r}")
        out.check()
        ids = sorted({accounts[p.account_external_id].id for p in parsed})
        stored: dict[tuple[int, str], Any] = {}
        for start in range(0, len(ids), CHUNK):
            for u in await AccountUsage.objects().where(
                AccountUsage.account.is_in(ids[start : start + CHUNK])
            ):
                stored[(u.account, u.month)] = u
        created: list[AccountUsage] = []
        updated = unchanged = 0
        earliest: dict[int, dt.date] = {}
        for p in parsed:
            account_id = accounts[p.account_external_id].id
            month_text = p.month.strftime("%Y-%m")
            values: dict[Any, Any] = {
                AccountUsage.login_days: p.login_days,
                AccountUsage.events_held: p.events_held,
                AccountUsage.support_contacts: p.support_contacts,
                AccountUsage.webinar_attended: p.webinar_attended,
                AccountUsage.participants: p.participants,
                AccountUsage.key_people: p.key_people,
                AccountUsage.renewal_date: p.renewal_date,
            }
            row = stored.get((account_id, month_text))
            if row is None:
                created.append(
                    AccountUsage(
                        {
                            AccountUsage.account: account_id,
                            AccountUsage.month: month_text,
                            AccountUsage.imported_at: now,
                            **values,
                        }
                    )
                )
            elif any(getattr(row, c._meta.name) != v for c, v in values.items()):
                await AccountUsage.update({**values, AccountUsage.imported_at: now}).where(
                    AccountUsage.id == row.id
                )
                updated += 1
            else:
                unchanged += 1
                continue
            if account_id not in earliest or p.month < earliest[account_id]:
                earliest[account_id] = p.month
        for start in range(0, len(created), CHUNK):
            await AccountUsage.insert(*created[start : start + CHUNK])
        if earliest:
            await _rescore(earliest, now, settings)
    return ImportResult(len(parsed), len(created), updated, unchanged)


async def _rescore(earliest: Mapping[int, dt.date], now: dt.datetime, settings: Any) -> None:
    """Score every stored month of these accounts from their earliest changed month on."""
    version, definition = await current_definition()
    ids = sorted(earliest)
    usage: dict[int, list[MonthlyUsage]] = {}
    for start in range(0, len(ids), CHUNK):
        for u in await AccountUsage.select().where(
            AccountUsage.account.is_in(ids[start : start + CHUNK])
        ):
            year, month = (int(x) for x in u["month"].split("-"))
            usage.setdefault(u["account"], []).append(
                MonthlyUsage(
                    month=dt.date(year, month, 1),
                    login_days=u["login_days"],
                    events_held=u["events_held"],
                    support_contacts=u["support_contacts"],
                    webinar_attended=bool(u["webinar_attended"]),
                    participants=u["participants"],
                    key_people=u["key_people"],
                    renewal_date=_date_or_none(u["renewal_date"]),
                )
            )
    scores: list[tuple[int, dt.date, float, str, dict[str, Any]]] = []
    for account_id, months in usage.items():
        months.sort(key=lambda m: m.month)
        for i, m in enumerate(months):
            if m.month < earliest[account_id]:
                continue
            score, band, ratings = score_usage(m, months[:i], definition)
            components = {r.key: {"value": r.value, "band": r.band} for r in ratings}
            scores.append((account_id, month_end(m.month), score, band, components))
    await store_account_scores(scores, "usage", version, definition, now, settings)


def _date_or_none(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


async def import_usage(data: bytes, now: dt.datetime, settings: Any) -> ImportResult:
    """Import monthly usage from CSV bytes and re-score the accounts (module docstring)."""
    rows = read_csv_rows(data, USAGE_ALIASES, USAGE_COLUMNS)
    return await _import_usage(rows, now, settings)


async def import_usage_api(
    items: Sequence[msgspec.Struct], now: dt.datetime, settings: Any
) -> ImportResult:
    """Import monthly usage from the JSON API (same rules as the CSV)."""
    return await _import_usage(_rows_from_structs(items), now, settings)


# ----------------------------------------------------------------------------- scores


def parse_score(text: str) -> float:
    """A health score 0–100 from its text (ValueError naming the problem)."""
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"is not a number: {text!r}") from None
    if not 0.0 <= value <= 100.0:
        raise ValueError(f"must be within 0–100, got {text.strip()}")
    return value


async def _import_scores(
    rows: list[tuple[int, dict[str, str]]], now: dt.datetime, settings: Any
) -> ImportResult:
    out = _Collector()
    parsed: list[tuple[int, str, dt.date, float]] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, raw in rows:
        before = len(out.problems)
        account = raw.get("account_external_id", "")
        if not account:
            out.add(number, "account_external_id", "is empty")
        day = dt.date(1970, 1, 1)
        try:
            day = parse_date(raw.get("date", ""))
        except ValueError as exc:
            out.add(number, "date", str(exc))
        score = 0.0
        try:
            score = parse_score(raw.get("health_score", ""))
        except ValueError as exc:
            out.add(number, "health_score", str(exc))
        key = (account, raw.get("date", ""))
        if key in first_row:
            out.add(number, "date", f"duplicate date for {account!r} (also row {first_row[key]})")
            continue
        first_row[key] = number
        if len(out.problems) == before:
            parsed.append((number, account, day, score))
    if not out.problems and not parsed:
        out.add(1, "", "there are no rows to import")
    async with write_transaction():
        accounts = await _accounts({p[1] for p in parsed})
        for number, account, _, _ in parsed:
            if account not in accounts:
                out.add(number, "account_external_id", f"unknown account {account!r}")
        out.check()
        version, definition = await current_definition()
        del version  # imported scores carry no definition version
        scores: list[tuple[int, dt.date, float, str, dict[str, Any]]] = [
            (accounts[a].id, day, score, band_of(score, definition), {})
            for _, a, day, score in parsed
        ]
        return await store_account_scores(scores, "imported", None, definition, now, settings)


async def import_health_scores(data: bytes, now: dt.datetime, settings: Any) -> ImportResult:
    """Import precomputed health scores from CSV bytes (module docstring)."""
    rows = read_csv_rows(data, SCORE_ALIASES, ("account_external_id", "date", "health_score"))
    return await _import_scores(rows, now, settings)


async def store_account_scores(
    scores: Sequence[tuple[int, dt.date, float, str, dict[str, Any]]],
    source: str,
    version: int | None,
    definition: HealthDefinitionSpec,
    now: dt.datetime,
    settings: Any,
) -> ImportResult:
    """Upsert ``(account id, day, score, band, components)`` rows and fire risk triggers
    (``settings`` gives the sender and links; None: no alerts). Runs inside the caller's
    transaction."""
    ids = sorted({s[0] for s in scores})
    history: dict[int, dict[dt.date, dict[str, Any]]] = {}
    for start in range(0, len(ids), CHUNK):
        for h in await AccountHealth.select(
            AccountHealth.id,
            AccountHealth.account,
            AccountHealth.scored_on,
            AccountHealth.score,
            AccountHealth.band,
            AccountHealth.definition_version,
            AccountHealth.source,
        ).where(AccountHealth.account.is_in(ids[start : start + CHUNK])):
            history.setdefault(h["account"], {})[_date_or_none(h["scored_on"])] = h  # type: ignore[index]
    created: list[AccountHealth] = []
    updated = unchanged = 0
    fresh: list[tuple[int, dt.date, float, str]] = []
    for account_id, day, score, band, components in scores:
        old = history.setdefault(account_id, {}).get(day)
        if old is not None and (
            abs(float(old["score"]) - score) < 1e-9
            and old["band"] == band
            and old["definition_version"] == version
            and old["source"] == source
        ):
            unchanged += 1
            continue
        values: dict[Any, Any] = {
            AccountHealth.score: score,
            AccountHealth.band: band,
            AccountHealth.definition_version: version,
            AccountHealth.source: source,
            AccountHealth.components: components,
            AccountHealth.imported_at: now,
        }
        if old is None:
            created.append(
                AccountHealth(
                    {AccountHealth.account: account_id, AccountHealth.scored_on: day, **values}
                )
            )
        else:
            await AccountHealth.update(values).where(AccountHealth.id == old["id"])
            updated += 1
        history[account_id][day] = {"score": score, "band": band}
        fresh.append((account_id, day, score, band))
    for start in range(0, len(created), CHUNK):
        await AccountHealth.insert(*created[start : start + CHUNK])
    if settings is not None:
        await _fire_triggers(fresh, history, definition, now, settings)
    return ImportResult(len(scores), len(created), updated, unchanged)


# ----------------------------------------------------------------------------- alerts


def _owner(owner: str) -> str | None:
    value = owner.strip()
    return value.lower() if "@" in value and " " not in value else None


def health_alert_email(
    sender: str,
    owner: str,
    account_name: str,
    score: float,
    band: str,
    previous: float | None,
    reasons: Sequence[str],
    link: str,
) -> tuple[str, str, str]:
    """(subject, message id, RFC 5322 text) of one risk alert, in English and Japanese."""
    who = one_line(account_name)[:200]
    band_ja = t(f"band.{band}", "ja") if band in ("Green", "Yellow", "Red") else band
    subject = f"Health alert / ヘルススコアアラート: {who} {score:.0f} ({band} / {band_ja})"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = owner
    message["Subject"] = subject
    message_id = make_msgid(domain=sender.split("@", 1)[1])
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    why_en = []
    why_ja = []
    if "drop" in reasons and previous is not None:
        why_en.append(
            f"the score dropped {previous - score:.0f} points ({previous:.0f} → {score:.0f})"
        )
        why_ja.append(
            f"スコアが{previous - score:.0f}ポイント低下しました（{previous:.0f} → {score:.0f}）"
        )
    if "entered_red" in reasons:
        why_en.append("the account entered Red")
        why_ja.append("アカウントがRedになりました")
    message.set_content(
        f"{who}: {'; '.join(why_en)}.\n{who}：{'、'.join(why_ja)}。\n\n"
        "Plan a rescue call or a re-onboarding / 解約防止面談・再オンボーディングをご検討ください: "
        f"{link}\n"
    )
    return subject, message_id, message.as_string()


async def _fire_triggers(
    fresh: Sequence[tuple[int, dt.date, float, str]],
    history: Mapping[int, Mapping[dt.date, Mapping[str, Any]]],
    definition: HealthDefinitionSpec,
    now: dt.datetime,
    settings: Any,
) -> None:
    from surveys.services.mail_queue import queue_message

    cutoff = (now - ALERT_WINDOW).date()
    due: list[tuple[int, dt.date, float, float | None, list[str]]] = []
    for account_id, day, score, band in fresh:
        if day < cutoff or day > now.date() + dt.timedelta(days=1):
            continue
        earlier = [(d, h) for d, h in history[account_id].items() if 20 <= (day - d).days <= 62]
        prev = max(earlier, key=lambda item: item[0])[1] if earlier else None
        prev_score = float(prev["score"]) if prev is not None else None
        reasons = risk_reasons(
            score, band, prev_score, prev["band"] if prev is not None else None, definition
        )
        if reasons:
            due.append((account_id, day, score, prev_score, reasons))
    if not due:
        return
    accounts = {
        a["id"]: a
        for a in await Account.select(Account.id, Account.name, Account.owner).where(
            Account.id.is_in(sorted({d[0] for d in due}))
        )
    }
    for account_id, day, score, prev_score, reasons in due:
        exists = await HealthAlert.exists().where(
            (HealthAlert.account == account_id) & (HealthAlert.scored_on == day)
        )
        if exists:
            continue  # this score already alerted
        account = accounts[account_id]
        owner = _owner(account["owner"] or "")
        band = band_of(score, definition)
        if owner:
            link = f"{settings.base_url}/accounts/{account_id}"
            subject, message_id, body = health_alert_email(
                settings.mail_from, owner, account["name"], score, band, prev_score, reasons, link
            )
            await queue_message(
                dedupe_key=f"health:{account_id}:{day.isoformat()}",
                kind="alert",
                to=owner,
                subject=subject,
                raw=body,
                message_id=message_id,
                now=now,
            )
        await HealthAlert.insert(
            HealthAlert(
                account=account_id,
                scored_on=day,
                reason=",".join(reasons),
                score=score,
                previous_score=prev_score,
                owner_email=owner,
                status="queued" if owner else "no_owner",
                created_at=now,
            )
        )


# ----------------------------------------------------------------------------- reads


async def load_health_frame(index_by_id: Mapping[int, int]) -> HealthFrame:
    """Every stored score of the accounts in ``index_by_id`` (account id → frame index)."""
    rows = await AccountHealth.select(
        AccountHealth.account, AccountHealth.scored_on, AccountHealth.score
    )
    kept = [r for r in rows if r["account"] in index_by_id]
    return HealthFrame.from_arrays(
        np.fromiter((index_by_id[r["account"]] for r in kept), np.int32, len(kept)),
        np.fromiter((to_day(_date_or_none(r["scored_on"])) for r in kept), np.int32, len(kept)),  # type: ignore[arg-type]
        np.fromiter((float(r["score"]) for r in kept), np.float64, len(kept)),
    )


class HealthService:
    """Definition, history and KPIs of account health."""

    async def definition(self) -> schemas.HealthDefinitionOut:
        version, spec = await current_definition()
        return schemas.HealthDefinitionOut(version=version, definition=spec)

    async def update_definition(
        self, spec: HealthDefinitionSpec, author: str
    ) -> schemas.HealthDefinitionOut:
        """Store ``spec`` as a new version (the old ones stay, scores keep theirs)."""
        problems = spec.validate()
        if problems:
            field_name = problems[0][0]
            raise InputError(field_name, "; ".join(r for _, r in problems))
        async with write_transaction():
            version, _ = await current_definition()
            stored = await HealthDefinition.exists()
            new_version = version + 1 if stored else 2
            if not stored:  # keep the default as version 1, so old scores can name it
                await HealthDefinition.insert(
                    HealthDefinition(
                        version=1,
                        definition=msgspec.json.encode(DEFAULT_DEFINITION).decode(),
                        created_by="seed 004",
                    )
                )
            await HealthDefinition.insert(
                HealthDefinition(
                    version=new_version,
                    definition=msgspec.json.encode(spec).decode(),
                    created_by=author[:254],
                )
            )
        return schemas.HealthDefinitionOut(version=new_version, definition=spec)

    async def history(self, account_id: int) -> list[schemas.HealthScore]:
        rows = await (
            AccountHealth.select()
            .where(AccountHealth.account == account_id)
            .order_by(AccountHealth.scored_on)
        )
        return [_score_out(r) for r in rows]

    async def summary(self, today: dt.date) -> schemas.HealthSummary:
        """Seed 004's KPIs: Green ratio (latest score of each scored account, within the last
        62 days) and Red→Green conversions (accounts whose score went from Red to Green, the
        Green score dated in the last 12 months)."""
        rows = (
            await AccountHealth.select(
                AccountHealth.account, AccountHealth.scored_on, AccountHealth.band
            )
            .order_by(AccountHealth.account)
            .order_by(AccountHealth.scored_on)
        )
        latest: dict[int, tuple[dt.date, str]] = {}
        seen_red: set[int] = set()
        converted: set[int] = set()
        since = today - dt.timedelta(days=365)
        for r in rows:
            day = _date_or_none(r["scored_on"])
            assert day is not None
            account = r["account"]
            latest[account] = (day, r["band"])
            if r["band"] == "Red":
                seen_red.add(account)
            elif r["band"] == "Green" and account in seen_red and day >= since:
                converted.add(account)
        recent = [b for d, b in latest.values() if (today - d).days <= 62]
        counts = {band: recent.count(band) for band in ("Green", "Yellow", "Red")}
        alerts = await HealthAlert.count()
        return schemas.HealthSummary(
            scored_accounts=len(recent),
            green=counts["Green"],
            yellow=counts["Yellow"],
            red=counts["Red"],
            green_ratio=(counts["Green"] / len(recent) * 100) if recent else None,
            red_to_green=len(converted),
            alerts=alerts,
        )

    async def alerts(self, limit: int = 50) -> list[schemas.HealthAlertOut]:
        rows = await (
            HealthAlert.select(
                HealthAlert.id,
                HealthAlert.account,
                HealthAlert.account.name.as_alias("account_name"),
                HealthAlert.scored_on,
                HealthAlert.reason,
                HealthAlert.score,
                HealthAlert.previous_score,
                HealthAlert.owner_email,
                HealthAlert.status,
            )
            .order_by(HealthAlert.id, ascending=False)
            .limit(limit)
        )
        return [
            schemas.HealthAlertOut(
                id=r["id"],
                account_id=r["account"],
                account_name=r["account_name"],
                scored_on=_date_or_none(r["scored_on"]),  # type: ignore[arg-type]
                reasons=r["reason"].split(","),
                score=float(r["score"]),
                previous_score=None if r["previous_score"] is None else float(r["previous_score"]),
                owner_email=r["owner_email"],
                status=r["status"],
            )
            for r in rows
        ]


def _score_out(r: Mapping[str, Any]) -> schemas.HealthScore:
    components = r["components"]
    if isinstance(components, str):
        components = json.loads(components or "{}")
    return schemas.HealthScore(
        scored_on=_date_or_none(r["scored_on"]),  # type: ignore[arg-type]
        score=float(r["score"]),
        band=r["band"],
        definition_version=r["definition_version"],
        source=r["source"],
        components=components or {},
    )


__all__ += ["HealthService", "ImportRejected", "import_usage_api", "parse_score"]
