"""Seed the union's calendar of key dates (data only; reversible)."""

from django.db import migrations

# (slug, name, short name, kind, day, month, end day, end month, founding year, description)
KEY_DATES = [
    ("tet-nguyen-dan", "Tết Nguyên đán", "Tết", "lunar", 1, 1, None, None, None,
     "Mùng 1 tháng Giêng âm lịch."),
    ("ngay-thanh-lap-dang", "Ngày thành lập Đảng Cộng sản Việt Nam",
     "Thành lập Đảng", "solar", 3, 2, None, None, 1930, ""),
    ("quoc-te-phu-nu", "Ngày Quốc tế Phụ nữ", "Quốc tế Phụ nữ 8/3", "solar",
     8, 3, None, None, 1910, ""),
    ("gio-to-hung-vuong", "Giỗ Tổ Hùng Vương", "Giỗ Tổ", "lunar", 10, 3, None, None,
     None, "Mùng 10 tháng 3 âm lịch."),
    ("quoc-te-lao-dong", "Ngày Quốc tế Lao động", "Quốc tế Lao động 1/5", "solar",
     1, 5, None, None, 1886, ""),
    ("thang-cong-nhan", "Tháng Công nhân", "Tháng Công nhân", "window", 1, 5, 31, 5,
     None, ""),
    ("thang-hanh-dong-an-toan-ve-sinh-lao-dong",
     "Tháng hành động về an toàn, vệ sinh lao động", "Tháng ATVSLĐ", "window",
     1, 5, 31, 5, None, ""),
    ("ngay-sinh-chu-tich-ho-chi-minh", "Ngày sinh Chủ tịch Hồ Chí Minh",
     "Sinh nhật Bác", "solar", 19, 5, None, None, 1890, ""),
    ("ngay-thanh-lap-cong-doan-viet-nam", "Ngày thành lập Công đoàn Việt Nam",
     "Thành lập Công đoàn Việt Nam", "solar", 28, 7, None, None, 1929, ""),
    ("quoc-khanh", "Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam",
     "Quốc khánh 2/9", "solar", 2, 9, None, None, 1945, ""),
    ("tet-trung-thu", "Tết Trung thu", "Trung thu", "lunar", 15, 8, None, None, None,
     "Rằm tháng 8 âm lịch."),
    ("ngay-phu-nu-viet-nam", "Ngày Phụ nữ Việt Nam", "Phụ nữ Việt Nam 20/10",
     "solar", 20, 10, None, None, 1930,
     "Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam."),
    ("ngay-nha-giao-viet-nam", "Ngày Nhà giáo Việt Nam", "Nhà giáo Việt Nam 20/11",
     "solar", 20, 11, None, None, 1982, ""),
    ("thang-hanh-dong-vi-binh-dang-gioi", "Tháng hành động vì bình đẳng giới",
     "Tháng bình đẳng giới", "window", 15, 11, 15, 12, None, ""),
    ("ngay-thanh-lap-quan-doi-nhan-dan", "Ngày thành lập Quân đội nhân dân Việt Nam",
     "Thành lập QĐND", "solar", 22, 12, None, None, 1944, ""),
    ("ngay-thanh-lap-dhqg-hcm", "Ngày thành lập Đại học Quốc gia Thành phố Hồ Chí Minh",
     "Thành lập ĐHQG-HCM", "solar", 27, 1, None, None, 1995,
     "Thành lập theo Nghị định số 16/CP ngày 27/01/1995 của Chính phủ."),
]  # fmt: skip


def seed(apps, schema_editor):
    KeyDate = apps.get_model("campaigns", "KeyDate")
    for slug, name, short, kind, day, month, end_day, end_month, year, text in KEY_DATES:
        KeyDate.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "day": day,
                "month": month,
                "end_day": end_day,
                "end_month": end_month,
                "founding_year": year,
                "description": text,
            },
        )


def unseed(apps, schema_editor):
    KeyDate = apps.get_model("campaigns", "KeyDate")
    KeyDate.objects.filter(
        slug__in=[row[0] for row in KEY_DATES], campaigns__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_campaigns_posts_outbox")]

    operations = [migrations.RunPython(seed, unseed)]
