"""THE permission rule: which units a user may edit, and what they may do with content.

Every content admin (through `units.admin.UnitScopedAdminMixin`) and every view that
shows unpublished or internal content asks these functions and nothing else.

- Superusers and office staff (members of the OFFICE_STAFF_GROUP group) edit
  everything, including content of the office itself (rows whose unit is empty), and
  alone may publish to the shared home page.
- A CĐCS editor edits the units they have a membership of, and nothing else.
- Everybody else, anonymous users included, edits nothing.

Content declares where its unit is (`unit_field`, a lookup path such as "unit" or
"document__unit"; "" when the model is Unit itself) and gets scoping from here.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Membership, Unit

OFFICE_STAFF_GROUP = getattr(settings, "OFFICE_STAFF_GROUP", "Văn phòng Công đoàn")
_CACHE_ATTR = "_unit_ids_editable"


def is_office_staff(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_office_staff", None)
    if cached is None:
        cached = user.groups.filter(name=OFFICE_STAFF_GROUP).exists()
        user._is_office_staff = cached
    return cached


def office_staff_users() -> QuerySet:
    """Every account `is_office_staff` says yes to: active superusers and office members."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=OFFICE_STAFF_GROUP))
        .distinct()
    )


def unit_editor_memberships(*, unit_ids) -> QuerySet:
    """The memberships of active accounts in these units: the people a unit's
    mail and reminders go to (whether or not they can sign in to the admin now)."""
    return Membership.objects.filter(unit_id__in=unit_ids, user__is_active=True)


def unit_ids_editable_by(*, user) -> frozenset[int] | None:
    """Ids of the units `user` may edit; None means every unit (office staff).

    Computed once per user object, so one request asks the database once.
    """
    if is_office_staff(user):
        return None
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            user.unit_memberships.filter(unit__is_active=True).values_list(
                "unit_id", flat=True
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def units_editable_by(*, user) -> QuerySet[Unit]:
    ids = unit_ids_editable_by(user=user)
    if ids is None:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=ids)


def is_unit_editor(user) -> bool:
    """May `user` use the admin for some unit's content?"""
    ids = unit_ids_editable_by(user=user)
    return ids is None or bool(ids)


def scope_queryset(*, user, queryset: QuerySet, unit_field: str) -> QuerySet:
    """The rows of `queryset` that `user` may edit."""
    ids = unit_ids_editable_by(user=user)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    lookup = f"{unit_field}__in" if unit_field else "pk__in"
    return queryset.filter(Q(**{lookup: ids}))


def unit_id_of(obj, unit_field: str) -> int | None:
    """Follow `unit_field` from `obj` to its unit's id (None: the office's content)."""
    if not unit_field:
        return obj.pk
    *path, last = unit_field.split("__")
    for step in path:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def user_can_edit(*, user, obj, unit_field: str = "unit") -> bool:
    ids = unit_ids_editable_by(user=user)
    if ids is None:
        return True
    unit_id = unit_id_of(obj, unit_field)
    return unit_id is not None and unit_id in ids


def user_can_publish_home(*, user) -> bool:
    """Only office staff put items on the shared home page; editors propose them."""
    return is_office_staff(user)


def get_viewable_or_404(
    *, request, queryset: QuerySet, public: Q, unit_field: str, **lookup
):
    """The view helper: the public row matching `lookup`, or a preview for its editors.

    Public rows (matching `public`) are shown to everyone. A row that is not public
    (a draft, an internal document) is shown only to those who may edit it, with
    `is_preview = True` set on it; to everyone else it does not exist (404).
    """
    obj = queryset.filter(public, **lookup).first()
    if obj is not None:
        obj.is_preview = False
        return obj
    if is_unit_editor(request.user):
        scoped = scope_queryset(
            user=request.user, queryset=queryset, unit_field=unit_field
        )
        obj = scoped.filter(**lookup).first()
        if obj is not None:
            obj.is_preview = True
            return obj
    raise Http404


# -- social channels (#14) ---------------------------------------------------------
# A Facebook Page or Zalo OA belongs to one unit (the office's own unit, or a CĐCS).
# Office staff manage and post to every channel; a CĐCS editor manages (enters and
# renews credentials, sees warnings) and posts to their own units' channels only.
def channels_manageable_by(*, user, queryset: QuerySet) -> QuerySet:
    """The channels of `queryset` (rows with a `unit`) that `user` may manage."""
    return scope_queryset(user=user, queryset=queryset, unit_field="unit")


def channels_postable_by(*, user, queryset: QuerySet) -> QuerySet:
    """The channels of `queryset` that `user` may send content to: the same rule as
    managing them, active ones only."""
    return channels_manageable_by(user=user, queryset=queryset).filter(is_active=True)


def user_can_post_to_channel(*, user, channel) -> bool:
    return user_can_edit(user=user, obj=channel, unit_field="unit")


def channels_for_unit_content(*, queryset: QuerySet, unit_id: int | None) -> QuerySet:
    """The channels a unit's content goes to: the unit's own; the office's content
    (no unit) goes to the office unit's channels."""
    if unit_id is None:
        return queryset.filter(unit__kind=Unit.Kind.OFFICE)
    return queryset.filter(unit_id=unit_id)


# -- accounts: who may manage whom (#12) ----------------------------------------------
# Superusers manage everyone and alone grant superuser or staff status, model
# permissions, or the office group. Office staff manage the accounts of CĐCS editors
# (and others below them) and their own, never a superuser's or another office
# member's. A CĐCS editor manages nobody here (their own password has its own page).
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def may_manage_accounts(user) -> bool:
    """May `user` use the account admins at all (users, memberships)?"""
    return is_office_staff(user)


