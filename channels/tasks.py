"""Celery adapters over the outbox and channel services: ids in, nothing out, the
database decides.

The tasks were campaigns.tasks.* before #14; the old names stay registered (below)
so that messages already queued under them, and a beat still running the old
schedule, keep working."""

from celery import shared_task

from . import reach
from .services import credentials, outbox


# One delivery: at most two HTTP calls of CHANNEL_TIMEOUT_SECONDS (10 s) for Facebook,
# three for Zalo plus a token refresh. The delivery's lease is held meanwhile; if the
# worker dies it goes with it and the next tick finishes the delivery.
@shared_task(soft_time_limit=90, time_limit=120, ignore_result=True)
def delivery_send(delivery_id: int) -> None:
    """Send one released delivery now; quietly nothing if sent, taken or gone."""
    outbox.delivery_send(delivery_id=delivery_id)  # errors are recorded on the row


# Up to 200 deliveries per run; each is claimed and recorded separately.
@shared_task(soft_time_limit=240, time_limit=280, ignore_result=True)
def deliveries_due_send() -> None:
    """Woken by beat every minute: send what is due (retries included)."""
    outbox.deliveries_due_send()


# A few HTTP calls per channel, each with a 10 s timeout.
@shared_task(soft_time_limit=120, time_limit=150, ignore_result=True)
def social_channels_check() -> None:
    credentials.social_channels_check()


# One or two Graph calls of CHANNEL_TIMEOUT_SECONDS per post of the last 28 days.
@shared_task(soft_time_limit=540, time_limit=600, ignore_result=True)
def delivery_reach_refresh() -> None:
    """Woken by beat every six hours: read back Facebook reach of recent posts."""
    reach.delivery_reach_refresh()


# The names of before #14, for messages queued under them.
@shared_task(
    name="campaigns.tasks.delivery_send",
    soft_time_limit=90,
    time_limit=120,
    ignore_result=True,
)
def delivery_send_old_name(delivery_id: int) -> None:
    outbox.delivery_send(delivery_id=delivery_id)


@shared_task(
    name="campaigns.tasks.social_channels_check",
    soft_time_limit=120,
    time_limit=150,
    ignore_result=True,
)
def social_channels_check_old_name() -> None:
    credentials.social_channels_check()
