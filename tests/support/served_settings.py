"""Test settings for a site served by a real gunicorn in a drill: the page cache on.

The plain test settings turn the page cache off (their transactions never commit);
a drill's gunicorn commits for real, so it caches as production does. The circuit
retries every second so that a drill sees recovery quickly.
"""

from unionportal.settings.test import *  # noqa: F403

PAGE_CACHE_SECONDS = 300
REDIS_CIRCUIT_OPEN_SECONDS = 1.0
# A drill posts the question form at once; the fill-time check has its own tests.
CONSULTATION_MIN_FILL_SECONDS = 0
