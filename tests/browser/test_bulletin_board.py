"""The printed bulletin board in the admin, on a phone (#15): a CĐCS editor makes the
month's board, finds the period's items chosen for them, previews the A4 poster and
downloads its PDF; the speakers directory's public page at 375 px. Axe scans each."""

import datetime
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from activities.models import Speaker
from handbook.models import Board
from tests.activities.factories import ActivityFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_news_journeys import log_in
from tests.news.factories import ArticleFactory
from tests.units.factories import UnitFactory, editor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kinds():
    """transaction=True flushes the tables: seed the kinds again as the migration does."""
    import_module("activities.migrations.0002_activity_kinds_seed").kinds_seed(
        apps, None
    )


def _day(delta: int) -> str:
    # The period's fields are the phone's own date pickers (<input type="date">),
    # which take the ISO form whatever the language shown.
    return (timezone.localdate() + datetime.timedelta(days=delta)).isoformat()


def test_an_editor_makes_previews_and_downloads_the_months_board(
    phone_page, live_server
):
    unit = UnitFactory(name="Công đoàn Trường Đại học Bách khoa")
    other = UnitFactory(name="Công đoàn Trường Đại học Khoa học Tự nhiên")
    own = ArticleFactory(unit=unit, title="Hội thao công đoàn trường Bách khoa")
    office = ArticleFactory(title="Phát động Tháng Công nhân năm nay")
    ArticleFactory(unit=other, title="Tin riêng của Khoa học Tự nhiên")
    page = phone_page
    log_in(page, live_server, editor_of(unit).username)

    page.goto(live_server.url + "/admin/handbook/board/add/")
    page.locator("#id_title").fill("Bảng tin tháng này")
    page.locator("#id_period_start").fill(_day(-30))
    page.locator("#id_period_end").fill(_day(0))
    assert_accessible(page)
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    page.wait_for_url(re.compile(r"/admin/handbook/board/\d+/change/"))
    board = Board.objects.get()
    assert list(board.items.values_list("title", flat=True)) == [
        own.title,
        office.title,
    ]
    assert "Đã chọn sẵn 2 mục" in page.locator(".messagelist").inner_text()
    content = page.locator("#content").inner_text()
    assert "Tin riêng của Khoa học Tự nhiên" not in content
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)

    # The preview and the PDF are fetched with the page's session: the preview is
    # the poster's print document, not an admin page to navigate within.
    preview_href = page.get_by_role("link", name="Xem trước A4").get_attribute("href")
    preview = page.request.get(live_server.url + preview_href)
    assert preview.ok and own.title in preview.text() and office.title in preview.text()
    pdf_href = page.get_by_role("link", name="Tải PDF A4").get_attribute("href")
    pdf = page.request.get(live_server.url + pdf_href)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_a_member_reads_the_speakers_directory_on_a_phone(
    phone_page, live_server, kinds
):
    listed = Speaker.objects.create(
        name="Nguyễn Minh Tâm",
        slug="nguyen-minh-tam",
        title="PGS.TS.",
        topics="Pháp luật lao động, Bảo hiểm xã hội",
        email="tam@example.edu.vn",
        bio="<p>Giảng viên Khoa Luật.</p>",
        listed_publicly=True,
    )
    Speaker.objects.create(
        name="Trần Văn Kín", slug="tran-van-kin", topics="Tài chính công đoàn"
    )
    talk = ActivityFactory(title="Nói chuyện về hợp đồng lao động")
    talk.speaker_profiles.add(listed)
    page = phone_page
    page.goto(live_server.url + "/hoat-dong/bao-cao-vien/")
    directory = page.locator("main").inner_text()
    assert "Nguyễn Minh Tâm" in directory and "Trần Văn Kín" not in directory
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Nguyễn Minh Tâm")).first.click()
    page.wait_for_url(f"**{listed.get_absolute_url()}")
    profile = page.locator("main").inner_text()
    assert "Nói chuyện về hợp đồng lao động" in profile
    assert "tam@example.edu.vn" not in profile  # the contact is for office staff
    assert_accessible(page)
