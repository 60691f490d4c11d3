"""Reads per item, day and source (#14): posted by the page's beacon, counted once per
reader and window, without cookies or addresses, bots and prefetches left out."""

import datetime
import uuid

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from publishing.circuits import cache_circuit
from publishing.clientip import client_fingerprint
from publishing.models import ReadCount, ReadSource
from publishing.reads import READ_WINDOW_SECONDS, read_source
from publishing.workflow import Intent
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/124 Mobile"


@pytest.fixture
def reader():
    """A browser of its own, so counts of earlier runs kept in Redis do not leak in."""
    return {
        "REMOTE_ADDR": "198.51.100.50",
        "HTTP_USER_AGENT": f"{PHONE} thu-{uuid.uuid4()}",
    }


def beacon(client, article, *, utm="", referrer="", label="news.article", **meta):
    return client.post(
        reverse("publishing:read"),
        {"t": label, "i": getattr(article, "pk", article), "u": utm, "r": referrer},
        **meta,
    )


def counts(article) -> dict[str, int]:
    return dict(
        ReadCount.objects.filter(object_id=article.pk).values_list("source", "count")
    )


def views(article) -> int:
    article.refresh_from_db()
    return article.view_count


@pytest.mark.parametrize(
    ("utm", "referrer", "source"),
    [
        ("", "https://l.facebook.com/", ReadSource.FACEBOOK),
        ("", "https://m.facebook.com/story.php?id=1", ReadSource.FACEBOOK),
        ("", "https://fb.me/abc", ReadSource.FACEBOOK),
        ("", "https://www.facebook.com/", ReadSource.FACEBOOK),
        ("", "https://chat.zalo.me/", ReadSource.ZALO),
        ("", "https://zalo.me/g/xyz", ReadSource.ZALO),
        ("", "https://www.google.com.vn/", ReadSource.SEARCH),
        ("", "https://www.bing.com/search?q=cong+doan", ReadSource.SEARCH),
        ("", "https://coccoc.com/search?query=x", ReadSource.SEARCH),
        ("", "http://testserver/tim-kiem/?q=tet", ReadSource.SEARCH),
        ("", "http://testserver/tin-tuc/", ReadSource.DIRECT),
        ("", "https://example.org/", ReadSource.DIRECT),
        ("", "", ReadSource.DIRECT),
        ("", "not a url at all ::::", ReadSource.DIRECT),
        ("facebook", "", ReadSource.FACEBOOK),
        ("zalo", "https://www.google.com/", ReadSource.ZALO),
        ("newsletter", "", ReadSource.NEWSLETTER),
        ("bang-tin", "", ReadSource.BOARD),
        ("unknown-campaign", "https://chat.zalo.me/", ReadSource.ZALO),
    ],
)
def test_a_read_is_counted_under_its_source(client, reader, utm, referrer, source):
    article = ArticleFactory()
    response = beacon(client, article, utm=utm, referrer=referrer, **reader)
    assert response.status_code == 204
    assert counts(article) == {source: 1}
    row = ReadCount.objects.get(object_id=article.pk)
    assert row.day == timezone.localdate()
    assert row.unit_id == article.unit_id


def test_utm_source_comes_first_then_the_referrer():
    assert read_source(utm_source="Zalo", referrer="https://facebook.com/") == "zalo"
    assert read_source(referrer="https://lm.facebook.com/l.php") == "facebook"
    assert read_source(referrer="https://notfacebook.com/") == "direct"
    assert read_source(referrer="https://google.evil.example/") == "direct"


