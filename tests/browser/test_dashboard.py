"""The office dashboard in a real browser: the office's overview and an editor's own unit."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.news.factories import ArticleFactory
from tests.units.factories import UnitFactory, editor_of, office_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD = "/admin/units/unitdashboard/"


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")


def table_units(page) -> list[str]:
    return page.locator(".dashboard-table tbody th").all_inner_texts()


def test_office_staff_switch_period_sort_and_export(page, live_server):
    quiet = UnitFactory(name="Công đoàn Trường Đại học An Giang")
    busy = UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    for _ in range(3):
        ArticleFactory(unit=busy)
    office_staff_user()
    log_in(page, live_server, "vanphong.test")
    page.get_by_role("link", name="Bảng số liệu truyền thông").first.click()
    page.wait_for_url(f"{live_server.url}{DASHBOARD}")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Bảng số liệu truyền thông"
    )
    assert table_units(page) == [quiet.name, busy.name]
    expect(page.get_by_role("img", name="Bài viết mỗi tháng")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Kỳ", exact=True).select_option("year")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_load_state()
    heading = page.locator("#dashboard-table-title").inner_text()
    assert heading.startswith("Số liệu theo đơn vị – Năm ")

    page.get_by_role("link", name="Bài viết đã đăng").click()
    page.wait_for_load_state()
    assert table_units(page) == [busy.name, quiet.name]
    sorted_header = page.locator('th[aria-sort="descending"]')
    assert "Bài viết đã đăng" in sorted_header.text_content()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("so-lieu-truyen-thong-")
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    lines = text.splitlines()
    assert lines[0].startswith("Kỳ,Đơn vị,Bài viết đã đăng")
    assert busy.name in lines[1]  # the export keeps the sort


def test_an_editor_sees_only_their_unit_on_a_phone(phone_page, live_server):
    mine = UnitFactory(name="Công đoàn Trường Đại học Bách khoa")
    other = UnitFactory(name="Công đoàn Trường Đại học Khoa học Tự nhiên")
    ArticleFactory(unit=mine)
    ArticleFactory(unit=other)
    editor = editor_of(mine)
    page = phone_page
    log_in(page, live_server, editor.username)
    page.goto(live_server.url + DASHBOARD)
    assert table_units(page) == [mine.name]
    assert other.name not in page.content()
    assert (
        "Số liệu của các đơn vị bạn phụ trách." in page.locator("#content").inner_text()
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    chart = page.get_by_role("img", name="Bài viết mỗi tháng")
    assert 300 <= chart.bounding_box()["width"] <= 375
    assert_accessible(page)
