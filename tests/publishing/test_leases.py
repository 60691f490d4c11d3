"""Locks are leases (#12): a held lease skips a second run, a dead holder's is free.

Also: the sweep leaves a row it cannot publish for later and publishes the rest, and
/healthz and the admin go red when work is two minutes overdue, not only when beat
is silent.
"""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse
from django.utils import timezone

from guidance.models import Distribution
from news.models import Article
from publishing import leases
from publishing.leases import lease, lease_key, single_run
from publishing.models import Lease, OutboxTask, SchedulerHeartbeat, Status
from publishing.services import scheduler_heartbeat_record
from publishing.workflow import Intent, publishing_sweep
from tests.guidance.factories import DocumentFactory
from tests.news.factories import ArticleFactory
from tests.units.factories import UnitFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


def test_a_held_lease_is_refused_at_once_and_free_again_after_the_block():
    with lease("test.sweep") as first:
        assert first
        with lease("test.sweep") as second:
            assert not second
        with lease("test.other") as other:
            assert other
    with lease("test.sweep") as again:
        assert again


def test_a_single_run_task_skips_while_another_run_holds_its_lease():
    runs = []

    @single_run("test.periodic")
    def periodic():
        runs.append(1)
        return "ran"

    with lease("test.periodic"):
        assert periodic() is None
    assert periodic() == "ran"
    assert runs == [1]


def test_a_single_run_task_lets_go_of_its_lease_when_it_raises():
    @single_run("test.failing")
    def failing():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    with lease("test.failing") as held:
        assert held


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the fallback of SQLite (make run)"
)
def test_off_postgresql_a_dead_holders_row_expires_after_lease_seconds():
    Lease.objects.create(
        name="test.dead", holder="dead-worker", expires_at=NOW + timedelta(seconds=30)
    )
    with (
        time_machine.travel(NOW + timedelta(seconds=29), tick=False),
        lease("test.dead") as held,
    ):
        assert not held
    with (
        time_machine.travel(NOW + timedelta(seconds=30), tick=False),
        lease("test.dead") as held,
    ):
        assert held


@pytest.mark.integration
def test_on_postgresql_a_lease_dies_with_its_holders_connection():
    """What kill -9 of a worker does to its lease: the connection ends, so does it."""
    assert connection.vendor == "postgresql"
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lease_key("test.killed")])
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with lease("test.killed") as held:
        assert not held
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    holder.close()
    for _attempt in range(50):  # the backend ends within milliseconds
        with lease("test.killed") as held:
            if held:
                break
    assert held


# -- the sweep and one bad row ---------------------------------------------------------
def test_a_row_that_cannot_be_published_is_left_for_later_and_the_rest_go_live():
    UnitFactory()
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        articles = [
            ArticleFactory(publish_at=NOW - timedelta(minutes=1)) for _ in range(3)
        ]
        bad, good = (
            DocumentFactory(
                publish_at=NOW - timedelta(minutes=1), recipients_all_grassroots=True
            )
            for _ in range(2)
        )
    from guidance import services

    real = services.document_distribute

    def distribute(*, document_ids):
        if bad.pk in document_ids:
            raise RuntimeError("a receiver's bug")
        return real(document_ids=document_ids)

    with (
        mock.patch.object(services, "document_distribute", distribute),
        time_machine.travel(NOW, tick=False),
    ):
        result = publishing_sweep(batch_size=10)
    assert result.published == {"news.Article": 3, "guidance.Document": 1}
    assert all(a.status == Status.PUBLISHED for a in Article.objects.all())
    bad.refresh_from_db()
    good.refresh_from_db()
    assert (bad.status, good.status) == (Status.SCHEDULED, Status.PUBLISHED)
    assert Distribution.objects.filter(document=good).count() == 1
    assert not Distribution.objects.filter(document=bad).exists()
    assert len(articles) == 3


# -- overdue work turns /healthz and the admin red ----------------------------------
def schedule_check(client):
    response = client.get("/healthz")
    return response.json()["checks"]["schedule"], response.json().get("reasons", [])


@pytest.mark.parametrize(("seconds_late", "red"), [(119, False), (120, True)])
def test_healthz_goes_red_when_an_item_is_two_minutes_overdue_though_beat_ticks(
    client, seconds_late, red
):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory(publish_at=NOW - timedelta(seconds=seconds_late))
    with time_machine.travel(NOW, tick=False):
        scheduler_heartbeat_record(source=SchedulerHeartbeat.Source.BEAT)
        check, reasons = schedule_check(client)
    assert check["ok"] is not red
    assert ("schedule: overdue news.Article 1" in reasons) is red
    assert "scheduler: stalled" not in reasons


def test_healthz_counts_tasks_a_commit_left_unsent_for_two_minutes(client):
    with time_machine.travel(NOW - timedelta(minutes=2), tick=False):
        OutboxTask.objects.create(task="t", next_attempt_at=timezone.now())
    with time_machine.travel(NOW, tick=False):
        check, reasons = schedule_check(client)
    assert check["detail"] == {"overdue": {"publishing.OutboxTask": 1}}
    assert "schedule: overdue publishing.OutboxTask 1" in reasons


def test_the_admin_index_says_how_much_is_overdue(admin_client):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        ArticleFactory(publish_at=NOW - timedelta(minutes=3))
        ArticleFactory(intent=Intent.DRAFT)
    with time_machine.travel(NOW, tick=False):
        response = admin_client.get(reverse("admin:index"))
    assert "1 việc đã quá hạn hơn 2 phút" in response.text


def test_lease_keys_are_stable_signed_64_bit_numbers():
    key = lease_key("publishing.sweep")
    assert key == lease_key("publishing.sweep") != lease_key("guidance.reminders")
    assert -(2**63) <= key < 2**63
    assert leases.LEASE_RENEW_SECONDS * 3 <= leases.LEASE_SECONDS


# -- a lost database connection mid-request -------------------------------------------
def test_a_request_whose_database_connection_is_lost_answers_503_try_again(client):
    from django.db import OperationalError

    lost = OperationalError("terminating connection due to administrator command")
    with mock.patch("publishing.views.health_report", side_effect=lost):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "chưa có gì được lưu" in response.content.decode()


def test_other_errors_are_not_dressed_up_as_an_outage(client):
    with (
        mock.patch("publishing.views.health_report", side_effect=KeyError("bug")),
        pytest.raises(KeyError),
    ):
        client.get("/healthz")
