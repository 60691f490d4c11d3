"""The models publishing keeps, for every app.

Abstract: `Publishable` (status, schedule, slug, search text of every content type)
and `StoredDocument` (an uploaded file, its name, kind and size). Concrete: the
scheduler's heartbeat, slug redirects, the page-cache generation, rate-limit
counters, leases, the task outbox and the send-once `Notification`.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents.fields import DocumentField
from .documents.kinds import KINDS
from .documents.names import clean_download_name


class SchedulerHeartbeat(models.Model):
    """When a periodic source last proved it is alive: beat, or a worker answering a ping.

    One row per source. The database holds it so that every web node, /healthz and the
    admin see the same answer (no process memory as state).
    """

    class Source(models.TextChoices):
        BEAT = "beat", _("Bộ lập lịch (beat)")
        WORKER = "worker", _("Tiến trình nền")

    source = models.CharField(
        _("nguồn"), max_length=16, choices=Source.choices, primary_key=True
    )
    beat_at = models.DateTimeField(_("lần cuối"))

    class Meta:
        verbose_name = _("nhịp của bộ lập lịch")
        verbose_name_plural = _("nhịp của bộ lập lịch")

    def __str__(self):
        return f"{self.get_source_display()}: {self.beat_at:%Y-%m-%d %H:%M:%S}"


class SlugRedirect(models.Model):
    """An old slug of some object, so that links shared before a rename keep working.

    `scope` separates slugs that are unique only within something (a unit's pages).
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE
    )
    scope = models.CharField(max_length=40, blank=True, default="")
    old_slug = models.SlugField(max_length=80)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đường dẫn cũ")
        verbose_name_plural = _("đường dẫn cũ")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "scope", "old_slug"],
                name="slugredirect_unique_old_slug",
            )
        ]

    def __str__(self):
        return self.old_slug


def stored_document_upload_to(instance, filename: str) -> str:
    """A folder nobody can guess, for files served only through a checking view.

    `filename` is already publishing.documents.names.safe_storage_name's (random token,
    ASCII slug, the detected extension). The extra random folder (144 bits) keeps
    internal files unreachable under MEDIA_URL even where media is served directly.
    The first part is the model's UPLOAD_FOLDER.
    """
    return f"{instance.UPLOAD_FOLDER}/{secrets.token_urlsafe(18)}/{filename}"


class StoredDocument(models.Model):
    """A file judged by its content, kept under a random name, downloaded under the user's.

    Concrete models set UPLOAD_FOLDER and save through their service, which calls
    `describe_upload()` before validating so that name, kind and size are filled.
    """

    UPLOAD_FOLDER = "documents"

    file = DocumentField(_("tệp"), upload_to=stored_document_upload_to)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, editable=False)
    kind = models.CharField(_("định dạng"), max_length=8, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0, editable=False)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def document_kind(self):
        return KINDS.get(self.kind)

    @property
    def download_name(self) -> str:
        """The name a reader sees and downloads: the user's, else the stored one."""
        return self.original_name or self.file.name.rsplit("/", 1)[-1]

    def describe_upload(self, upload_name: str | None = None) -> None:
        """Fill original name, kind and size from a freshly uploaded file (judged now
        if no form judged it yet); a stored file is left as it is."""
        file = self.file
        if not file or file._committed:
            return
        kind = file.document_kind
        if kind is None:
            self._meta.get_field("file").validate(file, self)
            kind = file.document_kind
        self.kind = kind.key
        self.size = file.size or 0
        self.original_name = clean_download_name(upload_name or file.name, kind)


class Status(models.TextChoices):
    """Where a piece of content is in its life; only publishing services change it."""

    DRAFT = "draft", _("Bản nháp")
    # Waiting for the unit's chief editors (#16): never published by the sweep.
    UNIT_REVIEW = "unit_review", _("Chờ duyệt (trong đơn vị)")
    IN_REVIEW = "in_review", _("Chờ duyệt lên trang chủ")
    SCHEDULED = "scheduled", _("Hẹn giờ đăng")
    PUBLISHED = "published", _("Đã đăng")
    ARCHIVED = "archived", _("Đã gỡ")


# Content taken down later (archived) was still published: figures per period count it.
# A plain tuple beside the enum: TextChoices turns class attributes into members.
Status.EVER_PUBLISHED = (Status.PUBLISHED, Status.ARCHIVED)


