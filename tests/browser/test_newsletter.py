"""A member subscribes to the newsletter on a phone, confirms and changes choices."""

import pytest

from newsletter.models import Subscriber
from tests.browser.conftest import assert_accessible
from tests.newsletter.helpers import confirmation_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_and_passes(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_member_subscribes_confirms_and_changes_preferences_on_a_phone(
    phone_page, live_server, unit_a
):
    phone_page.goto(live_server.url + "/")
    phone_page.get_by_role("link", name="Nhận bản tin qua thư điện tử").click()
    phone_page.wait_for_url("**/ban-tin/dang-ky/")
    _fits_and_passes(phone_page)
    phone_page.get_by_label("Thư điện tử").fill("hoa@example.edu.vn")
    phone_page.get_by_label("Tin của Công đoàn ĐHQG-HCM").check()
    phone_page.get_by_label(unit_a.name).check()
    phone_page.get_by_role("button", name="Đăng ký").click()  # consent forgotten
    assert "Hãy đánh dấu ô đồng ý" in phone_page.locator("main").inner_text()
    assert phone_page.get_by_label("Thư điện tử").input_value() == "hoa@example.edu.vn"
    _fits_and_passes(phone_page)
    phone_page.get_by_label("Tôi đồng ý").check()
    phone_page.get_by_role("button", name="Đăng ký").click()
    phone_page.wait_for_url("**/ban-tin/dang-ky/da-gui/")
    assert "Hãy kiểm tra hộp thư" in phone_page.locator("h1").inner_text()
    _fits_and_passes(phone_page)

    phone_page.goto(live_server.url + confirmation_link("hoa@example.edu.vn"))
    assert phone_page.locator("h1").inner_text() == "Đã xác nhận đăng ký"
    _fits_and_passes(phone_page)
    phone_page.get_by_role("link", name="Thay đổi lựa chọn nhận tin").click()
    phone_page.wait_for_url("**/ban-tin/tuy-chon/**")
    assert phone_page.get_by_label(unit_a.name).is_checked()
    phone_page.get_by_label("Sự kiện").check()
    phone_page.get_by_label("Ngay khi có tin").check()
    phone_page.get_by_role("button", name="Lưu lựa chọn").click()
    assert "Đã lưu lựa chọn" in phone_page.locator("main").inner_text()
    _fits_and_passes(phone_page)
    assert phone_page.console_guard.errors == []
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.topics == ["events", "office_news"]
    assert subscriber.frequency == "instant"
