"""The admin home per role (#11): what needs office staff, what needs a CĐCS editor.

Rendered through the test client as people open it; every line's link is followed and
the list it opens holds what the line counts. The page costs the same number of
queries with 10 or 500 items waiting.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import CampaignPost
from consultation.models import Question
from guidance.models import Distribution
from news.models import Article
from publishing import hooks
from publishing.admin_home import HOOK, HomeBox, HomeLine
from publishing.models import SchedulerHeartbeat, Status
from tests.campaigns.factories import OccurrenceFactory, SocialChannelFactory
from tests.consultation.factories import topic
from tests.guidance.factories import DocumentFactory
from tests.units.factories import AnnualPlanFactory
from units.models import AnnualPlan, Unit

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 10, 5, 40, tzinfo=datetime.UTC)
INDEX = "/admin/"


def waiting(n: int, *, unit) -> None:
    """`n` of everything either role's home counts, in bulk (the figures, not the
    services, are under test here; each kind is made by its service elsewhere)."""
    now = timezone.now()
    past = now - datetime.timedelta(hours=2)
    Article.objects.bulk_create(
        [
            Article(title=f"Bài chờ duyệt {i}", slug=f"cho-duyet-{n}-{i}", unit=unit,
                    body="<p>x</p>", status=Status.IN_REVIEW)
            for i in range(n)
        ]
        + [
            Article(title=f"Bài quá giờ {i}", slug=f"qua-gio-{n}-{i}", body="<p>x</p>",
                    status=Status.SCHEDULED, publish_at=past)
            for i in range(n)
        ]
    )  # fmt: skip
    questions = Question.objects.bulk_create(
        [
            Question(asker_name=f"Đoàn viên {i}", asker_phone="0912345678",
                     topic=topic(), body=f"Hỏi {i}",
                     tracking_token=f"t{n}-{i}",
                     assigned_unit=unit if i % 2 else None,
                     status=Question.Status.ASSIGNED if i % 2 else Question.Status.NEW)
            for i in range(2 * n)
        ]
    )  # fmt: skip
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(
        created_at=now - datetime.timedelta(days=30)
    )
    units = Unit.objects.bulk_create(
        [
            Unit(
                name=f"Công đoàn Khoa số {n}-{i}",
                name_key=f"khoa {n} {i}",
                slug=f"khoa-{n}-{i}",
                kind="grassroots",
            )
            for i in range(n)
        ]
    )
    document = DocumentFactory(response_deadline=now.date() - datetime.timedelta(1))
    Distribution.objects.bulk_create(
        [Distribution(document=document, unit=u) for u in [*units, unit]]
    )
    AnnualPlan.objects.bulk_create(
        [
            AnnualPlan(unit=u, year=2026, deadline=datetime.date(2026, 1, 31),
                       status=AnnualPlan.Status.SUBMITTED, submitted_at=past)
            for u in units
        ]
    )  # fmt: skip
    occurrence = OccurrenceFactory()
    CampaignPost.objects.bulk_create(
        [
            CampaignPost(occurrence=occurrence, title=f"Bài chiến dịch {i}",
                         slug=f"cd-{n}-{i}", body="<p>x</p>", status=Status.SCHEDULED,
                         publish_at=now + datetime.timedelta(days=1 + i % 12))
            for i in range(n)
        ]
        + [
            CampaignPost(occurrence=occurrence, title=f"Bản địa hóa {i}", unit=unit,
                         slug=f"bd-{n}-{i}", body="<p>x</p>", status=Status.DRAFT,
                         publish_at=now + datetime.timedelta(days=3))
            for i in range(n)
        ]
    )  # fmt: skip


def links(response) -> dict[str, str]:
    """The home's lines: link text -> href (boxes only, not the model list)."""
    boxes = response.text.split('class="admin-home__boxes"', 1)[1].split(
        "content-related", 1
    )[0]
    return {
        re.sub(r"\s+\(\d+\)$", "", re.sub(r"\s+", " ", text).strip()): href.replace(
            "&amp;", "&"
        )
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', boxes)
    }


def result_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    assert "?e=1" not in response.url if hasattr(response, "url") else True
    return response.context["cl"].result_count


