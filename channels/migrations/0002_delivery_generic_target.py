"""#14: a delivery serves any content type. Its campaign post becomes a generic
target (content type + object id) with the same once-per-item-and-channel rule;
every existing row is pointed at its campaign post here; 0003 drops the old
column (a migration of its own: PostgreSQL refuses to alter a table with the
deferred foreign-key checks of this data migration still pending)."""

import django.db.models.deletion
from django.db import migrations, models


def targets_from_posts(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Delivery = apps.get_model("channels", "Delivery")
    if not Delivery.objects.exists():
        return
    post_type, _ = ContentType.objects.get_or_create(
        app_label="campaigns", model="campaignpost"
    )
    Delivery.objects.update(
        content_type=post_type, object_id=models.F("post_id")
    )


def posts_from_targets(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Delivery = apps.get_model("channels", "Delivery")
    post_type = ContentType.objects.filter(
        app_label="campaigns", model="campaignpost"
    ).first()
    others = Delivery.objects.exclude(content_type=post_type)
    others.delete()  # a delivery of another content type has no post to go back to
    Delivery.objects.update(post_id=models.F("object_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_models_from_campaigns"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="content_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
                verbose_name="loại nội dung",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="object_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="mã nội dung"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="post",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="campaigns.campaignpost",
                verbose_name="bài",
            ),
        ),
        migrations.RunPython(targets_from_posts, posts_from_targets),
    ]
