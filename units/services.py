"""Every write to units, their pages and their editors."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.redirects import slug_redirect_on_save
from publishing.richtext import richtext_to_text
from publishing.text import fold, unique_slug

from .models import AnnualPlan, AnnualPlanFile, Membership, Unit, UnitPage
from .permissions import OFFICE_STAFF_GROUP, is_office_staff, user_can_edit

# What office staff need beyond the scoped admins (which ask units.permissions).
OFFICE_STAFF_PERMISSIONS = (
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
    "publishing.view_notification",  # the e-mails sent, and sending a failed one again
    "publishing.change_notification",
)


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Validate and save a unit: slug from the name if empty, folded search text.

    A changed slug leaves a redirect from the old one, so shared links keep working.
    """
    with slug_redirect_on_save(instance=unit):
        if not unit.slug:
            unit.slug = unique_slug(
                queryset=Unit.objects.all(), value=unit.name, instance_pk=unit.pk
            )
        unit.search_text = fold(f"{unit.name} {unit.short_name}")
        unit.full_clean()
        unit.save()
    return unit


@transaction.atomic
def unit_page_save(*, page: UnitPage) -> UnitPage:
    """Validate and save a unit's page; a renamed slug leaves a redirect."""
    with slug_redirect_on_save(instance=page, scope=str(page.unit_id)):
        if not page.slug:
            page.slug = unique_slug(
                queryset=UnitPage.objects.filter(unit_id=page.unit_id),
                value=page.title,
                instance_pk=page.pk,
            )
        page.full_clean()
        page.save()
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


# -- annual plans and year-end reports (issue #8) -----------------------------------
# Default deadlines (month, day) in the plan's year; settings.ANNUAL_PLAN_DEADLINES
# may override either. A row's own `deadline` (set by the office) wins over both.
ANNUAL_PLAN_DEADLINES = {"plan": (1, 31), "report": (12, 15)}


def annual_plan_default_deadline(*, kind: str, year: int):
    """The office's common deadline for a plan (or report) of `year`."""
    deadlines = {
        **ANNUAL_PLAN_DEADLINES,
        **getattr(settings, "ANNUAL_PLAN_DEADLINES", {}),
    }
    month, day = deadlines[kind]
    return datetime.date(year, month, day)


def _plan_refuse(message, code: str) -> None:
    raise ValidationError(message, code=code)


@transaction.atomic
def annual_plan_save(*, plan, user) -> AnnualPlan:
    """Validate and save a plan's content; the status is left as it is.

    An empty deadline becomes the office's common one. A CĐCS editor may change a
    plan only while it is a draft or was returned; office staff always may.
    """
    if not user_can_edit(user=user, obj=plan, unit_field="unit"):
        raise PermissionDenied
    if plan.pk and not is_office_staff(user):
        stored = type(plan).objects.filter(pk=plan.pk).values_list("status", flat=True)
        if stored.first() not in plan.EDITABLE_STATUSES:
            raise PermissionDenied
    if plan.deadline is None and plan.year:
        plan.deadline = annual_plan_default_deadline(kind=plan.kind, year=plan.year)
    plan.full_clean()
    plan.save()
    return plan


def annual_plan_file_save(
    *, plan_file, upload_name: str | None = None
) -> AnnualPlanFile:
    """Save a file of a plan, keeping the user's file name, its kind and size.

    The upload was judged by publishing.documents (DocumentField) on validation.
    """
    plan_file.describe_upload(upload_name)
    plan_file.full_clean()
    plan_file.save()
    return plan_file


def _plan_locked(plan_id: int):
    return AnnualPlan.objects.select_for_update().get(pk=plan_id)


@transaction.atomic
def annual_plan_submit(*, plan, user) -> AnnualPlan:
    """Send a draft (or a returned plan) to the office for review.

    Refused when the plan has neither text nor a file. A plan already submitted or
    accepted is left as it is (a second submit is a no-op, not an error).
    """
    if not user_can_edit(user=user, obj=plan, unit_field="unit"):
        raise PermissionDenied
    locked = _plan_locked(plan.pk)
    if locked.status not in locked.EDITABLE_STATUSES:
        return locked
    if not richtext_to_text(locked.text).strip() and not locked.files.exists():
        _plan_refuse(
            _("Chưa nộp được: hãy viết nội dung hoặc đính kèm ít nhất một tệp."),
            "plan_empty",
        )
    locked.status = locked.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return locked


def _plan_review(*, plan, user, status: str, comment: str):
    if not is_office_staff(user):
        raise PermissionDenied
    locked = _plan_locked(plan.pk)
    if locked.status == status and locked.review_comment == comment:
        return locked
    if locked.status != locked.Status.SUBMITTED:
        _plan_refuse(
            _("Chỉ duyệt được kế hoạch, báo cáo đã nộp và đang chờ duyệt."),
            "plan_not_submitted",
        )
    locked.status = status
    locked.review_comment = comment
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = user
    locked.save(
        update_fields=[
            "status",
            "review_comment",
            "reviewed_at",
            "reviewed_by",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def annual_plan_accept(*, plan, user, comment: str = "") -> AnnualPlan:
    """Office staff accept a submitted plan, with an optional comment."""
    return _plan_review(
        plan=plan, user=user, status=plan.Status.ACCEPTED, comment=comment.strip()
    )


@transaction.atomic
def annual_plan_return(*, plan, user, comment: str) -> AnnualPlan:
    """Office staff return a submitted plan with the comment the editor will read.

    The unit may then edit and submit it again.
    """
    if not comment.strip():
        _plan_refuse(
            _("Hãy ghi nhận xét để đơn vị biết cần bổ sung gì."),
            "review_comment_required",
        )
    return _plan_review(
        plan=plan, user=user, status=plan.Status.RETURNED, comment=comment.strip()
    )
