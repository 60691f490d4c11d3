"""Celery adapters over guidance services: ids in, the database decides."""

from celery import shared_task


# pypdf on a 300-page scanned plan can take a while; extraction stops at 200k chars.
@shared_task(soft_time_limit=120, time_limit=180, ignore_result=True)
def attachment_text_extract(attachment_id: int) -> None:
    """Enqueued on commit when a file is uploaded; quiet if the file is gone."""
    from .services import attachment_text_extract as extract

    extract(attachment_id=attachment_id)


@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def distribution_reminders_send() -> None:
    """Woken by beat; one Notification row per reminder: each goes out once."""
    from django.core.cache import cache

    from .services import distribution_reminders_send as send

    # Overlapping runs are safe (rows are claimed) but pointless: skip if one runs.
    if not cache.add("guidance:reminders-lock", "1", timeout=300):
        return
    try:
        send()
    finally:
        cache.delete("guidance:reminders-lock")


@shared_task(soft_time_limit=120, time_limit=180, ignore_result=True)
def overdue_digest_send() -> None:
    """Woken by beat daily; the week's Notification key makes it weekly."""
    from .services import overdue_digest_send as send

    send()
