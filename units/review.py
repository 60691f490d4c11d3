"""The unit-review rule that publishing asks through its hook (publishing.review)."""

from . import permissions


def unit_field_of(model) -> str | None:
    """The lookup from `model` to its unit, as its scoped admin declares it; None for
    content with no unit admin (office-only content is never reviewed in a unit)."""
    from django.contrib import admin

    from .admin import UnitScopedAdminMixin

    model_admin = admin.site._registry.get(model)
    if isinstance(model_admin, UnitScopedAdminMixin) and model_admin.unit_field:
        return model_admin.unit_field
    return None


class UnitReviewRule:
    """Answers publishing.review with units.permissions (THE rule)."""

    def rights(self, *, user, obj, submitted_by_id=None):
        from publishing.review import ReviewRights

        unit_field = unit_field_of(type(obj))
        if unit_field is None:
            return ReviewRights(may_review=permissions.is_office_staff(user))
        return ReviewRights(
            needs_review=permissions.unit_review_required(
                user=user, obj=obj, unit_field=unit_field
            ),
            may_review=permissions.may_review(
                user=user,
                obj=obj,
                unit_field=unit_field,
                submitted_by_id=submitted_by_id,
            ),
        )

    def applies_to(self, model) -> bool:
        return unit_field_of(model) is not None

    def may_review_any(self, user) -> bool:
        return permissions.may_review_some_unit(user)

    def reviewer_emails(self, *, objs) -> list[list[str]]:
        unit_ids = []
        for obj in objs:
            unit_field = unit_field_of(type(obj))
            unit_ids.append(
                permissions.unit_id_of(obj, unit_field) if unit_field else None
            )
        by_unit = permissions.reviewer_emails_by_unit(
            unit_ids={pk for pk in unit_ids if pk is not None}
        )
        office = None
        found = []
        for unit_id in unit_ids:
            if unit_id is None:
                if office is None:
                    office = [
                        e
                        for e in permissions.office_staff_users().values_list(
                            "email", flat=True
                        )
                        if e
                    ]
                found.append(list(office))
            else:
                found.append(by_unit[unit_id])
        return found


RULE = UnitReviewRule()
