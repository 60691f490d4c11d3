"""The review reminder runs in a real Celery worker on Redis and PostgreSQL (#16):
sent twice at once, it writes one e-mail per waiting item."""

from datetime import timedelta

import pytest
from celery import current_app
from django.utils import timezone

from publishing.models import Notification, SchedulerHeartbeat, Status
from publishing.tasks import content_review_due_remind, worker_ping
from publishing.workflow import Intent, content_save
from tests.news.factories import ArticleFactory
from tests.support import processes
from tests.units.factories import UnitFactory, editor_of
from units.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    current_app.control.purge()
    process = processes.celery_worker(log=tmp_path / "worker.log")
    yield process
    processes.stop(process)


def test_the_worker_reminds_each_waiting_item_once(worker):
    unit = UnitFactory(requires_review=True)
    editor = editor_of(unit)
    chief = editor_of(unit, role=Membership.Role.CHIEF_EDITOR)
    items = []
    for hours in (3, 20):
        article = ArticleFactory(unit=unit)
        content_save(obj=article, intent=Intent.DRAFT)
        article.publish_at = timezone.now() + timedelta(hours=hours)
        content_save(obj=article, intent=Intent.PUBLISH, actor=editor)
        assert article.status == Status.UNIT_REVIEW
        items.append(article)

    content_review_due_remind.delay()
    content_review_due_remind.delay()  # an overlap: the keys keep it to one each
    reminders = Notification.objects.filter(kind="publishing.review.due")
    processes.wait_for(lambda: reminders.count() == 2, timeout=60, what="the reminders")
    # A ping sent after both is answered once the worker has taken them.
    worker_ping.delay()
    processes.wait_for(
        lambda: SchedulerHeartbeat.objects.filter(source="worker").exists(),
        timeout=60,
        what="the worker's answer",
    )
    assert reminders.count() == 2
    for mail in reminders:
        assert set(mail.to) == {editor.email, chief.email}