class Publishable(models.Model):
    """What every kind of content shares: status, schedule, expiry, slug, search text.

    A concrete model inherits this, declares its other fields and a `PublishableQuerySet`
    manager, and from then on the sweep publishes and archives it with everything else.
    """

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=80,
        blank=True,
        help_text=_(
            "Để trống để tạo từ tiêu đề. Đổi đường dẫn của bài đã đăng thì đường dẫn "
            "cũ tự chuyển hướng sang đường dẫn mới."
        ),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    publish_at = models.DateTimeField(
        _("thời điểm đăng"),
        null=True,
        blank=True,
        help_text=_("Để trống để đăng ngay khi chọn “Đăng”; chọn giờ sau để hẹn giờ."),
    )
    unpublish_at = models.DateTimeField(
        _("thời điểm gỡ"),
        null=True,
        blank=True,
        help_text=_("Tự động gỡ khỏi trang công khai vào lúc này (tùy chọn)."),
    )
    published_at = models.DateTimeField(_("đăng lúc"), null=True, editable=False)
    on_home = models.BooleanField(
        _("hiện trên trang chủ"), default=False, editable=False
    )
    review_note = models.TextField(
        _("ghi chú duyệt"),
        blank=True,
        editable=False,
        help_text=_(
            "Lý do trưởng ban biên tập trả lại, hoặc văn phòng từ chối đưa lên "
            "trang chủ."
        ),
    )
    # Bumped by publishing.workflow.content_save on every save that changes the row;
    # the admin form carries the version it showed, so a second person's save over
    # the first one's is refused (the optimistic version check, #16).
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def clean(self):
        super().clean()
        if (
            self.publish_at
            and self.unpublish_at
            and self.unpublish_at <= self.publish_at
        ):
            raise ValidationError(
                {"unpublish_at": _("Thời điểm gỡ phải sau thời điểm đăng.")},
                code="unpublish_before_publish",
            )


class PageGeneration(models.Model):
    """The generation of the public page cache: one row, bumped by every change.

    Every cached page's key carries it (publishing.cache). It lives in the database
    so that a change committed while Redis is down still retires every page cached
    before it (#12).
    """

    ROW = 1

    value = models.PositiveBigIntegerField(_("thế hệ"), default=0)

    class Meta:
        verbose_name = _("thế hệ bộ nhớ đệm trang")
        verbose_name_plural = _("thế hệ bộ nhớ đệm trang")

    def __str__(self):
        return str(self.value)


class RateLimitCounter(models.Model):
    """Attempts of one key in one fixed window, counted here while the cache is down.

    The rate limiter (publishing.ratelimit) counts in Redis; when Redis cannot be
    reached it counts in this table instead, so a limit still holds during an outage.
    Keys are hashed, as in the cache. Rows of past windows are deleted as new ones
    are made.
    """

    name = models.CharField(max_length=64)
    window = models.BigIntegerField()
    key_digest = models.CharField(max_length=32)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("bộ đếm giới hạn tần suất")
        verbose_name_plural = _("bộ đếm giới hạn tần suất")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "window", "key_digest"],
                name="ratelimitcounter_unique_window",
            )
        ]

    def __str__(self):
        return f"{self.name} {self.window}: {self.count}"


class Lease(models.Model):
    """Who holds a named lease, and until when: the lock of periodic work off PostgreSQL.

    On PostgreSQL leases are advisory locks held by a transaction and this table is
    unused; elsewhere (SQLite, `make run`) a holder takes the row, renews it every
    few seconds while it works, and a dead holder's row simply expires (#12).
    """

    name = models.CharField(max_length=200, primary_key=True)
    holder = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("khóa thuê")
        verbose_name_plural = _("khóa thuê")

    def __str__(self):
        return self.name


