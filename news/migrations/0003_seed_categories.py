"""The content areas of the union's communication plan, as categories (data only)."""

from django.db import migrations

CATEGORIES = [
    ("hoat-dong-cong-doan", "Hoạt động công đoàn"),
    ("cham-lo-doi-song", "Chăm lo đời sống"),
    ("an-toan-ve-sinh-lao-dong", "An toàn vệ sinh lao động"),
    ("phap-luat-chinh-sach", "Pháp luật - chính sách"),
    ("guong-nguoi-tot-viec-tot", "Gương người tốt việc tốt"),
    ("viec-lam-moi-cach-lam-hay", "Việc làm mới, cách làm hay"),
    ("thi-dua-khen-thuong", "Thi đua - khen thưởng"),
    ("nu-cong", "Nữ công"),
    ("thong-tin-doi-ngoai", "Thông tin đối ngoại"),
    ("phan-bac-quan-diem-sai-trai", "Phản bác quan điểm sai trái"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for order, (slug, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0002_search_index")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
