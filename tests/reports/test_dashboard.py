"""The office dashboard: periods, provider figures, traffic lights, scope, charts, exports."""

import csv
import datetime
import io
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from publishing import hooks
from publishing.models import Status
from reports.aggregates import median_by_group
from reports.build import dashboard_build
from reports.charts import line_chart_svg
from reports.periods import Period
from reports.registry import (
    COUNT,
    OVERALL,
    PROVIDERS_HOOK,
    RATIO,
    Column,
    Figures,
    Provider,
    Series,
    dashboard_columns,
)
from reports.table import Chart, ChartLine
from tests.units.factories import AnnualPlanFactory, UnitFactory, UserFactory, editor_of
from units.models import AnnualPlan, Unit

pytestmark = pytest.mark.django_db

URL = reverse("admin:units_unitdashboard_changelist")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2025, 6, 20, 10, 0, tzinfo=HCM)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


def export_url(fmt: str) -> str:
    return reverse("admin:units_unitdashboard_export", args=[fmt])


def article(unit, when, *, status=Status.PUBLISHED):
    """An article published at `when` (bulk-created: the dashboard reads only rows)."""
    number = Article.objects.count()
    return Article.objects.create(
        title=f"Tin {number}",
        slug=f"tin-{number}",
        body="<p>Nội dung</p>",
        unit=unit,
        status=status,
        published_at=when,
    )


def row_for(board, unit):
    return next(row for row in board.rows if row.unit.pk == unit.pk)


def cell(board, unit, key):
    return next(c for c in row_for(board, unit).cells if c.column.key == key)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def registered_providers():
    """The functions registered under PROVIDERS_HOOK, restored after the test."""
    saved = hooks.get_hooks(PROVIDERS_HOOK)
    yield saved
    for fn in hooks.get_hooks(PROVIDERS_HOOK):
        hooks.unregister(PROVIDERS_HOOK, fn)
    for fn in saved:
        hooks.register(PROVIDERS_HOOK, fn)


# -- periods -------------------------------------------------------------------------
def test_periods_are_local_months_quarters_and_years():
    march = Period.of(granularity="month", year=2025, number=3, now=NOW)
    assert (march.start, march.end) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
    )
    assert march.start_at == at(2025, 3, 1)
    assert str(march.label) == "Tháng 3/2025"
    q4 = Period.of(granularity="quarter", year=2024, number=4, now=NOW)
    assert (q4.start, q4.end) == (datetime.date(2024, 10, 1), datetime.date(2025, 1, 1))
    assert str(q4.label) == "Quý 4/2024" and q4.slug == "2024-q4" and q4.months == 3
    year = Period.of(granularity="year", year=2025, now=NOW)
    assert year.months == 12 and year.as_of == NOW  # still running: counts to now


def test_chart_window_is_twelve_months_ending_with_the_period_never_in_the_future():
    march = Period.of(granularity="month", year=2025, number=3, now=NOW)
    assert march.chart_months[0] == datetime.date(2024, 4, 1)
    assert march.chart_months[-1] == datetime.date(2025, 3, 1)
    this_year = Period.of(granularity="year", year=2025, now=NOW)
    assert this_year.chart_months[-1] == datetime.date(2025, 6, 1)
    assert len(this_year.chart_months) == 12


def test_an_article_at_local_midnight_belongs_to_the_new_month(unit_a):
    article(unit_a, at(2025, 3, 31, 23, 59))
    article(unit_a, at(2025, 4, 1, 0, 0))
    article(unit_a, at(2025, 4, 1, 0, 1))
    march = Period.of(granularity="month", year=2025, number=3, now=NOW)
    april = Period.of(granularity="month", year=2025, number=4, now=NOW)
    assert (
        cell(
            dashboard_build(units=[unit_a], period=march), unit_a, "news_articles"
        ).value
        == 1
    )
    assert (
        cell(
            dashboard_build(units=[unit_a], period=april), unit_a, "news_articles"
        ).value
        == 2
    )


