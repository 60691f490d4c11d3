"""Send once (#12, point 8): every e-mail is a Notification row, claimed before it is
sent, retried with backoff only when it certainly did not go, never sent twice."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from publishing.models import Notification
from publishing.notifications import (
    NOTIFICATION_MAX_ATTEMPTS,
    notification_enqueue,
    notification_key,
    notification_send,
    notifications_due_send,
)
from tests.support.forms import form_data
from tests.support.redis_server import free_port
from tests.support.smtp_server import smtp_server

pytestmark = pytest.mark.django_db


def queue(n: int = 1, **parts) -> Notification:
    return notification_enqueue(
        kind="tests.hello",
        key=notification_key("tests.hello", n=n, **parts),
        to=["doanvien@example.edu.vn"],
        subject="Chào\nđoàn viên",  # a line break cannot reach the header
        body="Nội dung thư",
    )


def later(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_the_same_key_is_queued_once():
    assert queue() is not None
    assert queue() is None
    assert Notification.objects.get().subject == "Chào đoàn viên"


def test_a_refusing_relay_is_retried_later_and_the_email_goes_exactly_once(settings):
    notification = queue()
    with smtp_server(settings, refuse=1) as server:
        assert notifications_due_send() == {"due": 1, "sent": 0, "interrupted": 0}
        notification.refresh_from_db()
        assert notification.status == Notification.Status.PENDING
        assert "451" in notification.last_error and notification.attempts == 1
        assert notifications_due_send()["due"] == 0  # the backoff: not yet
        with later(1.5):
            assert notifications_due_send()["sent"] == 1
            assert notifications_due_send()["due"] == 0
        with later(120):
            notifications_due_send()
        assert len(server.messages) == 1
    message = server.messages[0]
    assert message["To"] == "doanvien@example.edu.vn"
    assert message["Subject"] == "Chào đoàn viên"
    assert message["Message-ID"].startswith(f"<notification-{notification.pk}@")
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.sent_at


def test_an_unreachable_relay_is_retried_when_it_is_back(settings):
    notification = queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing there
    assert notifications_due_send()["sent"] == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    with smtp_server(settings) as server, later(1.5):
        assert notifications_due_send()["sent"] == 1
        assert len(server.messages) == 1


def test_a_permanent_refusal_is_not_retried(settings):
    notification = queue()
    with smtp_server(settings, refuse=5, code="550 5.1.1 No such user") as server:
        notifications_due_send()
        with later(180):
            assert notifications_due_send()["due"] == 0
        assert server.messages == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert "550" in notification.last_error


def test_retries_are_bounded(settings):
    notification = queue()
    with smtp_server(settings, refuse=100) as server:
        for hour in range(NOTIFICATION_MAX_ATTEMPTS + 3):
            with later(61 * hour):
                notifications_due_send()
        assert server.messages == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == NOTIFICATION_MAX_ATTEMPTS


def test_a_row_left_sending_by_a_dead_worker_is_failed_not_sent_again(settings):
    notification = queue()
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING, sending_started_at=timezone.now()
    )
    with smtp_server(settings) as server:
        assert notifications_due_send()["interrupted"] == 0  # it may still be sending
        with later(6):
            assert notifications_due_send()["interrupted"] == 1
        assert server.messages == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED


def test_a_second_send_of_a_sent_row_does_nothing(settings):
    notification = queue()
    with smtp_server(settings) as server:
        assert notification_send(notification_id=notification.pk)
        assert not notification_send(notification_id=notification.pk)
        assert not notification_send(notification_id=987654)  # gone: quiet
        assert len(server.messages) == 1


def test_no_recipient_is_recorded_failed_and_never_tried():
    notification = notification_enqueue(
        kind="tests.hello", key="tests.hello:n=1", to=[""], subject="x", body="y"
    )
    assert notification.status == Notification.Status.FAILED
    assert notifications_due_send()["due"] == 0


def test_the_command_is_the_sweeps_twin(settings, capsys):
    queue()
    call_command("notifications_due_send", "--dry-run")
    assert "Sẽ gửi 1 thư." in capsys.readouterr().out
    with smtp_server(settings) as server:
        call_command("notifications_due_send")
        assert "Đã gửi 1/1 thư." in capsys.readouterr().out
        assert len(server.messages) == 1


def test_office_staff_send_a_failed_email_again_from_the_list(office_client, settings):
    notification = queue()
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.FAILED, last_error="550"
    )
    url = reverse("admin:publishing_notification_changelist")
    data = form_data(office_client.get(url).text, "changelist-form")
    data.update(
        action=["resend"], index=["0"], **{ACTION_CHECKBOX_NAME: [str(notification.pk)]}
    )
    response = office_client.post(url, data, follow=True)
    assert "Đã xếp lịch gửi lại 1 thư." in response.text
    with smtp_server(settings) as server:
        assert notifications_due_send()["sent"] == 1
        assert len(server.messages) == 1


def test_a_unit_editor_does_not_see_the_emails(editor_client):
    url = reverse("admin:publishing_notification_changelist")
    assert editor_client.get(url).status_code == 403


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_email_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    for n in range(30):
        queue(n)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            barrier.wait()
            results.append(notifications_due_send())
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    with smtp_server(settings) as server:
        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(r["sent"] for r in results) == 30
        recipients_ids = sorted(m["Message-ID"] for m in server.messages)
        assert len(recipients_ids) == 30 == len(set(recipients_ids))
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
