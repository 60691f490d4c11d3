"""Demo activities of the office and of a few grassroots unions, in Vietnamese.

Idempotent: activities are matched by slug; registrations are made once (only for an
activity that has none yet). Upcoming ones take registrations; the past one has its
summary and attendance.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.workflow import Intent
from units.models import Unit

from . import services
from .models import Activity, ActivityKind, Registration

# slug, title, kind slug, unit slug (None: office), days from today, hour, hours long,
# place, speakers, capacity
ACTIVITIES = [
    ("noi-chuyen-phap-luat-lao-dong-2027", "Nói chuyện chuyên đề: Những điểm mới của pháp luật lao động",
     "noi-chuyen-chuyen-de", None, 10, 8, 3, "Hội trường Nhà điều hành ĐHQG-HCM",
     "TS. Lê Minh Khoa", 150),
    ("tap-huan-can-bo-cong-doan-co-so", "Tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở",
     "tap-huan", None, 17, 8, 8, "Phòng hội thảo Nhà văn hóa sinh viên",
     "ThS. Nguyễn Thị Lan, ThS. Phạm Quốc Bảo", 60),
    ("toa-dam-can-bang-cong-viec-gia-dinh", "Tọa đàm “Cân bằng công việc và gia đình”",
     "toa-dam", "khoa-hoc-tu-nhien", 6, 14, 2, "Giảng đường I, cơ sở Linh Trung",
     "TS. Trần Hải Yến", 80),
    ("giai-cau-long-bach-khoa-2027", "Giải cầu lông đoàn viên Trường Đại học Bách khoa",
     "the-thao", "bach-khoa", 21, 7, 9, "Nhà thi đấu Trường Đại học Bách khoa", "", 64),
    ("hoi-dien-van-nghe-chao-mung-20-11", "Hội diễn văn nghệ chào mừng Ngày Nhà giáo Việt Nam",
     "van-hoa-van-nghe", None, -14, 18, 3, "Nhà văn hóa sinh viên ĐHQG-HCM", "", None),
]  # fmt: skip

REPORT = (
    "<p>Hội diễn thu hút 12 tiết mục của các công đoàn cơ sở với hơn 300 đoàn viên "
    "tham dự. Ban tổ chức trao 3 giải A, 4 giải B và giải khuyến khích.</p>"
)
PEOPLE = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Hoàng Nam", "Phạm Thu Trang"]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load(*, stdout) -> None:
    units = {unit.slug: unit for unit in Unit.objects.all()}
    kinds = {kind.slug: kind for kind in ActivityKind.objects.all()}
    created = 0
    for (slug, title, kind, unit, days, hour, hours, place, speakers,
         capacity) in ACTIVITIES:  # fmt: skip
        activity = Activity.objects.filter(slug=slug).first()
        if activity is None:
            starts_at = _at(days, hour)
            activity = services.activity_save(
                activity=Activity(
                    slug=slug,
                    title=title,
                    kind=kinds[kind],
                    unit=units.get(unit) if unit else None,
                    summary=title + ".",
                    description=f"<p>{title}. Mời đoàn viên đăng ký tham dự.</p>",
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=hours),
                    place=place,
                    speakers=speakers,
                    capacity=capacity,
                    report=REPORT if days < 0 else "",
                ),
                intent=Intent.PUBLISH,
            )
            created += 1
        if Registration.objects.filter(activity=activity).exists():
            continue
        for n, name in enumerate(PEOPLE):
            if days < 0:
                services.registration_walk_in(activity=activity, name=name)
            else:
                services.registration_create(
                    activity_id=activity.pk,
                    name=name,
                    email=f"dangky{n + 1}.{activity.pk}@example.edu.vn",
                )
    stdout.write(_("Hoạt động mẫu: %(n)d mới.") % {"n": created})
