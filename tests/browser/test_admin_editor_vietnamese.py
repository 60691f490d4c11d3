"""CKEditor's toolbar in correct Vietnamese: the shipped vi.js has slips (#11)."""

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_toolbar_reads_correct_vietnamese(page, live_server, admin_user):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/news/article/add/")
    toolbar = page.locator(".ck-toolbar").first
    toolbar.wait_for()
    labels = toolbar.locator(".ck-button__label").all_text_contents()
    assert "Xóa định dạng" in labels
    assert "Làm lại" in labels
    assert "Xóa định dang" not in labels
    assert "Tiếp tục" not in labels
    assert_accessible(page)
