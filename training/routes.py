"""What the training app contributes to ``create_app()``: controllers and tick jobs."""

from __future__ import annotations

from training.controllers import AccountController, WorkshopController
from training.jobs import tick

CONTROLLERS = [AccountController, WorkshopController]
TICK_JOBS = [("training.checkpoints", tick)]
