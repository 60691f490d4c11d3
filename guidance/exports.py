"""The office matrix as CSV and XLSX files, with Vietnamese headers."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .selectors import Matrix, MatrixCell

OVERDUE_FILL = PatternFill("solid", start_color="FFF1C4C4", end_color="FFF1C4C4")


class _CellText:
    """Cell text with labels translated once (8,000 cells: see the benchmark)."""

    def __init__(self):
        self.labels: dict[str, str] = {}
        self.late = " – " + _("quá hạn")
        self.zone = timezone.get_current_timezone()

    def __call__(self, cell: MatrixCell | None) -> str:
        if cell is None:
            return ""
        text = self.labels.get(cell.status)
        if text is None:
            text = self.labels[cell.status] = str(cell.label)
        if cell.at:
            text += f" {cell.at.astimezone(self.zone):%d/%m/%Y}"
        if cell.overdue:
            text += self.late
        return text


def _headers(matrix: Matrix) -> list[str]:
    return [
        _("Số, ký hiệu"),
        _("Loại văn bản"),
        _("Tiêu đề"),
        _("Ngày ban hành"),
        _("Hạn báo cáo"),
        *[unit.short_name or unit.name for unit in matrix.units],
    ]


def _rows(matrix: Matrix):
    _cell_text = _CellText()
    for document, cells in matrix.rows:
        yield (
            document,
            [
                document.number_text,
                document.document_type.name,
                document.title,
                document.issue_date.strftime("%d/%m/%Y"),
                document.response_deadline.strftime("%d/%m/%Y")
                if document.response_deadline
                else "",
                *[_cell_text(cell) for cell in cells],
            ],
        )


def _safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to Excel (CSV injection): quote it.
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def matrix_csv(matrix: Matrix) -> bytes:
    """UTF-8 with a BOM, so that Excel shows the Vietnamese letters correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(matrix))
    for _document, values in _rows(matrix):
        writer.writerow([_safe(value) for value in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def matrix_xlsx(matrix: Matrix) -> bytes:
    """One sheet, header row frozen, overdue cells filled red."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tình hình thực hiện")[:31]
    sheet.append(_headers(matrix))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first_unit_column = 6
    for row_number, ((_document, cells), (_same, values)) in enumerate(
        zip(matrix.rows, _rows(matrix), strict=True), start=2
    ):
        sheet.append([_safe(value) for value in values])
        for offset, cell in enumerate(cells):
            if cell is not None and cell.overdue:
                sheet.cell(row_number, first_unit_column + offset).fill = OVERDUE_FILL
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["C"].width = 50
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
