"""Fixtures of the campaigns tests: the local social server wired into settings."""

import pytest

from tests.support.social_servers import social_server


@pytest.fixture
def server(settings):
    with social_server() as running:
        settings.FACEBOOK_GRAPH_URL = running.url
        settings.ZALO_OPENAPI_URL = running.url
        settings.ZALO_OAUTH_URL = running.url
        settings.CHANNEL_TIMEOUT_SECONDS = 0.5
        yield running


@pytest.fixture(autouse=True)
def private_cache(settings):
    """A local-memory cache per test run: with the shared Redis, anonymous pages
    cached by another test run (same key prefix) could be served here. It also turns
    the page cache off (publishing/cache.py), so every request renders."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


@pytest.fixture(autouse=True)
def union_calendar(request):
    """The seeded key dates, for every test using the database.

    A data migration seeds them, but transactional tests (integration, browser) flush
    every table afterwards, so with --reuse-db later tests would find none.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from importlib import import_module

    from django.apps import apps

    import_module("campaigns.migrations.0003_seed_key_dates").seed(apps, None)
