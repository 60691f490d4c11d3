"""The dashboard as CSV and XLSX, from the same numbers as the table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from publishing.exports import table_csv, table_xlsx
from reports.registry import BOOL, DAYS, RATIO, STATUS
from reports.table import Cell, Dashboard


def export_header(dashboard: Dashboard) -> list[str]:
    return [
        str(_("Kỳ")),
        str(_("Đơn vị")),
        *(str(column.label) for column in dashboard.columns),
        str(_("Đèn tín hiệu")),
        str(_("Chỉ tiêu chưa đạt")),
    ]


def _export_value(cell: Cell) -> Any:
    """Numbers stay numbers (a spreadsheet sums them); the rest is Vietnamese text."""
    if cell.column.kind in (BOOL, STATUS):
        return cell.text
    if cell.value is None:
        return ""
    if cell.column.kind == DAYS:
        days = round(float(cell.value), 1)
        return int(days) if days.is_integer() else days
    return cell.value


def export_rows(dashboard: Dashboard) -> list[list[Any]]:
    return [
        [
            str(dashboard.period.label),
            row.unit.name,
            *(_export_value(cell) for cell in row.cells),
            row.light_label,
            row.flag_text,
        ]
        for row in dashboard.rows
    ]


def dashboard_csv(dashboard: Dashboard) -> bytes:
    return table_csv(header=export_header(dashboard), rows=export_rows(dashboard))


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    from openpyxl.utils import get_column_letter  # loaded on the first export only

    header = export_header(dashboard)

    def percentages(sheet) -> None:
        for offset, column in enumerate(dashboard.columns, start=3):
            if column.kind == RATIO:
                for (cell,) in sheet.iter_rows(
                    min_row=2, min_col=offset, max_col=offset
                ):
                    cell.number_format = "0%"

    return table_xlsx(
        title=_("Số liệu truyền thông"),
        header=header,
        rows=export_rows(dashboard),
        freeze_panes="C2",
        column_widths={
            get_column_letter(index): 40
            if index == 2
            else max(12, min(len(label) + 2, 30))
            for index, label in enumerate(header, start=1)
        },
        format_sheet=percentages,
    )


def export_filename(dashboard: Dashboard, extension: str) -> str:
    return f"so-lieu-truyen-thong-{dashboard.period.slug}.{extension}"


REACH_TABLES = ("don-vi", "bai")


def reach_table(reach, table: str) -> tuple[list[str], list[list[Any]]]:
    """The reach page's table `table` ("don-vi": units, "bai": top items) as rows."""
    from reports.reach import SOURCES

    sources = [str(source.label) for source in SOURCES]
    period = str(reach.period.label)
    if table == "bai":
        header = [str(_("Kỳ")), str(_("Bài")), str(_("Đơn vị")), *sources]
        header.append(str(_("Tổng lượt đọc")))
        rows = [
            [period, item.title, item.unit_name, *item.source_values, item.total]
            for item in reach.top_items
        ]
        return header, rows
    header = [str(_("Kỳ")), str(_("Đơn vị")), *sources, str(_("Tổng lượt đọc"))]
    header += [str(_("Người tiếp cận trên Facebook")), str(_("Lượt cảm xúc Facebook"))]
    rows = [
        [
            period,
            row.name,
            *row.source_values,
            row.total,
            row.facebook_reach,
            row.facebook_reactions,
        ]
        for row in reach.rows
    ]
    return header, rows


def reach_export(reach, *, table: str, export_format: str) -> bytes:
    from publishing.exports import table_csv, table_xlsx

    header, rows = reach_table(reach, table)
    if export_format == "csv":
        return table_csv(header=header, rows=rows)
    return table_xlsx(
        title=_("Mức tiếp cận"), header=header, rows=rows, freeze_panes="C2"
    )
