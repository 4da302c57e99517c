"""A workshop's name as participants read it, in their own language.

A Japanese company that calls its workshop 顧客オンボーディング研修 mailed English-speaking
customers 「顧客オンボーディング研修: your feedback」, and the demo typed both names into one
title, so every Japanese mail read 【… (Customer onboarding workshop)：研修アンケート】. A
workshop now has a public title per language (form and API), used in each participant's mail
subject, survey page title and question wording; an empty language falls back to the other,
then to the staff title.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from typing import Any

from app.clock import FrozenClock
from app.settings import Settings
from surveys.tables import OutboxMessage, Survey, SurveyVersion
from tests.training.workshop_data import to_csv
from training import jobs
from training.imports import import_participants
from training.surveys_link import checkpoint_title, participant_names

HTML = {"accept": "text/html"}


def test_each_language_falls_back_to_the_other_then_to_the_staff_title() -> None:
    assert participant_names("社内名", {"en": "Onboarding", "ja": "オンボーディング"}) == (
        "Onboarding",
        "オンボーディング",
    )
    assert participant_names("社内名", {"en": "Onboarding", "ja": ""}) == (
        "Onboarding",
        "Onboarding",
    )
    assert participant_names("社内名", {"en": " ", "ja": "オンボーディング"}) == (
        "オンボーディング",
        "オンボーディング",
    )
    assert participant_names("社内名", None) == ("社内名", "社内名")
    assert checkpoint_title("社内名", 30, {"en": "Onboarding", "ja": "オンボーディング"}) == {
        "en": "Onboarding: 30 days on",
        "ja": "オンボーディング：研修30日後のアンケート",
    }


async def test_participants_read_the_workshop_name_in_their_language(
    staff_client: Any, settings: Settings, clock: FrozenClock
) -> None:
    client = await staff_client("cs")
    form = {
        "title": "顧客オンボーディング研修（社内用：2026年度第3期）",
        "public_title_en": "Customer onboarding workshop",
        "public_title_ja": "顧客オンボーディング研修",
        "kind": "internal",
        "held_on": (clock.now().date() - dt.timedelta(days=1)).isoformat(),
        "currency": "JPY",
        "checkpoints": "0, 30",
        "_csrf": client.headers["x-csrf-token"],
    }
    created = await client.post("/workshops/new", data=form, follow_redirects=False)
    assert created.status_code == 303, created.text
    workshop_id = int(created.headers["location"].split("/")[2].split("?")[0].split("#")[0])
    api = (await client.get(f"/api/workshops/{workshop_id}")).json()
    assert api["public_title"] == {
        "en": "Customer onboarding workshop",
        "ja": "顧客オンボーディング研修",
    }
    people = [
        {
            "email": "yamada@example.jp",
            "name": "山田",
            "language": "ja",
            "attendance": "attended",
            "team": "CS",
        },
        {
            "email": "kim@example.com",
            "name": "Kim",
            "language": "en",
            "attendance": "attended",
            "team": "CS",
        },
    ]
    await import_participants(workshop_id, to_csv(people), clock.now())
    await jobs.run_due_checkpoints(settings, clock, "test")

    subjects = {}
    invitations = OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.body).where(
        OutboxMessage.kind == "invitation"
    )
    for row in await invitations:
        parsed = email.message_from_string(row["body"], policy=email.policy.default)
        subjects[row["to_address"]] = str(parsed["Subject"])
    assert "【顧客オンボーディング研修：研修アンケート】" in subjects["yamada@example.jp"]
    assert "Customer onboarding workshop: your feedback" in subjects["kim@example.com"]
    for subject in subjects.values():
        assert "社内用" not in subject  # the staff title stays with staff

    survey: Any = await Survey.select().where(Survey.workshop_id == workshop_id).first()
    version: Any = (
        await SurveyVersion.select(SurveyVersion.questions)
        .where(SurveyVersion.survey == survey["id"])
        .first()
    )
    questions = version["questions"]
    wording = json.dumps(
        json.loads(questions) if isinstance(questions, str) else questions, ensure_ascii=False
    )
    assert "顧客オンボーディング研修の満足度" in wording or "顧客オンボーディング研修を" in wording
    assert "Customer onboarding workshop" in wording and "社内用" not in wording

    # the public titles change for surveys created from then on; a bad one names its field
    changed = await client.patch(
        f"/api/workshops/{workshop_id}", json={"public_title": {"en": "Onboarding\nday"}}
    )
    assert changed.status_code == 422 and changed.json()["field"] == "public_title.en", changed.text
    changed = await client.patch(
        f"/api/workshops/{workshop_id}", json={"public_title": {"en": "Onboarding day"}}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["public_title"] == {"en": "Onboarding day", "ja": ""}
