"""The dashboard page and its CSV/XLSX exports; reports/admin.py checks who may see them."""

from __future__ import annotations

from typing import Any

from django.db.models.options import Options
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from reports import charts
from reports.build import dashboard_for_request
from reports.exports import dashboard_csv, dashboard_xlsx, export_filename
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
