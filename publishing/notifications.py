"""Send-once e-mail for every app: one table, one key scheme, one failure policy.

Every e-mail and reminder the site sends (guidance reminders and digests, campaign
reminders, the consultation e-mails) is a `Notification` row, written by
`notification_enqueue` in the transaction of the change that promises it, and sent
by `notification_send`: at once by a task enqueued on commit, and otherwise by the
minute's sweep (`notifications_due_send`), so a broker outage delays an e-mail by one
tick and never loses it (DESIGN.md, 7).

Key scheme: ``<app>.<message>:<name>=<value>[:<name>=<value>...]``, built by
`notification_key`, e.g. ``guidance.reminder.due:distribution=12``,
``guidance.digest:week=2026-11-30``, ``campaigns.reminder:occurrence=5:user=7``,
``consultation.answer_ready:question=9``. The key is unique: enqueueing the same
message again does nothing, whatever the restarts and workers.

Failure policy (#12): never send twice; retry only what certainly did not go.
- The row is claimed (pending -> sending, committed) before the SMTP conversation; a
  second worker's claim finds it taken. The e-mail carries a Message-ID made from the
  row, so even a copy resent by staff is recognisably the same message.
- A transient failure, where the server certainly did not take the message (the
  connection could not be opened, or the server answered 4xx), goes back to
  "pending" with exponential backoff, NOTIFICATION_MAX_ATTEMPTS attempts in all
  (about two hours), then "failed".
- Anything else is "failed" at once: a 5xx answer will not change, and a timeout or
  a dropped connection in the middle of sending may have delivered the message.
- A row left "sending" for NOTIFICATION_SENDING_STALE_MINUTES (a worker killed
  mid-send) becomes "failed", not sent again: it may have gone.
Staff see failed rows in the admin and may send one again by hand
(`notification_resend`), knowingly.
"""

import errno
import logging
import smtplib
import socket
from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import hooks
from .circuits import task_enqueue
from .models import Notification

logger = logging.getLogger(__name__)

NOTIFICATION_MAX_ATTEMPTS = 8
NOTIFICATION_RETRY_BASE_SECONDS = 60
NOTIFICATION_RETRY_MAX_SECONDS = 3600
NOTIFICATION_SENDING_STALE_MINUTES = 5
NOTIFICATION_SWEEP_BATCH = 200
# fn(notification) -> [(filename, content bytes, mimetype)]: files to attach to a
# message, rebuilt from its key at every send attempt so that the table holds no
# binary (an activity's .ics and QR code, #15). Each function answers [] for kinds
# that are not its own.
ATTACHMENTS_HOOK = "notification_attachments"
_UNREACHABLE = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH}


def notification_key(kind: str, **parts) -> str:
    """``kind:name=value:...`` with the parts in the order given."""
    return ":".join([kind, *(f"{name}={value}" for name, value in parts.items())])


def notification_keys_taken(keys: Sequence[str]) -> set[str]:
    """Which of `keys` already have a row (one query): their messages need no render."""
    return set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))


def notification_enqueue(
    *,
    kind: str,
    key: str,
    to: Sequence[str],
    subject: str,
    body: str,
    html_body: str = "",
    headers: dict[str, str] | None = None,
) -> Notification | None:
    """Record an e-mail to send once; None if a row with `key` exists already.

    Call it inside the transaction that makes the promise: the row commits with it,
    and on commit a task sends it at once (the sweep does if the broker is down).
    Without recipients the row is stored "failed" so that it is not tried again.
    Due at once, by the wall clock (a caller's business "now" may be another day).
    `html_body` is sent as an HTML alternative of `body`; `headers` are added to the
    message (the Message-ID stays the row's).
    """
    now = timezone.now()
    recipients = list(dict.fromkeys(address for address in to if address))
    notification = Notification(
        key=key,
        kind=kind,
        to=recipients,
        subject=" ".join(subject.split()),  # a header holds no line break
        body=body,
        html_body=html_body,
        headers=dict(headers or {}),
        next_attempt_at=now if recipients else None,
        status=Notification.Status.PENDING
        if recipients
        else Notification.Status.FAILED,
        last_error="" if recipients else "no recipients",
    )
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return None
    if recipients:
        _send_after_commit(notification.pk)
    return notification


def _send_after_commit(pk: int) -> None:
    """Start the send task once the row is committed (the sweep does if this fails)."""

    def enqueue():
        # publishing.tasks imports this module: the task is looked up when enqueued.
        from .tasks import notification_send as task

        task_enqueue(task, pk)

    transaction.on_commit(enqueue)


