"""Registering without an account: places, the waiting list, cancelling, e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities import emails, services, tokens
from activities.forms import started_token
from activities.models import Registration
from publishing.models import Notification

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _form(**values):
    return {
        "name": "Phạm Thị Dung",
        "email": "dung@example.edu.vn",
        "phone": "",
        "unit": "",
        "website": "",
        "started": started_token(timezone.now().timestamp() - 10),
        **values,
    }


def _register(client, activity, **values):
    return client.post(
        reverse("activities:register", kwargs={"slug": activity.slug}),
        _form(**values),
    )


def test_registration_through_the_form_holds_a_place_and_mails_a_ticket(
    client, eager_notifications, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, activity)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert response["Location"].startswith(
        reverse(
            "activities:ticket", kwargs={"token": tokens.ticket_token(registration.pk)}
        )
    )
    ticket = client.get(response["Location"])
    assert ticket.status_code == 200
    code = emails.registration_checkin_code(registration)
    assert code in ticket.content.decode()
    assert "data:image/svg+xml" in ticket.content.decode()

    [message] = mail.outbox
    assert message.to == ["dung@example.edu.vn"]
    assert "Xác nhận đăng ký" in message.subject
    assert code in message.body
    assert tokens.cancel_token(registration.pk) in message.body
    names = {
        name: (content, mimetype) for name, content, mimetype in message.attachments
    }
    calendar = Calendar.from_ical(names["hoat-dong.ics"][0])
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == activity.title
    assert event.decoded("dtstart") == activity.starts_at.replace(microsecond=0)
    assert names["ma-diem-danh.png"][1] == "image/png"
    assert names["ma-diem-danh.png"][0].startswith(b"\x89PNG")


def test_the_qr_code_is_a_png_image():
    import io

    from PIL import Image

    png = emails.qr_png("17-0123456789ab")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width > 100


def test_past_capacity_people_join_the_waiting_list(client):
    activity = ActivityFactory(capacity=1)
    _register(client, activity, email="a@example.edu.vn")
    response = _register(client, activity, email="b@example.edu.vn")
    assert response.status_code == 302
    statuses = list(
        Registration.objects.order_by("pk").values_list("status", flat=True)
    )
    assert statuses == ["confirmed", "waiting"]
    ticket = client.get(response["Location"])
    assert "danh sách chờ" in ticket.content.decode()
    assert Notification.objects.filter(kind="activities.waiting").count() == 1


def test_cancelling_by_the_link_moves_the_first_waiting_person_up_and_tells_them(
    client,
):
    activity = ActivityFactory(capacity=1)
    first = services.registration_create(
        activity_id=activity.pk, name="Người Một", email="mot@example.edu.vn"
    )
    second = services.registration_create(
        activity_id=activity.pk, name="Người Hai", email="hai@example.edu.vn"
    )
    third = services.registration_create(
        activity_id=activity.pk, name="Người Ba", email="ba@example.edu.vn"
    )
    url = reverse("activities:cancel", kwargs={"token": tokens.cancel_token(first.pk)})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200
    assert "Đã hủy đăng ký" in response.content.decode()
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.status == "cancelled"
    assert second.status == "confirmed" and second.promoted_at is not None
    assert third.status == "waiting"
    promoted = Notification.objects.get(kind="activities.promoted")
    assert promoted.to == ["hai@example.edu.vn"]
    # The link again: nothing changes, nobody else moves up.
    again = client.post(url)
    assert "đã được hủy trước đó" in again.content.decode()
    third.refresh_from_db()
    assert third.status == "waiting"


def test_a_forged_cancellation_link_is_not_found(client):
    registration = services.registration_create(
        activity_id=ActivityFactory().pk, name="Ai Đó", email="ai@example.edu.vn"
    )
    forged = f"{registration.pk}:not-the-signature"
    response = client.post(reverse("activities:cancel", kwargs={"token": forged}))
    assert response.status_code == 404
    # The ticket token does not cancel either (another salt).
    ticket_token = tokens.ticket_token(registration.pk)
    response = client.post(reverse("activities:cancel", kwargs={"token": ticket_token}))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_registration_after_the_event_is_refused_in_vietnamese(client):
    activity = ActivityFactory(
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    response = _register(client, activity)
    assert response.status_code == 400
    assert (
        "Hoạt động đã kết thúc nên không nhận đăng ký nữa." in response.content.decode()
    )
    assert not Registration.objects.exists()


def test_registration_once_started_is_refused(client):
    activity = ActivityFactory(
        starts_at=timezone.now() - timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    response = _register(client, activity)
    assert response.status_code == 400
    assert "đã bắt đầu" in response.content.decode()


def test_the_same_contact_cannot_hold_two_registrations(client):
    activity = ActivityFactory()
    _register(client, activity, email="trung@example.edu.vn")
    response = _register(client, activity, email="TRUNG@example.edu.vn")
    assert response.status_code == 400
    assert "đã đăng ký hoạt động này" in response.content.decode()
    assert Registration.objects.count() == 1


def test_honeypot_and_missing_contact_are_refused_and_keep_the_input(client):
    activity = ActivityFactory()
    response = _register(client, activity, website="http://spam.example")
    assert response.status_code == 200
    assert "điền tự động" in response.content.decode()
    assert "Phạm Thị Dung" in response.content.decode()
    response = _register(client, activity, email="", phone="")
    assert "thư điện tử hoặc số điện thoại" in response.content.decode()
    response = _register(client, activity, email="", phone="12345")
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_phone_only_registration_gets_its_ticket_page_and_no_mail(client):
    activity = ActivityFactory()
    response = _register(client, activity, email="", phone="0912 345 678")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.phone == "0912345678"
    assert not Notification.objects.exists()
    ticket = client.get(response["Location"])
    assert "lưu trang này" in ticket.content.decode()


def test_the_rate_limit_refuses_a_flood_from_one_address(client, settings):
    from activities import views

    activity = ActivityFactory()
    limit = views.IP_LIMIT
    for _n in range(limit.limit):
        limit.hit("127.0.0.1")
    response = _register(client, activity)
    assert response.status_code == 429
    assert "Quá nhiều lượt đăng ký" in response.content.decode()
    assert not Registration.objects.exists()
    limit.reset("127.0.0.1")
