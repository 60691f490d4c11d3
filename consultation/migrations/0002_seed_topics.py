"""The topics members ask about (data only; the office may add more in the admin)."""

from django.db import migrations

TOPICS = [
    ("luong-phu-cap", "Lương - phụ cấp"),
    ("bao-hiem-xa-hoi-y-te", "Bảo hiểm xã hội - y tế"),
    ("che-do-nghi-thai-san", "Chế độ nghỉ - thai sản"),
    ("an-toan-ve-sinh-lao-dong", "An toàn vệ sinh lao động"),
    ("hoat-dong-cong-doan", "Hoạt động công đoàn"),
    ("chinh-sach-phap-luat", "Chính sách - pháp luật"),
    ("khac", "Khác"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("consultation", "Topic")
    for order, (slug, name) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_questions_and_faq")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