def users_manageable_by(*, actor) -> QuerySet:
    """The accounts `actor` may change, set a password for, or delete."""
    users = get_user_model().objects.all()
    if is_superuser(actor):
        return users
    if not is_office_staff(actor):
        return users.none()
    colleagues = users.filter(groups__name=OFFICE_STAFF_GROUP).exclude(pk=actor.pk)
    return users.exclude(is_superuser=True).exclude(pk__in=colleagues.values("pk"))


def user_can_manage_user(*, actor, target) -> bool:
    """May `actor` change `target`'s account (its form, password, deletion)?"""
    if is_superuser(actor):
        return True
    if not is_office_staff(actor) or target.is_superuser:
        return False
    if target.pk == actor.pk:
        return True
    return not target.groups.filter(name=OFFICE_STAFF_GROUP).exists()


def user_can_grant_privileges(*, actor) -> bool:
    """May `actor` set is_superuser, is_staff or model permissions on an account?"""
    return is_superuser(actor)


def groups_assignable_by(*, actor) -> QuerySet:
    """The groups `actor` may add an account to or remove it from.

    Superusers: every group. Office staff: groups that give nothing beyond what the
    office group already has, and never the office group itself.
    """
    groups = Group.objects.all()
    if is_superuser(actor):
        return groups
    if not is_office_staff(actor):
        return groups.none()
    beyond_office = Permission.objects.exclude(group__name=OFFICE_STAFF_GROUP)
    return groups.exclude(name=OFFICE_STAFF_GROUP).exclude(
        permissions__in=beyond_office
    )


def user_can_manage_groups(*, actor) -> bool:
    """Groups carry permissions: only superusers create, change or delete them."""
    return is_superuser(actor)


def user_can_manage_membership(*, actor, membership) -> bool:
    """Office staff make CĐCS editors: a membership of an account they manage."""
    if not may_manage_accounts(actor):
        return False
    user = getattr(membership, "user", None) if membership is not None else None
    return user is None or user_can_manage_user(actor=actor, target=user)


# -- review inside a unit (#16) ---------------------------------------------------------
# A unit with `requires_review` has its editors' items approved by its chief editors
# (Membership.Role.CHIEF_EDITOR) before they go public; office staff review any unit.
# Reviewers publish their own items directly; nobody approves an item they submitted.
_REVIEW_CACHE_ATTR = "_unit_ids_reviewable"


def unit_ids_reviewable_by(*, user) -> frozenset[int] | None:
    """Ids of the units whose items `user` may approve; None means every unit."""
    if is_office_staff(user):
        return None
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return frozenset()
    cached = getattr(user, _REVIEW_CACHE_ATTR, None)
    if cached is None:
        from .models import Membership

        cached = frozenset(
            user.unit_memberships.filter(
                unit__is_active=True, role=Membership.Role.CHIEF_EDITOR
            ).values_list("unit_id", flat=True)
        )
        setattr(user, _REVIEW_CACHE_ATTR, cached)
    return cached


def may_review_some_unit(user) -> bool:
    """Office staff, or the chief editor of some unit (the bulk approval action)."""
    ids = unit_ids_reviewable_by(user=user)
    return ids is None or bool(ids)


def unit_review_required(*, user, obj, unit_field: str = "unit") -> bool:
    """Does `user` publishing `obj` wait for its unit's chief editors?

    Yes for an editor (not a reviewer of the unit) of a unit with review on; no for
    office staff, the unit's chief editors and the office's own content (no unit).
    """
    unit_id = unit_id_of(obj, unit_field)
    if unit_id is None:
        return False
    reviewable = unit_ids_reviewable_by(user=user)
    if reviewable is None or unit_id in reviewable:
        return False
    return Unit.objects.filter(pk=unit_id, requires_review=True).exists()


def may_review(*, user, obj, unit_field: str = "unit", submitted_by_id=None) -> bool:
    """May `user` approve or return `obj`, submitted by the user `submitted_by_id`?

    Office staff review every unit, a chief editor their own units; nobody approves
    what they submitted themselves, and an editor approves nothing.
    """
    if not (user and user.is_authenticated):
        return False
    if submitted_by_id is not None and submitted_by_id == user.pk:
        return False
    ids = unit_ids_reviewable_by(user=user)
    if ids is None:
        return True
    unit_id = unit_id_of(obj, unit_field)
    return unit_id is not None and unit_id in ids


def reviewers_of(*, unit) -> QuerySet:
    """The active accounts that review `unit`'s items: its chief editors."""
    from django.contrib.auth import get_user_model

    from .models import Membership

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            unit_memberships__unit=unit,
            unit_memberships__role=Membership.Role.CHIEF_EDITOR,
        )
        .distinct()
    )


def reviewer_emails_by_unit(*, unit_ids) -> dict[int, list[str]]:
    """Each unit's reviewers' addresses (two queries); a unit without a chief editor
    gets the office staff's, who review any unit, so that nothing waits unseen."""
    from .models import Membership

    found: dict[int, list[str]] = {pk: [] for pk in unit_ids}
    rows = unit_editor_memberships(unit_ids=found).filter(
        role=Membership.Role.CHIEF_EDITOR
    )
    for unit_id, email in rows.values_list("unit_id", "user__email"):
        if email and email not in found[unit_id]:
            found[unit_id].append(email)
    if any(not emails for emails in found.values()):
        office = [e for e in office_staff_users().values_list("email", flat=True) if e]
        for emails in found.values():
            emails.extend([] if emails else office)
    return found
