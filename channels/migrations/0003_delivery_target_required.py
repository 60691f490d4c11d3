"""#14: the generic target is now required and unique per channel; the campaign post
column goes (its rows were copied by 0002)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0002_delivery_generic_target"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="delivery", name="delivery_one_per_post_and_channel"
        ),
        migrations.RemoveField(model_name="delivery", name="post"),
        migrations.AlterField(
            model_name="delivery",
            name="content_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
                verbose_name="loại nội dung",
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="object_id",
            field=models.PositiveBigIntegerField(verbose_name="mã nội dung"),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id", "channel"),
                name="delivery_one_per_item_and_channel",
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                fields=["content_type", "object_id"], name="delivery_target_idx"
            ),
        ),
    ]
