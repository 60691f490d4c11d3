"""The e-mails of a registration, sent once through publishing.notifications.

Keys: ``activities.<message>:registration=<id>``. A confirmation (or the e-mail of
someone moved up from the waiting list) carries the activity's .ics and the QR code
of the check-in code; both are rebuilt from the key at each send attempt
(`registration_attachments`, the notifications' attachment hook), so the table holds
text only. Phone-only registrations get no e-mail: their ticket page is shown at
once after the form.
"""

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from publishing.notifications import notification_enqueue, notification_key

from . import tokens
from .models import Registration

CONFIRMED, WAITING, PROMOTED, CANCELLED = (
    "confirmed",
    "waiting",
    "promoted",
    "cancelled",
)
SUBJECTS = {
    CONFIRMED: _("Xác nhận đăng ký: %(title)s"),
    WAITING: _("Bạn đang trong danh sách chờ: %(title)s"),
    PROMOTED: _("Đã có chỗ cho bạn: %(title)s"),
    CANCELLED: _("Đã hủy đăng ký: %(title)s"),
}
WITH_TICKET = {CONFIRMED, PROMOTED}
KIND_PREFIX = "activities."


def ticket_url(registration: Registration) -> str:
    token = tokens.ticket_token(registration.pk)
    return settings.SITE_URL + reverse("activities:ticket", kwargs={"token": token})


def cancel_url(registration: Registration) -> str:
    token = tokens.cancel_token(registration.pk)
    return settings.SITE_URL + reverse("activities:cancel", kwargs={"token": token})


def registration_checkin_code(registration: Registration) -> str:
    return tokens.checkin_code(
        registration_id=registration.pk, activity_id=registration.activity_id
    )


def qr_png(code: str, *, scale: int = 8) -> bytes:
    """The QR code of `code` as PNG (segno), error correction M."""
    buffer = io.BytesIO()
    segno.make(code, error="m", micro=False).save(
        buffer, kind="png", scale=scale, border=2
    )
    return buffer.getvalue()


def registration_notify(*, registration: Registration, message: str) -> None:
    """Queue `message` to the registrant, once (nothing without an e-mail address)."""
    if not registration.email:
        return
    activity = registration.activity
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"activities/email/{message}.txt",
            {
                "registration": registration,
                "activity": activity,
                "starts_at": timezone.localtime(activity.starts_at),
                "ends_at": timezone.localtime(activity.ends_at),
                "ticket_url": ticket_url(registration),
                "cancel_url": cancel_url(registration),
                "code": registration_checkin_code(registration),
                "organization": settings.ORGANIZATION,
            },
        )
        subject = str(SUBJECTS[message] % {"title": activity.title})
    kind = f"{KIND_PREFIX}{message}"
    notification_enqueue(
        kind=kind,
        key=notification_key(kind, registration=registration.pk),
        to=[registration.email],
        subject=subject,
        body=body,
    )


def registration_attachments(notification) -> list[tuple[str, bytes, str]]:
    """The .ics and QR code of a confirmation (notifications.ATTACHMENTS_HOOK)."""
    kind = notification.kind
    if not kind.startswith(KIND_PREFIX) or kind[len(KIND_PREFIX) :] not in WITH_TICKET:
        return []
    registration_id = int(notification.key.rsplit("=", 1)[-1])
    registration = (
        Registration.objects.select_related("activity")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return []
    from .calendar import calendar_document

    ics = calendar_document(
        activities=[registration.activity],
        now=timezone.now(),
        name=registration.activity.title,
    )
    code = registration_checkin_code(registration)
    return [
        ("hoat-dong.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH"),
        ("ma-diem-danh.png", qr_png(code), "image/png"),
    ]


def qr_data_uri(code: str) -> str:
    """The QR code as an SVG data: URI for the ticket page (the CSP allows data:)."""
    return segno.make(code, error="m", micro=False).svg_data_uri(scale=6, border=2)
