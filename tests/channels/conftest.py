"""The channels tests use the campaigns tests' fixtures: the local social server wired
into settings, a private cache, the seeded key dates (campaign posts are the items
most deliveries here carry)."""

from tests.campaigns.conftest import private_cache, server, union_calendar

__all__ = ["private_cache", "server", "union_calendar"]