# -- the news provider ---------------------------------------------------------------
def test_news_counts_published_articles_of_each_unit_in_the_period(unit_a, unit_b):
    article(unit_a, at(2025, 5, 3, 9))
    article(unit_a, at(2025, 5, 20, 9), status=Status.ARCHIVED)  # taken down later
    article(unit_a, at(2025, 5, 21, 9), status=Status.DRAFT)
    article(unit_a, at(2025, 4, 30, 9))  # the month before
    article(None, at(2025, 5, 10, 9))  # the office's own
    article(unit_b, at(2025, 1, 2, 9))
    may = Period.of(granularity="month", year=2025, number=5, now=NOW)
    board = dashboard_build(units=[unit_a, unit_b], period=may)
    assert cell(board, unit_a, "news_articles").value == 2
    assert cell(board, unit_b, "news_articles").value == 0
    # Days since the last article, counted to the end of May.
    assert cell(board, unit_a, "news_days_since").value == 11
    assert cell(board, unit_b, "news_days_since").value == 149


def test_days_since_counts_to_today_while_the_period_runs_and_none_is_flagged(
    frozen, unit_a, unit_b
):
    article(unit_a, at(2025, 6, 10, 8))
    june = Period.of(granularity="month", year=2025, number=6)
    board = dashboard_build(units=[unit_a, unit_b], period=june)
    assert cell(board, unit_a, "news_days_since").value == 10
    never = cell(board, unit_b, "news_days_since")
    assert never.value is None and never.text == "—" and never.flagged


def test_articles_after_the_period_do_not_shorten_days_since(unit_a):
    article(unit_a, at(2025, 2, 1, 8))
    article(unit_a, at(2025, 3, 15, 8))
    january = Period.of(granularity="month", year=2025, number=2, now=NOW)
    board = dashboard_build(units=[unit_a], period=january)
    assert cell(board, unit_a, "news_days_since").value == 27


# -- the units' own columns ----------------------------------------------------------
def test_facebook_and_zalo_columns_say_whether_the_links_are_set(unit_a, unit_b):
    unit_a.facebook_url = "https://www.facebook.com/congdoanbk"
    unit_a.zalo_url = "https://zalo.me/g/congdoanbk"
    unit_a.save()
    board = dashboard_build(
        units=[unit_a, unit_b], period=Period.of(granularity="year", year=2025, now=NOW)
    )
    assert cell(board, unit_a, "units_facebook").text == "Có"
    assert cell(board, unit_a, "units_zalo").value is True
    facebook_b = cell(board, unit_b, "units_facebook")
    assert facebook_b.text == "Chưa có" and facebook_b.flagged


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.datetime(2025, 1, 31, 23, 0, tzinfo=HCM), "missing"),  # last day
        (datetime.datetime(2025, 2, 1, 0, 30, tzinfo=HCM), "overdue"),  # day after
    ],
)
def test_a_missing_plan_is_overdue_only_after_the_deadline(unit_a, today, expected):
    with time_machine.travel(today, tick=False):
        board = dashboard_build(
            units=[unit_a], period=Period.of(granularity="year", year=2025)
        )
    plan = cell(board, unit_a, "units_plan")
    assert plan.value == expected
    assert plan.flagged == (expected == "overdue")


def test_plan_and_report_statuses_show_as_the_office_reads_them(unit_a, unit_b):
    AnnualPlanFactory(unit=unit_a, year=2025, status=AnnualPlan.Status.ACCEPTED)
    AnnualPlanFactory(unit=unit_b, year=2025, status=AnnualPlan.Status.RETURNED)
    AnnualPlanFactory(
        unit=unit_a,
        year=2025,
        kind=AnnualPlan.Kind.REPORT,
        deadline=datetime.date(2025, 12, 15),
    )
    board = dashboard_build(
        units=[unit_a, unit_b],
        period=Period.of(granularity="quarter", year=2025, number=2, now=NOW),
    )
    assert cell(board, unit_a, "units_plan").text == "Đã chấp nhận"
    assert cell(board, unit_a, "units_report").text == "Bản nháp"  # not due yet
    returned = cell(board, unit_b, "units_plan")
    assert (
        returned.value == "overdue" and returned.text == "Quá hạn" and returned.flagged
    )


