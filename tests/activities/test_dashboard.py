"""Activities and attendance on the office dashboard, per unit and period; the import rule."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from activities import emails, services
from reports.build import dashboard_build
from reports.periods import Period
from tests.reports.test_import_rule import project_imports

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime.datetime(*args, tzinfo=HCM)


def cell(board, unit, key):
    row = next(row for row in board.rows if row.unit.pk == unit.pk)
    return next(c for c in row.cells if c.column.key == key)


def _held_with_attendance(unit, starts_at, attended):
    with time_machine.travel(starts_at - datetime.timedelta(days=3), tick=False):
        activity = ActivityFactory(
            unit=unit,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
        )
        registrations = [
            services.registration_create(
                activity_id=activity.pk,
                name=f"Người {n}",
                email=f"{activity.pk}.{n}@e.vn",
            )
            for n in range(attended + 1)
        ]
    with time_machine.travel(starts_at, tick=False):
        for registration in registrations[:attended]:
            services.registration_check_in(
                activity=activity, code=emails.registration_checkin_code(registration)
            )
        services.registration_walk_in(activity=activity, name="Khách")
    return activity


def test_activities_and_attendance_count_per_unit_in_their_period(unit_a, unit_b):
    _held_with_attendance(unit_a, at(2025, 3, 10, 8, 0), attended=2)
    _held_with_attendance(unit_a, at(2025, 3, 31, 23, 30), attended=1)  # local March
    _held_with_attendance(unit_a, at(2025, 4, 2, 8, 0), attended=5)
    _held_with_attendance(unit_b, at(2025, 3, 12, 8, 0), attended=0)
    with time_machine.travel(at(2025, 6, 1, 9, 0), tick=False):
        march = Period.of(granularity="month", year=2025, number=3)
        board = dashboard_build(units=[unit_a, unit_b], period=march)
    assert cell(board, unit_a, "activities_held").value == 2
    assert cell(board, unit_a, "activities_attendance").value == 2 + 1 + 2  # walk-ins
    assert cell(board, unit_b, "activities_held").value == 1
    assert cell(board, unit_b, "activities_attendance").value == 1


def test_the_dashboard_page_shows_the_activity_columns(office_client, unit_a):
    response = office_client.get(reverse("admin:units_unitdashboard_changelist"))
    assert response.status_code == 200
    assert "Hoạt động đã tổ chức" in response.text
    assert "Lượt tham dự hoạt động" in response.text


def test_activities_import_no_other_content_app():
    allowed = {"publishing", "units", "channels", "reports"}
    outside = {
        (f, app) for f, app in project_imports("activities") if app not in allowed
    }
    assert not outside, sorted(outside)


def test_trained_officers_count_once_per_person_in_their_unit(unit_a, unit_b):
    from tests.activities.factories import kind

    training = kind("tap-huan")
    march = at(2025, 3, 10, 8, 0)
    with time_machine.travel(march - datetime.timedelta(days=3), tick=False):
        courses = [
            ActivityFactory(
                unit=None, kind=training, starts_at=march + datetime.timedelta(days=d)
            )
            for d in (0, 1)
        ]
        talk = ActivityFactory(unit=None, starts_at=march)
        people = [
            (
                course,
                services.registration_create(
                    activity_id=course.pk, name="Hà", email=email, unit=unit
                ),
            )
            for course in courses
            for email, unit in (
                ("ha@e.vn", unit_a),
                ("lan@e.vn", unit_a),
                ("x@e.vn", unit_b),
            )
        ]
        people.append(
            (
                talk,
                services.registration_create(
                    activity_id=talk.pk, name="Khác", email="khac@e.vn", unit=unit_a
                ),
            )
        )
    with time_machine.travel(march + datetime.timedelta(days=1), tick=False):
        for activity, registration in people:
            if registration.email != "x@e.vn":  # unit B's officer did not come
                services.registration_check_in(
                    activity=activity,
                    code=emails.registration_checkin_code(registration),
                )
    with time_machine.travel(at(2025, 6, 1, 9, 0), tick=False):
        period = Period.of(granularity="month", year=2025, number=3)
        board = dashboard_build(units=[unit_a, unit_b], period=period)
    assert cell(board, unit_a, "activities_trained").value == 2  # Hà and Lan, once each
    assert cell(board, unit_b, "activities_trained").value == 0
