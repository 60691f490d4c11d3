"""Campaigns and their plan: saving a campaign, its planned posts and channels,
its occurrences each year, and when a planned post falls due."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.outbox import task_enqueue_on_commit

from .. import dates, tasks
from ..models import Campaign, Occurrence, PlannedPost

logger = logging.getLogger(__name__)


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
    # Recorded with the change: the sweep sends it if the commit's own send fails.
    task_enqueue_on_commit(tasks.campaign_posts_materialise, campaign_id=campaign_id)


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


def planned_post_due_at(
    *, planned_post: PlannedPost, occurrence: Occurrence
) -> datetime:
    day = occurrence.date + timedelta(days=planned_post.offset_days)
    return timezone.make_aware(datetime.combine(day, planned_post.time_of_day))
