"""The task outbox: Celery work a commit promised, recorded in that commit (#12).

A service that must start a task after its change calls
`task_enqueue_on_commit(task, *args)` inside its transaction. That writes an
`OutboxTask` row with the change, and after the commit tries to send the task at
once. The row goes only when the broker has the message; a row left behind (broker
down, worker killed between commit and send, another after-commit callback that
raised) is sent by `outbox_drain`, which the publishing sweep runs every minute. So
the work a commit promised starts within a tick of the broker being reachable, never
"maybe".

Sending is at least once: a task sent this way must be idempotent (they claim their
row, e.g. "sent at", before acting).
"""

import logging
from datetime import datetime, timedelta

from celery import current_app
from django.db import transaction
from django.utils import timezone

from .circuits import Unavailable, broker_circuit
from .models import OutboxTask

logger = logging.getLogger(__name__)
# The commit's own send goes first; the sweep leaves a row this long before sending it.
OUTBOX_SEND_GRACE = timedelta(seconds=30)


def task_enqueue_on_commit(task, *args, **kwargs) -> OutboxTask:
    """Record `task(*args, **kwargs)` in the current transaction, send it after commit.

    Arguments must be JSON (ids, not objects). Outside a transaction the row is
    written and sent at once.
    """
    row = OutboxTask.objects.create(
        task=task.name,
        args=list(args),
        kwargs=kwargs,
        next_attempt_at=timezone.now() + OUTBOX_SEND_GRACE,
    )
    pk = row.pk

    def send_now():  # a function, not a partial: Django logs a robust hook's name
        outbox_send(pk=pk)

    transaction.on_commit(send_now, robust=True)
    return row


def outbox_send(*, pk: int) -> bool:
    """Send one outbox row's task and delete the row; False if it stays for later.

    The row is locked (skipping one another process is sending), so the commit's
    own send and the sweep never send the same row at the same time.
    """
    with transaction.atomic():
        row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk)
        row = row.first()
        if row is None:
            return False  # sent already, or being sent
        return _send(row) == SENT


SENT, BROKER_DOWN, REFUSED = "sent", "broker_down", "refused"
# A row the broker took but Celery refused (an unknown task, a bad argument) is kept,
# shown as overdue, and tried again this much later, after the others.
REFUSED_RETRY = timedelta(hours=1)


def _send(row: OutboxTask) -> str:
    changes = {"attempts": row.attempts + 1}
    try:
        task = current_app.tasks[row.task]
        broker_circuit.call(task.delay, *row.args, **row.kwargs)
    except Unavailable as error:
        outcome = BROKER_DOWN
        changes["last_error"] = f"broker unavailable: {error.__cause__ or error}"
    except Exception as error:
        logger.exception("outbox: could not send %s", row)
        outcome = REFUSED
        changes["last_error"] = f"{type(error).__name__}: {error}"
        changes["next_attempt_at"] = timezone.now() + REFUSED_RETRY
    else:
        row.delete()
        return SENT
    changes["last_error"] = changes["last_error"][:1000]
    OutboxTask.objects.filter(pk=row.pk).update(**changes)
    return outcome


def outbox_drain(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send every outbox row due by `now` (run by the sweep); returns how many went.

    Stops when the broker is down: the rest wait for the next tick.
    """
    now = now or timezone.now()
    sent = 0
    for _attempt in range(limit):
        with transaction.atomic():
            row = (
                OutboxTask.objects.select_for_update(skip_locked=True)
                .filter(next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            outcome = _send(row) if row is not None else None
        if outcome in (None, BROKER_DOWN):
            break
        sent += outcome == SENT
    if sent:
        logger.info("outbox: sent %d task(s) left by their commits", sent)
    return sent


def outbox_overdue_count(*, now: datetime, grace: timedelta) -> int:
    """Rows written longer than `grace` ago and still not sent (broker down, or worse);
    /healthz and the admin count them as overdue."""
    return OutboxTask.objects.filter(created_at__lte=now - grace).count()
