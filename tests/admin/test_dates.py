"""Dates and times in the admin as Vietnamese people type and read them (#11, point 1).

Both sides of each boundary, through the article and document forms as rendered:
typed day first, month-first-looking values, the native picker, empty, garbage.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from publishing.models import Status
from publishing.workflow import Intent
from tests.guidance.factories import DocumentFactory
from tests.news.factories import ArticleFactory
from tests.support.forms import form_data

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def post_publish_at(client, article, typed, intent=Intent.PUBLISH):
    data = form_data(client.get(change_url(article)).text)
    data.update(publish_at=[typed], intent=[intent])
    return client.post(change_url(article), data)


@pytest.mark.parametrize(
    ("typed", "local"),
    [
        ("05/01/2027 08:30", datetime.datetime(2027, 1, 5, 8, 30)),
        ("13/01/2027 08:30", datetime.datetime(2027, 1, 13, 8, 30)),
        ("2027-01-05T08:30", datetime.datetime(2027, 1, 5, 8, 30)),
        ("08:30 05/01/2027", datetime.datetime(2027, 1, 5, 8, 30)),
        ("05/01/2027", datetime.datetime(2027, 1, 5, 0, 0)),
        ("31/12/2027 23:59", datetime.datetime(2027, 12, 31, 23, 59)),
    ],
)
def test_a_typed_or_picked_publish_time_is_read_day_first_in_local_time(
    office_client, typed, local
):
    article = ArticleFactory(intent=Intent.DRAFT)
    response = post_publish_at(office_client, article, typed)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.publish_at == local.replace(tzinfo=HCM)
    assert article.status == Status.SCHEDULED
    # Shown again as the picker's value, in Ho Chi Minh City time, not UTC.
    shown = form_data(office_client.get(change_url(article)).text)
    assert shown["publish_at"] == [local.strftime("%Y-%m-%dT%H:%M")]


@pytest.mark.parametrize(
    "typed",
    [
        "01/13/2027 08:30",
        "31/02/2027 08:00",
        "hôm qua",
        "05/01/2027 25:00",
        "2027-13-01",
    ],
)
def test_a_month_first_or_impossible_time_is_refused_in_vietnamese(
    office_client, typed
):
    article = ArticleFactory(intent=Intent.DRAFT)
    response = post_publish_at(office_client, article, typed)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["publish_at"]
    assert errors == [
        "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 05/01/2027 08:30, "
        "hoặc chọn trên lịch."
    ]
    assert "ngày/tháng/năm" in response.text
    article.refresh_from_db()
    assert article.publish_at is None
    assert article.status == Status.DRAFT


def test_an_item_the_sweep_published_can_be_saved_and_its_date_cleared(office_client):
    published_at = timezone.now() - datetime.timedelta(hours=3)
    article = ArticleFactory(publish_at=published_at)
    data = form_data(office_client.get(change_url(article)).text)
    assert office_client.post(change_url(article), data).status_code == 302

    data["publish_at"] = [""]
    response = office_client.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.publish_at is None
    assert article.status == Status.PUBLISHED


def test_the_prefilled_time_is_local_not_utc(office_client):
    article = ArticleFactory(
        intent=Intent.DRAFT,
        publish_at=datetime.datetime(2027, 1, 5, 1, 30, tzinfo=datetime.UTC),
    )
    page = office_client.get(change_url(article)).text
    assert form_data(page)["publish_at"] == ["2027-01-05T08:30"]
    assert 'type="datetime-local"' in page


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/01/2027", datetime.date(2027, 1, 5)),
        ("13/01/2027", datetime.date(2027, 1, 13)),
        ("2027-01-05", datetime.date(2027, 1, 5)),
        ("", None),
    ],
)
def test_a_document_deadline_is_read_day_first_and_may_be_cleared(
    office_client, typed, day
):
    document = DocumentFactory(
        issue_date=datetime.date(2026, 1, 5),
        response_deadline=datetime.date(2026, 6, 30),
    )
    data = form_data(office_client.get(change_url(document)).text)
    data["response_deadline"] = [typed]
    response = office_client.post(change_url(document), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.response_deadline == day


@pytest.mark.parametrize("typed", ["01/13/2027", "30/02/2027", "sáu tháng sau"])
def test_a_month_first_or_impossible_deadline_is_refused(office_client, typed):
    document = DocumentFactory(
        issue_date=datetime.date(2026, 1, 5),
        response_deadline=datetime.date(2026, 6, 30),
    )
    data = form_data(office_client.get(change_url(document)).text)
    data["response_deadline"] = [typed]
    response = office_client.post(change_url(document), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["response_deadline"] == [
        "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2027, hoặc chọn trên lịch."
    ]
    document.refresh_from_db()
    assert document.response_deadline == datetime.date(2026, 6, 30)


def test_admin_lists_read_dd_mm_yyyy(office_client):
    DocumentFactory(issue_date=datetime.date(2027, 1, 5), title="Kế hoạch tháng Giêng")
    ArticleFactory(
        intent=Intent.DRAFT,
        title="Bài hẹn giờ",
        publish_at=datetime.datetime(2027, 1, 5, 8, 30, tzinfo=HCM),
    )
    documents = office_client.get(reverse("admin:guidance_document_changelist"))
    assert "05/01/2027" in documents.text
    articles = office_client.get(reverse("admin:news_article_changelist"))
    assert "05/01/2027 08:30" in articles.text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_language_reads_input_day_first(language):
    with translation.override(language):
        for name in ("DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"):
            assert not [f for f in formats.get_format(name) if f.startswith("%m")]
        assert formats.date_format(datetime.date(2027, 1, 5)) == "05/01/2027"
