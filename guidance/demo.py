"""Demo data: plan 65/KH-LĐLĐ (full text), the plan it is based on, two outlines.

Plan 65/KH-LĐLĐ of 26 May 2021 is real: its text is demo_data/65-KH-LDLD.txt,
turned into sanitised HTML here. The outlines for key dates are written for the demo.
Idempotent: documents are matched by slug, acknowledgements go through services that
do nothing the second time.
"""

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta
from html import escape
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publishing.workflow import Intent
from units.models import Unit

from . import services
from .models import Attachment, Distribution, Document, DocumentType, Visibility

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
PLAN_65_FILE = DATA_DIR / "65-KH-LDLD.txt"
OFFICE_SLUG = "cong-doan-dhqg-hcm"
_ROMAN = re.compile(r"^[IVX]+\.\s")
_NUMBERED = re.compile(r"^\d+\.\s")
_EMPHASIS = re.compile(r"\*(.+?)\*")


def plan_text_to_html(text: str) -> str:
    """The body of an official plan as HTML: headings, paragraphs and lists.

    Keeps what follows the title ("Căn cứ…") and stops at "Nơi nhận:", which the
    page renders from data. "I. …" become h2, short "1. …:" lines h3, "- …" list
    items; *…* is emphasis. Everything is escaped first.
    """
    lines = [line.strip() for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if line.startswith("Căn cứ")), 0)
    parts: list[str] = []
    in_list = False
    for line in lines[start:]:
        if line.startswith("Nơi nhận"):
            break
        if not line:
            continue
        html = _EMPHASIS.sub(r"<em>\1</em>", escape(line, quote=False))
        if line.startswith("- "):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{html[2:].strip()}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if _ROMAN.match(line):
            parts.append(f"<h2>{html}</h2>")
        elif _NUMBERED.match(line) and line.endswith(":") and len(line) < 90:
            parts.append(f"<h3>{html}</h3>")
        else:
            parts.append(f"<p>{html}</p>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def _docx(paragraphs: list[str]) -> bytes:
    """A small, valid Word document with these paragraphs (for the demo's files)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
        for p in paragraphs
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


OUTLINE_97 = [
    "ĐỀ CƯƠNG TUYÊN TRUYỀN",
    "Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 - 28/7/2026)",
    "I. Sự ra đời của tổ chức Công đoàn Việt Nam",
    "Ngày 28/7/1929, tại số nhà 15 phố Hàng Nón, Hà Nội, Tổng Công hội Đỏ Bắc Kỳ "
    "được thành lập, mở đầu lịch sử vẻ vang của tổ chức Công đoàn Việt Nam.",
    "II. Những thành tựu của Công đoàn ĐHQG-HCM",
    "Chăm lo đời sống, bảo vệ quyền và lợi ích hợp pháp, chính đáng của đoàn viên; "
    "phong trào thi đua “Giỏi việc trường, đảm việc nhà”.",
    "III. Nhiệm vụ trọng tâm thời gian tới",
    "Đẩy mạnh chuyển đổi số trong hoạt động công đoàn; mỗi cán bộ công đoàn là một "
    "chiến sĩ truyền thông.",
]

OUTLINE_97_HTML = (
    "<h2>I. Sự ra đời của tổ chức Công đoàn Việt Nam</h2>"
    "<p>Ngày 28/7/1929, tại số nhà 15 phố Hàng Nón, Hà Nội, Tổng Công hội Đỏ Bắc Kỳ "
    "được thành lập, mở đầu lịch sử vẻ vang của tổ chức Công đoàn Việt Nam.</p>"
    "<h2>II. Những thành tựu của Công đoàn ĐHQG-HCM</h2>"
    "<ul><li>Chăm lo đời sống, bảo vệ quyền và lợi ích hợp pháp, chính đáng của đoàn "
    "viên.</li><li>Phong trào thi đua <strong>“Giỏi việc trường, đảm việc nhà”</strong> "
    "và <strong>“Lao động giỏi, lao động sáng tạo”</strong>.</li></ul>"
    "<h2>III. Nhiệm vụ trọng tâm thời gian tới</h2>"
    "<p>Đẩy mạnh chuyển đổi số trong hoạt động công đoàn; <em>mỗi cán bộ công đoàn là "
    "một chiến sĩ truyền thông</em>.</p>"
    "<h2>IV. Khẩu hiệu tuyên truyền</h2>"
    "<ul><li>Nhiệt liệt chào mừng 97 năm Ngày thành lập Công đoàn Việt Nam "
    "(28/7/1929 - 28/7/2026)!</li><li>Công đoàn Việt Nam vững mạnh, đồng hành cùng "
    "người lao động!</li></ul>"
)

WORKER_MONTH_HTML = (
    "<p>Thực hiện chủ đề Tháng Công nhân năm 2026, Công đoàn ĐHQG-HCM hướng dẫn các "
    "công đoàn cơ sở tổ chức các hoạt động sau:</p>"
    "<h2>1. Tuyên truyền</h2>"
    "<ul><li>Treo băng rôn, khẩu hiệu; đăng tin trên trang của đơn vị và Facebook, "
    "Zalo.</li><li>Giới thiệu gương đoàn viên tiêu biểu.</li></ul>"
    "<h2>2. Chăm lo đoàn viên</h2>"
    "<ul><li>Thăm hỏi đoàn viên có hoàn cảnh khó khăn.</li><li>Đối thoại giữa lãnh đạo "
    "đơn vị và người lao động.</li></ul>"
    "<h2>3. Báo cáo</h2>"
    "<p>Các CĐCS báo cáo kết quả trên cổng thông tin trước ngày 31/5/2026.</p>"
)


# The seeded types the demo uses (guidance/migrations/0003), in case they were removed.
DEMO_TYPES = {"KH": "Kế hoạch", "HD": "Hướng dẫn", "ĐC": "Đề cương tuyên truyền"}


def _key_date(slug: str):
    model = Document._meta.get_field("key_date").related_model
    return model.objects.filter(slug=slug).first()


def _document(
    slug: str, *, type_abbreviation: str, recipients=(), based_on=(), **fields
):
    document = Document.objects.filter(slug=slug).first()
    if document is None:
        document = Document(
            slug=slug,
            document_type=DocumentType.objects.get_or_create(
                abbreviation=type_abbreviation,
                defaults={"name": DEMO_TYPES[type_abbreviation]},
            )[0],
            **fields,
        )
        services.document_save(document=document, intent=Intent.DRAFT)
        document.recipient_units.set(recipients)
        document.based_on.set(based_on)
        services.document_save(document=document, intent=Intent.PUBLISH)
    services.document_distribute(document_ids=[document.pk])
    return document


def _attach(document: Document, name: str, data: bytes, title: str = "") -> None:
    if document.attachments.exists():
        return
    attachment = services.attachment_save(
        attachment=Attachment(
            document=document,
            title=title,
            file=SimpleUploadedFile(name, data),
        ),
        upload_name=name,
    )
    services.attachment_text_extract(attachment_id=attachment.pk)


def _acknowledge(
    document: Document, unit_slug: str, *, implemented: bool, user, report=""
):
    row = Distribution.objects.filter(document=document, unit__slug=unit_slug).first()
    if row is None:
        return
    day = document.issue_date + timedelta(days=3 if implemented else 1)
    at = timezone.make_aware(datetime.combine(day, time(9)))
    if implemented:
        if row.status != Distribution.Status.IMPLEMENTED:
            services.distribution_mark_implemented(
                distribution=row, user=user, report_text=report, now=at
            )
    else:
        services.distribution_mark_received(distribution=row, user=user, now=at)


def load(*, stdout) -> None:
    """Create the demo documents, distribute them and record some acknowledgements."""
    office = Unit.objects.filter(slug=OFFICE_SLUG).first()
    units = {u.slug: u for u in Unit.objects.filter(kind=Unit.Kind.GRASSROOTS)}
    plan_65 = _plan_65(office=office, based_on=_plan_38())
    outline_97 = _outline_97(office=office, based_on=plan_65)
    worker_month = _worker_month(office=office, units=units, based_on=plan_65)
    _attach(
        outline_97,
        "Đề cương tuyên truyền 97 năm Công đoàn Việt Nam.docx",
        _docx(OUTLINE_97),
        title="Đề cương (bản Word để in, chỉnh sửa)",
    )
    _acknowledgements(plan_65=plan_65, outline_97=outline_97, worker_month=worker_month)
    count = Document.objects.count()
    stdout.write(f"Tài liệu định hướng: {count} văn bản, gồm Kế hoạch số 65/KH-LĐLĐ.")


def _plan_38() -> Document:
    """The city federation's plan that the office's plan 65 carries out."""
    return _document(
        "ke-hoach-38-kh-ldld-2021",
        type_abbreviation="KH",
        number_text="38/KH-LĐLĐ",
        title="Kế hoạch đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        summary="Về đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        issue_date=date(2021, 5, 25),
        issuer_parent="Tổng Liên đoàn Lao động Việt Nam",
        issuer_name="Liên đoàn Lao động Thành phố Hồ Chí Minh",
        signer_title="TM. BAN THƯỜNG VỤ",
        body="<p>Kế hoạch của Liên đoàn Lao động Thành phố Hồ Chí Minh về đẩy mạnh "
        "công tác truyền thông Công đoàn Việt Nam đến năm 2023. Công đoàn ĐHQG-HCM "
        "triển khai bằng Kế hoạch số 65/KH-LĐLĐ ngày 26/5/2021.</p>",
        recipients_other="Các Công đoàn cấp trên cơ sở",
    )


def _plan_65(*, office: Unit | None, based_on: Document) -> Document:
    """The office's plan of 26/5/2021 (its text in PLAN_65_FILE), sent to every CĐCS."""
    return _document(
        "ke-hoach-65-kh-ldld-2021",
        type_abbreviation="KH",
        number_text="65/KH-LĐLĐ",
        title="Kế hoạch đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        summary="Đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023",
        issue_date=date(2021, 5, 26),
        issuer_parent="Liên đoàn Lao động TP. Hồ Chí Minh",
        issuer_name="Công đoàn ĐHQG-HCM",
        issuing_unit=office,
        signer_title="TM. BAN THƯỜNG VỤ",
        body=plan_text_to_html(PLAN_65_FILE.read_text(encoding="utf-8")),
        recipients_all_grassroots=True,
        recipients_other="Đảng ủy, Ban Giám đốc ĐHQG-HCM;\nLưu: VP.",
        response_deadline=date(2021, 6, 30),
        based_on=[based_on],
    )


def _outline_97(*, office: Unit | None, based_on: Document) -> Document:
    """This year's outline for the 28/7 anniversary, linked to its key date."""
    return _document(
        "de-cuong-tuyen-truyen-97-nam-cong-doan-viet-nam",
        type_abbreviation="ĐC",
        number_text="18/ĐC-CĐĐHQG",
        title="Đề cương tuyên truyền kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam "
        "(28/7/1929 - 28/7/2026)",
        issue_date=date(2026, 7, 1),
        issuer_parent="Liên đoàn Lao động TP. Hồ Chí Minh",
        issuer_name="Công đoàn ĐHQG-HCM",
        issuing_unit=office,
        signer_title="TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH",
        body=OUTLINE_97_HTML,
        recipients_all_grassroots=True,
        recipients_other="Lưu: VP, Ban Tuyên giáo.",
        response_deadline=date(2026, 7, 31),
        key_date=_key_date("ngay-thanh-lap-cong-doan-viet-nam"),
        based_on=[based_on],
    )


def _worker_month(*, office: Unit | None, units: dict, based_on: Document) -> Document:
    """Guidance for Workers' Month, for officers of three CĐCS only."""
    return _document(
        "huong-dan-thang-cong-nhan-2026",
        type_abbreviation="HD",
        number_text="09/HD-CĐĐHQG",
        title="Hướng dẫn tổ chức các hoạt động Tháng Công nhân năm 2026",
        issue_date=date(2026, 4, 10),
        issuer_parent="Liên đoàn Lao động TP. Hồ Chí Minh",
        issuer_name="Công đoàn ĐHQG-HCM",
        issuing_unit=office,
        signer_title="TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
        body=WORKER_MONTH_HTML,
        visibility=Visibility.OFFICERS,
        recipients=[
            units[s]
            for s in ("bach-khoa", "khoa-hoc-tu-nhien", "quoc-te")
            if s in units
        ],
        recipients_other="Lưu: VP.",
        response_deadline=date(2026, 5, 31),
        key_date=_key_date("thang-cong-nhan"),
        based_on=[based_on],
    )


def _acknowledgements(
    *, plan_65: Document, outline_97: Document, worker_month: Document
) -> None:
    """Two CĐCS at different stages: one reports back, one has only received."""
    editors = {
        u.username: u
        for u in get_user_model().objects.filter(username__startswith="bientap.")
    }
    bach_khoa = editors.get("bientap.bachkhoa")
    khtn = editors.get("bientap.khtn")
    _acknowledge(
        plan_65,
        "bach-khoa",
        implemented=True,
        user=bach_khoa,
        report="Đã phổ biến kế hoạch đến 100% tổ công đoàn; lập trang Facebook của "
        "Công đoàn trường.",
    )
    _acknowledge(plan_65, "khoa-hoc-tu-nhien", implemented=False, user=khtn)
    _acknowledge(
        outline_97,
        "bach-khoa",
        implemented=True,
        user=bach_khoa,
        report="Đã in đề cương, tổ chức nói chuyện chuyên đề cho 320 đoàn viên.",
    )
    _acknowledge(outline_97, "khoa-hoc-tu-nhien", implemented=False, user=khtn)
    _acknowledge(worker_month, "khoa-hoc-tu-nhien", implemented=True, user=khtn)
