"""Every write to units, their pages and their editors."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from publishing.redirects import slug_redirect_record
from publishing.text import fold, unique_slug

from .models import Membership, Unit, UnitPage
from .permissions import OFFICE_STAFF_GROUP

# What office staff need beyond the scoped admins (which ask units.permissions).
OFFICE_STAFF_PERMISSIONS = (
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
)


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Validate and save a unit: slug from the name if empty, folded search text.

    A changed slug leaves a redirect from the old one, so shared links keep working.
    """
    old_slug = (
        Unit.objects.filter(pk=unit.pk).values_list("slug", flat=True).first()
        if unit.pk
        else None
    )
    if not unit.slug:
        unit.slug = unique_slug(
            queryset=Unit.objects.all(), value=unit.name, instance_pk=unit.pk
        )
    unit.search_text = fold(f"{unit.name} {unit.short_name}")
    unit.full_clean()
    unit.save()
    if old_slug is not None:
        slug_redirect_record(instance=unit, old_slug=old_slug, new_slug=unit.slug)
    return unit


@transaction.atomic
def unit_page_save(*, page: UnitPage) -> UnitPage:
    """Validate and save a unit's page; a renamed slug leaves a redirect."""
    old_slug = (
        UnitPage.objects.filter(pk=page.pk).values_list("slug", flat=True).first()
        if page.pk
        else None
    )
    if not page.slug:
        page.slug = unique_slug(
            queryset=UnitPage.objects.filter(unit_id=page.unit_id),
            value=page.title,
            instance_pk=page.pk,
        )
    page.full_clean()
    page.save()
    if old_slug is not None:
        slug_redirect_record(
            instance=page,
            old_slug=old_slug,
            new_slug=page.slug,
            scope=str(page.unit_id),
        )
    return page


@transaction.atomic
def membership_save(*, membership: Membership) -> Membership:
    """Make `user` an editor of `unit`; editors need the admin, so they become staff."""
    membership.full_clean()
    membership.save()
    user = membership.user
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


def office_staff_group_sync(**kwargs) -> None:
    """post_migrate: make sure the office-staff group exists with its permissions."""
    group, _created = Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    wanted = []
    for label in OFFICE_STAFF_PERMISSIONS:
        app_label, codename = label.split(".")
        wanted.extend(
            Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        )
    group.permissions.add(*wanted)
