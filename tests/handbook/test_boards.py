"""Printed bulletin boards: made in the admin through its forms, printed A4 and A3
with a QR code per item, and never carrying another unit's items."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from handbook import boards
from handbook.models import Board
from news.models import Article
from tests.handbook.factories import board_of
from tests.news.factories import ArticleFactory
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db
ADD = reverse("admin:handbook_board_add")
A4_POINTS = (595.3, 841.9)
A3_POINTS = (841.9, 1190.6)


def change_url(board):
    return reverse("admin:handbook_board_change", args=[board.pk])


def _today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def _month_ago() -> str:
    return (timezone.localdate() - datetime.timedelta(days=30)).strftime("%d/%m/%Y")


@pytest.fixture
def published(unit_a, unit_b):
    return {
        "own": ArticleFactory(unit=unit_a, title="Hội thao công đoàn trường Bách khoa"),
        "office": ArticleFactory(title="Văn phòng Công đoàn phát động tháng công nhân"),
        "other": ArticleFactory(unit=unit_b, title="Tin riêng của Khoa học Tự nhiên"),
    }


def test_an_editor_makes_a_board_and_gets_the_periods_items_suggested(
    editor_client, unit_a, published
):
    data = form_data(editor_client.get(ADD).text)
    assert data["unit"] == [str(unit_a.pk)]
    data.update(
        title=["Bảng tin tháng này"], period_start=[_month_ago()], period_end=[_today()]
    )
    response = editor_client.post(ADD, data)
    board = Board.objects.get()
    assert response.status_code == 302 and response["Location"] == change_url(board)
    titles = list(board.items.values_list("title", flat=True))
    # Their own item first, then the office's; never another unit's.
    assert titles == [published["own"].title, published["office"].title]
    page = editor_client.get(change_url(board)).text
    assert "Tin riêng của Khoa học Tự nhiên" not in page
    assert "Đã chọn sẵn 2 mục" in page


def test_a_period_ending_before_it_starts_is_refused(editor_client, published):
    data = form_data(editor_client.get(ADD).text)
    data.update(title=["Sai kỳ"], period_start=[_today()], period_end=[_month_ago()])
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["period_end"]
    assert "Ngày kết thúc của kỳ phải bằng hoặc sau ngày bắt đầu." in errors
    assert not Board.objects.exists()


def test_a_period_with_nothing_published_is_refused_and_nothing_is_kept(
    editor_client, unit_a
):
    data = form_data(editor_client.get(ADD).text)
    data.update(
        title=["Kỳ trống"], period_start=["01/01/2020"], period_end=["31/01/2020"]
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có tin, sự kiện, tài liệu hay câu trả lời nào" in html
    assert 'value="Kỳ trống"' in html  # what was typed is kept
    assert not Board.objects.exists()


def test_an_item_of_another_unit_forged_into_the_form_is_refused(
    editor_client, unit_a, published
):
    board = board_of(unit_a)
    before = list(board.items.values_list("title", flat=True))
    data = form_data(editor_client.get(change_url(board)).text)
    data["items"] = data["items"] + [f"news.article:{published['other'].pk}"]
    response = editor_client.post(change_url(board), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["items"]
    assert list(board.items.values_list("title", flat=True)) == before


def test_the_service_refuses_another_units_item_in_vietnamese(unit_a, published):
    board = board_of(unit_a)
    with pytest.raises(ValidationError) as refused:
        boards.board_items_set(
            board=board, keys=[f"news.article:{published['other'].pk}"]
        )
    message = refused.value.message_dict["items"][0]
    assert "là nội dung của đơn vị khác" in message
    assert board.items.count() == 2


def test_a_board_emptied_in_the_form_is_refused(editor_client, unit_a, published):
    board = board_of(unit_a)
    data = form_data(editor_client.get(change_url(board)).text)
    data.pop("items")
    response = editor_client.post(change_url(board), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["items"]
    assert "Hãy chọn ít nhất một mục cho bảng tin." in errors
    assert board.items.count() == 2


def test_items_chosen_in_the_form_replace_the_suggestion_in_their_order(
    office_client, unit_a, published
):
    board = board_of(unit_a)
    data = form_data(office_client.get(change_url(board)).text)
    data["items"] = [f"news.article:{published['office'].pk}"]
    assert office_client.post(change_url(board), data).status_code == 302
    assert list(board.items.values_list("title", flat=True)) == [
        published["office"].title
    ]


def test_an_empty_board_has_no_print(office_client, unit_a, published):
    board = board_of(unit_a)
    board.items.all().delete()
    url = reverse("admin:handbook_board_pdf", args=[board.pk, "a4"])
    response = office_client.get(url, follow=True)
    assert "Bảng tin chưa có mục nào" in response.content.decode()


@pytest.mark.parametrize("size, points", [("a4", A4_POINTS), ("a3", A3_POINTS)])
def test_the_poster_prints_on_its_paper_with_a_tagged_qr_code_per_item(
    editor_client, unit_a, published, size, points
):
    board = board_of(unit_a)
    response = editor_client.get(
        reverse("admin:handbook_board_pdf", args=[board.pk, size])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (
        round(float(page.mediabox.width), 1),
        round(float(page.mediabox.height), 1),
    ) == points
    text = " ".join(page.extract_text().split())
    assert unit_a.name.upper() in text and "Bảng tin" in text
    assert published["own"].title in text
    links = {
        annotation.get_object()["/A"]["/URI"]
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    for article in (published["own"], published["office"]):
        expected = boards.board_item_link(url=article.get_absolute_url())
        assert expected in links
        assert expected.endswith("?utm_source=bang-tin&utm_medium=print")
    # Each QR code is the image of its item's tagged address, pixel for pixel.
    drawn = {_pixels(image.image) for image in page.images}
    for article in (published["own"], published["office"]):
        link = boards.board_item_link(url=article.get_absolute_url())
        assert _pixels(_qr_image(link)) in drawn


def _qr_image(text):
    import base64

    from PIL import Image

    data = boards.qr_data_uri(text).split(",", 1)[1]
    return Image.open(io.BytesIO(base64.b64decode(data)))


def _pixels(image) -> bytes:
    return image.convert("L").tobytes()


def test_each_qr_code_carries_its_items_tagged_address(unit_a, published):
    board = board_of(unit_a)
    context = boards.board_poster_context(board=board, size="a4")
    from django.conf import settings

    for entry in context["items"]:
        assert entry.link == (
            f"{settings.SITE_URL}{entry.item.url}?utm_source=bang-tin&utm_medium=print"
        )
        assert entry.qr == boards.qr_data_uri(entry.link)
        assert entry.qr.startswith("data:image/png;base64,")


def test_an_item_address_with_a_query_keeps_it(settings):
    settings.SITE_URL = "https://congdoan.example.vn"
    assert boards.board_item_link(url="/hoi-dap/?trang=2") == (
        "https://congdoan.example.vn/hoi-dap/?trang=2"
        "&utm_source=bang-tin&utm_medium=print"
    )


def test_the_preview_is_the_poster_in_html(editor_client, unit_a, published):
    board = board_of(unit_a)
    response = editor_client.get(
        reverse("admin:handbook_board_preview", args=[board.pk, "a3"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert published["own"].title in html and "data:image/png;base64," in html
    assert "size: A3 portrait" in html


def test_another_units_board_cannot_be_printed_or_previewed(editor_client, unit_b):
    ArticleFactory(unit=unit_b)
    board = board_of(unit_b)
    for name in ("pdf", "preview"):
        url = reverse(f"admin:handbook_board_{name}", args=[board.pk, "a4"])
        assert editor_client.get(url).status_code == 404


@pytest.mark.parametrize("size", ["a4", "a3"])
def test_a_full_board_of_twelve_long_items_fits_one_sheet(unit_a, size):
    for number in range(12):
        ArticleFactory(
            unit=unit_a,
            title=f"Hội nghị người lao động năm học 2026-2027 và phong trào thi đua {number}",
            summary="Công đoàn trường tổ chức hội nghị, lấy ý kiến người lao động về "
            "quy chế chi tiêu nội bộ và kế hoạch năm học mới.",
        )
    board = board_of(unit_a, keys=None)
    board_keys = [
        f"news.article:{a}" for a in Article.objects.values_list("pk", flat=True)
    ]
    boards.board_items_set(board=board, keys=board_keys[:12])
    reader = PdfReader(io.BytesIO(boards.board_pdf(board=board, size=size)))
    assert len(reader.pages) == 1


def test_saving_the_form_unchanged_keeps_the_print_order(editor_client, unit_a):
    own = ArticleFactory(unit=unit_a, title="Tin của trường")
    ArticleFactory(title="Tin văn phòng mới hơn")
    board = board_of(unit_a)
    order = list(board.items.values_list("title", flat=True))
    assert order[0] == own.title
    data = form_data(editor_client.get(change_url(board)).text)
    assert editor_client.post(change_url(board), data).status_code == 302
    assert list(board.items.values_list("title", flat=True)) == order
