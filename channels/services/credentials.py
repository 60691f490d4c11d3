"""Social channels: saving one and its credentials, marking one the platform refused,
refreshing a Zalo token (Zalo rotates the refresh token) and the hourly health check
of every channel's token. The platform calls go through channels.runtime's
clients."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ..clients import ChannelAuthError, ChannelError, ChannelUnavailable
from ..models import Delivery, SocialChannel
from ..runtime import facebook_client, zalo_client

# Refresh a Zalo access token (it lives about 25 hours) when it has less than this left.
ZALO_REFRESH_BEFORE = timedelta(hours=3)
AMBIGUOUS_CODES = ("timeout", "connection_error")


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
        ids = Delivery.objects.filter(
            channel=channel,
            status=Delivery.Status.FAILED,
            next_attempt_at__isnull=True,
        ).published_item_ids()
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now)
    return channel


def zalo_token_refresh(
    *, channel_id: int, used_token: str | None = None, now: datetime | None = None
) -> SocialChannel:
    """Trade the refresh token for a new pair, under a row lock on the channel.

    Zalo rotates refresh tokens: the old one dies on use. The lock makes a second
    worker wait, then see that the token changed and use the new one instead of
    refreshing with a dead token. The new pair is committed before it is used.

    A reply lost to a timeout is recorded (`refresh_lost_at`): Zalo may have rotated
    the refresh token already, and if the next refresh is refused the channel is
    stopped with that reason, so the unit knows it must authorise the app again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        channel = SocialChannel.objects.select_for_update().get(pk=channel_id)
        if used_token is not None and channel.access_token != used_token:
            return channel  # refreshed meanwhile by someone else
        client = zalo_client(channel)
        error: ChannelError | None = None
        try:
            pair = client.refresh_access_token()
        except ChannelAuthError as exc:
            if channel.refresh_lost_at:
                exc.message = _refresh_lost_reason(channel.refresh_lost_at, exc)
            channel.rejected_at, channel.last_error = now, exc.message
            channel.save(update_fields=["rejected_at", "last_error"])
            error = exc  # raised after the commit, so the mark is kept
        except ChannelUnavailable as exc:
            if exc.code in AMBIGUOUS_CODES:
                channel.refresh_lost_at = now
                channel.last_error = (
                    "Không nhận được phản hồi khi làm mới mã truy cập Zalo; mã làm "
                    "mới cũ có thể đã bị Zalo thay."
                )
                channel.save(update_fields=["refresh_lost_at", "last_error"])
            error = exc
        else:
            channel.access_token = pair.access_token
            channel.refresh_token = pair.refresh_token
            channel.access_token_expires_at = (
                now + timedelta(seconds=pair.expires_in) if pair.expires_in else None
            )
            channel.rejected_at, channel.last_error = None, ""
            channel.refresh_lost_at = None
            channel.save(
                update_fields=[
                    "access_token",
                    "refresh_token",
                    "access_token_expires_at",
                    "rejected_at",
                    "last_error",
                    "refresh_lost_at",
                ]
            )
        finally:
            client.close()
    if error is not None:
        raise error
    return channel


def _refresh_lost_reason(lost_at: datetime, exc: ChannelError) -> str:
    when = timezone.localtime(lost_at).strftime("%H:%M %d/%m/%Y")
    return (
        f"Zalo từ chối mã làm mới vì lần làm mới lúc {when} bị mất phản hồi sau khi "
        "Zalo đã đổi mã. Quản trị viên OA cần cấp quyền lại cho ứng dụng rồi nhập mã "
        f"truy cập và mã làm mới mới. ({exc.message})"
    )


def channel_rejected(*, channel: SocialChannel, error: str) -> None:
    SocialChannel.objects.filter(pk=channel.pk).update(
        rejected_at=timezone.now(), last_error=error[:1000]
    )


def social_channels_check(
    *, now: datetime | None = None, channels=None
) -> dict[str, str]:
    """Hourly: read Facebook tokens' expiry, refresh Zalo tokens close to expiry, for
    every active channel (or those of `channels`, the admin's selection).

    Returns {channel name: outcome} for the log and the command.
    """
    now = now or timezone.now()
    outcomes = {}
    channels = SocialChannel.objects.all() if channels is None else channels
    for channel in channels.filter(is_active=True):
        if not channel.access_token:
            outcomes[channel.name] = "no credentials"
            continue
        try:
            if channel.kind == SocialChannel.Kind.FACEBOOK:
                client = facebook_client(channel)
                try:
                    info = client.token_info()
                finally:
                    client.close()
                changes = {
                    "access_token_expires_at": info.expires_at,
                    "data_access_expires_at": info.data_access_expires_at,
                    "checked_at": now,
                }
                if not info.is_valid:
                    changes.update(
                        rejected_at=now,
                        last_error="Facebook báo mã truy cập không còn hiệu lực.",
                    )
                SocialChannel.objects.filter(pk=channel.pk).update(**changes)
                outcomes[channel.name] = "valid" if info.is_valid else "invalid"
            else:
                expires = channel.access_token_expires_at
                if channel.refresh_token and (
                    expires is None or expires - now < ZALO_REFRESH_BEFORE
                ):
                    zalo_token_refresh(
                        channel_id=channel.pk, used_token=channel.access_token, now=now
                    )
                    outcomes[channel.name] = "refreshed"
                else:
                    outcomes[channel.name] = "fresh"
                SocialChannel.objects.filter(pk=channel.pk).update(checked_at=now)
        except ChannelAuthError as exc:
            if exc.code == "no_app_credentials":
                # Not the token's fault: say what is missing, do not stop sending.
                SocialChannel.objects.filter(pk=channel.pk).update(
                    last_error=exc.message, checked_at=now
                )
                outcomes[channel.name] = "no app credentials"
                continue
            channel_rejected(channel=channel, error=exc.message)
            outcomes[channel.name] = "rejected"
        except ChannelError as exc:
            SocialChannel.objects.filter(pk=channel.pk).update(
                last_error=exc.message[:1000], checked_at=now
            )
            outcomes[channel.name] = "unavailable"
    return outcomes
