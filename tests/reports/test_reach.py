"""The dashboard's reach (#14): reads by source, the most read items, each unit's
reads and Facebook reach, scoped by the permission rule, at a fixed query cost."""

import csv
import datetime
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from publishing.models import PostReach, ReadCount, ReadSource
from tests.news.factories import ArticleFactory
from units.models import Unit

pytestmark = pytest.mark.django_db

URL = reverse("admin:units_unitdashboard_reach")
DASHBOARD = reverse("admin:units_unitdashboard_changelist")
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 5, 20, 10, 0, tzinfo=HCM)
MAY = {"period": "month", "year": "2026", "month": "5"}


def export_url(table, fmt):
    return reverse("admin:units_unitdashboard_reach_export", args=[table, fmt])


def read(client, article, **post):
    """One reader (a fresh browser) reads `article` through the page's beacon."""
    return client.post(
        reverse("publishing:read"),
        {"t": "news.article", "i": article.pk, **post},
        HTTP_USER_AGENT=f"Mozilla/5.0 (iPhone) Mobile/15E148 {uuid.uuid4()}",
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def read_articles(client, frozen, unit_a, unit_b):
    """Reads counted the way readers make them: three from Facebook, one from Zalo
    for unit A's article, two direct for unit B's, one newsletter for the office's."""
    a = ArticleFactory(title="Hội thao công đoàn Bách khoa", unit=unit_a)
    b = ArticleFactory(title="Tập huấn của Tự nhiên", unit=unit_b)
    office = ArticleFactory(title="Thông báo của văn phòng", unit=None)
    for _ in range(3):
        read(client, a, r="https://l.facebook.com/")
    read(client, a, u="zalo")
    read(client, b)
    read(client, b, r="https://example.org/")
    read(client, office, u="newsletter")
    return a, b, office


def test_office_staff_see_reads_by_source_and_the_most_read_items(
    office_client, read_articles
):
    a, b, office = read_articles
    response = office_client.get(URL, MAY)
    assert response.status_code == 200
    reach = response.context["reach"]
    assert reach.by_source == {
        ReadSource.FACEBOOK: 3,
        ReadSource.ZALO: 1,
        ReadSource.DIRECT: 2,
        ReadSource.NEWSLETTER: 1,
    }
    assert [(i.title, i.total) for i in reach.top_items] == [
        ("Hội thao công đoàn Bách khoa", 4),
        ("Tập huấn của Tự nhiên", 2),
        ("Thông báo của văn phòng", 1),
    ]
    assert reach.top_items[0].by_source == {"facebook": 3, "zalo": 1}
    page = response.content.decode()
    # Each chart is an image with its table right after it.
    for chart in ("chart-reach-sources", "chart-reach-items", "chart-reach-units"):
        assert f'id="{chart}"' in page
    assert "Bảng số liệu: Lượt đọc theo nguồn" in page
    assert "Bảng số liệu: Bài được đọc nhiều nhất, theo nguồn" in page
    assert a.get_absolute_url() in page
    monthly = dict((line.label, line.values[-1]) for line in reach.monthly.lines)
    assert monthly["Facebook"] == 3 and monthly["Trực tiếp"] == 2


def test_an_editor_sees_only_their_units_reads(editor_client, read_articles, unit_a):
    response = editor_client.get(URL, MAY)
    assert response.status_code == 200
    reach = response.context["reach"]
    assert [row.name for row in reach.rows] == [unit_a.name]
    assert [item.title for item in reach.top_items] == ["Hội thao công đoàn Bách khoa"]
    page = response.content.decode()
    assert "Tập huấn của Tự nhiên" not in page
    assert "Thông báo của văn phòng" not in page
    # A forged filter does not widen the scope.
    forged = editor_client.get(URL, {**MAY, "unit": Unit.objects.last().pk, "kind": ""})
    assert [row.name for row in forged.context["reach"].rows] == [unit_a.name]


def test_people_without_a_unit_cannot_open_it(client, django_user_model):
    assert client.get(URL).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("khach", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_the_main_table_shows_each_units_reads_and_facebook_reach(
    office_client, read_articles, unit_a, unit_b
):
    a, _b, _office = read_articles
    PostReach.objects.create(
        platform="facebook",
        external_id="123_456",
        content_type=ContentType.objects.get_for_model(Article),
        object_id=a.pk,
        unit_id=unit_a.pk,
        posted_at=NOW,
        reach=250,
        reactions=17,
        fetched_at=NOW,
    )
    with time_machine.travel(NOW, tick=False):
        response = office_client.get(DASHBOARD, MAY)
    board = response.context["dashboard"]
    values = {
        row.unit.pk: {c.column.key: c.value for c in row.cells} for row in board.rows
    }
    assert values[unit_a.pk]["reach_reads"] == 4
    assert values[unit_a.pk]["reach_facebook"] == 250
    assert values[unit_b.pk]["reach_reads"] == 2
    assert "reach_monthly" in [chart.key for chart in board.charts]
    with time_machine.travel(NOW, tick=False):
        reach = office_client.get(URL, MAY).context["reach"]
    row = next(r for r in reach.rows if r.name == unit_a.name)
    assert (row.facebook_reach, row.facebook_reactions) == (250, 17)


def test_both_tables_export_as_csv_and_xlsx(office_client, read_articles, unit_a):
    with time_machine.travel(NOW, tick=False):
        response = office_client.get(export_url("bai", "csv"), MAY)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="tiep-can-bai-2026-05.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kỳ", "Bài", "Đơn vị"]
    assert rows[1][1] == "Hội thao công đoàn Bách khoa" and rows[1][-1] == "4"
    with time_machine.travel(NOW, tick=False):
        units = office_client.get(export_url("don-vi", "csv"), MAY)
    table = list(csv.reader(io.StringIO(units.content.decode("utf-8-sig"))))
    by_name = {row[1]: row for row in table[1:]}
    assert by_name[unit_a.name][-3:] == ["4", "0", "0"]
    with time_machine.travel(NOW, tick=False):
        xlsx = office_client.get(export_url("don-vi", "xlsx"), MAY)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B1"].value == "Đơn vị"
    assert office_client.get(export_url("khac", "csv")).status_code == 404
    assert office_client.get(export_url("bai", "pdf")).status_code == 404


def test_an_item_no_longer_public_keeps_its_reads_under_a_plain_label(
    office_client, read_articles
):
    a, _b, _office = read_articles
    Article.objects.filter(pk=a.pk).update(status="archived")
    with time_machine.travel(NOW, tick=False):
        reach = office_client.get(URL, MAY).context["reach"]
    assert reach.top_items[0].title == "(Nội dung không còn công khai)"
    assert reach.top_items[0].total == 4


def _year_of_reads(units, *, articles_per_unit: int, days: int = 365, base=10_000):
    content_type = ContentType.objects.get_for_model(Article)
    start = datetime.date(2026, 1, 1)
    rows = [
        ReadCount(
            content_type=content_type,
            object_id=base + unit.pk * 100 + n,
            unit_id=unit.pk,
            day=start + datetime.timedelta(days=d),
            source=source,
            count=1 + (d % 7),
        )
        for unit in units
        for n in range(articles_per_unit)
        for d in range(0, days, 3)
        for source in (ReadSource.FACEBOOK, ReadSource.DIRECT)
    ]
    ReadCount.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def test_the_page_costs_the_same_queries_for_any_amount_of_reads(
    office_client, django_assert_num_queries
):
    units = Unit.objects.bulk_create(
        Unit(
            name=f"Công đoàn cơ sở số {n}",
            slug=f"cdcs-{n}",
            name_key=f"cong doan co so so {n}",
            search_text=f"cong doan co so so {n}",
        )
        for n in range(40)
    )
    params = {"period": "year", "year": "2026"}
    with time_machine.travel(NOW, tick=False):
        _year_of_reads(units[:2], articles_per_unit=1, days=30, base=10**9)
        office_client.get(URL, params)  # warm per-process caches (content types)
        with CaptureQueriesContext(connection) as small:
            assert office_client.get(URL, params).status_code == 200
        with CaptureQueriesContext(connection) as small_csv:
            office_client.get(export_url("bai", "csv"), params)
        assert _year_of_reads(units, articles_per_unit=3) > 20_000
        with django_assert_num_queries(len(small)):
            response = office_client.get(URL, params)
        assert len(response.context["reach"].top_items) == 10
        with django_assert_num_queries(len(small_csv)):
            office_client.get(export_url("bai", "csv"), params)
    # Session, user, office group, units, the admin sidebar's permissions, and five
    # for the figures (units x months x sources, Facebook, top items, their sources,
    # their titles).
    assert len(small) <= 13, [q["sql"] for q in small.captured_queries]


def test_the_demo_has_reads_to_show(office_client):
    import io

    from django.core.management import call_command

    with time_machine.travel(NOW, tick=False):
        call_command("demo_load", stdout=io.StringIO())
        assert ReadCount.objects.exists()
        response = office_client.get(URL, {**MAY, "kind": ""})
    reach = response.context["reach"]
    assert reach.top_items and reach.by_source[ReadSource.FACEBOOK] > 0
    assert all(
        item.title != "(Nội dung không còn công khai)" for item in reach.top_items
    )


def test_the_main_tables_reads_are_the_same_with_and_without_charts(
    read_articles, unit_a, unit_b
):
    from reports.periods import Period
    from reports.reach import reach_figures

    with time_machine.travel(NOW, tick=False):
        period = Period.of(granularity="month", year=2026, number=5)
        ids = [unit_a.pk, unit_b.pk]
        charted = reach_figures(unit_ids=ids, period=period, charts=True)
        plain = reach_figures(unit_ids=ids, period=period, charts=False)
        april = Period.of(granularity="month", year=2026, number=4)
        before = reach_figures(unit_ids=ids, period=april, charts=True)
    assert charted.values["reach_reads"] == plain.values["reach_reads"]
    assert charted.values["reach_reads"] == {unit_a.pk: 4, unit_b.pk: 2}
    assert plain.series == [] and before.values["reach_reads"] == {}
