"""Reads of the channels app for the admin: channels whose token needs a person,
warnings (tokens expiring, rejected or lost; deliveries failed for good) and overdue
deliveries for /healthz; fixed query counts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Delivery, SocialChannel

TOKEN_WARNING_DAYS = 7


def channels_needing_credentials(
    *, now: datetime | None = None, channels=None
) -> list[SocialChannel]:
    """Active channels (of `channels`, every one by default) whose token was rejected
    or expires within TOKEN_WARNING_DAYS (one query)."""
    now = now or timezone.now()
    soon = now + timedelta(days=TOKEN_WARNING_DAYS)
    channels = SocialChannel.objects.all() if channels is None else channels
    return list(
        channels.filter(is_active=True)
        .filter(Q(rejected_at__isnull=False) | Q(access_token_expires_at__lt=soon))
        .order_by("access_token_expires_at", "name")
    )


# -- admin warnings ------------------------------------------------------------------
def channel_warning_list(*, now: datetime | None = None, channels=None) -> list[str]:
    """What is wrong with each active channel of `channels` (every one by default):
    a token rejected, lost or expiring within 7 days, credentials missing (one
    query)."""
    return [
        warning for _channel, warning in channel_warnings(now=now, channels=channels)
    ]


def channel_warnings(*, now: datetime | None = None, channels=None) -> list[tuple]:
    """(channel, warning) for each active channel of `channels` that has one."""
    now = now or timezone.now()
    channels = SocialChannel.objects.all() if channels is None else channels
    found = (
        (channel, _channel_warning(channel, now=now))
        for channel in channels.filter(is_active=True).order_by("name")
    )
    return [(channel, warning) for channel, warning in found if warning]


def deliveries_stuck(*, channels=None):
    """Deliveries that failed for good and wait for a person (of `channels`)."""
    stuck = Delivery.objects.filter(
        status=Delivery.Status.FAILED, next_attempt_at__isnull=True
    )
    return stuck if channels is None else stuck.filter(channel__in=channels)


def _channel_warning(channel: SocialChannel, *, now: datetime) -> str | None:
    """The most pressing thing wrong with one channel, or None."""
    if channel.rejected_at:
        return _(
            "Kênh “%(name)s”: nền tảng đã từ chối mã truy cập (%(error)s). "
            "Hãy nhập mã mới, nếu không các bài sẽ không được gửi."
        ) % {"name": channel.name, "error": channel.last_error or "?"}
    if channel.refresh_lost_at:
        return _(
            "Kênh “%(name)s”: %(error)s Nếu kênh bị từ chối, quản trị viên OA "
            "cần cấp quyền lại cho ứng dụng."
        ) % {"name": channel.name, "error": channel.last_error}
    expiry = _channel_expiry_warning(channel, now=now)
    if expiry:
        return expiry
    if channel.missing_credentials():
        return _("Kênh “%(name)s” chưa có đủ thông tin đăng nhập: %(missing)s.") % {
            "name": channel.name,
            "missing": ", ".join(channel.missing_credentials()),
        }
    return None


def _channel_expiry_warning(channel: SocialChannel, *, now: datetime) -> str | None:
    """The app's data access, or a Facebook token, expiring within the warning days."""
    soon = timedelta(days=TOKEN_WARNING_DAYS)
    if channel.data_access_expires_at and channel.data_access_expires_at - now < soon:
        return _(
            "Kênh “%(name)s”: quyền truy cập dữ liệu của ứng dụng hết hạn lúc "
            "%(when)s. Quản trị viên Trang cần đăng nhập ứng dụng để cấp lại "
            "quyền, rồi nhập mã truy cập mới."
        ) % {
            "name": channel.name,
            "when": _local_minute(channel.data_access_expires_at),
        }
    if (
        channel.kind == SocialChannel.Kind.FACEBOOK
        and channel.access_token_expires_at
        and channel.access_token_expires_at - now < soon
    ):
        return _(
            "Kênh “%(name)s”: mã truy cập hết hạn lúc %(when)s. Hãy nhập mã "
            "mới trước khi các bài bắt đầu gửi lỗi."
        ) % {
            "name": channel.name,
            "when": _local_minute(channel.access_token_expires_at),
        }
    return None


def _local_minute(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def admin_warning_list(*, now: datetime | None = None) -> list[str]:
    """What the admin index should warn about (two queries): channels, and social
    deliveries that failed for good and wait for a person."""
    warnings = channel_warning_list(now=now)
    stuck = deliveries_stuck().count()
    if stuck:
        warnings.append(deliveries_stuck_text(stuck))
    return warnings


def deliveries_stuck_text(stuck: int) -> str:
    return ngettext(
        "%(count)d lượt gửi mạng xã hội bị lỗi và cần người xử lý (mục Lượt "
        "gửi mạng xã hội).",
        "%(count)d lượt gửi mạng xã hội bị lỗi và cần người xử lý (mục Lượt "
        "gửi mạng xã hội).",
        stuck,
    ) % {"count": stuck}


def deliveries_overdue_counts(*, now: datetime, grace) -> dict[str, int]:
    """Deliveries due longer than `grace` ago and not sent, or "sending" that long
    (longer than a send may take): counted as overdue by /healthz and the admin."""
    overdue = Delivery.objects.filter(
        Q(
            status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED],
            next_attempt_at__lte=now - grace,
        )
        | Q(status=Delivery.Status.SENDING, sending_started_at__lte=now - grace)
    )
    return {Delivery._meta.label: overdue.count()}
