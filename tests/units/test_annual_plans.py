"""Annual communication plans and year-end reports: CĐCS editors submit, the office reviews."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.publishing.test_documents import pdf_with_text
from tests.support.forms import form_data
from tests.units.factories import AnnualPlanFactory, editor_of
from units import services
from units.models import AnnualPlan, AnnualPlanFile

pytestmark = pytest.mark.django_db

ADD = reverse("admin:units_annualplan_add")


def change_url(plan):
    return reverse("admin:units_annualplan_change", args=[plan.pk])


def post_change(client, plan, **fields):
    data = form_data(client.get(change_url(plan)).text)
    data.update({key: [value] for key, value in fields.items()})
    return client.post(change_url(plan), data)


def add_data(unit, **extra):
    data = {
        "unit": str(unit.pk),
        "year": "2026",
        "kind": AnnualPlan.Kind.PLAN,
        "text": "<p>Mỗi tháng đăng ít nhất hai bài.</p>",
        "action": "save",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


# -- editors write and submit --------------------------------------------------------
def test_editor_saves_a_draft_that_gets_the_offices_common_deadline(
    editor_client, unit_a, unit_editor
):
    response = editor_client.post(ADD, add_data(unit_a))
    assert response.status_code == 302
    plan = AnnualPlan.objects.get()
    assert plan.unit == unit_a
    assert plan.status == AnnualPlan.Status.DRAFT
    assert plan.deadline == datetime.date(2026, 1, 31)
    assert plan.history.latest("history_date").history_user == unit_editor


def test_a_year_end_report_is_due_mid_december_unless_settings_say_otherwise(
    settings, unit_a, unit_editor
):
    report = AnnualPlan(unit=unit_a, year=2026, kind=AnnualPlan.Kind.REPORT)
    services.annual_plan_save(plan=report, user=unit_editor)
    assert report.deadline == datetime.date(2026, 12, 15)
    settings.ANNUAL_PLAN_DEADLINES = {"report": (12, 31)}
    later = AnnualPlan(unit=unit_a, year=2027, kind=AnnualPlan.Kind.REPORT)
    services.annual_plan_save(plan=later, user=unit_editor)
    assert later.deadline == datetime.date(2027, 12, 31)


def test_editor_submits_and_the_plan_waits_for_the_office(
    editor_client, unit_a, unit_editor
):
    response = editor_client.post(ADD, add_data(unit_a, action="submit"))
    assert response.status_code == 302
    plan = AnnualPlan.objects.get()
    assert plan.status == AnnualPlan.Status.SUBMITTED
    assert plan.submitted_by == unit_editor
    assert plan.submitted_at is not None


def test_submitting_an_empty_plan_keeps_the_draft_and_says_why(editor_client, unit_a):
    response = editor_client.post(
        ADD, add_data(unit_a, action="submit", text="<p> </p>"), follow=True
    )
    plan = AnnualPlan.objects.get()
    assert plan.status == AnnualPlan.Status.DRAFT
    assert "hãy viết nội dung hoặc đính kèm ít nhất một tệp" in response.text


def test_a_file_alone_is_enough_to_submit_and_its_name_is_kept(editor_client, unit_a):
    data = add_data(unit_a, action="submit", text="")
    data.update({"files-TOTAL_FORMS": "1"})
    data["files-0-file"] = SimpleUploadedFile(
        "Kế hoạch truyền thông 2026.pdf", pdf_with_text("Kế hoạch"), "application/pdf"
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    plan = AnnualPlan.objects.get()
    assert plan.status == AnnualPlan.Status.SUBMITTED
    stored = AnnualPlanFile.objects.get(plan=plan)
    assert stored.original_name == "Kế hoạch truyền thông 2026.pdf"
    assert stored.kind == "pdf" and stored.size > 0
    assert not stored.file.name.endswith("Kế hoạch truyền thông 2026.pdf")


def test_a_fake_pdf_is_refused_and_the_text_typed_is_kept(editor_client, unit_a):
    data = add_data(unit_a, text="<p>Nội dung đã gõ</p>")
    data.update({"files-TOTAL_FORMS": "1"})
    data["files-0-file"] = SimpleUploadedFile(
        "ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert "Tệp không đúng định dạng cho phép" in response.text
    assert "Nội dung đã gõ" in response.text
    assert not AnnualPlan.objects.exists()


def test_plan_files_are_served_to_the_unit_and_hidden_from_others(
    client, editor_client, unit_a, unit_b, office_staff
):
    plan = AnnualPlanFactory(unit=unit_a)
    stored = AnnualPlanFile(
        plan=plan,
        file=SimpleUploadedFile(
            "Báo cáo.pdf", pdf_with_text("Báo cáo"), "application/pdf"
        ),
    )
    services.annual_plan_file_save(plan_file=stored)
    url = reverse("admin:units_annualplan_file", args=[plan.pk, stored.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "B%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]
    client.force_login(editor_of(unit_b))
    assert client.get(url).status_code == 404


def test_a_plan_file_gone_from_storage_is_a_missing_page_not_an_error(
    editor_client, unit_a
):
    plan = AnnualPlanFactory(unit=unit_a)
    stored = AnnualPlanFile(
        plan=plan,
        file=SimpleUploadedFile("Kế hoạch.pdf", pdf_with_text("Kế hoạch")),
    )
    services.annual_plan_file_save(plan_file=stored)
    stored.file.storage.delete(stored.file.name)  # lost in a storage move, say
    url = reverse("admin:units_annualplan_file", args=[plan.pk, stored.pk])
    assert editor_client.get(url).status_code == 404


def test_a_submitted_plan_is_read_only_for_the_unit(editor_client, unit_a):
    plan = AnnualPlanFactory(unit=unit_a, status=AnnualPlan.Status.SUBMITTED)
    page = editor_client.get(change_url(plan))
    assert page.status_code == 200
    assert 'name="text"' not in page.text  # shown, not editable
    response = editor_client.post(change_url(plan), {"text": "<p>Sửa lén</p>"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert "Sửa lén" not in plan.text
    assert (
        editor_client.post(
            reverse("admin:units_annualplan_delete", args=[plan.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_editor_cannot_change_the_deadline_or_accept_their_own_plan(
    editor_client, unit_a
):
    plan = AnnualPlanFactory(unit=unit_a, status=AnnualPlan.Status.SUBMITTED)
    plan.status = AnnualPlan.Status.DRAFT
    plan.save()
    page = editor_client.get(change_url(plan)).text
    assert 'name="deadline"' not in page
    assert 'value="accept"' not in page
    response = post_change(editor_client, plan, action="accept", deadline="2026-12-31")
    assert response.status_code == 200  # "accept" is not a choice for editors
    assert "action" in response.context["adminform"].form.errors
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.DRAFT
    assert plan.deadline == datetime.date(2026, 1, 31)


# -- the office reviews ---------------------------------------------------------------
def test_office_returns_a_plan_only_with_a_comment_the_editor_then_reads(
    client, office_client, unit_a, office_staff
):
    plan = AnnualPlanFactory(unit=unit_a, status=AnnualPlan.Status.SUBMITTED)
    response = post_change(office_client, plan, action="return")
    assert response.status_code == 200
    assert "Hãy ghi nhận xét" in response.text
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.SUBMITTED
    response = post_change(
        office_client,
        plan,
        action="return",
        review_comment_input="Bổ sung chỉ tiêu số bài mỗi tháng.",
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.RETURNED
    assert plan.reviewed_by == office_staff
    client.force_login(editor_of(unit_a))
    page = client.get(change_url(plan)).text
    assert "Nhận xét của văn phòng: Bổ sung chỉ tiêu số bài mỗi tháng." in page
    assert 'name="text"' in page  # returned: editable again
    assert post_change(client, plan, action="submit").status_code == 302
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.SUBMITTED


def test_office_accepts_a_submitted_plan(office_client, unit_a):
    plan = AnnualPlanFactory(unit=unit_a, status=AnnualPlan.Status.SUBMITTED)
    assert post_change(office_client, plan, action="accept").status_code == 302
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.ACCEPTED
    assert [h.status for h in plan.history.order_by("history_date")][-1] == "accepted"


def test_office_is_not_offered_a_review_of_a_draft(office_client, unit_a):
    plan = AnnualPlanFactory(unit=unit_a)
    page = office_client.get(change_url(plan)).text
    assert 'value="accept"' not in page and 'value="return"' not in page


# -- the services themselves ----------------------------------------------------------
def test_reviewing_a_plan_that_was_not_submitted_is_refused(unit_a, office_staff):
    plan = AnnualPlanFactory(unit=unit_a)
    with pytest.raises(ValidationError) as error:
        services.annual_plan_accept(plan=plan, user=office_staff)
    assert error.value.code == "plan_not_submitted"


def test_only_office_staff_review(unit_a, unit_editor):
    plan = AnnualPlanFactory(unit=unit_a, status=AnnualPlan.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.annual_plan_accept(plan=plan, user=unit_editor)
    with pytest.raises(PermissionDenied):
        services.annual_plan_return(plan=plan, user=unit_editor, comment="Không")


def test_returning_without_a_comment_is_refused_by_the_service(unit_a, office_staff):
    plan = AnnualPlanFactory(unit=unit_a, status=AnnualPlan.Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.annual_plan_return(plan=plan, user=office_staff, comment="  ")
    assert error.value.code == "review_comment_required"


def test_a_second_submit_changes_nothing(unit_a, unit_editor):
    plan = AnnualPlanFactory(unit=unit_a)
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)):
        first = services.annual_plan_submit(plan=plan, user=unit_editor)
    second = services.annual_plan_submit(plan=plan, user=unit_editor)
    assert second.submitted_at == first.submitted_at


def test_an_editor_cannot_submit_or_save_another_units_plan(unit_b, unit_editor):
    plan = AnnualPlanFactory(unit=unit_b)
    with pytest.raises(PermissionDenied):
        services.annual_plan_submit(plan=plan, user=unit_editor)
    with pytest.raises(PermissionDenied):
        services.annual_plan_save(plan=plan, user=unit_editor)


def test_one_plan_per_unit_year_and_kind(editor_client, unit_a):
    AnnualPlanFactory(unit=unit_a, year=2026)
    response = editor_client.post(ADD, add_data(unit_a))
    assert response.status_code == 200
    assert "Đơn vị đã có kế hoạch hoặc báo cáo loại này cho năm này." in response.text


@pytest.mark.parametrize("year", ["1999", "2101", "năm nay"])
def test_a_bad_year_is_a_clear_error_not_a_crash(editor_client, unit_a, year):
    response = editor_client.post(ADD, add_data(unit_a, year=year))
    assert response.status_code == 200
    assert "year" in response.context["adminform"].form.errors
    assert "Mỗi tháng đăng ít nhất hai bài." in response.text
