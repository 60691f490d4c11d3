"""Publishing a document addressed to units creates their rows; units acknowledge."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from guidance import services
from guidance.models import Distribution, Visibility
from publishing.workflow import Intent, publishing_sweep
from tests.guidance.factories import DistributionFactory, DocumentFactory
from tests.support.forms import form_data
from tests.units.factories import UnitFactory
from units.models import Unit

pytestmark = pytest.mark.django_db


def unit_ids(document) -> set[int]:
    return set(document.distributions.values_list("unit_id", flat=True))


def test_publishing_to_all_cdcs_creates_one_row_per_active_grassroots_unit(
    unit_a, unit_b, django_capture_on_commit_callbacks
):
    closed = UnitFactory(is_active=False)
    office = UnitFactory(kind=Unit.Kind.OFFICE)
    group = UnitFactory(kind=Unit.Kind.GROUP, parent=unit_a)
    chosen_closed = UnitFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(
            recipients_all_grassroots=True, recipient_units=[chosen_closed]
        )
    assert unit_ids(document) == {unit_a.pk, unit_b.pk}
    assert not {closed.pk, office.pk, group.pk} & unit_ids(document)
    assert set(document.distributions.values_list("status", flat=True)) == {"not_seen"}


def test_distribution_is_idempotent_and_adds_new_recipients(
    unit_a, unit_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(recipient_units=[unit_a])
    assert unit_ids(document) == {unit_a.pk}
    assert services.document_distribute(document_ids=[document.pk]) == 0
    document.recipient_units.add(unit_b)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_save(document=document, intent=Intent.PUBLISH)
    assert unit_ids(document) == {unit_a.pk, unit_b.pk}
    assert Distribution.objects.count() == 2


def test_drafts_are_not_distributed(unit_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(intent=Intent.DRAFT, recipient_units=[unit_a])
    assert services.document_distribute(document_ids=[document.pk]) == 0
    assert not document.distributions.exists()


def test_a_scheduled_document_is_distributed_when_the_sweep_publishes_it(
    unit_a, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(publish_at=at, recipient_units=[unit_a])
    assert document.status == "scheduled"
    with (
        time_machine.travel(at - timedelta(seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publishing_sweep()
    assert not document.distributions.exists()
    with (
        time_machine.travel(at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publishing_sweep()
    assert unit_ids(document) == {unit_a.pk}


def test_received_then_implemented_keeps_who_and_when(unit_a, unit_editor):
    row = DistributionFactory(unit=unit_a)
    first = timezone.now()
    services.distribution_mark_received(distribution=row, user=unit_editor, now=first)
    services.distribution_mark_received(
        distribution=row, user=unit_editor, now=first + timedelta(days=1)
    )
    row.refresh_from_db()
    assert (row.status, row.received_at, row.received_by) == (
        "received",
        first,
        unit_editor,
    )
    services.distribution_mark_implemented(
        distribution=row, user=unit_editor, report_text="Đã phổ biến đến 100% tổ."
    )
    row.refresh_from_db()
    assert row.status == "implemented"
    assert row.implemented_by == unit_editor
    assert row.received_at == first
    assert row.report_text == "Đã phổ biến đến 100% tổ."


def test_implemented_without_receiving_first_records_both(unit_a, unit_editor):
    row = DistributionFactory(unit=unit_a)
    services.distribution_mark_implemented(distribution=row, user=unit_editor)
    row.refresh_from_db()
    assert row.status == "implemented"
    assert row.received_at is not None and row.implemented_at is not None


def change_url(row):
    return reverse("admin:guidance_distribution_change", args=[row.pk])


def test_editor_marks_received_and_implemented_with_a_report_in_the_admin(
    editor_client, unit_a, settings
):
    row = DistributionFactory(unit=unit_a)
    page = editor_client.get(change_url(row))
    assert "Đã nhận" in page.text and "Đã thực hiện" in page.text
    data = form_data(page.text)
    data["_received"] = ["Đã nhận"]
    assert editor_client.post(change_url(row), data).status_code == 302
    row.refresh_from_db()
    assert row.status == "received"
    data = form_data(editor_client.get(change_url(row)).text)
    data["report_text"] = ["Đã tổ chức nói chuyện chuyên đề cho 320 đoàn viên."]
    data["report_url"] = [f"{settings.SITE_URL}/tin-tuc/noi-chuyen-chuyen-de/"]
    data["_implemented"] = ["Đã thực hiện"]
    assert editor_client.post(change_url(row), data).status_code == 302
    row.refresh_from_db()
    assert row.status == "implemented"
    assert row.report_url.endswith("/tin-tuc/noi-chuyen-chuyen-de/")


def test_a_link_to_another_site_is_refused_and_the_report_text_kept(
    editor_client, unit_a
):
    row = DistributionFactory(unit=unit_a)
    data = form_data(editor_client.get(change_url(row)).text)
    data["report_text"] = ["Báo cáo dài đã gõ"]
    data["report_url"] = ["https://evil.example.com/bai-viet"]
    data["_implemented"] = ["Đã thực hiện"]
    response = editor_client.post(change_url(row), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["report_url"][0].startswith("Liên kết phải là một trang")
    assert "Báo cáo dài đã gõ" in response.text
    row.refresh_from_db()
    assert row.status == "not_seen"


def test_changelist_actions_mark_rows(editor_client, unit_a):
    rows = [DistributionFactory(unit=unit_a) for _ in range(2)]
    url = reverse("admin:guidance_distribution_changelist")
    editor_client.post(
        url, {"action": "mark_received", "_selected_action": [r.pk for r in rows]}
    )
    assert set(Distribution.objects.values_list("status", flat=True)) == {"received"}
    editor_client.post(
        url, {"action": "mark_implemented", "_selected_action": [rows[0].pk]}
    )
    rows[0].refresh_from_db()
    assert rows[0].status == "implemented"


def test_editors_cannot_delete_their_rows(editor_client, unit_a):
    row = DistributionFactory(unit=unit_a)
    response = editor_client.post(
        reverse("admin:guidance_distribution_delete", args=[row.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Distribution.objects.filter(pk=row.pk).exists()


def test_editors_cannot_open_or_list_documents_admin(editor_client):
    assert (
        editor_client.get(reverse("admin:guidance_document_changelist")).status_code
        == 403
    )


def test_unit_block_is_for_that_units_editors_only(client, unit_a, unit_b, unit_editor):
    DistributionFactory(
        unit=unit_a,
        document=DocumentFactory(
            title="Hướng dẫn nội bộ cho cán bộ", visibility=Visibility.OFFICERS
        ),
    )
    DistributionFactory(unit=unit_b)
    page = unit_a.get_absolute_url()
    assert "Hướng dẫn nội bộ cho cán bộ" not in client.get(page).text
    client.force_login(unit_editor)
    text = client.get(page).text
    assert "Tài liệu cần thực hiện" in text
    assert "Hướng dẫn nội bộ cho cán bộ" in text
    assert "Tài liệu cần thực hiện" not in client.get(unit_b.get_absolute_url()).text
