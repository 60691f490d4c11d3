"""Demo campaigns: Tết, the union's founding day and the gender-equality month.

Idempotent: campaigns are matched by key date and name. Posts are written by the
worker (campaign_posts_materialise) once `make run` starts it; no social channel is
set up, so the demo posts only to the site.
"""

from datetime import time

from django.utils import timezone

from units.models import Unit

from .models import Campaign, KeyDate, PlannedPost
from .services.plans import campaign_save, planned_post_save

# key date slug, campaign name, unit slugs taking part, [(kind, offset, hour, title, body)]
CAMPAIGNS = [
    (
        "tet-nguyen-dan",
        "Chăm lo Tết cho đoàn viên",
        ["bach-khoa", "khoa-hoc-tu-nhien"],
        [
            ("announcement", -14, 8, "Chương trình “Tết sum vầy” năm {nam}",
             "Công đoàn ĐHQG-HCM thông báo chương trình chăm lo Tết cho đoàn viên có "
             "hoàn cảnh khó khăn. Tết Nguyên đán năm nay vào {ngay} ({ngay_am})."),
            ("greeting", 0, 7, "Chúc mừng năm mới {nam}",
             "Nhân dịp {ten}, Ban Thường vụ Công đoàn ĐHQG-HCM kính chúc toàn thể "
             "đoàn viên, người lao động và gia đình một năm mới an khang, thịnh vượng."),
        ],
    ),
    (
        "ngay-thanh-lap-cong-doan-viet-nam",
        "Kỷ niệm Ngày thành lập Công đoàn Việt Nam",
        ["bach-khoa"],
        [
            ("guidance", -7, 8, "Tuyên truyền kỷ niệm {lan_thu} năm {ten}",
             "Các công đoàn cơ sở tổ chức tuyên truyền kỷ niệm {lan_thu} năm {ten} "
             "({ngay}) theo đề cương của Công đoàn ĐHQG-HCM."),
            ("greeting", 0, 7, "Chào mừng {lan_thu} năm {ten}",
             "Chào mừng kỷ niệm {lan_thu} năm {ten} ({ngay})."),
            ("recap", 3, 9, "Nhìn lại các hoạt động kỷ niệm {ten_ngan} năm {nam}",
             "Tổng hợp các hoạt động của {don_vi} chào mừng {ten}."),
        ],
    ),
    (
        "thang-hanh-dong-vi-binh-dang-gioi",
        "Hưởng ứng Tháng hành động vì bình đẳng giới",
        [],
        [
            ("announcement", 0, 8, "Hưởng ứng {ten} năm {nam}",
             "Công đoàn ĐHQG-HCM hưởng ứng {ten} từ {ngay} đến {ngay_ket_thuc}."),
        ],
    ),
]  # fmt: skip


def load(*, stdout) -> None:
    """Create the demo campaigns and their planned posts once."""
    this_year = timezone.localdate().year
    units = {u.slug: u for u in Unit.objects.all()}
    created = 0
    for key_date_slug, name, unit_slugs, plans in CAMPAIGNS:
        key_date = KeyDate.objects.filter(slug=key_date_slug).first()
        if key_date is None or Campaign.objects.filter(key_date=key_date, name=name):
            continue
        campaign = campaign_save(
            campaign=Campaign(key_date=key_date, name=name, first_year=this_year),
            units=[units[s] for s in unit_slugs if s in units],
        )
        for kind, offset, hour, title, body in plans:
            planned_post_save(
                planned_post=PlannedPost(
                    campaign=campaign,
                    kind=kind,
                    offset_days=offset,
                    time_of_day=time(hour),
                    title_template=title,
                    body_template=body,
                    unit_drafts=bool(unit_slugs) and kind == "guidance",
                )
            )
        created += 1
    stdout.write(f"Chiến dịch demo: thêm {created} chiến dịch.")
