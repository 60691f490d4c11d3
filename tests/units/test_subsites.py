"""/cdcs/ and each unit's sub-site: search, fixed query counts, renames, inactive units."""

import pytest
from django.urls import reverse

from tests.units.factories import LeaderFactory, UnitFactory, UnitPageFactory
from units.models import Unit
from units.services import unit_page_save, unit_save

pytestmark = pytest.mark.django_db


def test_slug_is_vietnamese_aware():
    unit = UnitFactory(name="Công đoàn Trường ĐH Bách khoa", short_name="")
    assert unit.slug == "cong-doan-truong-dh-bach-khoa"


def test_same_name_in_other_case_is_refused():
    from django.core.exceptions import ValidationError

    UnitFactory(name="Công đoàn Trường Đại học Quốc tế")
    with pytest.raises(ValidationError) as error:
        UnitFactory(name="CÔNG ĐOÀN TRƯỜNG ĐẠI HỌC QUỐC TẾ")
    assert "Đã có đơn vị mang tên này." in str(error.value)


@pytest.mark.parametrize("query", ["bach khoa", "BÁCH KHOA", "Bách", "bk"])
def test_unit_list_search_ignores_diacritics_and_case(client, query):
    UnitFactory(name="Công đoàn Trường Đại học Bách khoa", short_name="BK")
    UnitFactory(name="Công đoàn Trường Đại học Quốc tế", short_name="QT")
    response = client.get(reverse("units:unit_list"), {"q": query})
    names = [u.name for u in response.context["page"]]
    assert names == ["Công đoàn Trường Đại học Bách khoa"]


def test_unit_list_shows_member_counts_and_marks_inactive_units(client):
    UnitFactory(name="Công đoàn Trường Đại học An Giang", member_count=610)
    UnitFactory(name="Công đoàn Viện Cũ", is_active=False)
    response = client.get(reverse("units:unit_list"))
    assert "610 đoàn viên" in response.text
    assert "Đã ngừng hoạt động" in response.text
    assert response.headers["Cache-Control"] == "public, max-age=60, s-maxage=300"


def test_long_or_odd_queries_get_a_page_not_an_error(client):
    for query in ["x" * 1000, "<script>alert(1)</script>", "%", "'; DROP TABLE"]:
        response = client.get(reverse("units:unit_list"), {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text


def _units_with_leaders(count, leaders=3):
    units = UnitFactory.create_batch(count)
    for unit in units:
        LeaderFactory.create_batch(leaders, unit=unit)
    return units


@pytest.mark.parametrize("count", [10, 120])
def test_unit_list_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    _units_with_leaders(count, leaders=0)
    with django_assert_num_queries(3):  # count, page, totals
        assert client.get(reverse("units:unit_list")).status_code == 200


@pytest.mark.parametrize("leaders", [5, 50])
def test_unit_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, leaders
):
    unit = _units_with_leaders(1, leaders=leaders)[0]
    UnitFactory(name="Tổ Công đoàn Khoa Cơ khí", kind=Unit.Kind.GROUP, parent=unit)
    UnitPageFactory(unit=unit)
    # unit+parent, leaders, pages, groups; blocks: news 1, campaigns 2, activities 1
    with django_assert_num_queries(8):
        response = client.get(unit.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="leader"') == leaders


def test_unit_page_shows_introduction_leaders_contacts_and_links(client):
    unit = UnitFactory(
        name="Công đoàn Trường Đại học Quốc tế",
        introduction="<p>Giới thiệu <strong>ngắn</strong></p><script>x()</script>",
        phone="028 3724 4270",
        email="congdoan@example.edu.vn",
        facebook_url="https://www.facebook.com/congdoanhcmiu",
        zalo_url="https://zalo.me/g/abcdef",
    )
    LeaderFactory(unit=unit, full_name="Nguyễn Thị Minh Hằng", role="Chủ tịch")
    response = client.get(unit.get_absolute_url())
    text = response.text
    assert "Giới thiệu <strong>ngắn</strong>" in text
    assert "<script>x()" not in text
    assert "Nguyễn Thị Minh Hằng" in text and "Chủ tịch" in text
    assert 'href="tel:02837244270"' in text
    assert 'href="https://www.facebook.com/congdoanhcmiu"' in text
    assert 'href="https://zalo.me/g/abcdef"' in text


def test_inactive_unit_page_says_so_instead_of_vanishing(client):
    unit = UnitFactory(is_active=False)
    response = client.get(unit.get_absolute_url())
    assert response.status_code == 200
    assert "Đơn vị này đã ngừng hoạt động" in response.text


def test_renamed_unit_keeps_its_old_links(client):
    unit = UnitFactory(name="Công đoàn Trường Đại học Kinh tế - Luật")
    old_url = unit.get_absolute_url()
    page = UnitPageFactory(unit=unit, title="Lịch sử")
    old_page_url = page.get_absolute_url()
    unit.name, unit.slug = "Công đoàn Trường Đại học Kinh tế và Luật", ""
    unit_save(unit=unit)
    assert unit.get_absolute_url() != old_url
    response = client.get(old_url)
    assert response.status_code == 301
    assert response.headers["Location"] == unit.get_absolute_url()
    response = client.get(old_page_url)
    assert response.status_code == 301
    page.refresh_from_db()
    assert response.headers["Location"] == page.get_absolute_url()


def test_renamed_page_keeps_its_old_link(client, unit_a):
    page = UnitPageFactory(unit=unit_a, title="Lịch sử")
    old_url = page.get_absolute_url()
    page.slug = "lich-su-hinh-thanh"
    unit_page_save(page=page)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response.headers["Location"] == page.get_absolute_url()


def test_unknown_unit_is_404(client):
    assert client.get("/cdcs/khong-co-don-vi-nay/").status_code == 404
    assert client.get("/cdcs/Công-đoàn/").status_code == 404


def test_unpublished_page_is_404_to_the_public_and_a_preview_to_its_editors(
    client, unit_a, unit_b
):
    from tests.units.factories import editor_of

    page = UnitPageFactory(unit=unit_a, is_published=False)
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(editor_of(unit_b))
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(editor_of(unit_a))
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "Bản xem trước" in response.text
    assert "private" in response.headers["Cache-Control"]
