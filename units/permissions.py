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
from django.db.models import Q, QuerySet

from .models import Unit

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
    from django.http import Http404

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
