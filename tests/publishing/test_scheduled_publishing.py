"""The publication workflow and the due sweep: once, on time, never lost."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from publishing import signals
from publishing.models import Status
from publishing.workflow import Intent, content_save, publishing_sweep
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(timezone.datetime(2026, 7, 28, 7, 0))


@pytest.fixture
def published_pks():
    received = []

    def record(sender, pks, **kwargs):
        received.extend(pks)

    signals.published.connect(record)
    yield received
    signals.published.disconnect(record)


def scheduled(minutes_from_now: float, **fields) -> Article:
    return ArticleFactory(
        publish_at=NOW + timedelta(minutes=minutes_from_now), **fields
    )


@time_machine.travel(NOW, tick=False)
def test_publish_with_a_past_time_publishes_at_once():
    article = scheduled(-30)
    assert article.status == Status.PUBLISHED
    assert article.published_at == NOW - timedelta(minutes=30)


@time_machine.travel(NOW, tick=False)
def test_publish_with_a_future_time_schedules():
    article = scheduled(+30)
    assert article.status == Status.SCHEDULED
    assert article.published_at is None


@time_machine.travel(NOW, tick=False)
def test_draft_stays_off_the_site(client):
    article = ArticleFactory(intent=Intent.DRAFT)
    assert article.status == Status.DRAFT
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("offset_seconds", "published"), [(-1, True), (0, True), (1, False)]
)
def test_sweep_publishes_what_is_due_at_the_boundary(offset_seconds, published):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        article = ArticleFactory(publish_at=NOW + timedelta(seconds=offset_seconds))
    publishing_sweep(now=NOW)
    article.refresh_from_db()
    assert (article.status == Status.PUBLISHED) is published
    if published:
        assert article.published_at == article.publish_at


def test_sweep_archives_expired_items_and_only_those():
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        expired = ArticleFactory(unpublish_at=NOW - timedelta(seconds=1))
        lasting = ArticleFactory(unpublish_at=NOW + timedelta(seconds=1))
    result = publishing_sweep(now=NOW)
    assert result.archived == {"news.Article": 1}
    expired.refresh_from_db()
    lasting.refresh_from_db()
    assert expired.status == Status.ARCHIVED
    assert lasting.status == Status.PUBLISHED


def test_a_second_sweep_changes_nothing(
    published_pks, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        articles = [
            ArticleFactory(publish_at=NOW - timedelta(minutes=i)) for i in range(3)
        ]
    with django_capture_on_commit_callbacks(execute=True):
        first = publishing_sweep(now=NOW)
        second = publishing_sweep(now=NOW)
    assert first.published == {"news.Article": 3}
    assert second.total == 0
    assert sorted(published_pks) == sorted(a.pk for a in articles)


def test_sweep_announces_each_publication_once(
    published_pks, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        article = ArticleFactory(publish_at=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        publishing_sweep(now=NOW)
        publishing_sweep(now=NOW + timedelta(minutes=1))
    assert published_pks == [article.pk]


def test_sweep_in_small_batches_still_publishes_everything():
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory.create_batch(7, publish_at=NOW - timedelta(minutes=1))
    result = publishing_sweep(now=NOW, batch_size=3)
    assert result.published == {"news.Article": 7}
    assert not Article.objects.filter(status=Status.SCHEDULED).exists()


def test_the_command_has_a_dry_run_that_changes_nothing():
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        article = ArticleFactory(publish_at=NOW - timedelta(minutes=1))
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("publishing_sweep", "--dry-run", stdout=out)
        assert "Sẽ đăng 1 mục news.Article" in out.getvalue()
        article.refresh_from_db()
        assert article.status == Status.SCHEDULED
        call_command("publishing_sweep", stdout=out)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert "Đã đăng 1 mục news.Article" in out.getvalue()


def test_sweep_task_runs_the_sweep():
    from publishing.tasks import publishing_sweep as task

    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        article = ArticleFactory(publish_at=NOW - timedelta(minutes=1))
    with time_machine.travel(NOW, tick=False):
        task()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


@pytest.mark.parametrize(
    ("seconds_late", "warned"), [(119, False), (120, True), (121, True)]
)
def test_admin_warns_about_items_overdue_two_minutes_or_more(
    admin_client, seconds_late, warned
):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory(publish_at=NOW - timedelta(seconds=seconds_late))
    with time_machine.travel(NOW, tick=False):
        response = admin_client.get(reverse("admin:index"))
    assert ("quá hạn hơn 2 phút" in response.text) is warned


def test_title_change_keeps_a_published_articles_url_and_slug_edit_redirects(client):
    article = ArticleFactory(title="Đại hội Công đoàn khóa mới")
    url = article.get_absolute_url()
    article.title = "Đại hội Công đoàn nhiệm kỳ 2026-2031"
    content_save(obj=article, intent=Intent.PUBLISH)
    assert article.get_absolute_url() == url
    article.slug = "dai-hoi-cong-doan-2026"
    content_save(obj=article, intent=Intent.PUBLISH)
    response = client.get(url)
    assert response.status_code == 301
    assert response.headers["Location"] == "/tin-tuc/dai-hoi-cong-doan-2026/"


def test_unpublish_before_publish_is_a_clear_error():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        ArticleFactory(publish_at=NOW, unpublish_at=NOW - timedelta(hours=1))
    assert "Thời điểm gỡ phải sau thời điểm đăng." in str(error.value)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_publish_each_item_once(published_pks):
    assert connection.vendor == "postgresql"
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        Article.objects.bulk_create(
            Article(
                title=f"Bài {i}",
                slug=f"bai-{i}",
                body="<p>x</p>",
                status=Status.SCHEDULED,
                publish_at=NOW - timedelta(minutes=1),
            )
            for i in range(600)
        )
    barrier = threading.Barrier(2)
    results = []

    def worker():
        barrier.wait()
        results.append(publishing_sweep(now=NOW, batch_size=50))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = [r.published.get("news.Article", 0) for r in results]
    assert sum(counts) == 600
    assert all(counts), f"both workers should have taken a share: {counts}"
    assert len(published_pks) == 600 == len(set(published_pks))
    assert not Article.objects.filter(status=Status.SCHEDULED).exists()
