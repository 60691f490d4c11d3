"""#14: SocialChannel and Delivery, as they were in campaigns (state only: the tables
were renamed by campaigns.0008 and keep their rows). The django_content_type rows
follow, so that permissions granted on them and admin history stay attached."""

import django.db.models.deletion
from django.db import migrations, models

import channels.crypto


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("socialchannel", "delivery"):
        if not ContentType.objects.filter(app_label="channels", model=model).exists():
            ContentType.objects.filter(app_label="campaigns", model=model).update(
                app_label="channels"
            )


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("socialchannel", "delivery"):
        if not ContentType.objects.filter(app_label="campaigns", model=model).exists():
            ContentType.objects.filter(app_label="channels", model=model).update(
                app_label="campaigns"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaigns", "0008_channels_tables_to_channels_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="SocialChannel",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("facebook", "Trang Facebook"), ("zalo", "Zalo Official Account")], max_length=12, verbose_name="loại")),
                        ("name", models.CharField(max_length=120, unique=True, verbose_name="tên")),
                        ("is_active", models.BooleanField(default=True, verbose_name="đang dùng")),
                        ("page_id", models.CharField(blank=True, max_length=64, verbose_name="mã trang (Page ID)")),
                        ("api_version", models.CharField(blank=True, default="v23.0", max_length=12, verbose_name="phiên bản Graph API")),
                        ("app_id", models.CharField(blank=True, max_length=64, verbose_name="mã ứng dụng (App ID)")),
                        ("cover_url", models.URLField(blank=True, help_text="Zalo bắt buộc mỗi bài viết có ảnh bìa: địa chỉ ảnh công khai.", verbose_name="ảnh bìa mặc định")),
                        ("broadcast", models.BooleanField(default=True, help_text="Zalo: sau khi tạo bài viết, gửi tin broadcast tới người quan tâm OA.", verbose_name="gửi bài tới người quan tâm")),
                        ("access_token", channels.crypto.EncryptedTextField(blank=True, verbose_name="mã truy cập")),
                        ("refresh_token", channels.crypto.EncryptedTextField(blank=True, verbose_name="mã làm mới (Zalo)")),
                        ("app_secret", channels.crypto.EncryptedTextField(blank=True, verbose_name="khóa bí mật ứng dụng (App Secret)")),
                        ("access_token_expires_at", models.DateTimeField(blank=True, null=True, verbose_name="mã truy cập hết hạn lúc")),
                        ("data_access_expires_at", models.DateTimeField(blank=True, editable=False, help_text="Facebook: sau ngày này cần quản trị viên Trang cấp quyền lại.", null=True, verbose_name="quyền truy cập dữ liệu hết hạn lúc")),
                        ("refresh_lost_at", models.DateTimeField(blank=True, editable=False, help_text="Zalo: lần làm mới mã không nhận được phản hồi; mã làm mới cũ có thể đã bị thay.", null=True, verbose_name="mất phản hồi làm mới mã lúc")),
                        ("credentials_updated_at", models.DateTimeField(editable=False, null=True, verbose_name="cập nhật thông tin đăng nhập lúc")),
                        ("rejected_at", models.DateTimeField(blank=True, editable=False, help_text="Lần cuối nền tảng từ chối mã truy cập; xóa khi nhập mã mới.", null=True, verbose_name="bị từ chối lúc")),
                        ("last_error", models.TextField(blank=True, editable=False, verbose_name="lỗi gần nhất")),
                        ("checked_at", models.DateTimeField(editable=False, null=True, verbose_name="kiểm tra lúc")),
                    ],
                    options={
                        "verbose_name": "kênh mạng xã hội",
                        "verbose_name_plural": "kênh mạng xã hội",
                        "ordering": ["kind", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="Delivery",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("status", models.CharField(choices=[("waiting", "Chờ bài được đăng"), ("pending", "Chờ gửi"), ("sending", "Đang gửi"), ("sent", "Đã gửi"), ("failed", "Lỗi"), ("cancelled", "Đã hủy")], default="waiting", max_length=12, verbose_name="trạng thái")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="số lần thử")),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="thử lại lúc")),
                        ("sending_started_at", models.DateTimeField(null=True, verbose_name="bắt đầu gửi lúc")),
                        ("ambiguous", models.BooleanField(default=False, help_text="Lần gửi trước hết thời gian chờ: kiểm tra trước khi gửi lại.", verbose_name="chưa rõ kết quả")),
                        ("last_error", models.TextField(blank=True, verbose_name="lỗi")),
                        ("external_id", models.CharField(blank=True, max_length=128, verbose_name="mã trên nền tảng")),
                        ("external_url", models.URLField(blank=True, verbose_name="địa chỉ trên nền tảng")),
                        ("article_token", models.CharField(blank=True, max_length=128, verbose_name="mã tạo bài Zalo")),
                        ("broadcast_id", models.CharField(blank=True, max_length=128, verbose_name="mã tin broadcast Zalo")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="gửi xong lúc")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                        ("post", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="campaigns.campaignpost", verbose_name="bài")),
                        ("channel", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="deliveries", to="channels.socialchannel", verbose_name="kênh")),
                    ],
                    options={
                        "verbose_name": "lượt gửi mạng xã hội",
                        "verbose_name_plural": "lượt gửi mạng xã hội",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["status", "next_attempt_at"], name="campaigns_d_status_618662_idx")],
                        "constraints": [
                            models.UniqueConstraint(fields=("post", "channel"), name="delivery_one_per_post_and_channel"),
                            models.CheckConstraint(condition=models.Q(models.Q(("status", "sent"), _negated=True), models.Q(("external_id", ""), _negated=True), _connector="OR"), name="delivery_sent_has_external_id"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
