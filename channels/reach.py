"""Facebook reach read back for the posts the outbox sent in the last days (#14).

It reads the outbox's sent deliveries and asks the Facebook client; the figures go
to publishing.PostReach, keyed by the shared item, where the dashboard reads them
(reports.reach).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from publishing.leases import lease
from publishing.reach import post_reach_store

from .clients import ChannelAuthError, ChannelError
from .models import Delivery, SocialChannel
from .runtime import facebook_client

logger = logging.getLogger(__name__)

# Graph's post figures settle within days; a month covers the campaigns' reach.
REACH_REFRESH_DAYS = 28
REACH_LEASE = "channels.delivery_reach_refresh"


def _sent_to_facebook(*, since: datetime):
    return (
        Delivery.objects.filter(
            status=Delivery.Status.SENT,
            sent_at__gte=since,
            channel__kind=SocialChannel.Kind.FACEBOOK,
        )
        .exclude(external_id="")
        .select_related("channel", "content_type")
        .prefetch_related("target")
        .order_by("channel_id", "pk")
    )


def delivery_reach_refresh(
    *,
    days: int = REACH_REFRESH_DAYS,
    now: datetime | None = None,
    dry_run: bool = False,
) -> dict[str, int]:
    """Read reach, reactions and clicks of every Facebook post sent in `days` days.

    One Graph call per post (two if a metric was deprecated). A channel whose token
    is refused is skipped for the rest of the run (its warning comes from the
    hourly channel check); any other failure skips that post only; figures already
    stored stay. Does nothing while another run holds the lease. Returns counts of
    posts found, refreshed and failed.
    """
    now = now or timezone.now()
    deliveries = list(_sent_to_facebook(since=now - timedelta(days=days)))
    counts = {"posts": len(deliveries), "refreshed": 0, "failed": 0}
    if dry_run or not deliveries:
        return counts
    with lease(REACH_LEASE) as held:
        if not held:
            return counts
        refused: set[int] = set()
        for delivery in deliveries:
            if delivery.channel_id in refused:
                counts["failed"] += 1
                continue
            try:
                figures = facebook_client(delivery.channel).post_insights(
                    delivery.external_id
                )
            except ChannelAuthError as error:
                refused.add(delivery.channel_id)
                counts["failed"] += 1
                logger.warning("reach of %s: %s", delivery.channel, error.message)
                continue
            except ChannelError as error:
                counts["failed"] += 1
                logger.warning("reach of %s: %s", delivery.external_id, error.message)
                continue
            post_reach_store(
                platform="facebook",
                external_id=delivery.external_id,
                item=delivery.target,
                unit_id=getattr(delivery.target, "unit_id", None),
                posted_at=delivery.sent_at,
                reach=figures.reach,
                reactions=figures.reactions,
                clicks=figures.clicks,
                now=now,
            )
            counts["refreshed"] += 1
    return counts
