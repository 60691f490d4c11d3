"""Social channels: saving one and its credentials."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from publishing.models import Status

from ..models import Delivery, SocialChannel


@transaction.atomic
def social_channel_save(
    *,
    channel: SocialChannel,
    access_token: str = "",
    refresh_token: str = "",
    app_secret: str = "",
    now: datetime | None = None,
) -> SocialChannel:
    """Save a channel; a non-empty secret replaces the stored one (empty keeps it).

    New credentials clear the "rejected" mark and send again the deliveries that
    failed because the old token was refused.
    """
    now = now or timezone.now()
    new_credentials = bool(access_token or refresh_token or app_secret)
    if access_token:
        channel.access_token = access_token.strip()
    if refresh_token:
        channel.refresh_token = refresh_token.strip()
    if app_secret:
        channel.app_secret = app_secret.strip()
    if new_credentials:
        channel.credentials_updated_at = now
        channel.rejected_at = None
        channel.last_error = ""
    channel.full_clean()
    channel.save()
    if new_credentials and channel.pk:
        ids = list(
            Delivery.objects.filter(
                channel=channel,
                status=Delivery.Status.FAILED,
                next_attempt_at__isnull=True,
                post__status=Status.PUBLISHED,
            ).values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
    return channel
