"""Channels at work: build clients from SocialChannel rows, send one delivery, keep
tokens fresh. Called by services; the only module that talks to the platforms."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .channels import (
    ChannelAuthError,
    ChannelDuplicate,
    ChannelError,
    ChannelRejected,
    ChannelTokenExpired,
    ChannelUnavailable,
    FacebookPageClient,
    Post,
    PostResult,
    ZaloOAClient,
)
from .models import CampaignPost, Delivery, SocialChannel

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_ZALO_OPENAPI_URL = "https://openapi.zalo.me"
DEFAULT_ZALO_OAUTH_URL = "https://oauth.zaloapp.com"
# Refresh a Zalo access token (it lives about 25 hours) when it has less than this left.
ZALO_REFRESH_BEFORE = timedelta(hours=3)
# The retry check reads the Page's posts back to the delivery's creation, less this
# margin for clock skew between us and Meta.
LOOKBACK_MARGIN = timedelta(hours=1)
AMBIGUOUS_CODES = ("timeout", "connection_error")


def _timeout() -> float:
    return float(getattr(settings, "CHANNEL_TIMEOUT_SECONDS", 10))


def facebook_client(channel: SocialChannel) -> FacebookPageClient:
    return FacebookPageClient(
        channel.page_id,
        channel.access_token,
        app_id=channel.app_id or None,
        app_secret=channel.app_secret or None,
        api_version=channel.api_version or "v23.0",
        base_url=getattr(settings, "FACEBOOK_GRAPH_URL", DEFAULT_GRAPH_URL),
        timeout=_timeout(),
    )


def zalo_client(channel: SocialChannel) -> ZaloOAClient:
    return ZaloOAClient(
        channel.access_token,
        base_url=getattr(settings, "ZALO_OPENAPI_URL", DEFAULT_ZALO_OPENAPI_URL),
        oauth_url=getattr(settings, "ZALO_OAUTH_URL", DEFAULT_ZALO_OAUTH_URL),
        app_id=channel.app_id or None,
        secret_key=channel.app_secret or None,
        refresh_token=channel.refresh_token or None,
        author=settings.ORGANIZATION["short_name"],
        timeout=_timeout(),
    )


def _post(delivery: Delivery, post: CampaignPost, link: str, channel) -> Post:
    from publishing.richtext import richtext_to_text

    return Post(
        title=post.title,
        message=richtext_to_text(post.body),
        link=link,
        idempotency_key=delivery.idempotency_key,
        image_url=channel.cover_url or None,
    )


def send(
    *,
    delivery: Delivery,
    post: CampaignPost,
    channel: SocialChannel,
    link: str,
    check_first: bool,
) -> PostResult:
    """Send a claimed delivery; raises campaigns.channels errors."""
    payload = _post(delivery, post, link, channel)
    if channel.kind == SocialChannel.Kind.FACEBOOK:
        return _send_facebook(
            payload,
            channel=channel,
            check_first=check_first,
            since=delivery.created_at - LOOKBACK_MARGIN,
        )
    return _with_zalo_refresh(
        channel, lambda ch: _send_zalo(payload, delivery=delivery, channel=ch)
    )


def _send_facebook(
    payload: Post, *, channel, check_first: bool, since: datetime
) -> PostResult:
    client = facebook_client(channel)
    try:
        if check_first:
            # The previous attempt timed out or its worker died: the post may be on
            # the Page already. Find it by its marker among the Page's own posts,
            # as far back as the delivery exists, before posting again.
            found = client.find_published_post(payload.idempotency_key, since=since)
            if found is not None:
                return found
        try:
            return client.publish(payload)
        except ChannelDuplicate as exc:
            # #506: Facebook holds this very message already. After an ambiguous
            # attempt that is our post; find it rather than fail (#19).
            found = client.find_published_post(payload.idempotency_key, since=since)
            if found is not None:
                return found
            raise ChannelRejected(
                "Facebook báo bài trùng với một bài đã có trên Trang nhưng không tìm "
                "thấy bài mang mã của lượt gửi này: kiểm tra Trang, sửa nội dung bài "
                "nếu cần rồi bấm “Gửi lại”.",
                code=exc.code,
                status=exc.status,
            ) from exc
    finally:
        client.close()


def _send_zalo(payload: Post, *, delivery: Delivery, channel) -> PostResult:
    from .services.outbox import delivery_record_progress

    client = zalo_client(channel)
    try:
        if not delivery.external_id:
            if not delivery.article_token:
                token = client.create_article(payload)
                delivery_record_progress(delivery=delivery, article_token=token)
            article_id = client.verify_article(delivery.article_token)
            delivery_record_progress(delivery=delivery, external_id=article_id)
        if channel.broadcast and not delivery.broadcast_id:
            try:
                message_id = client.broadcast(delivery.external_id)
            except ChannelUnavailable as exc:
                if exc.code in ("timeout", "connection_error"):
                    # Zalo cannot tell whether a broadcast went out, and a second one
                    # reaches every follower again: a person must check, then retry.
                    exc.final = True
                    exc.message = (
                        "Không rõ tin broadcast Zalo đã gửi hay chưa (hết thời gian "
                        "chờ). Kiểm tra trong Zalo OA; nếu chưa có, bấm “Gửi lại”."
                    )
                raise
            delivery_record_progress(delivery=delivery, broadcast_id=message_id)
        return PostResult(external_id=delivery.external_id, url=None)
    finally:
        client.close()


def _with_zalo_refresh(channel: SocialChannel, call):
    """Run `call(channel)`; on an expired access token, refresh once and retry."""
    try:
        return call(channel)
    except ChannelTokenExpired:
        if not channel.refresh_token:
            raise
        fresh = zalo_token_refresh(
            channel_id=channel.pk, used_token=channel.access_token
        )
        return call(fresh)


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


def social_channels_check(*, now: datetime | None = None) -> dict[str, str]:
    """Hourly: read Facebook tokens' expiry, refresh Zalo tokens close to expiry.

    Returns {channel name: outcome} for the log and the command.
    """
    now = now or timezone.now()
    outcomes = {}
    for channel in SocialChannel.objects.filter(is_active=True):
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
