"""Files of documents: judged by content, stored out of reach, served through a check."""

from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from guidance import services, tasks
from guidance.models import Attachment, Visibility
from publishing.workflow import Intent
from tests.guidance.factories import DocumentFactory, attachment, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def download(client, file):
    return client.get(
        reverse(
            "guidance:attachment_download",
            kwargs={"slug": file.document.slug, "pk": file.pk},
        )
    )


def test_a_public_pdf_is_served_inline_with_safe_headers(client):
    file = attachment(
        DocumentFactory(), pdf_bytes(), name="Kế hoạch 65 truyền thông.pdf"
    )
    response = download(client, file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert (
        "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2065"
        in response["Content-Disposition"]
    )
    assert response["Cache-Control"].startswith("public")


def test_a_docx_is_downloaded_as_an_attachment(client):
    file = attachment(DocumentFactory(), docx_bytes(), name="Đề cương.docx")
    response = download(client, file)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_an_internal_documents_file_is_404_for_visitors_and_private_for_officers(
    client, unit_editor
):
    file = attachment(DocumentFactory(visibility=Visibility.OFFICERS))
    assert download(client, file).status_code == 404
    client.force_login(unit_editor)
    response = download(client, file)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


def test_a_drafts_file_is_only_for_the_office(client, office_client):
    file = attachment(DocumentFactory(intent=Intent.DRAFT))
    assert download(office_client, file).status_code == 200
    client.logout()
    assert download(client, file).status_code == 404


def test_the_file_id_must_belong_to_the_documents_slug(client):
    secret = attachment(DocumentFactory(visibility=Visibility.OFFICERS))
    public = DocumentFactory()
    url = reverse(
        "guidance:attachment_download", kwargs={"slug": public.slug, "pk": secret.pk}
    )
    assert client.get(url).status_code == 404


def test_files_are_stored_under_an_unguessable_folder_and_never_linked_directly(
    client,
):
    document = DocumentFactory()
    file = attachment(document, name="Kế hoạch tuyên truyền 28 7 (bản cuối).docx")
    folder, token, name = file.file.name.split("/")
    assert folder == "guidance"
    assert len(token) >= 24
    assert name.isascii() and " " not in name and name.endswith(".docx")
    assert file.original_name == "Kế hoạch tuyên truyền 28 7 (bản cuối).docx"
    page = client.get(document.get_absolute_url()).text
    assert settings.MEDIA_URL not in page
    assert token not in page


def test_an_upload_enqueues_text_extraction_after_commit(
    django_capture_on_commit_callbacks,
):
    document = DocumentFactory()
    with (
        mock.patch.object(tasks.attachment_text_extract, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        file = attachment(document)
    delay.assert_called_once_with(file.pk)


def test_extraction_fills_the_text_and_the_documents_search(client):
    document = DocumentFactory()
    file = attachment(document, docx_bytes("Tổ chức Hội thi cán bộ công đoàn giỏi"))
    assert "hoi thi" not in document.search_text
    tasks.attachment_text_extract(file.pk)
    file.refresh_from_db()
    document.refresh_from_db()
    assert "Hội thi cán bộ công đoàn giỏi" in file.text
    assert file.text_extracted_at is not None
    assert "hoi thi can bo cong doan gioi" in document.search_text
    before = document.search_text
    tasks.attachment_text_extract(file.pk)  # a second run changes nothing
    document.refresh_from_db()
    assert document.search_text == before


def test_extraction_of_a_deleted_attachment_returns_quietly():
    file = attachment(DocumentFactory())
    pk = file.pk
    file.delete()
    assert services.attachment_text_extract(attachment_id=pk) is False
    tasks.attachment_text_extract(pk)


def test_a_file_missing_from_storage_gives_no_text_and_no_error():
    file = attachment(DocumentFactory())
    file.file.storage.delete(file.file.name)
    assert services.attachment_text_extract(attachment_id=file.pk) is True
    assert Attachment.objects.get(pk=file.pk).text == ""


def test_report_files_are_for_the_units_editors_and_the_office(
    client, editor_client, unit_a, unit_b
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guidance.models import ReportFile
    from tests.guidance.factories import DistributionFactory
    from tests.units.factories import editor_of

    row = DistributionFactory(unit=unit_a)
    report = services.report_file_save(
        report_file=ReportFile(
            distribution=row, file=SimpleUploadedFile("Báo cáo.pdf", pdf_bytes())
        ),
        upload_name="Báo cáo.pdf",
    )
    url = reverse("guidance:report_file_download", args=[report.pk])
    assert editor_client.get(url).status_code == 200
    client.force_login(editor_of(unit_b))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
