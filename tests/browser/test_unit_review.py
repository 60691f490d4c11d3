"""Review inside a unit in the admin, on a phone (#16): an editor writes and sends an
article, the unit's chief editor finds it on the admin home and approves it; both
pages pass an axe-core scan at 375 px."""

import re

import pytest

from news.models import Article
from publishing.models import ReviewStep, Status
from tests.browser.conftest import assert_accessible
from tests.browser.test_news_journeys import log_in, type_in_ckeditor
from tests.units.factories import UnitFactory, editor_of
from units.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page, live_server):
    page.context.clear_cookies()


def test_editor_submits_and_chief_editor_approves_on_a_phone(phone_page, live_server):
    page = phone_page
    unit = UnitFactory(name="Công đoàn Trường Đại học Bách khoa", requires_review=True)
    editor = editor_of(unit)
    chief = editor_of(unit, role=Membership.Role.CHIEF_EDITOR)

    log_in(page, live_server, editor.username)
    page.goto(live_server.url + "/admin/news/article/add/")
    page.get_by_label("Tiêu đề:").fill("Phản bác luận điệu sai trái về công đoàn")
    type_in_ckeditor(page, "Bài viết cần trưởng ban biên tập duyệt trước khi đăng.")
    page.get_by_label("Khi lưu:").select_option("publish")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    article = Article.objects.get()
    assert article.status == Status.UNIT_REVIEW

    log_out(page, live_server)
    log_in(page, live_server, chief.username)
    box = page.locator(".admin-home__box--unit-review")
    assert "chờ duyệt trong đơn vị" in box.inner_text()
    assert_accessible(page)
    box.get_by_role("link").first.click()
    page.get_by_role("link", name=article.title).click()
    page.wait_for_url(re.compile(rf"/admin/news/article/{article.pk}/change/"))
    assert "Gửi duyệt" in page.locator("#content").inner_text()  # the history
    page.get_by_label("Khi lưu:").select_option("approve_unit")
    assert_accessible(page)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/news/article/(\?.*)?$"))
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    actions = list(
        ReviewStep.objects.filter(object_id=article.pk)
        .order_by("at", "pk")
        .values_list("action", "actor_id")
    )
    assert actions == [
        (ReviewStep.Action.SUBMITTED, editor.pk),
        (ReviewStep.Action.APPROVED, chief.pk),
    ]