def test_the_article_page_carries_the_beacon_and_no_script_sets_a_cookie(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert f'data-read-id="{article.pk}"' in page
    assert "js/reads.js" in page
    assert not response.cookies


def test_a_preview_counts_nothing(office_client):
    draft = ArticleFactory(intent=Intent.DRAFT)
    page = office_client.get(draft.get_absolute_url()).content.decode()
    assert "data-read-url" not in page


def test_one_reader_counts_once_per_window_whatever_the_source(client, reader):
    article = ArticleFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        beacon(client, article, referrer="https://l.facebook.com/", **reader)
        for _ in range(3):
            beacon(client, article, utm="zalo", **reader)
    assert counts(article) == {ReadSource.FACEBOOK: 1}
    assert views(article) == 1
    assert READ_WINDOW_SECONDS == 30 * 60


def test_another_browser_or_address_is_another_reader(client, reader):
    article = ArticleFactory()
    beacon(client, article, **reader)
    beacon(client, article, **{**reader, "REMOTE_ADDR": "203.0.113.8"})
    beacon(client, article, **{**reader, "HTTP_USER_AGENT": f"{PHONE} khác"})
    assert counts(article) == {ReadSource.DIRECT: 3}
    assert views(article) == 3


def test_reads_of_two_days_are_two_rows(client, settings, reader):
    """Counted again after the window, through a cache that honours timeouts."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from django.core.cache import caches

    caches["default"].clear()
    article = ArticleFactory()
    evening = timezone.make_aware(datetime.datetime(2026, 3, 2, 23, 50))
    with time_machine.travel(evening, tick=False):
        beacon(client, article, **reader)
    with time_machine.travel(evening + datetime.timedelta(minutes=29), tick=False):
        beacon(client, article, **reader)  # the next day, but the same window
    with time_machine.travel(evening + datetime.timedelta(minutes=31), tick=False):
        beacon(client, article, **reader)
    rows = dict(
        ReadCount.objects.filter(object_id=article.pk).values_list("day", "count")
    )
    assert rows == {datetime.date(2026, 3, 2): 1, datetime.date(2026, 3, 3): 1}
    assert views(article) == 2


@pytest.mark.parametrize(
    "agent",
    [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "Mozilla/5.0 HeadlessChrome/124.0",
        "python-requests/2.32",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_are_not_counted(client, reader, agent):
    article = ArticleFactory()
    assert beacon(client, article, **{**reader, "HTTP_USER_AGENT": agent}).status_code
    assert counts(article) == {}
    assert views(article) == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
    ],
)
def test_prefetches_are_not_counted(client, reader, header):
    article = ArticleFactory()
    assert beacon(client, article, **reader, **header).status_code == 204
    assert counts(article) == {}


def test_only_a_post_counts(client, reader):
    article = ArticleFactory()
    url = reverse("publishing:read")
    data = {"t": "news.article", "i": article.pk}
    assert client.head(url, data, **reader).status_code == 204
    assert client.get(url, data, **reader).status_code == 204
    assert counts(article) == {}


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"t": "news.article"},
        {"t": "news.article", "i": "abc"},
        {"t": "news.article", "i": "-4"},
        {"t": "news.article", "i": "99999999999999999999999"},
        {"t": "auth.user", "i": "1"},
        {"t": "news.category", "i": "1"},
        {"t": "x" * 5000, "i": "1"},
    ],
)
def test_a_bogus_payload_gets_a_silent_204_and_counts_nothing(client, reader, payload):
    ArticleFactory()
    response = client.post(reverse("publishing:read"), payload, **reader)
    assert response.status_code == 204
    assert not ReadCount.objects.exists()


def test_an_oversized_source_counts_as_direct(client, reader):
    article = ArticleFactory()
    beacon(client, article, utm="x" * 5000, referrer="https://" + "y" * 50000, **reader)
    assert counts(article) == {ReadSource.DIRECT: 1}


def test_unpublished_and_missing_items_count_nothing_and_leave_no_key(client, reader):
    draft = ArticleFactory(intent=Intent.DRAFT)
    missing = ArticleFactory().pk + 1000
    for pk in (draft.pk, missing):
        assert beacon(client, pk, **reader).status_code == 204
    assert not ReadCount.objects.exists()
    assert views(draft) == 0

    class Request:
        META = reader

    fingerprint = client_fingerprint(Request())
    for pk in (draft.pk, missing):
        assert cache.get(f"read:news.article:{pk}:{fingerprint}") is None


def test_without_the_cache_nothing_is_counted_and_nothing_fails(client, reader):
    article = ArticleFactory()
    cache_circuit.record_failure(ConnectionError("Redis is down"))
    assert cache_circuit.is_open
    assert beacon(client, article, **reader).status_code == 204
    assert counts(article) == {}
    assert views(article) == 0


def test_a_read_costs_a_fixed_number_of_queries(
    client, reader, django_assert_max_num_queries
):
    article = ArticleFactory()
    # The item, the content type (once per process), asynchronous commit (PostgreSQL),
    # the day's first row (update, insert, update), the lifetime total, and the test
    # transaction's savepoint pair.
    with django_assert_max_num_queries(9):
        beacon(client, article, **reader)
    # The item, asynchronous commit, the day's bump, the lifetime total, savepoints.
    with django_assert_max_num_queries(6):
        beacon(client, article, **{**reader, "REMOTE_ADDR": "203.0.113.9"})


@pytest.mark.integration
def test_cached_pages_are_counted_too(client, settings, reader):
    """The page comes from the page cache without the view; the beacon still counts."""
    from publishing.cache import page_cache_enabled

    settings.PAGE_CACHE_SECONDS = 300
    assert page_cache_enabled()
    cache.clear()
    article = ArticleFactory()
    first = client.get(article.get_absolute_url(), **reader)
    beacon(client, article, referrer="https://l.facebook.com/", **reader)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = {**reader, "REMOTE_ADDR": "203.0.113.20"}
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.get_absolute_url(), **other)
    assert len(queries) == 0 and second.content == first.content
    beacon(client, article, utm="zalo", **other)
    assert counts(article) == {ReadSource.FACEBOOK: 1, ReadSource.ZALO: 1}
    assert views(article) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.integration
def test_concurrent_reads_of_one_item_lose_no_count():
    """Threads with their own connections bump one (item, day, source) at once."""
    import threading

    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    from news.models import Article
    from publishing.reads import read_count_add

    article = ArticleFactory()
    content_type = ContentType.objects.get_for_model(Article)
    day = timezone.localdate()
    barrier = threading.Barrier(8)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _ in range(10):
                read_count_add(
                    content_type_id=content_type.pk,
                    object_id=article.pk,
                    unit_id=None,
                    day=day,
                    source=ReadSource.DIRECT,
                )
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReadCount.objects.get(object_id=article.pk).count == 80


def _guidance_document():
    from tests.guidance.factories import DocumentFactory

    return DocumentFactory()


def _campaign_post():
    from tests.campaigns.factories import CampaignPostFactory

    return CampaignPostFactory()


def _faq():
    from tests.consultation.factories import published

    return published()


def _activity():
    from tests.activities.factories import ActivityFactory

    return ActivityFactory()


@pytest.mark.parametrize(
    ("make", "label"),
    [
        (_activity, "activities.activity"),
        (_guidance_document, "guidance.document"),
        (_campaign_post, "campaigns.campaignpost"),
        (_faq, "consultation.faq"),
    ],
)
def test_every_content_type_counts_through_the_same_beacon(client, reader, make, label):
    item = make()
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'data-read-type="{label}"' in page and f'data-read-id="{item.pk}"' in page
    beacon(client, item, label=label, utm="zalo", **reader)
    assert counts(item) == {ReadSource.ZALO: 1}


def test_every_kind_of_published_item_has_its_reads_counted():
    """Whatever reaches the newsletter or the bulletin board (published_items) is a
    page whose reads count: a content type registered tomorrow is checked too."""
    from publishing import published_items, reads

    labels = published_items.registered_labels()
    assert "news.article" in labels and "activities.activity" in labels
    assert [label for label in labels if reads.readable_get(label) is None] == []


@pytest.mark.integration
def test_a_killed_redis_loses_reads_not_pages(client, settings, reader, tmp_path):
    """A private redis-server killed with -9 mid-run: the beacon keeps answering 204
    and counts nothing while it is down, and counts again once it is back."""
    from tests.support.redis_server import PrivateRedis

    server = PrivateRedis(tmp_path / "redis")
    server.start()
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
            }
        }
        article = ArticleFactory()
        assert beacon(client, article, **reader).status_code == 204
        server.kill()
        other = {**reader, "REMOTE_ADDR": "203.0.113.30"}
        assert beacon(client, article, **other).status_code == 204
        page = client.get(article.get_absolute_url(), **other)
        assert page.status_code == 200
        assert counts(article) == {ReadSource.DIRECT: 1}
        server.start()
        cache_circuit.reset()  # the circuit's own retry delay, skipped
        third = {**reader, "REMOTE_ADDR": "203.0.113.31"}
        assert beacon(client, article, **third).status_code == 204
        assert counts(article) == {ReadSource.DIRECT: 2}
    finally:
        server.stop()
