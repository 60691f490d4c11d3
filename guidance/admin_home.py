"""The guidance app's boxes on the admin home: units late, and what an editor must do."""

from django.db.models import Count, F
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from publishing.admin_home import (
    LIST_ITEMS,
    Home,
    HomeBox,
    HomeLine,
    change_url,
    changelist_url,
)

from .models import Distribution


def _units_late(home: Home) -> HomeBox:
    late = Distribution.objects.overdue(home.today)
    by_unit = list(
        late.values("unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")[:LIST_ITEMS]
    )
    units = late.values("unit_id").distinct().count()
    return HomeBox(
        key="guidance-late",
        title=_("Đơn vị chậm thực hiện tài liệu định hướng"),
        lines=[
            HomeLine(
                row["unit__name"],
                url=changelist_url(Distribution, han="qua-han", unit=row["unit_id"]),
                count=row["n"],
                detail=ngettext(
                    "%(n)d tài liệu quá hạn", "%(n)d tài liệu quá hạn", row["n"]
                )
                % {"n": row["n"]},
                urgent=True,
            )
            for row in by_unit
        ],
        more=HomeLine(
            ngettext(
                "%(n)d đơn vị quá hạn: xem tất cả",
                "%(n)d đơn vị quá hạn: xem tất cả",
                units,
            )
            % {"n": units},
            url=changelist_url(Distribution, han="qua-han"),
        )
        if units
        else None,
        empty=_("Không đơn vị nào quá hạn thực hiện tài liệu."),
        order=30,
    )


def _to_act_on(home: Home) -> HomeBox:
    todo = (
        Distribution.objects.filter(unit_id__in=home.unit_ids)
        .of_published_documents()
        .not_implemented()
    )
    count = todo.count()
    rows = todo.select_related("document", "unit").order_by(
        F("document__response_deadline").asc(nulls_last=True), "pk"
    )[:LIST_ITEMS]
    lines = []
    for row in rows:
        deadline = row.document.response_deadline
        overdue = row.is_overdue(home.today)
        if deadline is None:
            detail = row.get_status_display()
        elif overdue:
            detail = _("quá hạn từ %(day)s") % {"day": date_format(deadline, "d/m/Y")}
        else:
            detail = _("hạn %(day)s") % {"day": date_format(deadline, "d/m/Y")}
        lines.append(
            HomeLine(
                f"{row.document.number_text} {row.document.title}",
                url=change_url(row),
                detail=detail,
                urgent=overdue,
            )
        )
    return HomeBox(
        key="guidance-todo",
        title=_("Tài liệu định hướng cần thực hiện"),
        lines=lines,
        more=HomeLine(
            _("Tất cả tài liệu chưa thực hiện"),
            url=changelist_url(Distribution, han="can-lam"),
            count=count,
        )
        if count
        else None,
        empty=_("Đơn vị đã thực hiện mọi tài liệu được gửi."),
        order=10,
    )


def admin_home_guidance(home: Home) -> list[HomeBox]:
    if not home.may_view(Distribution):
        return []
    return [_units_late(home) if home.is_office else _to_act_on(home)]
