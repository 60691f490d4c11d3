"""Social reach stored per platform post (#14): written by any outbox, read by reports.

The outbox that sent a post (campaigns today; every content type's once #14 point 0
lands) reads the platform's figures back and stores them here with the item the
post was about, so the dashboard reads reach without knowing the outbox's models.
"""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import PostReach


def post_reach_store(
    *,
    platform: str,
    external_id: str,
    item: models.Model,
    unit_id: int | None,
    posted_at: datetime,
    reach: int | None,
    reactions: int | None,
    clicks: int | None,
    now: datetime | None = None,
) -> PostReach:
    """Record the latest figures of one platform post; None keeps what was stored.

    One row per (platform, external_id): a refresh updates it in place, so running
    the refresh twice changes nothing but `fetched_at`.
    """
    row, _created = PostReach.objects.get_or_create(
        platform=platform,
        external_id=external_id,
        defaults={
            "content_type": ContentType.objects.get_for_model(item),
            "object_id": item.pk,
            "unit_id": unit_id,
            "posted_at": posted_at,
            "fetched_at": now or timezone.now(),
        },
    )
    for name, value in (("reach", reach), ("reactions", reactions), ("clicks", clicks)):
        if value is not None:
            setattr(row, name, value)
    row.unit_id = unit_id
    row.fetched_at = now or timezone.now()
    row.save(update_fields=["reach", "reactions", "clicks", "unit_id", "fetched_at"])
    return row
