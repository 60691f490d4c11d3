"""The admin's accessibility fixes the end-to-end journeys found (#11), each checked
where it lives: static/js/ckeditor-a11y.js, static/js/admin.js, static/css/admin.css."""

import io
import json

import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.browser.conftest import AXE_JS, assert_accessible
from tests.guidance.factories import DistributionFactory
from tests.news.factories import ArticleFactory
from tests.units.factories import editor_of, office_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("password")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/admin/")


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (29, 78, 216)).save(buffer, format="PNG")
    return buffer.getvalue()


def axe_rules(page, *rules) -> list[dict]:
    """Only these axe-core rules, on the page as it is now."""
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "async (rules) => await axe.run(document, {runOnly: rules})", list(rules)
    )
    return [
        {"id": v["id"], "html": [n["html"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def test_ckeditor_asks_for_the_text_alternative_of_an_uploaded_image(page, live_server):
    office_staff_user()
    log_in(page, live_server, "vanphong.test")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.get_by_label("Tiêu đề:").fill("Ảnh hội thao")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Tải hình ảnh lên từ máy tính").click()
    chooser.value.set_files(
        files=[{"name": "anh.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    question = page.locator(".ck-text-alternative-form input")
    expect(question).to_be_focused()  # asked at once, without looking for a button
    # While it asks: its "Lưu" button is readable, and the heading dropdown, which
    # then shows "Chọn tiêu đề", is named by what it shows (WCAG 2.5.3).
    found = axe_rules(page, "color-contrast", "label-content-name-mismatch")
    assert found == [], json.dumps(found, ensure_ascii=False, indent=1)
    question.fill("Vận động viên trên đường chạy")
    question.press("Enter")
    expect(page.locator(".ck-editor__editable img")).to_have_attribute(
        "alt", "Vận động viên trên đường chạy"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Lưu lại", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/news/article/")
    assert 'alt="Vận động viên trên đường chạy"' in Article.objects.get().body


def test_a_quotation_being_edited_is_as_readable_as_on_the_site(page, live_server):
    article = ArticleFactory(
        body="<p>Mở đầu.</p><blockquote><p>Trích lời Chủ tịch Công đoàn.</p>"
        "</blockquote>"
    )
    office_staff_user()
    log_in(page, live_server, "vanphong.test")
    page.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    expect(page.locator(".ck-content blockquote")).to_be_visible()
    assert_accessible(page)


def test_each_field_of_a_tabular_inline_is_named_after_its_column(
    page, live_server, unit_a
):
    row = DistributionFactory(unit=unit_a)
    editor = editor_of(unit_a)
    log_in(page, live_server, editor.username)
    page.goto(live_server.url + f"/admin/guidance/distribution/{row.pk}/change/")
    file_input = page.locator("input[type=file][name='report_files-0-file']")
    expect(file_input).to_have_attribute("aria-label", "Tệp")
    assert_accessible(page)
    # A row added afterwards is named too.
    page.locator(".inline-group .add-row a").click()
    expect(
        page.locator("input[type=file][name='report_files-1-file']")
    ).to_have_attribute("aria-label", "Tệp")
