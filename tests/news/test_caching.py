"""Anonymous pages come from the shared cache and change as soon as content does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing.cache import page_cache_enabled
from publishing.workflow import Intent, content_save
from tests.news.factories import ArticleFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def redis_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    assert page_cache_enabled()
    from django.core.cache import cache

    cache.clear()


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_second_anonymous_visit_is_served_from_the_cache(client):
    ArticleFactory(title="Tin đầu tiên")
    first, first_queries = get(client, "/tin-tuc/")
    second, second_queries = get(client, "/tin-tuc/")
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second.headers["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert "ETag" in second.headers


def test_publishing_invalidates_cached_pages(
    client, django_capture_on_commit_callbacks
):
    get(client, "/tin-tuc/")
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="Tin mới vừa đăng")
    response, queries = get(client, "/tin-tuc/")
    assert queries > 0
    assert "Tin mới vừa đăng" in response.text


def test_archiving_invalidates_cached_pages(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Tin sắp gỡ")
    assert "Tin sắp gỡ" in get(client, "/tin-tuc/")[0].text
    with django_capture_on_commit_callbacks(execute=True):
        content_save(obj=article, intent=Intent.ARCHIVE)
    assert "Tin sắp gỡ" not in get(client, "/tin-tuc/")[0].text


def test_editors_never_get_or_fill_the_shared_cache(client, admin_user):
    ArticleFactory(title="Tin công khai")
    get(client, "/tin-tuc/")
    client.force_login(admin_user)
    response, queries = get(client, "/tin-tuc/")
    assert queries > 0
    assert "private" in response.headers["Cache-Control"]