# -- thresholds and the traffic light ------------------------------------------------
def test_the_article_threshold_is_monthly_and_scales_with_the_period(unit_a):
    for day in (3, 10, 17):
        article(unit_a, at(2025, 5, day, 9))
    may = Period.of(granularity="month", year=2025, number=5, now=NOW)
    q2 = Period.of(granularity="quarter", year=2025, number=2, now=NOW)
    assert not cell(
        dashboard_build(units=[unit_a], period=may), unit_a, "news_articles"
    ).flagged
    assert cell(
        dashboard_build(units=[unit_a], period=q2), unit_a, "news_articles"
    ).flagged  # 3 < 6


def test_thresholds_come_from_settings_and_light_the_units(settings, unit_a, unit_b):
    # Every column quiet but the ones under test, whatever other apps register.
    settings.DASHBOARD_THRESHOLDS = {
        **{column.key: None for column in dashboard_columns()},
        "news_articles": 1,
        "units_facebook": None,
        "units_plan": (),
        "units_report": (),
        "news_days_since": 400,
    }
    article(unit_a, at(2025, 5, 3, 9))
    may = Period.of(granularity="month", year=2025, number=5, now=NOW)
    board = dashboard_build(units=[unit_a, unit_b], period=may)
    assert row_for(board, unit_a).light == "green"
    assert row_for(board, unit_a).light_label == "Đạt"
    unit_b_row = row_for(board, unit_b)
    assert unit_b_row.light == "red"  # no article, and never any: two flags
    assert unit_b_row.flag_text == "Bài viết đã đăng, Số ngày từ bài gần nhất"
    settings.DASHBOARD_RED_FLAGS = 3
    assert row_for(dashboard_build(units=[unit_b], period=may), unit_b).light == "amber"


# -- sorting and filtering -----------------------------------------------------------
def test_sorting_by_a_column_puts_units_without_a_value_last(unit_a, unit_b):
    unit_c = UnitFactory(name="Công đoàn Trường Đại học An Giang")
    article(unit_a, at(2025, 5, 3, 9))
    article(unit_b, at(2025, 4, 3, 9))
    may = Period.of(granularity="month", year=2025, number=5, now=NOW)
    units = [unit_a, unit_b, unit_c]
    ascending = dashboard_build(units=units, period=may, sort="news_days_since")
    assert [r.unit for r in ascending.rows] == [unit_a, unit_b, unit_c]
    descending = dashboard_build(units=units, period=may, sort="-news_days_since")
    assert [r.unit for r in descending.rows] == [unit_b, unit_a, unit_c]
    by_name = dashboard_build(units=units, period=may, sort="drop table")
    assert by_name.sort == "name"
    assert [r.unit for r in by_name.rows][0] == unit_c  # "An Giang" first


def test_the_page_filters_by_kind_activity_and_a_search_without_diacritics(
    office_client, unit_a, unit_b
):
    closed = UnitFactory(name="Công đoàn Viện Môi trường", is_active=False)
    response = office_client.get(URL, {"q": "khoa hoc tu nhien"})
    names = [row.unit.name for row in response.context["dashboard"].rows]
    assert names == [unit_b.name]
    response = office_client.get(URL, {"active": "0"})
    assert [row.unit for row in response.context["dashboard"].rows] == [closed]
    response = office_client.get(URL, {"kind": "office", "active": ""})
    assert response.context["dashboard"].rows == []
    assert "Không có đơn vị nào khớp bộ lọc." in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"year": "hai nghìn"},
        {"year": "99999"},
        {"month": "13", "period": "month"},
        {"period": "tuần"},
        {"unit": "999999"},
        {"o": "<script>"},
        {"q": "x" * 500},
    ],
)
def test_bad_parameters_fall_back_to_defaults_with_a_message_not_a_500(
    office_client, unit_a, params
):
    response = office_client.get(URL, params)
    assert response.status_code == 200
    assert response.context["dashboard"].rows
    assert "<script>" not in response.text.split('class="dashboard"')[1]


