"""Grassroots unions: leaders, sub-pages, editors, annual plans and their files.

Two proxies give other rooms an admin entry: `UnitDashboard` (the reports app's
office dashboard) and `LoginLock` (django-axes' failed logins).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.fields import ImageField
from publishing.models import StoredDocument
from publishing.richtext import RichTextField
from publishing.text import fold

from .querysets import UnitQuerySet
from .validators import validate_facebook_url, validate_youtube_url, validate_zalo_url


class Unit(models.Model):
    """The office itself, a grassroots union (CĐCS) or a trade-union group under one."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Công đoàn cấp trên (văn phòng)")
        GRASSROOTS = "grassroots", _("Công đoàn cơ sở")
        GROUP = "group", _("Tổ công đoàn")

    name = models.CharField(_("tên đầy đủ"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo tự động từ tên (bỏ dấu, đ thành d)."),
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=Kind.choices, default=Kind.GRASSROOTS
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    logo = ImageField(_("logo"), upload_to="units/logos/", blank=True)
    introduction = RichTextField(_("giới thiệu"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website_url = models.URLField(_("trang web"), blank=True)
    facebook_url = models.URLField(
        _("trang Facebook"), blank=True, validators=[validate_facebook_url]
    )
    zalo_url = models.URLField(
        _("Zalo (nhóm hoặc OA)"), blank=True, validators=[validate_zalo_url]
    )
    youtube_url = models.URLField(
        _("kênh YouTube"), blank=True, validators=[validate_youtube_url]
    )
    member_count = models.PositiveIntegerField(_("số đoàn viên"), default=0)
    is_active = models.BooleanField(
        _("đang hoạt động"),
        default=True,
        help_text=_("Đơn vị ngừng hoạt động vẫn giữ trang, kèm thông báo."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=100)
    requires_review = models.BooleanField(
        _("duyệt trong đơn vị trước khi đăng"),
        default=True,
        help_text=_(
            "Bật: bài của biên tập viên chờ trưởng ban biên tập của đơn vị duyệt "
            "rồi mới đăng (hoặc giữ giờ hẹn)."
        ),
    )
    # The name folded (case, diacritics): "Cong doan X" and "CÔNG ĐOÀN X" are one unit.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "name_key", "logo_renditions"]
    )
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("units:unit_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.name_key = fold(self.name)
        duplicate = Unit.objects.filter(name_key=self.name_key).exclude(pk=self.pk)
        if self.name_key and duplicate.exists():
            raise ValidationError(
                {"name": _("Đã có đơn vị mang tên này.")}, code="duplicate_name"
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Đơn vị không thể trực thuộc chính nó.")},
                code="parent_self",
            )
        if self.kind == self.Kind.GROUP and not self.parent_id:
            raise ValidationError(
                {"parent": _("Tổ công đoàn phải trực thuộc một công đoàn cơ sở.")},
                code="group_without_parent",
            )


class Leader(models.Model):
    """A member of a unit's executive committee, shown on the unit's page."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="leaders"
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    role = models.CharField(
        _("chức vụ"), max_length=120, help_text=_("Ví dụ: Chủ tịch, Phó Chủ tịch.")
    )
    photo = ImageField(_("ảnh"), upload_to="units/leaders/", blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(excluded_fields=["photo_renditions"])

    class Meta:
        verbose_name = _("thành viên ban chấp hành")
        verbose_name_plural = _("ban chấp hành")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.full_name} ({self.role})"


class UnitPage(models.Model):
    """A free page of a unit's sub-site (history, activities, contacts...)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="pages"
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=80, blank=True)
    body = RichTextField(_("nội dung"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_published = models.BooleanField(_("hiển thị công khai"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trang của đơn vị")
        verbose_name_plural = _("trang của đơn vị")
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "slug"],
                name="unitpage_slug_unique_per_unit",
                violation_error_message=_("Đơn vị đã có trang với đường dẫn này."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "units:page_detail", kwargs={"slug": self.unit.slug, "page": self.slug}
        )


class Membership(models.Model):
    """A user's role in a unit: editors change the unit's content in the admin."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Biên tập viên")
        CHIEF_EDITOR = "chief", _("Trưởng ban biên tập")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="unit_memberships",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("vai trò"), max_length=16, choices=Role.choices, default=Role.EDITOR
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biên tập viên của đơn vị")
        verbose_name_plural = _("biên tập viên của đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="membership_unique_user_unit",
                violation_error_message=_("Người dùng này đã thuộc đơn vị."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.unit} ({self.get_role_display()})"


# -- annual communication plans and year-end reports (issue #8) ---------------------
class AnnualPlan(models.Model):
    """A unit's yearly communication plan or year-end report, reviewed by the office.

    The status moves only through units.services (annual_plan_submit, _accept,
    _return); the office's comment on a returned plan is what the editor reads.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch truyền thông năm")
        REPORT = "report", _("Báo cáo tổng kết năm")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
        ACCEPTED = "accepted", _("Đã được chấp nhận")
        RETURNED = "returned", _("Bị trả lại, cần bổ sung")

    # What an editor may still change; the others wait for the office.
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="annual_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("năm"),
        validators=[
            MinValueValidator(2000, _("Năm phải từ 2000 đến 2100.")),
            MaxValueValidator(2100, _("Năm phải từ 2000 đến 2100.")),
        ],
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=Kind.choices, default=Kind.PLAN
    )
    text = RichTextField(_("nội dung"), blank=True)
    deadline = models.DateField(
        _("hạn nộp"),
        blank=True,
        help_text=_("Để trống để dùng hạn chung của văn phòng."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    review_comment = models.TextField(
        _("nhận xét của văn phòng"), blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch, báo cáo năm")
        verbose_name_plural = _("kế hoạch, báo cáo năm")
        ordering = ["-year", "unit__order", "unit__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind"],
                name="annualplan_one_per_unit_year_kind",
                violation_error_message=_(
                    "Đơn vị đã có kế hoạch hoặc báo cáo loại này cho năm này."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="annualplan_year_range",
                violation_error_message=_("Năm phải từ 2000 đến 2100."),
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="annualplan_year_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} – {self.unit}"

    @property
    def is_editable_by_unit(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class AnnualPlanFile(StoredDocument):
    """A file of a plan or report (the signed plan, slides, photos), judged by content.

    Served only through the admin, which checks who may see the plan.
    """

    UPLOAD_FOLDER = "units/plans"

    plan = models.ForeignKey(
        AnnualPlan,
        verbose_name=_("kế hoạch, báo cáo"),
        on_delete=models.CASCADE,
        related_name="files",
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["id"]

    def __str__(self):
        return self.download_name


class UnitDashboard(Unit):
    """The office dashboard's entry in the admin (a proxy: no table of its own).

    reports/admin.py registers it; the model stays here so that the dashboard keeps
    its address, /admin/units/unitdashboard/, and its place among the units' pages.
    """

    class Meta:
        proxy = True
        verbose_name = _("bảng số liệu truyền thông")
        verbose_name_plural = _("bảng số liệu truyền thông")


class LoginLock(AccessAttempt):
    """django-axes' record of failed logins, as office staff see it (units.admin).

    A proxy, so the office finds it beside the accounts it manages, in Vietnamese.
    """

    class Meta:
        proxy = True
        verbose_name = _("khóa đăng nhập")
        verbose_name_plural = _("khóa đăng nhập")
