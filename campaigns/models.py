"""Key dates (solar, Vietnamese lunar, month-long windows), campaigns and their posts."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.clients.facebook import MESSAGE_MAX_CHARS
from channels.clients.zalo import TITLE_MAX_CHARS
from publishing.models import Publishable
from publishing.richtext import RichTextField, richtext_to_text

from .dates import occurrence_span
from .querysets import CampaignPostQuerySet
from .templating import TemplateContext, render, template_errors

# A leap year, to check that a solar day/month exists at all (29/2 does in leap years).
_LEAP_YEAR = 2024

LUNAR_DAY_RULE_HELP = _(
    "Ngày dương lịch, hoặc ngày âm lịch với loại “Ngày âm lịch”, hoặc ngày bắt đầu "
    "với loại “Khoảng thời gian”. Ngày âm lịch từ 1 đến 30. Tháng âm lịch có 29 ngày (tháng thiếu) hoặc 30 ngày "
    "(tháng đủ): ngày 30 rơi vào năm tháng đó thiếu thì được tính là ngày 29, ngày "
    "cuối tháng, như phần lớn lịch Việt Nam. Luôn tính theo tháng thường, không theo "
    "tháng nhuận; lịch âm tính cho múi giờ UTC+7."
)


class KeyDate(models.Model):
    """A date the union marks every year: a solar day, a lunar day, or a window."""

    class Kind(models.TextChoices):
        SOLAR = "solar", _("Ngày dương lịch")
        LUNAR = "lunar", _("Ngày âm lịch")
        WINDOW = "window", _("Khoảng thời gian (dương lịch)")

    name = models.CharField(_("tên"), max_length=200, unique=True)
    short_name = models.CharField(
        _("tên ngắn"),
        max_length=80,
        blank=True,
        help_text=_(
            "Dùng trên băng rôn trang chủ và lịch; để trống để dùng tên đầy đủ."
        ),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    kind = models.CharField(
        _("loại"), max_length=8, choices=Kind.choices, default=Kind.SOLAR
    )
    day = models.PositiveSmallIntegerField(
        _("ngày"),
        help_text=LUNAR_DAY_RULE_HELP,
    )
    month = models.PositiveSmallIntegerField(_("tháng"))
    end_day = models.PositiveSmallIntegerField(
        _("ngày kết thúc"),
        null=True,
        blank=True,
        help_text=_("Chỉ với loại “Khoảng thời gian” (dương lịch)."),
    )
    end_month = models.PositiveSmallIntegerField(
        _("tháng kết thúc"), null=True, blank=True
    )
    founding_year = models.PositiveSmallIntegerField(
        _("năm bắt đầu"),
        null=True,
        blank=True,
        help_text=_(
            "Năm thành lập hoặc năm diễn ra lần đầu, để tính số năm kỷ niệm "
            "(ví dụ 1929 cho Ngày thành lập Công đoàn Việt Nam). Để trống nếu không kỷ niệm."
        ),
    )
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày kỷ niệm")
        verbose_name_plural = _("ngày kỷ niệm")
        ordering = ["month", "day", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    day__gte=1, day__lte=31, month__gte=1, month__lte=12
                ),
                name="keydate_day_month_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="window")
                | models.Q(end_day__isnull=False, end_month__isnull=False),
                name="keydate_window_has_end",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:key_date_detail", kwargs={"slug": self.slug})

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def anniversary(self, year: int) -> int | None:
        """The anniversary number in `year` (97 for 1929 in 2026), None before or without."""
        if not self.founding_year or year <= self.founding_year:
            return None
        return year - self.founding_year

    def rule_display(self) -> str:
        if self.kind == self.Kind.LUNAR:
            return f"{self.day}/{self.month} âm lịch"
        if self.kind == self.Kind.WINDOW:
            return f"{self.day}/{self.month} – {self.end_day}/{self.end_month}"
        return f"{self.day}/{self.month}"

    def clean(self):
        super().clean()
        if not self.day or not self.month:
            return
        errors = {**self._start_errors(), **self._end_errors()}
        if not errors:
            errors = self._span_errors()
        if errors:
            raise ValidationError(errors)

    def _start_errors(self) -> dict[str, ValidationError]:
        """The start day and month: a real month, a lunar day up to 30, a solar day."""
        if not 1 <= self.month <= 12:
            return {
                "month": ValidationError(
                    _("Tháng %(month)s không hợp lệ: chỉ từ 1 đến 12."),
                    code="invalid_month",
                    params={"month": self.month},
                )
            }
        if self.kind == self.Kind.LUNAR:
            if 1 <= self.day <= 30:
                return {}
            return {
                "day": ValidationError(
                    _(
                        "Ngày âm lịch %(day)s không tồn tại: tháng âm lịch chỉ có 29 "
                        "hoặc 30 ngày. Ngày 30 được chấp nhận; năm nào tháng đó thiếu "
                        "(29 ngày) thì tính là ngày 29."
                    ),
                    code="invalid_lunar_day",
                    params={"day": self.day},
                )
            }
        error = _solar_day_error(self.day, self.month)
        return {"day": error} if error else {}

    def _end_errors(self) -> dict[str, ValidationError]:
        """A window needs a real end other than its start; other kinds have none."""
        if self.kind != self.Kind.WINDOW:
            if self.end_day or self.end_month:
                return {
                    "end_day": ValidationError(
                        _(
                            "Chỉ loại “Khoảng thời gian” mới có ngày kết thúc; "
                            "hãy để trống."
                        ),
                        code="end_not_allowed",
                    )
                }
            return {}
        if not self.end_day or not self.end_month:
            return {
                "end_day": ValidationError(
                    _("Khoảng thời gian cần ngày và tháng kết thúc."),
                    code="window_without_end",
                )
            }
        if not 1 <= self.end_month <= 12:
            return {
                "end_month": ValidationError(
                    _("Tháng %(month)s không hợp lệ: chỉ từ 1 đến 12."),
                    code="invalid_month",
                    params={"month": self.end_month},
                )
            }
        error = _solar_day_error(self.end_day, self.end_month)
        if error:
            return {"end_day": error}
        if (self.end_month, self.end_day) == (self.month, self.day):
            return {
                "end_day": ValidationError(
                    _("Ngày kết thúc phải khác ngày bắt đầu."), code="window_empty"
                )
            }
        return {}

    def _span_errors(self) -> dict[str, ValidationError]:
        """The rule must give a date this year and next (checked once the rest is)."""
        year = timezone.localdate().year
        for y in (year, year + 1):
            try:
                occurrence_span(self, y)
            except ValidationError as exc:
                return {"day": exc}
        return {}


def _solar_day_error(day: int, month: int) -> ValidationError | None:
    if not 1 <= month <= 12:
        return None
    length = calendar.monthrange(_LEAP_YEAR, month)[1]
    if day == 29 and month == 2:
        return ValidationError(
            _(
                "Ngày 29/2 chỉ có trong năm nhuận nên không dùng được cho một ngày "
                "kỷ niệm hằng năm; hãy chọn 28/2 hoặc 1/3."
            ),
            code="leap_day",
        )
    if not 1 <= day <= length:
        return ValidationError(
            _(
                "Ngày %(day)s/%(month)s không tồn tại: tháng %(month)s chỉ có %(length)s ngày."
            ),
            code="invalid_solar_day",
            params={"day": day, "month": month, "length": length},
        )
    return None


class Campaign(models.Model):
    """A communication campaign around one key date, run every year once set up."""

    key_date = models.ForeignKey(
        KeyDate,
        verbose_name=_("ngày kỷ niệm"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    name = models.CharField(_("tên chiến dịch"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(
        _("chạy hằng năm"),
        default=True,
        help_text=_("Bỏ chọn để ngừng tạo bài cho những năm sau."),
    )
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(
        _("đến năm"), null=True, blank=True, help_text=_("Để trống: chạy mãi.")
    )
    units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("công đoàn cơ sở tham gia"),
        related_name="campaigns",
        blank=True,
        help_text=_(
            "Mỗi đơn vị được tạo bản nháp của các bài có đánh dấu “bản nháp cho "
            "đơn vị” để bản địa hóa, và nhận thư nhắc 14 ngày trước ngày kỷ niệm."
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chiến dịch")
        verbose_name_plural = _("chiến dịch")
        ordering = ["key_date__month", "key_date__day", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="campaign_last_year_after_first",
            ),
            # Two campaigns of one key date in one year would publish every post
            # twice (#11). The database refuses the plain duplicate (a double-posted
            # form); clean() also refuses overlapping year ranges, with a message.
            models.UniqueConstraint(
                fields=["key_date", "first_year"],
                name="campaign_unique_key_date_first_year",
                violation_error_message=_(
                    "Ngày kỷ niệm này đã có chiến dịch bắt đầu từ năm này."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.last_year and self.first_year and self.last_year < self.first_year:
            raise ValidationError(
                {"last_year": _("Năm kết thúc phải từ năm bắt đầu trở đi.")},
                code="last_year_before_first",
            )
        self._refuse_overlap()

    def _refuse_overlap(self) -> None:
        """Another campaign of the same key date running in any of this one's years."""
        if not (self.key_date_id and self.first_year):
            return
        others = Campaign.objects.filter(key_date_id=self.key_date_id).exclude(
            pk=self.pk
        )
        others = others.filter(
            models.Q(last_year__isnull=True) | models.Q(last_year__gte=self.first_year)
        )
        if self.last_year:
            others = others.filter(first_year__lte=self.last_year)
        other = others.order_by("first_year").first()
        if other is not None:
            raise ValidationError(
                {
                    "key_date": _(
                        "Ngày kỷ niệm này đã có chiến dịch “%(name)s” (%(years)s). "
                        "Hãy sửa chiến dịch đó, hoặc chọn những năm khác."
                    )
                    % {"name": other.name, "years": other.years_display()}
                },
                code="duplicate_campaign",
            )

    def years_display(self) -> str:
        if self.last_year is None:
            return _("từ năm %(first)d") % {"first": self.first_year}
        if self.last_year == self.first_year:
            return _("năm %(first)d") % {"first": self.first_year}
        return _("%(first)d–%(last)d") % {
            "first": self.first_year,
            "last": self.last_year,
        }

    def runs_in(self, year: int) -> bool:
        return (
            self.is_active
            and year >= self.first_year
            and (self.last_year is None or year <= self.last_year)
        )


