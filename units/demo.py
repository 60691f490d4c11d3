"""Demo data: the office and grassroots unions of ĐHQG-HCM member schools and institutes.

Names of schools are real; people, phone numbers and e-mail addresses are invented.
Idempotent: units are matched by slug, leaders by unit and name.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from publishing.demo import demo_password, demo_password_label

from .models import Leader, Membership, Unit, UnitPage
from .services import membership_save, unit_page_save, unit_save

OFFICE = {
    "slug": "cong-doan-dhqg-hcm",
    "name": "Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh",
    "short_name": "Công đoàn ĐHQG-HCM",
    "kind": Unit.Kind.OFFICE,
    # Office staff review every unit; its own items need no review in a unit (#16).
    "requires_review": False,
    "member_count": 0,
    "address": "Khu đô thị ĐHQG-HCM, phường Linh Trung, TP. Thủ Đức, TP. Hồ Chí Minh",
    "email": "congdoan@example.edu.vn",
    "phone": "028 3724 2181",
}

# slug, full name, short name, members, address, Facebook page
GRASSROOTS = [
    ("bach-khoa", "Công đoàn Trường Đại học Bách khoa", "CĐ ĐH Bách khoa", 1450,
     "268 Lý Thường Kiệt, phường Diên Hồng, TP. Hồ Chí Minh", "https://www.facebook.com/congdoanbachkhoa"),
    ("khoa-hoc-tu-nhien", "Công đoàn Trường Đại học Khoa học Tự nhiên", "CĐ ĐH KHTN", 1180,
     "227 Nguyễn Văn Cừ, phường Chợ Quán, TP. Hồ Chí Minh", "https://www.facebook.com/congdoankhtn"),
    ("khoa-hoc-xa-hoi-va-nhan-van", "Công đoàn Trường Đại học Khoa học Xã hội và Nhân văn",
     "CĐ ĐH KHXH&NV", 860, "10-12 Đinh Tiên Hoàng, phường Sài Gòn, TP. Hồ Chí Minh", ""),
    ("quoc-te", "Công đoàn Trường Đại học Quốc tế", "CĐ ĐH Quốc tế", 540,
     "Khu phố 6, phường Linh Trung, TP. Thủ Đức, TP. Hồ Chí Minh", "https://www.facebook.com/congdoanhcmiu"),
    ("cong-nghe-thong-tin", "Công đoàn Trường Đại học Công nghệ Thông tin", "CĐ ĐH CNTT", 420,
     "Khu phố 6, phường Linh Trung, TP. Thủ Đức, TP. Hồ Chí Minh", ""),
    ("kinh-te-luat", "Công đoàn Trường Đại học Kinh tế - Luật", "CĐ ĐH Kinh tế - Luật", 460,
     "669 Quốc lộ 1, khu phố 3, phường Linh Xuân, TP. Hồ Chí Minh", "https://www.facebook.com/congdoanuel"),
    ("an-giang", "Công đoàn Trường Đại học An Giang", "CĐ ĐH An Giang", 610,
     "18 Ung Văn Khiêm, phường Đông Xuyên, An Giang", ""),
    ("khoa-hoc-suc-khoe", "Công đoàn Trường Đại học Khoa học Sức khỏe", "CĐ ĐH KHSK", 280,
     "Khu đô thị ĐHQG-HCM, phường Đông Hòa, TP. Hồ Chí Minh", ""),
    ("moi-truong-va-tai-nguyen", "Công đoàn Viện Môi trường và Tài nguyên", "CĐ Viện MT&TN", 95,
     "142 Tô Hiến Thành, phường Hòa Hưng, TP. Hồ Chí Minh", ""),
    ("co-quan-dhqg-hcm", "Công đoàn Cơ quan ĐHQG-HCM", "CĐ Cơ quan ĐHQG-HCM", 310,
     "Nhà điều hành ĐHQG-HCM, phường Linh Trung, TP. Thủ Đức, TP. Hồ Chí Minh", ""),
    ("trung-tam-quan-ly-ky-tuc-xa", "Công đoàn Trung tâm Quản lý Ký túc xá", "CĐ KTX ĐHQG-HCM", 350,
     "Đường Tô Vĩnh Diện, phường Đông Hòa, TP. Hồ Chí Minh", "https://www.facebook.com/ktxdhqg"),
    ("pho-thong-nang-khieu", "Công đoàn Trường Phổ thông Năng khiếu", "CĐ PTNK", 190,
     "153 Nguyễn Chí Thanh, phường Chợ Quán, TP. Hồ Chí Minh", ""),
    ("nha-xuat-ban-dhqg-hcm", "Công đoàn Nhà xuất bản ĐHQG-HCM", "CĐ NXB ĐHQG-HCM", 45,
     "Khu phố 6, phường Linh Trung, TP. Thủ Đức, TP. Hồ Chí Minh", ""),
]  # fmt: skip

# Trade-union groups under a CĐCS: (parent slug, slug, name).
GROUPS = [
    ("bach-khoa", "bach-khoa-to-khoa-co-khi", "Tổ Công đoàn Khoa Cơ khí"),
    ("bach-khoa", "bach-khoa-to-khoa-dien-dien-tu", "Tổ Công đoàn Khoa Điện - Điện tử"),
    ("khoa-hoc-tu-nhien", "khtn-to-khoa-hoa-hoc", "Tổ Công đoàn Khoa Hóa học"),
]

LEADER_NAMES = [
    ("Nguyễn Thị Minh Hằng", "Chủ tịch"),
    ("Trần Quốc Bảo", "Phó Chủ tịch"),
    ("Lê Thị Thu Trang", "Ủy viên Ban Thường vụ"),
    ("Phạm Đức Thắng", "Ủy viên Ban Chấp hành"),
    ("Võ Ngọc Anh", "Ủy viên Ban Chấp hành"),
]

INTRODUCTION = (
    "<p>{name} là tổ chức chính trị - xã hội của đoàn viên, người lao động tại đơn vị, "
    "trực thuộc Công đoàn ĐHQG-HCM.</p>"
    "<p>Công đoàn chăm lo đời sống, bảo vệ quyền và lợi ích hợp pháp, chính đáng của "
    "đoàn viên; tổ chức các phong trào thi đua <strong>“Giỏi việc trường, đảm việc "
    "nhà”</strong>, <strong>“Lao động giỏi, lao động sáng tạo”</strong> và tham gia xây "
    "dựng đơn vị vững mạnh.</p>"
    "<ul><li>Tổ chức thăm hỏi, hỗ trợ đoàn viên khó khăn</li>"
    "<li>Phối hợp tổ chức Hội nghị viên chức, người lao động hằng năm</li>"
    "<li>Tuyên truyền chủ trương của Đảng, pháp luật của Nhà nước</li></ul>"
)

EDITORS = [("bientap.bachkhoa", "bach-khoa"), ("bientap.khtn", "khoa-hoc-tu-nhien")]
# The chief editors who review those two units' items before they go public (#16).
CHIEF_EDITORS = [
    ("truongban.bachkhoa", "bach-khoa"),
    ("truongban.khtn", "khoa-hoc-tu-nhien"),
]


def _unit(slug: str, **fields) -> Unit:
    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        unit = Unit(slug=slug, **fields)
        unit_save(unit=unit)
    return unit


def load(*, stdout) -> None:
    """Create the demo units, leaders, pages and two editor accounts, once."""
    office = _unit(
        OFFICE["slug"],
        **{k: v for k, v in OFFICE.items() if k != "slug"},
        introduction=INTRODUCTION.format(name=OFFICE["name"]),
        order=0,
    )
    for order, (slug, name, short, members, address, facebook) in enumerate(
        GRASSROOTS, start=1
    ):
        unit = _unit(
            slug,
            name=name,
            short_name=short,
            kind=Unit.Kind.GRASSROOTS,
            parent=office,
            member_count=members,
            address=address,
            phone=f"028 3725 {order:04d}",
            email=f"congdoan.{slug.split('-')[0]}{order}@example.edu.vn",
            facebook_url=facebook,
            introduction=INTRODUCTION.format(name=name),
            order=order,
        )
        for position, (full_name, role) in enumerate(LEADER_NAMES[: 3 + order % 3]):
            Leader.objects.get_or_create(
                unit=unit,
                full_name=full_name,
                defaults={"role": role, "order": position},
            )
        if not unit.pages.exists():
            unit_page_save(
                page=UnitPage(
                    unit=unit,
                    title="Lịch sử hình thành",
                    body=f"<p>{name} được thành lập cùng với đơn vị và không ngừng lớn "
                    "mạnh qua các nhiệm kỳ.</p>",
                )
            )
    for parent_slug, slug, name in GROUPS:
        _unit(
            slug,
            name=name,
            kind=Unit.Kind.GROUP,
            parent=Unit.objects.get(slug=parent_slug),
            member_count=40,
        )
    _editors(stdout)


def _editors(stdout) -> None:
    User = get_user_model()
    accounts = [(u, s, Membership.Role.EDITOR) for u, s in EDITORS] + [
        (u, s, Membership.Role.CHIEF_EDITOR) for u, s in CHIEF_EDITORS
    ]
    for username, slug, role in accounts:
        first_name = (
            "Trưởng ban" if role == Membership.Role.CHIEF_EDITOR else "Biên tập"
        )
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": slug,
                "email": f"{username}@example.edu.vn",
            },
        )
        if created:
            user.set_password(demo_password())
            user.save(update_fields=["password"])
        unit = Unit.objects.get(slug=slug)
        if not Membership.objects.filter(user=user, unit=unit).exists():
            membership_save(membership=Membership(user=user, unit=unit, role=role))
        shown = (
            demo_password_label()
            if created or user.check_password(demo_password())
            else _("(đã đổi)")
        )
        line = (
            _("Trưởng ban biên tập demo của %(unit)s: %(username)s / %(password)s")
            if role == Membership.Role.CHIEF_EDITOR
            else _("Biên tập viên demo của %(unit)s: %(username)s / %(password)s")
        )
        stdout.write(line % {"unit": unit, "username": username, "password": shown})
