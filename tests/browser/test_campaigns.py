"""Journeys of the campaigns app: a member on a phone, office staff in the admin."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Campaign, KeyDate
from campaigns.services.plans import campaign_save, planned_post_save
from campaigns.services.posts import campaign_posts_materialise
from tests.browser.conftest import assert_accessible
from tests.campaigns.factories import (
    CampaignFactory,
    KeyDateFactory,
    PlannedPostFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def union_day() -> KeyDate:
    # Transactional tests flush the seeded rows: make the key date here.
    return KeyDate.objects.filter(slug="ngay-cong-doan-thu").first() or KeyDateFactory(
        name="Ngày thành lập Công đoàn Việt Nam (thử)",
        slug="ngay-cong-doan-thu",
        short_name="Ngày Công đoàn",
    )


def live_campaign() -> Campaign:
    """A campaign whose key date is 10 days away, with a greeting already live."""
    today = timezone.localdate()
    key_date = KeyDateFactory(
        name="Ngày truyền thống Công đoàn ĐHQG-HCM", day=(today + datetime.timedelta(days=10)).day,
        month=(today + datetime.timedelta(days=10)).month, founding_year=2000,
    )  # fmt: skip
    campaign = CampaignFactory(key_date=key_date, name="Chào mừng ngày truyền thống")
    campaign_save(campaign=campaign)
    planned_post_save(
        planned_post=PlannedPostFactory.build(
            campaign=campaign, offset_days=-10, to_banner=True,
            time_of_day=(timezone.localtime() - datetime.timedelta(minutes=5)).time(),
            title_template="Hướng tới kỷ niệm {lan_thu} năm {ten}",
            body_template="Ngày kỷ niệm: {ngay} ({ngay_am}).",
        )
    )  # fmt: skip
    campaign_posts_materialise()
    return campaign


def test_member_on_a_phone_finds_the_campaign_and_its_article(phone_page, live_server):
    live_campaign()
    page = phone_page
    page.goto(live_server.url + "/")
    expect(page.get_by_text("Chiến dịch đang diễn ra")).to_be_visible()
    page.goto(live_server.url + "/su-kien/")
    expect(page.get_by_role("heading", level=1, name="Sự kiện")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.get_by_role("link", name="Hướng tới kỷ niệm").first.click()
    page.wait_for_load_state()
    assert "Ngày kỷ niệm: ngày" in page.locator("article").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    response = page.request.get(live_server.url + "/su-kien/lich.ics")
    assert response.ok and response.text().startswith("BEGIN:VCALENDAR")


def test_office_staff_plan_a_campaign_and_see_it_on_the_calendar(
    page, live_server, office_staff
):
    key_date = union_day()
    office_staff.set_password("password")
    office_staff.save()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(office_staff.username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/admin/campaigns/campaign/add/")
    page.locator("#id_key_date").select_option(str(key_date.pk))
    page.locator("#id_name").fill("Kỷ niệm ngày Công đoàn")
    page.locator("#id_planned_posts-0-offset_days").fill("-14")
    page.locator("#id_planned_posts-0-title_template").fill(
        "Kỷ niệm {so_nam} năm {ten}"
    )
    page.locator("#id_planned_posts-0-body_template").fill("Chào mừng {ngay}.")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    assert "Chỗ điền {so_nam} không có" in page.locator("#content").inner_text()
    assert (
        page.locator("#id_planned_posts-0-body_template").input_value()
        == "Chào mừng {ngay}."
    )
    assert_accessible(page)
    page.locator("#id_planned_posts-0-title_template").fill(
        "Kỷ niệm {lan_thu} năm {ten}"
    )
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    campaign = Campaign.objects.get()
    assert campaign.planned_posts.get().offset_days == -14
    page.get_by_role("link", name="Lịch theo tháng").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Lịch chiến dịch tháng")).to_be_visible()
    assert_accessible(page)
