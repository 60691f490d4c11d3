"""Bad input through the admin forms: clear Vietnamese errors, nothing typed is lost."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from guidance.models import Attachment, Document
from tests.guidance.factories import (
    DocumentFactory,
    document_type,
    docx_bytes,
    pdf_bytes,
)
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db
ADD = reverse("admin:guidance_document_add")
MIB = 1024 * 1024


def document_form(client, **fields) -> dict:
    data = form_data(client.get(ADD).text)
    data.update(
        title=["Đề cương tuyên truyền 97 năm Công đoàn Việt Nam"],
        document_type=[str(document_type("ĐC").pk)],
        number_text=["18/ĐC-CĐĐHQG"],
        issue_date=["01/07/2026"],
        issuer_name=["Công đoàn ĐHQG-HCM"],
        summary=["Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam"],
        body=["<p>Nội dung đề cương</p>"],
        intent=["publish"],
    )
    data.update({k: [v] if isinstance(v, str) else v for k, v in fields.items()})
    return data


def post(client, data, upload=None):
    if upload is not None:
        data = {**data, "attachments-0-file": upload}
    return client.post(ADD, data)


def inline_errors(response) -> list[str]:
    formset = response.context["inline_admin_formsets"][0].formset
    return [
        message for form in formset.forms for message in form.errors.get("file", [])
    ]


def test_a_good_document_with_a_vietnamese_file_name_is_saved(office_client):
    name = "Đề cương tuyên truyền 28 7 (bản cuối).docx"
    response = post(
        office_client,
        document_form(office_client),
        SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get()
    assert document.status == "published"
    file = Attachment.objects.get()
    assert file.original_name == name
    assert file.kind == "docx"
    assert file.file.name.split("/")[-1].isascii()
    download = office_client.get(file.get_absolute_url())
    assert (
        "filename*=UTF-8''%C4%90%E1%BB%81%20c%C6%B0%C6%A1ng"
        in download["Content-Disposition"]
    )


@pytest.mark.parametrize(
    ("number", "code_text"),
    [
        ("18ĐC-CĐĐHQG", "không đúng mẫu"),
        ("18/KH-CĐĐHQG", "không khớp loại"),
        ("0/ĐC-CĐĐHQG", "từ 1 đến"),
    ],
)
def test_a_malformed_number_is_explained_and_the_form_kept(
    office_client, number, code_text
):
    response = post(office_client, document_form(office_client, number_text=number))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["number_text"]
    assert code_text in errors[0]
    assert "Đề cương tuyên truyền 97 năm Công đoàn Việt Nam" in response.text
    assert number in response.text
    assert not Document.objects.exists()


def test_a_number_taken_this_year_is_refused(office_client):
    DocumentFactory(
        number_text="18/ĐC-CĐĐHQG",
        document_type=document_type("ĐC"),
        issue_date="2026-03-01",
    )
    response = post(office_client, document_form(office_client))
    assert response.status_code == 200
    assert "Đã có văn bản số 18/ĐC-CĐĐHQG năm 2026" in str(
        response.context["adminform"].form.errors["number_text"]
    )


def test_an_exe_renamed_to_pdf_is_refused(office_client):
    exe = SimpleUploadedFile(
        "Kế hoạch.pdf", b"MZ\x90\x00\x03" + bytes(500), content_type="application/pdf"
    )
    response = post(office_client, document_form(office_client), exe)
    assert response.status_code == 200
    assert "Tệp không đúng định dạng cho phép" in inline_errors(response)[0]
    assert not Document.objects.exists()


def test_a_zip_bomb_inside_a_docx_is_refused(office_client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(docx_bytes())) as good:
            for name in good.namelist():
                archive.writestr(name, good.read(name))
        with archive.open("word/media/zeros.bin", "w") as member:
            for _ in range(50):
                member.write(bytes(MIB))
    bomb = SimpleUploadedFile("Đề cương.docx", out.getvalue())
    response = post(office_client, document_form(office_client), bomb)
    assert response.status_code == 200
    assert "tỉ lệ nén bất thường" in inline_errors(response)[0]


def test_a_file_over_the_size_limit_is_refused_in_the_admin(office_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = MIB
    big = SimpleUploadedFile("Báo cáo.pdf", pdf_bytes() + bytes(2 * MIB))
    response = post(office_client, document_form(office_client), big)
    assert response.status_code == 200
    assert "Tệp quá lớn" in inline_errors(response)[0]


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path):
    upload = TemporaryUploadedFile("Kế hoạch.pdf", "application/pdf", 0, None)
    upload.write(b"%PDF-1.4\n")
    upload.seek(200 * MIB - 1)
    upload.write(b"\0")  # sparse on disk: the size is real, the bytes are not
    upload.seek(0)
    upload.size = 200 * MIB  # as Django's upload handler reports it
    field = Attachment._meta.get_field("file").formfield()
    with pytest.raises(ValidationError) as caught:
        field.clean(upload)
    assert caught.value.code == "too_large"
    assert "200 MB" in caught.value.messages[0]
    upload.close()


def test_based_on_itself_is_refused(office_client):
    document = DocumentFactory()
    url = reverse("admin:guidance_document_change", args=[document.pk])
    data = form_data(office_client.get(url).text)
    data["based_on"] = [str(document.pk)]
    response = office_client.post(url, data)
    assert response.status_code == 200
    assert "chính nó" in str(response.context["adminform"].form.errors["based_on"])
