"""The office matrix: documents x units, overdue in red, CSV/XLSX, fixed queries."""

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from guidance import services
from guidance.models import Distribution
from tests.guidance.factories import DocumentFactory, document_type
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db
MATRIX = reverse("admin:guidance_document_matrix")


def distributed(units, **fields):
    document = DocumentFactory(recipient_units=units, **fields)
    services.document_distribute(document_ids=[document.pk])
    return document


@pytest.fixture
def plan(unit_a, unit_b, unit_editor):
    document = distributed(
        [unit_a, unit_b],
        number_text="65/KH-LĐLĐ",
        issue_date=date(2021, 5, 26),
        response_deadline=date(2021, 6, 30),
    )
    row = Distribution.objects.get(document=document, unit=unit_a)
    services.distribution_mark_implemented(distribution=row, user=unit_editor)
    return document


def test_only_office_staff_open_the_matrix(editor_client):
    assert editor_client.get(MATRIX).status_code == 403
    assert editor_client.get(MATRIX, {"xuat": "csv"}).status_code == 403


def test_the_matrix_shows_states_and_overdue_on_both_sides_of_the_deadline(
    office_client, plan, unit_a, unit_b
):
    with time_machine.travel(date(2021, 6, 30), tick=False):
        response = office_client.get(MATRIX)
    matrix = response.context["matrix"]
    assert {u.pk for u in matrix.units} == {unit_a.pk, unit_b.pk}
    cells = {u.pk: c for u, c in zip(matrix.units, matrix.rows[0][1], strict=True)}
    assert cells[unit_a.pk].status == "implemented"
    assert cells[unit_b.pk].status == "not_seen"
    assert not cells[unit_b.pk].overdue  # the deadline day itself is not late
    with time_machine.travel(date(2021, 7, 1), tick=False):
        response = office_client.get(MATRIX)
    cells = dict(
        zip(
            response.context["matrix"].units,
            response.context["matrix"].rows[0][1],
            strict=True,
        )
    )
    by_pk = {u.pk: c for u, c in cells.items()}
    assert by_pk[unit_b.pk].overdue
    assert not by_pk[unit_a.pk].overdue
    assert "m-overdue" in response.text
    assert "Quá hạn" in response.text


def test_filters_narrow_the_documents(office_client, plan, unit_a):
    other = distributed(
        [unit_a],
        document_type=document_type("HD"),
        number_text="3/HD-CĐĐHQG",
        issue_date=date(2026, 4, 10),
    )

    def numbers(**params):
        rows = office_client.get(MATRIX, params).context["matrix"].rows
        return [d.number_text for d, _cells in rows]

    assert numbers() == [other.number_text, plan.number_text]
    assert numbers(year="2021") == [plan.number_text]
    assert numbers(document_type=str(document_type("HD").pk)) == [other.number_text]
    assert numbers(document=str(plan.pk)) == [plan.number_text]
    assert office_client.get(MATRIX, {"year": "abc"}).status_code == 200


def test_csv_export_has_vietnamese_headers_and_states(office_client, plan, unit_b):
    response = office_client.get(MATRIX, {"xuat": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == [
        "Số, ký hiệu",
        "Loại văn bản",
        "Tiêu đề",
        "Ngày ban hành",
        "Hạn báo cáo",
    ]
    assert rows[1][0] == "65/KH-LĐLĐ"
    assert any(cell.startswith("Đã thực hiện") for cell in rows[1])
    assert any("Chưa xem – quá hạn" in cell for cell in rows[1])


def test_xlsx_export_colours_overdue_cells(office_client, plan):
    response = office_client.get(MATRIX, {"xuat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Số, ký hiệu"
    assert sheet["A2"].value == "65/KH-LĐLĐ"
    overdue = [c for c in sheet[2] if c.value and "quá hạn" in str(c.value)]
    assert overdue and overdue[0].fill.start_color.rgb == "FFF1C4C4"


def test_a_title_that_looks_like_a_formula_is_neutralised(office_client, unit_a):
    distributed([unit_a], title='=HYPERLINK("http://x")')
    text = office_client.get(MATRIX, {"xuat": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(MATRIX, params).status_code == 200
    return len(captured)


def test_the_matrix_runs_a_fixed_number_of_queries(office_client, unit_a):
    distributed([unit_a])
    few = _queries(office_client)
    few_csv = _queries(office_client, xuat="csv")
    units = [UnitFactory() for _ in range(6)]
    for _ in range(8):
        distributed(units, response_deadline=timezone.localdate() - timedelta(days=1))
    assert _queries(office_client) == few
    assert _queries(office_client, xuat="csv") == few_csv
