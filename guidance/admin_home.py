"""The guidance app's boxes on the admin home: units late, and what an editor must do."""

from django.db.models import Count, F
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from publishing.admin_home import (
    Home,
    HomeBox,
    HomeLine,
    change_url,
    changelist_url,
    list_box,
    see_all,
)

from .models import Distribution


def _units_late(home: Home) -> HomeBox:
    late = Distribution.objects.overdue(home.today)

    def line(row: dict) -> HomeLine:
        return HomeLine(
            row["unit__name"],
            url=changelist_url(Distribution, han="qua-han", unit=row["unit_id"]),
            count=row["n"],
            detail=ngettext(
                "%(n)d tài liệu quá hạn", "%(n)d tài liệu quá hạn", row["n"]
            )
            % {"n": row["n"]},
            urgent=True,
        )

    def more(units: int) -> HomeLine:
        return HomeLine(
            ngettext(
                "%(n)d đơn vị quá hạn: xem tất cả",
                "%(n)d đơn vị quá hạn: xem tất cả",
                units,
            )
            % {"n": units},
            url=changelist_url(Distribution, han="qua-han"),
        )

    units = late.values("unit_id").distinct().count()
    return list_box(
        rows=late.values("unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name"),
        line=line,
        more=more,
        count=units,
        key="guidance-late",
        title=_("Đơn vị chậm thực hiện tài liệu định hướng"),
        empty=_("Không đơn vị nào quá hạn thực hiện tài liệu."),
        order=30,
    )


def _to_act_on(home: Home) -> HomeBox:
    todo = (
        Distribution.objects.filter(unit_id__in=home.unit_ids)
        .of_published_documents()
        .not_implemented()
    )
    return list_box(
        rows=todo.select_related("document", "unit").order_by(
            F("document__response_deadline").asc(nulls_last=True), "pk"
        ),
        line=lambda row: _to_act_on_line(row, today=home.today),
        more=see_all(
            _("Tất cả tài liệu chưa thực hiện"),
            url=changelist_url(Distribution, han="can-lam"),
        ),
        count=todo.count(),
        key="guidance-todo",
        title=_("Tài liệu định hướng cần thực hiện"),
        empty=_("Đơn vị đã thực hiện mọi tài liệu được gửi."),
        order=10,
    )


def _to_act_on_line(row: Distribution, *, today) -> HomeLine:
    deadline = row.document.response_deadline
    overdue = row.is_overdue(today)
    if deadline is None:
        detail = row.get_status_display()
    elif overdue:
        detail = _("quá hạn từ %(day)s") % {"day": date_format(deadline, "d/m/Y")}
    else:
        detail = _("hạn %(day)s") % {"day": date_format(deadline, "d/m/Y")}
    return HomeLine(
        f"{row.document.number_text} {row.document.title}",
        url=change_url(row),
        detail=detail,
        urgent=overdue,
    )


def admin_home_guidance(home: Home) -> list[HomeBox]:
    if not home.may_view(Distribution):
        return []
    return [_units_late(home) if home.is_office else _to_act_on(home)]
