"""Demo data: a Vietnamese handbook, an appendix of one CĐCS, and a printed board.

The chapter on communication is drawn from plan 65/KH-LĐLĐ of 26 May 2021 (the
seed text guidance's demo also loads); the other chapters are written for the demo.
Idempotent: sections are matched by slug, the board by unit and month.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from units.models import Unit

from .boards import board_save, boards_monthly_suggest
from .models import Board, Section
from .services import section_save

# (slug, title, body, children: [(slug, title, body)])
CHAPTERS = [
    (
        "cong-doan-viet-nam",
        "Công đoàn Việt Nam",
        "<p>Công đoàn Việt Nam là tổ chức chính trị - xã hội rộng lớn của giai cấp "
        "công nhân và của người lao động, thành lập ngày 28 tháng 7 năm 1929.</p>",
        [
            (
                "chuc-nang-cua-cong-doan",
                "Chức năng của Công đoàn",
                "<p>Công đoàn đại diện, bảo vệ quyền và lợi ích hợp pháp, chính đáng "
                "của đoàn viên và người lao động; tham gia quản lý nhà nước, kinh tế "
                "- xã hội; tuyên truyền, vận động người lao động học tập, nâng cao "
                "trình độ.</p>",
            ),
            (
                "he-thong-to-chuc",
                "Hệ thống tổ chức ở ĐHQG-HCM",
                "<p>Công đoàn ĐHQG-HCM là công đoàn cấp trên trực tiếp cơ sở của các "
                "công đoàn trường đại học, viện và đơn vị trực thuộc. Mỗi công đoàn "
                "cơ sở có các tổ công đoàn theo khoa, phòng.</p>",
            ),
        ],
    ),
    (
        "doan-vien-cong-doan",
        "Đoàn viên công đoàn",
        "<p>Người lao động Việt Nam làm việc tại cơ quan, đơn vị được tự nguyện gia "
        "nhập Công đoàn theo Điều lệ Công đoàn Việt Nam.</p>",
        [
            (
                "quyen-cua-doan-vien",
                "Quyền của đoàn viên",
                "<ul><li>Được Công đoàn đại diện, bảo vệ quyền, lợi ích hợp pháp khi "
                "bị xâm phạm.</li><li>Được thông tin, thảo luận, đề xuất và biểu "
                "quyết công việc của Công đoàn.</li><li>Được tư vấn pháp luật miễn "
                "phí và được Công đoàn thăm hỏi, giúp đỡ khi ốm đau, khó khăn.</li>"
                "</ul>",
            ),
            (
                "nhiem-vu-cua-doan-vien",
                "Nhiệm vụ của đoàn viên",
                "<p>Chấp hành Điều lệ Công đoàn Việt Nam, tham gia sinh hoạt công "
                "đoàn, đóng đoàn phí, đoàn kết giúp đỡ đồng nghiệp.</p>",
            ),
        ],
    ),
    (
        "truyen-thong-cong-doan",
        "Công tác truyền thông Công đoàn",
        "<p>Theo Kế hoạch số 65/KH-LĐLĐ ngày 26 tháng 5 năm 2021: <em>“Mỗi cán bộ "
        "Công đoàn là một chiến sĩ truyền thông”</em>. Về nội dung: kịp thời, chính "
        "xác và rộng khắp; về hình thức: đa dạng và có tính tương tác cao.</p>",
        [
            (
                "muc-dich-truyen-thong",
                "Mục đích",
                "<p>Thông qua báo chí, truyền thông góp phần nâng cao vị trí, vai trò "
                "của tổ chức Công đoàn Việt Nam; tuyên truyền cổ vũ phong trào thi "
                "đua yêu nước, đổi mới, sáng tạo; tập hợp và tạo sự lan tỏa rộng đến "
                "đoàn viên, người lao động.</p>",
            ),
            (
                "kenh-truyen-thong",
                "Kênh truyền thông",
                "<ul><li>Các kênh truyền thông báo chí Trung ương, TP.HCM.</li><li>Các "
                "kênh truyền thông trực tiếp (trang thông tin điện tử, sổ tay, bảng "
                "tin, báo cáo viên...).</li><li>Các kênh truyền thông xã hội "
                "(Facebook, Zalo, Youtube...).</li></ul>",
            ),
            (
                "noi-dung-truyen-thong",
                "Nội dung truyền thông",
                "<p>Những chuyển biến tích cực về đời sống, việc làm, thu nhập, điều "
                "kiện làm việc của người lao động; những việc làm mới, cách làm hay; "
                "gương người tốt, việc tốt trong hoạt động Công đoàn.</p>",
            ),
        ],
    ),
]
APPENDIX_UNIT = "bach-khoa"
APPENDIX = [
    (
        "bk-lich-sinh-hoat",
        "Lịch sinh hoạt công đoàn của trường",
        "<p>Các tổ công đoàn sinh hoạt vào tuần đầu mỗi tháng; ban chấp hành họp "
        "thường kỳ mỗi quý.</p>",
    ),
    (
        "bk-lien-he",
        "Liên hệ ban chấp hành",
        "<p>Văn phòng Công đoàn trường: 268 Lý Thường Kiệt, phường Diên Hồng, TP. "
        "Hồ Chí Minh.</p>",
    ),
]


def _section(slug, title, body, *, order, parent=None, unit=None) -> Section:
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        section = Section(slug=slug, title=title, body=body, order=order)
        section.parent, section.unit = parent, unit
        section_save(section=section)
    return section


def load(*, stdout) -> None:
    for order, (slug, title, body, children) in enumerate(CHAPTERS, start=1):
        chapter = _section(slug, title, body, order=order)
        for child_order, (child_slug, child_title, child_body) in enumerate(
            children, start=1
        ):
            _section(
                child_slug, child_title, child_body, order=child_order, parent=chapter
            )
    unit = Unit.objects.filter(slug=APPENDIX_UNIT).first()
    if unit is not None:
        for order, (slug, title, body) in enumerate(APPENDIX, start=1):
            _section(slug, title, body, order=order, unit=unit)
    counts = boards_monthly_suggest(today=timezone.localdate())
    if unit is not None and not Board.objects.filter(unit=unit, month=None).exists():
        today = timezone.localdate()
        board = Board(
            unit=unit,
            title="Bảng tin tháng này – CĐ ĐH Bách khoa",
            period_start=today.replace(day=1),
            period_end=today,
        )
        try:
            with transaction.atomic():
                board_save(board=board)
        except ValidationError:  # nothing published this month yet
            pass
    stdout.write(
        f"Sổ tay: {Section.objects.count()} mục; bảng tin đề xuất mới: "
        f"{counts['created']}."
    )
