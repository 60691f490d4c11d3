"""The e-mail tasks: quiet when the row is gone, once not twice, retried when SMTP fails."""

import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from consultation import tasks
from consultation.models import Question
from tests.consultation.factories import QuestionFactory, answered

pytestmark = pytest.mark.django_db


def test_tasks_return_quietly_when_the_question_is_gone():
    tasks.question_tracking_link_send(987654)
    tasks.question_answer_notify(987654)
    assert mail.outbox == []


def test_a_second_run_sends_nothing():
    question = answered(QuestionFactory(asker_email="hoi@example.vn"))
    for _ in range(2):
        tasks.question_tracking_link_send(question.pk)
        tasks.question_answer_notify(question.pk)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Công đoàn đã nhận câu hỏi của bạn",
        "Câu hỏi của bạn đã có câu trả lời",
    ]


def test_no_answer_no_email_and_the_notice_waits_for_one():
    question = QuestionFactory(asker_email="hoi@example.vn")
    tasks.question_answer_notify(question.pk)
    assert mail.outbox == []
    question.refresh_from_db()
    assert question.answer_notified_at is None


def test_a_failed_send_releases_the_claim_so_the_retry_sends():
    question = QuestionFactory(asker_email="hoi@example.vn")
    with (
        mock.patch("consultation.services.send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(OSError),
    ):
        tasks.question_tracking_link_send(question.pk)
    question.refresh_from_db()
    assert question.tracking_sent_at is None
    tasks.question_tracking_link_send(question.pk)
    assert len(mail.outbox) == 1


def test_the_email_carries_no_html_from_the_asker():
    question = QuestionFactory(asker_name="<b>Tên</b>", asker_email="hoi@example.vn")
    tasks.question_tracking_link_send(question.pk)
    body = mail.outbox[0].body
    assert "Chào <b>Tên</b>," in body  # plain text: shown as typed, never rendered
    assert mail.outbox[0].content_subtype == "plain"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_workers_notifying_at_once_send_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    question = answered(QuestionFactory(asker_email="hoi@example.vn"))
    Question.objects.filter(pk=question.pk).update(answer_notified_at=None)
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            tasks.question_answer_notify(question.pk)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len([m for m in mail.outbox if "câu trả lời" in m.subject]) == 1