def notification_retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes after the attempts so far, at most an hour."""
    seconds = NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, NOTIFICATION_RETRY_MAX_SECONDS))


def _refused_for_now(error: Exception) -> bool:
    """The server answered "try later" (4xx): it did not take the message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return False


def _unreachable(error: Exception) -> bool:
    return isinstance(error, ConnectionRefusedError | socket.gaierror) or (
        isinstance(error, OSError) and error.errno in _UNREACHABLE
    )


def _message(notification: Notification, connection) -> EmailMessage:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        notification.subject,
        notification.body,
        None,
        notification.to,
        connection=connection,
        headers={
            **notification.headers,
            "Message-ID": f"<notification-{notification.pk}@{host}>",
        },
    )
    if notification.html_body:
        message.attach_alternative(notification.html_body, "text/html")
    for attachments in hooks.get_hooks(ATTACHMENTS_HOOK):
        for filename, content, mimetype in attachments(notification):
            message.attach(filename, content, mimetype)
    return message


def _finish(notification: Notification, **fields) -> None:
    fields["updated_at"] = timezone.now()
    Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING
    ).update(**fields)


def _failed(notification: Notification, error: Exception, *, transient: bool) -> None:
    text = f"{type(error).__name__}: {error}"[:1000]
    if transient and notification.attempts < NOTIFICATION_MAX_ATTEMPTS:
        delay = notification_retry_delay(notification.attempts)
        logger.warning("e-mail %s failed, retried in %s", notification.key, delay)
        _finish(
            notification,
            status=Notification.Status.PENDING,
            next_attempt_at=timezone.now() + delay,
            last_error=text,
        )
        return
    logger.error("e-mail %s not sent: %s", notification.key, text)
    _finish(
        notification,
        status=Notification.Status.FAILED,
        next_attempt_at=None,
        last_error=text,
    )


def notification_send(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one due notification if this caller wins its claim; True if it went.

    Does nothing (False) when the row is gone, sent, failed, being sent by another
    worker, or not yet due. Must run outside a transaction: the claim commits before
    the SMTP conversation starts. Failures follow the module's policy.
    """
    now = now or timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id,
        status=Notification.Status.PENDING,
        next_attempt_at__lte=now,
    ).update(
        status=Notification.Status.SENDING,
        attempts=F("attempts") + 1,
        sending_started_at=now,
        updated_at=now,
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    connection = get_connection()
    try:
        connection.open()  # nothing has been said about the message yet
    except Exception as error:
        _failed(notification, error, transient=isinstance(error, OSError))
        return False
    try:
        _message(notification, connection).send()
    except Exception as error:
        transient = _refused_for_now(error) or _unreachable(error)
        _failed(notification, error, transient=transient)
        return False
    finally:
        connection.close()
    _finish(
        notification,
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
    )
    return True


def notifications_due_send(
    *, now: datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """The sweep, woken by beat every minute: send what is due, retries included.

    First marks "failed" the rows a dead worker left "sending" (they may have gone,
    so they are not sent again). Returns counts: due, sent, interrupted.
    """
    now = now or timezone.now()
    stale = Notification.objects.filter(
        status=Notification.Status.SENDING,
        sending_started_at__lt=now
        - timedelta(minutes=NOTIFICATION_SENDING_STALE_MINUTES),
    )
    due_ids = list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:NOTIFICATION_SWEEP_BATCH]
    )
    if dry_run:
        return {"due": len(due_ids), "sent": 0, "interrupted": stale.count()}
    interrupted = stale.update(
        status=Notification.Status.FAILED,
        next_attempt_at=None,
        last_error="interrupted while sending: it may have gone, not sent again",
        updated_at=now,
    )
    sent = sum(notification_send(notification_id=pk, now=now) for pk in due_ids)
    return {"due": len(due_ids), "sent": sent, "interrupted": interrupted}


def notification_resend(
    *, notification: Notification, now: datetime | None = None
) -> bool:
    """Staff send a failed e-mail again, knowingly (it may have gone the first time).

    Only a failed row with recipients changes; returns whether it did.
    """
    if not notification.to:
        return False
    now = now or timezone.now()
    changed = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.FAILED
    ).update(
        status=Notification.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        updated_at=now,
    )
    return bool(changed)
