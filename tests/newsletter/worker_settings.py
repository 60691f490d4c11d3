"""Settings of Celery workers that send the newsletter to a local SMTP server
(benchmarks/newsletter_digest.py): the campaigns worker settings, real SMTP."""

import os

from tests.campaigns.worker_settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 10
