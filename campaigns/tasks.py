"""Celery adapters over campaigns services: ids in, nothing out, the database decides."""

from celery import shared_task

from publishing.workflow import publishing_sweep

from .services import channels, outbox, plans, posts, reminders


# One delivery: at most two HTTP calls of CHANNEL_TIMEOUT_SECONDS (10 s) for Facebook,
# three for Zalo plus a token refresh. The delivery's lease is held meanwhile; if the
# worker dies it goes with it and the next tick finishes the delivery.
@shared_task(soft_time_limit=90, time_limit=120, ignore_result=True)
def delivery_send(delivery_id: int) -> None:
    """Send one released delivery now; quietly nothing if sent, taken or gone."""
    outbox.delivery_send(
        delivery_id=delivery_id
    )  # channel errors are recorded on the row


# Up to 200 deliveries per run; each is claimed and recorded separately.
@shared_task(soft_time_limit=240, time_limit=280, ignore_result=True)
def deliveries_due_send() -> None:
    """Woken by beat every minute: send what is due (retries included), and line up
    precise publication of campaign posts due within the next minute."""
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


# A few HTTP calls per channel, each with a 10 s timeout.
@shared_task(soft_time_limit=120, time_limit=150, ignore_result=True)
def social_channels_check() -> None:
    channels.social_channels_check()


# One or two Graph calls of CHANNEL_TIMEOUT_SECONDS per post of the last 28 days.
@shared_task(soft_time_limit=540, time_limit=600, ignore_result=True)
def delivery_reach_refresh() -> None:
    """Woken by beat every six hours: read back Facebook reach of recent posts."""
    from .reach import delivery_reach_refresh as refresh

    refresh()
