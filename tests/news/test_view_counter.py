"""The page-view counter (#12): published, existing articles only, once per visitor
per half hour, and no cache key for anything that is not a published article."""

import datetime
import uuid

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from news.services import ARTICLE_VIEW_WINDOW_SECONDS
from publishing.circuits import cache_circuit
from publishing.workflow import Intent
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """A browser of its own, so counts of earlier runs kept in Redis do not leak in."""
    return {
        "REMOTE_ADDR": "198.51.100.50",
        "HTTP_USER_AGENT": f"Mozilla/5.0 (Linux; Android 14) thu-{uuid.uuid4()}",
    }


def beacon(client, pk, **visitor):
    return client.post(reverse("news:article_viewed", args=[pk]), **visitor)


def views(article) -> int:
    article.refresh_from_db()
    return article.view_count


def test_one_visitor_counts_once_per_half_hour(client, visitor):
    article = ArticleFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            assert beacon(client, article.pk, **visitor).status_code == 204
    assert views(article) == 1
    assert ARTICLE_VIEW_WINDOW_SECONDS == 30 * 60


def test_another_browser_or_address_is_another_visitor(client, visitor):
    article = ArticleFactory()
    beacon(client, article.pk, **visitor)
    beacon(client, article.pk, **{**visitor, "REMOTE_ADDR": "203.0.113.8"})
    beacon(client, article.pk, **{**visitor, "HTTP_USER_AGENT": "Khác/1.0"})
    assert views(article) == 3


def test_unpublished_and_missing_articles_count_nothing(client, visitor):
    draft = ArticleFactory(intent=Intent.DRAFT)
    missing = ArticleFactory().pk + 1000
    for pk in (draft.pk, missing):
        assert beacon(client, pk, **visitor).status_code == 204
    assert views(draft) == 0
    # ... and leave no key behind: the key space is published articles only.
    from publishing.clientip import client_fingerprint

    class Request:
        META = visitor

    fingerprint = client_fingerprint(Request())
    for pk in (draft.pk, missing):
        assert cache.get(f"article-view:{pk}:{fingerprint}") is None


def test_the_visitor_key_does_not_reveal_the_address(visitor):
    from publishing.clientip import client_fingerprint

    class Request:
        META = visitor

    key = client_fingerprint(Request())
    assert visitor["REMOTE_ADDR"] not in key and len(key) == 32


def test_the_key_expires_with_the_window(client, settings, visitor):
    """Counted again after the window, through a cache that honours timeouts."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from django.core.cache import caches

    caches["default"].clear()
    article = ArticleFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        beacon(client, article.pk, **visitor)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        beacon(client, article.pk, **visitor)
    assert views(article) == 1
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        beacon(client, article.pk, **visitor)
    assert views(article) == 2


def test_without_the_cache_nothing_is_counted_and_nothing_fails(client, visitor):
    article = ArticleFactory()
    cache_circuit.record_failure(ConnectionError("Redis is down"))
    assert cache_circuit.is_open
    assert beacon(client, article.pk, **visitor).status_code == 204
    assert views(article) == 0