class PlannedPost(models.Model):
    """One post of a campaign's plan: when (offset from the date), what, where."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Thông báo")
        GUIDANCE = "guidance", _("Hướng dẫn")
        GREETING = "greeting", _("Chào mừng")
        RECAP = "recap", _("Tổng kết")
        OTHER = "other", _("Khác")

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("chiến dịch"),
        on_delete=models.CASCADE,
        related_name="planned_posts",
    )
    kind = models.CharField(
        _("loại bài"), max_length=16, choices=Kind.choices, default=Kind.OTHER
    )
    offset_days = models.SmallIntegerField(
        _("so với ngày kỷ niệm (ngày)"),
        default=0,
        help_text=_("-14: 14 ngày trước; 0: đúng ngày; 3: 3 ngày sau."),
    )
    time_of_day = models.TimeField(_("giờ đăng"), default=datetime.time(8, 0))
    title_template = models.CharField(_("mẫu tiêu đề"), max_length=255)
    body_template = models.TextField(_("mẫu nội dung"))
    to_site = models.BooleanField(_("đăng bài trên trang"), default=True)
    to_banner = models.BooleanField(_("băng rôn trang chủ"), default=False)
    channels = models.ManyToManyField(
        "channels.SocialChannel",
        verbose_name=_("kênh mạng xã hội"),
        related_name="planned_posts",
        blank=True,
    )
    unit_drafts = models.BooleanField(
        _("bản nháp cho đơn vị"),
        default=False,
        help_text=_("Mỗi công đoàn cơ sở tham gia nhận một bản nháp để bản địa hóa."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bài theo kế hoạch")
        verbose_name_plural = _("bài theo kế hoạch")
        ordering = ["campaign", "offset_days", "time_of_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offset_days__gte=-366, offset_days__lte=366),
                name="plannedpost_offset_within_a_year",
            )
        ]

    def __str__(self):
        sign = "+" if self.offset_days > 0 else ("-" if self.offset_days < 0 else "")
        return f"D{sign}{abs(self.offset_days) if self.offset_days else ''}: {self.title_template}"

    def clean(self):
        super().clean()
        # An inline form of a campaign being added has the (unsaved) campaign, not
        # its id: its key date still decides what the templates may say.
        campaign = self.campaign if hasattr(self, "campaign") else None
        key_date = campaign.key_date if campaign and campaign.key_date_id else None
        errors = {}
        for field in ("title_template", "body_template"):
            problems = template_errors(getattr(self, field) or "", key_date=key_date)
            if problems:
                errors[field] = problems
        if not errors:
            errors.update(self._limit_errors(key_date=key_date))
        if errors:
            raise ValidationError(errors)

    def _limit_errors(self, *, key_date) -> dict:
        """The platforms' limits, on the templates filled with long sample values."""
        name = key_date.name if key_date is not None else ""
        sample = TemplateContext(
            year=2026,
            anniversary=100,
            date=datetime.date(2026, 12, 28),
            end_date=datetime.date(2026, 12, 31),
            name=name,
            short_name=(key_date.short_name if key_date is not None else "") or name,
            unit_name=settings.ORGANIZATION["short_name"],
        )
        found = content_limit_errors(
            title=render(self.title_template or "", sample),
            text=render(self.body_template or "", sample),
        )
        fields = {"title": "title_template", "body": "body_template"}
        return {fields[field]: error for field, error in found.items()}


