"""Writes of the campaigns app: key dates, campaigns, posts, the delivery outbox."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from publishing.circuits import (
    Unavailable,
    broker_circuit,
    cache_circuit,
    task_enqueue,
)
from publishing.leases import lease
from publishing.models import Status
from publishing.notifications import (
    notification_enqueue,
    notification_key,
    notification_keys_taken,
)
from publishing.outbox import task_enqueue_on_commit
from publishing.text import unique_slug
from publishing.workflow import Intent, content_save
from units.permissions import unit_editor_memberships

from . import dates, templating
from .channels.zalo import TITLE_MAX_CHARS
from .models import (
    Campaign,
    CampaignPost,
    Delivery,
    KeyDate,
    Occurrence,
    PlannedPost,
    SocialChannel,
    shortened,
)
from .querysets import UNKNOWN_OUTCOME_SETTLE

logger = logging.getLogger(__name__)

# Posts are written from the plan this many days before they are due; until then the
# calendar shows them as "planned". Units get their drafts to localise at that time.
MATERIALISE_DAYS = 45
# A planned post whose time passed longer ago than this when it is first written is
# skipped, not published late (a D-14 announcement on D-2 would mislead).
MISSED_GRACE = timedelta(hours=6)
MAX_ATTEMPTS = 8
RETRY_CAP = timedelta(hours=6)


def _retry_base_seconds() -> float:
    return float(getattr(settings, "CAMPAIGNS_RETRY_BASE_SECONDS", 60))


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the `attempts`-th failed attempt: 1, 2, 4... minutes."""
    delay = timedelta(seconds=_retry_base_seconds() * 2 ** max(attempts - 1, 0))
    return min(delay, RETRY_CAP)


# -- key dates -----------------------------------------------------------------------
@transaction.atomic
def key_date_save(*, key_date: KeyDate) -> KeyDate:
    """Validate (the rule must give a real date this year and next) and save."""
    if not key_date.slug:
        key_date.slug = unique_slug(
            queryset=KeyDate.objects.all(), value=key_date.name, instance_pk=key_date.pk
        )
    key_date.full_clean()
    key_date.save()
    return key_date


# -- campaigns and their plan -------------------------------------------------------
@transaction.atomic
def campaign_save(
    *, campaign: Campaign, units=None, today: date | None = None
) -> Campaign:
    """Save a campaign, its units, and create its occurrences for this year and next."""
    today = today or timezone.localdate()
    campaign.full_clean()
    campaign.save()
    if units is not None:
        campaign.units.set(units)
    for year in (today.year, today.year + 1):
        if campaign.runs_in(year):
            occurrence_ensure(campaign=campaign, year=year)
    _materialise_later(campaign_id=campaign.pk)
    return campaign


def _materialise_later(*, campaign_id: int) -> None:
    from .tasks import campaign_posts_materialise

    # Recorded with the change: the sweep sends it if the commit's own send fails.
    task_enqueue_on_commit(campaign_posts_materialise, campaign_id=campaign_id)


def planned_post_channels_validate(*, channels) -> None:
    """A channel that cannot post (inactive or lacking credentials) is refused now,
    not at 3 a.m. when the post is due."""
    problems = []
    for channel in channels:
        missing = channel.missing_credentials()
        if not channel.is_active:
            problems.append(_("Kênh “%(name)s” đang tắt.") % {"name": channel.name})
        elif missing:
            problems.append(
                _(
                    "Kênh “%(name)s” chưa có %(missing)s: hãy nhập trong mục Kênh mạng xã hội."
                )
                % {"name": channel.name, "missing": ", ".join(missing)}
            )
    if problems:
        raise ValidationError({"channels": problems}, code="channel_not_ready")


