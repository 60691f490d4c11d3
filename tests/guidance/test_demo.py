"""The demo has plan 65/KH-LĐLĐ with its full text, its basis and acknowledgements."""

import io

import pytest

from guidance import demo as guidance_demo
from guidance.demo import PLAN_65_FILE, plan_text_to_html
from guidance.models import Distribution, Document
from tests.guidance.factories import key_date
from units import demo as units_demo

pytestmark = pytest.mark.django_db


def test_the_plan_text_becomes_headings_paragraphs_and_lists():
    html = plan_text_to_html(PLAN_65_FILE.read_text(encoding="utf-8"))
    assert html.startswith("<p>Căn cứ Kế hoạch số 38/KH-LĐLĐ")
    assert "<h2>I. MỤC ĐÍCH - YÊU CẦU:</h2>" in html
    assert "<h3>1. Mục đích:</h3>" in html
    assert "<li>Về nội dung: kịp thời, chính xác và rộng khắp.</li>" in html
    assert "<em>“Mỗi cán bộ Công đoàn là một chiến sĩ truyền thông”</em>" in html
    assert "Nơi nhận" not in html
    assert html.rstrip().endswith("thiết thực./.</p>")


def test_demo_load_creates_plan_65_based_on_38_with_acknowledgements(client):
    key_date("thang-cong-nhan")
    key_date("ngay-thanh-lap-cong-doan-viet-nam")
    # Units and editors first, as demo_load does (INSTALLED_APPS order).
    units_demo.load(stdout=io.StringIO())
    guidance_demo.load(stdout=io.StringIO())
    guidance_demo.load(stdout=io.StringIO())  # a second run changes nothing
    assert Document.objects.count() == 4
    plan = Document.objects.get(number_text="65/KH-LĐLĐ", year=2021)
    assert plan.issue_date.isoformat() == "2021-05-26"
    assert "Mỗi cán bộ Công đoàn là một chiến sĩ truyền thông" in plan.body
    assert "TỔ CHỨC THỰC HIỆN" in plan.body
    assert [d.number_text for d in plan.based_on.all()] == ["38/KH-LĐLĐ"]
    basis = plan.based_on.get()
    assert basis.is_external and "Liên đoàn Lao động" in basis.issuer_name
    rows = Distribution.objects.filter(document=plan)
    assert rows.count() >= 10
    assert rows.get(unit__slug="bach-khoa").status == "implemented"
    assert rows.get(unit__slug="khoa-hoc-tu-nhien").status == "received"
    page = client.get(plan.get_absolute_url()).text
    assert "TP. Hồ Chí Minh, ngày 26 tháng 5 năm 2021" in page
    assert Document.objects.filter(key_date__slug="thang-cong-nhan").exists()
    outline = Document.objects.get(key_date__slug="ngay-thanh-lap-cong-doan-viet-nam")
    assert "chien si truyen thong" in outline.search_text
