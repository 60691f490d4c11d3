"""Public pages: /su-kien/, a key date, a post, the iCalendar feed, home and unit blocks."""

import datetime
from types import SimpleNamespace

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignPost, KeyDate
from campaigns.services.plans import campaign_save, planned_post_save
from campaigns.services.posts import campaign_posts_materialise
from publishing.workflow import Intent, content_save, publishing_sweep
from tests.campaigns.factories import (
    CampaignFactory,
    CampaignPostFactory,
    OccurrenceFactory,
    PlannedPostFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.make_aware(datetime.datetime(2026, 7, 22, 9, 0))
SET_UP = timezone.make_aware(datetime.datetime(2026, 7, 1, 9, 0))


def union_campaign(*units, banner=True):
    """Set up on 1 July; the sweep then runs at the test's time."""
    key_date = KeyDate.objects.get(slug="ngay-thanh-lap-cong-doan-viet-nam")
    with time_machine.travel(SET_UP, tick=False):
        campaign = CampaignFactory(key_date=key_date, name="Kỷ niệm ngày Công đoàn")
        campaign.units.set(units)
        campaign_save(campaign=campaign)
        planned_post_save(
            planned_post=PlannedPostFactory.build(
                campaign=campaign, offset_days=-7, to_banner=banner,
                title_template="Hướng tới kỷ niệm {lan_thu} năm {ten}",
            )
        )  # fmt: skip
        planned_post_save(planned_post=PlannedPostFactory.build(campaign=campaign))
        campaign_posts_materialise()
    publishing_sweep()
    return campaign


@time_machine.travel(TODAY, tick=False)
def test_event_list_shows_upcoming_key_dates_and_live_campaign_posts(client):
    union_campaign()
    response = client.get(reverse("campaigns:event_list"))
    assert response.status_code == 200
    text = response.text
    assert "Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam" in text
    assert "Hướng tới kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam" in text
    assert "còn 6 ngày" in text
    # The D-0 greeting is scheduled, not live: not listed yet.
    assert text.count("/su-kien/bai/") == 1
    assert "public" in response["Cache-Control"]


@time_machine.travel(TODAY, tick=False)
def test_event_list_runs_a_fixed_number_of_queries(client):
    union_campaign()
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("campaigns:event_list"))
    for n in range(4):
        occurrence = OccurrenceFactory(date=datetime.date(2026, 8, 1 + n))
        for _ in range(3):
            CampaignPostFactory(occurrence=occurrence)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("campaigns:event_list"))
    assert len(large) == len(small)


@time_machine.travel(TODAY, tick=False)
def test_key_date_page_lists_its_campaign_articles(client):
    union_campaign()
    response = client.get("/su-kien/ngay-thanh-lap-cong-doan-viet-nam/")
    assert response.status_code == 200
    assert "ngày 28 tháng 7 năm 2026" in response.text
    assert "Hướng tới kỷ niệm" in response.text


def test_unknown_key_date_is_404(client):
    assert client.get("/su-kien/khong-co/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_scheduled_post_is_404_for_the_public_and_a_preview_for_staff(office_client):
    union_campaign()
    scheduled = CampaignPost.objects.get(status="scheduled")
    url = scheduled.get_absolute_url()
    assert Client().get(url).status_code == 404
    response = office_client.get(url)
    assert response.status_code == 200 and "Bản xem trước" in response.text


def test_a_unit_draft_is_hidden_from_other_units_editors(client, unit_a, unit_b):
    from tests.units.factories import editor_of

    draft = CampaignPostFactory(unit=unit_a)
    client.force_login(editor_of(unit_b))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_post_not_meant_for_the_site_is_not_public(client):
    post = CampaignPostFactory(intent=Intent.DRAFT)
    post.to_site = False
    content_save(obj=post, intent=Intent.PUBLISH)
    assert client.get(post.get_absolute_url()).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_ics_feed_is_valid_icalendar_with_all_day_events(client):
    response = client.get(reverse("campaigns:calendar_ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    union = next(
        e
        for uid, e in events.items()
        if uid.startswith("ngay-thanh-lap-cong-doan-viet-nam-2026@")
    )
    assert union.decoded("DTSTART") == datetime.date(2026, 7, 28)
    assert union.decoded("DTEND") == datetime.date(2026, 7, 29)
    assert str(union["SUMMARY"]) == "Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam"
    tet = events[next(uid for uid in events if uid.startswith("tet-nguyen-dan-2027@"))]
    assert tet.decoded("DTSTART") == datetime.date(2027, 2, 6)
    window = events[
        next(uid for uid in events if uid.startswith("thang-cong-nhan-2026@"))
    ]
    assert window.decoded("DTEND") == datetime.date(2026, 6, 1)
    assert len(set(events)) == len(list(calendar.walk("VEVENT")))  # unique UIDs


def test_ics_text_is_escaped_and_folded_on_character_boundaries():
    from campaigns.ics import calendar_document

    title = "Ngày thành lập Công đoàn Việt Nam, 28/7; \\ " * 4
    key_date = SimpleNamespace(
        slug="ngay-28-7", description="Dòng một\nDòng hai", get_absolute_url=lambda: "/"
    )
    event = SimpleNamespace(
        key_date=key_date,
        year=2026,
        title=title,
        start=datetime.date(2026, 7, 28),
        end=None,
    )
    now = timezone.now()
    raw = calendar_document(events=[event], now=now, name="Sự kiện, lịch; năm")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # octets, folded
    raw.decode()  # never folded inside a UTF-8 character
    assert b"\\, " in raw and b"\\;" in raw  # TEXT escaping (RFC 5545, 3.3.11)
    (parsed,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(parsed["SUMMARY"]) == title
    assert str(parsed["DESCRIPTION"]) == "Dòng một\nDòng hai"


@time_machine.travel(TODAY, tick=False)
def test_home_page_shows_the_campaign_banner_and_next_key_dates(client):
    union_campaign()
    response = client.get("/")
    assert response.status_code == 200
    assert "Chiến dịch đang diễn ra" in response.text
    assert "Hướng tới kỷ niệm 97 năm" in response.text
    assert "Sự kiện sắp tới" in response.text


def test_banner_disappears_three_days_after_the_date(client):
    with time_machine.travel(TODAY, tick=False):
        union_campaign()
    with time_machine.travel(TODAY - datetime.timedelta(days=2), tick=False):  # 20/7
        assert "Chiến dịch đang diễn ra" not in client.get("/").text
    with time_machine.travel(TODAY + datetime.timedelta(days=9), tick=False):  # 31/7
        assert "Chiến dịch đang diễn ra" in client.get("/").text
    with time_machine.travel(TODAY + datetime.timedelta(days=10), tick=False):  # 1/8
        assert "Chiến dịch đang diễn ra" not in client.get("/").text


@time_machine.travel(TODAY, tick=False)
def test_unit_page_shows_the_campaigns_it_takes_part_in(client, unit_a, unit_b):
    union_campaign(unit_a)
    assert "Kỷ niệm ngày Công đoàn" in client.get(unit_a.get_absolute_url()).text
    assert "Kỷ niệm ngày Công đoàn" not in client.get(unit_b.get_absolute_url()).text
