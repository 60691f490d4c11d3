"""Journeys of the consultation app: a member asks on a phone, the office answers."""

from importlib import import_module

import pytest
from django.core import mail

from consultation.models import Faq, Question, Topic
from tests.browser.conftest import assert_accessible
from tests.consultation.factories import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick_form(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture(autouse=True)
def topics(django_db_blocker):
    """transaction=True flushes the tables: seed the topics again as the migration does."""
    from django.apps import apps

    seed = import_module("consultation.migrations.0002_seed_topics").seed
    seed(apps, None)


def test_member_asks_on_a_phone_fixes_an_error_and_follows_the_question(
    phone_page, live_server
):
    published(body="Nghỉ thai sản được mấy tháng?")
    phone_page.goto(live_server.url + "/hoi-dap/")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Hỏi đáp"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Đặt câu hỏi").click()
    phone_page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    phone_page.get_by_label("Số điện thoại").fill("12345")  # a mistake
    phone_page.get_by_label("Chủ đề").select_option(label="Lương - phụ cấp")
    phone_page.get_by_role("textbox", name="Câu hỏi", exact=True).fill(
        "Phụ cấp thâm niên <b>tính</b> từ khi nào?"
    )
    phone_page.get_by_role("button", name="Gửi câu hỏi").click()
    assert "Số điện thoại không hợp lệ" in phone_page.locator("main").inner_text()
    # Nothing typed is lost.
    assert phone_page.get_by_role(
        "textbox", name="Câu hỏi", exact=True
    ).input_value() == ("Phụ cấp thâm niên <b>tính</b> từ khi nào?")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
    phone_page.get_by_label("Số điện thoại").fill("0912 345 678")
    phone_page.get_by_role("button", name="Gửi câu hỏi").click()
    phone_page.wait_for_url("**/hoi-dap/theo-doi/**")
    assert phone_page.get_by_role("heading", level=1).inner_text() == "Theo dõi câu hỏi"
    assert "<b>tính</b>" in phone_page.locator("main").inner_text()  # escaped text
    assert_accessible(phone_page)
    assert Question.objects.get(asker_name="Nguyễn Thị Hoa").asker_phone == "0912345678"


def test_office_answers_and_publishes_in_the_admin(page, live_server, office_staff):
    office_staff.set_password("password")
    office_staff.save()
    question = Question.objects.create(
        asker_name="Lê Văn Nam",
        asker_email="nam@example.vn",
        topic=Topic.objects.get(slug="hoat-dong-cong-doan"),
        body="Đoàn viên chuyển trường thì chuyển sinh hoạt thế nào?",
    )
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Tên đăng nhập").fill(office_staff.username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + f"/admin/consultation/question/{question.pk}/change/")
    assert "nam@example.vn" in page.locator("#content").inner_text()
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("Bạn xin giấy giới thiệu tại công đoàn cơ sở cũ.")
    page.get_by_label("Khi lưu").select_option("publish")
    page.get_by_label("Tiêu đề mục hỏi đáp").fill("Chuyển sinh hoạt công đoàn")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/consultation/question/")
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    faq = Faq.objects.get()
    page.goto(live_server.url + faq.get_absolute_url())
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Chuyển sinh hoạt công đoàn"
    )
    assert "nam@example.vn" not in page.content()
    assert "Lê Văn Nam" not in page.content()
    assert_accessible(page)
    assert [m.to for m in mail.outbox] in ([], [["nam@example.vn"]])
