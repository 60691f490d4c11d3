"""The one CSV/XLSX exporter: formula-injection guard, XML-safe text, one BOM rule.

Every table the site lets people download goes through `table_csv` or `table_xlsx`
(the guidance matrix, the dashboard). Text cells that a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) are prefixed with an
apostrophe (OWASP, "CSV Injection"); numbers, dates and booleans stay what they are,
so a spreadsheet still sums them. CSV is always UTF-8 with a BOM: without it Excel
reads the Vietnamese letters as Windows-1252.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import HttpResponse

from .text import xml_safe

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def cell_value(value: Any) -> Any:
    """A cell as written: text guarded and XML-safe, None empty, the rest as is."""
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, int | float | bool):
            return value
        value = str(value)  # lazy translations, dates already formatted by callers
    value = xml_safe(value)  # openpyxl refuses control characters, Excel too
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def table_csv(*, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The table as CSV, UTF-8 with a BOM, every cell through `cell_value`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell_value(value) for value in header])
    for row in rows:
        writer.writerow([cell_value(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def table_xlsx(
    *,
    title: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    freeze_panes: str | None = None,
    column_widths: dict[str, float] | None = None,
    wrap_header: bool = False,
    format_sheet: Callable[[Any], None] | None = None,
) -> bytes:
    """The table as one sheet, header row bold, every cell through `cell_value`.

    `format_sheet(sheet)` runs after the rows are written, for what only the caller
    knows (fills, number formats); it must not write values.
    """
    # openpyxl is loaded on the first export, not by every process that imports this.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = xml_safe(str(title))[:31]  # Excel's limit for a sheet name
    sheet.append([cell_value(value) for value in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if wrap_header:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    for column, width in (column_widths or {}).items():
        sheet.column_dimensions[column].width = width
    if freeze_panes:
        sheet.freeze_panes = freeze_panes
    if format_sheet:
        format_sheet(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(*, content: bytes, file_format: str, filename: str) -> HttpResponse:
    """A download of an export: never cached by a proxy, never sniffed as HTML."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
