"""Guidance documents with official metadata, their files, and distribution to units.

A distribution row per recipient unit records received / implemented and the unit's
report files; reminders and digests about them are publishing Notifications.
"""

from dataclasses import replace
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.models import Publishable, StoredDocument
from publishing.richtext import RichTextField, richtext_to_text

from .numbering import PARTY, STATE, parse_document_number, same_abbreviation
from .querysets import DistributionQuerySet, DocumentQuerySet, Visibility

DEFAULT_PLACE = "TP. Hồ Chí Minh"


def validate_site_url(value: str) -> None:
    """A link must point to a page of this portal (the unit's own article, event...)."""
    site = urlsplit(settings.SITE_URL)
    url = urlsplit(value)
    if url.scheme not in {"http", "https"} or url.netloc.lower() != site.netloc.lower():
        raise ValidationError(
            _(
                "Liên kết phải là một trang của cổng thông tin này, bắt đầu bằng "
                "%(site)s/ (ví dụ bài viết của đơn vị)."
            ),
            code="off_site_url",
            params={"site": settings.SITE_URL},
        )


class DocumentType(models.Model):
    """A kind of official document and its symbol in the number (Kế hoạch: KH).

    Data, not code: seeded by a migration, extended by the office in the admin.
    """

    name = models.CharField(_("tên loại văn bản"), max_length=80, unique=True)
    abbreviation = models.CharField(
        _("ký hiệu"),
        max_length=8,
        unique=True,
        help_text=_("Chữ viết tắt trong số văn bản, ví dụ KH trong 65/KH-LĐLĐ."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"


class Document(Publishable):
    """An official document of the office or of an outside body, shown on the site.

    `title` is the name in lists; `summary` is the "trích yếu" line printed under the
    type name. The number fields are parsed from `number_text` in clean().
    """

    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("loại văn bản"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    number_text = models.CharField(
        _("số và ký hiệu"),
        max_length=60,
        help_text=_(
            "Ví dụ 65/KH-LĐLĐ (Nhà nước, Công đoàn) hoặc 126-HD/BTGTW (Đảng). Số "
            "văn bản bắt đầu lại từ 1 mỗi năm."
        ),
    )
    number = models.PositiveIntegerField(_("số"), editable=False)
    number_form = models.CharField(
        max_length=8,
        editable=False,
        choices=[(STATE, _("Nhà nước, Công đoàn")), (PARTY, _("Đảng"))],
        default=STATE,
    )
    type_abbreviation = models.CharField(max_length=8, editable=False)
    issuer_abbreviation = models.CharField(
        _("ký hiệu cơ quan"), max_length=40, editable=False
    )
    year = models.PositiveSmallIntegerField(_("năm"), editable=False)
    issue_date = models.DateField(_("ngày ban hành"))
    place = models.CharField(
        _("địa danh"),
        max_length=80,
        default=DEFAULT_PLACE,
        help_text=_("In trước ngày tháng: “TP. Hồ Chí Minh, ngày … tháng … năm …”."),
    )
    issuer_parent = models.CharField(
        _("cơ quan chủ quản"),
        max_length=160,
        blank=True,
        help_text=_("Dòng trên tên cơ quan ban hành, ví dụ LIÊN ĐOÀN LAO ĐỘNG TP.HCM."),
    )
    issuer_name = models.CharField(
        _("cơ quan ban hành"), max_length=160, help_text=_("Ví dụ: Công đoàn ĐHQG-HCM.")
    )
    issuing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị ban hành trên cổng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
        help_text=_(
            "Để trống với văn bản của cơ quan bên ngoài (Liên đoàn Lao động…)."
        ),
    )
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=160,
        blank=True,
        help_text=_("Ví dụ: TM. BAN THƯỜNG VỤ – CHỦ TỊCH."),
    )
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    summary = models.TextField(
        _("trích yếu"),
        max_length=600,
        blank=True,
        help_text=_("Dòng trích yếu dưới tên loại văn bản; để trống để dùng tiêu đề."),
    )
    body = RichTextField(_("nội dung"), blank=True)
    recipients_all_grassroots = models.BooleanField(
        _("gửi tất cả CĐCS"),
        default=False,
        help_text=_("Mọi công đoàn cơ sở đang hoạt động nhận và phải thực hiện."),
    )
    recipient_units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("đơn vị nhận"),
        blank=True,
        related_name="guidance_received",
    )
    recipients_other = models.TextField(
        _("nơi nhận khác"),
        blank=True,
        help_text=_("Mỗi dòng một nơi, ví dụ “Đảng ủy ĐHQG-HCM”, “Lưu: VP”."),
    )
    based_on = models.ManyToManyField(
        "self",
        verbose_name=_("căn cứ"),
        symmetrical=False,
        blank=True,
        related_name="basis_for",
    )
    key_date = models.ForeignKey(
        "campaigns.KeyDate",
        verbose_name=_("ngày kỷ niệm, đợt tuyên truyền"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_documents",
    )
    visibility = models.CharField(
        _("ai được xem"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    effective_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    response_deadline = models.DateField(
        _("hạn báo cáo kết quả"),
        null=True,
        blank=True,
        help_text=_("Đơn vị chưa thực hiện được nhắc qua thư điện tử trước hạn."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="guidance_documents",
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu định hướng")
        verbose_name_plural = _("tài liệu định hướng")
        ordering = ["-issue_date", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="guidance_document_slug_unique",
                violation_error_message=_("Đã có tài liệu với đường dẫn này."),
            ),
            models.UniqueConstraint(
                fields=["issuer_abbreviation", "type_abbreviation", "number", "year"],
                name="guidance_document_number_unique_per_year",
                violation_error_message=_(
                    "Đã có văn bản cùng số, ký hiệu trong năm này."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "visibility", "-issue_date"],
                name="guidance_doc_listing",
            ),
            models.Index(fields=["status", "publish_at"], name="guidance_doc_due"),
        ]

    def get_absolute_url(self):
        return reverse("guidance:document_detail", kwargs={"slug": self.slug})

    @property
    def number_display(self) -> str:
        return self.number_text.strip()

    @property
    def trich_yeu(self) -> str:
        return self.summary or self.title

    @property
    def is_external(self) -> bool:
        return self.issuing_unit_id is None

    def recipients_other_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients_other.splitlines() if line]

    def is_effective(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.effective_until is None or self.effective_until >= today

    def get_search_text(self) -> str:
        """Number, names, summary, body and the extracted text of every file.

        Reads the attachments' text (one query) because search must find words that
        are only in a PDF; called by the save service and after each extraction.
        """
        texts = list(self.attachments.values_list("text", flat=True)) if self.pk else []
        return " ".join(
            [
                self.number_text,
                self.number_text.replace("/", " ").replace("-", " "),
                self.title,
                self.summary,
                self.issuer_name,
                self.signer_name,
                richtext_to_text(self.body),
                *texts,
            ]
        )

    def clean(self):
        super().clean()
        errors = {}
        try:
            parsed = parse_document_number(self.number_text)
        except ValidationError as error:
            errors["number_text"] = error
            parsed = None
        if parsed is not None:
            mismatch = self._number_apply(parsed)
            if mismatch:
                errors["number_text"] = mismatch
        if self.issue_date:
            self.year = self.issue_date.year
            errors.update(self._date_errors())
        if parsed is not None and self.issue_date and "number_text" not in errors:
            taken = self._number_taken_error()
            if taken:
                errors["number_text"] = taken
        if errors:
            raise ValidationError(errors)

    def _number_apply(self, parsed) -> ValidationError | None:
        """Copy the parsed number's parts; its type must be the chosen type's."""
        self.number_text = str(parsed)
        self.number = parsed.number
        self.number_form = parsed.form
        self.issuer_abbreviation = parsed.issuer_abbreviation
        self.type_abbreviation = parsed.type_abbreviation
        doc_type = self.document_type if self.document_type_id else None
        if doc_type is None:
            return None
        if not same_abbreviation(parsed.type_abbreviation, doc_type.abbreviation):
            return ValidationError(
                _(
                    "Ký hiệu loại “%(found)s” trong số văn bản không khớp loại "
                    "đã chọn: %(name)s có ký hiệu %(expected)s."
                ),
                code="number_type_mismatch",
                params={
                    "found": parsed.type_abbreviation,
                    "name": doc_type.name,
                    "expected": doc_type.abbreviation,
                },
            )
        self.type_abbreviation = doc_type.abbreviation
        self.number_text = str(replace(parsed, type_abbreviation=doc_type.abbreviation))
        return None

    def _date_errors(self) -> dict[str, ValidationError]:
        """The end of effect and the response deadline may not precede the issue."""
        errors = {}
        for name, code in (
            ("effective_until", "effective_before_issue"),
            ("response_deadline", "deadline_before_issue"),
        ):
            value = getattr(self, name)
            if value and value < self.issue_date:
                errors[name] = ValidationError(
                    _("Ngày này phải từ ngày ban hành trở về sau."), code=code
                )
        return errors

    def _number_taken_error(self) -> ValidationError | None:
        """Numbers restart each year per issuer and type: this one must be free."""
        taken = Document.objects.filter(
            issuer_abbreviation=self.issuer_abbreviation,
            type_abbreviation=self.type_abbreviation,
            number=self.number,
            year=self.year,
        ).exclude(pk=self.pk)
        if not taken.exists():
            return None
        return ValidationError(
            _(
                "Đã có văn bản số %(number)s năm %(year)s. Số văn bản chỉ "
                "bắt đầu lại từ 1 vào năm sau."
            ),
            code="number_taken",
            params={"number": self.number_text, "year": self.year},
        )


class Attachment(StoredDocument):
    """A file of a document (the signed PDF, a DOCX outline, slides, a poster)."""

    UPLOAD_FOLDER = "guidance"

    document = models.ForeignKey(
        Document,
        verbose_name=_("tài liệu"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(
        _("tên hiển thị"),
        max_length=200,
        blank=True,
        help_text=_("Để trống để dùng tên tệp."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung chữ"), blank=True, editable=False)
    text_extracted_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title or self.download_name

    def get_absolute_url(self):
        return reverse(
            "guidance:attachment_download",
            kwargs={"slug": self.document.slug, "pk": self.pk},
        )


class Distribution(models.Model):
    """One recipient unit of one document: has it seen, received, implemented it?"""

    class Status(models.TextChoices):
        NOT_SEEN = "not_seen", _("Chưa xem")
        RECEIVED = "received", _("Đã nhận")
        IMPLEMENTED = "implemented", _("Đã thực hiện")

    document = models.ForeignKey(
        Document,
        verbose_name=_("tài liệu"),
        on_delete=models.CASCADE,
        related_name="distributions",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="guidance_distributions",
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=Status.choices,
        default=Status.NOT_SEEN,
        editable=False,
    )
    received_at = models.DateTimeField(_("nhận lúc"), null=True, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    implemented_at = models.DateTimeField(_("thực hiện lúc"), null=True, editable=False)
    implemented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    report_text = models.TextField(
        _("báo cáo kết quả"),
        blank=True,
        help_text=_("Đơn vị đã triển khai thế nào, đến bao nhiêu đoàn viên…"),
    )
    report_url = models.URLField(
        _("bài viết của đơn vị"),
        blank=True,
        max_length=500,
        validators=[validate_site_url],
        help_text=_(
            "Liên kết đến bài viết trên cổng này mà đơn vị đã đăng để cụ thể hóa."
        ),
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = DistributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu cần thực hiện")
        verbose_name_plural = _("tài liệu cần thực hiện")
        ordering = ["-document__issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "unit"],
                name="guidance_distribution_unique",
                violation_error_message=_("Đơn vị này đã nhận tài liệu này."),
            )
        ]
        indexes = [models.Index(fields=["unit", "status"], name="guidance_dist_unit")]

    def __str__(self):
        return f"{self.document.number_text} → {self.unit}"

    def is_overdue(self, today=None) -> bool:
        """Deadline passed and not implemented (needs `document` loaded)."""
        deadline = self.document.response_deadline
        today = today or timezone.localdate()
        return bool(
            deadline and today > deadline and self.status != self.Status.IMPLEMENTED
        )


class ReportFile(StoredDocument):
    """A file of a unit's implementation report, under the same upload rules."""

    UPLOAD_FOLDER = "guidance"

    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("tài liệu cần thực hiện"),
        on_delete=models.CASCADE,
        related_name="report_files",
    )

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")
        ordering = ["id"]

    def __str__(self):
        return self.download_name
