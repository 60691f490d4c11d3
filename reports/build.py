"""Building the dashboard: asking every provider once, then the table and the charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.text import fold
from reports.forms import DashboardFilterForm
from reports.periods import MONTH, QUARTER, YEAR, Period
from reports.registry import (
    COUNT,
    TOP,
    Column,
    Figures,
    Series,
    dashboard_providers,
    dashboard_thresholds,
)
from reports.table import (
    DASHBOARD_RED_FLAGS,
    SORT_NAME,
    Cell,
    Chart,
    ChartLine,
    Dashboard,
    Row,
    is_flagged,
    sort_choices,
    sorted_rows,
    value_text,
)
from units.models import Unit
from units.permissions import units_editable_by

CHART_TOP_UNITS = 5


def dashboard_build(
    *,
    units: Sequence[Unit],
    period: Period,
    sort: str = SORT_NAME,
    charts: bool = True,
    selected_unit: Unit | None = None,
) -> Dashboard:
    """Every registered column for `units` in `period`, sorted, with traffic lights.

    Runs each provider's aggregate queries once (a fixed number of queries for any
    number of units and rows); `charts=False` skips the chart queries (exports).
    """
    columns, values, series = _figures(
        unit_ids=[unit.pk for unit in units], period=period, charts=charts
    )
    thresholds = dashboard_thresholds()
    rows = [
        _row(unit, columns=columns, values=values, thresholds=thresholds, period=period)
        for unit in units
    ]
    if sort not in sort_choices(columns):
        sort = SORT_NAME
    chart_list = (
        [_chart(s, units=units, period=period, selected=selected_unit) for s in series]
        if charts
        else []
    )
    return Dashboard(
        period, columns, sorted_rows(rows, sort), chart_list, sort, thresholds
    )


def _figures(
    *, unit_ids: list[int], period: Period, charts: bool
) -> tuple[list[Column], dict[str, dict[int, Any]], list[Series]]:
    """Every provider's columns, values and series; no query without units."""
    columns: list[Column] = []
    values: dict[str, dict[int, Any]] = {}
    series: list[Series] = []
    for provider in dashboard_providers():
        figures = (
            provider.compute(unit_ids=unit_ids, period=period, charts=charts)
            if unit_ids
            else Figures(values={})
        )
        columns.extend(provider.columns)
        values.update(figures.values)
        series.extend(figures.series)
    return columns, values, series


def _row(
    unit: Unit,
    *,
    columns: list[Column],
    values: dict[str, dict[int, Any]],
    thresholds: dict[str, Any],
    period: Period,
) -> Row:
    """The unit's cells, the columns it is flagged on and its traffic light."""
    cells = []
    for column in columns:
        value = values.get(column.key, {}).get(unit.pk, column.missing)
        flagged = is_flagged(column, value, thresholds.get(column.key), period)
        cells.append(
            Cell(column, value, value_text(column.kind, value, column), flagged)
        )
    flags = [c.column for c in cells if c.flagged]
    red_at = getattr(settings, "DASHBOARD_RED_FLAGS", DASHBOARD_RED_FLAGS)
    light = "red" if len(flags) >= red_at else "amber" if flags else "green"
    return Row(unit, cells, flags, light)


def _chart(
    series: Series, *, units: Sequence[Unit], period: Period, selected: Unit | None
) -> Chart:
    months = period.chart_months
    empty = 0 if series.kind == COUNT else None
    names = {unit.pk: str(unit) for unit in units}
    range_text = _("từ %(first)s đến %(last)s") % {
        "first": f"{months[0].month:02d}/{months[0].year}",
        "last": f"{months[-1].month:02d}/{months[-1].year}",
    }

    def line_for(unit_id: int) -> ChartLine:
        data = series.per_unit.get(unit_id, {})
        return ChartLine(names[unit_id], [data.get(m, empty) for m in months])

    if series.lines == TOP:
        if selected is not None and selected.pk in names:
            chosen = [selected.pk]
            who = _("của %(unit)s") % {"unit": names[selected.pk]}
        else:
            chosen = _top_units(series, names=names, months=months)
            who = _("của %(count)s đơn vị có số liệu cao nhất") % {"count": len(chosen)}
        lines = [line_for(uid) for uid in chosen]
    else:
        overall = series.overall or {}
        lines = [
            ChartLine(
                str(_("Các đơn vị đang xem")), [overall.get(m, empty) for m in months]
            )
        ]
        who = _("chung của các đơn vị đang xem")
        if selected is not None and selected.pk in names:
            lines.append(line_for(selected.pk))
            who = _("chung và của %(unit)s") % {"unit": names[selected.pk]}
    description = _(
        "%(what)s %(who)s, theo tháng %(range)s. Số liệu chi tiết ở bảng ngay sau biểu đồ."
    ) % {
        "what": series.description,
        "who": who,
        "range": range_text,
    }
    return Chart(
        series.key, str(series.title), str(description), series.kind, months, lines
    )


def _top_units(series: Series, *, names: dict[int, str], months: list) -> list[int]:
    """The CHART_TOP_UNITS units with the highest non-zero totals, then by name."""
    totals = {
        unit_id: sum(v or 0 for m, v in data.items() if m in months)
        for unit_id, data in series.per_unit.items()
        if unit_id in names
    }
    ranked = sorted(totals, key=lambda uid: (-totals[uid], fold(names[uid])))
    return [uid for uid in ranked if totals[uid] > 0][:CHART_TOP_UNITS]


def units_filter(
    units: Iterable[Unit], *, kind: str, active: str, query: str
) -> list[Unit]:
    """The units matching the filters, like UnitQuerySet.search but on loaded rows."""
    words = fold(query).split()
    return [
        unit
        for unit in units
        if (not kind or unit.kind == kind)
        and (active == "" or unit.is_active == (active == "1"))
        and all(word in unit.search_text for word in words)
    ]


UNIT_FIELDS = (
    "pk",
    "name",
    "short_name",
    "slug",
    "kind",
    "is_active",
    "order",
    "search_text",
)


def dashboard_scope_for_request(
    *, user, data
) -> tuple[DashboardFilterForm, Period, list[Unit], Unit | None]:
    """The filter form, the period, the units shown and the unit picked for charts.

    Office staff see every unit, an editor their own (the permission rule).
    """
    now = timezone.now()
    scoped = list(
        units_editable_by(user=user).only(*UNIT_FIELDS).order_by("order", "name")
    )
    form = DashboardFilterForm(data, units=scoped, today=timezone.localtime(now).date())
    chosen = form.values()
    number = {MONTH: chosen["month"], QUARTER: chosen["quarter"], YEAR: 1}[
        chosen["period"]
    ]
    period = Period.of(
        granularity=chosen["period"], year=chosen["year"], number=number, now=now
    )
    units = units_filter(
        scoped, kind=chosen["kind"], active=chosen["active"], query=chosen["q"]
    )
    selected = next((u for u in scoped if u.pk == chosen["unit"]), None)
    return form, period, units, selected


def dashboard_for_request(
    *, user, data, charts: bool = True
) -> tuple[DashboardFilterForm, Dashboard]:
    """The filter form and the dashboard for `user` (office: all units; editor: theirs)."""
    form, period, units, selected = dashboard_scope_for_request(user=user, data=data)
    dashboard = dashboard_build(
        units=units,
        period=period,
        sort=form.values()["o"] or SORT_NAME,
        charts=charts,
        selected_unit=selected,
    )
    return form, dashboard
