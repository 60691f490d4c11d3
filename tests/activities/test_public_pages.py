"""The public activity pages: lists, a unit's, the detail, the .ics feed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities import services
from activities.models import Activity
from publishing.models import Status
from publishing.workflow import Intent
from tests.units.factories import UnitFactory

from .factories import ActivityFactory, kind

pytestmark = pytest.mark.django_db


def make_activities(count, *, unit=None, past=False, first=0):
    """`count` published activities in bulk (the service is tested elsewhere)."""
    now = timezone.now()
    rows = []
    for n in range(first, first + count):
        offset = timedelta(days=1 + n % 300, hours=n % 24)
        starts_at = now - offset if past else now + offset
        rows.append(
            Activity(
                title=f"Tọa đàm số {n}",
                slug=f"toa-dam-{unit.pk if unit else 0}-{'cu' if past else 'moi'}-{n}",
                kind=kind("toa-dam"),
                unit=unit,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                place="Nhà văn hóa sinh viên",
                capacity=50,
                status=Status.PUBLISHED,
                published_at=now,
            )
        )
    return Activity.objects.bulk_create(rows, batch_size=1000)


PAGES = {
    "list": lambda unit: reverse("activities:activity_list"),
    "past": lambda unit: reverse("activities:activity_list") + "?da-dien-ra=1",
    "unit": lambda unit: reverse("unit_activities:list", kwargs={"slug": unit.slug}),
}


@pytest.mark.parametrize("page", PAGES)
def test_lists_run_the_same_few_queries_at_10_and_5000_activities(client, page):
    unit = UnitFactory()
    counts = []
    made = 0
    for size in (10, 5000):
        make_activities(size - made, unit=unit, past=page == "past", first=made)
        made = size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(PAGES[page](unit))
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == min(size, 12)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 8


def test_the_list_shows_upcoming_soonest_first_with_places_and_hides_drafts(client):
    later = ActivityFactory(
        title="Hội diễn văn nghệ", starts_at=timezone.now() + timedelta(days=9)
    )
    sooner = ActivityFactory(
        title="Giải bóng đá", capacity=1, starts_at=timezone.now() + timedelta(days=2)
    )
    ActivityFactory(title="Bản nháp chưa đăng", intent=Intent.DRAFT)
    services.registration_create(
        activity_id=sooner.pk, name="A", email="a@example.edu.vn"
    )
    text = client.get(reverse("activities:activity_list")).content.decode()
    assert text.index(sooner.title) < text.index(later.title)
    assert "Bản nháp chưa đăng" not in text
    assert "Hết chỗ: đăng ký vào danh sách chờ" in text
    assert "Đã đăng ký 0/100 chỗ" in text


def test_the_detail_shows_time_place_speakers_and_links_its_references(client):
    from tests.campaigns.factories import KeyDateFactory
    from tests.guidance.factories import DocumentFactory

    document = DocumentFactory()
    key_date = KeyDateFactory(name="Ngày hội đọc sách của đoàn viên")
    activity = ActivityFactory(
        guidance_document_ref=document.pk, key_date_ref=key_date.pk
    )
    response = client.get(activity.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert activity.place in text and "PGS.TS. Nguyễn Văn An" in text
    local = timezone.localtime(activity.starts_at)
    assert local.strftime("%H:%M") in text
    assert f"ngày {local.day} tháng {local.month} năm {local.year}" in text
    assert document.get_absolute_url() in text
    assert (
        key_date.get_absolute_url() in text
        and "Ngày hội đọc sách của đoàn viên" in text
    )
    assert reverse("activities:register", kwargs={"slug": activity.slug}) in text


def test_a_reference_whose_row_is_gone_is_simply_omitted(client):
    activity = ActivityFactory(guidance_document_ref=987654, key_date_ref=987654)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "Liên quan" not in response.content.decode()


def test_a_draft_is_not_found_by_the_public(client):
    activity = ActivityFactory(intent=Intent.DRAFT)
    assert client.get(activity.get_absolute_url()).status_code == 404
    register = reverse("activities:register", kwargs={"slug": activity.slug})
    assert client.get(register).status_code == 404


def test_the_ics_feed_lists_published_activities(client):
    activity = ActivityFactory(title="Hội nghị người lao động")
    ActivityFactory(title="Nháp", intent=Intent.DRAFT)
    response = client.get(reverse("activities:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Hội nghị người lao động"]
    assert str(events[0]["location"]) == activity.place
    single = client.get(
        reverse("activities:activity_ics", kwargs={"slug": activity.slug})
    )
    assert (
        Calendar.from_ical(single.content).walk("VEVENT")[0]["uid"] == events[0]["uid"]
    )


def test_a_units_page_shows_its_upcoming_activities(client):
    unit = UnitFactory()
    activity = ActivityFactory(unit=unit, title="Hội thi nấu ăn của đoàn viên")
    ActivityFactory(title="Của đơn vị khác")
    text = client.get(unit.get_absolute_url()).content.decode()
    assert activity.title in text and "Của đơn vị khác" not in text
    assert reverse("unit_activities:list", kwargs={"slug": unit.slug}) in text
