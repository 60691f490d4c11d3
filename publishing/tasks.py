"""Celery adapters over publishing services: beat wakes them, the database decides."""

from celery import shared_task
from celery.signals import worker_ready
from django.apps import apps

from . import notifications, review, services, workflow
from .circuits import task_enqueue
from .leases import single_run
from .models import SchedulerHeartbeat
from .outbox import outbox_drain


@shared_task(soft_time_limit=10, time_limit=20, ignore_result=True)
def scheduler_heartbeat() -> None:
    """Run by beat every SCHEDULER_HEARTBEAT_SECONDS; its row proves beat is alive."""
    services.scheduler_heartbeat_record(source=SchedulerHeartbeat.Source.BEAT)


@shared_task(soft_time_limit=10, time_limit=20, ignore_result=True)
def worker_ping() -> None:
    """Sent from the admin's "check the worker" button; its row proves a worker runs."""
    services.scheduler_heartbeat_record(source=SchedulerHeartbeat.Source.WORKER)


# Decoding and resizing a 40-megapixel photo takes seconds, not the default minute.
@shared_task(soft_time_limit=180, time_limit=240, ignore_result=True)
def image_renditions_generate(
    app_label: str, model_name: str, pk: int | str, field_name: str
) -> None:
    """Cut an uploaded image into renditions; enqueued by publishing.fields.ImageField."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        return  # deleted before the worker got to it
    services.image_renditions_generate(instance=instance, field_name=field_name)


# A sweep of 10,000 due items takes seconds; the limits leave room for a slow database.
@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
@single_run("publishing.sweep")
def publishing_sweep() -> None:
    """Woken by beat every minute; the database says what is due (DESIGN.md, 1).

    Then sends the tasks that commits promised and could not send (publishing.outbox).
    Overlapping sweeps would be safe (rows are claimed) but pointless: the lease skips
    a second one, and a killed worker's lease ends with its connection (#12).
    """
    try:
        workflow.publishing_sweep()
    finally:
        outbox_drain()


@worker_ready.connect
def publishing_sweep_on_worker_start(sender=None, **kwargs) -> None:
    """A worker that starts (a restart after a crash, a deploy) wakes the sweep at
    once, so what a killed worker left undone goes live within seconds instead of at
    the next tick (#12). Beat still ticks every minute; overlaps skip (the lease)."""
    task_enqueue(publishing_sweep)


# One SMTP conversation: connect, send, quit; Django's EMAIL_TIMEOUT bounds each step.
@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def notification_send(notification_id: int) -> None:
    """Enqueued on commit by notification_enqueue; nothing if taken, sent or gone.

    Never retried by Celery: a transient failure puts the row back to "pending"
    with its backoff, and the sweep sends it when due (one policy, #12).
    """
    notifications.notification_send(notification_id=notification_id)


# Up to NOTIFICATION_SWEEP_BATCH (200) e-mails, each claimed and recorded separately.
@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def notifications_due_send() -> None:
    """Woken by beat every minute: e-mails due, first tries and retries alike.

    Overlapping sweeps are safe: each row is claimed before it is sent.
    """
    notifications.notifications_due_send()


# A few queries per content type and one e-mail row per item: seconds at most.
@shared_task(soft_time_limit=120, time_limit=180, ignore_result=True)
def content_review_due_remind() -> None:
    """Woken by beat every hour: tell the author and reviewers of each item still
    waiting for its unit's review within a day of its publish time (#16). Each
    reminder is one Notification row, so a rerun or an overlap sends nothing twice."""
    review.content_review_due_remind()
