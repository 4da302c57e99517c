"""Unsubscribe links carry a token of their own, never the answer token (issue 12, attack 7).

Mail systems read and follow ``List-Unsubscribe``; with the answer token in it, anything that
processes the header could open and edit the person's answers. Also: mails already sent keep
their way out, and mails still queued from before the change are rewritten by the migration.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import importlib.util
import re
from pathlib import Path
from typing import Any

from app.settings import REPO_ROOT
from surveys.emails import compose, survey_mail
from surveys.questions import template_questions
from surveys.tables import Contact, Invitation, OutboxMessage, Response, UnsubscribeLink
from tests.conftest import START
from tests.surveys.conftest import add_people, create_survey

PEOPLE = [
    {"email": "aiko@example.jp", "name": "Aiko", "language": "ja"},
    {"email": "ben@example.com", "name": "Ben", "language": "en"},
]
HTML = {"accept": "text/html"}
ANSWER = re.compile(r"/r/([A-Za-z0-9_-]{20,64})")
OPT_OUT = re.compile(r"/u/([A-Za-z0-9_-]{20,64})")


def _parts(raw: str) -> tuple[str, str, str]:
    """(List-Unsubscribe header, text part, html part) of a raw message."""
    message = email.message_from_string(raw, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return str(message["List-Unsubscribe"]), text, html


async def _mails(kind: str | None = None) -> list[dict[str, Any]]:
    query = OutboxMessage.select(
        OutboxMessage.to_address, OutboxMessage.kind, OutboxMessage.body, OutboxMessage.invitation
    )
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return await query


async def _send(client: Any, **fields: Any) -> dict[str, Any]:
    survey = await create_survey(client, **fields)
    assert (await add_people(client, survey["id"], PEOPLE)).status_code == 200
    assert (await client.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    return survey


def _tokens(raw: str) -> tuple[str, str]:
    """(answer token, unsubscribe token) of a queued invitation or reminder."""
    header, text, _ = _parts(raw)
    answer = ANSWER.search(text)
    opt_out = OPT_OUT.search(header)
    assert answer and opt_out, header
    return answer.group(1), opt_out.group(1)


async def test_list_unsubscribe_never_opens_the_answers(staff_client: Any, client: Any) -> None:
    staff = await staff_client("cs")
    await _send(staff, reminder_count=2)
    mails = await _mails()
    assert {m["kind"] for m in mails} == {"invitation", "reminder"}
    by_person: dict[str, set[tuple[str, str]]] = {}
    for mail in mails:
        answer, opt_out = _tokens(mail["body"])
        assert answer != opt_out
        header, text, html = _parts(mail["body"])
        for part in (header, text, html):
            assert f"/u/{answer}" not in part
        assert f"/u/{opt_out}" in text and f"/u/{opt_out}" in html
        by_person.setdefault(mail["to_address"], set()).add((answer, opt_out))
    # An invitation and its reminders share one pair; people never share a token.
    assert all(len(pairs) == 1 for pairs in by_person.values())
    pairs = [next(iter(p)) for p in by_person.values()]
    assert len({t for pair in pairs for t in pair}) == 4
    # Only hashes are stored.
    answer, opt_out = pairs[0]
    stored = await UnsubscribeLink.select(UnsubscribeLink.token_hash)
    assert hashlib.sha256(opt_out.encode()).hexdigest() in {r["token_hash"] for r in stored}
    assert opt_out not in str(await Invitation.select()) + str(stored)

    # The attack: whoever processes the header tries the token on the answer page.
    client.cookies.clear()
    client.headers.pop("x-csrf-token", None)
    assert (await client.get(f"/r/{opt_out}", headers=HTML)).status_code == 404
    edit = await client.post(f"/r/{opt_out}", json={"answers": {"recommend": 0}})
    assert edit.status_code == 404 and await Response.count() == 0
    # And the answer token is no unsubscribe link for new invitations.
    assert (await client.post(f"/u/{answer}")).status_code == 404
    assert await Contact.count().where(Contact.opted_out_at.is_not_null()) == 0
    # Legitimate use: the person answers with their link and unsubscribes with theirs.
    assert (
        await client.post(f"/r/{answer}", json={"answers": {"recommend": 8}})
    ).status_code == 200
    done = await client.post(
        f"/u/{opt_out}",
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200
    assert await Contact.count().where(Contact.opted_out_at.is_not_null()) == 1


async def test_thank_you_mail_gets_its_own_unsubscribe_token(
    staff_client: Any, client: Any
) -> None:
    staff = await staff_client("cs")
    survey = await create_survey(staff, holdout_share=0.0)
    created = await staff.post(
        f"/api/surveys/{survey['id']}/incentives",
        json={
            "kind": "gift_card",
            "name": "500 yen gift card",
            "currency": "JPY",
            "budget": "5000",
            "unit_cost": "500",
        },
    )
    assert created.status_code == 201, created.text
    assert (await add_people(staff, survey["id"], PEOPLE[:1])).status_code == 200
    assert (await staff.post(f"/api/surveys/{survey['id']}/send")).status_code == 200
    answer, invitation_opt_out = _tokens((await _mails("invitation"))[0]["body"])
    saved = await client.post(f"/r/{answer}", json={"answers": {"recommend": 9}})
    assert saved.status_code == 200 and saved.json()["incentive"]
    thank_you = (await _mails("thank_you"))[0]["body"]
    header, _, _ = _parts(thank_you)
    found = OPT_OUT.search(header)
    assert found
    assert found.group(1) not in (answer, invitation_opt_out)
    assert answer not in thank_you
    assert (await client.get(f"/r/{found.group(1)}")).status_code == 404
    assert (await client.post(f"/u/{found.group(1)}")).status_code == 200
    assert await Contact.count().where(Contact.opted_out_at.is_not_null()) == 1
    # The invitation's own unsubscribe link still works too (idempotent).
    assert (await client.post(f"/u/{invitation_opt_out}")).status_code == 200


async def test_links_in_mails_sent_before_the_change_keep_working(
    staff_client: Any, client: Any
) -> None:
    """An invitation queued before unsubscribe tokens existed (marked by the migration): the
    ``/u/<answer token>`` in its already-sent mails still opts the person out."""
    staff = await staff_client("cs")
    await _send(staff)
    mail = next(m for m in await _mails("invitation") if m["to_address"] == "ben@example.com")
    answer, _ = _tokens(mail["body"])
    await UnsubscribeLink.delete().where(UnsubscribeLink.invitation == mail["invitation"])
    assert (await client.post(f"/u/{answer}")).status_code == 404  # not marked: refused
    await Invitation.update({Invitation.legacy_opt_out: True}).where(
        Invitation.id == mail["invitation"]
    )
    page = await client.get(f"/u/{answer}", headers=HTML)
    assert page.status_code == 200 and "ben@example.com" in page.text
    assert (await client.post(f"/u/{answer}")).status_code == 200
    opted = await Contact.select(Contact.email).where(Contact.opted_out_at.is_not_null())
    assert opted == [{"email": "ben@example.com"}]


def _migration(name: str = "surveys_2026_11_30t08_25_31_000000") -> Any:
    path = Path(REPO_ROOT) / "migrations" / "surveys" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_migration_gives_queued_old_style_mails_a_separate_token(
    staff_client: Any, client: Any, settings: Any
) -> None:
    """Mails rendered before the change (``/u/<answer token>``) and still queued are rewritten."""
    staff = await staff_client("cs")
    survey = await _send(staff, reminder_count=1)
    invitation = (await _mails("invitation"))[0]
    answer, _ = _tokens(invitation["body"])
    # Re-render this person's queued mails the old way, and forget their unsubscribe link.
    await UnsubscribeLink.delete().where(UnsubscribeLink.invitation == invitation["invitation"])
    person = next(p for p in PEOPLE if p["email"] == invitation["to_address"])
    mail_survey = survey_mail(
        name=survey["name"],
        public_title_en="",
        public_title_ja="",
        org_name="",
        sender_name="",
        questions=template_questions("customer_nps", "Kyoto Coffee"),
        settings=settings,
    )
    for kind in ("invitation", "reminder"):
        old = compose(
            kind=kind,
            language=person["language"],
            survey=mail_survey,
            to_email=person["email"],
            to_name=person["name"],
            base_url=settings.base_url,
            token=answer,
            unsubscribe_token=answer,
            now=START,
        )
        await OutboxMessage.update({OutboxMessage.body: old.raw}).where(
            (OutboxMessage.invitation == invitation["invitation"]) & (OutboxMessage.kind == kind)
        )
    migration = _migration()
    for table in (migration.OutboxMessage, migration.UnsubscribeLink, migration.Invitation):
        table._meta.db = OutboxMessage._meta.db
    assert await migration.relink_pending_mail() == 2
    rewritten = [m["body"] for m in await _mails() if m["invitation"] == invitation["invitation"]]
    fresh = set()
    for raw in rewritten:
        header, text, html = _parts(raw)
        assert f"/u/{answer}" not in raw + text + html
        found = OPT_OUT.search(header)
        assert found and f"/u/{found.group(1)}" in text and f"/u/{found.group(1)}" in html
        assert f"/r/{answer}" in text  # the answer link itself is untouched
        fresh.add(found.group(1))
    assert len(fresh) == 1
    token = fresh.pop()
    assert (await client.get(f"/r/{token}")).status_code == 404
    assert (await client.post(f"/u/{token}")).status_code == 200
    # Run twice: nothing left to rewrite.
    assert await migration.relink_pending_mail() == 0
    # The invitation mail itself went out before the upgrade with /u/<answer token>: the
    # second migration marks the invitation so that link still works after the relink.
    assert (await client.get(f"/u/{answer}")).status_code == 404
    marking = _migration("surveys_2026_11_30t09_10_00_000000")
    marking.Invitation._meta.db = Invitation._meta.db
    await marking.mark_legacy_invitations()
    assert (await client.get(f"/u/{answer}", headers=HTML)).status_code == 200
