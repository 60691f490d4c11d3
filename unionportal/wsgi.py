"""WSGI entry point for gunicorn: `gunicorn unionportal.wsgi`."""

from django.core.wsgi import get_wsgi_application

import unionportal  # noqa: F401  (chooses the settings module from DJANGO_ENV)

application = get_wsgi_application()
