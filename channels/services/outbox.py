"""The delivery outbox every content type shares: releasing an item's deliveries
when it goes live, claiming one under its lease, sending it through
channels.runtime (refreshing an expired Zalo token once), recording the outcome,
retrying."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.circuits import task_enqueue
from publishing.leases import lease
from publishing.models import Status

from .. import runtime, sharing, tasks
from ..clients import (
    ChannelAuthError,
    ChannelError,
    ChannelTokenExpired,
    ChannelUnavailable,
    PostResult,
)
from ..models import Delivery, SocialChannel
from ..querysets import UNKNOWN_OUTCOME_SETTLE
from .credentials import channel_rejected, zalo_token_refresh

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_CAP = timedelta(hours=6)


def _retry_base_seconds() -> float:
    return float(getattr(settings, "CAMPAIGNS_RETRY_BASE_SECONDS", 60))


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failed attempt: 1, 2, 4... minutes."""
    delay = timedelta(seconds=_retry_base_seconds() * 2 ** max(attempts - 1, 0))
    return min(delay, RETRY_CAP)


def deliveries_release(*, model, pks, now: datetime | None = None) -> list[int]:
    """Items of `model` went live: their waiting deliveries become due now. Returns
    their ids.

    Runs in the publishing transaction (publishing.signals.published). It waits for
    a row another transaction holds rather than skipping it: a skipped delivery would
    stay "waiting" behind a published item (the next tick's
    deliveries_waiting_release repairs that all the same).
    """
    waiting = Delivery.objects.of_items(model=model, pks=list(pks))
    return _release(waiting, now=now)


def deliveries_waiting_release(*, now: datetime | None = None) -> list[int]:
    """Release deliveries still "waiting" behind an item that is already published
    (its publication's release never reached them); run by each deliveries tick."""
    ids = Delivery.objects.filter(status=Delivery.Status.WAITING).published_item_ids()
    if not ids:
        return []
    logger.warning("releasing deliveries left waiting behind published items %s", ids)
    return _release(Delivery.objects.filter(pk__in=ids), now=now)


def _release(deliveries, *, now: datetime | None) -> list[int]:
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            deliveries.filter(status=Delivery.Status.WAITING)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.WAITING).update(
            status=Delivery.Status.PENDING, next_attempt_at=now, updated_at=now
        )

        def enqueue():
            for pk in ids:
                task_enqueue(tasks.delivery_send, pk)  # or the minute's sweep sends it

        transaction.on_commit(enqueue, robust=True)
    return ids


def deliveries_sync(*, item, channels, among=None) -> int:
    """One waiting delivery of `item` per channel of `channels`; waiting ones to a
    channel no longer wanted go (only among the channel ids `among`, when given: the
    channels the person choosing could see). Deliveries that left "waiting" are
    kept. Returns how many were added; the unique (item, channel) constraint makes a
    second writer's duplicate fail rather than post twice."""
    wanted = {c.pk for c in channels}
    mine = Delivery.objects.of_items(model=type(item), pks=[item.pk])
    existing = set(mine.values_list("channel_id", flat=True))
    unwanted = mine.filter(status=Delivery.Status.WAITING).exclude(
        channel_id__in=wanted
    )
    if among is not None:
        unwanted = unwanted.filter(channel_id__in=among)
    unwanted.delete()
    for channel_id in wanted - existing:
        Delivery.objects.create(target=item, channel_id=channel_id)
    return len(wanted - existing)


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    check_first: bool  # a previous attempt may have reached the platform
    lease: ExitStack  # held while the platform is called; closed by the caller


def delivery_lease_name(delivery_id: int) -> str:
    # Named as before #14, so a lease taken by a worker of the old code still counts.
    return f"campaigns.delivery:{delivery_id}"


def _claim(queryset, *, now: datetime, skipped: set[int] | None = None) -> Claim | None:
    """Take one due delivery: hold its lease (publishing.leases), lock the row, record
    "sending" and the attempt, commit. Only then may the caller call the platform,
    and it keeps the lease until the outcome is recorded.

    A row left "sending" is taken again only if nobody holds its lease: a worker that
    died mid-send lost it with its connection, so its delivery is checked and
    finished at the next tick (#12), while one still sending is skipped.
    """
    skipped = set() if skipped is None else skipped
    while True:
        candidate = (
            queryset.due(now)
            .exclude(pk__in=skipped)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        stack = ExitStack()
        if stack.enter_context(lease(delivery_lease_name(candidate))):
            claim = _claim_row(candidate, now=now, stack=stack)
            if claim is not None:
                return claim
        stack.close()
        skipped.add(candidate)


def _claim_row(pk: int, *, now: datetime, stack: ExitStack) -> Claim | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.due(now)
            .filter(pk=pk)
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if delivery is None:
            return None
        check_first = delivery.ambiguous or delivery.status == Delivery.Status.SENDING
        # The filter on the old state makes the claim safe where row locks are not
        # (SQLite): a second claimer updates zero rows.
        claimed = Delivery.objects.filter(
            pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
        ).update(
            status=Delivery.Status.SENDING,
            attempts=delivery.attempts + 1,
            sending_started_at=now,
            ambiguous=check_first,
            updated_at=now,
        )
        if claimed != 1:
            return None
        delivery.refresh_from_db()
    return Claim(delivery=delivery, check_first=check_first, lease=stack)


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> str | None:
    """Send one delivery if it is due; returns its new status, or None if there was
    nothing to do (sent already, taken by another worker, not due, gone)."""
    now = now or timezone.now()
    claim = _claim(Delivery.objects.filter(pk=delivery_id), now=now)
    if claim is None:
        return None
    with claim.lease:
        return _send_claimed(claim)


def deliveries_due_send(
    *, now: datetime | None = None, limit: int = 200, dry_run: bool = False
) -> int:
    """Send due deliveries one by one (each claimed as above) until none is left or
    `limit` is reached. Run every minute by beat; two workers share the work."""
    fixed = now
    if dry_run:
        return Delivery.objects.due(now or timezone.now()).count()
    deliveries_waiting_release(now=now)
    done, skipped = 0, set()
    while done < limit:
        claim = _claim(
            Delivery.objects.all(), now=fixed or timezone.now(), skipped=skipped
        )
        if claim is None:
            break
        with claim.lease:
            _send_claimed(claim)
        done += 1
    return done


def _finish(delivery: Delivery, **changes) -> str:
    changes.setdefault("updated_at", timezone.now())
    Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, attempts=delivery.attempts
    ).update(**changes)
    return changes.get("status", Delivery.Status.SENDING)


