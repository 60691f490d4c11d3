"""The handbook as an A5 PDF booklet: contents with page numbers, page numbers in the
footer, Vietnamese that copies out with its diacritics, fonts embedded."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from handbook import booklets
from publishing.models import OutboxTask
from tests.handbook.factories import SectionFactory
from tests.handbook.test_pdf_helper import _fonts

pytestmark = pytest.mark.django_db
A5_POINTS = (419.5, 595.3)  # 148 x 210 mm


def _booklet(client, **params) -> PdfReader:
    from units.models import Unit

    unit = Unit.objects.get(slug=params["phu-luc"]) if params else None
    booklets.booklet_render(unit_id=unit.pk if unit else None)  # the worker's part
    response = client.get(reverse("handbook:booklet_pdf"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _long_body(words: int) -> str:
    sentence = (
        "Công đoàn đại diện, bảo vệ quyền và lợi ích hợp pháp của người lao động. "
    )
    return "<p>" + sentence * words + "</p>"


def test_the_booklet_is_a5_with_contents_that_give_each_chapter_its_page(client):
    for number in range(1, 4):
        chapter = SectionFactory(
            title=f"Chương {number}: Người lao động và công đoàn",
            order=number,
            body=_long_body(40),
        )
        SectionFactory(title=f"Mục {number}.1 Đoàn viên", parent=chapter, body="")
    reader = _booklet(client)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 1), round(height, 1)) == A5_POINTS
    pages = [page.extract_text() for page in reader.pages]
    contents = pages[1]
    assert "Mục lục" in contents
    # Each chapter's line in the contents ends with the page it starts on.
    for number in range(1, 4):
        title = f"Chương {number}: Người lao động và công đoàn"
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", contents, re.M)
        assert match, contents
        start = int(match.group(1))
        assert title in pages[start - 1], (title, start)
    # The footer numbers the pages (none on the cover).
    assert pages[2].strip().splitlines()[-1].strip() == "3"


def test_text_copied_out_keeps_its_diacritics_and_the_fonts_are_embedded(client):
    SectionFactory(title="Quyền của người lao động", body=_long_body(3))
    reader = _booklet(client)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Công đoàn" in text
    assert "người lao động" in text
    assert "Quyền của người lao động" in text
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts


def test_a_units_appendix_is_printed_only_when_asked_for(client, unit_a, unit_b):
    SectionFactory(title="Điều lệ Công đoàn Việt Nam")
    SectionFactory(title="Quy chế chi tiêu nội bộ của trường", unit=unit_a)
    SectionFactory(title="Lịch sinh hoạt của khoa", unit=unit_b)
    plain = "\n".join(p.extract_text() for p in _booklet(client).pages)
    assert "Điều lệ Công đoàn Việt Nam" in plain
    assert "Quy chế chi tiêu" not in plain
    with_a = " ".join(
        " ".join(p.extract_text().split())
        for p in _booklet(client, **{"phu-luc": unit_a.slug}).pages
    )
    assert "Quy chế chi tiêu nội bộ của trường" in with_a
    assert f"Phụ lục của {unit_a.name}" in with_a
    assert "Lịch sinh hoạt của khoa" not in with_a
    assert (
        client.get(reverse("handbook:booklet_pdf"), {"phu-luc": "khong-co"}).status_code
        == 404
    )


def test_until_a_worker_made_it_the_download_says_it_is_being_prepared(client):
    SectionFactory(title="Điều lệ")
    OutboxTask.objects.all().delete()
    response = client.get(reverse("handbook:booklet_pdf"))
    assert response.status_code == 503 and response["Retry-After"] == "15"
    assert "Bản PDF của sổ tay đang được chuẩn bị" in response.content.decode()
    assert OutboxTask.objects.get().task == "handbook.tasks.booklet_render"
    # Readers arriving in the same minute ask for nothing more.
    client.get(reverse("handbook:booklet_pdf"))
    assert OutboxTask.objects.count() == 1


def test_saving_a_section_asks_for_a_new_booklet_and_the_old_one_goes(
    client, media_root, unit_a
):
    section = SectionFactory(title="Điều lệ")
    first = booklets.booklet_render(unit_id=None)
    assert booklets.booklet_render(unit_id=None) == first  # made once
    OutboxTask.objects.all().delete()
    from handbook.services import section_save

    section.title = "Điều lệ Công đoàn Việt Nam"
    section_save(section=section)
    assert OutboxTask.objects.filter(task="handbook.tasks.booklet_render").count() == 1
    SectionFactory(title="Phụ lục", unit=unit_a)
    assert list(OutboxTask.objects.order_by("pk").values_list("kwargs", flat=True))[
        -2:
    ] == [{"unit_id": None}, {"unit_id": unit_a.pk}]
    second = booklets.booklet_render(unit_id=None)
    assert second != first
    files = sorted(p.name for p in (media_root / "handbook/booklets").iterdir())
    assert files == [second.rsplit("/", 1)[1]]


def test_a_booklet_of_a_unit_gone_or_closed_is_not_made(unit_a):
    SectionFactory(title="Phụ lục", unit=unit_a)
    assert booklets.booklet_render(unit_id=987654) is None
    unit_a.is_active = False
    unit_a.save()
    assert booklets.booklet_render(unit_id=unit_a.pk) is None
