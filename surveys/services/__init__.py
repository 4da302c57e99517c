"""Survey services: all queries and rules of the surveys package, callable without HTTP.

Other packages (the training package's workshop checkpoints, for example) use::

    from surveys.services import SurveyService
    from surveys.schemas import RecipientIn

    service = SurveyService(settings, clock)          # app.state.settings / app.state.clock
    survey = await service.create_from_template(
        "training_followup", "Workshop A — +30 days", subject="Workshop A",
        workshop_id=12, checkpoint_days=30, reminder_count=1,
    )
    report = await service.add_recipients(
        survey.id,
        [RecipientIn(email="a@example.com", name="A", language="ja",
                     attributes={"account_id": "ACME-1", "participant_id": "p-7"})],
        respect_contact_frequency=False,   # checkpoints follow each other closely
    )
    progress = await service.send(survey.id)             # or send(survey.id, at=moment)
    await service.close(survey.id)

``staff=None`` (the default) skips role checks; HTTP controllers pass the signed-in staff.
``add_recipients`` raises :class:`surveys.recipients.RecipientsRejected` (every bad row named,
nothing imported). Emails go out from the scheduler tick (``surveys.jobs``).
"""

from surveys.recipients import RecipientsRejected
from surveys.services.admin import SurveyService, csv_safe, in_holdout
from surveys.services.outbox import DeliveryStats, OutboxService
from surveys.services.respondent import (
    AnswersRejected,
    LinkExpired,
    LinkNotFound,
    RespondentService,
)

__all__ = [
    "AnswersRejected",
    "DeliveryStats",
    "LinkExpired",
    "LinkNotFound",
    "OutboxService",
    "RecipientsRejected",
    "RespondentService",
    "SurveyService",
    "csv_safe",
    "in_holdout",
]