class Occurrence(models.Model):
    """A campaign in one year: its key date's solar date(s), computed once."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("chiến dịch"),
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    date = models.DateField(_("ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần tổ chức")
        verbose_name_plural = _("lần tổ chức")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year"], name="occurrence_one_per_year"
            )
        ]

    def __str__(self):
        return f"{self.campaign} {self.year}"


class CampaignPost(Publishable):
    """A campaign's post for one occurrence: the office's, or a unit's localised copy.

    Published by the shared sweep. Its rendered text is updated from the plan only
    while it is not yet published and nobody edited it by hand.
    """

    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name=_("lần tổ chức"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    planned_post = models.ForeignKey(
        PlannedPost,
        verbose_name=_("bài theo kế hoạch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_posts",
        help_text=_("Để trống: bài của văn phòng Công đoàn."),
    )
    summary = models.TextField(_("tóm tắt"), max_length=600, blank=True)
    body = RichTextField(_("nội dung"))
    to_site = models.BooleanField(_("hiện trên trang"), default=True, editable=False)
    to_banner = models.BooleanField(
        _("băng rôn trang chủ"), default=False, editable=False
    )
    edited = models.BooleanField(
        _("đã sửa tay"),
        default=False,
        editable=False,
        help_text=_("Bài đã được sửa trong trang quản trị: kế hoạch không ghi đè nữa."),
    )

    # Its social deliveries (the shared outbox, channels.Delivery).
    deliveries = GenericRelation(
        "channels.Delivery", related_query_name="campaign_post"
    )

    objects = CampaignPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài chiến dịch")
        verbose_name_plural = _("bài chiến dịch")
        ordering = ["-publish_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="campaignpost_slug_unique"),
            models.UniqueConstraint(
                fields=["occurrence", "planned_post"],
                condition=models.Q(unit__isnull=True, planned_post__isnull=False),
                name="campaignpost_one_office_post_per_plan",
            ),
            models.UniqueConstraint(
                fields=["occurrence", "planned_post", "unit"],
                condition=models.Q(unit__isnull=False, planned_post__isnull=False),
                name="campaignpost_one_unit_copy_per_plan",
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def get_absolute_url(self):
        return reverse("campaigns:post_detail", kwargs={"slug": self.slug})

    def get_search_text(self) -> str:
        return " ".join([self.title, self.summary, richtext_to_text(self.body)])

    def clean(self):
        super().clean()
        errors = content_limit_errors(
            title=self.title or "", text=richtext_to_text(self.body or "")
        )
        if errors:
            raise ValidationError(errors)


def shortened(text: str, limit: int) -> str:
    """`text` cut at a word boundary to fit `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:-")
    return f"{cut}…"


def content_limit_errors(*, title: str, text: str) -> dict[str, ValidationError]:
    """What does not fit Zalo's or Facebook's limits, checked when a post is saved
    (#19) rather than failing at send time. A too long title comes with a shortened
    version the editor can take."""
    errors = {}
    if len(title) > TITLE_MAX_CHARS:
        errors["title"] = ValidationError(
            _(
                "Tiêu đề dài %(length)d ký tự; Zalo chỉ nhận tối đa %(limit)d. Hãy "
                "rút gọn, ví dụ: “%(short)s”."
            ),
            code="title_too_long_for_zalo",
            params={
                "length": len(title),
                "limit": TITLE_MAX_CHARS,
                "short": shortened(title, TITLE_MAX_CHARS),
            },
        )
    if len(title) + len(text) + 100 > MESSAGE_MAX_CHARS:
        errors["body"] = ValidationError(
            _(
                "Bài quá dài cho Facebook (tối đa khoảng %(limit)d ký tự cả tiêu đề): "
                "hãy rút gọn nội dung."
            ),
            code="text_too_long_for_facebook",
            params={"limit": MESSAGE_MAX_CHARS - 100},
        )
    return errors
