"""Account, event and participant imports: idempotent, all-or-nothing, every bad row named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.clock import FrozenClock
from training.imports import (
    ImportRejected,
    import_accounts,
    import_events,
    import_participants,
)
from training.schemas import ImportProblem
from training.tables import Account, AccountEvent, Participant, Workshop

ACCOUNTS = """external_id,name,tier,segment,owner,currency,mrr,created_on
A-1,さくら商事,Enterprise,Retail,sato@example.com,JPY,"1,200,000",2024-01-01
A-2,Nord GmbH,Mid-market,IT,anna@example.com,EUR,1500.50,2024-03-01
A-3,Tiny KK,SMB,IT,,JPY,30000,
"""

EVENTS = """external_event_id,account_external_id,date,kind,mrr_delta,source
E-1,A-1,2024-01-01,new,1000000,billing
E-2,A-1,2024-06-01,expansion,200000,crm
E-3,A-2,2024-03-01,new,1600.50,billing
E-4,A-2,2024-09-01,contraction,-100,crm
E-5,A-3,2024-02-01,new,30000,billing
"""


def _problems(exc: pytest.ExceptionInfo[ImportRejected]) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in exc.value.problems}


@pytest.fixture
def now(clock: FrozenClock) -> dt.datetime:
    return clock.now()


async def _snapshot() -> list[object]:
    accounts = await Account.select().order_by(Account.id)
    events = await AccountEvent.select().order_by(AccountEvent.id)
    return [accounts, events]


class TestAccounts:
    async def test_import_creates_then_same_file_changes_nothing(
        self, db: None, now: dt.datetime
    ) -> None:
        first = await import_accounts(ACCOUNTS.encode(), now)
        assert (first.total, first.created, first.updated, first.unchanged) == (3, 3, 0, 0)
        before = await _snapshot()
        again = await import_accounts(ACCOUNTS.encode(), now + dt.timedelta(days=1))
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
        assert await _snapshot() == before
        a2 = await Account.objects().where(Account.external_id == "A-2").first()
        assert a2 is not None and a2.mrr_minor == 150050 and a2.currency == "EUR"
        a1 = await Account.objects().where(Account.external_id == "A-1").first()
        assert a1 is not None and a1.mrr_minor == 1_200_000 and a1.name == "さくら商事"

    async def test_changed_row_is_updated(self, db: None, now: dt.datetime) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        result = await import_accounts(ACCOUNTS.replace("30000,", "45000,").encode(), now)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 2)

    async def test_bad_file_is_refused_whole_with_every_row_named(
        self, db: None, now: dt.datetime
    ) -> None:
        bad = (
            "external_id,name,tier,currency,mrr,created_on\n"
            "B-1,Good,SMB,JPY,1000,2024-01-01\n"
            "B-2,Negative,SMB,JPY,-5,2024-01-01\n"
            "B-3,Bad date,SMB,JPY,100,2024-02-30\n"
            "B-4,Bad tier,Platinum,JPY,100,\n"
            "B-1,Duplicate,SMB,JPY,100,\n"
            "B-6,Yen cents,SMB,JPY,100.5,\n"
        )
        with pytest.raises(ImportRejected) as exc:
            await import_accounts(bad.encode(), now)
        assert _problems(exc) == {
            (3, "mrr"),
            (4, "created_on"),
            (5, "tier"),
            (6, "external_id"),
            (7, "mrr"),
        }
        assert await Account.count() == 0
        reasons = {p.row: p.reason for p in exc.value.problems}
        assert "negative MRR" in reasons[3]
        assert "row 2" in reasons[6]

    async def test_missing_column(self, db: None, now: dt.datetime) -> None:
        with pytest.raises(ImportRejected) as exc:
            await import_accounts(b"external_id,name\nX,Y\n", now)
        assert _problems(exc) == {(1, "tier"), (1, "mrr")}

    @pytest.mark.parametrize(
        "encoding", ["utf-8", "utf-8-sig", "shift_jis"], ids=["utf8", "bom", "sjis"]
    )
    async def test_encodings(self, db: None, now: dt.datetime, encoding: str) -> None:
        result = await import_accounts(ACCOUNTS.encode(encoding), now)
        assert result.created == 3
        a1 = await Account.objects().where(Account.external_id == "A-1").first()
        assert a1 is not None and a1.name == "さくら商事"

    async def test_undecodable_bytes_are_refused(self, db: None, now: dt.datetime) -> None:
        data = b"external_id,name,tier,mrr\nX,\x81\x20\xff\xfe,SMB,1\n"
        with pytest.raises(ImportRejected) as exc:
            await import_accounts(data, now)
        assert exc.value.problems[0].row == 2
        assert "UTF-8" in exc.value.problems[0].reason


class TestEvents:
    async def test_import_is_idempotent(self, db: None, now: dt.datetime) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        first = await import_events(EVENTS.encode(), now)
        assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
        before = await _snapshot()
        again = await import_events(EVENTS.encode(), now + dt.timedelta(hours=1))
        assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
        assert await _snapshot() == before
        e3 = await AccountEvent.objects().where(AccountEvent.external_event_id == "E-3").first()
        assert e3 is not None and e3.mrr_delta_minor == 160050

    async def test_external_id_names_the_event_and_account_the_account(
        self, db: None, now: dt.datetime
    ) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        events = "external_id,account,date,kind,mrr_delta\nX-1,A-3,2024-02-01,new,30000\n"
        result = await import_events(events.encode(), now)
        assert result.created == 1
        row = await AccountEvent.select(
            AccountEvent.external_event_id, AccountEvent.account.external_id
        ).first()
        assert row == {"external_event_id": "X-1", "account.external_id": "A-3"}

    async def test_two_columns_meaning_one_field_are_refused(
        self, db: None, now: dt.datetime
    ) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        events = (
            "external_event_id,account,account_id,date,kind,mrr_delta\n"
            "X-1,A-3,A-1,2024-02-01,new,30000\n"
        )
        with pytest.raises(ImportRejected) as exc:
            await import_events(events.encode(), now)
        [problem] = exc.value.problems
        assert problem.column == "account_external_id"
        assert "'account'" in problem.reason and "'account_id'" in problem.reason
        assert await AccountEvent.count() == 0

    async def test_bad_events_are_refused_whole(self, db: None, now: dt.datetime) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        bad = (
            "external_event_id,account_external_id,date,kind,mrr_delta\n"
            "F-1,A-1,2024-07-01,expansion,100\n"  # fine
            "F-2,NOPE,2024-07-01,expansion,100\n"  # unknown account
            "F-3,A-1,2024-07-01,expansion,-100\n"  # negative where not allowed
            "F-4,A-1,01/07/2024,expansion,100\n"  # bad date
            "F-5,A-1,2024-07-01,upsell,100\n"  # unknown kind
            "F-6,A-1,2023-12-31,expansion,100\n"  # before the account existed
            "F-7,A-3,2024-01-15,expansion,100\n"  # before A-3's first `new` event
            "F-1,A-1,2024-07-02,expansion,100\n"  # duplicate id
            "F-9,A-1,2024-07-01,churn,500\n"  # churn must be negative
        )
        await import_events(EVENTS.encode(), now)
        before = await _snapshot()
        with pytest.raises(ImportRejected) as exc:
            await import_events(bad.encode(), now)
        assert _problems(exc) == {
            (3, "account_external_id"),
            (4, "mrr_delta"),
            (5, "date"),
            (6, "kind"),
            (7, "date"),
            (8, "date"),
            (9, "external_event_id"),
            (10, "mrr_delta"),
        }
        reasons = {(p.row, p.column): p.reason for p in exc.value.problems}
        assert "unknown account" in reasons[(3, "account_external_id")]
        assert "before account 'A-1' existed" in reasons[(7, "date")]
        assert await _snapshot() == before

    async def test_api_rows_are_numbered_by_position(self, db: None, now: dt.datetime) -> None:
        from training.imports import import_events_api
        from training.schemas import AccountEventIn

        await import_accounts(ACCOUNTS.encode(), now)
        items = [
            AccountEventIn("G-1", "A-1", dt.date(2024, 7, 1), "expansion", Decimal(5)),
            AccountEventIn("G-2", "A-9", dt.date(2024, 7, 1), "expansion", Decimal(5)),
        ]
        with pytest.raises(ImportRejected) as exc:
            await import_events_api(items, now)
        assert exc.value.problems == [
            ImportProblem(2, "account_external_id", "unknown account 'A-9'")
        ]


class TestParticipants:
    async def _workshop(self, kind: str = "customer") -> int:
        workshop = Workshop(title="Onboarding", kind=kind, held_on=dt.date(2024, 10, 1))
        await workshop.save()
        return workshop.id

    async def test_import_and_reimport(self, db: None, now: dt.datetime) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        workshop_id = await self._workshop()
        csv = (
            "email,name,language,account_external_id,attendance,quiz_score\n"
            "Ken@Example.com,健,ja,A-1,attended,85\n"
            "lea@example.com,Lea,en,A-2,no_show,\n"
        )
        first = await import_participants(workshop_id, csv.encode("shift_jis"), now)
        assert first.created == 2
        again = await import_participants(workshop_id, csv.encode(), now)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
        ken = await Participant.objects().where(Participant.email == "ken@example.com").first()
        assert ken is not None and ken.quiz_score == 85 and ken.attendance == "attended"

    async def test_attendance_not_stated_depends_on_the_day(
        self, db: None, now: dt.datetime
    ) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        past = await self._workshop()  # held 2024-10-01
        future = Workshop(title="Next", kind="customer", held_on=now.date() + dt.timedelta(days=14))
        await future.save()
        csv = "email,account_external_id\nken@example.com,A-1\nlea@example.com,A-2\n"
        await import_participants(past, csv.encode(), now)
        await import_participants(future.id, csv.encode(), now)
        rows = await Participant.select(Participant.workshop, Participant.attendance)
        by_workshop = {(r["workshop"], r["attendance"]) for r in rows}
        # after the workshop, a list without attendance is the list of who came
        assert by_workshop == {(past, "attended"), (future.id, "invited")}
        # a stated no-show stays a no-show
        csv = "email,account_external_id,attendance\nlea@example.com,A-2,no_show\n"
        await import_participants(past, csv.encode(), now)
        lea = (
            await Participant.objects()
            .where((Participant.email == "lea@example.com") & (Participant.workshop == past))
            .first()
        )
        assert lea is not None and lea.attendance == "no_show"

    async def test_bad_participants(self, db: None, now: dt.datetime) -> None:
        await import_accounts(ACCOUNTS.encode(), now)
        workshop_id = await self._workshop()
        csv = (
            "email,name,language,account_external_id,attendance,quiz_score\n"
            "not-an-email,X,en,A-1,attended,\n"
            "a@example.com,A,fr,A-1,attended,\n"
            "b@example.com,B,en,,attended,\n"
            "c@example.com,C,en,A-404,attended,\n"
            "d@example.com,D,en,A-1,maybe,120\n"
        )
        with pytest.raises(ImportRejected) as exc:
            await import_participants(workshop_id, csv.encode(), now)
        assert _problems(exc) == {
            (2, "email"),
            (3, "language"),
            (4, "account_external_id"),
            (5, "account_external_id"),
            (6, "attendance"),
            (6, "quiz_score"),
        }
        assert await Participant.count() == 0

    async def test_internal_workshop_needs_team(self, db: None, now: dt.datetime) -> None:
        workshop_id = await self._workshop("internal")
        csv = "email,team,attendance\nx@example.com,Support,attended\ny@example.com,,attended\n"
        with pytest.raises(ImportRejected) as exc:
            await import_participants(workshop_id, csv.encode(), now)
        assert _problems(exc) == {(3, "team")}
