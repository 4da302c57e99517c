"""What the analytics package contributes to the app (discovered by ``app.main``)."""

from typing import Any

from analytics.controllers import AnalyticsController
from analytics.disclosure import guard_uplift
from analytics.jobs import detractor_alerts, sync_all_segments
from analytics.releases import survey_floors
from analytics.results_pages import CustomerResponsePage, SurveyResultsPage
from analytics.services import AnalyticsService
from surveys import guard_hooks
from surveys.incentives import Uplift


async def _enps_export(settings: Any, survey_id: int) -> str:
    return await AnalyticsService(settings).enps_export_csv(survey_id)


async def _enps_uplift(measured: Uplift, survey_id: int, floor: int) -> Uplift:
    # the survey's own floor: a service restarted with a lower VOC_MIN_GROUP_SIZE must not
    # show the arms of a survey released under a higher one
    return guard_uplift(measured, await survey_floors(survey_id, floor))


# every confidential row export and incentive figure of the surveys package passes the guard
guard_hooks.register(export=_enps_export, uplift=_enps_uplift)

CONTROLLERS = [AnalyticsController, SurveyResultsPage, CustomerResponsePage]
TICK_JOBS = [
    ("analytics.detractor_alerts", detractor_alerts),
    ("analytics.segments", sync_all_segments),
]
