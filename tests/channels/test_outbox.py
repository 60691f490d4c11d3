"""The delivery outbox against a real local Graph API / Zalo OA server: once, not twice."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from channels.models import Delivery, SocialChannel
from channels.querysets import SENDING_LEASE_CHECK_AFTER
from channels.selectors import channel_warning_list
from channels.services.credentials import social_channel_save
from channels.services.outbox import (
    deliveries_due_send,
    delivery_lease_name,
    delivery_retry,
    delivery_send,
    retry_delay,
)
from publishing.leases import lease
from publishing.workflow import Intent, content_save
from tests.campaigns.factories import CampaignPostFactory, SocialChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facebook(server):
    return SocialChannelFactory(
        name="Trang Facebook Công đoàn", page_id=server.page_id,
        access_token=server.facebook_token,
    )  # fmt: skip


@pytest.fixture
def zalo(server):
    return SocialChannelFactory(
        name="Zalo OA Công đoàn", kind=SocialChannel.Kind.ZALO, page_id="",
        app_id=server.zalo_app_id, access_token="zalo-access-1",
        refresh_token="zalo-refresh-1", app_secret=server.zalo_secret_key,
    )  # fmt: skip


def published_post(django_capture_on_commit_callbacks, *channels):
    post = CampaignPostFactory(intent=Intent.DRAFT, title="Chào mừng ngày 28/7")
    for channel in channels:
        Delivery.objects.create(target=post, channel=channel)
    with django_capture_on_commit_callbacks(execute=True):
        content_save(obj=post, intent=Intent.PUBLISH)
    return post


def feed_posts(server):
    return server.requests_to("POST", f"/{server.page_id}/feed")


def test_publishing_the_post_releases_its_deliveries(
    facebook, django_capture_on_commit_callbacks
):
    post = CampaignPostFactory(intent=Intent.DRAFT)
    delivery = Delivery.objects.create(target=post, channel=facebook)
    assert delivery.status == Delivery.Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        content_save(obj=post, intent=Intent.PUBLISH)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at <= timezone.now()


def test_a_waiting_delivery_is_not_sent_before_its_post_is_published(facebook, server):
    post = CampaignPostFactory(intent=Intent.DRAFT)
    delivery = Delivery.objects.create(target=post, channel=facebook)
    assert delivery_send(delivery_id=delivery.pk) is None
    assert deliveries_due_send() == 0
    assert server.requests == []


def test_facebook_delivery_is_sent_with_link_and_marker_and_its_id_kept(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    delivery.refresh_from_db()
    (sent,) = feed_posts(server)
    # The item's page, tagged so that a reader it brings is counted as Facebook's.
    assert sent.form["link"].endswith(
        f"{post.get_absolute_url()}?utm_source=facebook&utm_medium=social"
        f"&utm_campaign={post.slug}"
    )
    assert sent.form["message"].endswith(f"(mã tin {delivery.idempotency_key})")
    assert delivery.external_id == f"{server.page_id}_1"
    assert delivery.external_url and delivery.sent_at and delivery.attempts == 1


def test_a_sent_delivery_is_never_sent_again(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    delivery_send(delivery_id=delivery.pk)
    assert delivery_send(delivery_id=delivery.pk) is None
    assert delivery_retry(delivery=delivery) is False
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert deliveries_due_send() == 0
    assert len(feed_posts(server)) == 1


def test_rate_limit_fails_with_backoff_then_the_sweep_sends(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    server.script("rate_limit")
    start = timezone.now()
    assert delivery_send(delivery_id=delivery.pk, now=start) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "lượt gọi API" in delivery.last_error
    # Facebook asked for 2 minutes, more than the first backoff step (1 minute).
    assert delivery.next_attempt_at - start >= timedelta(minutes=2)
    assert deliveries_due_send(now=start + timedelta(seconds=59)) == 0
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert deliveries_due_send() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert len(server.facebook_posts) == 1


def test_backoff_doubles_and_is_capped():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(20) == timedelta(hours=6)


def test_server_error_is_retried_and_gives_up_after_max_attempts(
    facebook, server, django_capture_on_commit_callbacks
):
    from channels.services.outbox import MAX_ATTEMPTS

    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    server.script("server_error")
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.next_attempt_at is None  # for staff now


def test_retrying_one_failed_channel_never_reposts_the_others(
    facebook, zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook, zalo)
    to_facebook = post.deliveries.get(channel=facebook)
    to_zalo = post.deliveries.get(channel=zalo)
    delivery_send(delivery_id=to_facebook.pk)
    server.script("server_error")
    assert delivery_send(delivery_id=to_zalo.pk) == Delivery.Status.FAILED
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert deliveries_due_send() == 1
    assert {d.status for d in post.deliveries.all()} == {Delivery.Status.SENT}
    assert len(feed_posts(server)) == 1
    assert len(server.requests_to("POST", "/article/create")) == 2  # 502, then ok


def test_after_an_ambiguous_timeout_the_post_is_found_not_sent_twice(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    server.script("slow")  # the server posts it, but after our 0.5 s timeout
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.ambiguous
    server.wait_until(lambda: len(server.facebook_posts) == 1)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.external_id == server.facebook_posts[0]["id"]
    assert len(feed_posts(server)) == 1
    assert len(server.requests_to("GET", "/published_posts")) == 1


def test_a_delivery_left_sending_by_a_dead_worker_is_checked_then_finished(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, attempts=1, sending_started_at=now
    )
    # Another worker still holds its lease: it is sending, leave it alone.
    with lease(delivery_lease_name(delivery.pk)) as held:
        assert held
        assert deliveries_due_send(now=now + timedelta(minutes=4)) == 0
    # Its worker died (the lease went with its connection): finished at the next tick.
    with time_machine.travel(now + SENDING_LEASE_CHECK_AFTER):
        assert deliveries_due_send() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    # It looked before posting.
    assert len(server.requests_to("GET", "/published_posts")) == 1
    assert len(feed_posts(server)) == 1


def test_expired_token_stops_retries_warns_and_new_token_resends(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    delivery = post.deliveries.get()
    server.script("expired_token")
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    facebook.refresh_from_db()
    assert delivery.next_attempt_at is None
    assert facebook.rejected_at is not None
    assert any("từ chối mã truy cập" in w for w in channel_warning_list())
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert deliveries_due_send() == 0
    social_channel_save(channel=facebook, access_token=server.facebook_token)
    assert channel_warning_list() == []
    assert deliveries_due_send() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


def test_post_taken_down_before_sending_is_not_sent(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    content_save(obj=post, intent=Intent.ARCHIVE)
    delivery = post.deliveries.get()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.CANCELLED
    assert server.requests == []


def test_a_channel_switched_off_fails_the_delivery_without_calling(
    facebook, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, facebook)
    SocialChannel.objects.filter(pk=facebook.pk).update(is_active=False)
    assert delivery_send(delivery_id=post.deliveries.get().pk) == Delivery.Status.FAILED
    assert server.requests == []


# -- Zalo ---------------------------------------------------------------------------------
def test_zalo_delivery_creates_verifies_and_broadcasts_once(
    zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.SENT
    delivery.refresh_from_db()
    (article,) = server.zalo_articles.values()
    assert delivery.external_id == article["id"]
    assert article["title"] == post.title
    assert article["cover"]["photo_url"] == zalo.cover_url
    (broadcast,) = server.zalo_broadcasts
    assert delivery.broadcast_id == broadcast["message_id"]
    assert delivery_send(delivery_id=delivery.pk) is None
    assert len(server.zalo_broadcasts) == 1


def test_zalo_verify_failure_keeps_the_token_and_never_recreates_the_article(
    zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    server.script("ok", "server_error")  # create ok, verify 502
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.article_token and not delivery.external_id
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(server.requests_to("POST", "/article/create")) == 1
    assert len(server.zalo_broadcasts) == 1


def test_zalo_broadcast_rate_limited_is_retried_without_a_new_article(
    zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    server.script("ok", "ok", "rate_limit")  # create, verify, broadcast -32
    delivery_send(delivery_id=delivery.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(server.zalo_articles) == 1 and len(server.zalo_broadcasts) == 1


def test_zalo_broadcast_timeout_waits_for_a_person(
    zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    server.script("ok", "ok", "slow")
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.next_attempt_at is None
    assert "Kiểm tra trong Zalo OA" in delivery.last_error


def test_a_zalo_article_create_that_timed_out_is_adopted_on_retry_not_made_twice(
    zalo, server, django_capture_on_commit_callbacks
):
    """#19: the create reached Zalo but its answer was lost. The retry lists the
    OA's articles (getslice), finds the one with this delivery's marker, and goes on
    from it: one article, broadcast once."""
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    server.script("slow")  # Zalo creates it, but after our 0.5 s timeout
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.ambiguous and not delivery.article_token
    server.wait_until(lambda: len(server.zalo_articles) == 1)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    (article,) = server.zalo_articles.values()
    assert delivery.external_id == article["id"]
    assert f"(mã tin {delivery.idempotency_key})" in article["description"]
    assert len(server.requests_to("POST", "/v2.0/article/create")) == 1
    assert len(server.requests_to("GET", "/v2.0/article/getslice")) == 1
    assert len(server.zalo_broadcasts) == 1


def test_a_zalo_retry_creates_the_article_when_the_lost_create_never_arrived(
    zalo, server, django_capture_on_commit_callbacks
):
    """The other article of the OA (someone else's) is not adopted: no marker."""
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    server.zalo_articles["other"] = {
        "type": "normal", "id": "article-other", "title": post.title,
        "description": "Bài khác (mã tin 0123456789abcdef0123)", "processing": 0,
        "create_date": int(timezone.now().timestamp() * 1000),
    }  # fmt: skip
    server.script("server_error")
    Delivery.objects.filter(pk=delivery.pk).update(ambiguous=True)
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.external_id not in ("", "article-other")
    assert len(server.requests_to("POST", "/v2.0/article/create")) == 1


def test_zalo_expired_token_is_refreshed_rotated_and_stored(
    zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, zalo)
    server.script("expired_token")
    assert delivery_send(delivery_id=post.deliveries.get().pk) == Delivery.Status.SENT
    zalo.refresh_from_db()
    assert zalo.refresh_token == server.zalo_refresh_token != "zalo-refresh-1"
    assert zalo.access_token in server.zalo_access_tokens
    assert zalo.access_token != "zalo-access-1"
    assert zalo.access_token_expires_at > timezone.now() + timedelta(hours=24)


def test_zalo_dead_refresh_token_marks_the_channel_rejected(
    zalo, server, django_capture_on_commit_callbacks
):
    post = published_post(django_capture_on_commit_callbacks, zalo)
    server.zalo_refresh_token = "someone-else-used-it"
    server.script("expired_token")
    assert delivery_send(delivery_id=post.deliveries.get().pk) == Delivery.Status.FAILED
    zalo.refresh_from_db()
    assert zalo.rejected_at is not None
    assert zalo.refresh_token == "zalo-refresh-1"  # nothing half-stored


def test_a_delivery_left_waiting_behind_a_published_post_goes_at_the_next_tick(
    facebook, server
):
    post = CampaignPostFactory(intent=Intent.DRAFT, title="Chào mừng ngày 28/7")
    content_save(obj=post, intent=Intent.PUBLISH)  # published with no delivery yet
    delivery = Delivery.objects.create(target=post, channel=facebook)  # left waiting
    assert deliveries_due_send() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(feed_posts(server)) == 1
    assert deliveries_due_send() == 0  # a second tick changes nothing