@transaction.atomic
def planned_post_save(
    *, planned_post: PlannedPost, channels=None, now: datetime | None = None
) -> PlannedPost:
    """Validate the templates and channels, save, and rewrite the not-yet-published
    posts written from this plan (published and sent ones never change)."""
    if channels is not None:
        planned_post_channels_validate(channels=channels)
    planned_post.full_clean()
    planned_post.save()
    if channels is not None:
        planned_post.channels.set(channels)
    _materialise_later(campaign_id=planned_post.campaign_id)
    return planned_post


@transaction.atomic
def occurrence_ensure(*, campaign: Campaign, year: int) -> Occurrence:
    span = dates.occurrence_span(campaign.key_date, year)
    occurrence, created = Occurrence.objects.get_or_create(
        campaign=campaign,
        year=year,
        defaults={"date": span.start, "end_date": span.end},
    )
    if not created and (occurrence.date, occurrence.end_date) != (span.start, span.end):
        # The key date's rule was corrected: follow it.
        occurrence.date, occurrence.end_date = span.start, span.end
        occurrence.save(update_fields=["date", "end_date"])
    return occurrence


def campaign_occurrences_roll(
    *, today: date | None = None, dry_run: bool = False
) -> int:
    """Create every active campaign's occurrences for this year and next (idempotent).

    Run by beat (daily, so a missed run catches up) and by `manage.py
    campaign_occurrences_roll`: a campaign set up once runs every year. Returns how many were (or would be) created.
    """
    today = today or timezone.localdate()
    created = 0
    campaigns = list(Campaign.objects.filter(is_active=True).select_related("key_date"))
    existing = set(
        Occurrence.objects.filter(campaign__in=campaigns).values_list(
            "campaign_id", "year"
        )
    )
    for campaign in campaigns:
        for year in (today.year, today.year + 1):
            if not campaign.runs_in(year) or (campaign.pk, year) in existing:
                continue
            created += 1
            if not dry_run:
                try:
                    occurrence_ensure(campaign=campaign, year=year)
                except ValidationError:
                    logger.exception("campaign %s has no date in %s", campaign.pk, year)
    return created


# -- writing posts from the plan ----------------------------------------------------
def planned_post_due_at(
    *, planned_post: PlannedPost, occurrence: Occurrence
) -> datetime:
    day = occurrence.date + timedelta(days=planned_post.offset_days)
    return timezone.make_aware(datetime.combine(day, planned_post.time_of_day))


def _context(*, occurrence: Occurrence, unit=None) -> templating.TemplateContext:
    key_date = occurrence.campaign.key_date
    return templating.TemplateContext(
        year=occurrence.year,
        anniversary=key_date.anniversary(occurrence.year),
        date=occurrence.date,
        end_date=occurrence.end_date,
        name=key_date.name,
        short_name=key_date.short_name,
        unit_name=unit.name if unit else settings.ORGANIZATION["short_name"],
    )


