"""Production settings with a benchmark-only URLconf (adds the bare `/bench/ok` view).

Used only by the gunicorn that benchmarks.support.gunicorn_server starts
(DJANGO_SETTINGS_MODULE=benchmarks.settings); the site itself never loads it.
"""

from unionportal.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
