"""Document uploads are judged by their bytes, stored under safe names, served safely."""

import io
import struct
import zipfile
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from publishing.documents.detection import detect_document_kind
from publishing.documents.extraction import extract_text
from publishing.documents.fields import DocumentField, DocumentFileField
from publishing.documents.kinds import KINDS, kind_for_stored_name
from publishing.documents.names import clean_download_name, safe_storage_name
from publishing.documents.serving import document_file_response
from publishing.documents.validation import validate_document_upload

VIETNAMESE = "Công đoàn ĐHQG-HCM"
VIETNAMESE_NAME = "Kế hoạch 65 truyền thông.pdf"
OOXML = "application/vnd.openxmlformats-officedocument"
MIB = 1024 * 1024


# --------------------------------------------------------------------------
# Fixtures built in memory
# --------------------------------------------------------------------------


def build_pdf(*objects: bytes) -> bytes:
    """A PDF with the given bodies as objects 1..n; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def pdf_with_text(text: str, *, catalog_extra: bytes = b"") -> bytes:
    """One page showing `text` in a Type0 font whose ToUnicode maps CID n to U+n."""
    to_unicode = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
        b"1 beginbfrange <0000> <01FF> <0000> endbfrange "
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    shown = text.encode("utf-16-be").hex().encode()
    return build_pdf(
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        stream(b"BT /F1 12 Tf 72 760 Td <" + shown + b"> Tj ET"),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        stream(to_unicode),
    )


def build_zip(
    members: dict[str, bytes], *, first: tuple[str, bytes] | None = None
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(
                zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def content_types(part: str, content_type: str, *, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{part}" ContentType="{content_type}"/>{extra}</Types>'
    ).encode()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def docx_members(text: str = VIETNAMESE) -> dict[str, bytes]:
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Kế hoạch năm 2026</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    return {
        "[Content_Types].xml": content_types(
            "/word/document.xml", f"{OOXML}.wordprocessingml.document.main+xml"
        ),
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": document,
    }


def docx(**kwargs: str) -> bytes:
    return build_zip(docx_members(**kwargs))


def xlsx() -> bytes:
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>{VIETNAMESE}</t></si><si><r><t>Đoàn </t></r><r><t>viên</t></r></si></sst>"
    ).encode()
    return build_zip(
        {
            "[Content_Types].xml": content_types(
                "/xl/workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml"
            ),
            "xl/workbook.xml": b"<workbook/>",
            "xl/sharedStrings.xml": shared,
        }
    )


def pptx() -> bytes:
    def slide(text: str) -> bytes:
        return (
            f'<p:sld xmlns:p="http://x/p" xmlns:a="{A}"><p:cSld><p:spTree>'
            f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:spTree></p:cSld></p:sld>"
        ).encode()

    return build_zip(
        {
            "[Content_Types].xml": content_types(
                "/ppt/presentation.xml", f"{OOXML}.presentationml.presentation.main+xml"
            ),
            "ppt/presentation.xml": b"<presentation/>",
            "ppt/slides/slide10.xml": slide("Trang mười"),
            "ppt/slides/slide2.xml": slide(VIETNAMESE),
        }
    )


def odf(kind: str = "text") -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text>"
        f"<text:h>{VIETNAMESE}</text:h><text:p>Kế<text:s/>hoạch "
        "<text:span>năm 2026</text:span></text:p>"
        "</office:text></office:body></office:document-content>"
    ).encode()
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return build_zip(
        {"content.xml": content, "META-INF/manifest.xml": b"<manifest/>"},
        first=("mimetype", mimetype),
    )


def image(fmt: str, size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def upload(data: bytes, name: str = "tep.bin", content_type: str = "application/pdf"):
    # The client's name and Content-Type are deliberately misleading in most tests.
    return SimpleUploadedFile(name, data, content_type=content_type)


def refused(data: bytes, name: str = "tep.pdf", **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_document_upload(upload(data, name), **kwargs)
    return caught.value


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


VALID = {
    "pdf": lambda: pdf_with_text(VIETNAMESE),
    "docx": docx,
    "xlsx": xlsx,
    "pptx": pptx,
    "odt": lambda: odf("text"),
    "ods": lambda: odf("spreadsheet"),
    "odp": lambda: odf("presentation"),
    "jpeg": lambda: image("JPEG"),
    "png": lambda: image("PNG"),
    "webp": lambda: image("WEBP"),
    "gif": lambda: image("GIF"),
}


# --------------------------------------------------------------------------
# Detection and acceptance
# --------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(VALID))
def test_each_kind_is_detected_from_its_bytes_and_accepted(key):
    data = VALID[key]()
    fileobj = upload(data, name="ten-sai.exe", content_type="text/html")
    assert detect_document_kind(fileobj) is KINDS[key]
    assert validate_document_upload(fileobj) is KINDS[key]
    assert fileobj.tell() == 0  # left ready to be stored


def test_uploads_spooled_to_disk_are_judged_the_same_way():
    data = docx()
    spooled = TemporaryUploadedFile("Báo cáo.docx", "text/plain", len(data), None)
    spooled.write(data)
    spooled.seek(0)
    try:
        assert validate_document_upload(spooled) is KINDS["docx"]
        assert extract_text(spooled, KINDS["docx"]).startswith(VIETNAMESE)
    finally:
        spooled.close()


def test_kinds_carry_vietnamese_labels_extensions_and_inline_flags():
    assert str(KINDS["docx"].label) == "Word (DOCX)"
    assert KINDS["jpeg"].extension == "jpg"
    assert KINDS["pdf"].inline and KINDS["png"].inline
    assert not KINDS["docx"].inline and not KINDS["odt"].inline


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200),
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"plain text, nothing else",
        build_zip({"readme.txt": b"a zip that is no office document"}),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        b"",
    ],
    ids=["exe", "html", "text", "zip", "ole2", "empty"],
)
def test_unknown_content_is_not_detected(data):
    assert detect_document_kind(io.BytesIO(data)) is None


def test_an_exe_renamed_pdf_is_refused_naming_the_allowed_types():
    error = refused(b"MZ\x90\x00\x03" + bytes(300), name="Kế hoạch.pdf")
    assert error.code == "invalid_type"
    assert "Tệp không đúng định dạng cho phép" in message(error)
    assert "PDF, Word (DOCX)" in message(error)


def test_html_renamed_pdf_is_refused():
    error = refused(b"<html><body onload=alert(1)>", name="cong-van.pdf")
    assert error.code == "invalid_type"


def test_a_kind_outside_the_allowed_set_is_refused_with_only_the_allowed_named():
    error = refused(docx(), name="bao-cao.docx", allowed={"pdf"})
    assert error.code == "invalid_type"
    assert "Các định dạng được nhận: PDF." in message(error)


def test_legacy_office_files_are_refused_with_advice_to_save_as_docx_or_pdf():
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), name="cu.doc")
    assert error.code == "legacy_office"
    assert "DOCX" in message(error) and "PDF" in message(error)


def test_an_empty_file_is_refused():
    fileobj = upload(b"", name="trong.pdf")
    with pytest.raises(ValidationError) as caught:
        validate_document_upload(fileobj)
    assert caught.value.code == "empty"
    assert "trống" in message(caught.value)


def test_a_file_reporting_200_mb_is_refused_with_the_limit_in_mb():
    fileobj = upload(pdf_with_text(VIETNAMESE))
    fileobj.size = 200 * MIB  # pretend; nothing that large is allocated
    with pytest.raises(ValidationError) as caught:
        validate_document_upload(fileobj)
    assert caught.value.code == "too_large"
    assert "Dung lượng tối đa là 25 MB" in message(caught.value)
    assert "200 MB" in message(caught.value)


def test_the_size_limit_can_be_lowered_per_call_and_by_setting(settings):
    data = docx() + bytes(0)
    error = refused(data, max_bytes=len(data) - 1)
    assert error.code == "too_large"
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 2 * MIB
    error = refused(b"%PDF-1.4\n" + bytes(3 * MIB))
    assert "tối đa là 2 MB" in message(error)


# --------------------------------------------------------------------------
# ZIP containers
# --------------------------------------------------------------------------


def test_a_zip_bomb_inside_a_docx_is_refused_without_extracting_it():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in docx_members().items():
            archive.writestr(name, data)
        with archive.open("word/media/zeros.bin", "w") as member:
            chunk = bytes(MIB)
            for _ in range(50):
                member.write(chunk)
    assert len(out.getvalue()) < MIB
    error = refused(out.getvalue(), name="bom.docx")
    assert error.code == "zip_unsafe"
    assert "tỉ lệ nén bất thường" in message(error)


def test_the_total_uncompressed_size_is_limited(settings):
    settings.DOCUMENT_ZIP_MAX_UNCOMPRESSED_BYTES = 1000
    error = refused(docx(text="Công đoàn " * 200), name="lon.docx")
    assert error.code == "zip_unsafe"
    assert "dung lượng sau khi giải nén quá lớn" in message(error)


def test_the_number_of_entries_is_limited(settings):
    settings.DOCUMENT_ZIP_MAX_ENTRIES = 3
    members = docx_members() | {f"word/media/{n}.png": b"x" for n in range(3)}
    error = refused(build_zip(members), name="nhieu.docx")
    assert "quá nhiều thành phần" in message(error)


@pytest.mark.parametrize(
    "name", ["../evil.txt", "word/../../evil.txt", "/etc/passwd", "C:/x"]
)
def test_entries_escaping_the_archive_are_refused(name):
    error = refused(build_zip(docx_members() | {name: b"x"}), name="duong-dan.docx")
    assert error.code == "zip_unsafe"
    assert "đường dẫn không hợp lệ" in message(error)


def test_a_docx_with_a_vba_project_is_refused():
    members = docx_members() | {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}
    error = refused(build_zip(members), name="macro.docx")
    assert error.code == "macros"
    assert "macro" in message(error)


def test_a_macro_enabled_main_part_is_refused_even_without_the_vba_part():
    members = docx_members() | {
        "[Content_Types].xml": content_types(
            "/word/document.xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    }
    assert refused(build_zip(members), name="macro.docm").code == "macros"


def test_a_corrupt_zip_is_refused_with_a_clear_message():
    data = docx()
    error = refused(data[:40] + b"\x00" * 100, name="hong.docx")
    assert error.code == "corrupt"
    assert "Tệp bị hỏng hoặc không đọc được" in message(error)


def test_a_damaged_member_is_refused_not_a_500():
    data = bytearray(docx())
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start : start + 20] = b"\xff" * 20  # break the deflate stream of the main part
    with pytest.raises(ValidationError):
        validate_document_upload(upload(bytes(data), "hong.docx"))


# --------------------------------------------------------------------------
# PDFs and images
# --------------------------------------------------------------------------


def test_a_pdf_with_javascript_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_open_action(JavaScript("app.alert('xin chào');"))
    out = io.BytesIO()
    writer.write(out)
    error = refused(out.getvalue())
    assert error.code == "pdf_active_content"
    assert "JavaScript" in message(error)


def test_a_script_reached_only_through_the_document_tree_is_refused():
    # No /JavaScript name in the bytes: only walking the objects finds the /JS key.
    data = pdf_with_text(
        VIETNAMESE, catalog_extra=b"/OpenAction << /S /Rendition /JS (app.alert(1)) >> "
    )
    assert refused(data).code == "pdf_active_content"


def test_a_pdf_launch_action_hidden_behind_name_escapes_is_refused():
    data = pdf_with_text(
        VIETNAMESE, catalog_extra=b"/OpenAction << /S /L#61unch /F (calc.exe) >> "
    )
    assert refused(data).code == "pdf_active_content"


def test_a_pdf_that_cannot_be_read_is_refused():
    error = refused(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert error.code == "corrupt"
    assert "PDF bị hỏng" in message(error)


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_with_text(VIETNAMESE)))
    writer.encrypt(
        user_password=user_password, owner_password="chu", algorithm="AES-256"
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_with_only_an_owner_password_is_accepted_and_read():
    data = encrypted_pdf("")
    assert validate_document_upload(upload(data)) is KINDS["pdf"]
    assert VIETNAMESE in extract_text(io.BytesIO(data), KINDS["pdf"])


def test_a_pdf_that_needs_a_password_to_open_is_refused():
    error = refused(encrypted_pdf("mat-khau"))
    assert error.code == "pdf_encrypted"
    assert "mật khẩu" in message(error)


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.DOCUMENT_MAX_IMAGE_PIXELS = 2_000_000
    error = refused(image("PNG", (2000, 1001)), name="anh.png")
    assert error.code == "image_too_large"
    assert "triệu điểm ảnh" in message(error)


def test_a_truncated_image_is_refused():
    data = image("PNG", (64, 64))
    # The header stays valid; the chunk data breaks, which verify() notices.
    broken = data[:40] + struct.pack(">I", 0xDEADBEEF) + data[44:]
    assert refused(broken, name="anh.png").code == "corrupt"


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------


def test_the_stored_name_is_ascii_random_and_takes_the_detected_extension():
    first = safe_storage_name(VIETNAMESE_NAME, KINDS["docx"])
    second = safe_storage_name(VIETNAMESE_NAME, KINDS["docx"])
    assert first != second
    assert first.endswith("-ke-hoach-65-truyen-thong.docx")
    assert first.isascii() and " " not in first and "/" not in first
    assert safe_storage_name("Đoàn viên.exe", KINDS["pdf"]).endswith("-doan-vien.pdf")
    assert safe_storage_name("../../.pdf", KINDS["pdf"]).endswith("-tai-lieu.pdf")


def test_the_download_name_keeps_vietnamese_and_forces_the_detected_extension():
    assert clean_download_name(VIETNAMESE_NAME, KINDS["pdf"]) == VIETNAMESE_NAME
    assert clean_download_name(VIETNAMESE_NAME, KINDS["docx"]) == (
        "Kế hoạch 65 truyền thông.docx"
    )
    assert clean_download_name("C:\\Users\\a\\..\\Báo cáo quý 1", KINDS["xlsx"]) == (
        "Báo cáo quý 1.xlsx"
    )
    # Right-to-left override and control characters cannot disguise the extension.
    spoofed = clean_download_name("Công văn\u202efdp.exe\r\n", KINDS["pdf"])
    assert spoofed == "Công văn fdp.pdf"
    # macOS sends decomposed (NFD) names; we keep the composed form.
    nfd = "Ke\u0302\u0301 hoa\u0323ch.pdf"
    assert clean_download_name(nfd, KINDS["pdf"]) == "Kế hoạch.pdf"
    assert clean_download_name("", KINDS["pdf"]) == "tài liệu.pdf"


def test_stored_names_map_back_to_their_kind():
    assert (
        kind_for_stored_name(safe_storage_name("a.jpeg", KINDS["jpeg"]))
        is KINDS["jpeg"]
    )
    assert kind_for_stored_name("x.exe") is None


# --------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------


def test_a_pdf_is_served_inline_with_type_from_its_kind_and_a_unicode_name():
    data = pdf_with_text(VIETNAMESE)
    response = document_file_response(
        file=io.BytesIO(data),
        download_name="Kế hoạch 65 truyền thông.exe",
        kind=KINDS["pdf"],
    )
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="Ke hoach 65 truyen thong.pdf"; ')
    assert (
        "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%2065%20truy%E1%BB%81n"
        in disposition
    )
    assert disposition.endswith(".pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" not in response["Content-Security-Policy"]  # see module comment
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content) == data


# response.close() sends request_finished, whose handler checks the connection.
@pytest.mark.django_db
def test_a_docx_is_an_attachment_and_images_are_sandboxed():
    response = document_file_response(
        file=io.BytesIO(docx()), download_name="Báo cáo.docx", kind=KINDS["docx"]
    )
    assert response["Content-Type"] == f"{OOXML}.wordprocessingml.document"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="Bao cao.docx"'
    )
    assert (
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o.docx" in response["Content-Disposition"]
    )
    response.close()

    response = document_file_response(
        file=io.BytesIO(image("PNG")),
        download_name="anh.png",
        kind=KINDS["png"],
        public=True,
    )
    assert response["Content-Disposition"] == 'inline; filename="anh.png"'
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "public, max-age=3600"
    response.close()


def test_a_stored_field_file_is_opened_and_served():
    storage = InMemoryStorage()
    name = storage.save("documents/x.pdf", ContentFile(pdf_with_text(VIETNAMESE)))
    field = DocumentField(storage=storage)
    field.set_attributes_from_name("file")
    field_file = field.attr_class(SimpleNamespace(), field, name)
    response = document_file_response(
        file=field_file, download_name="Tờ trình.pdf", kind=KINDS["pdf"], max_age=60
    )
    assert response["Cache-Control"] == "private, max-age=60"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --------------------------------------------------------------------------
# Text extraction
# --------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["pdf", "docx", "xlsx", "pptx", "odt"])
def test_text_is_extracted_with_vietnamese_intact(key):
    text = extract_text(io.BytesIO(VALID[key]()), KINDS[key])
    assert "Công đoàn" in text
    assert VIETNAMESE in text


def test_extracted_text_keeps_paragraphs_order_and_inline_pieces():
    assert extract_text(io.BytesIO(docx()), KINDS["docx"]) == (
        f"{VIETNAMESE}\nKế hoạch năm 2026"
    )
    assert (
        extract_text(io.BytesIO(odf()), KINDS["odt"])
        == f"{VIETNAMESE}\nKế hoạch năm 2026"
    )
    assert extract_text(io.BytesIO(xlsx()), KINDS["xlsx"]) == f"{VIETNAMESE}\nĐoàn viên"
    slides = extract_text(io.BytesIO(pptx()), KINDS["pptx"])
    assert slides.index(VIETNAMESE) < slides.index("Trang mười")  # slide 2 before 10


def test_extracted_text_stops_at_max_chars():
    assert extract_text(io.BytesIO(docx()), KINDS["docx"], max_chars=9) == "Công đoàn"


def test_xml_with_entity_declarations_gives_no_text():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "Công đoàn">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()
    data = build_zip(docx_members() | {"word/document.xml": bomb})
    assert extract_text(io.BytesIO(data), KINDS["docx"]) == ""


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"%PDF-1.4\n\x00\x01broken", "pdf"),
        (b"PK\x03\x04 not really a zip", "docx"),
        (build_zip({"[Content_Types].xml": b"<Types>"}), "docx"),
        (image("PNG"), "png"),
    ],
    ids=["pdf", "zip", "docx-without-body", "image"],
)
def test_corrupt_or_textless_files_give_empty_text_without_raising(data, key):
    assert extract_text(io.BytesIO(data), KINDS[key]) == ""


def test_a_pdf_that_needs_a_password_gives_empty_text():
    assert extract_text(io.BytesIO(encrypted_pdf("mat-khau")), KINDS["pdf"]) == ""


# --------------------------------------------------------------------------
# Form and model fields
# --------------------------------------------------------------------------


class UploadForm(forms.Form):
    document = DocumentFileField(allowed_kinds={"pdf", "docx"})


def test_the_form_field_attaches_the_detected_kind():
    form = UploadForm(files={"document": upload(docx(), VIETNAMESE_NAME)})
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["document"]
    assert cleaned.document_kind is KINDS["docx"]
    assert cleaned.name == VIETNAMESE_NAME  # the original name stays for the caller


def test_the_form_field_reports_refusals_as_form_errors():
    form = UploadForm(files={"document": upload(image("PNG"), "anh.pdf")})
    assert not form.is_valid()
    assert "Tệp không đúng định dạng cho phép" in form.errors["document"][0]
    assert 'accept=".pdf,application/pdf,.docx,' in str(form["document"])


def test_the_model_field_deconstructs_for_migrations():
    field = DocumentField(
        "tệp",
        upload_to="guidance/%Y/",
        max_bytes=5 * MIB,
        allowed_kinds={"pdf", "docx"},
    )
    name, path, args, kwargs = field.deconstruct()
    assert path == "publishing.documents.DocumentField"
    assert kwargs == {
        "verbose_name": "tệp",
        "upload_to": "guidance/%Y/",
        "max_bytes": 5 * MIB,
        "allowed_kinds": ["docx", "pdf"],
    }
    clone = DocumentField(*args, **kwargs)
    assert clone.deconstruct()[3] == kwargs
    assert DocumentField().deconstruct()[3] == {}
    assert DocumentField(max_length=100).deconstruct()[3] == {"max_length": 100}
    formfield = field.formfield()
    assert isinstance(formfield, DocumentFileField)
    assert formfield.allowed_kinds == {"pdf", "docx"}
    assert formfield.max_bytes == 5 * MIB


def make_field_file(data: bytes, name: str, **field_kwargs):
    field = DocumentField(
        storage=InMemoryStorage(), upload_to="documents/", **field_kwargs
    )
    field.set_attributes_from_name("file")
    instance = SimpleNamespace()
    field_file = field.attr_class(instance, field, name)
    field_file.file = upload(data, name)
    field_file._committed = False
    return field, instance, field_file


def test_the_model_field_stores_under_a_safe_name_from_the_detected_kind():
    field, instance, field_file = make_field_file(
        docx(), "Kế hoạch 65 truyền thông.pdf"
    )
    field.validate(field_file, None)
    assert field_file.document_kind is KINDS["docx"]
    field_file.save(field_file.name, field_file.file, save=False)
    assert field_file.name.startswith("documents/")
    assert field_file.name.endswith("-ke-hoach-65-truyen-thong.docx")
    assert field_file.name.isascii()
    assert instance.file == field_file.name
    assert field_file.document_kind is KINDS["docx"]


def test_the_model_field_refuses_bad_content_at_clean_and_at_save():
    field, _instance, field_file = make_field_file(b"MZ" + bytes(100), "virus.pdf")
    with pytest.raises(ValidationError):
        field.clean(field_file, None)
    with pytest.raises(ValidationError):
        field_file.save(
            "virus.pdf", upload(b"MZ" + bytes(100), "virus.pdf"), save=False
        )
    field, _instance, field_file = make_field_file(
        docx(), "a.docx", allowed_kinds={"pdf"}
    )
    with pytest.raises(ValidationError):
        field.clean(field_file, None)
