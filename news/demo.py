"""Demo news: articles of the office and of a few grassroots unions, in Vietnamese.

Idempotent: articles are matched by slug. Covers are drawn with Pillow (no files from
outside); their renditions are made by the worker once `make run` starts it.
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from publishing.workflow import Intent
from units.models import Unit

from .models import Article, Category
from .services import article_save

# slug, title, summary, category slug, unit slug (None: office), days ago, featured
ARTICLES = [
    ("dai-hoi-cong-doan-dhqg-hcm-nhiem-ky-moi", "Đại hội Công đoàn ĐHQG-HCM nhiệm kỳ 2023-2028 thành công tốt đẹp",
     "Đại hội đã bầu Ban Chấp hành khóa mới và thông qua phương hướng nhiệm vụ nhiệm kỳ 2023-2028.",
     "hoat-dong-cong-doan", None, 1, True),
    ("cham-lo-tet-cho-doan-vien-kho-khan", "Chăm lo Tết cho đoàn viên có hoàn cảnh khó khăn",
     "Công đoàn ĐHQG-HCM trao 350 phần quà Tết cho đoàn viên, người lao động khó khăn.",
     "cham-lo-doi-song", None, 3, True),
    ("thang-hanh-dong-an-toan-ve-sinh-lao-dong", "Phát động Tháng hành động về an toàn, vệ sinh lao động",
     "Các công đoàn cơ sở tổ chức kiểm tra điều kiện làm việc tại phòng thí nghiệm và xưởng thực hành.",
     "an-toan-ve-sinh-lao-dong", None, 5, False),
    ("huong-dan-che-do-thai-san-2026", "Hướng dẫn chế độ thai sản cho viên chức, người lao động",
     "Những điểm mới về chế độ thai sản theo Luật Bảo hiểm xã hội có hiệu lực từ năm 2025.",
     "phap-luat-chinh-sach", None, 7, False),
    ("nha-giao-tan-tuy-voi-sinh-vien-vung-kho", "Nhà giáo tận tụy với sinh viên vùng khó",
     "Câu chuyện về một giảng viên nhiều năm liền hỗ trợ sinh viên dân tộc thiểu số.",
     "guong-nguoi-tot-viec-tot", None, 9, False),
    ("so-hoa-ho-so-doan-vien", "Số hóa hồ sơ đoàn viên: cách làm hay từ cơ sở",
     "Quản lý đoàn viên trên phần mềm giúp giảm thời gian tổng hợp báo cáo.",
     "viec-lam-moi-cach-lam-hay", "bach-khoa", 2, False),
    ("hoi-thao-truyen-thong-bach-khoa", "Hội thao truyền thống Công đoàn Trường Đại học Bách khoa",
     "Hơn 600 đoàn viên tham gia các môn bóng đá, cầu lông, kéo co.",
     "hoat-dong-cong-doan", "bach-khoa", 4, False),
    ("ngay-hoi-gia-dinh-khtn", "Ngày hội gia đình công đoàn Trường Đại học Khoa học Tự nhiên",
     "Đoàn viên và con em cùng tham gia các trò chơi dân gian.",
     "cham-lo-doi-song", "khoa-hoc-tu-nhien", 6, False),
    ("toa-dam-nu-cong-8-3", "Tọa đàm kỷ niệm Ngày Quốc tế Phụ nữ 8/3",
     "Ban Nữ công tổ chức tọa đàm “Phụ nữ ĐHQG-HCM trong kỷ nguyên số”.",
     "nu-cong", "quoc-te", 10, False),
    ("phan-bac-luan-dieu-sai-trai-ve-cong-doan", "Nhận diện và phản bác luận điệu sai trái về tổ chức Công đoàn",
     "Tài liệu giúp cán bộ công đoàn nhận diện thông tin xấu độc trên mạng xã hội.",
     "phan-bac-quan-diem-sai-trai", None, 12, False),
    ("giao-luu-cong-doan-dai-hoc-quoc-gia-ha-noi", "Giao lưu với Công đoàn Đại học Quốc gia Hà Nội",
     "Hai bên trao đổi kinh nghiệm chăm lo đời sống đoàn viên.",
     "thong-tin-doi-ngoai", None, 14, False),
    ("khen-thuong-lao-dong-gioi-2026", "Khen thưởng danh hiệu “Lao động giỏi, lao động sáng tạo” năm 2026",
     "Công đoàn ĐHQG-HCM khen thưởng 45 tập thể và 120 cá nhân.",
     "thi-dua-khen-thuong", None, 16, False),
]  # fmt: skip

BODY = (
    "<p>{summary}</p>"
    "<h2>Nội dung chính</h2>"
    "<p>Hoạt động được triển khai theo kế hoạch của Công đoàn ĐHQG-HCM, với sự tham "
    "gia của đông đảo đoàn viên, người lao động. Ban tổ chức cảm ơn các công đoàn cơ "
    "sở đã phối hợp chặt chẽ.</p>"
    "<ul><li>Thời gian: trong tháng</li><li>Địa điểm: Khu đô thị ĐHQG-HCM</li>"
    "<li>Đối tượng: đoàn viên công đoàn các đơn vị thành viên</li></ul>"
    "<blockquote><p>“Mỗi cán bộ Công đoàn là một chiến sĩ truyền thông.”</p></blockquote>"
)

COLOURS = [(165, 22, 22), (29, 78, 216), (4, 120, 87), (180, 83, 9), (109, 40, 217)]


def _cover(index: int) -> ContentFile:
    image = Image.new("RGB", (1600, 900), COLOURS[index % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    for step in range(0, 1600, 80):
        draw.line([(step, 900), (step + 600, 0)], fill=(255, 255, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"demo-{index}.jpg")


def load(*, stdout) -> None:
    """Create the demo articles once, published over the last weeks."""
    now = timezone.now()
    categories = {c.slug: c for c in Category.objects.all()}
    units = {u.slug: u for u in Unit.objects.all()}
    created = 0
    for index, (slug, title, summary, category, unit, days, featured) in enumerate(
        ARTICLES
    ):
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article(
            slug=slug,
            title=title,
            summary=summary,
            body=BODY.format(summary=summary),
            unit=units.get(unit) if unit else None,
            featured=featured,
            publish_at=now - timedelta(days=days),
            cover_alt=f"Ảnh minh họa: {title}",
        )
        if index % 2 == 0:
            article.cover = _cover(index)
        # Office articles go on the home page; of the units', the office approved
        # every other one, and one still waits for review.
        on_home = unit is None or index % 2 == 0
        article_save(
            article=article,
            intent=Intent.SUBMIT_HOME if unit and index == 7 else Intent.PUBLISH,
            may_publish_home=not (unit and index == 7),
            on_home=on_home,
        )
        article.categories.set([categories[category]] if category in categories else [])
        created += 1
    if not Article.objects.filter(slug="hop-mat-ky-niem-28-7").exists():
        article_save(
            article=Article(
                slug="hop-mat-ky-niem-28-7",
                title="Họp mặt kỷ niệm Ngày thành lập Công đoàn Việt Nam 28/7",
                summary="Bài hẹn giờ: tự đăng khi đến giờ.",
                body="<p>Bài viết được hẹn giờ đăng để minh họa bộ lập lịch.</p>",
                publish_at=now + timedelta(minutes=3),
            ),
            intent=Intent.PUBLISH,
            may_publish_home=True,
            on_home=True,
        )
        created += 1
    stdout.write(f"Tin tức demo: thêm {created} bài.")
    stdout.write(f"Lượt đọc demo: thêm {_demo_reads(now)} bộ đếm.")


DEMO_READ_DAYS = 30
# Readers per day of a demo article by source: most from Facebook, then Zalo...
DEMO_READ_SOURCES = {
    "facebook": 9,
    "zalo": 4,
    "direct": 3,
    "search": 2,
    "newsletter": 1,
}


def _demo_reads(now) -> int:
    """A month of reads per source for the demo articles, for the reach page (#14).

    Counted once: an article that has counters already gets none.
    """
    from django.contrib.contenttypes.models import ContentType

    from publishing.models import ReadCount
    from publishing.reads import read_count_add

    content_type = ContentType.objects.get_for_model(Article)
    counted = set(
        ReadCount.objects.filter(content_type=content_type).values_list(
            "object_id", flat=True
        )
    )
    made = 0
    today = timezone.localdate(now)
    articles = Article.objects.published().filter(slug__in=[a[0] for a in ARTICLES])
    for rank, article in enumerate(articles.only("pk", "unit_id", "published_at")):
        if article.pk in counted:
            continue
        first = max(
            timezone.localdate(article.published_at), today - timedelta(DEMO_READ_DAYS)
        )
        for offset in range((today - first).days + 1):
            for source, base in DEMO_READ_SOURCES.items():
                by = max(base - rank - offset // 7, 0)
                if by:
                    read_count_add(
                        content_type_id=content_type.pk,
                        object_id=article.pk,
                        unit_id=article.unit_id,
                        day=first + timedelta(offset),
                        source=source,
                        by=by,
                    )
                    made += 1
    return made
