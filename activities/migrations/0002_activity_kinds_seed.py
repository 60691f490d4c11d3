"""The kinds of activity of the communication plan (#15); office staff add others."""

from django.db import migrations

KINDS = [
    # slug, name, is training, order
    ("noi-chuyen-chuyen-de", "Nói chuyện chuyên đề", False, 10),
    ("hoi-nghi", "Hội nghị", False, 20),
    ("toa-dam", "Tọa đàm", False, 30),
    ("tap-huan", "Tập huấn", True, 40),
    ("van-hoa-van-nghe", "Văn hóa – văn nghệ", False, 50),
    ("the-thao", "Thể thao", False, 60),
]


def kinds_seed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for slug, name, is_training, order in KINDS:
        ActivityKind.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "is_training": is_training, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activities_registrations_photos")]

    operations = [migrations.RunPython(kinds_seed, migrations.RunPython.noop)]
