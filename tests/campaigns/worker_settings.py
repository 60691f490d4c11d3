"""Settings of the Celery workers that integration tests and benchmarks start: the
test settings, with the social platforms' base URLs pointing at the local server.

Until unionportal/settings/base.py reads FACEBOOK_GRAPH_URL, ZALO_OPENAPI_URL and
ZALO_OAUTH_URL from the environment itself, a worker gets them from here
(DJANGO_SETTINGS_MODULE=tests.campaigns.worker_settings).
"""

import os

from unionportal.settings.test import *  # noqa: F403

FACEBOOK_GRAPH_URL = os.environ.get("FACEBOOK_GRAPH_URL", "https://graph.facebook.com")
ZALO_OPENAPI_URL = os.environ.get("ZALO_OPENAPI_URL", "https://openapi.zalo.me")
ZALO_OAUTH_URL = os.environ.get("ZALO_OAUTH_URL", "https://oauth.zaloapp.com")
CHANNEL_TIMEOUT_SECONDS = float(os.environ.get("CHANNEL_TIMEOUT_SECONDS", "10"))
CAMPAIGNS_RETRY_BASE_SECONDS = float(
    os.environ.get("CAMPAIGNS_RETRY_BASE_SECONDS", "60")
)
