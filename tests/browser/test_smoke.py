"""The first pages a person sees: the home page and the admin login, in Vietnamese."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_vietnamese_accessible_and_error_free(page, live_server, settings):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == (settings.ORGANIZATION["name"])
    )
    assert page.get_by_role("link", name="Bỏ qua, đến nội dung chính").count() == 1
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()
    assert settings.ORGANIZATION["email"] in page.locator("footer").inner_text()
    assert_accessible(page)


def test_home_page_fits_a_phone(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
    assert_accessible(phone_page)


def test_language_switcher_turns_the_site_english_and_back(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Tiếng Việt"
    ).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_admin_login_is_vietnamese_and_signs_in(page, live_server, admin_user):
    page.goto(live_server.url + "/admin/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("password")
    assert_accessible(page)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Bảng điều khiển")).to_be_visible()
    # Beat has never run in this test database: the banner says so.
    assert (
        "Bộ lập lịch (Celery beat) chưa chạy" in page.locator("#content").inner_text()
    )
