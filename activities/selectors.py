"""Reads for the activity pages, feed and check-in: a fixed number of queries each."""

from datetime import datetime

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from publishing import references
from units import permissions

from .models import Activity, Registration, Speaker

CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "summary",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "registration_open",
    "kind__id",
    "kind__name",
    "unit__id",
    "unit__name",
    "unit__short_name",
    "unit__slug",
)
ICS_LIMIT = 500


def _places_held():
    """A correlated count, run only for the rows of the page (no GROUP BY of all)."""
    held = (
        Registration.objects.filter(activity=OuterRef("pk"), status="confirmed")
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), 0)


def activity_list(*, now: datetime, unit=None, past: bool = False) -> QuerySet:
    """Published activities: those not over yet, soonest first; or the past ones,
    latest first. Each row carries `places_held`."""
    queryset = Activity.objects.published()
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if past:
        queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")
    return (
        queryset.select_related("unit", "kind")
        .only(*CARD_FIELDS)
        .annotate(places_held=_places_held())
    )


def activity_get_for_page(*, slug: str) -> QuerySet:
    return (
        Activity.objects.filter(slug=slug)
        .select_related("unit", "kind")
        .prefetch_related(
            "photos",
            Prefetch(
                "speaker_profiles",
                queryset=Speaker.objects.filter(listed_publicly=True).only(
                    "pk", "name", "slug", "title"
                ),
                to_attr="public_speakers",
            ),
        )
        .annotate(places_held=_places_held())
    )


def activity_references(*, activity: Activity) -> dict:
    """The guidance document and key date the activity names (one query each)."""
    document = references.references_resolve(
        references.GUIDANCE_DOCUMENT, [activity.guidance_document_ref]
    )
    key_date = references.references_resolve(
        references.KEY_DATE, [activity.key_date_ref]
    )
    return {
        "document": document.get(activity.guidance_document_ref),
        "key_date": key_date.get(activity.key_date_ref),
    }


def activity_ics_list(*, now: datetime) -> list[Activity]:
    """The feed: published activities from 30 days ago on, at most ICS_LIMIT."""
    from datetime import timedelta

    return list(
        Activity.objects.published()
        .filter(ends_at__gte=now - timedelta(days=30))
        .only("pk", "title", "slug", "summary", "place", "starts_at", "ends_at")
        .order_by("starts_at", "pk")[:ICS_LIMIT]
    )


def activity_for_checkin(*, user, pk: int) -> Activity | None:
    """The activity if `user` may run its door (its unit's editors, office staff)."""
    queryset = permissions.scope_queryset(
        user=user,
        queryset=Activity.objects.select_related("unit", "kind"),
        unit_field="unit",
    )
    return queryset.filter(pk=pk).first()


def checkin_figures(*, activity: Activity) -> dict:
    """Places held, attended and walk-ins of one activity: one query."""
    return Registration.objects.filter(activity=activity).aggregate(
        held=Count("pk", filter=Q(status="confirmed")),
        waiting=Count("pk", filter=Q(status="waiting")),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        walk_ins=Count("pk", filter=Q(status="walk_in")),
    )


def checkin_recent(*, activity: Activity, limit: int = 10) -> list[Registration]:
    return list(
        Registration.objects.filter(activity=activity, checked_in_at__isnull=False)
        .only("pk", "name", "status", "checked_in_at")
        .order_by("-checked_in_at", "-pk")[:limit]
    )


def registration_get(*, pk: int) -> Registration | None:
    return (
        Registration.objects.select_related("activity", "activity__unit", "unit")
        .filter(pk=pk)
        .first()
    )


# -- speakers ------------------------------------------------------------------------
def speakers_choosable_by(*, user) -> QuerySet:
    """Speakers an activity's editor may name: the office sees the whole directory,
    an editor those listed publicly and their own units' speakers."""
    own = permissions.scope_queryset(
        user=user, queryset=Speaker.objects.all(), unit_field="unit"
    )
    if permissions.is_office_staff(user):
        return own.order_by("name")
    return (
        (own | Speaker.objects.filter(listed_publicly=True)).distinct().order_by("name")
    )


def speaker_talks(*, speaker, published_only: bool = True) -> list[Activity]:
    """The activities naming `speaker`, latest first (one query)."""
    talks = speaker.activities.select_related("kind").only(
        "pk", "title", "slug", "starts_at", "status", "kind__name"
    )
    if published_only:
        talks = talks.filter(status="published")
    return list(talks.order_by("-starts_at", "-pk"))


def speaker_public_list() -> QuerySet:
    return Speaker.objects.filter(listed_publicly=True).select_related("unit")


def speaker_get_public(*, slug: str):
    """A speaker's public profile, only with their consent (else None: a 404)."""
    return speaker_public_list().filter(slug=slug).first()


def speaker_trainings(*, speaker) -> list[Registration]:
    """Training courses the speaker attended (checked in, matched by e-mail)."""
    if not speaker.email:
        return []
    return list(
        Registration.objects.filter(
            email__iexact=speaker.email,
            checked_in_at__isnull=False,
            activity__kind__is_training=True,
        )
        .select_related("activity")
        .only("pk", "checked_in_at", "activity__id", "activity__title")
        .order_by("-checked_in_at")
    )


def unit_activities_block(*, unit, request):
    """The "upcoming activities" block of a unit's page (one query)."""
    from django.utils import timezone
    from django.utils.translation import gettext_lazy as _

    from publishing.blocks import Block

    upcoming = list(
        Activity.objects.published()
        .filter(unit=unit, ends_at__gt=timezone.now())
        .only("pk", "title", "slug", "starts_at")
        .order_by("starts_at", "pk")[:5]
    )
    return Block(
        key="activities",
        title=_("Hoạt động sắp diễn ra"),
        template="activities/includes/unit_activities_block.html",
        context={"activities": upcoming, "unit": unit},
        order=15,
    )
