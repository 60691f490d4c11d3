"""Settings of the stacks the fault drills start (#12): a served site's settings with
the social platforms on the test's local server and beat's tick from the drill.

Beat runs only the three minute-by-minute entries (heartbeat, sweep, deliveries),
every DRILL_TICK_SECONDS (60 by default, as deployed).
"""

import os

from tests.support.served_settings import *  # noqa: F403
from tests.support.served_settings import CELERY_BEAT_SCHEDULE

FACEBOOK_GRAPH_URL = os.environ.get("FACEBOOK_GRAPH_URL", "http://127.0.0.1:9")
CHANNEL_TIMEOUT_SECONDS = float(os.environ.get("CHANNEL_TIMEOUT_SECONDS", "10"))
CAMPAIGNS_RETRY_BASE_SECONDS = float(
    os.environ.get("CAMPAIGNS_RETRY_BASE_SECONDS", "60")
)
DRILL_TICK_SECONDS = float(os.environ.get("DRILL_TICK_SECONDS", "60"))
SCHEDULER_HEARTBEAT_SECONDS = DRILL_TICK_SECONDS
CELERY_BEAT_SCHEDULE = {
    name: {
        **CELERY_BEAT_SCHEDULE[name],
        "schedule": DRILL_TICK_SECONDS,
        "options": {"expires": DRILL_TICK_SECONDS},
    }
    for name in (
        "scheduler-heartbeat",
        "publishing-sweep",
        "channels-deliveries",
        "campaigns-publish-soon",
    )
}
