"""What the training app contributes to ``create_app()``: controllers and tick jobs."""

from __future__ import annotations

from training.controllers import AccountController, WorkshopController
from training.health_controllers import HealthController
from training.jobs import tick
from training.pages import AccountPages, WorkshopPages
from training.report_controllers import WorkshopReportController

CONTROLLERS = [AccountController, WorkshopController, WorkshopPages, AccountPages]
CONTROLLERS.append(WorkshopReportController)
CONTROLLERS.append(HealthController)
TICK_JOBS = [("training.checkpoints", tick)]
