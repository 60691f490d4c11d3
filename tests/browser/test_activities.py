"""Journey of the activities app at 375 px: a member registers on a phone and gets the
confirmation; at the door a staff member checks the code in by typing it."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail

from activities import emails
from activities.models import Registration
from tests.activities.factories import ActivityFactory
from tests.browser.conftest import assert_accessible
from tests.units.factories import UnitFactory, editor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick_form(settings):
    settings.ACTIVITIES_MIN_FILL_SECONDS = 0


@pytest.fixture(autouse=True)
def kinds():
    """transaction=True flushes the tables: seed the kinds again as the migration does."""
    import_module("activities.migrations.0002_activity_kinds_seed").kinds_seed(
        apps, None
    )


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_member_registers_on_a_phone_and_staff_check_the_code_in(
    phone_page, live_server, eager_notifications
):
    unit = UnitFactory(name="Công đoàn Trường Đại học Quốc tế", short_name="ĐHQT")
    activity = ActivityFactory(
        unit=unit, title="Tọa đàm “Công đoàn với người lao động trẻ”", capacity=30
    )
    page = phone_page
    page.goto(live_server.url + "/hoat-dong/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hoạt động"
    _fits(page)
    assert_accessible(page)
    page.get_by_role("link", name=activity.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == activity.title
    assert_accessible(page)
    page.get_by_role("link", name="Đăng ký (không cần tài khoản)").click()

    page.get_by_label("Họ và tên").fill("Trương Thị Hạnh")
    page.get_by_label("Số điện thoại").fill("12345")  # a mistake, and no e-mail
    page.get_by_role("button", name="Đăng ký").click()
    assert "Số điện thoại không hợp lệ" in page.locator("main").inner_text()
    assert page.get_by_label("Họ và tên").input_value() == "Trương Thị Hạnh"
    _fits(page)
    assert_accessible(page)
    page.get_by_label("Số điện thoại").fill("")
    page.get_by_label("Thư điện tử").fill("hanh@example.edu.vn")
    page.get_by_label("Công đoàn cơ sở").select_option(str(unit.pk))
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url("**/hoat-dong/ve/**")
    assert "Đăng ký thành công, bạn đã có chỗ." in page.locator("main").inner_text()
    registration = Registration.objects.get(name="Trương Thị Hạnh")
    code = emails.registration_checkin_code(registration)
    assert code in page.locator("main").inner_text()
    assert page.get_by_role("img", name=f"Mã QR điểm danh {code}").is_visible()
    _fits(page)
    assert_accessible(page)

    [message] = mail.outbox
    assert message.to == ["hanh@example.edu.vn"]
    assert code in message.body
    assert {name for name, _c, _m in message.attachments} == {
        "hoat-dong.ics",
        "ma-diem-danh.png",
    }

    # At the door: the unit's editor signs in on a phone and types the code.
    editor = editor_of(unit)
    editor.set_password("mat-khau-cua-ban-to-chuc")
    editor.save()
    page.goto(live_server.url + f"/hoat-dong/{activity.pk}/diem-danh/")
    page.get_by_label("Tên đăng nhập").fill(editor.username)
    page.get_by_label("Mật khẩu").fill("mat-khau-cua-ban-to-chuc")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**/hoat-dong/{activity.pk}/diem-danh/")
    count = page.locator("[data-checkin-count]")
    assert count.inner_text() == "0"
    _fits(page)
    assert_accessible(page)
    page.get_by_label("Mã điểm danh").fill(code)
    page.get_by_role("button", name="Điểm danh", exact=True).click()
    page.get_by_text("Đã điểm danh: Trương Thị Hạnh.").wait_for()
    assert count.inner_text() == "1"
    page.get_by_label("Mã điểm danh").fill(code)  # the same code again
    page.get_by_role("button", name="Điểm danh", exact=True).click()
    page.get_by_text("không tính thêm lần nữa").wait_for()
    assert count.inner_text() == "1"
    page.get_by_label("Mã điểm danh").fill(f"{registration.pk}-0123456789ab")
    page.get_by_role("button", name="Điểm danh", exact=True).click()
    page.get_by_text("Mã không hợp lệ").wait_for()
    assert count.inner_text() == "1"
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
