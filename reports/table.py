"""The table model: thresholds, traffic lights, cells, rows, charts, sorting."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from publishing.text import fold
from reports.periods import Period
from reports.registry import BOOL, DAYS, HIGH, RATIO, STATUS, Column
from units.models import Unit

DASHBOARD_RED_FLAGS = 2


LIGHTS = {
    "green": _("Đạt"),
    "amber": _("Cần chú ý"),
    "red": _("Cần hỗ trợ"),
}


def is_flagged(column: Column, value: Any, threshold: Any, period: Period) -> bool:
    """Is `value` on the wrong side of `threshold` for this column?"""
    if threshold is None:
        return False
    if column.kind == BOOL:
        return bool(value) != bool(threshold)
    if column.kind == STATUS:
        return value in tuple(threshold)
    if value is None:
        return column.none_flagged
    if column.good is None:
        return False
    limit = threshold * period.months if column.per_month else threshold
    return value < limit if column.good == HIGH else value > limit


@dataclass
class Cell:
    column: Column
    value: Any
    text: str
    flagged: bool

    def html(self) -> str:
        """The table cell, built here: 40 rows x every column is the page's bulk."""
        if not self.flagged:
            return format_html(
                '<td class="kind-{}">{}</td>', self.column.kind, self.text
            )
        return format_html(
            '<td class="kind-{} is-flagged">{} <span class="flag" aria-hidden="true">!'
            '</span><span class="visually-hidden">{}</span></td>',
            self.column.kind,
            self.text,
            _("(chưa đạt)"),
        )


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]
    flags: list[Column]
    light: str

    @property
    def light_label(self) -> str:
        return str(LIGHTS[self.light])

    @property
    def flag_text(self) -> str:
        return ", ".join(str(column.label) for column in self.flags)


@dataclass
class ChartLine:
    label: str
    values: list[float | None]


@dataclass
class Chart:
    key: str
    title: str
    description: str
    kind: str
    months: list[datetime.date]
    lines: list[ChartLine]

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(month label, formatted values) for the table after the chart."""
        return [
            (
                f"{month.month:02d}/{month.year}",
                [value_text(self.kind, line.values[i]) for line in self.lines],
            )
            for i, month in enumerate(self.months)
        ]


@dataclass
class Dashboard:
    period: Period
    columns: list[Column]
    rows: list[Row]
    charts: list[Chart]
    sort: str
    thresholds: dict[str, Any]

    @property
    def light_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(LIGHTS, 0)
        for row in self.rows:
            counts[row.light] += 1
        return counts


def value_text(kind: str, value: Any, column: Column | None = None) -> str:
    """A value as people read it (Vietnamese decimal comma)."""
    if kind == BOOL:
        return str(_("Có") if value else _("Chưa có"))
    if kind == STATUS:
        return column.status_label(value) if column else str(value or "")
    if value is None:
        return "—"
    if kind == RATIO:
        return f"{number_format(round(value * 100), decimal_pos=0, use_l10n=True)}%"
    if kind == DAYS:
        decimals = 0 if float(value).is_integer() else 1
        return number_format(value, decimal_pos=decimals, use_l10n=True)
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


SORT_NAME = "name"
SORT_LIGHT = "light"


def sort_choices(columns: Sequence[Column]) -> set[str]:
    keys = {SORT_NAME, SORT_LIGHT, *(column.key for column in columns)}
    return keys | {f"-{key}" for key in keys}


def sorted_rows(rows: list[Row], sort: str) -> list[Row]:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == SORT_NAME:
        return sorted(rows, key=lambda r: fold(str(r.unit.name)), reverse=descending)
    if key == SORT_LIGHT:
        return sorted(
            rows, key=lambda r: (len(r.flags), fold(r.unit.name)), reverse=descending
        )

    def cell(row: Row) -> Cell:
        return next(c for c in row.cells if c.column.key == key)

    def sort_value(row: Row):
        found = cell(row)
        if found.column.kind == STATUS:
            return found.column.status_rank(found.value)
        return found.value

    known = [r for r in rows if sort_value(r) is not None]
    unknown = [r for r in rows if sort_value(r) is None]
    known.sort(key=lambda r: fold(r.unit.name))  # stable tie-break by name
    known.sort(key=sort_value, reverse=descending)
    return known + unknown
