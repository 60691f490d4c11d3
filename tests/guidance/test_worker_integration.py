"""On the real servers: the worker extracts file text; racing reminder runs send once."""

import threading
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from celery import current_app
from django.db import connection

from guidance import services
from guidance.models import Attachment, Distribution
from publishing.models import Notification
from tests.guidance.factories import DocumentFactory, attachment, docx_bytes
from tests.support import processes
from tests.units.factories import editor_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"  # what the worker sees with VAR_DIR
    current_app.control.purge()
    env = processes.test_database_env()
    env["VAR_DIR"] = str(tmp_path)
    process = processes.celery_worker(log=tmp_path / "worker.log", env=env)
    yield process
    processes.stop(process)


def test_the_worker_extracts_an_uploaded_files_text_into_search(worker):
    document = DocumentFactory()
    file = attachment(document, docx_bytes("Hội diễn văn nghệ chào mừng 28/7"))
    processes.wait_for(
        lambda: Attachment.objects.get(pk=file.pk).text_extracted_at,
        timeout=60,
        what="the worker's text extraction",
    )
    document.refresh_from_db()
    assert "hoi dien van nghe" in document.search_text


def test_two_reminder_runs_at_once_send_each_reminder_once(unit_a):
    editor = editor_of(unit_a)
    editor.email = "bientap@example.edu.vn"
    editor.save()
    document = DocumentFactory(
        response_deadline=date(2026, 7, 31),
        issue_date=date(2026, 7, 1),
        recipient_units=[unit_a],
    )
    services.document_distribute(document_ids=[document.pk])
    now = datetime.combine(
        date(2026, 7, 31), time(8), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
    )
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            services.distribution_reminders_send(now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # One row, so one e-mail (sent by the worker on commit, or by the sweep; sending
    # once under two sweeps is tests/publishing/test_notifications.py's).
    key = f"guidance.reminder.due:distribution={Distribution.objects.get().pk}"
    assert Notification.objects.filter(key=key).count() == 1
