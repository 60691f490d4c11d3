"""Editing as people expect (#11, point 7), the parts about what the editor is told:
the preview banner, an honest status line, "Lịch sử", the unsaved-changes guard and
what the sanitiser removed. Through the admin as rendered; the guard's behaviour in
a browser is tests/browser/test_admin_home.py."""

import re

import pytest
from django.urls import reverse

from publishing.models import Status
from publishing.workflow import Intent
from tests.news.factories import ArticleFactory
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db
BANNER = "Bản xem trước: chưa đăng"


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def status_line(client, article) -> str:
    text = client.get(change_url(article)).text
    found = re.search(
        r"Trạng thái hiện tại.*?<div class=\"readonly\">(.*?)</div>", text, re.S
    )
    return found.group(1)


def test_a_draft_shown_to_its_editor_carries_the_preview_banner(editor_client, unit_a):
    draft = ArticleFactory(unit=unit_a, intent=Intent.DRAFT)
    response = editor_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert BANNER in response.text
    assert 'class="preview-banner"' in response.text


def test_a_published_article_has_no_preview_banner(editor_client, unit_a):
    article = ArticleFactory(unit=unit_a)
    assert BANNER not in editor_client.get(article.get_absolute_url()).text


def test_the_status_line_never_says_a_draft_is_on_the_home_page(office_client):
    add = reverse("admin:news_article_add")
    data = form_data(office_client.get(add).text, "article_form")
    data.update(
        title=["Bài nháp cho trang chủ"], summary=["Tóm tắt."],
        body=["<p>Nội dung.</p>"], intent=[Intent.DRAFT], show_on_home=["on"],
    )  # fmt: skip
    response = office_client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    from news.models import Article

    draft = Article.objects.get(title="Bài nháp cho trang chủ")
    assert (draft.status, draft.on_home) == (Status.DRAFT, True)
    line = status_line(office_client, draft)
    assert "Bản nháp" in line and "đang ở trang chủ" not in line
    assert "sẽ hiện khi đăng" in line

    published = ArticleFactory(on_home=True)
    assert "đang ở trang chủ" in status_line(office_client, published)


def test_history_is_lich_su_in_vietnamese(office_client):
    article = ArticleFactory()
    change = office_client.get(change_url(article)).text
    assert 'class="historylink">Lịch sử</a>' in change
    assert "Bản ghi nhớ" not in change
    history = office_client.get(
        reverse("admin:news_article_history", args=[article.pk])
    ).text
    for english in ("Choose a date", "Changed by", "Change reason", ">Object<"):
        assert english not in history
    assert "Người thực hiện" in history and "Tạo mới" in history
    version = article.history.first()
    page = office_client.get(
        reverse("admin:news_article_simple_history", args=[article.pk, version.pk])
    ).text
    assert "Khôi phục phiên bản này" in page and "'Revert'" not in page


def test_every_change_form_loads_the_unsaved_changes_guard(office_client):
    article = ArticleFactory()
    for url in (reverse("admin:news_article_add"), change_url(article)):
        assert "js/admin-unsaved.js" in office_client.get(url).text
    assert "js/admin-unsaved.js" not in office_client.get("/admin/").text


def test_rich_text_the_sanitiser_changed_is_reported_after_save(office_client):
    article = ArticleFactory(intent=Intent.DRAFT)
    data = form_data(office_client.get(change_url(article)).text, "article_form")
    data["body"] = [
        "<table><tbody><tr><td>Lịch họp<iframe src='https://bando.example/x'>"
        "</iframe></td></tr></tbody></table><p>Xem <a href='javascript:alert(1)'>"
        "đây</a>.</p>"
    ]
    response = office_client.post(change_url(article), data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    warning = next(m for m in messages if "đã bị bỏ khi lưu" in m)
    assert "“nội dung”" in warning
    assert "1 × khung nhúng (iframe, video): chỉ giữ video YouTube" in warning
    assert "1 × liên kết có địa chỉ không an toàn" in warning
    article.refresh_from_db()
    assert "iframe" not in article.body and "Lịch họp" in article.body


def test_clean_rich_text_saves_without_a_warning(office_client):
    article = ArticleFactory(intent=Intent.DRAFT)
    data = form_data(office_client.get(change_url(article)).text, "article_form")
    data["body"] = ["<p>Chỉ có <strong>chữ</strong> và <a href='https://vnuhcm.edu.vn/'>"
                    "liên kết</a>.</p><p></p>"]  # fmt: skip
    response = office_client.post(change_url(article), data, follow=True)
    assert not [m for m in response.context["messages"] if "bị bỏ" in str(m)]