@time_machine.travel(NOW, tick=False)
def test_office_home_lists_what_waits_and_each_link_opens_its_filtered_list(
    office_client, unit_a
):
    SchedulerHeartbeat.objects.create(
        source=SchedulerHeartbeat.Source.BEAT, beat_at=NOW - datetime.timedelta(0, 40)
    )
    SocialChannelFactory(
        name="Trang Công đoàn", access_token_expires_at=NOW + datetime.timedelta(2)
    )
    waiting(3, unit=unit_a)
    response = office_client.get(INDEX)
    assert response.status_code == 200
    text = response.text
    assert "Bộ lập lịch chạy lần cuối lúc 17:05, 40 giây trước." in text
    found = links(response)
    assert found["Viết bài"] == reverse("admin:news_article_add")
    assert found["Lịch chiến dịch tháng này"] == reverse("admin:campaigns_calendar")
    assert "Trang Công đoàn" in found
    expected = {
        "Bài viết chờ duyệt lên trang chủ": 3,
        "Bài viết hẹn giờ đã quá giờ đăng mà chưa đăng": 3,
        "Câu hỏi mới chưa phân công": 3,
        "Câu hỏi quá hạn trả lời (hơn 5 ngày làm việc)": 6,
        "4 đơn vị quá hạn: xem tất cả": 4,
        "Tất cả kế hoạch, báo cáo chờ duyệt": 3,
        "Tất cả bài chiến dịch 14 ngày tới": 3,
    }
    for label, count in expected.items():
        assert label in found, (label, sorted(found))
        assert result_count(office_client, found[label]) == count, label
    assert result_count(office_client, found[unit_a.name]) == 1
    assert "(3)" in text  # the counts are on the page too


@time_machine.travel(NOW, tick=False)
def test_editor_home_shows_their_unit_and_what_they_must_do(
    editor_client, unit_a, unit_b
):
    waiting(2, unit=unit_a)
    waiting(4, unit=unit_b)  # another unit's work never shows
    AnnualPlanFactory(unit=unit_a, year=2026)
    response = editor_client.get(INDEX)
    assert response.status_code == 200
    found = links(response)
    assert found["Trang của đơn vị trên cổng thông tin"] == unit_a.get_absolute_url()
    assert unit_a.name in response.text and unit_b.name not in response.text
    assert "Kế hoạch truyền thông năm 2026" in found
    assert "Bản nháp" in response.text  # the plan's status
    assert found["Viết bài"] == reverse("admin:news_article_add")
    assert "Lịch chiến dịch tháng này" not in found
    assert "Bộ lập lịch" not in response.text
    expected = {
        "Tất cả tài liệu chưa thực hiện": 1,
        "Tất cả bản nháp chiến dịch của đơn vị": 2,
        "Tất cả câu hỏi đang chờ trả lời": 2,
    }
    for label, count in expected.items():
        assert label in found, (label, sorted(found))
        assert result_count(editor_client, found[label]) == count, label
    assert "quá hạn từ 01/12/2026" in response.text


def test_an_editor_without_a_plan_is_told_to_make_one(editor_client):
    response = editor_client.get(INDEX)
    year = timezone.localdate().year
    assert f"Chưa có kế hoạch truyền thông năm {year}" in response.text


def _queries(client, n, unit) -> tuple[int, str]:
    waiting(n, unit=unit)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(queries), response.text


@pytest.mark.parametrize("role", ["office", "editor"])
def test_the_home_costs_the_same_queries_with_10_or_500_items_waiting(
    role, client, office_staff, unit_editor, unit_a, capsys
):
    client.force_login(office_staff if role == "office" else unit_editor)
    few, text = _queries(client, 10, unit_a)
    assert "(10)" in text
    many, text = _queries(client, 490, unit_a)  # 490 more of each kind: 500 wait
    assert "(500)" in text
    with capsys.disabled():
        print(f"\nadmin home queries, {role}: 10 items {few}, 500 items {many}")
    assert few == many


def test_a_registered_box_appears_and_shortcuts_from_two_apps_share_one_box(
    office_client,
):
    def extra(home):
        return [
            HomeBox(key="shortcuts", title="", lines=[HomeLine("Thử", url="/x/")]),
            HomeBox(key="empty-and-silent", title="Không hiện"),
        ]

    with hooks.register_temporarily(HOOK, extra):
        response = office_client.get(INDEX)
    assert response.text.count('admin-home__box--shortcuts"') == 1
    assert links(response)["Thử"] == "/x/"
    assert "Không hiện" not in response.text
    assert extra not in hooks.get_hooks(HOOK)


def test_hooks_run_in_order_and_register_once():
    def first(home):
        return []

    def second(home):
        return []

    hooks.register("test-hook", second, order=5)
    hooks.register("test-hook", first, order=1)
    hooks.register("test-hook", first, order=1)
    try:
        assert hooks.get_hooks("test-hook") == [first, second]
    finally:
        hooks.unregister("test-hook", first)
        hooks.unregister("test-hook", second)
    assert hooks.get_hooks("test-hook") == []
    assert hooks.get_hooks("never-registered") == []


def test_every_content_list_has_the_overdue_filter_the_home_links_to(office_client):
    from django.contrib import admin

    from publishing.admin_home import changelist_url
    from publishing.workflow import publishable_models

    models = [m for m in publishable_models() if admin.site.is_registered(m)]
    assert len(models) >= 3  # articles, guidance documents, campaign posts
    for model in models:
        response = office_client.get(changelist_url(model, qua_gio="1"))
        assert response.status_code == 200, model  # an unknown filter redirects ?e=1
        assert response.context["cl"].result_count == 0
