"""The admin: channels' credentials write-only and encrypted, warnings, the plan's
errors at save time, the month calendar."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from campaigns.models import Campaign, CampaignPost, KeyDate, PlannedPost
from campaigns.services.plans import campaign_save, planned_post_save
from campaigns.services.posts import campaign_posts_materialise
from channels.models import SocialChannel
from channels.selectors import channel_warning_list
from publishing.workflow import publishing_sweep
from tests.campaigns.factories import (
    CampaignFactory,
    PlannedPostFactory,
    SocialChannelFactory,
)
from tests.units.factories import office_unit

pytestmark = pytest.mark.django_db
SECRET = "EAAGm0PX4ZCpsBAJZBLONGSECRETTOKENwxyz9876"


def raw_column(channel, column):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM channels_socialchannel WHERE id = %s",  # noqa: S608
            [channel.pk],
        )
        return cursor.fetchone()[0]


def channel_form(**overrides):
    data = {
        "unit": str(office_unit().pk), "share_by_default": "on", "kind": "facebook", "name": "Trang Facebook Công đoàn", "is_active": "on",
        "page_id": "1234567890", "api_version": "v23.0", "app_id": "", "cover_url": "",
        "broadcast": "on", "access_token_input": SECRET, "refresh_token_input": "",
        "app_secret_input": "", "access_token_expires_at": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_token_entered_in_the_admin_is_encrypted_and_never_shown_again(office_client):
    response = office_client.post("/admin/channels/socialchannel/add/", channel_form())
    assert response.status_code == 302
    channel = SocialChannel.objects.get()
    assert channel.access_token == SECRET
    stored = raw_column(channel, "access_token")
    assert stored.startswith("fernet:") and SECRET not in stored
    page = office_client.get(f"/admin/channels/socialchannel/{channel.pk}/change/").text
    assert SECRET not in page and SECRET[:-4] not in page
    assert "…9876" in page
    listing = office_client.get("/admin/channels/socialchannel/").text
    assert SECRET not in listing


def test_saving_with_an_empty_token_box_keeps_the_stored_token(office_client):
    office_client.post("/admin/channels/socialchannel/add/", channel_form())
    channel = SocialChannel.objects.get()
    response = office_client.post(
        f"/admin/channels/socialchannel/{channel.pk}/change/",
        channel_form(access_token_input="", name="Trang mới"),
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.access_token == SECRET and channel.name == "Trang mới"


def test_active_channel_without_a_token_is_refused(office_client):
    response = office_client.post(
        "/admin/channels/socialchannel/add/", channel_form(access_token_input="")
    )
    assert response.status_code == 200
    assert "cần mã truy cập" in response.text
    assert not SocialChannel.objects.exists()


def test_encryption_key_can_come_from_its_own_setting(settings):
    settings.CHANNEL_CREDENTIALS_KEY = "x" * 43 + "="
    channel = SocialChannelFactory(access_token=SECRET)
    channel.refresh_from_db()
    assert channel.access_token == SECRET
    settings.CHANNEL_CREDENTIALS_KEY = "y" * 43 + "="  # key lost: reads as missing
    channel.refresh_from_db()
    assert channel.access_token == ""
    assert "mã truy cập" in channel.missing_credentials()[0]


# Which channels a CĐCS editor sees and manages: tests/channels/test_unit_channels.py.


NOW = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))


@pytest.mark.parametrize(
    ("left", "warned"),
    [
        (datetime.timedelta(days=7, seconds=-1), True),
        (datetime.timedelta(days=7), False),
    ],
)
def test_a_token_expiring_within_7_days_is_warned(left, warned):
    SocialChannelFactory(name="Trang Facebook", access_token_expires_at=NOW + left)
    warnings = channel_warning_list(now=NOW)
    assert bool(warnings) is warned
    if warned:
        assert "Trang Facebook" in warnings[0] and "hết hạn" in warnings[0]


def test_channel_list_shows_the_warnings(office_client):
    SocialChannelFactory(
        name="Trang sắp hết hạn",
        access_token_expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    response = office_client.get("/admin/channels/socialchannel/")
    assert "Trang sắp hết hạn" in response.text and "hết hạn lúc" in response.text


def campaign_form(key_date, **plan):
    data = {
        "key_date": str(key_date.pk), "name": "Kỷ niệm ngày Công đoàn",
        "description": "", "first_year": "2026", "last_year": "", "is_active": "on",
        "planned_posts-TOTAL_FORMS": "1", "planned_posts-INITIAL_FORMS": "0",
        "planned_posts-MIN_NUM_FORMS": "0", "planned_posts-MAX_NUM_FORMS": "1000",
        "planned_posts-0-kind": "greeting", "planned_posts-0-offset_days": "0",
        "planned_posts-0-time_of_day": "08:00",
        "planned_posts-0-title_template": "Kỷ niệm {lan_thu} năm {ten}",
        "planned_posts-0-body_template": "Chào mừng {ngay}.",
        "planned_posts-0-to_site": "on",
        "occurrences-TOTAL_FORMS": "0", "occurrences-INITIAL_FORMS": "0",
        "occurrences-MIN_NUM_FORMS": "0", "occurrences-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update({f"planned_posts-0-{k}": v for k, v in plan.items()})
    return data


@pytest.fixture
def union_day():
    return KeyDate.objects.get(slug="ngay-thanh-lap-cong-doan-viet-nam")


def test_campaign_with_its_plan_is_created_in_the_admin(office_client, union_day):
    response = office_client.post(
        "/admin/campaigns/campaign/add/", campaign_form(union_day)
    )
    assert response.status_code == 302, response.context["errors"]
    campaign = Campaign.objects.get()
    assert campaign.planned_posts.count() == 1
    assert campaign.occurrences.count() == 2


def test_unknown_placeholder_is_shown_in_the_form_and_nothing_is_lost(
    office_client, union_day
):
    response = office_client.post(
        "/admin/campaigns/campaign/add/",
        campaign_form(union_day, title_template="Chào mừng {tuoi}"),
    )
    assert response.status_code == 200
    assert "Chỗ điền {tuoi} không có" in response.text
    assert "Chào mừng {tuoi}" in response.text  # what was typed is kept
    assert not Campaign.objects.exists()


def test_channel_without_credentials_is_refused_in_the_plan(office_client, union_day):
    channel = SocialChannelFactory(
        name="Zalo chưa cấu hình", kind="zalo", access_token=""
    )
    response = office_client.post(
        "/admin/campaigns/campaign/add/",
        campaign_form(union_day, channels=[str(channel.pk)]),
    )
    assert response.status_code == 200
    assert "Zalo chưa cấu hình" in response.text and "chưa có" in response.text
    assert not PlannedPost.objects.exists()


def test_calendar_shows_planned_scheduled_and_published_differently(
    office_client, union_day
):
    campaign = CampaignFactory(key_date=union_day, name="Kỷ niệm ngày Công đoàn")
    with time_machine.travel(NOW, tick=False):
        campaign_save(campaign=campaign)
        for offset in (-14, -7, 0):
            planned_post_save(
                planned_post=PlannedPostFactory.build(
                    campaign=campaign,
                    offset_days=offset,
                    title_template=f"Bài D{offset} {{nam}}",
                )
            )
        campaign_posts_materialise(horizon_days=24)  # D-14 and D-7 written, D-0 not
    with time_machine.travel(NOW + datetime.timedelta(days=13, hours=1), tick=False):
        publishing_sweep()  # D-14 (14/7 08:00) is live
        response = office_client.get("/admin/campaigns/campaign/lich/?thang=2026-07")
    assert response.status_code == 200
    text = response.text
    assert "item--published" in text and "Bài D-14 2026" in text
    assert "item--scheduled" in text and "Bài D-7 2026" in text
    assert "item--planned" in text and "Bài D0 {nam}" in text
    assert CampaignPost.objects.count() == 2


def test_calendar_is_for_office_staff_only(editor_client):
    assert editor_client.get("/admin/campaigns/campaign/lich/").status_code in (
        302,
        403,
    )


def test_calendar_survives_a_malformed_month(office_client):
    assert (
        office_client.get("/admin/campaigns/campaign/lich/?thang=abc").status_code
        == 200
    )


def test_deliveries_waiting_for_a_person_are_warned():
    from channels.models import Delivery
    from channels.selectors import admin_warning_list
    from tests.campaigns.factories import CampaignPostFactory

    channel = SocialChannelFactory()
    delivery = Delivery.objects.create(
        target=CampaignPostFactory(), channel=channel, status=Delivery.Status.FAILED
    )
    assert any("cần người xử lý" in w for w in admin_warning_list())
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert admin_warning_list() == []