def test_switching_period_and_sorting_through_the_page(office_client, unit_a, unit_b):
    article(unit_b, at(2024, 11, 3, 9))
    article(unit_b, at(2024, 11, 4, 9))
    response = office_client.get(
        URL, {"period": "month", "year": "2024", "month": "11", "o": "-news_articles"}
    )
    board = response.context["dashboard"]
    assert str(board.period.label) == "Tháng 11/2024"
    assert [row.unit for row in board.rows] == [unit_b, unit_a]
    assert 'aria-sort="descending"' in response.text
    assert "o=news_articles" in response.text  # the same header sorts the other way


# -- who sees what -------------------------------------------------------------------
def test_office_staff_see_every_unit_and_an_editor_only_theirs(
    client, office_client, unit_a, unit_b
):
    response = office_client.get(URL)
    assert {row.unit for row in response.context["dashboard"].rows} == {unit_a, unit_b}
    assert "Số liệu của tất cả đơn vị." in response.text
    client.force_login(editor_of(unit_a))
    response = client.get(URL, {"unit": str(unit_b.pk), "q": "tu nhien"})
    assert response.context["dashboard"].rows == []  # unit B is simply not there
    response = client.get(URL)
    assert [row.unit for row in response.context["dashboard"].rows] == [unit_a]
    assert unit_b.name not in response.text
    csv_text = client.get(export_url("csv")).content.decode("utf-8-sig")
    assert unit_a.name in csv_text and unit_b.name not in csv_text


def test_people_who_edit_no_unit_cannot_open_the_dashboard(client, unit_a):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(UserFactory(is_staff=True))
    assert client.get(URL).status_code == 403
    assert client.get(export_url("csv")).status_code == 403


