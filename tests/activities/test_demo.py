"""The demo has Vietnamese activities with registrations; a second run changes nothing."""

import io

import pytest
from django.urls import reverse

from activities import demo as activities_demo
from activities.models import Activity, Registration
from units import demo as units_demo

pytestmark = pytest.mark.django_db


def test_demo_activities_load_once_and_show_on_the_list(client):
    units_demo.load(stdout=io.StringIO())
    activities_demo.load(stdout=io.StringIO())
    activities_demo.load(stdout=io.StringIO())
    assert Activity.objects.count() == len(activities_demo.ACTIVITIES)
    assert Registration.objects.count() == 4 * len(activities_demo.ACTIVITIES)
    past = Activity.objects.get(slug="hoi-dien-van-nghe-chao-mung-20-11")
    assert past.registrations.filter(checked_in_at__isnull=False).count() == 4
    text = client.get(reverse("activities:activity_list")).content.decode()
    assert "Tập huấn nghiệp vụ cho cán bộ công đoàn cơ sở" in text
    unit = client.get(reverse("unit_activities:list", kwargs={"slug": "bach-khoa"}))
    assert "Giải cầu lông đoàn viên" in unit.content.decode()
