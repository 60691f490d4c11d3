"""A real Celery worker and beat on Redis and PostgreSQL execute what we send."""

import pytest
from celery import current_app

from publishing.models import SchedulerHeartbeat
from publishing.tasks import worker_ping
from tests.support import processes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    current_app.control.purge()  # leftovers of unit tests are not this test's work
    process = processes.celery_worker(log=tmp_path / "worker.log")
    yield process
    processes.stop(process)


def heartbeat_of(source):
    return SchedulerHeartbeat.objects.filter(source=source).first()


def test_task_sent_from_here_is_executed_by_the_worker(worker):
    worker_ping.delay()
    processes.wait_for(
        lambda: heartbeat_of("worker"), timeout=30, what="the worker's answer"
    )


def test_beat_wakes_the_heartbeat_through_the_worker(worker, tmp_path):
    env = processes.test_database_env()
    env["SCHEDULER_HEARTBEAT_SECONDS"] = "1"
    beat = processes.celery_beat(log=tmp_path / "beat.log", env=env)
    try:
        first = processes.wait_for(
            lambda: heartbeat_of("beat"), timeout=30, what="beat's first tick"
        )
        processes.wait_for(
            lambda: heartbeat_of("beat").beat_at > first.beat_at,
            timeout=30,
            what="beat's second tick",
        )
    finally:
        processes.stop(beat)
