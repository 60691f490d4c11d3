"""Celery adapters over campaigns services: ids in, nothing out, the database decides.

Sending deliveries and checking channels moved to channels.tasks (#14)."""

from celery import shared_task

from channels.services import outbox
from publishing.workflow import publishing_sweep

from .services import plans, posts, reminders


@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def campaign_posts_publish_soon() -> None:
    """Woken by beat every minute: line up precise publication of the campaign posts
    due within the next minute."""
    posts.campaign_posts_publish_soon()


@shared_task(soft_time_limit=240, time_limit=280, ignore_result=True)
def deliveries_due_send() -> None:
    """The every-minute task of before #14, kept for messages queued under its name
    (and a beat still on the old schedule): both halves it did then."""
    outbox.deliveries_due_send()
    posts.campaign_posts_publish_soon()


@shared_task(soft_time_limit=60, time_limit=90, ignore_result=True)
def campaign_posts_publish_due() -> None:
    """An ETA task at a campaign post's due time: run the shared publishing sweep,
    so the post goes live within a second instead of at the next beat tick. The
    sweep claims rows, so running it beside beat's is safe (DESIGN.md, 2)."""
    publishing_sweep()


# Yearly work by nature, run daily so that a missed day catches up; idempotent.
@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def campaign_occurrences_roll() -> None:
    plans.campaign_occurrences_roll()
    posts.campaign_posts_materialise()


@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def campaign_posts_materialise(campaign_id: int | None = None) -> None:
    posts.campaign_posts_materialise(campaign_id=campaign_id)


@shared_task(soft_time_limit=240, time_limit=300, ignore_result=True)
def campaign_reminders_send() -> None:
    reminders.campaign_reminders_send()
