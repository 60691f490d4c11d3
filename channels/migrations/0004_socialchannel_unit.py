"""#14: a channel belongs to a unit, and says whether its unit's items are shared to
it by default. The channels of before (all the office's) go to
the office unit (kind OFFICE), made from settings.ORGANIZATION if there is none yet;
0005 makes the unit required (its own migration: PostgreSQL refuses to alter a
table with this data migration's deferred foreign-key checks pending)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from publishing.text import fold, slugify_vi


def channels_to_the_office(apps, schema_editor):
    SocialChannel = apps.get_model("channels", "SocialChannel")
    Unit = apps.get_model("units", "Unit")
    if not SocialChannel.objects.filter(unit__isnull=True).exists():
        return
    office = Unit.objects.filter(kind="office").order_by("pk").first()
    if office is None:
        name = settings.ORGANIZATION["name"]
        office = Unit.objects.create(
            name=name,
            short_name=settings.ORGANIZATION["short_name"][:60],
            slug=slugify_vi(name),
            kind="office",
            name_key=fold(name),
            order=0,
        )
    SocialChannel.objects.filter(unit__isnull=True).update(unit=office)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0003_delivery_target_required"),
        ("units", "0001_units_editors_pages"),
    ]

    operations = [
        migrations.AddField(
            model_name="socialchannel",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="social_channels",
                to="units.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AddField(
            model_name="socialchannel",
            name="share_by_default",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Bài của đơn vị được chọn sẵn để chia sẻ lên kênh này khi đăng; "
                    "người biên tập vẫn bỏ chọn được."
                ),
                verbose_name="chia sẻ mặc định",
            ),
        ),
        migrations.RunPython(channels_to_the_office, migrations.RunPython.noop),
    ]