def text_to_html(text: str) -> str:
    """Plain text with blank lines between paragraphs -> <p> paragraphs."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p
    )


@dataclass
class MaterialiseResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    deliveries: int = 0
    errors: list[str] = field(default_factory=list)


def campaign_posts_materialise(
    *,
    now: datetime | None = None,
    campaign_id: int | None = None,
    horizon_days: int = MATERIALISE_DAYS,
) -> MaterialiseResult:
    """Write (or rewrite) the posts of every planned post due within `horizon_days`.

    - the office post is scheduled for its due time (the shared sweep publishes it),
      with one waiting delivery per social channel;
    - each participating unit gets a draft copy to localise when the plan says so;
    - a post already published, or edited by hand, is left alone; so are deliveries
      that left "waiting".
    Idempotent; run daily by beat and after every change of a plan.
    """
    now = now or timezone.now()
    result = MaterialiseResult()
    today = timezone.localdate(now)
    occurrences = Occurrence.objects.filter(
        date__gte=today - timedelta(days=400),
        date__lte=today + timedelta(days=horizon_days + 400),
        campaign__is_active=True,
    ).select_related("campaign__key_date")
    if campaign_id is not None:
        occurrences = occurrences.filter(campaign_id=campaign_id)
    occurrences = list(occurrences.prefetch_related("campaign__units"))
    plans: dict[int, list[PlannedPost]] = {}
    for plan in PlannedPost.objects.filter(
        campaign_id__in={o.campaign_id for o in occurrences}
    ).prefetch_related("channels"):
        plans.setdefault(plan.campaign_id, []).append(plan)
    horizon = now + timedelta(days=horizon_days)
    for occurrence in occurrences:
        for plan in plans.get(occurrence.campaign_id, []):
            due = planned_post_due_at(planned_post=plan, occurrence=occurrence)
            if due > horizon:
                continue
            try:
                _materialise_one(
                    occurrence=occurrence, plan=plan, due=due, now=now, result=result
                )
            except ValidationError as exc:
                result.errors.append(f"{occurrence} / {plan.pk}: {exc.messages}")
                logger.warning("cannot write campaign post: %s", exc.messages)
    return result


@transaction.atomic
def _materialise_one(*, occurrence, plan, due, now, result: MaterialiseResult) -> None:
    office = (
        CampaignPost.objects.select_for_update()
        .filter(occurrence=occurrence, planned_post=plan, unit__isnull=True)
        .first()
    )
    if office is None and due < now - MISSED_GRACE:
        result.skipped += 1
        return
    context = _context(occurrence=occurrence)
    # The plan's form checked the title against Zalo's limit with sample values;
    # a longer real name is shortened rather than failing the whole run.
    title = shortened(templating.render(plan.title_template, context), TITLE_MAX_CHARS)
    body_text = templating.render(plan.body_template, context)
    if office is None:
        office = CampaignPost(occurrence=occurrence, planned_post=plan, unit=None)
        _fill(office, title=title, body_text=body_text, due=due, plan=plan)
        content_save(obj=office, intent=Intent.PUBLISH, now=now)
        result.created += 1
    elif office.status in (Status.DRAFT, Status.SCHEDULED) and not office.edited:
        _fill(office, title=title, body_text=body_text, due=due, plan=plan)
        content_save(obj=office, intent=Intent.PUBLISH, now=now)
        result.updated += 1
    if office.status != Status.PUBLISHED:
        result.deliveries += _deliveries_sync(post=office, channels=plan.channels.all())
    if plan.unit_drafts:
        for unit in occurrence.campaign.units.all():
            _unit_copy_sync(
                occurrence=occurrence, plan=plan, unit=unit, due=due, result=result
            )


def _fill(post: CampaignPost, *, title: str, body_text: str, due, plan) -> None:
    post.title = title
    post.body = text_to_html(body_text)
    post.summary = body_text.strip().split("\n\n")[0][:600]
    post.publish_at = due
    post.to_site = plan.to_site
    post.to_banner = plan.to_banner


def _unit_copy_sync(*, occurrence, plan, unit, due, result) -> None:
    copy = (
        CampaignPost.objects.select_for_update()
        .filter(occurrence=occurrence, planned_post=plan, unit=unit)
        .first()
    )
    if copy is not None and (copy.edited or copy.status != Status.DRAFT):
        return
    context = _context(occurrence=occurrence, unit=unit)
    created = copy is None
    copy = copy or CampaignPost(occurrence=occurrence, planned_post=plan, unit=unit)
    _fill(
        copy,
        title=shortened(
            templating.render(plan.title_template, context), TITLE_MAX_CHARS
        ),
        body_text=templating.render(plan.body_template, context),
        due=due,
        plan=plan,
    )
    copy.to_banner = False
    content_save(obj=copy, intent=Intent.DRAFT)
    if created:
        result.created += 1
    else:
        result.updated += 1


def _deliveries_sync(*, post: CampaignPost, channels) -> int:
    """One waiting delivery per planned channel; waiting ones no longer planned go."""
    wanted = {c.pk for c in channels}
    existing = dict(
        Delivery.objects.filter(post=post).values_list("channel_id", "status")
    )
    Delivery.objects.filter(post=post, status=Delivery.Status.WAITING).exclude(
        channel_id__in=wanted
    ).delete()
    added = 0
    for channel_id in wanted - set(existing):
        Delivery.objects.create(post=post, channel_id=channel_id)
        added += 1
    return added


@transaction.atomic
def campaign_post_save(
    *, post: CampaignPost, by_hand: bool = True, **workflow
) -> CampaignPost:
    """Save a campaign post from the admin: edited by hand, the plan no longer
    rewrites it."""
    if by_hand and post.pk:
        post.edited = True
    return content_save(obj=post, **workflow)


# -- the outbox -----------------------------------------------------------------------
def deliveries_release(
    *, post_ids: list[int], now: datetime | None = None
) -> list[int]:
    """Posts went live: their waiting deliveries become due now. Returns their ids.

    Runs in the publishing transaction (publishing.signals.published). It waits for
    a row another transaction holds rather than skipping it: a skipped delivery would
    stay "waiting" behind a published post (the next tick's
    deliveries_waiting_release repairs that all the same).
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(
                post_id__in=post_ids, status=Delivery.Status.WAITING
            )
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.WAITING).update(
            status=Delivery.Status.PENDING, next_attempt_at=now, updated_at=now
        )

        def enqueue():
            from .tasks import delivery_send

            for pk in ids:
                task_enqueue(delivery_send, pk)  # or the minute's sweep sends it

        transaction.on_commit(enqueue, robust=True)
    return ids


