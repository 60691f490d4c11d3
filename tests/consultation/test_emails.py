"""The askers' e-mails: queued with the change that promises them, once per question
and message, sent and retried by publishing.notifications."""

import pytest
from django.core import mail

from consultation import services
from publishing.models import Notification
from publishing.notifications import notifications_due_send
from tests.consultation.factories import QuestionFactory, answered

pytestmark = pytest.mark.django_db


def subjects() -> list[str]:
    notifications_due_send()
    return [m.subject for m in mail.outbox]


def test_asking_and_answering_queue_one_email_each_whatever_the_reruns():
    question = answered(QuestionFactory(asker_email="hoi@example.vn"))
    for _ in range(2):
        assert not services.question_tracking_link_send(question=question)
        assert not services.question_answer_notify(question=question)
    answered(question, answer="<p>Câu trả lời đã sửa.</p>")  # an edit: no new e-mail
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"consultation.tracking_link:question={question.pk}",
        f"consultation.answer_ready:question={question.pk}",
    }
    assert sorted(subjects()) == [
        "Câu hỏi của bạn đã có câu trả lời",
        "Công đoàn đã nhận câu hỏi của bạn",
    ]
    assert subjects() == subjects()  # a second sweep sends nothing more


def test_no_answer_no_email_and_the_notice_waits_for_one():
    question = QuestionFactory(asker_email="hoi@example.vn")
    assert not services.question_answer_notify(question=question)
    assert subjects() == ["Công đoàn đã nhận câu hỏi của bạn"]
    answered(question)
    assert subjects()[-1] == "Câu hỏi của bạn đã có câu trả lời"


def test_no_address_no_email():
    QuestionFactory(asker_email="")
    assert not Notification.objects.exists()


def test_the_email_carries_no_html_from_the_asker():
    QuestionFactory(asker_name="<b>Tên</b>", asker_email="hoi@example.vn")
    notifications_due_send()
    body = mail.outbox[0].body
    assert "Chào <b>Tên</b>," in body  # plain text: shown as typed, never rendered
    assert mail.outbox[0].content_subtype == "plain"
