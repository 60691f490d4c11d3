"""Token health (#19): Facebook checked with the app token, expiry dates warned 7 days
ahead, a lost Zalo refresh reply recorded and explained; the edge answers of the
outbox (-214 until its bound, #506 without our post)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from channels.models import Delivery, SocialChannel
from channels.selectors import channel_warning_list
from channels.services.credentials import social_channels_check, zalo_token_refresh
from channels.services.outbox import MAX_ATTEMPTS, deliveries_due_send, delivery_send
from tests.campaigns.factories import SocialChannelFactory
from tests.campaigns.test_admin import channel_form
from tests.channels.test_outbox import published_post

pytestmark = pytest.mark.django_db
EXPIRES = datetime(2027, 1, 1, tzinfo=UTC)
DATA_EXPIRES = datetime(2026, 12, 20, tzinfo=UTC)


@pytest.fixture
def facebook(server):
    server.facebook_token_expires_at = int(EXPIRES.timestamp())
    server.facebook_data_access_expires_at = int(DATA_EXPIRES.timestamp())
    return SocialChannelFactory(
        name="Trang", page_id=server.page_id, access_token=server.facebook_token,
        app_id=server.facebook_app_id, app_secret=server.facebook_app_secret,
    )  # fmt: skip


@pytest.fixture
def zalo(server):
    return SocialChannelFactory(
        name="Zalo OA", kind=SocialChannel.Kind.ZALO, page_id="",
        app_id=server.zalo_app_id, access_token="zalo-access-1",
        refresh_token="zalo-refresh-1", app_secret=server.zalo_secret_key,
    )  # fmt: skip


def test_the_facebook_check_uses_the_app_token_and_stores_both_expiries(
    facebook, server
):
    assert social_channels_check() == {"Trang": "valid"}
    facebook.refresh_from_db()
    assert facebook.access_token_expires_at == EXPIRES
    assert facebook.data_access_expires_at == DATA_EXPIRES
    assert facebook.rejected_at is None
    (call,) = server.requests_to("GET", "/debug_token")
    assert call.query["input_token"] == [server.facebook_token]


def test_the_check_signs_with_appsecret_proof_when_the_app_requires_it(
    facebook, server
):
    server.require_appsecret_proof = True
    assert social_channels_check() == {"Trang": "valid"}
    assert "appsecret_proof" in server.requests_to("GET", "/debug_token")[0].query


def test_without_app_credentials_the_check_says_so_and_keeps_the_channel(server):
    channel = SocialChannelFactory(
        name="Trang", page_id=server.page_id, access_token=server.facebook_token
    )
    assert social_channels_check() == {"Trang": "no app credentials"}
    channel.refresh_from_db()
    assert channel.rejected_at is None and "App ID" in channel.last_error


def test_an_invalid_page_token_stops_the_channel(facebook, server):
    server.facebook_token = "rotated-by-meta"
    assert social_channels_check() == {"Trang": "invalid"}
    facebook.refresh_from_db()
    assert facebook.rejected_at is not None


@pytest.mark.parametrize(
    ("left", "warned"),
    [(timedelta(days=7, seconds=-1), True), (timedelta(days=7), False)],
)
def test_data_access_expiry_is_warned_7_days_ahead(left, warned):
    now = timezone.now()
    SocialChannelFactory(name="Trang", data_access_expires_at=now + left)
    warnings = channel_warning_list(now=now)
    assert bool(warnings) is warned
    if warned:
        assert "quyền truy cập dữ liệu" in warnings[0]


def test_the_facebook_app_secret_is_never_shown_again(office_client):
    secret = "fb-app-secret-0123456789abcd"
    response = office_client.post(
        "/admin/channels/socialchannel/add/",
        channel_form(app_id="4242", app_secret_input=secret),
    )
    assert response.status_code == 302
    channel = SocialChannel.objects.get()
    assert channel.app_secret == secret
    page = office_client.get(f"/admin/channels/socialchannel/{channel.pk}/change/")
    assert secret not in page.text and secret[:-4] not in page.text
    assert "…abcd" in page.text


def test_a_lost_refresh_reply_is_recorded_then_explained_when_zalo_refuses(
    zalo, server, office_client
):
    server.script("slow")  # Zalo rotates the token, but its answer never arrives
    with pytest.raises(Exception):  # noqa: B017, PT011 - ChannelUnavailable
        zalo_token_refresh(channel_id=zalo.pk, used_token="zalo-access-1")
    server.wait_until(lambda: server.zalo_refresh_token != "zalo-refresh-1")
    zalo.refresh_from_db()
    assert zalo.refresh_lost_at is not None and zalo.rejected_at is None
    assert zalo.refresh_token == "zalo-refresh-1"  # the dead one: all we have
    page = office_client.get("/admin/channels/socialchannel/").text
    assert "Zalo OA" in page and "cấp quyền lại" in page

    with pytest.raises(Exception):  # noqa: B017, PT011 - ChannelAuthError
        zalo_token_refresh(channel_id=zalo.pk, used_token="zalo-access-1")
    zalo.refresh_from_db()
    assert zalo.rejected_at is not None
    assert "bị mất phản hồi" in zalo.last_error
    assert "cấp quyền lại" in zalo.last_error


def test_a_refresh_that_succeeds_clears_the_lost_mark(zalo, server):
    SocialChannel.objects.filter(pk=zalo.pk).update(refresh_lost_at=timezone.now())
    zalo_token_refresh(channel_id=zalo.pk, used_token="zalo-access-1")
    zalo.refresh_from_db()
    assert zalo.refresh_lost_at is None
    assert zalo.refresh_token == server.zalo_refresh_token


def test_an_article_still_processing_is_verified_again_not_created_again(
    zalo, server, django_capture_on_commit_callbacks
):
    server.zalo_verify_processing = 2
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    for hours in (1, 2):
        with time_machine.travel(timezone.now() + timedelta(hours=hours)):
            deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.external_id == "article-1"
    assert len(server.requests_to("POST", "/article/create")) == 1
    assert len(server.requests_to("POST", "/article/verify")) == 3


def test_processing_that_never_ends_fails_after_the_bound_with_a_reason(
    zalo, server, django_capture_on_commit_callbacks
):
    server.zalo_verify_processing = 1000
    post = published_post(django_capture_on_commit_callbacks, zalo)
    delivery = post.deliveries.get()
    delivery_send(delivery_id=delivery.pk)
    for day in range(1, MAX_ATTEMPTS + 2):
        with time_machine.travel(timezone.now() + timedelta(days=day)):
            deliveries_due_send()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.next_attempt_at is None and delivery.attempts == MAX_ATTEMPTS
    assert "vẫn đang xử lý" in delivery.last_error
    assert len(server.requests_to("POST", "/article/create")) == 1


def test_a_506_without_our_post_fails_the_delivery_with_what_to_do(
    server, django_capture_on_commit_callbacks
):
    channel = SocialChannelFactory(
        name="Trang", page_id=server.page_id, access_token=server.facebook_token
    )
    post = published_post(django_capture_on_commit_callbacks, channel)
    delivery = post.deliveries.get()
    server.script("graph:506")
    assert delivery_send(delivery_id=delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.next_attempt_at is None
    assert "bài trùng" in delivery.last_error and "Gửi lại" in delivery.last_error
    channel.refresh_from_db()
    assert channel.rejected_at is None
