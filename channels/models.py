"""Social channels (a Facebook Page or a Zalo OA of one unit) and the delivery outbox
every content type shares (moved out of campaigns by #14; the tables keep their rows)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .crypto import EncryptedTextField
from .querysets import DeliveryQuerySet


class SocialChannel(models.Model):
    """A Facebook Page or a Zalo Official Account of one unit: the office's own unit
    or a CĐCS. That unit's editors enter and renew its credentials, see its
    warnings and post to it (units.permissions, #14); office staff all of them.

    Credentials are write-only in the admin and encrypted at rest (channels.crypto).
    """

    class Kind(models.TextChoices):
        FACEBOOK = "facebook", _("Trang Facebook")
        ZALO = "zalo", _("Zalo Official Account")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="social_channels",
        help_text=_(
            "Đơn vị sở hữu kênh: văn phòng Công đoàn hoặc một công đoàn cơ sở. "
            "Biên tập viên của đơn vị nhập, gia hạn mã truy cập và đăng bài lên kênh."
        ),
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=120, unique=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    share_by_default = models.BooleanField(
        _("chia sẻ mặc định"),
        default=True,
        help_text=_(
            "Bài của đơn vị được chọn sẵn để chia sẻ lên kênh này khi đăng; người "
            "biên tập vẫn bỏ chọn được."
        ),
    )
    # Facebook Page
    page_id = models.CharField(_("mã trang (Page ID)"), max_length=64, blank=True)
    api_version = models.CharField(
        _("phiên bản Graph API"), max_length=12, blank=True, default="v23.0"
    )
    # The app behind the channel: Zalo refreshes tokens with it, Facebook checks the
    # Page token with its app token and signs calls with appsecret_proof (#19).
    app_id = models.CharField(_("mã ứng dụng (App ID)"), max_length=64, blank=True)
    cover_url = models.URLField(
        _("ảnh bìa mặc định"),
        blank=True,
        help_text=_("Zalo bắt buộc mỗi bài viết có ảnh bìa: địa chỉ ảnh công khai."),
    )
    broadcast = models.BooleanField(
        _("gửi bài tới người quan tâm"),
        default=True,
        help_text=_(
            "Zalo: sau khi tạo bài viết, gửi tin broadcast tới người quan tâm OA."
        ),
    )
    # Secrets, encrypted (channels.crypto); never shown again in full.
    access_token = EncryptedTextField(_("mã truy cập"), blank=True)
    refresh_token = EncryptedTextField(_("mã làm mới (Zalo)"), blank=True)
    app_secret = EncryptedTextField(_("khóa bí mật ứng dụng (App Secret)"), blank=True)
    access_token_expires_at = models.DateTimeField(
        _("mã truy cập hết hạn lúc"), null=True, blank=True
    )
    data_access_expires_at = models.DateTimeField(
        _("quyền truy cập dữ liệu hết hạn lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Facebook: sau ngày này cần quản trị viên Trang cấp quyền lại."),
    )
    refresh_lost_at = models.DateTimeField(
        _("mất phản hồi làm mới mã lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Zalo: lần làm mới mã không nhận được phản hồi; mã làm mới cũ có thể đã "
            "bị thay."
        ),
    )
    credentials_updated_at = models.DateTimeField(
        _("cập nhật thông tin đăng nhập lúc"), null=True, editable=False
    )
    rejected_at = models.DateTimeField(
        _("bị từ chối lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Lần cuối nền tảng từ chối mã truy cập; xóa khi nhập mã mới."),
    )
    last_error = models.TextField(_("lỗi gần nhất"), blank=True, editable=False)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, editable=False)

    class Meta:
        verbose_name = _("kênh mạng xã hội")
        verbose_name_plural = _("kênh mạng xã hội")
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def missing_credentials(self) -> list[str]:
        """Names of what this channel lacks to post (empty when ready)."""
        missing = []
        if not self.access_token:
            missing.append(str(_("mã truy cập")))
        if self.kind == self.Kind.FACEBOOK and not self.page_id:
            missing.append(str(_("mã trang (Page ID)")))
        if self.kind == self.Kind.ZALO and not self.cover_url:
            missing.append(str(_("ảnh bìa mặc định")))
        return missing

    def clean(self):
        super().clean()
        if (
            self.kind == self.Kind.FACEBOOK
            and self.page_id
            and not self.page_id.isdigit()
        ):
            raise ValidationError(
                {"page_id": _("Mã trang Facebook chỉ gồm chữ số.")},
                code="invalid_page_id",
            )
        from .clients.zalo import AUTHOR_MAX_CHARS, COVER_MAX_BYTES

        size = media_file_size(self.cover_url) if self.kind == self.Kind.ZALO else None
        if size is not None and size > COVER_MAX_BYTES:
            raise ValidationError(
                {
                    "cover_url": ValidationError(
                        _(
                            "Ảnh bìa nặng %(size)s KB; Zalo chỉ nhận ảnh bìa tối đa "
                            "1 MB. Hãy tải lên ảnh nhỏ hơn."
                        ),
                        code="zalo_cover_too_large",
                        params={"size": size // 1024},
                    )
                }
            )
        author = settings.ORGANIZATION["short_name"]
        if self.kind == self.Kind.ZALO and len(author) > AUTHOR_MAX_CHARS:
            raise ValidationError(
                _(
                    "Tên tác giả bài Zalo “%(author)s” dài quá %(limit)d ký tự: đặt "
                    "ORG_SHORT_NAME ngắn hơn."
                ),
                code="zalo_author_too_long",
                params={"author": author, "limit": AUTHOR_MAX_CHARS},
            )


def media_file_size(url: str) -> int | None:
    """The size in bytes of `url` when it is one of our own stored files (under
    MEDIA_URL, with or without SITE_URL); None for another site's image, whose size
    we cannot know without fetching it."""
    from django.core.files.storage import default_storage

    path = url.removeprefix(settings.SITE_URL)
    if not url or not path.startswith(settings.MEDIA_URL):
        return None
    name = path.removeprefix(settings.MEDIA_URL)
    try:
        return default_storage.size(name) if default_storage.exists(name) else None
    except (OSError, NotImplementedError, ValueError):
        return None


class Delivery(models.Model):
    """The outbox: one published item (a campaign post, an article, a document...)
    sent to one social channel, exactly once.

    The item is a generic target (content type + id): every content type shares this
    table, its claim (select_for_update, skip_locked) and its unique constraint on
    (item, channel). What is sent is read from the item by channels.sharing."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Chờ bài được đăng")
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại nội dung"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("mã nội dung"))
    target = GenericForeignKey("content_type", "object_id")
    channel = models.ForeignKey(
        SocialChannel,
        verbose_name=_("kênh"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True)
    ambiguous = models.BooleanField(
        _("chưa rõ kết quả"),
        default=False,
        help_text=_("Lần gửi trước hết thời gian chờ: kiểm tra trước khi gửi lại."),
    )
    last_error = models.TextField(_("lỗi"), blank=True)
    external_id = models.CharField(_("mã trên nền tảng"), max_length=128, blank=True)
    external_url = models.URLField(_("địa chỉ trên nền tảng"), blank=True)
    article_token = models.CharField(_("mã tạo bài Zalo"), max_length=128, blank=True)
    broadcast_id = models.CharField(
        _("mã tin broadcast Zalo"), max_length=128, blank=True
    )
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt gửi mạng xã hội")
        verbose_name_plural = _("lượt gửi mạng xã hội")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "channel"],
                name="delivery_one_per_item_and_channel",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | ~models.Q(external_id=""),
                name="delivery_sent_has_external_id",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="campaigns_d_status_618662_idx",
            ),
            models.Index(
                fields=["content_type", "object_id"], name="delivery_target_idx"
            ),
        ]

    def __str__(self):
        return f"{self.target} → {self.channel}"

    @property
    def idempotency_key(self) -> str:
        """Stable across retries, unguessable before the post exists (#19). The name
        keeps its "campaigns." prefix: a delivery in flight when the outbox moved to
        this app must be found on the Page by the marker it was first sent with."""
        from .clients import idempotency_key_for

        return idempotency_key_for(
            secret=settings.SECRET_KEY, name=f"campaigns.delivery:{self.pk}"
        )
