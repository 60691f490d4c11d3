"""Channels at work: build the platform clients from SocialChannel rows and send one
delivery through them. It writes nothing: channels.services.outbox records each
outcome (and passes `record_progress` for Zalo's steps), channels.services.credentials
keeps the tokens fresh with the same clients."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings

from .clients import (
    ChannelDuplicate,
    ChannelRejected,
    ChannelUnavailable,
    FacebookPageClient,
    Post,
    PostResult,
    ZaloOAClient,
)
from .models import Delivery, SocialChannel
from .sharing import Shared

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_ZALO_OPENAPI_URL = "https://openapi.zalo.me"
DEFAULT_ZALO_OAUTH_URL = "https://oauth.zaloapp.com"
# The retry check reads the Page's posts back to the delivery's creation, less this
# margin for clock skew between us and Meta.
LOOKBACK_MARGIN = timedelta(hours=1)


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


def _post(delivery: Delivery, item: Shared, channel) -> Post:
    return Post(
        title=item.title,
        message=item.text,
        link=item.url,
        idempotency_key=delivery.idempotency_key,
        image_url=channel.cover_url or None,
    )


def send(
    *,
    delivery: Delivery,
    item: Shared,
    channel: SocialChannel,
    check_first: bool,
    record_progress: Callable[..., None],
) -> PostResult:
    """Send a claimed delivery of `item`; raises channels.clients errors.

    `record_progress(delivery=..., **fields)` stores each Zalo step as soon as it is
    done (the outbox's delivery_record_progress), so a retry continues from there."""
    payload = _post(delivery, item, channel)
    if channel.kind == SocialChannel.Kind.FACEBOOK:
        return _send_facebook(
            payload,
            channel=channel,
            check_first=check_first,
            since=delivery.created_at - LOOKBACK_MARGIN,
        )
    return _send_zalo(
        payload,
        delivery=delivery,
        channel=channel,
        check_first=check_first,
        since=delivery.created_at - LOOKBACK_MARGIN,
        record_progress=record_progress,
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


def _send_zalo(
    payload: Post,
    *,
    delivery: Delivery,
    channel,
    check_first: bool,
    since: datetime,
    record_progress,
) -> PostResult:
    client = zalo_client(channel)
    try:
        if not delivery.external_id and not delivery.article_token and check_first:
            # The last attempt's create may have reached Zalo and lost its answer:
            # adopt the article carrying our marker rather than create a second.
            found = client.find_article(payload.idempotency_key, since=since)
            if found is not None:
                record_progress(delivery=delivery, external_id=found)
        if not delivery.external_id:
            if not delivery.article_token:
                token = client.create_article(payload)
                record_progress(delivery=delivery, article_token=token)
            article_id = client.verify_article(delivery.article_token)
            record_progress(delivery=delivery, external_id=article_id)
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
            record_progress(delivery=delivery, broadcast_id=message_id)
        return PostResult(external_id=delivery.external_id, url=None)
    finally:
        client.close()
