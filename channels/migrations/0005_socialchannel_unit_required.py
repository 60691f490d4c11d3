"""#14: every channel has its unit (0004 gave the old ones to the office)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0004_socialchannel_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="socialchannel",
            name="unit",
            field=models.ForeignKey(
                help_text=(
                    "Đơn vị sở hữu kênh: văn phòng Công đoàn hoặc một công đoàn cơ sở. "
                    "Biên tập viên của đơn vị nhập, gia hạn mã truy cập và đăng bài "
                    "lên kênh."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="social_channels",
                to="units.unit",
                verbose_name="đơn vị",
            ),
        ),
    ]
