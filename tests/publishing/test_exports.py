"""The one CSV/XLSX exporter (#12, point 8): formulas neutralised, one BOM rule,
and both downloads of the site (guidance matrix, dashboard) built on it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from guidance import services as guidance_services
from publishing.exports import cell_value, table_csv, table_xlsx
from tests.guidance.factories import DocumentFactory

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
MATRIX = reverse("admin:guidance_document_matrix")


@pytest.mark.parametrize("value", DANGEROUS)
def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted(value):
    assert cell_value(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "written"),
    [(-1, -1), (0.5, 0.5), (None, ""), ("Công đoàn", "Công đoàn"), ("a\vb", "ab")],
)
def test_numbers_stay_numbers_and_text_loses_what_xml_refuses(value, written):
    assert cell_value(value) == written


def test_csv_has_one_bom_and_guarded_cells():
    content = table_csv(header=["Tên"], rows=[[v] for v in DANGEROUS])
    assert content.startswith(b"\xef\xbb\xbf") and content.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == ["'" + v for v in DANGEROUS]


def test_xlsx_holds_no_formula_and_keeps_numbers():
    content = table_xlsx(title="Bảng", header=["Tên", "Số"], rows=[["=1+1", -3]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3


def _unit_named(unit, name):
    type(unit).objects.filter(pk=unit.pk).update(name=name, short_name="")
    unit.refresh_from_db()
    return unit


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_guidance_matrix_guards_titles_and_unit_names(
    office_client, unit_a, export
):
    _unit_named(unit_a, "@cmd|' /C calc'!A0")
    document = DocumentFactory(recipient_units=[unit_a], title="=cmd|' /C calc'!A0")
    guidance_services.document_distribute(document_ids=[document.pk])
    content = office_client.get(MATRIX, {"xuat": export}).content
    cells = _cells(content, export)
    assert "'=cmd|' /C calc'!A0" in cells and "'@cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_dashboard_guards_unit_names(office_client, unit_a, export):
    _unit_named(unit_a, '=HYPERLINK("http://x","Bấm")')
    url = reverse("admin:units_unitdashboard_export", args=[export])
    cells = _cells(office_client.get(url).content, export)
    assert '\'=HYPERLINK("http://x","Bấm")' in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def _cells(content: bytes, export: str) -> list[str]:
    if export == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        return [cell for row in rows for cell in row]
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
