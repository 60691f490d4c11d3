"""On PostgreSQL and Redis: two senders at once, and a real worker end to end."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from celery import current_app
from django.db import connections
from django.utils import timezone

from campaigns.models import CampaignPost
from campaigns.services.posts import campaign_posts_publish_soon
from channels.models import Delivery
from channels.services.outbox import deliveries_due_send
from publishing.models import Status
from publishing.workflow import Intent, content_save
from tests.campaigns.factories import CampaignPostFactory, SocialChannelFactory
from tests.support import processes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def markers(server):
    return Counter(p["message"].rsplit("(mã tin ", 1)[1] for p in server.facebook_posts)


def test_two_senders_at_once_never_send_a_delivery_twice(server):
    channel = SocialChannelFactory(
        page_id=server.page_id, access_token=server.facebook_token
    )
    now = timezone.now()
    for _ in range(60):
        post = CampaignPostFactory()
        Delivery.objects.create(
            target=post,
            channel=channel,
            status=Delivery.Status.PENDING,
            next_attempt_at=now,
        )
    server.script(*(["ok"] * 5 + ["server_error"]) * 3)  # a few fail once
    barrier = threading.Barrier(2)
    errors = []

    def sender():
        try:
            barrier.wait()
            deliveries_due_send()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sent = Delivery.objects.filter(status=Delivery.Status.SENT)
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    assert sent.count() + failed.count() == 60 and failed.count() == 3
    # Retries, by both senders again, later:
    later = timezone.now() + timedelta(hours=1)
    threads = [
        threading.Thread(
            target=lambda: (deliveries_due_send(now=later), connections.close_all())
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 60
    counts = markers(server)
    assert len(counts) == 60 and set(counts.values()) == {1}
    assert len(server.requests_to("POST", "/feed")) == 63


@pytest.fixture
def worker(server, tmp_path):
    current_app.control.purge()
    env = processes.test_database_env()
    env.update(
        DJANGO_SETTINGS_MODULE="tests.campaigns.worker_settings",
        FACEBOOK_GRAPH_URL=server.url,
        ZALO_OPENAPI_URL=server.url,
        ZALO_OAUTH_URL=server.url,
        CAMPAIGNS_RETRY_BASE_SECONDS="1",
    )
    process = processes.celery_worker(log=tmp_path / "worker.log", env=env)
    yield process
    processes.stop(process)
    print((tmp_path / "worker.log").read_text()[-3000:])


def test_a_real_worker_publishes_at_the_due_time_and_sends_each_channel_once(
    server, worker
):
    facebook = SocialChannelFactory(
        page_id=server.page_id, access_token=server.facebook_token
    )
    zalo = SocialChannelFactory(
        kind="zalo", page_id="", app_id=server.zalo_app_id,
        access_token="zalo-access-1", refresh_token="zalo-refresh-1",
        app_secret=server.zalo_secret_key,
    )  # fmt: skip
    due = timezone.now() + timedelta(seconds=4)
    posts = []
    for n in range(3):
        post = CampaignPostFactory(
            intent=Intent.DRAFT, publish_at=due + timedelta(seconds=n)
        )
        for channel in (facebook, zalo):
            Delivery.objects.create(target=post, channel=channel)
        posts.append(content_save(obj=post, intent=Intent.PUBLISH))
    assert {p.status for p in posts} == {Status.SCHEDULED}
    # The second platform call fails once (HTTP 5xx) and is retried by the sweep.
    server.script("ok", "server_error")
    assert campaign_posts_publish_soon() == 3
    processes.wait_for(
        lambda: (
            Delivery.objects.filter(status=Delivery.Status.SENT).count() == 6
            or _sweep_retries()
        ),
        timeout=60,
        what="all six deliveries sent",
    )
    for post in CampaignPost.objects.all():
        assert post.status == Status.PUBLISHED
    assert set(markers(server).values()) == {1} and len(markers(server)) == 3
    assert len(server.zalo_articles) == 3 and len(server.zalo_broadcasts) == 3


def _sweep_retries() -> bool:
    """Stand in for beat: wake the delivery sweep so the failed one is retried."""
    from channels.tasks import deliveries_due_send as sweep

    sweep.delay()
    return False
