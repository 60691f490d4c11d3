"""Writes of the activities app: saving, registering, cancelling, checking in.

Every change of places goes through a lock on the activity's row
(`select_for_update` inside a transaction): registrations, cancellations, the
waiting list moving up and a capacity change queue up one after another per
activity, so the places held never exceed the capacity whatever the concurrency.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from publishing import hooks
from publishing.models import Status
from publishing.workflow import Intent, content_save

from . import emails, tokens
from .models import Activity, Registration


# -- activities ----------------------------------------------------------------------
def activity_capacity_check(*, activity: Activity, capacity: int | None) -> None:
    """A capacity below the places already held is refused (a form error)."""
    if capacity is None or activity.pk is None:
        return
    held = Registration.objects.filter(activity_id=activity.pk).holding_place().count()
    if capacity < held:
        raise ValidationError(
            {
                "capacity": _(
                    "Đã có %(held)d người giữ chỗ: số chỗ không thể nhỏ hơn %(held)d. "
                    "Hãy hủy bớt đăng ký trước, hoặc giữ số chỗ hiện tại."
                )
                % {"held": held}
            },
            code="capacity_below_registrations",
        )


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    intent: str = Intent.DRAFT,
    may_publish_home: bool = False,
    on_home: bool | None = None,
    review_note: str = "",
    now: datetime | None = None,
) -> Activity:
    """Save an activity through the publishing workflow.

    With the row locked it refuses a capacity below the places held, and when the
    capacity grows the first people waiting move up (and are told by e-mail).
    """
    if activity.pk is not None:
        Activity.objects.select_for_update().filter(pk=activity.pk).first()
        activity_capacity_check(activity=activity, capacity=activity.capacity)
    content_save(
        obj=activity,
        intent=intent,
        may_publish_home=may_publish_home,
        on_home=on_home,
        review_note=review_note,
        now=now,
    )
    registrations_promote(activity=activity, now=now)
    return activity


# -- registrations ------------------------------------------------------------------
def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def registration_closed_reason(*, activity: Activity, now: datetime) -> str | None:
    """Why `activity` takes no registration now (None: it does)."""
    if activity.status != Status.PUBLISHED:
        return _("Hoạt động này chưa đăng hoặc đã gỡ khỏi trang.")
    if not activity.registration_open:
        return _("Hoạt động này không nhận đăng ký trước; mời bạn đến trực tiếp.")
    if now >= activity.ends_at:
        return _("Hoạt động đã kết thúc nên không nhận đăng ký nữa.")
    if now >= activity.starts_at:
        return _("Hoạt động đã bắt đầu nên không nhận đăng ký trực tuyến nữa.")
    return None


@transaction.atomic
def registration_create(
    *,
    activity_id: int,
    name: str,
    email: str = "",
    phone: str = "",
    unit=None,
    now: datetime | None = None,
) -> Registration:
    """Register someone for an activity: a place if one is left, else the waiting list.

    Locks the activity row for the count and the insert. Refused (ValidationError)
    when the activity takes no registration now or this contact already holds an
    active registration. Enqueues the confirmation (with the .ics and the QR code)
    or the waiting-list e-mail in the same transaction.
    """
    now = now or timezone.now()
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise _refused(_("Không tìm thấy hoạt động."), "not_found")
    reason = registration_closed_reason(activity=activity, now=now)
    if reason:
        raise _refused(reason, "closed")
    mine = Registration.objects.filter(activity=activity).active()
    if (email and mine.filter(email__iexact=email).exists()) or (
        phone and mine.filter(phone=phone).exists()
    ):
        raise _refused(
            _(
                "Thư điện tử hoặc số điện thoại này đã đăng ký hoạt động này. Hãy xem "
                "thư xác nhận đã nhận, hoặc hủy đăng ký cũ trước khi đăng ký lại."
            ),
            "duplicate",
        )
    held = Registration.objects.filter(activity=activity).holding_place().count()
    full = activity.capacity is not None and held >= activity.capacity
    registration = Registration(
        activity=activity,
        name=name,
        email=email,
        phone=phone,
        unit=unit,
        status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
    )
    registration.full_clean()
    registration.save()
    emails.registration_notify(
        registration=registration,
        message=emails.WAITING if full else emails.CONFIRMED,
    )
    return registration


@dataclass(frozen=True)
class Cancellation:
    registration: Registration
    changed: bool
    promoted: list[Registration]


@transaction.atomic
def registration_cancel(
    *, registration_id: int, now: datetime | None = None
) -> Cancellation:
    """Cancel a registration (from the signed link in its e-mail).

    A second cancellation changes nothing. A place freed goes to the first person
    waiting, who is told. Refused once the person has checked in or the activity
    has ended.
    """
    now = now or timezone.now()
    activity_id = (
        Registration.objects.filter(pk=registration_id)
        .values_list("activity_id", flat=True)
        .first()
    )
    if activity_id is None:
        raise _refused(_("Không tìm thấy lượt đăng ký."), "not_found")
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == Registration.Status.CANCELLED:
        return Cancellation(registration, changed=False, promoted=[])
    if registration.checked_in_at is not None:
        raise _refused(_("Bạn đã điểm danh nên không thể hủy đăng ký."), "checked_in")
    if now >= activity.ends_at:
        raise _refused(_("Hoạt động đã kết thúc."), "ended")
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    emails.registration_notify(registration=registration, message=emails.CANCELLED)
    promoted = registrations_promote(activity=activity, now=now)
    return Cancellation(registration, changed=True, promoted=promoted)


def registrations_promote(
    *, activity: Activity, now: datetime | None = None
) -> list[Registration]:
    """Move the first people waiting up into the free places; tell each by e-mail.

    Call it with the activity row locked (the callers here do). Does nothing for an
    activity that has started: a place freed at the door goes to a walk-in.
    """
    now = now or timezone.now()
    if activity.pk is None or now >= activity.starts_at:
        return []
    registrations = Registration.objects.filter(activity_id=activity.pk)
    waiting = registrations.waiting()
    if activity.capacity is None:
        free = None
    else:
        free = activity.capacity - registrations.holding_place().count()
        if free <= 0:
            return []
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        emails.registration_notify(registration=registration, message=emails.PROMOTED)
    return promoted


# -- at the door ---------------------------------------------------------------------
class CheckinOutcome:
    OK = "ok"
    ALREADY = "already"
    MALFORMED = "malformed"
    FORGED = "forged"
    OTHER_EVENT = "other_event"
    CANCELLED = "cancelled"
    WAITING = "waiting"


@dataclass(frozen=True)
class CheckinResult:
    outcome: str
    message: str
    attended: int
    registration: Registration | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == CheckinOutcome.OK


def attendance_count(*, activity_id: int) -> int:
    return Registration.objects.filter(activity_id=activity_id).attended().count()


def registration_check_in(
    *, activity: Activity, code: str, user=None, now: datetime | None = None
) -> CheckinResult:
    """Check in the holder of `code` at `activity`, once.

    The code must be the registration's signed code for this very activity. A code
    already used says when, and counts nothing (the update is conditional, so two
    scanners at once count one). Forged codes, codes of another activity, cancelled
    or waiting registrations: a clear refusal, nothing counted.
    """
    now = now or timezone.now()

    def result(outcome, message, registration=None):
        count = attendance_count(activity_id=activity.pk)
        return CheckinResult(outcome, message, count, registration)

    parsed = tokens.checkin_code_parse(code)
    if parsed is None:
        return result(
            CheckinOutcome.MALFORMED,
            _(
                "Mã không đúng dạng. Mã điểm danh gồm số đăng ký, dấu gạch ngang và "
                "12 ký tự (ví dụ 125-3fa94c0b1d2e)."
            ),
        )
    registration = (
        Registration.objects.select_related("activity")
        .filter(pk=parsed.registration_id)
        .first()
    )
    if registration is None or not tokens.checkin_code_matches(
        parsed, activity_id=registration.activity_id
    ):
        return result(
            CheckinOutcome.FORGED,
            _("Mã không hợp lệ: không phải mã do cổng thông tin cấp. Không điểm danh."),
        )
    if registration.activity_id != activity.pk:
        return result(
            CheckinOutcome.OTHER_EVENT,
            _("Mã này thuộc hoạt động khác: “%(title)s”. Không điểm danh.")
            % {"title": registration.activity.title},
        )
    if registration.status == Registration.Status.CANCELLED:
        return result(
            CheckinOutcome.CANCELLED,
            _("%(name)s đã hủy đăng ký. Nếu vẫn tham dự, hãy thêm người đến trực tiếp.")
            % {"name": registration.name},
            registration,
        )
    if registration.status == Registration.Status.WAITING:
        return result(
            CheckinOutcome.WAITING,
            _(
                "%(name)s đang trong danh sách chờ, chưa có chỗ. Nếu còn chỗ trong "
                "hội trường, hãy thêm người đến trực tiếp."
            )
            % {"name": registration.name},
            registration,
        )
    checked = Registration.objects.filter(
        pk=registration.pk, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=user)
    if not checked:
        registration.refresh_from_db(fields=["checked_in_at"])
        return result(
            CheckinOutcome.ALREADY,
            _("%(name)s đã điểm danh lúc %(when)s; không tính thêm lần nữa.")
            % {
                "name": registration.name,
                "when": date_format(
                    timezone.localtime(registration.checked_in_at), "H:i d/m/Y"
                ),
            },
            registration,
        )
    return result(
        CheckinOutcome.OK,
        _("Đã điểm danh: %(name)s.") % {"name": registration.name},
        registration,
    )


def registration_walk_in(
    *,
    activity: Activity,
    name: str,
    email: str = "",
    phone: str = "",
    unit=None,
    user=None,
    now: datetime | None = None,
) -> Registration:
    """Add someone who came without registering: checked in at once.

    Walk-ins take no place of the registration capacity (they are counted by the
    people at the door, not by the form).
    """
    now = now or timezone.now()
    registration = Registration(
        activity=activity,
        name=name,
        email=email,
        phone=phone,
        unit=unit,
        status=Registration.Status.WALK_IN,
        checked_in_at=now,
        checked_in_by=user,
    )
    registration.full_clean()
    registration.save()
    return registration


# -- afterwards ----------------------------------------------------------------------
@transaction.atomic
def activity_article_create(
    *,
    activity: Activity,
    author=None,
    intent: str = Intent.DRAFT,
    may_publish_home: bool = False,
) -> tuple[int, str]:
    """Write the activity's summary and photos as a news article, once.

    Goes through the article service the news app registers (publishing.hooks.
    ARTICLE_CREATE): this app does not import news. The first photo is the cover;
    the others follow the summary. Refused without a summary, when an article was
    made already, or when no app writes articles.
    """
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.article_ref:
        raise _refused(_("Hoạt động này đã được đăng thành bài viết."), "done")
    if not locked.report.strip():
        raise _refused(
            _("Hãy viết phần tổng kết trước khi đăng thành bài viết."), "no_report"
        )
    writers = hooks.get_hooks(hooks.ARTICLE_CREATE)
    if not writers:
        raise _refused(_("Chưa có ứng dụng tin tức để đăng bài."), "no_writer")
    photos = list(locked.photos.all())
    cover = None
    if photos:
        with photos[0].image.open("rb") as file:
            cover = ContentFile(file.read(), name=photos[0].image.name)
    figures = "".join(
        format_html(
            '<figure><img src="{}" alt="{}"><figcaption>{}</figcaption></figure>',
            photo.image.url,
            photo.alt,
            photo.alt,
        )
        for photo in photos[1:]
    )
    pk, url = writers[-1](
        title=locked.title,
        summary=locked.summary,
        body=locked.report + figures,
        unit_id=locked.unit_id,
        author=author,
        intent=intent,
        may_publish_home=may_publish_home,
        cover=cover,
        cover_alt=photos[0].alt if photos else "",
    )
    Activity.objects.filter(pk=locked.pk).update(article_ref=pk)
    activity.article_ref = pk
    return pk, url
