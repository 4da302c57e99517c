"""What the analytics package contributes to the app (discovered by ``app.main``)."""

from analytics.controllers import AnalyticsController
from analytics.jobs import detractor_alerts, sync_all_segments

CONTROLLERS = [AnalyticsController]
TICK_JOBS = [
    ("analytics.detractor_alerts", detractor_alerts),
    ("analytics.segments", sync_all_segments),
]
