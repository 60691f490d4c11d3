"""The office matrix as CSV and XLSX files, with Vietnamese headers (publishing.exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import PatternFill

from publishing.exports import table_csv, table_xlsx

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


def matrix_csv(matrix: Matrix) -> bytes:
    return table_csv(
        header=_headers(matrix), rows=(values for _doc, values in _rows(matrix))
    )


def matrix_xlsx(matrix: Matrix) -> bytes:
    """One sheet, header row frozen, overdue cells filled red."""
    first_unit_column = 6

    def fill_overdue(sheet) -> None:
        for row_number, (_document, cells) in enumerate(matrix.rows, start=2):
            for offset, cell in enumerate(cells):
                if cell is not None and cell.overdue:
                    column = first_unit_column + offset
                    sheet.cell(row_number, column).fill = OVERDUE_FILL

    return table_xlsx(
        title=_("Tình hình thực hiện"),
        header=_headers(matrix),
        rows=(values for _document, values in _rows(matrix)),
        freeze_panes="B2",
        column_widths={"A": 18, "C": 50},
        wrap_header=True,
        format_sheet=fill_overdue,
    )
