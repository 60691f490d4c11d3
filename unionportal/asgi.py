"""ASGI entry point."""

from django.core.asgi import get_asgi_application

import unionportal  # noqa: F401  (chooses the settings module from DJANGO_ENV)

application = get_asgi_application()
