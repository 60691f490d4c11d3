"""#14: social channels and the delivery outbox move to the channels app. Their
tables are renamed here (rows, ids and foreign keys kept: PostgreSQL and SQLite
follow a renamed table in the constraints that point at it); channels.0001 then
takes the models over in the migration state, and 0009 lets campaigns forget them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0007_remove_reminderlog"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("socialchannel", "channels_socialchannel"),
                migrations.AlterModelTable("delivery", "channels_delivery"),
            ],
            state_operations=[],
        ),
    ]
