"""Members' questions, the office's answers, and the public FAQ entries made from them.

Two models with two lives, on purpose:

- `Question` is the private case file: who asked (name, e-mail, phone, IP), what,
  who handles it and the answer. Its `status` is the handling state (new, assigned,
  answered, published, closed). It never appears on the public site.
- `Faq` is the public entry published from a question. It is a `Publishable`, so the
  publishing machinery works for it unchanged (status, slug with redirects, folded
  search text, the due sweep, page-cache invalidation, the `published` signal). It
  holds only what may be public: the wording the office approved (it may redact the
  asker's text), the answer, the topic and the asker's unit and name only if the
  asker chose to be named. Public pages read `Faq` alone, so personal data cannot
  leak into them through a forgotten `.only()` or a template.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import Publishable
from publishing.richtext import RichTextField, richtext_to_text

from .querysets import FaqQuerySet, QuestionQuerySet

QUESTION_MAX_CHARS = 5000
NAME_MAX_CHARS = 120
TRACKING_TOKEN_BYTES = 32  # 43 URL-safe characters: unguessable, fits in a URL


def tracking_token_new() -> str:
    return secrets.token_urlsafe(TRACKING_TOKEN_BYTES)


class Topic(models.Model):
    """What a question is about; the list is data (seeded by a migration)."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("chủ đề hỏi đáp")
        verbose_name_plural = _("chủ đề hỏi đáp")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("consultation:topic_detail", kwargs={"slug": self.slug})


class Question(models.Model):
    """A member's question and its handling; personal data stays in this table."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        ASSIGNED = "assigned", _("Đã phân công")
        ANSWERED = "answered", _("Đã trả lời")
        PUBLISHED = "published", _("Đã đăng hỏi đáp")
        CLOSED = "closed", _("Đã đóng")

    OPEN_STATUSES = (Status.NEW, Status.ASSIGNED)

    class Consent(models.TextChoices):
        ANONYMOUS = "anonymous", _("Đồng ý đăng công khai, không kèm tên tôi")
        NAMED = "named", _("Đồng ý đăng công khai, kèm tên tôi")
        PRIVATE = "private", _("Không đăng công khai")

    asker_name = models.CharField(_("họ và tên"), max_length=NAME_MAX_CHARS)
    asker_email = models.EmailField(_("thư điện tử"), blank=True)
    asker_phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    asker_ip = models.GenericIPAddressField(
        _("địa chỉ IP"), null=True, blank=True, editable=False
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("công đoàn cơ sở của người hỏi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_asked",
        limit_choices_to={"is_active": True, "kind": "grassroots"},
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("câu hỏi"), max_length=QUESTION_MAX_CHARS)
    consent = models.CharField(
        _("đăng công khai"),
        max_length=16,
        choices=Consent.choices,
        default=Consent.ANONYMOUS,
    )
    tracking_token = models.CharField(
        max_length=64, unique=True, default=tracking_token_new, editable=False
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.NEW,
        editable=False,
    )
    assigned_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("giao cho đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions_assigned",
        help_text=_("Biên tập viên của đơn vị này sẽ thấy và trả lời câu hỏi."),
    )
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giao cho cán bộ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_assigned",
    )
    answer = RichTextField(_("câu trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="questions_answered",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với câu hỏi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        help_text=_("Câu hỏi gốc có câu trả lời dùng chung."),
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="question_status_age"),
            models.Index(fields=["answered_at"], name="question_answered_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(asker_email="", asker_phone=""),
                name="question_has_contact",
                violation_error_message=_(
                    "Hãy để lại thư điện tử hoặc số điện thoại để nhận trả lời."
                ),
            ),
        ]

    def __str__(self):
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def get_tracking_url(self):
        return reverse(
            "consultation:question_tracking", kwargs={"token": self.tracking_token}
        )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def clean(self):
        super().clean()
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            raise ValidationError(
                {"duplicate_of": _("Câu hỏi không thể trùng với chính nó.")},
                code="duplicate_of_itself",
            )


class Faq(Publishable):
    """A published question and answer (hỏi đáp), made from one canonical question."""

    question = models.OneToOneField(
        Question,
        verbose_name=_("câu hỏi gốc"),
        on_delete=models.CASCADE,
        related_name="faq",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("chủ đề"), on_delete=models.PROTECT, related_name="faqs"
    )
    question_text = models.TextField(
        _("câu hỏi (bản công khai)"),
        max_length=QUESTION_MAX_CHARS,
        help_text=_("Có thể lược bỏ chi tiết nhận diện người hỏi trước khi đăng."),
    )
    answer = RichTextField(_("câu trả lời"))
    # Only what the asker agreed to show: their name if they chose "named".
    asker_public_name = models.CharField(
        _("tên người hỏi (công khai)"), max_length=NAME_MAX_CHARS, blank=True
    )
    asker_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị người hỏi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("hỏi lúc"))

    objects = FaqQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục hỏi đáp")
        verbose_name_plural = _("mục hỏi đáp")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="faq_slug_unique",
                violation_error_message=_("Đã có mục hỏi đáp với đường dẫn này."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "topic", "-published_at"], name="faq_topic_pub"
            ),
            models.Index(fields=["status", "publish_at"], name="faq_status_due"),
        ]

    def get_absolute_url(self):
        return reverse("consultation:faq_detail", kwargs={"slug": self.slug})

    def get_search_text(self) -> str:
        return " ".join([self.title, self.question_text, richtext_to_text(self.answer)])
