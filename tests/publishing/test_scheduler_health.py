"""The scheduler is visible: heartbeat, /healthz and the admin banner."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from publishing.models import SchedulerHeartbeat
from publishing.selectors import scheduler_state_get
from publishing.tasks import scheduler_heartbeat, worker_ping

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(timezone.datetime(2026, 5, 1, 8, 0))


def beat_seconds_ago(seconds: int) -> None:
    SchedulerHeartbeat.objects.update_or_create(
        source=SchedulerHeartbeat.Source.BEAT,
        defaults={"beat_at": NOW - timedelta(seconds=seconds)},
    )


def test_heartbeat_task_records_beat_once_per_source():
    scheduler_heartbeat()
    scheduler_heartbeat()
    assert SchedulerHeartbeat.objects.filter(source="beat").count() == 1


def test_worker_ping_records_the_worker_not_beat():
    worker_ping()
    assert list(SchedulerHeartbeat.objects.values_list("source", flat=True)) == [
        "worker"
    ]


def test_scheduler_that_never_ran_is_stalled():
    assert scheduler_state_get(now=NOW).stalled


@pytest.mark.parametrize(
    ("age", "stalled"), [(60, False), (180, False), (181, True), (3600, True)]
)
def test_scheduler_stalls_after_three_minutes(age, stalled):
    beat_seconds_ago(age)
    assert scheduler_state_get(now=NOW).stalled is stalled


def test_healthz_is_503_while_beat_never_ran(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["cache"]["ok"]
    assert body["checks"]["broker"]["ok"]
    assert not body["checks"]["scheduler"]["ok"]


def test_healthz_is_200_with_a_fresh_heartbeat(client):
    scheduler_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ok"
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_is_503_when_the_cache_is_down(client, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from publishing import health

    scheduler_heartbeat()
    # A real Redis client pointed at a port where nothing listens.
    monkeypatch.setattr(health, "cache", RedisCache("redis://127.0.0.1:1/0", {}))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert not response.json()["checks"]["cache"]["ok"]


@time_machine.travel(NOW, tick=False)
def test_admin_index_warns_when_beat_is_silent_over_three_minutes(admin_client):
    beat_seconds_ago(4 * 60)
    response = admin_client.get(reverse("admin:index"))
    assert "Bộ lập lịch (Celery beat) đã ngừng 4 phút" in response.text


@time_machine.travel(NOW, tick=False)
def test_admin_index_is_quiet_when_beat_ticks(admin_client):
    beat_seconds_ago(30)
    response = admin_client.get(reverse("admin:index"))
    assert "Bộ lập lịch (Celery beat)" not in response.text
    assert response.context["portal_warnings"] == []
    # The home's scheduler box says it plainly instead (#11).
    assert "Bộ lập lịch chạy lần cuối lúc" in response.text
    assert "30 giây trước" in response.text


def test_worker_check_is_for_office_staff_only(client, unit_editor, office_staff):
    """A CĐCS editor is staff, but the rule keeps the shared queue for the office."""
    url = reverse("admin:scheduler_ping")
    client.force_login(unit_editor)
    assert client.post(url).status_code == 403
    client.force_login(office_staff)  # office staff, not a superuser
    response = client.post(url, follow=True)
    assert "Đã gửi yêu cầu kiểm tra" in response.text


def test_worker_check_button_needs_staff_and_post(client, admin_client):
    url = reverse("admin:scheduler_ping")
    assert client.post(url).status_code == 302  # to the login page
    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url, follow=True)
    assert "Đã gửi yêu cầu kiểm tra" in response.text
