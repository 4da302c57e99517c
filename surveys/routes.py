"""What the surveys package contributes to the app (found by ``app.main._domain_parts``)."""

from __future__ import annotations

from typing import Any

from app.mail import register_mail_queue
from surveys.controllers import (
    RespondentController,
    SurveyController,
    answer_lane,
    survey_page_lane,
)
from surveys.incentive_controllers import IncentiveController
from surveys.jobs import close_due_surveys, send_outbox
from surveys.pages import SurveyPages
from surveys.services.outbox import queue_staff_mail

# Staff mail (password-reset links) goes through the same durable outbox as surveys.
register_mail_queue(queue_staff_mail)

CONTROLLERS: list[Any] = [
    SurveyController,
    RespondentController,
    IncentiveController,
    SurveyPages,
]
#: GETs answered ahead of routing when they can be (app.front): a respondent's survey page.
LANES: list[tuple[str, Any]] = [("/r/", survey_page_lane)]
#: POSTs answered ahead of routing when they can be: a respondent's JSON answer.
BODY_LANES: list[tuple[str, Any]] = [("/r/", answer_lane)]
TICK_JOBS: list[tuple[str, Any]] = [
    ("surveys.close_due", close_due_surveys),
    ("surveys.outbox", send_outbox),
]
