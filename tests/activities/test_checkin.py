"""At the door: the check-in page for the unit's editors and the office."""

import pytest
from django.urls import reverse

from activities import emails, services, tokens
from activities.models import Registration

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _url(activity):
    return reverse("activities:checkin", args=[activity.pk])


def _registration(activity, **kwargs):
    kwargs.setdefault("email", f"nguoi{Registration.objects.count()}@example.edu.vn")
    return services.registration_create(
        activity_id=activity.pk, name="Võ Văn Em", **kwargs
    )


def test_a_typed_code_checks_in_once_and_the_count_runs(editor_client, unit_a):
    activity = ActivityFactory(unit=unit_a)
    registration = _registration(activity)
    code = emails.registration_checkin_code(registration)
    page = editor_client.get(_url(activity))
    assert page.status_code == 200
    assert page.context["figures"]["attended"] == 0
    response = editor_client.post(_url(activity), {"action": "code", "code": code})
    assert response.status_code == 200
    assert "Đã điểm danh: Võ Văn Em." in response.content.decode()
    assert response.context["figures"]["attended"] == 1
    # The same code again: said so, not counted twice.
    again = editor_client.post(_url(activity), {"action": "code", "code": code})
    assert "đã điểm danh lúc" in again.content.decode()
    assert again.context["figures"]["attended"] == 1
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_the_scanner_gets_json_with_the_running_count(editor_client, unit_a):
    activity = ActivityFactory(unit=unit_a)
    first, second = _registration(activity), _registration(activity)
    for expected, registration in enumerate([first, second], start=1):
        response = editor_client.post(
            _url(activity),
            {"action": "code", "code": emails.registration_checkin_code(registration)},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200
        assert response.json()["ok"] is True
        assert response.json()["attended"] == expected


@pytest.mark.parametrize(
    "make_code, outcome, words",
    [
        (lambda reg, other: f"{reg.pk}-000000000000", "forged", "Mã không hợp lệ"),
        (lambda reg, other: "xin chào", "malformed", "Mã không đúng dạng"),
        (
            lambda reg, other: emails.registration_checkin_code(other),
            "other_event",
            "thuộc hoạt động khác",
        ),
        (
            lambda reg, other: tokens.checkin_code(
                registration_id=reg.pk, activity_id=other.activity_id
            ),
            "forged",
            "Mã không hợp lệ",
        ),
    ],
    ids=["forged-digits", "malformed", "another-event", "signed-for-another-event"],
)
def test_bad_codes_are_refused_in_vietnamese_and_count_nothing(
    editor_client, unit_a, make_code, outcome, words
):
    activity = ActivityFactory(unit=unit_a)
    registration = _registration(activity)
    other = _registration(ActivityFactory(unit=unit_a, title="Hội thao mùa xuân"))
    response = editor_client.post(
        _url(activity),
        {"action": "code", "code": make_code(registration, other)},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200  # the scanner reads the outcome
    assert response.json()["outcome"] == outcome
    assert words in response.json()["message"]
    assert response.json()["attended"] == 0
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_cancelled_and_waiting_registrations_are_not_checked_in(editor_client, unit_a):
    activity = ActivityFactory(unit=unit_a, capacity=1)
    holder, waiting = _registration(activity), _registration(activity)
    services.registration_cancel(registration_id=holder.pk)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # moved up
    third = _registration(activity)
    assert third.status == "waiting"
    for registration, words in [(holder, "đã hủy đăng ký"), (third, "danh sách chờ")]:
        response = editor_client.post(
            _url(activity),
            {"action": "code", "code": emails.registration_checkin_code(registration)},
        )
        assert response.status_code == 400
        assert words in response.content.decode()


def test_a_walk_in_is_added_and_counted(editor_client, unit_a):
    activity = ActivityFactory(unit=unit_a, capacity=1)
    _registration(activity)
    response = editor_client.post(
        _url(activity),
        {"action": "walk_in", "walkin-name": "Đỗ Thị Giang", "walkin-phone": ""},
    )
    assert response.status_code == 200
    assert "Đã thêm người đến trực tiếp: Đỗ Thị Giang." in response.content.decode()
    assert response.context["figures"]["attended"] == 1
    assert response.context["figures"]["walk_ins"] == 1
    # A walk-in holds no place of the registration capacity.
    assert response.context["figures"]["held"] == 1


def test_another_units_editor_and_the_public_cannot_open_the_door(
    client, editor_client, unit_b
):
    activity = ActivityFactory(unit=unit_b)
    assert editor_client.get(_url(activity)).status_code == 404
    assert (
        editor_client.post(_url(activity), {"code": "1-aaaaaaaaaaaa"}).status_code
        == 404
    )
    client.logout()
    response = client.get(_url(activity))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_office_staff_run_every_units_door(office_client, unit_b):
    activity = ActivityFactory(unit=unit_b)
    assert office_client.get(_url(activity)).status_code == 200


def test_two_scans_of_one_code_at_once_count_one(unit_a):
    """The conditional update: whichever scanner comes second finds it done."""
    activity = ActivityFactory(unit=unit_a)
    registration = _registration(activity)
    code = emails.registration_checkin_code(registration)
    first = services.registration_check_in(activity=activity, code=code)
    second = services.registration_check_in(activity=activity, code=code)
    assert (first.outcome, second.outcome) == ("ok", "already")
    assert second.attended == 1
