"""Fixtures of the consultation tests: fresh rate limits, e-mail tasks run inline."""

import uuid
from importlib import import_module

import pytest

from consultation import views
from publishing.ratelimit import RateLimit


@pytest.fixture(autouse=True)
def topics(request):
    """The topics the data migration seeds, again: a transaction=True test anywhere in
    the run flushes the tables, and a reused database then has none."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    import_module("consultation.migrations.0002_seed_topics").seed(apps, None)


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch):
    """Each test counts in its own limiter namespace (no cache.clear on shared Redis)."""
    run = uuid.uuid4().hex[:8]
    for name in ("IP_LIMIT", "CONTACT_LIMIT"):
        limit = getattr(views, name)
        monkeypatch.setattr(
            views,
            name,
            RateLimit(f"{limit.name}-{run}", limit.limit, limit.window_seconds),
        )


@pytest.fixture(autouse=True)
def no_fill_delay(settings):
    """The minimum fill time has its own tests; elsewhere a form may be posted at once."""
    settings.CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture
def eager_email(eager_notifications):
    """E-mails sent in-process when queued (see tests/conftest.py)."""
    yield
