"""Deadline reminders to units and the weekly overdue digest: each sent once."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from guidance import services, tasks
from guidance.models import Distribution
from publishing.models import Notification
from publishing.notifications import notifications_due_send
from tests.guidance.factories import DocumentFactory, document_type
from tests.units.factories import editor_of, office_staff_user

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = date(2026, 7, 31)


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN)


@pytest.fixture
def rows(unit_a, unit_b):
    """unit_a has an editor with e-mail; unit_b has implemented already."""
    editor = editor_of(unit_a)
    editor.email = "bientap.bk@example.edu.vn"
    editor.save()
    document = DocumentFactory(
        number_text="18/ĐC-CĐĐHQG",
        document_type=document_type("ĐC"),
        issue_date=date(2026, 7, 1),
        response_deadline=DEADLINE,
        recipient_units=[unit_a, unit_b],
    )
    services.document_distribute(document_ids=[document.pk])
    done = Distribution.objects.get(unit=unit_b)
    services.distribution_mark_implemented(distribution=done, user=None)
    return Distribution.objects.get(unit=unit_a), done


def send(day: date, hour: int = 8) -> dict:
    queued = services.distribution_reminders_send(now=at(day, hour))
    notifications_due_send()  # what the minute's sweep does
    return queued


def reminder_keys() -> set[str]:
    return set(
        Notification.objects.filter(kind__startswith="guidance.reminder").values_list(
            "key", flat=True
        )
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 7, 27), {"before": 0, "due": 0}),  # 4 days before: too early
        (date(2026, 7, 28), {"before": 1, "due": 0}),  # 3 days before
        (date(2026, 7, 30), {"before": 1, "due": 0}),  # the day before, first run
        (date(2026, 7, 31), {"before": 0, "due": 1}),  # the deadline
        (date(2026, 8, 1), {"before": 0, "due": 0}),  # after: the digest's job
    ],
)
def test_reminders_go_out_n_days_before_and_on_the_deadline(rows, day, expected):
    assert send(day) == expected
    assert len(mail.outbox) == sum(expected.values())


def test_each_reminder_goes_once_whatever_the_reruns(rows, settings):
    row, done = rows
    assert send(date(2026, 7, 28)) == {"before": 1, "due": 0}
    assert send(date(2026, 7, 28), hour=20) == {"before": 0, "due": 0}
    assert send(date(2026, 7, 30)) == {"before": 0, "due": 0}
    assert send(date(2026, 7, 31)) == {"before": 0, "due": 1}
    assert send(date(2026, 7, 31), hour=17) == {"before": 0, "due": 0}
    assert len(mail.outbox) == 2
    assert reminder_keys() == {
        f"guidance.reminder.before:distribution={row.pk}",
        f"guidance.reminder.due:distribution={row.pk}",
    }
    message = mail.outbox[0]
    assert message.to == ["bientap.bk@example.edu.vn"]
    assert "18/ĐC-CĐĐHQG" in message.subject
    assert f"{settings.SITE_URL}/admin/guidance/distribution/{row.pk}/change/" in (
        message.body
    )
    assert "ngày 31 tháng 7 năm 2026" in message.body


def test_the_number_of_days_before_is_a_setting(rows, settings):
    settings.GUIDANCE_REMINDER_DAYS_BEFORE = 5
    assert send(date(2026, 7, 26)) == {"before": 1, "due": 0}


def test_a_unit_that_implemented_gets_nothing(rows):
    row, _done = rows
    services.distribution_mark_implemented(distribution=row, user=None)
    assert send(date(2026, 7, 31)) == {"before": 0, "due": 0}


def test_a_reminder_is_queued_once_and_a_failed_send_is_the_sweeps_to_retry(rows):
    assert services.distribution_reminders_send(now=at(date(2026, 7, 31)))["due"] == 1
    assert services.distribution_reminders_send(now=at(date(2026, 7, 31)))["due"] == 0
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == []  # sent by the task on commit, or by the sweep
    notifications_due_send()
    notifications_due_send()
    assert len(mail.outbox) == 1


def test_dry_run_counts_and_sends_nothing(rows):
    out = services.distribution_reminders_send(now=at(date(2026, 7, 31)), dry_run=True)
    assert out == {"before": 0, "due": 1}
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_task_and_the_command_use_the_same_service(rows, capsys):
    with time_machine.travel(at(date(2026, 7, 31)), tick=False):
        call_command("distribution_reminders_send", "--dry-run")
        assert "nhắc đúng hạn: 1 (chạy thử)" in capsys.readouterr().out
        tasks.distribution_reminders_send()
        notifications_due_send()
    assert len(mail.outbox) == 1


def test_weekly_digest_goes_to_the_office_once_a_week(rows, unit_a):
    office = office_staff_user()
    office.email = "vanphong@example.edu.vn"
    office.save()
    # Friday 31/7 is the deadline: nothing is overdue yet.
    assert services.overdue_digest_send(now=at(date(2026, 7, 31))) is None
    monday = date(2026, 8, 3)
    digest = services.overdue_digest_send(now=at(monday))
    assert digest.key == "guidance.digest:week=2026-08-03"
    assert services.overdue_digest_send(now=at(date(2026, 8, 5))) is None
    notifications_due_send()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "vanphong@example.edu.vn" in message.to
    assert unit_a.name in message.body
    assert "/admin/guidance/document/ma-tran/" in message.body
    assert services.overdue_digest_send(now=at(date(2026, 8, 10))) is not None
    assert Notification.objects.filter(kind="guidance.digest").count() == 2


def test_the_digest_command_is_the_tasks_twin(rows, capsys):
    office_staff_user()
    with time_machine.travel(at(date(2026, 8, 3)), tick=False):
        call_command("overdue_digest_send")
        call_command("overdue_digest_send")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Đã xếp hàng bản tổng hợp đơn vị quá hạn của tuần."
    assert out[1].startswith("Không có bản tổng hợp mới")
    assert Notification.objects.filter(kind="guidance.digest").count() == 1


def test_reminder_tasks_return_quietly_with_nothing_to_do():
    tasks.distribution_reminders_send()
    tasks.overdue_digest_send()
    assert mail.outbox == []
