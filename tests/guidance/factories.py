"""Factories for guidance documents, their files and distribution rows."""

import io
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from guidance import services
from guidance.models import Attachment, Distribution, Document, DocumentType
from publishing.workflow import Intent
from tests.units.factories import UnitFactory

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OOXML = "application/vnd.openxmlformats-officedocument"


def docx_bytes(text: str = "Tài liệu tuyên truyền") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            f'ContentType="{OOXML}.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


# The seeded types (guidance/migrations/0003) that tests use; get_or_create because a
# transactional test flushes what data migrations put in the database.
TYPE_NAMES = {"KH": "Kế hoạch", "HD": "Hướng dẫn", "ĐC": "Đề cương tuyên truyền"}


def document_type(abbreviation: str = "KH") -> DocumentType:
    return DocumentType.objects.get_or_create(
        abbreviation=abbreviation, defaults={"name": TYPE_NAMES[abbreviation]}
    )[0]


def key_date(slug: str = "ngay-thanh-lap-cong-doan-viet-nam"):
    """A seeded campaigns key date, through our foreign key (no import of campaigns)."""
    model = Document._meta.get_field("key_date").related_model
    return model.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"Ngày kỷ niệm {slug}",
            "kind": "solar",
            "day": 28,
            "month": 7,
        },
    )[0]


class DocumentFactory(DjangoModelFactory):
    """A published public plan of the office unless told otherwise."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Kế hoạch tuyên truyền số {n + 1}")
    summary = "Về đẩy mạnh công tác truyền thông Công đoàn"
    number_text = factory.Sequence(lambda n: f"{n + 1}/KH-CĐĐHQG")
    document_type = factory.LazyFunction(document_type)
    issue_date = factory.Faker("date_between", start_date="-1y", end_date="-1d")
    issuer_name = "Công đoàn ĐHQG-HCM"
    body = "<p>Nội dung kế hoạch về <strong>truyền thông công đoàn</strong>.</p>"

    @classmethod
    def _create(cls, model_class, *args, intent=Intent.PUBLISH, **kwargs):
        units = kwargs.pop("recipient_units", [])
        based_on = kwargs.pop("based_on", [])
        document = model_class(*args, **kwargs)
        services.document_save(document=document, intent=Intent.DRAFT)
        document.recipient_units.set(units)
        document.based_on.set(based_on)
        if intent != Intent.DRAFT:
            services.document_save(document=document, intent=intent)
        return document


def attachment(document, data: bytes | None = None, name: str = "Kế hoạch 65.docx"):
    return services.attachment_save(
        attachment=Attachment(
            document=document, file=SimpleUploadedFile(name, data or docx_bytes())
        ),
        upload_name=name,
    )


class DistributionFactory(DjangoModelFactory):
    class Meta:
        model = Distribution

    document = factory.SubFactory(DocumentFactory)
    unit = factory.SubFactory(UnitFactory)


# For the cross-unit attack suite (tests/units/test_editor_scope.py).
SCOPED_OBJECTS = {Distribution: lambda unit: DistributionFactory(unit=unit)}
