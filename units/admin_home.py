"""The units app's boxes on the admin home: plans to review, an editor's own unit."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from publishing.admin_home import (
    Home,
    HomeBox,
    HomeLine,
    change_url,
    changelist_url,
    list_box,
    see_all,
)

from . import permissions
from .models import AnnualPlan, Unit


def home_role(user) -> tuple[bool, frozenset[int]]:
    """The admin home asks the one permission rule who is office staff."""
    ids = permissions.unit_ids_editable_by(user=user)
    return ids is None, ids or frozenset()


def _plans_to_review(home: Home) -> HomeBox | None:
    if not home.may_view(AnnualPlan):
        return None
    waiting = AnnualPlan.objects.filter(status=AnnualPlan.Status.SUBMITTED)
    return list_box(
        rows=waiting.select_related("unit").order_by("submitted_at", "pk"),
        line=lambda plan: HomeLine(
            str(plan),
            url=change_url(plan),
            detail=_("nộp %(day)s")
            % {"day": date_format(timezone.localtime(plan.submitted_at), "d/m/Y")}
            if plan.submitted_at
            else "",
        ),
        more=see_all(
            _("Tất cả kế hoạch, báo cáo chờ duyệt"),
            url=changelist_url(AnnualPlan, status__exact=AnnualPlan.Status.SUBMITTED),
        ),
        count=waiting.count(),
        key="plans",
        title=_("Kế hoạch, báo cáo chờ duyệt"),
        empty=_("Không có kế hoạch hay báo cáo nào chờ duyệt."),
        order=40,
    )


def _own_units(home: Home) -> list[HomeBox]:
    units = list(Unit.objects.filter(pk__in=home.unit_ids).order_by("order", "name"))
    plans = {}
    year = home.today.year
    for plan in AnnualPlan.objects.filter(unit__in=units, year=year).order_by("kind"):
        plans.setdefault(plan.unit_id, []).append(plan)
    boxes = []
    for unit in units:
        lines = [
            HomeLine(
                _("Trang của đơn vị trên cổng thông tin"),
                url=unit.get_absolute_url(),
            )
        ]
        for plan in plans.get(unit.pk, []):
            lines.append(
                HomeLine(
                    f"{plan.get_kind_display()} {plan.year}",
                    url=change_url(plan),
                    detail=plan.get_status_display(),
                    urgent=plan.status == AnnualPlan.Status.RETURNED,
                )
            )
        if not plans.get(unit.pk):
            lines.append(
                HomeLine(
                    _("Chưa có kế hoạch truyền thông năm %(year)d") % {"year": year},
                    url=changelist_url(AnnualPlan, unit=unit.pk),
                    urgent=True,
                )
            )
        boxes.append(
            HomeBox(
                key=f"unit-{unit.pk}",
                title=unit.name,
                lines=lines,
                order=0,
            )
        )
    return boxes


def admin_home_units(home: Home) -> list[HomeBox]:
    if home.is_office:
        return [box for box in (_plans_to_review(home),) if box]
    return _own_units(home)
