"""The dashboard and reach pages and their CSV/XLSX exports; reports/admin.py checks
who may see them."""

from __future__ import annotations

from typing import Any

from django.db.models.options import Options
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from publishing.exports import export_response
from reports import charts
from reports.build import dashboard_for_request, dashboard_scope_for_request
from reports.exports import (
    REACH_TABLES,
    dashboard_csv,
    dashboard_xlsx,
    export_filename,
    reach_export,
)
from reports.reach import reach_build
from reports.registry import BOOL, COUNT
from reports.table import SORT_LIGHT, SORT_NAME, Dashboard
from units import permissions

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", dashboard_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        dashboard_xlsx,
    ),
}


def dashboard_page(
    request: HttpRequest, *, context: dict[str, Any], opts: Options
) -> TemplateResponse:
    """The table, the charts and the filters for the user's units.

    `context` is the admin site's own (each_context), `opts` the admin entry's.
    """
    form, board = dashboard_for_request(user=request.user, data=request.GET)
    context = {
        **context,
        "title": _("Bảng số liệu truyền thông"),
        "opts": opts,
        "form": form,
        "dashboard": board,
        "headers": sort_headers(request.GET, board),
        "charts": [
            {
                "chart": chart,
                "svg": charts.line_chart_svg(chart, dom_id=f"chart-{chart.key}"),
                "legend": [
                    (entry, charts.legend_swatch(entry))
                    for entry in charts.legend(chart)
                ],
            }
            for chart in board.charts
        ],
        "is_office": permissions.is_office_staff(request.user),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "reports/dashboard.html", context)


def dashboard_export(request: HttpRequest, *, export_format: str) -> HttpResponse:
    """The same figures as the page, as an attachment (404 for an unknown format)."""
    if export_format not in EXPORTS:
        raise Http404
    content_type, render = EXPORTS[export_format]
    _form, board = dashboard_for_request(
        user=request.user, data=request.GET, charts=False
    )
    response = HttpResponse(render(board), content_type=content_type)
    filename = export_filename(board, export_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def sort_headers(query: QueryDict, board: Dashboard) -> list[dict]:
    """Sortable headers: a link toggling the order, and aria-sort on the current."""
    current = board.sort.lstrip("-")
    descending = board.sort.startswith("-")
    headers = []
    keyed = [(SORT_NAME, _("Đơn vị"), False)]
    keyed += [(c.key, c.label, c.kind in (COUNT, BOOL)) for c in board.columns]
    keyed.append((SORT_LIGHT, _("Đèn tín hiệu"), True))
    for key, label, first_descending in keyed:
        if key == current:
            sort = key if descending else f"-{key}"
            aria = "descending" if descending else "ascending"
        else:
            sort = f"-{key}" if first_descending else key
            aria = None
        params = query.copy()
        params["o"] = sort
        headers.append(
            {
                "key": key,
                "label": label,
                "href": f"?{params.urlencode()}",
                "aria_sort": aria,
            }
        )
    return headers


def _reach_for_request(request: HttpRequest):
    form, period, units, _selected = dashboard_scope_for_request(
        user=request.user, data=request.GET
    )
    is_office = permissions.is_office_staff(request.user)
    names: dict[int | None, str] = {}
    if is_office:
        names[None] = str(_("Văn phòng Công đoàn (bài chung)"))
    names.update({unit.pk: unit.name for unit in units})
    board = reach_build(names=names, period=period, include_office=is_office)
    return form, board, is_office


def reach_page(
    request: HttpRequest, *, context: dict[str, Any], opts: Options
) -> TemplateResponse:
    """Reads by source per month, the most read items and each unit's reads."""
    form, board, is_office = _reach_for_request(request)
    top_units = board.top_rows
    context = {
        **context,
        "title": _("Mức tiếp cận"),
        "opts": opts,
        "form": form,
        "reach": board,
        "is_office": is_office,
        "query": request.GET.urlencode(),
        "monthly_svg": charts.line_chart_svg(
            board.monthly, dom_id="chart-reach-sources"
        )
        if board.monthly.lines
        else "",
        "monthly_legend": [
            (entry, charts.legend_swatch(entry))
            for entry in charts.legend(board.monthly)
        ],
        "items_svg": charts.bar_chart_svg(
            bars=[(item.title, item.total) for item in board.top_items],
            title=str(_("Bài được đọc nhiều nhất")),
            description=str(
                _("Số lượt đọc của %(count)s bài được đọc nhiều nhất trong kỳ.")
                % {"count": len(board.top_items)}
            ),
            dom_id="chart-reach-items",
        )
        if board.top_items
        else "",
        "units_svg": charts.bar_chart_svg(
            bars=[(row.name, row.total) for row in top_units],
            title=str(_("Đơn vị có nhiều lượt đọc nhất")),
            description=str(
                _("Số lượt đọc của %(count)s đơn vị có nhiều lượt đọc nhất trong kỳ.")
                % {"count": len(top_units)}
            ),
            dom_id="chart-reach-units",
        )
        if top_units
        else "",
        "top_units": top_units,
        "tables": REACH_TABLES,
    }
    return TemplateResponse(request, "reports/reach.html", context)


def reach_export_view(
    request: HttpRequest, *, table: str, export_format: str
) -> HttpResponse:
    """A table of the reach page as CSV or XLSX (404 for an unknown table or format)."""
    if table not in REACH_TABLES or export_format not in EXPORTS:
        raise Http404
    _form, board, _is_office = _reach_for_request(request)
    return export_response(
        content=reach_export(board, table=table, export_format=export_format),
        file_format=export_format,
        filename=f"tiep-can-{table}-{board.period.slug}.{export_format}",
    )
