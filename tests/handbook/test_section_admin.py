"""Editing the handbook in the admin, through the forms it renders."""

import pytest
from django.urls import reverse

from handbook.models import Section
from tests.handbook.factories import SectionFactory
from tests.support.forms import form_data, select_options

pytestmark = pytest.mark.django_db
ADD = reverse("admin:handbook_section_add")


def change_url(section):
    return reverse("admin:handbook_section_change", args=[section.pk])


def test_office_staff_write_a_chapter_and_a_section_under_it(office_client):
    data = form_data(office_client.get(ADD).text)
    data.update(title=["Chương 1: Công đoàn Việt Nam"], body=["<p>Lịch sử.</p>"])
    response = office_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    chapter = Section.objects.get()
    assert chapter.slug == "chuong-1-cong-doan-viet-nam" and chapter.unit is None
    data = form_data(office_client.get(ADD).text)
    data.update(title=["Tổ chức cơ sở"], parent=[str(chapter.pk)])
    assert office_client.post(ADD, data).status_code == 302
    assert Section.objects.get(title="Tổ chức cơ sở").parent == chapter
    assert chapter.history.count() == 1


def test_a_section_moved_under_its_own_child_is_refused_in_vietnamese(office_client):
    chapter = SectionFactory(title="Chương 2: Đoàn viên")
    child = SectionFactory(title="Quyền của đoàn viên", parent=chapter)
    grandchild = SectionFactory(title="Quyền được bảo vệ", parent=child)
    for target in (child, grandchild, chapter):
        data = form_data(office_client.get(change_url(chapter)).text)
        data["parent"] = [str(target.pk)]
        response = office_client.post(change_url(chapter), data)
        assert response.status_code == 200
        errors = " ".join(response.context["adminform"].form.errors["parent"])
        if target is chapter:
            assert "Không thể chuyển một mục vào chính nó." in errors
        else:
            assert "là mục con của nó" in errors, errors
    chapter.refresh_from_db()
    assert chapter.parent is None


def test_a_section_moves_under_another_chapter_with_its_children(office_client):
    first = SectionFactory(title="Chương 1", order=1)
    second = SectionFactory(title="Chương 2", order=2)
    moved = SectionFactory(title="Thương lượng tập thể", parent=first)
    SectionFactory(title="Thỏa ước", parent=moved)
    data = form_data(office_client.get(change_url(moved)).text)
    data["parent"] = [str(second.pk)]
    assert office_client.post(change_url(moved), data).status_code == 302
    moved.refresh_from_db()
    assert moved.parent == second
    assert moved.children.get().title == "Thỏa ước"


def test_an_editor_writes_only_their_units_appendix(editor_client, unit_a, unit_b):
    office = SectionFactory(title="Điều lệ")
    other = SectionFactory(title="Phụ lục khác", unit=unit_b)
    page = editor_client.get(ADD).text
    data = form_data(page)
    # The unit is required and offers only theirs; the office's sections are not
    # offered as parents.
    assert data["unit"] == [str(unit_a.pk)]
    assert select_options(page, "parent") == []
    data.update(title=["Quy chế dân chủ của trường"])
    assert editor_client.post(ADD, data).status_code == 302
    mine = Section.objects.get(title="Quy chế dân chủ của trường")
    assert mine.unit == unit_a
    # The office's handbook and another unit's appendix cannot be opened.
    assert editor_client.get(change_url(office)).status_code == 404
    assert editor_client.get(change_url(other)).status_code == 404
    listing = editor_client.get(reverse("admin:handbook_section_changelist")).text
    assert "Quy chế dân chủ" in listing and "Điều lệ" not in listing


def test_an_editor_cannot_hang_their_appendix_under_the_office_handbook(
    editor_client, unit_a
):
    office = SectionFactory(title="Điều lệ")
    mine = SectionFactory(title="Phụ lục của trường", unit=unit_a)
    data = form_data(editor_client.get(change_url(mine)).text)
    data["parent"] = [str(office.pk)]
    response = editor_client.post(change_url(mine), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"]
    mine.refresh_from_db()
    assert mine.parent is None


def test_office_staff_cannot_mix_an_appendix_into_the_handbook(office_client, unit_a):
    office = SectionFactory(title="Điều lệ")
    appendix = SectionFactory(title="Phụ lục của trường", unit=unit_a)
    data = form_data(office_client.get(change_url(appendix)).text)
    data["parent"] = [str(office.pk)]
    response = office_client.post(change_url(appendix), data)
    errors = " ".join(response.context["adminform"].form.errors["parent"])
    assert "Mục cha phải thuộc cùng sổ tay" in errors
