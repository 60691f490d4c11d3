"""The union handbook (a tree of sections, with each CĐCS's appendix) and the
printed bulletin boards (#15)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.richtext import RichTextField, richtext_to_text


class Section(models.Model):
    """A chapter or a section of the handbook: a chapter is a section with no parent.

    Rows with no unit are the office's handbook; rows of a unit are that CĐCS's
    appendix ("Phụ lục của ..."), edited only by that unit's editors. A section's
    parent belongs to the same handbook or appendix (handbook.services checks moves).
    """

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=80,
        blank=True,
        help_text=_("Để trống để tạo từ tiêu đề."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc mục"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Để trống: một chương của sổ tay (hoặc của phụ lục)."),
    )
    order = models.PositiveIntegerField(
        _("thứ tự"), default=100, help_text=_("Số nhỏ đứng trước.")
    )
    body = RichTextField(_("nội dung"), blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("phụ lục của đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handbook_sections",
        help_text=_("Để trống: sổ tay chung của Công đoàn."),
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("mục sổ tay")
        verbose_name_plural = _("mục sổ tay")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="handbook_section_slug_unique",
                violation_error_message=_("Đã có mục sổ tay với đường dẫn này."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="handbook_section_not_own_parent",
                violation_error_message=_("Một mục không thể thuộc chính nó."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("handbook:section_detail", kwargs={"slug": self.slug})

    def get_search_text(self) -> str:
        return " ".join([self.title, richtext_to_text(self.body)])


class Board(models.Model):
    """A printed bulletin board (bảng tin) of one unit for one period.

    Its items are copies of what the content apps published (publishing's
    published_items hook), taken when they were chosen, so a poster prints the same
    tomorrow. A board with a `month` was suggested by the monthly task: at most one
    per unit and month.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        READY = "ready", _("Sẵn sàng in")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boards",
        help_text=_("Để trống: bảng tin của văn phòng Công đoàn."),
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    month = models.DateField(_("tháng đề xuất"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bảng tin in")
        verbose_name_plural = _("bảng tin in")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="handbook_board_period_order",
                violation_error_message=_(
                    "Ngày kết thúc của kỳ phải bằng hoặc sau ngày bắt đầu."
                ),
            ),
            models.UniqueConstraint(
                fields=["unit", "month"],
                condition=Q(month__isnull=False),
                name="handbook_board_one_per_unit_month",
                violation_error_message=_("Đơn vị đã có bảng tin đề xuất của tháng."),
            ),
        ]

    def __str__(self):
        return self.title


class BoardItem(models.Model):
    """One item of a board: what it showed when chosen, and where its QR code leads."""

    board = models.ForeignKey(
        Board,
        verbose_name=_("bảng tin"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    label = models.CharField(_("loại nội dung"), max_length=100)
    object_pk = models.PositiveBigIntegerField(_("mã nội dung"))
    topic = models.CharField(_("chủ đề"), max_length=20)
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("tóm tắt"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500)
    published_at = models.DateTimeField(_("đăng lúc"))
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị của nội dung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục bảng tin")
        verbose_name_plural = _("mục bảng tin")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "label", "object_pk"], name="handbook_boarditem_once"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def key(self) -> str:
        return f"{self.label}:{self.object_pk}"
