"""Articles, their categories and tags."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.fields import ImageField
from publishing.models import Publishable
from publishing.richtext import RichTextField, richtext_to_text

from .querysets import ArticleQuerySet


class Category(models.Model):
    """A content area of the union's communication plan (chuyên mục)."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=100)
    on_home = models.BooleanField(_("hiện trên trang chủ"), default=True)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:category_detail", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("tên"), max_length=80, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("thẻ")
        verbose_name_plural = _("thẻ")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(Publishable):
    """A news article of the office (no unit) or of a grassroots union."""

    summary = models.TextField(
        _("tóm tắt"),
        max_length=600,
        blank=True,
        help_text=_("Một đến ba câu; hiện trong danh sách và khi chia sẻ."),
    )
    body = RichTextField(_("nội dung"))
    cover = ImageField(_("ảnh bìa"), upload_to="news/covers/%Y/%m/", blank=True)
    cover_alt = models.CharField(
        _("mô tả ảnh bìa"),
        max_length=255,
        blank=True,
        help_text=_("Bắt buộc khi có ảnh: mô tả ngắn cho người không xem được ảnh."),
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("chuyên mục"), related_name="articles", blank=True
    )
    tags = models.ManyToManyField(
        Tag, verbose_name=_("thẻ"), related_name="articles", blank=True
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("Để trống: tin của văn phòng Công đoàn."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles",
    )
    featured = models.BooleanField(
        _("tin nổi bật"), default=False, help_text=_("Đặt ở đầu trang chủ.")
    )
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_text", "view_count", "cover_renditions"],
        m2m_fields=[categories, tags],
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="article_slug_unique",
                violation_error_message=_("Đã có bài viết với đường dẫn này."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            models.Index(fields=["status", "publish_at"], name="article_status_due"),
            models.Index(
                fields=["unit", "status", "-published_at"], name="article_unit"
            ),
        ]

    def get_absolute_url(self):
        return reverse("news:article_detail", kwargs={"slug": self.slug})

    def get_search_text(self) -> str:
        return " ".join([self.title, self.summary, richtext_to_text(self.body)])

    def clean(self):
        super().clean()
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Hãy mô tả ảnh bìa cho người không xem được ảnh.")},
                code="cover_alt_required",
            )
