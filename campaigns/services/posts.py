"""Campaign posts: writing them from the plan (the office post with one waiting
delivery per channel, and the units' drafts), saving one by hand, and lining up
punctual publication."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from channels.clients.zalo import TITLE_MAX_CHARS
from channels.models import SocialChannel
from channels.services.outbox import deliveries_sync
from publishing.circuits import Unavailable, broker_circuit, cache_circuit
from publishing.models import Status
from publishing.workflow import Intent, content_save
from units import permissions

from .. import tasks, templating
from ..models import CampaignPost, Occurrence, PlannedPost, shortened
from . import plans

logger = logging.getLogger(__name__)

# Posts are written from the plan this many days before they are due; until then the
# calendar shows them as "planned". Units get their drafts to localise at that time.
MATERIALISE_DAYS = 45
# A planned post whose time passed longer ago than this when it is first written is
# skipped, not published late (a D-14 announcement on D-2 would mislead).
MISSED_GRACE = timedelta(hours=6)


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
    plans_of: dict[int, list[PlannedPost]] = {}
    for plan in PlannedPost.objects.filter(
        campaign_id__in={o.campaign_id for o in occurrences}
    ).prefetch_related("channels"):
        plans_of.setdefault(plan.campaign_id, []).append(plan)
    horizon = now + timedelta(days=horizon_days)
    for occurrence in occurrences:
        for plan in plans_of.get(occurrence.campaign_id, []):
            due = plans.planned_post_due_at(planned_post=plan, occurrence=occurrence)
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
        result.deliveries += deliveries_sync(item=office, channels=plan.channels.all())
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
    # The unit's copy goes to the unit's own channels when the unit publishes it.
    deliveries_sync(
        item=copy,
        channels=permissions.channels_for_unit_content(
            queryset=SocialChannel.objects.filter(
                is_active=True, share_by_default=True
            ),
            unit_id=unit.pk,
        ),
    )
    if created:
        result.created += 1
    else:
        result.updated += 1


@transaction.atomic
def campaign_post_save(
    *, post: CampaignPost, by_hand: bool = True, **workflow
) -> CampaignPost:
    """Save a campaign post from the admin: edited by hand, the plan no longer
    rewrites it."""
    if by_hand and post.pk:
        post.edited = True
    return content_save(obj=post, **workflow)


PUBLISH_SOON_WINDOW = timedelta(seconds=75)


def campaign_posts_publish_soon(*, now: datetime | None = None) -> int:
    """Line up an ETA sweep at the due time of each campaign post due within the
    next 75 seconds (beat ticks every 60). Precision only: if the message is lost,
    beat's own sweep publishes the post at the next tick (DESIGN.md, 1)."""
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
                broker_circuit.call(
                    tasks.campaign_posts_publish_due.apply_async, eta=moment
                )
                lined_up += 1
    except Unavailable:
        # Redis is down: the sweep publishes at its tick, and the deliveries go on.
        logger.warning("publish-soon: Redis unavailable, %d lined up", lined_up)
    return lined_up
