"""Tests: fast hashing, e-mail kept in memory, tasks sent to an in-memory broker.

Integration tests that need the real broker start their own worker (tests/conftest.py).
"""

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL

DEBUG = False
# Tests build throwaway databases: demo_load may run there with the public password.
DEMO_DATA_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Pages are cached only where a test turns it on (tests/news/test_caching.py): the
# generation bump happens on commit, which ordinary test transactions never reach.
PAGE_CACHE_SECONDS = 0
# Tests' messages go to their own queue, consumed only by the worker that the
# integration tests start; without Redis they stay in this process's memory.
CELERY_TASK_DEFAULT_QUEUE = "unionportal-test"
CELERY_RESULT_BACKEND = None
if REDIS_URL:
    # Keep test keys apart from anything a developer runs against the same Redis.
    CACHES["default"]["KEY_PREFIX"] = "unionportal-test"
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
