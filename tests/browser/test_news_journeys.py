"""Journeys through news and the units' sub-sites, as the three kinds of people do them."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from publishing.models import Status
from tests.browser.conftest import assert_accessible
from tests.news.factories import ArticleFactory
from tests.units.factories import (
    LeaderFactory,
    UnitFactory,
    editor_of,
    office_staff_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")


def type_in_ckeditor(page, text):
    editor = page.locator(".ck-editor__editable").first
    editor.wait_for()
    editor.click()
    page.keyboard.type(text)


def test_office_staff_write_and_publish_an_article_with_ckeditor(page, live_server):
    office_staff_user()
    log_in(page, live_server, "vanphong.test")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.get_by_label("Tiêu đề:").fill("Hội nghị cán bộ công đoàn năm 2026")
    page.get_by_label("Tóm tắt:").fill(
        "Tổng kết công tác năm và triển khai nhiệm vụ mới."
    )
    type_in_ckeditor(page, "Hội nghị diễn ra tại Nhà điều hành ĐHQG-HCM.")
    assert_accessible(page)
    page.get_by_label("Khi lưu:").select_option("publish")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert "<p>Hội nghị diễn ra tại Nhà điều hành ĐHQG-HCM.</p>" in article.body
    page.goto(live_server.url + article.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == article.title


def test_unit_editor_works_on_their_unit_and_proposes_for_the_home_page(
    page, live_server
):
    mine = UnitFactory(name="Công đoàn Trường Đại học Bách khoa")
    other = UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    ArticleFactory(title="Tin của đơn vị khác", unit=other)
    editor = editor_of(mine)
    log_in(page, live_server, editor.username)
    page.goto(live_server.url + "/admin/news/article/")
    assert "Tin của đơn vị khác" not in page.locator("#content").inner_text()
    page.goto(live_server.url + "/admin/news/article/add/")
    unit_choices = page.get_by_label("Đơn vị:").locator("option").all_inner_texts()
    assert unit_choices == [str(mine)]
    page.get_by_label("Tiêu đề:").fill("Ngày hội gia đình Bách khoa")
    type_in_ckeditor(page, "Đoàn viên cùng gia đình tham gia trò chơi dân gian.")
    page.get_by_label("Khi lưu:").select_option("submit_home")
    assert page.get_by_label("Hiện trên trang chủ").count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    article = Article.objects.get(title="Ngày hội gia đình Bách khoa")
    assert article.status == Status.IN_REVIEW and not article.on_home


def test_office_rejects_a_proposal_with_a_reason_the_editor_then_reads(
    page, live_server
):
    unit = UnitFactory()
    article = ArticleFactory(
        title="Đề xuất lên trang chủ", unit=unit, intent="submit_home"
    )
    office_staff_user()
    log_in(page, live_server, "vanphong.test")
    page.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    page.get_by_label("Khi lưu:").select_option("reject_home")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    expect(page.get_by_text("Hãy ghi lý do từ chối")).to_be_visible()  # nothing lost
    page.get_by_label("Lý do từ chối hoặc trả lại:").fill("Ảnh bìa chưa có mô tả.")
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    article.refresh_from_db()
    assert article.review_note == "Ảnh bìa chưa có mô tả." and not article.on_home
    page.context.clear_cookies()
    log_in(page, live_server, editor_of(unit).username)
    page.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    assert (
        "Lý do trả lại hoặc từ chối: Ảnh bìa chưa có mô tả."
        in page.locator("#content").inner_text()
    )


def test_member_on_a_phone_reads_news_and_a_units_page(phone_page, live_server):
    unit = UnitFactory(
        name="Công đoàn Trường Đại học Khoa học Tự nhiên", member_count=1180
    )
    LeaderFactory(unit=unit, full_name="Trần Thị Lan", role="Chủ tịch")
    article = ArticleFactory(
        title="Chăm lo Tết cho đoàn viên khó khăn", unit=unit, on_home=True
    )
    page = phone_page
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name=article.title).first.click()
    page.wait_for_url(live_server.url + article.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.get_by_role("link", name="Chia sẻ lên Facebook")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=unit.name).first.click()
    expect(page.get_by_role("heading", name="Ban chấp hành")).to_be_visible()
    assert "Trần Thị Lan" in page.content()
    assert_accessible(page)
    page.goto(live_server.url + "/cdcs/?q=khoa+hoc+tu+nhien")
    expect(page.get_by_role("link", name=unit.name)).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/tim-kiem/?q=cham+lo+tet")
    assert page.locator("mark").first.inner_text() == "Chăm"
    assert_accessible(page)
