"""Reminders: CĐCS editors hear of their campaign 14 days before, once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from campaigns.models import KeyDate
from campaigns.selectors import key_date_documents
from campaigns.services import reminders
from campaigns.services.plans import campaign_save
from publishing.models import Notification
from publishing.notifications import notifications_due_send
from tests.campaigns.factories import CampaignFactory
from tests.units.factories import editor_of

pytestmark = pytest.mark.django_db


def campaign_reminders_send(*, today) -> int:
    queued = reminders.campaign_reminders_send(today=today)
    notifications_due_send()  # what the minute's sweep does
    return queued


@pytest.fixture
def campaign(unit_a, unit_b):
    union = KeyDate.objects.get(slug="ngay-thanh-lap-cong-doan-viet-nam")
    campaign = CampaignFactory(key_date=union, name="Kỷ niệm ngày Công đoàn")
    campaign.units.set([unit_a])
    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2026, 6, 1)), tick=False
    ):
        campaign_save(campaign=campaign)
    return campaign


def test_no_reminder_15_days_before(campaign, unit_editor):
    assert campaign_reminders_send(today=datetime.date(2026, 7, 13)) == 0
    assert mail.outbox == []


def test_editors_of_participating_units_are_reminded_14_days_before(
    campaign, unit_editor, unit_b
):
    other = editor_of(unit_b)
    assert campaign_reminders_send(today=datetime.date(2026, 7, 14)) == 1
    (message,) = mail.outbox
    assert message.to == [unit_editor.email] and other.email not in message.to
    assert "Kỷ niệm ngày Công đoàn" in message.subject and "14 ngày" in message.subject
    assert "/su-kien/ngay-thanh-lap-cong-doan-viet-nam/" in message.body


def test_reminder_is_sent_once(campaign, unit_editor):
    campaign_reminders_send(today=datetime.date(2026, 7, 14))
    assert campaign_reminders_send(today=datetime.date(2026, 7, 15)) == 0
    assert len(mail.outbox) == 1
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.key.startswith("campaigns.reminder:occurrence=")
    assert notification.key.endswith(f":user={unit_editor.pk}")


def test_a_missed_day_still_reminds_before_the_date_but_not_after(
    campaign, unit_editor
):
    assert campaign_reminders_send(today=datetime.date(2026, 7, 28)) == 0
    assert campaign_reminders_send(today=datetime.date(2026, 7, 20)) == 1


def test_a_reminder_whose_send_failed_is_not_queued_again_but_retried_by_the_sweep(
    campaign, unit_editor, settings
):
    settings.EMAIL_BACKEND = "tests.campaigns.test_reminders.RefusingBackend"
    assert campaign_reminders_send(today=datetime.date(2026, 7, 14)) == 1
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING
    assert "451" in notification.last_error and mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert campaign_reminders_send(today=datetime.date(2026, 7, 15)) == 0
    Notification.objects.update(next_attempt_at=timezone.now())  # the backoff passed
    notifications_due_send()
    assert len(mail.outbox) == 1


def test_reminder_links_the_published_guidance_documents_of_the_key_date(
    campaign, unit_editor
):
    guidance = pytest.importorskip("tests.guidance.factories")
    linked = guidance.DocumentFactory(
        title="Hướng dẫn tuyên truyền kỷ niệm ngày Công đoàn",
        key_date=campaign.key_date,
    )
    guidance.DocumentFactory(title="Văn bản khác", key_date=None)
    documents = key_date_documents(key_date=campaign.key_date)
    assert [d.pk for d in documents] == [linked.pk]
    campaign_reminders_send(today=datetime.date(2026, 7, 14))
    (message,) = mail.outbox
    assert "Hướng dẫn tuyên truyền kỷ niệm ngày Công đoàn" in message.body
    assert linked.get_absolute_url() in message.body
    assert "Văn bản khác" not in message.body


class RefusingBackend:
    """A relay that answers "try again later", as a busy one does."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPDataError(451, "4.3.0 try again later")


def test_the_command_is_the_tasks_twin(campaign, unit_editor, capsys):
    from django.core.management import call_command

    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2026, 7, 14, 7)), tick=False
    ):
        call_command("campaign_reminders_send")
        call_command("campaign_reminders_send")
    assert capsys.readouterr().out.splitlines() == [
        "Đã gửi 1 thư nhắc.",
        "Đã gửi 0 thư nhắc.",
    ]
    assert Notification.objects.get().key.endswith(f":user={unit_editor.pk}")
