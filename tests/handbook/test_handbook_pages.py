"""The public handbook: table of contents, a section, appendices, search, queries."""

import pytest
from django.urls import reverse

from tests.handbook.factories import SectionFactory

pytestmark = pytest.mark.django_db


def _handbook(chapters: int, sections: int):
    first = None
    for c in range(chapters):
        chapter = SectionFactory(title=f"Chương {c + 1}: Tổ chức công đoàn", order=c)
        first = first or chapter
        for s in range(sections):
            SectionFactory(title=f"Điều {c + 1}.{s + 1}", parent=chapter, order=s)
    return first


def test_the_table_of_contents_numbers_chapters_and_sections(client, unit_a):
    chapter = SectionFactory(title="Công đoàn là gì", order=1)
    SectionFactory(title="Đoàn viên công đoàn", parent=chapter)
    SectionFactory(title="Phụ lục riêng về nhà giáo", unit=unit_a)
    response = client.get(reverse("handbook:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Công đoàn là gì" in html and "1.1" in html
    assert f"Phụ lục của {unit_a.name}" in html
    assert "Phụ lục riêng về nhà giáo" in html
    assert "Cập nhật ngày" in html


def test_a_section_shows_its_update_date_and_its_place(client):
    chapter = SectionFactory(title="Quyền và nghĩa vụ", order=1)
    section = SectionFactory(title="Quyền của đoàn viên", parent=chapter, order=1)
    response = client.get(section.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quyền và nghĩa vụ" in html  # the trail
    day = section.updated_at.astimezone().strftime("%d/%m/%Y")
    assert "Cập nhật ngày" in html and day in html


def test_an_unknown_section_is_a_404_and_a_renamed_one_redirects(client):
    from handbook.services import section_save

    section = SectionFactory(title="Thỏa ước lao động tập thể")
    old = section.get_absolute_url()
    assert client.get("/so-tay/khong-co-muc-nay/").status_code == 404
    section.slug = "thoa-uoc"
    section_save(section=section)
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == "/so-tay/thoa-uoc/"


def test_the_site_search_finds_a_section_without_diacritics(client):
    SectionFactory(title="Chế độ thai sản của lao động nữ")
    response = client.get(reverse("search"), {"q": "thai san"})
    assert "Chế độ thai sản của lao động nữ" in response.content.decode()
    response = client.get(reverse("handbook:index"), {"q": "thai san"})
    assert "Chế độ thai sản của lao động nữ" in response.content.decode()


@pytest.mark.parametrize("name", ["index", "section"])
def test_pages_cost_the_same_queries_at_any_size(
    client, django_assert_num_queries, name
):
    def get():
        if name == "index":
            return client.get(reverse("handbook:index"))
        return client.get(first.get_absolute_url())

    first = _handbook(2, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert get().status_code == 200
    _handbook(10, 8)
    with django_assert_num_queries(len(small.captured_queries)):
        assert get().status_code == 200


def test_the_service_worker_is_scoped_to_the_handbook(client):
    response = client.get(reverse("handbook:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/so-tay/"
    assert "caches" in response.content.decode()
    page = client.get(reverse("handbook:index"))
    csp = page["Content-Security-Policy"]
    assert "worker-src 'self'" in csp
    assert 'data-worker="/so-tay/sw.js"' in page.content.decode()


def test_a_saved_section_shows_at_once_on_a_cached_contents_page(client):
    SectionFactory(title="Chương đầu")
    assert "Chương đầu" in client.get(reverse("handbook:index")).content.decode()
    SectionFactory(title="Chương mới thêm")
    assert "Chương mới thêm" in client.get(reverse("handbook:index")).content.decode()


def test_the_sitemap_lists_the_sections_of_active_units(client, unit_a, unit_b):
    office = SectionFactory(title="Điều lệ")
    mine = SectionFactory(title="Phụ lục trường", unit=unit_a)
    closed = SectionFactory(title="Phụ lục đơn vị đã giải thể", unit=unit_b)
    unit_b.is_active = False
    unit_b.save()
    xml = client.get("/sitemap.xml").content.decode()
    assert office.get_absolute_url() in xml and mine.get_absolute_url() in xml
    assert closed.get_absolute_url() not in xml
