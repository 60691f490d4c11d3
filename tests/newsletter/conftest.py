"""Fixtures of the newsletter tests: fresh rate limits per test."""

import uuid

import pytest

from newsletter import views
from publishing.ratelimit import RateLimit


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch):
    """Each test counts in its own limiter namespace (no cache.clear on shared Redis)."""
    run = uuid.uuid4().hex[:8]
    for name in ("IP_LIMIT", "ADDRESS_LIMIT"):
        limit = getattr(views, name)
        monkeypatch.setattr(
            views,
            name,
            RateLimit(f"{limit.name}-{run}", limit.limit, limit.window_seconds),
        )