class OutboxTask(models.Model):
    """A Celery task that a committed change promised: written in its transaction.

    The change's commit sends it at once; if that send never happened (broker down,
    process killed, another after-commit callback raised) the sweep sends it on its
    next tick. Tasks sent this way must be idempotent: a row is deleted only once the
    broker has the message, so a crash in between sends it twice (#12).
    """

    task = models.CharField(_("tác vụ"), max_length=200)
    args = models.JSONField(_("đối số"), default=list, blank=True)
    kwargs = models.JSONField(_("đối số có tên"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("gửi lúc"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("tác vụ chờ gửi")
        verbose_name_plural = _("tác vụ chờ gửi")

    def __str__(self):
        return f"{self.task}{tuple(self.args)!r}"


class Notification(models.Model):
    """One e-mail the site promised to send, and whether it went: the send-once table.

    Every e-mail and reminder of every app is a row here (publishing.notifications
    describes the key scheme and the failure policy). The unique `key` makes a second
    enqueue of the same message a no-op; the row is claimed ("sending") before the
    SMTP conversation, so neither a retry nor a second worker sends it twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Không gửi được")

    key = models.CharField(_("khóa"), max_length=200, unique=True)
    kind = models.CharField(_("loại thư"), max_length=64)
    to = models.JSONField(_("địa chỉ nhận"), default=list, blank=True)
    subject = models.TextField(_("tiêu đề thư"), blank=True)
    body = models.TextField(_("nội dung thư"), blank=True)
    # An HTML alternative to `body` and extra headers (List-Unsubscribe...), for the
    # newsletter (#14); other e-mails leave them empty.
    html_body = models.TextField(_("nội dung HTML"), blank=True)
    headers = models.JSONField(_("tiêu đề bổ sung"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due")
        ]

    def __str__(self):
        return self.key


class ReadSource(models.TextChoices):
    """Where a reader came from (publishing.reads decides, from utm_source or Referer)."""

    FACEBOOK = "facebook", _("Facebook")
    ZALO = "zalo", _("Zalo")
    NEWSLETTER = "newsletter", _("Bản tin thư điện tử")
    BOARD = "board", _("Bảng tin")
    SEARCH = "search", _("Tìm kiếm")
    DIRECT = "direct", _("Trực tiếp")


class ReadCount(models.Model):
    """Reads of one published item on one local day from one source (#14).

    One row per (item, day, source), bumped by an atomic UPDATE ... count + 1
    (publishing.reads), so concurrent readers never lose a count. Nothing about the
    reader is kept: no cookie, no address, no browser. `unit_id` is the item's unit
    when it was read (None: the office), a plain number because publishing knows no
    units (DESIGN.md); the dashboard groups by it.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại nội dung"),
        on_delete=models.CASCADE,
    )
    object_id = models.PositiveBigIntegerField(_("mã nội dung"))
    unit_id = models.PositiveIntegerField(_("đơn vị"), null=True, blank=True)
    day = models.DateField(_("ngày"))
    source = models.CharField(_("nguồn"), max_length=12, choices=ReadSource.choices)
    count = models.PositiveIntegerField(_("lượt đọc"), default=0)

    class Meta:
        verbose_name = _("lượt đọc theo ngày")
        verbose_name_plural = _("lượt đọc theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "day", "source"],
                name="readcount_one_row_per_item_day_source",
            )
        ]
        indexes = [
            models.Index(fields=["day", "unit_id"], name="readcount_day_unit"),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.day} {self.source}"


class PostReach(models.Model):
    """What a social platform says about one of our posts: reach and reactions (#14).

    Keyed by the platform's post id, so any outbox (campaign posts today, every
    content type's deliveries tomorrow) stores its figures here without this app
    knowing its models. Refreshed by the reach task; `fetched_at` says how fresh.
    """

    platform = models.CharField(_("nền tảng"), max_length=16)
    external_id = models.CharField(_("mã bài trên nền tảng"), max_length=128)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại nội dung"),
        on_delete=models.CASCADE,
    )
    object_id = models.PositiveBigIntegerField(_("mã nội dung"))
    unit_id = models.PositiveIntegerField(_("đơn vị"), null=True, blank=True)
    posted_at = models.DateTimeField(_("đăng lúc"))
    reach = models.PositiveIntegerField(_("số người tiếp cận"), default=0)
    reactions = models.PositiveIntegerField(_("lượt bày tỏ cảm xúc"), default=0)
    clicks = models.PositiveIntegerField(_("lượt nhấp"), default=0)
    fetched_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("mức tiếp cận bài mạng xã hội")
        verbose_name_plural = _("mức tiếp cận bài mạng xã hội")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="postreach_one_per_post"
            )
        ]
        indexes = [
            models.Index(fields=["posted_at", "unit_id"], name="postreach_posted_unit")
        ]

    def __str__(self):
        return f"{self.platform} {self.external_id}"


class ReviewStep(models.Model):
    """One step of an item's review inside its unit: who did what, when, and why.

    Any Publishable has these rows (content type and id), written only by
    publishing.workflow.content_save: the editor's submission, the chief editor's
    approval or return with its reason. The change form shows them as the item's
    review history; the author to tell is the actor of the latest submission (#16).
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Gửi duyệt")
        APPROVED = "approved", _("Duyệt")
        RETURNED = "returned", _("Trả lại")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("bước"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    # The submission asked for the home page too: after the unit's approval the item
    # goes on to the office (the existing IN_REVIEW flow).
    wants_home = models.BooleanField(_("đề nghị lên trang chủ"), default=False)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("bước duyệt")
        verbose_name_plural = _("các bước duyệt")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "at"], name="reviewstep_item"
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
