"""Journeys: a member reads a plan on a phone; a CĐCS editor acknowledges it; the
office reads the matrix."""

from datetime import date

import pytest

from guidance import services
from guidance.models import Distribution
from tests.browser.conftest import assert_accessible
from tests.guidance.factories import DocumentFactory, attachment, pdf_bytes
from tests.units.factories import editor_of, office_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(unit_a):
    basis = DocumentFactory(
        number_text="38/KH-LĐLĐ",
        issue_date=date(2021, 5, 25),
        issuer_name="Liên đoàn Lao động Thành phố Hồ Chí Minh",
    )
    document = DocumentFactory(
        title="Kế hoạch đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        number_text="65/KH-LĐLĐ",
        issue_date=date(2021, 5, 26),
        issuer_parent="Liên đoàn Lao động TP. Hồ Chí Minh",
        signer_title="TM. BAN THƯỜNG VỤ",
        recipient_units=[unit_a],
        recipients_other="Lưu: VP.",
        response_deadline=date(2021, 6, 30),
        based_on=[basis],
    )
    attachment(document, pdf_bytes(), name="Kế hoạch 65 truyền thông.pdf")
    services.document_distribute(document_ids=[document.pk])
    return document


def login(page, live_server, username):
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_a_member_finds_and_reads_the_plan_on_a_phone(phone_page, live_server, plan):
    page = phone_page
    page.goto(live_server.url + "/tai-lieu/")
    page.get_by_label("Từ khóa (số hiệu, trích yếu, nội dung tệp)").fill("65/kh-ldld")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "Có 1 tài liệu."
    assert_accessible(page)
    page.get_by_role("link", name=plan.title).click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "KẾ HOẠCH" in heading
    text = page.locator("main").inner_text()
    assert "TP. Hồ Chí Minh, ngày 26 tháng 5 năm 2021" in text
    assert "Kế hoạch 65 truyền thông.pdf" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_an_editor_acknowledges_and_reports_in_the_admin(
    page, live_server, plan, unit_a
):
    editor = editor_of(unit_a)
    login(page, live_server, editor.username)
    page.get_by_role("link", name="Tài liệu cần thực hiện").first.click()
    page.get_by_role("link", name="65/KH-LĐLĐ").click()
    page.get_by_role("button", name="Đã nhận").click()
    page.wait_for_load_state()
    row = Distribution.objects.get(document=plan, unit=unit_a)
    assert row.status == "received"
    page.goto(live_server.url + f"/admin/guidance/distribution/{row.pk}/change/")
    page.get_by_role("textbox", name="Báo cáo kết quả").fill(
        "Đã phổ biến đến 100% tổ công đoàn."
    )
    page.get_by_role("button", name="Đã thực hiện (lưu báo cáo)").click()
    page.wait_for_load_state()
    row.refresh_from_db()
    assert row.status == "implemented"
    assert row.report_text == "Đã phổ biến đến 100% tổ công đoàn."


def test_the_office_reads_the_matrix(page, live_server, plan):
    office = office_staff_user()
    office.set_password("password")
    office.save()
    login(page, live_server, office.username)
    page.goto(live_server.url + "/admin/guidance/document/ma-tran/")
    assert page.get_by_role("heading", name="Tình hình nhận và thực hiện tài liệu")
    cell = page.locator("td.m-overdue").first
    assert "Quá hạn" in cell.inner_text()
    assert_accessible(page)