def deliveries_waiting_release(*, now: datetime | None = None) -> list[int]:
    """Release deliveries still "waiting" behind a post that is already published
    (its publication's release never reached them); run by each deliveries tick."""
    post_ids = list(
        Delivery.objects.filter(
            status=Delivery.Status.WAITING, post__status=Status.PUBLISHED
        )
        .values_list("post_id", flat=True)
        .distinct()
    )
    if not post_ids:
        return []
    logger.warning("releasing deliveries left waiting behind posts %s", post_ids)
    return deliveries_release(post_ids=post_ids, now=now)


@dataclass(frozen=True)
class Claim:
    delivery: Delivery
    check_first: bool  # a previous attempt may have reached the platform
    lease: ExitStack  # held while the platform is called; closed by the caller


def delivery_lease_name(delivery_id: int) -> str:
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


def _post_link(post: CampaignPost) -> str:
    site = settings.SITE_URL
    if post.to_site:
        return site + post.get_absolute_url()
    return site + post.occurrence.campaign.key_date.get_absolute_url()


def _finish(delivery: Delivery, **changes) -> str:
    changes.setdefault("updated_at", timezone.now())
    Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, attempts=delivery.attempts
    ).update(**changes)
    return changes.get("status", Delivery.Status.SENDING)


def _send_claimed(claim: Claim) -> str:
    from . import channels_runtime as runtime
    from .channels import ChannelAuthError, ChannelError, ChannelUnavailable

    delivery = Delivery.objects.select_related(
        "post__occurrence__campaign__key_date", "channel"
    ).get(pk=claim.delivery.pk)
    post, channel = delivery.post, delivery.channel
    if post.status != Status.PUBLISHED:
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
        result = runtime.send(
            delivery=delivery, post=post, channel=channel,
            link=_post_link(post), check_first=claim.check_first,
        )  # fmt: skip
    except ChannelAuthError as exc:
        runtime.channel_rejected(channel=channel, error=exc.message)
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
    touches a sent one, nor the other channels of the same post."""
    now = now or timezone.now()
    changed = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.FAILED
    ).update(status=Delivery.Status.FAILED, next_attempt_at=now, updated_at=now)
    if changed:
        pk = delivery.pk

        def enqueue():
            from .tasks import delivery_send as task

            task_enqueue(task, pk)  # or the minute's sweep sends it

        transaction.on_commit(enqueue, robust=True)
    return bool(changed)


# -- channels ------------------------------------------------------------------------
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


# -- reminders ------------------------------------------------------------------------
REMINDER_DAYS = 14


def campaign_reminders_send(*, today: date | None = None) -> int:
    """E-mail the editors of every participating unit when their campaign's date is
    14 days away or less (and not yet passed). One Notification per editor and
    occurrence (key campaigns.reminder:occurrence=<id>:user=<id>), so each editor
    gets it once whatever the reruns; sending and retrying follow
    publishing.notifications. Returns the number of e-mails queued."""
    from django.template.loader import render_to_string

    from .selectors import key_date_documents

    today = today or timezone.localdate()
    occurrences = list(
        Occurrence.objects.filter(
            date__gt=today,
            date__lte=today + timedelta(days=REMINDER_DAYS),
            campaign__is_active=True,
        )
        .select_related("campaign__key_date")
        .prefetch_related("campaign__units")
    )
    queued = 0
    for occurrence in occurrences:
        units = list(occurrence.campaign.units.all())
        if not units:
            continue
        memberships = list(
            unit_editor_memberships(unit_ids=[unit.pk for unit in units])
            .exclude(user__email="")
            .select_related("user", "unit")
        )
        keys = {
            m.pk: notification_key(
                "campaigns.reminder", occurrence=occurrence.pk, user=m.user_id
            )
            for m in memberships
        }
        taken = notification_keys_taken(list(keys.values()))
        memberships = [m for m in memberships if keys[m.pk] not in taken]
        if not memberships:
            continue
        documents = key_date_documents(key_date=occurrence.campaign.key_date)
        drafts = dict(
            CampaignPost.objects.filter(
                occurrence=occurrence, unit__in=units
            ).values_list("unit_id", "pk")
        )
        for membership in memberships:
            user = membership.user
            context = {
                "occurrence": occurrence,
                "key_date": occurrence.campaign.key_date,
                "campaign": occurrence.campaign,
                "unit": membership.unit,
                "user": user,
                "days": (occurrence.date - today).days,
                "site_url": settings.SITE_URL,
                "documents": documents,
                "has_draft": membership.unit_id in drafts,
                "organization": settings.ORGANIZATION,
            }
            subject = _("[%(org)s] Chiến dịch “%(name)s” bắt đầu sau %(days)s ngày") % {
                "org": settings.ORGANIZATION["short_name"],
                "name": occurrence.campaign.name,
                "days": context["days"],
            }
            body = render_to_string("campaigns/email/reminder.txt", context)
            if notification_enqueue(
                kind="campaigns.reminder",
                key=keys[membership.pk],
                to=[user.email],
                subject=subject,
                body=body,
            ):
                queued += 1
    return queued


# -- punctual publication -------------------------------------------------------------
PUBLISH_SOON_WINDOW = timedelta(seconds=75)


def campaign_posts_publish_soon(*, now: datetime | None = None) -> int:
    """Line up an ETA sweep at the due time of each campaign post due within the
    next 75 seconds (beat ticks every 60). Precision only: if the message is lost,
    beat's own sweep publishes the post at the next tick (DESIGN.md, 1)."""
    from django.core.cache import cache

    from .tasks import campaign_posts_publish_due

    now = now or timezone.now()
    moments = set(
        CampaignPost.objects.filter(
            status=Status.SCHEDULED,
            publish_at__gt=now,
            publish_at__lte=now + PUBLISH_SOON_WINDOW,
        ).values_list("publish_at", flat=True)
    )
    lined_up = 0
    key = "campaigns:publish-at:{}"
    try:
        for moment in sorted(moments):
            if cache_circuit.call(cache.add, key.format(moment.timestamp()), 1, 300):
                broker_circuit.call(campaign_posts_publish_due.apply_async, eta=moment)
                lined_up += 1
    except Unavailable:
        # Redis is down: the sweep publishes at its tick, and the deliveries go on.
        logger.warning("publish-soon: Redis unavailable, %d lined up", lined_up)
    return lined_up
