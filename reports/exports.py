"""The dashboard as CSV and XLSX, from the same numbers as the table."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

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
    """UTF-8 with a BOM, so that Excel shows the diacritics too."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export_header(dashboard))
    writer.writerows(export_rows(dashboard))
    return buffer.getvalue().encode("utf-8-sig")


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Số liệu truyền thông"))[:31]
    sheet.append(export_header(dashboard))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in export_rows(dashboard):
        sheet.append(values)
    for offset, column in enumerate(dashboard.columns, start=3):
        if column.kind == RATIO:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=offset, max_col=offset):
                cell.number_format = "0%"
    for index, header in enumerate(export_header(dashboard), start=1):
        width = 40 if index == 2 else max(12, min(len(header) + 2, 30))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(dashboard: Dashboard, extension: str) -> str:
    return f"so-lieu-truyen-thong-{dashboard.period.slug}.{extension}"
