"""Reach in a real browser at 375 px (#14): a member opens an article from a Facebook
link, its page counts the read, and office staff see it in the dashboard's reach."""

import time

import pytest
from playwright.sync_api import expect

from publishing.models import ReadCount, ReadSource
from tests.browser.conftest import PHONE, assert_accessible
from tests.news.factories import ArticleFactory
from tests.units.factories import UnitFactory, office_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A phone's browser: Playwright's own headless agent says "HeadlessChrome", which
# the counter rightly takes for a bot.
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/124.0 Mobile Safari/537.36"
)


def wait_for_reads(expected: int, timeout: float = 10.0) -> list[tuple]:
    deadline = time.monotonic() + timeout
    rows = []
    while time.monotonic() < deadline:
        rows = list(ReadCount.objects.values_list("source", "count"))
        if sum(count for _source, count in rows) >= expected:
            return rows
        time.sleep(0.1)
    return rows


def test_a_read_from_facebook_reaches_the_dashboard(chromium, live_server):
    unit = UnitFactory(name="Công đoàn Trường Đại học Bách khoa")
    article = ArticleFactory(title="Hội thao chào mừng ngày 28/7", unit=unit)
    member = chromium.new_context(
        viewport=PHONE, locale="vi-VN", user_agent=PHONE_AGENT
    )
    page = member.new_page()
    # Facebook's link shim sends the reader with its origin as the referrer and
    # adds fbclid to the link.
    page.goto(
        f"{live_server.url}{article.get_absolute_url()}?fbclid=IwAR0abc",
        referer="https://l.facebook.com/",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    assert wait_for_reads(1) == [(ReadSource.FACEBOOK, 1)]
    assert member.cookies() == []  # reading set no cookie
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.reload()  # the same reader again within the half hour
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    time.sleep(0.5)
    assert wait_for_reads(1) == [(ReadSource.FACEBOOK, 1)]
    member.close()

    office_staff_user()
    staff = chromium.new_context(viewport=PHONE, locale="vi-VN")
    page = staff.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill("vanphong.test")
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/units/unitdashboard/")
    page.get_by_role(
        "link", name="Xem mức tiếp cận: lượt đọc theo nguồn, bài được đọc nhiều nhất"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mức tiếp cận")
    expect(page.get_by_role("img", name="Lượt đọc theo nguồn")).to_be_visible()
    items = page.locator("#reach-items-caption").locator("xpath=..")
    row = items.locator("tbody tr").first
    expect(row.locator("th")).to_have_text(article.title)
    # Columns: item, unit, then the sources in order (Facebook first), then total.
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").last).to_have_text("1")
    units = page.locator("#reach-units-caption").locator("xpath=..")
    expect(units.locator("tbody tr", has_text=unit.name)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    staff.close()