def _platform_send(
    *, delivery: Delivery, item, channel: SocialChannel, check_first: bool
) -> PostResult:
    """Send through the platform; on an expired Zalo access token, refresh it once
    and send again, continuing from the steps already recorded."""

    def send(channel: SocialChannel) -> PostResult:
        return runtime.send(
            delivery=delivery,
            item=sharing.shared(item, source=channel.kind),
            channel=channel,
            check_first=check_first,
            record_progress=delivery_record_progress,
        )

    try:
        return send(channel)
    except ChannelTokenExpired:
        if channel.kind != SocialChannel.Kind.ZALO or not channel.refresh_token:
            raise
        fresh = zalo_token_refresh(
            channel_id=channel.pk, used_token=channel.access_token
        )
        return send(fresh)


def _send_claimed(claim: Claim) -> str:
    delivery = Delivery.objects.select_related("channel").get(pk=claim.delivery.pk)
    item, channel = delivery.target, delivery.channel
    if item is None or getattr(item, "status", None) != Status.PUBLISHED:
        return _finish(
            delivery,
            status=Delivery.Status.CANCELLED,
            last_error=_("Bài không còn được đăng trên trang nên không gửi."),
            next_attempt_at=None,
        )
    missing = channel.missing_credentials()
    if not channel.is_active or missing:
        return _finish(
            delivery,
            status=Delivery.Status.FAILED,
            last_error=_("Kênh đang tắt hoặc thiếu thông tin đăng nhập: %(m)s")
            % {"m": ", ".join(missing) or _("đang tắt")},
            next_attempt_at=None,
        )
    try:
        result = _platform_send(
            delivery=delivery, item=item, channel=channel, check_first=claim.check_first
        )
    except ChannelAuthError as exc:
        channel_rejected(channel=channel, error=exc.message)
        return _finish(
            delivery,
            status=Delivery.Status.FAILED,
            last_error=exc.message,
            next_attempt_at=None,  # retried when staff enter a new token
        )
    except ChannelUnavailable as exc:
        ambiguous = exc.code in ("timeout", "connection_error") or exc.status is None
        permanent = delivery.attempts >= MAX_ATTEMPTS or getattr(exc, "final", False)
        delay = retry_delay(delivery.attempts)
        if exc.retry_after:
            delay = max(delay, timedelta(seconds=exc.retry_after))
        if ambiguous:
            # The platform may still be making the post: look only once it is done.
            delay = max(delay, UNKNOWN_OUTCOME_SETTLE)

        message = exc.message
        if permanent and exc.code == -214:
            # The bound on "Zalo is still processing the article" (#19).
            message = _(
                "Zalo vẫn đang xử lý bài viết sau %(n)d lần kiểm tra. Xem bài trong "
                "Zalo OA; khi bài đã hiện, bấm “Gửi lại” để lấy mã bài."
            ) % {"n": delivery.attempts}
        return _finish(
            delivery,
            status=Delivery.Status.FAILED,
            last_error=message,
            ambiguous=ambiguous,
            next_attempt_at=None if permanent else timezone.now() + delay,
        )
    except ChannelError as exc:
        return _finish(
            delivery,
            status=Delivery.Status.FAILED,
            last_error=exc.message,
            next_attempt_at=None,
        )
    return _finish(
        delivery,
        status=Delivery.Status.SENT,
        external_id=result.external_id,
        external_url=result.url or "",
        sent_at=timezone.now(),
        last_error="",
        ambiguous=False,
        next_attempt_at=None,
    )


def delivery_record_progress(*, delivery: Delivery, **fields) -> None:
    """Store a step's result at once (Zalo's article token, then its id), so a retry
    continues from there instead of creating the article again."""
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        **fields
    )
    for name, value in fields.items():
        setattr(delivery, name, value)


@transaction.atomic
def delivery_retry(*, delivery: Delivery, now: datetime | None = None) -> bool:
    """Staff ask to send a failed delivery again (after fixing the channel). Never
    touches a sent one, nor the other channels of the same item."""
    now = now or timezone.now()
    changed = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.FAILED
    ).update(status=Delivery.Status.FAILED, next_attempt_at=now, updated_at=now)
    if changed:
        pk = delivery.pk

        def enqueue():
            task_enqueue(tasks.delivery_send, pk)  # or the minute's sweep sends it

        transaction.on_commit(enqueue, robust=True)
    return bool(changed)
