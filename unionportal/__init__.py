"""The project package: settings, URLs, the Celery app and the WSGI/ASGI entry points."""

import os

_ENVIRONMENTS = {"dev", "test", "production"}
_env = os.environ.get("DJANGO_ENV", "dev")
if _env not in _ENVIRONMENTS:
    raise SystemExit(
        f"DJANGO_ENV={_env!r} is not one of {sorted(_ENVIRONMENTS)}; "
        "unset it for development or set it to 'production'."
    )
os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"unionportal.settings.{_env}")

from .celery import app as celery_app  # noqa: E402

__all__ = ("celery_app",)
