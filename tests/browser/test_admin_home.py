"""The admin as people use it, in a real browser (#11): each role's home page with
an axe-core scan, the unsaved-changes guard, and wide tables that scroll in their own
box (sticky first column and header) while the page never scrolls sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guidance import services
from guidance.models import Distribution
from publishing.models import SchedulerHeartbeat
from publishing.workflow import Intent
from tests.browser.conftest import PHONE, _new_page, assert_accessible
from tests.consultation.factories import QuestionFactory
from tests.guidance.factories import DocumentFactory
from tests.news.factories import ArticleFactory
from tests.units.factories import AnnualPlanFactory, UnitFactory, office_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1366, "height": 768}


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")


def no_sideways_scroll(page) -> None:
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width[0] <= width[1], f"page scrolls sideways: {width}"


@pytest.fixture
def busy_office(unit_a):
    SchedulerHeartbeat.objects.create(
        source=SchedulerHeartbeat.Source.BEAT,
        beat_at=timezone.now() - datetime.timedelta(seconds=40),
    )
    ArticleFactory(
        unit=unit_a, intent=Intent.SUBMIT_HOME, title="Bài xin lên trang chủ"
    )
    QuestionFactory()
    return office_staff_user()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "375"])
def test_office_staff_land_on_what_needs_them(
    chromium, live_server, busy_office, viewport
):
    context, page = _new_page(chromium, viewport)
    try:
        log_in(page, live_server, "vanphong.test")
        expect(
            page.get_by_role("heading", name="Bộ lập lịch và tiến trình nền")
        ).to_be_visible()
        expect(page.get_by_text("Bộ lập lịch chạy lần cuối lúc")).to_be_visible()
        no_sideways_scroll(page)
        assert_accessible(page)
        page.get_by_role("link", name="Bài viết chờ duyệt lên trang chủ").click()
        page.wait_for_load_state()
        expect(page.get_by_role("link", name="Bài xin lên trang chủ")).to_be_visible()
        page.go_back()
        page.get_by_role("link", name="Viết bài").click()
        page.wait_for_url(f"{live_server.url}/admin/news/article/add/")
        assert page.console_guard.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "375"])
def test_an_editor_lands_on_their_unit_and_its_work(
    chromium, live_server, unit_a, unit_editor, viewport
):
    document = DocumentFactory(
        title="Kế hoạch tuyên truyền Tháng Công nhân",
        recipient_units=[unit_a],
        issue_date=timezone.localdate() - datetime.timedelta(days=10),
        response_deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    Distribution.objects.get_or_create(document=document, unit=unit_a)
    AnnualPlanFactory(unit=unit_a, year=timezone.localdate().year)
    context, page = _new_page(chromium, viewport)
    try:
        log_in(page, live_server, unit_editor.username)
        expect(page.get_by_role("heading", name=unit_a.name)).to_be_visible()
        expect(
            page.get_by_role("link", name="Trang của đơn vị trên cổng thông tin")
        ).to_be_visible()
        link = page.get_by_role("link", name=f"{document.number_text} {document.title}")
        expect(link).to_be_visible()
        no_sideways_scroll(page)
        assert_accessible(page)
        link.click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.console_guard.errors == []
    finally:
        context.close()


def test_leaving_a_changed_form_asks_first_and_saving_does_not(
    page, live_server, office_staff
):
    log_in(page, live_server, "vanphong.test")
    page.goto(live_server.url + "/admin/news/article/add/")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Trang chủ").first.click()  # untouched: leaves
    page.wait_for_url(live_server.url + "/admin/")
    assert dialogs == []

    page.goto(live_server.url + "/admin/news/article/add/")
    page.get_by_role("textbox", name="Tiêu đề:").fill("Bài chưa lưu")
    page.get_by_role("link", name="Trang chủ").first.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/admin/news/article/add/")  # stayed, text kept
    expect(page.get_by_role("textbox", name="Tiêu đề:")).to_have_value("Bài chưa lưu")

    page.get_by_label("Tóm tắt").fill("Tóm tắt.")
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("Nội dung bài.")
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Bài chưa lưu").first).to_be_visible()
    assert dialogs == ["beforeunload"]  # saving never asks


@pytest.fixture
def wide_matrix(db):
    units = [
        UnitFactory(name=f"Công đoàn Trường Đại học Khoa học số {i}") for i in range(30)
    ]
    documents = [
        DocumentFactory(
            title=f"Hướng dẫn tuyên truyền kỷ niệm ngày lễ lớn số {n}",
            recipient_units=units,
            issue_date=timezone.localdate() - datetime.timedelta(days=60),
            response_deadline=timezone.localdate() - datetime.timedelta(days=n),
        )
        for n in range(12)
    ]
    services.document_distribute(document_ids=[d.pk for d in documents])
    office_staff_user()


def sticky_after_scroll(page, box_selector: str) -> None:
    """Scroll the box right and down: the row headers stay at its left edge and the
    column headers at its top."""
    box = page.locator(box_selector)
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.scrollTop = b.scrollHeight; }")
    page.wait_for_timeout(100)
    edges = box.evaluate(
        """b => {
        const r = b.getBoundingClientRect();
        const first = b.querySelector('tbody tr:last-child th').getBoundingClientRect();
        const head = b.querySelector('thead th:last-child').getBoundingClientRect();
        return {scrolledX: b.scrollLeft, boxLeft: r.left, firstLeft: first.left,
                boxTop: r.top, headTop: head.top, scrollW: b.scrollWidth,
                clientW: b.clientWidth};
    }"""
    )
    assert edges["scrollW"] > edges["clientW"], "the table is not wider than its box"
    assert edges["scrolledX"] > 0
    assert abs(edges["firstLeft"] - edges["boxLeft"]) <= 2, edges
    assert abs(edges["headTop"] - edges["boxTop"]) <= 2, edges


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "375"])
def test_the_matrix_and_dashboard_scroll_in_their_own_box(
    chromium, live_server, wide_matrix, viewport
):
    context, page = _new_page(chromium, viewport)
    try:
        log_in(page, live_server, "vanphong.test")
        page.goto(live_server.url + "/admin/guidance/document/ma-tran/")
        expect(page.locator(".guidance-matrix__scroll table")).to_be_visible()
        no_sideways_scroll(page)
        sticky_after_scroll(page, ".guidance-matrix__scroll")
        no_sideways_scroll(page)

        page.goto(live_server.url + "/admin/units/unitdashboard/")
        expect(page.locator(".dashboard-table")).to_be_visible()
        no_sideways_scroll(page)
        sticky_after_scroll(page, ".dashboard-table-wrap")
        no_sideways_scroll(page)
        assert page.console_guard.errors == []
    finally:
        context.close()
