"""#14: campaigns forgets SocialChannel and Delivery (state only: channels.0001 owns
them now); planned posts' channels point at channels.SocialChannel, same table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0008_channels_tables_to_channels_app"),
        ("channels", "0001_models_from_campaigns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="plannedpost",
                    name="channels",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="planned_posts",
                        to="channels.socialchannel",
                        verbose_name="kênh mạng xã hội",
                    ),
                ),
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="SocialChannel"),
            ],
        ),
    ]
