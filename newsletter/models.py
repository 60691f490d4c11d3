"""Subscribers (an e-mail address, its choices and its consent) and issues."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from publishing.published_items import Topic as ItemTopic


class Topic(models.TextChoices):
    """What a subscriber may follow; CĐCS news is chosen per unit (`units`)."""

    OFFICE_NEWS = "office_news", _("Tin của Công đoàn ĐHQG-HCM")
    GUIDANCE = ItemTopic.GUIDANCE, _("Văn bản hướng dẫn")
    EVENTS = ItemTopic.EVENTS, _("Sự kiện")
    ANSWERS = ItemTopic.ANSWERS, _("Câu hỏi đã được trả lời")


class Frequency(models.TextChoices):
    INSTANT = "instant", _("Ngay khi có tin")
    WEEKLY = "weekly", _("Bản tin tổng hợp hằng tuần")


class Subscriber(models.Model):
    """One address. Only `active` subscribers receive issues.

    `consent_text` and `consented_at` record what the person agreed to and when (the
    confirmation click); erasing a subscriber deletes the row.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        ACTIVE = "active", _("Đang nhận")
        UNSUBSCRIBED = "unsubscribed", _("Đã hủy đăng ký")
        BOUNCED = "bounced", _("Địa chỉ không nhận được thư")
        COMPLAINED = "complained", _("Đã báo thư rác")

    email = models.EmailField(_("thư điện tử"), max_length=254)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    topics = models.JSONField(_("chủ đề"), default=list, blank=True)
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("công đoàn cơ sở"), blank=True
    )
    frequency = models.CharField(
        _("tần suất"),
        max_length=8,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    consent_text = models.TextField(_("nội dung đồng ý"), blank=True)
    consented_at = models.DateTimeField(_("đồng ý lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    stopped_at = models.DateTimeField(_("ngừng nhận lúc"), null=True, blank=True)
    stop_reason = models.TextField(_("lý do ngừng"), blank=True)

    class Meta:
        verbose_name = _("người nhận bản tin")
        verbose_name_plural = _("người nhận bản tin")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="subscriber_email_unique")
        ]
        indexes = [
            models.Index(fields=["status", "frequency"], name="subscriber_status"),
        ]

    def __str__(self):
        return self.email


class Issue(models.Model):
    """One newsletter: an item as it happens, or a week's digest.

    `items` is a snapshot of the items (publishing.published_items as JSON), so a
    resend or a preview shows what was sent. `key` is unique: the same publication or
    week never makes two issues.
    """

    class Kind(models.TextChoices):
        INSTANT = "instant", _("Tin ngay")
        WEEKLY = "weekly", _("Tổng hợp tuần")

    key = models.CharField(_("khóa"), max_length=120, unique=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    items = models.JSONField(_("nội dung"), default=list, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("đã xếp gửi lúc"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)
    # Recipients who opened it (the tracking pixel, once per recipient; #14). Mail
    # clients that block images never count, some privacy proxies always do.
    opens = models.PositiveIntegerField(_("số người mở thư"), default=0)

    class Meta:
        verbose_name = _("số bản tin")
        verbose_name_plural = _("các số bản tin")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class IssueClick(models.Model):
    """Clicks on one item of one issue, through its signed link (newsletter.tracking).

    Counted per item, never per subscriber: the link names the issue and the item,
    not who received it.
    """

    issue = models.ForeignKey(
        Issue,
        verbose_name=_("số bản tin"),
        on_delete=models.CASCADE,
        related_name="clicks",
    )
    label = models.CharField(_("loại nội dung"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("mã nội dung"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    count = models.PositiveIntegerField(_("lượt nhấp"), default=0)

    class Meta:
        verbose_name = _("lượt nhấp bản tin")
        verbose_name_plural = _("lượt nhấp bản tin")
        ordering = ["-count", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "label", "object_id"], name="issueclick_one_per_item"
            )
        ]

    def __str__(self):
        return f"{self.issue_id} {self.label}:{self.object_id}"
