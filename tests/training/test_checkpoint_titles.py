"""A checkpoint's survey reaches participants under a public title, not its internal name."""

from __future__ import annotations

import email
import email.policy
from typing import Any

from app.clock import FrozenClock
from app.settings import Settings
from surveys.tables import OutboxMessage, Survey
from training.surveys_link import Recipient, send_checkpoint_survey


async def test_follow_up_email_subject_is_the_public_title(
    settings: Settings, clock: FrozenClock, db: None
) -> None:
    remembered: list[int] = []

    async def remember(survey_id: int) -> None:
        remembered.append(survey_id)

    survey_id = await send_checkpoint_survey(
        settings=settings,
        clock=clock,
        workshop_id=1,
        workshop_title="オンボーディング研修",
        offset_days=7,
        survey_id=None,
        recipients=[
            Recipient("a@example.jp", "山田", "ja", {}),
            Recipient("b@example.com", "B", "en", {}),
        ],
        remember_survey=remember,
    )
    assert survey_id is not None and remembered == [survey_id]
    row: Any = await Survey.select().where(Survey.id == survey_id).first()
    assert row["name"] == "オンボーディング研修 (+7 days)"  # internal, staff only
    subjects = {}
    for message in await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.body):
        parsed = email.message_from_string(message["body"], policy=email.policy.default)
        subjects[message["to_address"]] = str(parsed["Subject"])
    assert "オンボーディング研修：研修7日後のアンケート" in subjects["a@example.jp"]
    assert "オンボーディング研修: 7 days on" in subjects["b@example.com"]
    assert not any("days)" in subject for subject in subjects.values())
