"""Reminders: e-mailing the editors of participating units before a campaign starts."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.notifications import (
    notification_enqueue,
    notification_key,
    notification_keys_taken,
)
from units.permissions import unit_editor_memberships

from ..models import CampaignPost, Occurrence
from ..selectors import key_date_documents

REMINDER_DAYS = 14


def campaign_reminders_send(*, today: date | None = None) -> int:
    """E-mail the editors of every participating unit when their campaign's date is
    14 days away or less (and not yet passed). One Notification per editor and
    occurrence (key campaigns.reminder:occurrence=<id>:user=<id>), so each editor
    gets it once whatever the reruns; sending and retrying follow
    publishing.notifications. Returns the number of e-mails queued."""
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
