"""The usual kinds of union and Party documents with their symbols (data only).

Safe to run again: existing types (matched by symbol) are left as the office edited them.
"""

from django.db import migrations

TYPES = [
    ("KH", "Kế hoạch"),
    ("HD", "Hướng dẫn"),
    ("CV", "Công văn"),
    ("TB", "Thông báo"),
    ("QĐ", "Quyết định"),
    ("BC", "Báo cáo"),
    ("ĐC", "Đề cương tuyên truyền"),
    ("CT", "Chỉ thị"),
    ("NQ", "Nghị quyết"),
    ("TTr", "Tờ trình"),
    ("CTr", "Chương trình"),
    ("KL", "Kết luận"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("guidance", "DocumentType")
    for order, (abbreviation, name) in enumerate(TYPES, start=1):
        DocumentType.objects.get_or_create(
            abbreviation=abbreviation, defaults={"name": name, "order": order * 10}
        )


def unseed(apps, schema_editor):
    DocumentType = apps.get_model("guidance", "DocumentType")
    DocumentType.objects.filter(
        abbreviation__in=[a for a, _n in TYPES], documents__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0002_search_index")]
    operations = [migrations.RunPython(seed, unseed)]
