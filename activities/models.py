"""Activities of the office and of the grassroots unions, their registrations and photos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.fields import ImageField
from publishing.models import Publishable
from publishing.richtext import RichTextField, richtext_to_text

from .querysets import ActivityQuerySet, RegistrationQuerySet

NAME_MAX_CHARS = 120


class ActivityKind(models.Model):
    """A kind of activity (nói chuyện chuyên đề, hội nghị, tập huấn...): data, not code."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    is_training = models.BooleanField(
        _("là khóa tập huấn"),
        default=False,
        help_text=_(
            "Điểm danh của hoạt động loại này tính là cán bộ đã được tập huấn."
        ),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    """A speaker, expert or trusted member the office can call on (báo cáo viên).

    A directory for office staff; a public profile exists only with the person's
    consent (`listed_publicly`). Their talks are the activities naming them.
    """

    name = models.CharField(_("họ và tên"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    title = models.CharField(
        _("học hàm, chức danh"),
        max_length=160,
        blank=True,
        help_text=_("Ví dụ: PGS.TS., Trưởng khoa Luật."),
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )
    topics = models.CharField(
        _("chủ đề"),
        max_length=255,
        blank=True,
        help_text=_("Các chủ đề có thể trình bày, cách nhau bằng dấu phẩy."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    bio = RichTextField(_("giới thiệu"), blank=True)
    photo = ImageField(_("ảnh"), upload_to="activities/speakers/", blank=True)
    listed_publicly = models.BooleanField(
        _("đồng ý hiện hồ sơ công khai"),
        default=False,
        help_text=_(
            "Chỉ chọn khi người này đã đồng ý. Liên hệ (thư, điện thoại) không bao "
            "giờ hiện công khai."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo viên")
        verbose_name_plural = _("báo cáo viên")
        ordering = ["name"]

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    def get_absolute_url(self):
        return reverse("activities:speaker_detail", kwargs={"slug": self.slug})

    @property
    def topic_list(self) -> list[str]:
        return [topic.strip() for topic in self.topics.split(",") if topic.strip()]


class Activity(Publishable):
    """A talk, conference, seminar, training, cultural or sports event of a unit.

    The guidance document and the key date are ids of rows of other content apps,
    named through publishing.references (no ForeignKey across content apps).
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Để trống: hoạt động của văn phòng Công đoàn."),
    )
    kind = models.ForeignKey(
        ActivityKind,
        verbose_name=_("loại hoạt động"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    summary = models.TextField(
        _("tóm tắt"),
        max_length=600,
        blank=True,
        help_text=_("Một đến ba câu; hiện trong danh sách và khi chia sẻ."),
    )
    description = RichTextField(_("nội dung"), blank=True)
    starts_at = models.DateTimeField(_("bắt đầu lúc"))
    ends_at = models.DateTimeField(_("kết thúc lúc"))
    place = models.CharField(_("địa điểm"), max_length=255)
    speakers = models.CharField(
        _("báo cáo viên"),
        max_length=255,
        blank=True,
        help_text=_("Họ tên báo cáo viên, cách nhau bằng dấu phẩy."),
    )
    speaker_profiles = models.ManyToManyField(
        Speaker,
        verbose_name=_("báo cáo viên trong danh bạ"),
        related_name="activities",
        blank=True,
    )
    capacity = models.PositiveIntegerField(
        _("số chỗ"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn. Quá số chỗ thì vào danh sách chờ."),
    )
    registration_open = models.BooleanField(
        _("nhận đăng ký"),
        default=True,
        help_text=_("Bỏ chọn nếu hoạt động không cần đăng ký trước."),
    )
    guidance_document_ref = models.PositiveBigIntegerField(
        _("tài liệu định hướng"), null=True, blank=True
    )
    key_date_ref = models.PositiveBigIntegerField(
        _("ngày kỷ niệm"), null=True, blank=True
    )
    report = RichTextField(
        _("tổng kết"),
        blank=True,
        help_text=_("Sau hoạt động: kết quả, ý kiến, số người tham dự."),
    )
    article_ref = models.PositiveBigIntegerField(
        _("bài viết đã tạo"), null=True, blank=True, editable=False
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="activity_slug_unique",
                violation_error_message=_("Đã có hoạt động với đường dẫn này."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("Thời điểm kết thúc phải sau lúc bắt đầu."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-starts_at"], name="activity_status_start"),
            models.Index(fields=["status", "publish_at"], name="activity_status_due"),
            models.Index(
                fields=["unit", "status", "-starts_at"], name="activity_unit_start"
            ),
        ]

    def get_absolute_url(self):
        return reverse("activities:activity_detail", kwargs={"slug": self.slug})

    def get_search_text(self) -> str:
        return " ".join(
            [
                self.title,
                self.summary,
                self.place,
                self.speakers,
                richtext_to_text(self.description),
            ]
        )

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("Thời điểm kết thúc phải sau lúc bắt đầu.")},
                code="ends_before_start",
            )

    @property
    def speaker_names(self) -> list[str]:
        return [name.strip() for name in self.speakers.split(",") if name.strip()]


class ActivityPhoto(models.Model):
    """A photo of an activity, judged and re-encoded like every image (#4)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = ImageField(_("ảnh"), upload_to="activities/%Y/%m/")
    alt = models.CharField(
        _("mô tả ảnh"),
        max_length=255,
        help_text=_("Mô tả ngắn cho người không xem được ảnh."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh hoạt động")
        verbose_name_plural = _("ảnh hoạt động")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt


class Registration(models.Model):
    """One person's place at an activity (or on its waiting list), or a walk-in.

    Made without an account. Only the services change `status` and `checked_in_at`:
    they lock the activity row, so that places never exceed the capacity.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Đã có chỗ")
        WAITING = "waiting", _("Danh sách chờ")
        CANCELLED = "cancelled", _("Đã hủy")
        WALK_IN = "walk_in", _("Đến trực tiếp")

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("họ và tên"), max_length=NAME_MAX_CHARS)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("công đoàn cơ sở"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_registrations",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=Status.choices,
        default=Status.CONFIRMED,
        editable=False,
    )
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người điểm danh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    promoted_at = models.DateTimeField(_("được lên chỗ lúc"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, editable=False)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt đăng ký")
        verbose_name_plural = _("lượt đăng ký")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["activity", "status"], name="registration_status"),
            models.Index(
                fields=["activity", "checked_in_at"], name="registration_checkin"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def contact(self) -> str:
        return self.email or self.phone
