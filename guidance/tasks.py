"""Celery adapters over guidance services: ids in, the database decides."""

from celery import shared_task

from publishing.leases import single_run

from . import services


# pypdf on a 300-page scanned plan can take a while; extraction stops at 200k chars.
@shared_task(soft_time_limit=120, time_limit=180, ignore_result=True)
def attachment_text_extract(attachment_id: int) -> None:
    """Enqueued on commit when a file is uploaded; quiet if the file is gone."""
    services.attachment_text_extract(attachment_id=attachment_id)


# Overlapping runs are safe (rows are claimed) but pointless: the lease skips one.
@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
@single_run("guidance.reminders")
def distribution_reminders_send() -> None:
    """Woken by beat; one Notification row per reminder: each goes out once."""
    services.distribution_reminders_send()


@shared_task(soft_time_limit=120, time_limit=180, ignore_result=True)
def overdue_digest_send() -> None:
    """Woken by beat daily; the week's Notification key makes it weekly."""
    services.overdue_digest_send()