def test_the_admin_index_links_to_the_dashboard(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert f'href="{URL}"' in response.text
    assert "Bảng số liệu truyền thông" in response.text


def test_an_unknown_export_format_is_404(office_client):
    assert office_client.get(export_url("pdf")).status_code == 404


# -- charts --------------------------------------------------------------------------
def test_the_articles_chart_is_an_accessible_svg_followed_by_its_table(
    office_client, unit_a, unit_b
):
    article(unit_a, at(2025, 5, 3, 9))
    article(unit_a, at(2025, 5, 4, 9))
    article(unit_b, at(2025, 3, 4, 9))
    with time_machine.travel(NOW, tick=False):
        response = office_client.get(
            URL, {"period": "month", "year": "2025", "month": "5"}
        )
    html = response.text
    assert 'role="img"' in html
    assert '<title id="chart-news_monthly-title">Bài viết mỗi tháng</title>' in html
    assert "Số liệu chi tiết ở bảng ngay sau biểu đồ." in html
    table = html.split('id="chart-news_monthly-caption"')[1].split("</table>")[0]
    assert "05/2025" in table and "06/2024" in table
    chart = response.context["charts"][0]["chart"]
    assert [line.label for line in chart.lines] == ["BK", "KHTN"]  # most articles first
    assert chart.lines[0].values[-1] == 2


def test_the_chart_follows_the_unit_picked_in_the_filter(office_client, unit_a, unit_b):
    article(unit_a, at(2025, 5, 3, 9))
    with time_machine.travel(NOW, tick=False):
        response = office_client.get(
            URL, {"period": "year", "year": "2025", "unit": unit_b.pk}
        )
    chart = response.context["charts"][0]["chart"]
    assert [line.label for line in chart.lines] == ["KHTN"]
    assert chart.lines[0].values == [0] * 12


def test_chart_text_is_escaped(unit_a):
    chart = Chart(
        "x",
        "Tỉ lệ <b>",
        "mô tả <script>",
        COUNT,
        [datetime.date(2025, 1, 1)],
        [ChartLine("<img>", [1])],
    )
    svg = line_chart_svg(chart, dom_id="chart-x")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_a_registered_providers_overall_chart_and_columns_appear(
    office_client, unit_a, unit_b
):
    """What guidance and consultation will do: columns plus an OVERALL line chart."""
    months = Period.of(granularity="year", year=2025, now=NOW).chart_months

    def compute(*, unit_ids, period, charts):
        series = []
        if charts:
            series.append(
                Series(
                    "guidance_rate",
                    "Tỉ lệ thực hiện văn bản",
                    "Tỉ lệ văn bản đã thực hiện",
                    RATIO,
                    per_unit={unit_a.pk: {months[-1]: 0.5}},
                    overall={months[-1]: 0.75, months[-2]: None},
                    lines=OVERALL,
                )
            )
        return Figures(values={"guidance_overdue": {unit_a.pk: 3}}, series=series)

    provider = Provider(
        "guidance",
        # The column brings its own default threshold: reports knows no app's keys.
        (
            Column(
                "guidance_overdue",
                "Văn bản quá hạn",
                COUNT,
                good="low",
                threshold=0,
            ),
        ),
        compute,
        order=20,
    )
    # Registered after the guidance app's own, it replaces it (same key).
    with hooks.register_temporarily(PROVIDERS_HOOK, lambda: provider):
        with time_machine.travel(NOW, tick=False):
            response = office_client.get(
                URL, {"period": "year", "year": "2025", "unit": unit_a.pk}
            )
        export = export_text(office_client)
    assert cell(
        response.context["dashboard"], unit_a, "guidance_overdue"
    ).flagged  # 3 > 0
    assert not cell(response.context["dashboard"], unit_b, "guidance_overdue").flagged
    charts = {item["chart"].key: item["chart"] for item in response.context["charts"]}
    rate = charts["guidance_rate"]
    assert [line.label for line in rate.lines] == ["Các đơn vị đang xem", "BK"]
    assert rate.table_rows[-1] == ("06/2025", ["75%", "50%"])
    assert rate.table_rows[-2][1] == ["—", "—"]
    assert "Văn bản quá hạn" in export


def test_without_a_guidance_provider_there_is_no_guidance_chart(
    office_client, unit_a, registered_providers
):
    for fn in registered_providers:
        if fn().key in ("guidance", "consultation"):
            hooks.unregister(PROVIDERS_HOOK, fn)
    response = office_client.get(URL)
    assert [item["chart"].key for item in response.context["charts"]] == [
        "news_monthly",
        "reach_monthly",
    ]


# -- medians in one query (for the consultation provider) ----------------------------
def test_median_by_group_gives_medians_in_days_per_unit_in_one_query(
    django_assert_num_queries, unit_a, unit_b
):
    for hours in (12, 24, 96):
        created = article(unit_a, at(2025, 5, 1, 8))
        Article.objects.filter(pk=created.pk).update(
            created_at=at(2025, 5, 1, 8) - datetime.timedelta(hours=hours)
        )
    created = article(unit_b, at(2025, 5, 2, 8))
    Article.objects.filter(pk=created.pk).update(created_at=at(2025, 5, 1, 8))
    with django_assert_num_queries(1):
        medians = median_by_group(
            Article.objects.all(),
            group_by={"unit": "unit_id"},
            start="created_at",
            end="published_at",
        )
    assert medians == {
        (unit_a.pk,): pytest.approx(1.0),
        (unit_b.pk,): pytest.approx(1.0),
    }


# -- exports -------------------------------------------------------------------------
def export_text(client, **params) -> str:
    return client.get(export_url("csv"), params).content.decode("utf-8-sig")


def test_csv_export_has_vietnamese_headers_a_bom_and_the_same_rows(
    office_client, unit_a, unit_b
):
    article(unit_a, at(2025, 5, 3, 9))
    response = office_client.get(
        export_url("csv"),
        {"period": "month", "year": "2025", "month": "5", "o": "-news_articles"},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="so-lieu-truyen-thong-2025-05.csv"' in response["Content-Disposition"]
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == [
        "Kỳ",
        "Đơn vị",
        "Bài viết đã đăng",
        "Số ngày từ bài gần nhất",
    ]
    assert rows[0][-2:] == ["Đèn tín hiệu", "Chỉ tiêu chưa đạt"]
    assert rows[1][:3] == ["Tháng 5/2025", "Công đoàn Trường Đại học Bách khoa", "1"]
    assert rows[2][1] == "Công đoàn Trường Đại học Khoa học Tự nhiên"


def test_xlsx_export_keeps_numbers_as_numbers_and_diacritics(office_client, unit_a):
    from openpyxl import load_workbook

    article(unit_a, at(2025, 5, 3, 9))
    response = office_client.get(
        export_url("xlsx"), {"period": "quarter", "year": "2025", "quarter": "2"}
    )
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Số liệu truyền thông"
    assert sheet["B1"].value == "Đơn vị"
    assert sheet["B2"].value == "Công đoàn Trường Đại học Bách khoa"
    assert sheet["C2"].value == 1 and sheet["A2"].value == "Quý 2/2025"


@pytest.mark.libreoffice
def test_the_xlsx_export_opens_in_libreoffice_with_its_diacritics(
    tmp_path, office_client, unit_a, unit_b
):
    article(unit_a, at(2025, 5, 3, 9))
    content = office_client.get(
        export_url("xlsx"), {"period": "year", "year": "2025"}
    ).content
    source = tmp_path / "so-lieu.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "so-lieu.csv").read_text("utf-8"))))
    assert rows[0][:3] == ["Kỳ", "Đơn vị", "Bài viết đã đăng"]
    assert "Chỉ tiêu chưa đạt" in rows[0]
    assert rows[1][:3] == ["Năm 2025", "Công đoàn Trường Đại học Bách khoa", "1"]
    assert rows[2][1] == "Công đoàn Trường Đại học Khoa học Tự nhiên"


# -- a fixed number of queries -------------------------------------------------------
def _bulk_data(units, *, per_month: int, years=range(2021, 2026), plans=True) -> None:
    """`per_month` articles a month in `years` for each unit, plus plans and reports."""
    articles = []
    for unit in units:
        for year in years:
            for month in range(1, 13):
                articles.extend(
                    Article(
                        title="Tin",
                        slug=f"tin-{unit.pk}-{year}-{month}-{n}",
                        body="<p>Nội dung</p>",
                        unit=unit,
                        status=Status.PUBLISHED,
                        published_at=at(year, month, 1 + n, 9),
                    )
                    for n in range(per_month)
                )
            if plans:
                AnnualPlan.objects.bulk_create(
                    AnnualPlan(
                        unit=unit,
                        year=year,
                        kind=kind,
                        deadline=datetime.date(year, 1, 31),
                    )
                    for kind in AnnualPlan.Kind.values
                )
    Article.objects.bulk_create(articles, batch_size=2000)


def _units(count: int) -> list[Unit]:
    return Unit.objects.bulk_create(
        Unit(
            name=f"Công đoàn cơ sở số {n}",
            slug=f"cdcs-{n}",
            name_key=f"cong doan co so so {n}",
            search_text=f"cong doan co so so {n}",
        )
        for n in range(count)
    )


def test_the_page_and_exports_run_the_same_queries_for_any_amount_of_data(
    office_client, django_assert_num_queries
):
    units = _units(40)
    _bulk_data(units[:2], per_month=1, years=[2025], plans=False)
    params = {"period": "year", "year": "2025", "o": "-news_articles"}
    office_client.get(URL, params)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as small:
        assert office_client.get(URL, params).status_code == 200
    with CaptureQueriesContext(connection) as small_csv:
        office_client.get(export_url("csv"), params)
    _bulk_data(units[2:], per_month=3)  # 38 units x 5 years x 3 articles a month
    assert Article.objects.count() == 2 * 12 + 38 * 5 * 12 * 3
    with django_assert_num_queries(len(small)):
        response = office_client.get(URL, params)
    board = response.context["dashboard"]
    assert len(board.rows) == 40 and board.rows[0].cells[0].value == 36
    with django_assert_num_queries(len(small_csv)):
        office_client.get(export_url("csv"), params)
    # Session, user, office group, units, two for news, two for the units' columns,
    # two for guidance, one for campaigns, four for consultation, two for reach
    # (reads, Facebook reach), three for activities (held, attendance, trained
    # officers), and the admin sidebar's permissions: nowhere near one per unit or
    # per cell.
    assert len(small) <= 22, [q["sql"] for q in small.captured_queries]
