"""Campaigns and their plan: placeholders, posts written from the plan, roll-over."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import CampaignPost, KeyDate, Occurrence, PlannedPost
from campaigns.services.plans import (
    campaign_occurrences_roll,
    campaign_save,
    planned_post_save,
)
from campaigns.services.posts import campaign_post_save, campaign_posts_materialise
from channels.models import Delivery
from publishing.models import Status
from publishing.workflow import Intent, publishing_sweep
from tests.campaigns.factories import (
    CampaignFactory,
    KeyDateFactory,
    PlannedPostFactory,
    SocialChannelFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def campaign(unit_a, unit_b):
    key_date = KeyDate.objects.get(slug="ngay-thanh-lap-cong-doan-viet-nam")
    campaign = CampaignFactory(key_date=key_date, name="Kỷ niệm ngày Công đoàn")
    campaign.units.set([unit_a, unit_b])
    with time_machine.travel(NOW, tick=False):
        campaign_save(campaign=campaign)
    return campaign


def plan(campaign, **fields):
    return planned_post_save(
        planned_post=PlannedPostFactory.build(campaign=campaign, **fields)
    )


# -- placeholders -------------------------------------------------------------------
def test_an_unknown_placeholder_is_refused_naming_it(campaign):
    with pytest.raises(ValidationError) as caught:
        plan(campaign, title_template="Chào mừng {nam_sinh}")
    (error,) = caught.value.error_dict["title_template"]
    assert error.code == "unknown_placeholder"
    assert "{nam_sinh}" in error.messages[0]
    assert "{lan_thu}" in error.messages[0]  # and says what exists


def test_unbalanced_braces_are_refused(campaign):
    with pytest.raises(ValidationError) as caught:
        plan(campaign, body_template="Chào mừng {nam")
    assert caught.value.error_dict["body_template"][0].code == "unbalanced_braces"


def test_attribute_access_in_a_placeholder_is_refused(campaign):
    with pytest.raises(ValidationError) as caught:
        plan(campaign, title_template="{ten.__class__}")
    assert caught.value.error_dict["title_template"][0].code == "unknown_placeholder"


def test_anniversary_placeholder_needs_a_founding_year(unit_a):
    campaign = CampaignFactory(key_date=KeyDateFactory(founding_year=None))
    with pytest.raises(ValidationError) as caught:
        plan(campaign, title_template="Kỷ niệm {lan_thu} năm")
    assert caught.value.error_dict["title_template"][0].code == (
        "anniversary_without_founding_year"
    )


def test_a_channel_without_credentials_is_refused_at_save(campaign):
    channel = SocialChannelFactory(access_token="", is_active=True)
    with pytest.raises(ValidationError) as caught:
        planned_post_save(
            planned_post=PlannedPostFactory.build(campaign=campaign), channels=[channel]
        )
    (message,) = caught.value.message_dict["channels"]
    assert channel.name in message and "mã truy cập" in message


# -- writing posts --------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_posts_are_written_from_the_plan_with_the_placeholders_filled(campaign):
    greeting = plan(campaign, offset_days=0, time_of_day=datetime.time(7, 30))
    campaign_posts_materialise()
    post = CampaignPost.objects.get(planned_post=greeting, unit=None)
    assert post.title == "Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam (2026)"
    assert "Chào mừng ngày 28 tháng 7 năm 2026." in post.body
    assert "ngày 15 tháng 6 năm Bính Ngọ (âm lịch)" in post.body
    assert post.status == Status.SCHEDULED
    assert post.publish_at == aware(2026, 7, 28, 7, 30)


@time_machine.travel(NOW, tick=False)
def test_offsets_place_posts_before_and_after_the_date(campaign):
    for offset in (-14, -7, 0, 3):
        plan(campaign, offset_days=offset)
    campaign_posts_materialise()
    days = sorted(
        timezone.localdate(p.publish_at)
        for p in CampaignPost.objects.of_office().filter(occurrence__year=2026)
    )
    assert days == [datetime.date(2026, 7, d) for d in (14, 21, 28, 31)]


@time_machine.travel(NOW, tick=False)
def test_each_participating_unit_gets_a_draft_to_localise(campaign, unit_a, unit_b):
    plan(campaign, unit_drafts=True, title_template="{don_vi} chào mừng {ten}")
    campaign_posts_materialise()
    copies = CampaignPost.objects.filter(unit__isnull=False, occurrence__year=2026)
    assert {c.unit_id for c in copies} == {unit_a.pk, unit_b.pk}
    assert all(c.status == Status.DRAFT for c in copies)
    assert copies.get(unit=unit_a).title.startswith(unit_a.name)


@time_machine.travel(NOW, tick=False)
def test_posts_beyond_the_horizon_stay_planned(campaign):
    plan(campaign)
    campaign_posts_materialise(horizon_days=10)  # 28/7 is 27 days away
    assert not CampaignPost.objects.exists()
    campaign_posts_materialise(horizon_days=27)
    assert CampaignPost.objects.count() == 1


def test_a_post_whose_time_passed_long_ago_is_skipped_not_published_late(campaign):
    plan(campaign, offset_days=-14)  # due 14/7 08:00
    with time_machine.travel(aware(2026, 7, 14, 14, 30), tick=False):
        result = campaign_posts_materialise()
    assert result.skipped == 1
    assert not CampaignPost.objects.filter(occurrence__year=2026).exists()


def test_a_post_due_a_little_earlier_is_still_published(campaign):
    plan(campaign, offset_days=-14)
    with time_machine.travel(aware(2026, 7, 14, 13, 0), tick=False):
        campaign_posts_materialise()
    post = CampaignPost.objects.get(occurrence__year=2026)
    assert post.status == Status.PUBLISHED


@time_machine.travel(NOW, tick=False)
def test_materialising_twice_changes_nothing(campaign):
    plan(campaign, unit_drafts=True)
    first = campaign_posts_materialise()
    second = campaign_posts_materialise()
    assert first.created == 3 and second.created == 0
    assert CampaignPost.objects.count() == 3


def test_editing_the_plan_changes_future_posts_not_published_ones(campaign):
    greeting = plan(campaign, offset_days=0)
    announcement = plan(campaign, offset_days=-14, title_template="Thông báo {nam}")
    with time_machine.travel(aware(2026, 7, 14, 8, 0), tick=False):
        campaign_posts_materialise()
        publishing_sweep()
    published = CampaignPost.objects.get(planned_post=announcement)
    assert published.status == Status.PUBLISHED
    with time_machine.travel(aware(2026, 7, 15, 8, 0), tick=False):
        for planned, title in ((greeting, "Mới: {ten}"), (announcement, "Mới: {nam}")):
            planned.title_template = title
            planned_post_save(planned_post=planned)
        campaign_posts_materialise()
    published.refresh_from_db()
    assert published.title == "Thông báo 2026"
    future = CampaignPost.objects.get(planned_post=greeting)
    assert future.title == "Mới: Ngày thành lập Công đoàn Việt Nam"
    assert future.status == Status.SCHEDULED


@time_machine.travel(NOW, tick=False)
def test_a_post_edited_by_hand_is_not_overwritten_by_the_plan(campaign):
    greeting = plan(campaign)
    campaign_posts_materialise()
    post = CampaignPost.objects.get(planned_post=greeting)
    post.title = "Tiêu đề do văn phòng sửa"
    campaign_post_save(post=post, intent=Intent.PUBLISH)
    greeting.title_template = "Khác hẳn {nam}"
    planned_post_save(planned_post=greeting)
    campaign_posts_materialise()
    post.refresh_from_db()
    assert post.title == "Tiêu đề do văn phòng sửa"


@time_machine.travel(NOW, tick=False)
def test_social_channels_get_a_waiting_delivery_each(campaign):
    facebook = SocialChannelFactory()
    zalo = SocialChannelFactory(kind="zalo", page_id="")
    planned = PlannedPostFactory.build(campaign=campaign)
    planned_post_save(planned_post=planned, channels=[facebook, zalo])
    campaign_posts_materialise()
    post = CampaignPost.objects.get(planned_post=planned)
    assert set(post.deliveries.values_list("channel_id", "status")) == {
        (facebook.pk, Delivery.Status.WAITING),
        (zalo.pk, Delivery.Status.WAITING),
    }
    planned_post_save(planned_post=planned, channels=[facebook])
    campaign_posts_materialise()
    assert list(post.deliveries.values_list("channel_id", flat=True)) == [facebook.pk]


# -- roll-over ------------------------------------------------------------------------
def test_roll_over_creates_next_years_occurrence_once(campaign):
    with time_machine.travel(aware(2027, 1, 1, 0, 30), tick=False):
        assert campaign_occurrences_roll() == 1  # 2027 existed; 2028 is new
        assert campaign_occurrences_roll() == 0
    assert sorted(campaign.occurrences.values_list("year", flat=True)) == [
        2026, 2027, 2028,
    ]  # fmt: skip


def test_roll_over_respects_the_last_year(campaign):
    campaign.last_year = 2027
    campaign.save()
    with time_machine.travel(aware(2027, 6, 1, 0, 30), tick=False):
        assert campaign_occurrences_roll() == 0


def test_lunar_campaign_occurrences_follow_the_lunar_calendar():
    key_date = KeyDateFactory(kind="lunar", day=1, month=1, founding_year=None)
    campaign = CampaignFactory(key_date=key_date)
    with time_machine.travel(aware(2026, 1, 2, 0, 30), tick=False):
        campaign_save(campaign=campaign)
    dates = dict(
        Occurrence.objects.filter(campaign=campaign).values_list("year", "date")
    )
    assert dates == {2026: datetime.date(2026, 2, 17), 2027: datetime.date(2027, 2, 6)}


def test_roll_command_is_the_tasks_twin(campaign):
    out = StringIO()
    with time_machine.travel(aware(2027, 1, 1, 0, 30), tick=False):
        call_command("campaign_occurrences_roll", "--dry-run", stdout=out)
        assert "Sẽ tạo 1" in out.getvalue()
        assert not campaign.occurrences.filter(year=2028).exists()
        call_command("campaign_occurrences_roll", stdout=out)
    assert campaign.occurrences.filter(year=2028).exists()


def test_plan_offset_is_bounded_to_a_year(campaign):
    with pytest.raises(ValidationError):
        plan(campaign, offset_days=400)


def test_deleting_a_plan_keeps_published_posts(campaign):
    greeting = plan(campaign)
    with time_machine.travel(aware(2026, 7, 28, 8, 0), tick=False):
        campaign_posts_materialise()
        publishing_sweep()
    greeting.delete()
    assert CampaignPost.objects.filter(status=Status.PUBLISHED).count() == 1
    assert not PlannedPost.objects.exists()
